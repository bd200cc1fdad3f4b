"""Check what a lesson's sentence claims, not how it is worded.

A test names a cell and a *template*: the words that locate the claim, with ``{}`` where the sentence
states a figure and ``{~}`` where it states a direction. The figures are read from the text as a reader
reads them, with the precision their digits give, and compared with the numbers the model computes::

    claim("02_leg2_operations_team", "returns-notice", "where it peaks at {} M CNY").states(peak / 1e6)

A figure is a number ("2,810,121", "59.9%", "0.15", "+83%", "−718", "14.0 M"), a number word ("five",
"twice", "half", "a third", "two thirds", "a million") or a share word ("every", "no", "most",
"almost every", "almost no"). Before it, "about" widens it to the rounding of its last non-zero digit
("about 11,300" is 11,250 to 11,350; "about a seventh" is within 15% of 1/7), and "more
than", "less than", "at least", "at most" (and "above", "below", "over", "under", "fewer than") make it a
bound. Otherwise it holds within half a unit of its last written digit: "59.9%" is 59.85% to 59.95%,
"0.15" is 0.145 to 0.155, a number word is exact. A direction word ("loses"/"earns", "above"/"below",
"more"/"fewer", "rises"/"falls", ...) holds when the model quantity given for it has its sign.

A template with no slot locates a sentence whose claim has no figure ("the two lines start together"):
the test checks that claim on the model beside it, and the few words keep the test tied to its sentence.
The text is matched as a reader sees it: emphasis marks and HTML tags dropped, any run of spaces or line
breaks one space, letters of any case.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from lessons_support import cell_text

FIGURE_SLOT, DIRECTION_SLOT = "{}", "{~}"
ABOUT_A_FRACTION = 0.15  # "about a third" is within 15% of 1/3: e^-1 = 0.37 is about a third, 0.4 is not

QUALIFIERS = {  # words before a figure that make it a bound or a rounding: (comparison, widened)
    "about": ("about", True),
    "around": ("about", True),
    "roughly": ("about", True),
    "some": ("about", True),
    "more than": (">", False),
    "over": (">", False),
    "above": (">", False),
    "just above": (">", False),
    "less than": ("<", False),
    "fewer than": ("<", False),
    "under": ("<", False),
    "below": ("<", False),
    "at least": (">=", False),
    "at most": ("<=", False),
}
SHARES = {  # share words: the interval of shares (0 to 1) they state
    "almost every": (0.9, 1.0),
    "almost all": (0.9, 1.0),
    "almost no": (0.0, 0.1),
    "almost none": (0.0, 0.1),
    "almost nobody": (0.0, 0.1),
    "every": (1.0, 1.0),
    "all": (1.0, 1.0),
    "no": (0.0, 0.0),
    "none": (0.0, 0.0),
    "nobody": (0.0, 0.0),
    "never": (0.0, 0.0),
    "most": (0.5, 1.0),
}
ORDINALS = {
    "half": 2,
    "third": 3,
    "quarter": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
CARDINALS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twice": 2,
    "a million": 1e6,
}
UP = ("earns", "earn", "gains", "gain", "rises", "rise", "raises", "raise", "lifts", "lift", "grows", "climbs", "climb")
UP += ("more", "higher", "larger", "above", "up", "positive", "ahead", "better", "increases", "sooner")
DOWN = ("loses", "lose", "falls", "fall", "lowers", "lower", "shrinks", "shrink", "drops", "cuts")
DOWN += ("fewer", "less", "smaller", "below", "down", "negative", "behind", "worse", "decreases", "later")
DIRECTIONS = {**{word: 1 for word in UP}, **{word: -1 for word in DOWN}}

_NUMBER = r"[+\-−]?\d[\d,]*(?:\.\d+)?"
_WORD = "|".join(
    sorted(
        [*SHARES, *CARDINALS, "several", *(f"{n} {o}s" for n in ("two", "three") for o in ORDINALS)]
        + [f"an? {o}" for o in ORDINALS]
        + ["half"],
        key=len,
        reverse=True,
    )
)
_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_FIGURE = rf"((?:(?:{_QUALIFIER})\s+)?(?:{_NUMBER}(?:\s?%|\s?M\b| million\b)?|\b(?:{_WORD})\b))"
_DIRECTION = r"\b(" + "|".join(sorted(DIRECTIONS, key=len, reverse=True)) + r")\b"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"$])|\n+")


@dataclass(frozen=True)
class Stated:
    """A figure as a sentence writes it, and the interval of values it admits."""

    written: str
    value: float
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    pattern: str | None = None  # how a table writes an exact figure ("{:.1%}", "{:,.0f}"): a tie rounds its way

    def holds(self, value: float) -> bool:
        value = float(value)
        above = value > self.low if self.low_open else value >= self.low - 1e-9 * max(1.0, abs(self.low))
        below = value < self.high if self.high_open else value <= self.high + 1e-9 * max(1.0, abs(self.high))
        if not (math.isfinite(value) and above and below):
            return False
        # At an interval's end two roundings are right (0.7525: 75.2% or 75.3%); the sentence must write the one
        # a table beside it shows, which is Python's ("75.2%", the float being just below 0.7525).
        tied = min(abs(value - self.low), abs(value - self.high)) <= 1e-9 * max(1.0, abs(value))
        return not (tied and self.pattern) or _unsigned(self.pattern.format(value)) == _unsigned(self.written)

    def meaning(self) -> str:
        if self.low == self.high:
            return f"exactly {self.low:g}"
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"a value in {left}{self.low:g}, {self.high:g}{right}"


def _digits_interval(number: str, widened: bool) -> tuple[float, float]:
    """The value a written number states, and half a unit of its last written digit (widened: of its last
    non-zero digit, so that "about 11,300" is rounded to hundreds)."""
    digits = number.replace(",", "").replace("−", "-").lstrip("+")
    whole, _, decimals = digits.lstrip("-").partition(".")
    if decimals:
        place = -len(decimals)
    elif widened and whole.strip("0"):
        place = len(whole) - len(whole.rstrip("0"))
    else:
        place = 0
    return float(digits), 0.5 * 10.0**place


def read_figure(written: str) -> Stated:
    """The interval a figure such as "about 70%", "more than half" or "−718" states.

    Examples
    --------
    >>> read_figure("59.9%").holds(0.599), read_figure("59.9%").holds(0.5996)
    (True, False)
    >>> read_figure("about 11,300").holds(11340), read_figure("more than half").holds(0.5)
    (True, False)
    >>> read_figure("75.3%").holds(0.7525), read_figure("75.2%").holds(0.7525)  # as a table writes 0.7525
    (False, True)
    """
    text = " ".join(written.split())
    lowered = text.lower()
    comparison, widened = None, False
    for qualifier in sorted(QUALIFIERS, key=len, reverse=True):
        if lowered.startswith(qualifier + " "):
            comparison, widened = QUALIFIERS[qualifier]
            lowered = lowered[len(qualifier) + 1 :]
            break
    widened = widened or comparison == "about"
    if lowered in SHARES:
        low, high = SHARES[lowered]
        return Stated(text, (low + high) / 2, low, high, low_open=lowered == "most")
    if lowered == "several":
        return Stated(text, 3.0, 3.0, math.inf)
    fraction = re.fullmatch(r"(an?|one|two|three) (\w+?)s?", lowered)
    if lowered == "half" or (fraction and fraction.group(2) in ORDINALS):
        numerator = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}[fraction.group(1)] if fraction else 1
        denominator = ORDINALS[fraction.group(2)] if fraction else 2
        value = numerator / denominator
        if widened:  # "about a seventh": within 15% of 1/7 (a word has no digits to round)
            return _bounded(text, value, value * (1 - ABOUT_A_FRACTION), value * (1 + ABOUT_A_FRACTION), comparison)
        return _bounded(text, value, value, value, comparison)
    if lowered in CARDINALS:
        value = float(CARDINALS[lowered])
        half = 0.5 if widened else 0.0
        return _bounded(text, value, value - half, value + half, comparison)
    match = re.fullmatch(rf"({_NUMBER})\s?(%|m| million)?", lowered)
    if not match:
        raise ValueError(f"{written!r} is not a figure the claim helper reads")
    value, half = _digits_interval(match.group(1), widened)
    scale = {"%": 0.01, "m": 1e6, " million": 1e6}.get(match.group(2) or "", 1.0)
    stated = _bounded(text, value * scale, (value - half) * scale, (value + half) * scale, comparison)
    if comparison or widened or scale == 1e6:
        return stated
    decimals = len(match.group(1).partition(".")[2])
    return replace(stated, pattern=f"{{:,.{decimals}{'%' if scale == 0.01 else 'f'}}}")


def _unsigned(figure: str) -> str:
    """A figure's digits as a table writes them: no plus sign, a minus as "-"."""
    return figure.replace("−", "-").lstrip("+").strip()


