"""The one place every text a reader sees passes through, so that a translation can fill it.

Panels, charts, summaries and status lines call ``_("...")`` on each English text (a
template with ``{}`` fields where numbers go, formatted after the look-up). Today the
catalogue is empty and ``_`` returns the English; a second language adds a catalogue,
English text -> its translation, and selects it with `use`. Keys are the English texts
themselves, as gettext does, so a text reads in place in the code.
"""

from __future__ import annotations

from collections.abc import Mapping

_CATALOGUE: dict[str, str] = {}
_IN_USE = [0]
"""How many catalogues have been put in use: a chart spec built in one language is not reused in another."""


def _(text: str) -> str:
    """``text`` in the reader's language: its translation in the catalogue in use, else the English."""
    return _CATALOGUE.get(text, text)


def use(catalogue: Mapping[str, str]) -> None:
    """Show every later text from ``catalogue`` (English text -> translation); ``{}`` restores the English."""
    _CATALOGUE.clear()
    _CATALOGUE.update(catalogue)
    _IN_USE[0] += 1


def catalogue_in_use() -> int:
    """A number that changes whenever `use` puts a catalogue in use (a key for what was built in its language)."""
    return _IN_USE[0]
