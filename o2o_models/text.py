"""The one place every text a reader sees passes through, so that a translation can fill it.

Panels, charts, summaries and status lines call ``_("...")`` on each English text (a
template with ``{}`` fields where numbers go, formatted after the look-up). Keys are the
English texts themselves, as gettext does, so a text reads in place in the code.

A lesson chooses its language in its setup cell, ``language("zh")``: later texts come from
the compiled gettext catalogue ``o2o_models/locale/zh_CN/LC_MESSAGES/o2o.mo`` (read with the
standard library's `gettext`, so the lessons need no Babel at run time); ``language("en")``
restores the English. Each lesson runs in its own kernel, so the choice is the lesson's, not
a switch across lessons. The catalogue's source is ``o2o.po`` beside it, made and compiled
by ``scripts/messages.py`` (Babel), and ``tests/test_messages.py`` keeps it in step with the
code. `use` puts any mapping English -> translation in use (the tests' small catalogues).

Numbers are formatted by the message's own fields, so a translation formats them as the English
does: the same ``{field:format}`` (decimals, thousands separators ``1,234``, percentages ``15%``,
signs ``+10.0``), with the unit in the reader's words, CNY as 元 and M CNY as 百万元 in Chinese
(``{margin:,.1f} CNY`` -> ``{margin:,.1f} 元``; people counted as ``{members:,.0f} 名会员``).
A chart axis that writes sums compactly (lesson 04's gains, 300k in English) counts them in 万 (30万).
A Chinese reader meets the figures of the English edition digit for digit, which is what the
claim tests check; tests/test_messages.py refuses a translation whose fields or formats differ
from its English, or that writes CNY.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

DOMAIN = "o2o"
LOCALE = Path(__file__).resolve().parent / "locale"
"""Where the catalogues are: ``locale/<code>/LC_MESSAGES/o2o.po`` (the source) and ``.mo`` (compiled)."""
LANGUAGES = {"en": None, "zh": "zh_CN"}
"""The languages a lesson can choose, by the code it passes to `language`: English needs no catalogue."""

_LOOKUP: list[Callable[[str], str]] = [lambda text: text]
_LANGUAGE = ["en"]
_IN_USE = [0]
"""How many catalogues have been put in use: a chart spec built in one language is not reused in another."""


def _(text: str) -> str:
    """``text`` in the reader's language: its translation in the catalogue in use, else the English ("" stays "")."""
    return _LOOKUP[0](text) if text else text


def N_(text: str) -> str:
    """Mark ``text`` as a message where it is defined (a title kept in a constant); `_` translates it where shown."""
    return text


def _put(lookup: Callable[[str], str], code: str) -> None:
    _LOOKUP[0] = lookup
    _LANGUAGE[0] = code
    _IN_USE[0] += 1


def use(catalogue: Mapping[str, str]) -> None:
    """Show every later text from ``catalogue`` (English text -> translation); ``{}`` restores the English."""
    entries = dict(catalogue)
    _put(lambda text: entries.get(text) or text, "en" if not entries else "custom")


def language(code: str) -> None:
    """Show every later text in the language ``code`` ("en" or "zh"), as a lesson's setup cell chooses.

    Raises
    ------
    ValueError
        If ``code`` is not one of `LANGUAGES`.
    """
    if code not in LANGUAGES:
        raise ValueError(f"language={code!r} is not offered: choose one of {sorted(LANGUAGES)}")
    folder = LANGUAGES[code]
    if folder is None:
        _put(lambda text: text, code)
        return
    translation = gettext.translation(DOMAIN, LOCALE, languages=[folder])
    _put(translation.gettext, code)


def language_in_use() -> str:
    """The code of the language `language` chose last ("custom" for a catalogue given to `use`)."""
    return _LANGUAGE[0]


def catalogue_in_use() -> int:
    """A number that changes whenever `use` puts a catalogue in use (a key for what was built in its language)."""
    return _IN_USE[0]


SENTENCE_GAPS = {"zh": ""}
"""What stands between two sentences in a language other than English's space: nothing after a Chinese 。."""


def sentence_gap() -> str:
    """What goes between two sentences in the language in use: a space, or nothing in Chinese."""
    return SENTENCE_GAPS.get(language_in_use(), " ")


LIST_SEPARATORS = {"zh": "、"}
"""What separates the items of a list in a language other than English's comma: 、 (顿号) in Chinese."""


def listed(items: Iterable[str]) -> str:
    """Items one after another as the language in use lists them: "leg 3, leg 1", "第 3 条腿、第 1 条腿"."""
    return LIST_SEPARATORS.get(language_in_use(), ", ").join(items)


def sentences(lines: Iterable[str]) -> str:
    """Sentences one after another, as the language in use writes them (`sentence_gap`)."""
    return sentence_gap().join(lines)


class Share(float):
    """A share for a message's ``{share:.0%}`` field that never says "none" or "all" when it is not.

    Formatted as a float is, except that a share strictly between 0 and 1 that its percentage would round to
    0% or to 100% reads ``<1%`` or ``>99%`` (``<0.1%``, ``>99.9%`` at one decimal), in every language:
    "paid traffic loses money in >99% of months" where 0.9998 would print "100%".

    Examples
    --------
    >>> f"{Share(0.9998):.0%} {Share(0.0004):.1%} {Share(1.0):.0%} {Share(0.25):.0%} {Share(0.0):.0%}"
    '>99% <0.1% 100% 25% 0%'
    """

    def __format__(self, spec: str) -> str:
        text = super().__format__(spec)
        if not spec.endswith("%") or not 0 < self < 1:
            return text
        decimals = int(spec.rpartition(".")[2][:-1] or 6) if "." in spec else 6
        step = 10.0**-decimals
        if round(100 * self, decimals) == 0:
            return f"<{step:.{decimals}f}%"
        if round(100 * self, decimals) == 100:
            return f">{100 - step:.{decimals}f}%"
        return text