def _bounded(text: str, value: float, low: float, high: float, comparison: str | None) -> Stated:
    if comparison in (">", ">="):
        return Stated(text, value, value, math.inf, low_open=comparison == ">")
    if comparison in ("<", "<="):
        return Stated(text, value, -math.inf, value, high_open=comparison == "<")
    return Stated(text, value, low, high)


UNAMBIGUOUS = ("about", "around", "roughly", "more than", "less than", "fewer than", "at least", "at most")


def _pattern(template: str) -> re.Pattern[str]:
    """A template's words as a pattern: spaces match any run of whitespace, slots a figure or a direction.

    A qualifier such as "more than" belongs to the figure it qualifies, so a template may not write it
    just before a ``{}``: the figure would be read as exact ("more than {}" would check "half" as 0.5).
    """
    parts = re.split(r"(\{~\}|\{\})", template)
    pattern = ""
    for before, part in zip(["", *parts], parts):
        if part == FIGURE_SLOT and before.lower().rstrip().endswith(UNAMBIGUOUS):
            raise ValueError(f"{template!r}: leave the qualifier to the figure, as in 'loses in {{}} of months'")
        if part == FIGURE_SLOT:
            pattern += _FIGURE
        elif part == DIRECTION_SLOT:
            pattern += _DIRECTION
        else:
            pattern += r"\s+".join(re.escape(word) for word in _plain(part).split(" "))
    return re.compile(pattern, re.IGNORECASE)


