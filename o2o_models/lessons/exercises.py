"""Self-checks that teach: a direction and a named mistake, never the answer after one try.

A lesson declares its exercises as `Number`, `Choice` and `Function` questions and gathers
them in a `Workbook`; the notebook then calls three functions::

    lesson.check(1, answer)   # right, or too high / too low, with a hint if it is a known mistake
    lesson.hint(1)            # the method, with no numbers
    lesson.solution(1)        # the worked arithmetic and the answer, after one real attempt

Each number question states its precision (``places=2``: "to two decimals") and accepts
any answer within half a unit of the last place asked, so the precision it asks for is
the precision it judges. Answers may be a number, a one-value Series or array, or text
such as ``"0.15"``; choices accept ``"b"``, ``"B"``, ``"(b)"`` or ``2.0`` for option 2.
Expected values come from the models when a check runs, never from a copy in the text.
Each real attempt is recorded for the trainer (`o2o_models.workshop.progress`; students can
opt out); the ``...`` placeholder and a function whose body is still ``...`` are not attempts,
so running a fresh lesson top to bottom records nothing and unlocks no solution.

At about 380 lines the module runs past the house length (about 300): the self-check kinds
(`Number`, `Choice`, `Function`) share their feedback: direction, precision, named mistakes and
plain words for a wrong type.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from ..interactive.controls import CODE_BLOCK_CSS
from ..text import N_, _
from ..workshop import progress

_UNIT_SLIPS = (
    (
        100.0,
        N_("It looks like a percentage typed where a fraction was asked (or the other way round): write 15% as 0.15."),
    ),
    (0.01, N_("It looks like a fraction typed where a percentage was asked: write 0.15 as 15.")),
    (1000.0, N_("It looks like yuan typed where thousands of yuan were asked (or the other way round).")),
    (0.001, N_("It looks like thousands of yuan typed where yuan were asked.")),
    (-1.0, N_("The size is right but the sign is not: is it a loss or a gain?")),
)
_WORDS = {0: N_("a whole number"), 1: N_("to one decimal"), 2: N_("to two decimals"), 3: N_("to three decimals")}
QUESTION_TEXTS = ("hint", "explanations", "mistakes")
"""The keywords of a question whose texts a reader sees, each passed to ``_`` when shown (``scripts/messages.py``
finds their literals): the hint, each option's explanation, and each named mistake's sentence."""


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct``, a sentence that explains it, and whether it was an attempt.

    ``attempted`` is False for "no answer yet" (the ``...`` placeholder, an unfinished function):
    such a check is not recorded and unlocks no solution.
    """

    correct: bool
    message: str
    attempted: bool = True

    def __str__(self) -> str:
        # ✓ and ✗ are in every common text font; the emoji ✅ and ❌ show as empty boxes without an emoji font
        return ("✓ " if self.correct else "✗ ") + self.message

    def _repr_markdown_(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.correct


CODE_STYLE = f"<style>{CODE_BLOCK_CSS}</style>"
"""How a code block in an output reads (`o2o_models.interactive.controls.CODE_BLOCK_CSS`): a notebook that shows
code in an output carries the rule with it, before any panel has drawn."""


def with_code_style(markdown: str) -> str:
    r"""``markdown`` as an output shows it: with `CODE_STYLE` before it when it holds a code block.

    Examples
    --------
    >>> with_code_style("**Hint.** Use (2).")
    '**Hint.** Use (2).'
    >>> with_code_style("\n".join(["```python", "x = 1", "```"])).startswith("<style>")
    True
    """
    return f"{CODE_STYLE}\n\n{markdown}" if "```" in markdown else markdown


class Note(str):
    """Text a notebook shows as Markdown (a hint or a worked solution); its code blocks keep their lines
    (`with_code_style`)."""

    def _repr_markdown_(self) -> str:
        return with_code_style(str(self))


def plain(value: float, unit: str = "", places: int = 2) -> str:
    """A number as a reader writes it: thousands separated, no exponent, at most ``places`` decimals.

    Examples
    --------
    >>> plain(36250.0, "CNY", 0), plain(0.15384, "", 3), plain(-10, "CNY per voucher")
    ('36,250 CNY', '0.154', '-10 CNY per voucher')
    """
    shown = f"{value:,.{max(places, 0)}f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return f"{shown} {unit}".strip()


def unit_parts(unit: str) -> tuple[str, dict[str, str]]:
    """How `quantity` writes a number in ``unit``: the message (with a ``{value}`` field) and its other fields.

    The message and each field are English texts `quantity` passes to ``_`` (``scripts/messages.py`` adds them
    to the catalogue, with the unit itself).

    Examples
    --------
    >>> unit_parts("fraction of revenue"), unit_parts("skill (0 to 1)")
    (('{value} of {whole}', {'whole': 'revenue'}), ('{value} ({name}, {scale})', {'name': 'skill', 'scale': '0 to 1'}))
    """
    if unit == "month":
        return N_("month {value}"), {}
    for lead in ("fraction of ", "share of "):
        if unit.startswith(lead):
            return N_("{value} of {whole}"), {"whole": unit[len(lead) :]}
    if "(" in unit:
        name, _paren, rest = unit.partition(" (")
        return N_("{value} ({name}, {scale})"), {"name": name, "scale": rest.rstrip(")")}
    return "{value} " + unit, {}  # the whole quantity a message: "{value} 元/张券" in Chinese


def quantity(value: float, unit: str, places: int = 2) -> str:
    """A number with its unit, as a sentence reads it: "36,250 CNY", "month 17", "0.15 of revenue".

    In the reader's language: "36,250 元", "第 17 个月" (`unit_parts`).

    Examples
    --------
    >>> quantity(17, "month", 0), quantity(0.8, "fraction of revenue"), quantity(0.62, "skill (0 to 1)")
    ('month 17', '0.8 of revenue', '0.62 (skill, 0 to 1)')
    """
    if not unit:
        return plain(value, "", places)
    message, fields = unit_parts(unit)
    shown = {name: _(text) for name, text in fields.items()}
    return _(message).format(value=plain(value, "", places), **shown)


def _described(answer: object) -> str:
    """What a student passed, in a few words: never a whole column printed into a sentence."""
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        size = np.asarray(answer, dtype=object).size
        kind = {pd.Series: "a column", pd.DataFrame: "a table"}.get(type(answer), "a list")
        return f"{kind} of {size:,} values" if size != 1 else f"{kind} of one value"
    text = repr(answer)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _one_value(answer: object) -> object:
    """The single item of a one-item list, tuple, array or Series; anything else unchanged."""
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        values = np.asarray(answer, dtype=object).reshape(-1)
        if values.size == 1:
            return values[0].item() if isinstance(values[0], np.generic) else values[0]
    return answer


def _is_nan(answer: object) -> bool:
    value = _one_value(answer)
    return isinstance(value, (Real, np.number)) and not isinstance(value, (bool, np.bool_)) and math.isnan(value)


def as_number(answer: object) -> float | None:
    """The student's answer as a float, or None if it is not one number.

    Accepts numbers, numpy scalars, 0-d and one-element arrays, one-value Series and
    DataFrames, and text such as ``"0.15"``, ``"15%"`` (read as 0.15) or ``"36,250"``.
    """
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        values = np.asarray(answer, dtype=object).reshape(-1)
        return as_number(values[0]) if values.size == 1 else None
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, (Real, np.number)):
        number = float(answer)
        return number if math.isfinite(number) else None
    if isinstance(answer, str):
        text = answer.strip().replace(",", "").replace("CNY", "").replace("¥", "").strip()
        scale = 0.01 if text.endswith("%") else 1.0
        try:
            number = float(text.rstrip("%")) * scale
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


