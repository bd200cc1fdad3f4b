"""Every example in a docstring runs and prints what it says: the reference pages are true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import o2o_models

MODULES = sorted(info.name for info in pkgutil.walk_packages(o2o_models.__path__, "o2o_models."))


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_of_every_module_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail"
