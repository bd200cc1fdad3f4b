"""Where the lessons and the scenario data are, in a checkout and in an installed package.

In the repository (development, ``pip install -e .``) the lessons live in ``notebooks/`` and
the scenario files in ``data/``, beside the ``o2o_models`` package folder. Installed from a
wheel or with ``pip install .``, the same files ship as package data inside the package:
``o2o_models/notebooks/`` and ``o2o_models/data/`` (see ``[tool.setuptools]`` in
``pyproject.toml``). These functions are the one place that knows both layouts.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _shipped(name: str) -> Path:
    """``name`` beside the package in a checkout, else inside the installed package."""
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / name).is_dir():
        return CHECKOUT / name
    return PACKAGE / name


def lessons_dir() -> Path:
    """The folder of the original lessons (``NN_name.ipynb``, with worked solutions)."""
    return _shipped("notebooks")


def data_dir() -> Path:
    """The folder of the scenario files (``scenarios.csv``, ``glossary.csv``, ...)."""
    return _shipped("data")


def hub_dir() -> Path:
    """Where the workshop hub keeps its state and the students' home folders.

    ``$O2O_HUB_DIR`` if set, else ``~/o2o-hub``; the students' homes are ``homes/NAME`` in it.
    """
    return Path(os.environ.get("O2O_HUB_DIR") or Path.home() / "o2o-hub").expanduser()


def proxy_command() -> Path:
    """The configurable-http-proxy the hub runs: ``$O2O_HUB_PROXY``, else the copy ``make hub`` installs from npm."""
    installed = Path.home() / ".cache" / "o2o_models" / "configurable-http-proxy" / "node_modules" / ".bin"
    return Path(os.environ.get("O2O_HUB_PROXY") or installed / "configurable-http-proxy")