@dataclass
class Question:
    """What every question shares: a key, a hint and a worked solution, and the attempts so far."""

    key: str
    hint: str
    working: Callable[[], str]
    attempts: int = field(default=0, init=False)

    def feedback(self, answer: object) -> Feedback:
        raise NotImplementedError

    def check(self, answer: object) -> Feedback:
        verdict = self.feedback(answer)
        if verdict.attempted:
            self.attempts += 1
        return verdict


def _tolerance(places: int) -> float:
    return 0.5 * 10.0 ** (-places) * (1 + 1e-9)


@dataclass
class Number(Question):
    """A numeric question: the model's value, its unit and the precision asked.

    ``places`` is the last decimal place asked: 2 for "to two decimals", 0 for a whole
    number, -2 for "to the nearest 100". ``mistakes`` maps a known mistake's name to a
    function giving the value it produces and the hint that names it. ``labels`` names the
    column a filter of the exercise reads and gives the labels it holds: a NaN answer (a filter
    that matched no rows) is then told them.
    """

    expected: Callable[[], float] = field(default=lambda: 0.0)
    unit: str = ""
    places: int = 2
    mistakes: Mapping[str, tuple[Callable[[], float], str]] = field(default_factory=dict)
    labels: tuple[str, Callable[[], Sequence[str]]] | None = None

    @property
    def precision(self) -> str:
        """The precision asked, in words: "to two decimals", "a whole number", "to the nearest 100"."""
        if self.places in _WORDS:
            return _(_WORDS[self.places])
        if self.places >= 0:
            return _("to {places} decimals").format(places=self.places)
        return _("to the nearest {step:,}").format(step=10**-self.places)

    def feedback(self, answer: object) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback(
                False,
                _("No answer yet: replace the `...` with your answer ({unit}, {precision}).").format(
                    unit=_(self.unit), precision=self.precision
                ),
                False,
            )
        if _is_nan(answer):
            where = _("Look at the labels the column really holds with `.unique()`.")
            if self.labels is not None:
                column, held = self.labels
                shown = ", ".join(repr(label) for label in held())
                where = _("The column `{column}` holds {labels}: compare with one of those.").format(
                    column=column, labels=shown
                )
            return Feedback(
                False,
                _(
                    "Your answer is NaN (not a number): pandas gives NaN for the mean or share of no rows, so your "
                    "filter matched no rows. {where}"
                ).format(where=where),
            )
        value = as_number(answer)
        if value is None:
            return Feedback(
                False,
                _("{answer} is not one number: write one number ({unit}, {precision}).").format(
                    answer=_described(answer), unit=_(self.unit), precision=self.precision
                ),
            )
        expected, tolerance = float(self.expected()), _tolerance(self.places)
        if abs(value - expected) <= tolerance:
            return Feedback(
                True, _("Right: {value}.").format(value=quantity(expected, self.unit, max(self.places, 0) + 1))
            )
        shown = quantity(value, self.unit, max(self.places, 0) + 2)
        for produce, hint in self.mistakes.values():
            if abs(value - float(produce())) <= tolerance:
                return Feedback(False, _("{answer} is what you get if {mistake}").format(answer=shown, mistake=_(hint)))
        for factor, hint in _UNIT_SLIPS:
            if expected != 0 and abs(value - expected * factor) <= abs(factor) * tolerance:
                return Feedback(False, _("{answer}: {slip}").format(answer=shown, slip=_(hint)))
        if value > expected:
            return Feedback(False, _("Your answer, {answer}, is too high.").format(answer=shown))
        return Feedback(False, _("Your answer, {answer}, is too low.").format(answer=shown))