def _plain(text: str) -> str:
    """The text as a reader sees it: no emphasis marks nor HTML tags such as <b>, one space between words."""
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    return re.sub(r"[ \t]+", " ", re.sub(r"(?<![\^_{])\*", "", text.replace("**", "")))


def _sentence(text: str, start: int, end: int) -> str:
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    first = max(b for b in bounds if b <= start)
    last = min(b for b in bounds if b >= end)
    return " ".join(text[first:last].split()).removeprefix("- ")


@dataclass(frozen=True)
class Claim:
    """One sentence of a cell, located by a template, with the figures and directions it states."""

    notebook: str
    cell_id: str
    template: str
    sentence: str
    slots: tuple[tuple[str, str], ...]  # (kind, written) for each slot, in order

    def _where(self) -> str:
        return f"{self.notebook}, cell {self.cell_id!r}: «{self.sentence}»"

    def states(self, *values: float) -> Claim:
        """Assert that each slot holds: a figure's interval contains its value, a direction has its sign."""
        assert len(values) == len(self.slots), f"{self._where()}: {len(self.slots)} slots, {len(values)} values given"
        for (kind, written), value in zip(self.slots, values):
            if kind == FIGURE_SLOT:
                stated = read_figure(written)
                assert stated.holds(value), (
                    f"{self._where()} states {written!r} ({stated.meaning()}), but the model gives {float(value):g}"
                    + (f", which a table writes {stated.pattern.format(float(value))!r}" if stated.pattern else "")
                )
            else:
                sign = DIRECTIONS[written.lower()]
                assert (value > 0) if sign > 0 else (value < 0), (
                    f"{self._where()} says {written!r} (a {'positive' if sign > 0 else 'negative'} quantity), "
                    f"but the model gives {float(value):g}"
                )
        return self

    def figures(self) -> list[Stated]:
        return [read_figure(written) for kind, written in self.slots if kind == FIGURE_SLOT]


def find_claim(notebook: str, cell_id: str, text: str, template: str) -> Claim:
    """The claim that ``template`` locates in ``text``, the source of ``notebook``'s cell ``cell_id``."""
    plain = _plain(text)
    match = _pattern(template).search(plain)
    assert match, f"{notebook}, cell {cell_id!r}: no sentence matches {template!r}"
    kinds = re.findall(r"\{~\}|\{\}", template)
    slots = tuple((kind, match.group(i + 1)) for i, kind in enumerate(kinds))
    return Claim(notebook, cell_id, template, _sentence(plain, match.start(), match.end()), slots)


def summary_claim(panel: str, text: str, template: str) -> Claim:
    """The claim ``template`` locates in a text a panel or chart writes (its summary, its description)."""
    return find_claim(panel, "summary", text, template)


def claim(notebook: str, cell_id: str, template: str) -> Claim:
    """The claim ``template`` locates in a lesson's cell, read through `lessons_support.cell_text`."""
    return find_claim(notebook, cell_id, cell_text(notebook, cell_id), template)
