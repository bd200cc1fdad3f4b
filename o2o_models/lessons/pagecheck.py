"""A lesson's self-checks for a page with no kernel: each number and choice question's checking data.

The site lets a reader answer every `Number` and `Choice` exercise in the page. The page
cannot run Python, so this module turns each question into data (`checking_data`) that a
small script (``scripts/site/o2o-check.js``) judges with the same steps as
`Number.feedback` and `Choice.feedback`: right within the precision asked, a named
mistake, a unit slip, else too high or too low; a choice's own explanation. Every sentence
the script shows is written here by the question's own ``feedback``, called with a probe
answer: where a sentence quotes the reader's answer, that part becomes ``{shown}`` (or
``{described}``), which the script fills in as `exercises.quantity` writes numbers
(``prefix`` + the number with thousands separated + ``suffix``). The script only parses
and compares numbers; ``tests/test_pagecheck.py`` runs it in Node on a set of answers and
compares its sentences with Python's.

The data holds the expected answers: anyone who reads the page's source finds them, as
the lesson says beside each check.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .exercises import _UNIT_SLIPS, Choice, Number, Workbook, _tolerance, plain, quantity

PROBE_TEXT = "zzz"
"""An answer that is no number and no option: its feedback gives the sentence for any such answer."""


def _template(message: str, quoted: str, field: str) -> str:
    if quoted not in message:
        raise ValueError(f"the feedback {message!r} does not quote the answer as {quoted!r}: the page cannot say it")
    return message.replace(quoted, "{" + field + "}", 1)


def _shown_parts(unit: str, places: int) -> tuple[str, str]:
    """What `quantity` writes before and after a number in ``unit`` ("month " before, " CNY" after)."""
    number = 12345.678
    written, bare = quantity(number, unit, places), plain(number, "", places)
    prefix, _, suffix = written.partition(bare)
    return prefix, suffix


def computed_once(question: Number) -> Number:
    """The question with its expected value computed once (the probes ask for it many times)."""
    value = float(question.expected())
    return dataclasses.replace(question, expected=lambda: value)


def _number(question: Number) -> dict[str, Any]:
    question = computed_once(question)
    expected, tolerance = float(question.expected()), _tolerance(question.places)
    shown_places = max(question.places, 0) + 2

    def said(value: float) -> str:
        message = question.feedback(value).message
        return _template(message, quantity(value, question.unit, shown_places), "shown")

    step = 10.0 ** (-question.places)
    high, low = expected + 7 * step + abs(expected) * 0.37, expected - 7 * step - abs(expected) * 0.37
    prefix, suffix = _shown_parts(question.unit, shown_places)
    return {
        "kind": "number",
        "expected": expected,
        "tolerance": tolerance,
        "places": shown_places,
        "prefix": prefix,
        "suffix": suffix,
        "right": question.feedback(expected).message,
        "empty": question.feedback(None).message,
        "not_number": _template(question.feedback(PROBE_TEXT).message, repr(PROBE_TEXT), "described"),
        "mistakes": [[float(produce()), said(float(produce()))] for produce, _ in question.mistakes.values()],
        "slips": [[factor, said(expected * factor)] for factor, _ in _UNIT_SLIPS if expected != 0],
        "high": said(high),
        "low": said(low),
    }


def _choice(question: Choice) -> dict[str, Any]:
    return {
        "kind": "choice",
        "keys": list(question.explanations),
        "expected": question.expected,
        "explanations": {key: question.feedback(key).message for key in question.explanations},
        "empty": question.feedback(None).message,
        "not_option": _template(question.feedback(PROBE_TEXT).message, repr(PROBE_TEXT), "described"),
    }


def checking_data(workbook: Workbook) -> dict[int, dict[str, Any]]:
    """Each number and choice question of ``workbook``, by exercise number, as the page's script reads it.

    A question answered with a function is left out: only Python can run a function.
    """
    found = {}
    for number, question in workbook.questions.items():
        if isinstance(question, Number):
            found[number] = _number(question)
        elif isinstance(question, Choice):
            found[number] = _choice(question)
    return found