@dataclass
class Choice(Question):
    """A multiple-choice question: options ``a``, ``b``, ... each with why it is right or wrong.

    An explanation that states a figure names it as a field, ``{best_team:g}``, filled from ``fields``,
    so that its translation keeps the figure (`QUESTION_TEXTS`).
    """

    expected: str = "a"
    explanations: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, object] = field(default_factory=dict)

    def option(self, answer: object) -> str | None:
        """The option a student meant: ``"b"``, ``"B"``, ``"(b)"``, ``" b) "`` or ``2`` all mean b."""
        keys = list(self.explanations)
        answer = _one_value(answer)
        number = as_number(answer) if not isinstance(answer, str) else None
        if number is not None and float(number).is_integer() and 1 <= number <= len(keys):
            return keys[int(number) - 1]
        if isinstance(answer, str):
            text = re.sub(r"[\s()\[\].:]", "", answer).lower()
            if text in keys:
                return text
            if text.isdigit() and 1 <= int(text) <= len(keys) and not keys[0].isdigit():
                return keys[int(text) - 1]
        return None

    def feedback(self, answer: object) -> Feedback:
        options = ", ".join(f'"{key}"' for key in self.explanations)
        if answer is None or answer is Ellipsis:
            return Feedback(False, _("No answer yet: choose one of {options}.").format(options=options), False)
        key = self.option(answer)
        if key is None:
            return Feedback(
                False,
                _("{answer} is not an option: choose one of {options}.").format(
                    answer=_described(answer), options=options
                ),
            )
        explanation = _(self.explanations[key])
        return Feedback(key == self.expected, explanation.format(**self.fields) if self.fields else explanation)


@dataclass
class Function(Question):
    """A question answered with a function: tried on cases the student has not seen.

    ``cases`` are keyword arguments; ``reference`` is the model's own version. The check
    names the first case where the student's function differs, and in which direction.
    """

    reference: Callable[..., Any] = field(default=lambda **_: 0.0)
    cases: Sequence[Mapping[str, Any]] = ()
    unit: str = ""
    rel_tol: float = 1e-6

    def feedback(self, answer: object) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback(False, _("No answer yet: define your function, then pass it here by name."), False)
        if not callable(answer):
            return Feedback(
                False,
                _("{answer} is not a function: pass your function's name, without brackets.").format(
                    answer=_described(answer)
                ),
            )
        for number, case in enumerate(self.cases):
            shown = ", ".join(f"{name}={value!r}" for name, value in case.items())
            try:
                result = answer(**case)
            except Exception as error:  # noqa: BLE001 - any error in student code is reported, not raised
                return Feedback(
                    False,
                    _("Your function fails for {case}: {kind}: {error}").format(
                        case=shown, kind=type(error).__name__, error=_sentence(error)
                    ),
                )
            if result is None or result is Ellipsis:
                # an unfinished body (still `...`) is no attempt: Run All records nothing
                return Feedback(
                    False,
                    _("Your function returns nothing yet: finish its body (replace the `...`) and `return` the value."),
                    attempted=number > 0,
                )
            try:
                got = np.asarray(result, dtype=float)
            except (TypeError, ValueError):
                return Feedback(
                    False,
                    _("For {case} your function returns {result}, not numbers.").format(
                        case=shown, result=_described(result)
                    ),
                )
            want = np.asarray(self.reference(**case), dtype=float)
            if got.shape != want.shape:
                return Feedback(
                    False,
                    _("For {case} your function returns {got}; {want} expected.").format(
                        case=shown, got=_count(got), want=_count(want)
                    ),
                )
            if not np.allclose(got, want, rtol=self.rel_tol, atol=1e-9):
                return Feedback(
                    False,
                    _("For {case} {difference}: try that case by hand.").format(
                        case=shown, difference=_difference(got, want)
                    ),
                )
        return Feedback(
            True,
            _("Right on all {count} test cases. Your model is drawn in the panel below.").format(count=len(self.cases)),
        )


def _count(values: np.ndarray) -> str:
    return _("one number") if values.size == 1 else _("{count} values").format(count=values.size)


def _difference(got: np.ndarray, want: np.ndarray) -> str:
    """How a student's result differs from the model's, without giving the model's values away."""
    if got.size == 1:
        higher = float(got.reshape(-1)[0]) > float(want.reshape(-1)[0])
        return _("your function's result is too high") if higher else _("your function's result is too low")
    if np.allclose(np.sort(got, axis=None), np.sort(want, axis=None), rtol=1e-6, atol=1e-9):
        return _("your function returns the right values in the wrong order")
    flat_got, flat_want = got.reshape(-1), want.reshape(-1)
    first = int(np.flatnonzero(~np.isclose(flat_got, flat_want, rtol=1e-6, atol=1e-9))[0])
    direction = _("too high") if flat_got[first] > flat_want[first] else _("too low")
    return _("value {number} of your function's result is the first that differs ({direction})").format(
        number=first + 1, direction=direction
    )


def _sentence(error: BaseException) -> str:
    """An error's message ending in a full stop, so the next sentence does not run into it."""
    text = str(error).strip()
    return text if text.endswith((".", "!", "?", ")")) else f"{text}."


class Workbook:
    """A lesson's exercises by number, with `check`, `hint` and `solution` for the notebook."""

    def __init__(self, lesson: str, questions: Mapping[int, Question]) -> None:
        self.lesson = lesson
        self.questions = dict(questions)

    def _question(self, number: object) -> Question:
        if number not in self.questions:
            raise ValueError(
                _("exercise={number!r} is not an exercise of this lesson; choose one of {exercises}").format(
                    number=number, exercises=", ".join(map(str, self.questions))
                )
            )
        return self.questions[number]  # type: ignore[index]

    def check(self, number: int, answer: object) -> Feedback:
        """Check ``answer`` to exercise ``number``: right, or the direction and any known mistake."""
        question = self._question(number)
        verdict = question.check(answer)
        if not verdict.attempted:
            return verdict
        progress.record_attempt(self.lesson, question.key, verdict.correct)
        if verdict.correct:
            return verdict
        return Feedback(
            False,
            _("{message} Try again, or run `lesson.hint({number})`.").format(message=verdict.message, number=number),
        )

    def hint(self, number: int) -> Note:
        """The method for exercise ``number``, without numbers."""
        return Note(_("**Hint.** {hint}").format(hint=_(self._question(number).hint)))

    def solution(self, number: int) -> Note:
        """The worked solution of exercise ``number``, once it has been tried at least once."""
        question = self._question(number)
        if question.attempts == 0:
            return Note(
                _(
                    "Try exercise {number} first: run `lesson.check({number}, answer)` with your own answer, "
                    "then ask again. `lesson.hint({number})` gives the method."
                ).format(number=number)
            )
        # its own paragraph: a solution that opens with a code block must start on a line of its own
        return Note(_("**Solution.**\n\n{working}").format(working=question.working()))
