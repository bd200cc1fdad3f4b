"""Self-checks that teach: right within the precision asked, a direction or a named mistake otherwise,
and never the answer until the student asks for the solution after a real attempt."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pandas as pd
import pytest
from lessons_support import is_chinese, lesson_id, lesson_notebooks

from o2o_models.lessons import markup
from o2o_models.lessons.exercises import Choice, Function, Number, Workbook, as_number, plain

ROOT = Path(__file__).resolve().parents[1]
LESSONS = {path.stem: path for path in lesson_notebooks() if not is_chinese(path)}
CHINESE = {path.stem: path for path in lesson_notebooks() if is_chinese(path)}


def workbooks() -> list[tuple[str, Workbook]]:
    found = []
    for stem in LESSONS:
        module = markup.lesson_module(nbformat.read(LESSONS[stem], as_version=4))
        if hasattr(module, "WORKBOOK"):
            found.append((stem, module.WORKBOOK))
    return found


QUESTIONS = [(stem, number, question) for stem, book in workbooks() for number, question in book.questions.items()]
NUMBERS = [q for q in QUESTIONS if isinstance(q[2], Number)]
IDS = [f"{stem[:2]}-ex{number}" for stem, number, _ in QUESTIONS]
EDITIONS = [
    (path, number, question)
    for stem, number, question in QUESTIONS
    for path in (LESSONS[stem], CHINESE.get(stem))
    if path is not None
]
"""Each exercise in each edition of its lesson: the Chinese notebook states, checks and solves the same exercises."""
EDITION_IDS = [f"{'zh-' * is_chinese(path)}{path.stem[:2]}-ex{number}" for path, number, _ in EDITIONS]


def fresh(question):
    question.attempts = 0
    return question


def test_a_number_within_half_a_unit_of_the_precision_asked_is_right() -> None:
    question = Number(key="k", hint="h", working=lambda: "w", expected=lambda: 0.153846, unit="fraction", places=2)
    assert question.check(0.15).correct and question.check(0.154).correct and question.check("0.15").correct
    assert not question.check(0.16).correct
    whole = Number(key="k", hint="h", working=lambda: "w", expected=lambda: 6666.67, unit="clicks", places=0)
    assert whole.check(6667).correct and not whole.check(6600).correct


def test_a_wrong_number_gets_its_direction_and_no_size() -> None:
    question = Number(key="k", hint="h", working=lambda: "w", expected=lambda: 0.1538, unit="fraction", places=2)
    message = question.check(1).message
    assert "too high" in message and "%" not in message and "0.15" not in message


def test_a_known_mistake_is_named() -> None:
    question = Number(
        key="k",
        hint="h",
        working=lambda: "w",
        expected=lambda: 0.1667,
        unit="share",
        places=2,
        mistakes={"list": (lambda: 0.10, "the rebate is charged on the list price.")},
    )
    assert "charged on the list price" in question.check(0.1).message


def test_odd_but_clear_answers_are_read() -> None:
    assert as_number(pd.Series([0.25])) == 0.25
    assert as_number(np.array(0.25)) == 0.25 and as_number(np.array([0.25])) == 0.25
    assert as_number("36,250") == 36250 and as_number("15%") == 0.15
    assert as_number(pd.Series([1.0, 2.0])) is None and as_number(True) is None and as_number(float("nan")) is None
    choice = Choice(
        key="k", hint="h", working=lambda: "w", expected="b", explanations={"a": "no", "b": "yes", "c": "no"}
    )
    for answer in ("b", "B", "(b)", " b) ", 2, 2.0, "2"):
        assert choice.check(answer).correct, answer


def test_answers_print_in_plain_notation_with_units() -> None:
    assert plain(36250.0, "CNY", 0) == "36,250 CNY"
    assert "e+" not in plain(3.625e4, "CNY")


def test_a_function_answer_is_tried_on_unseen_cases_and_the_failing_case_is_named() -> None:
    question = Function(
        key="k", hint="h", working=lambda: "w", reference=lambda x: 2 * x, cases=[{"x": 1.0}, {"x": -3.0}]
    )
    assert question.check(lambda x: 2 * x).correct
    wrong = question.check(lambda x: 2 * abs(x))
    assert not wrong.correct and "x=-3.0" in wrong.message and "too high" in wrong.message
    assert "returns nothing" in question.check(lambda x: None).message
    assert "ZeroDivisionError" in question.check(lambda x: 1 / 0).message


def test_the_solution_waits_for_a_real_attempt() -> None:
    book = Workbook(
        "00_test",
        {
            1: Number(
                key="k",
                hint="the method",
                working=lambda: "the answer is 2",
                expected=lambda: 2.0,
                unit="CNY",
                places=0,
            )
        },
    )
    assert "Try exercise 1 first" in book.solution(1)
    book.check(1, ...)
    assert "Try exercise 1 first" in book.solution(1)  # an empty answer is not an attempt
    assert "run `lesson.hint(1)`" in str(book.check(1, 5))
    assert "the answer is 2" in book.solution(1)
    assert "the method" in book.hint(1)


def test_an_unknown_exercise_number_is_named() -> None:
    with pytest.raises(ValueError, match="exercise=9 is not an exercise of this lesson"):
        workbooks()[0][1].hint(9)


@pytest.mark.parametrize(("stem", "number", "question"), NUMBERS, ids=[f"{s[:2]}-ex{n}" for s, n, _ in NUMBERS])
def test_every_number_question_accepts_its_answer_at_the_precision_asked(stem, number, question) -> None:
    expected = float(question.expected())
    assert fresh(question).check(round(expected, question.places)).correct


@pytest.mark.parametrize(("stem", "number", "question"), NUMBERS, ids=[f"{s[:2]}-ex{n}" for s, n, _ in NUMBERS])
def test_every_worked_solution_gives_its_answer_at_the_precision_asked(stem, number, question) -> None:
    """The solution's first figure in bold is the answer as the exercise asks for it: "to the nearest 100" is
    answered "About **3,900 CNY**", not 3,864 (the exact figure may follow, in brackets)."""
    bold = re.search(r"\*\*[^*\d−-]*([−-]?[\d,]*\.?\d+)", question.working())
    assert bold, question.working()[:80]
    stated = float(bold.group(1).replace(",", "").replace("−", "-"))
    expected = float(question.expected())
    assert (
        stated == pytest.approx(round(expected, question.places), abs=1e-9)
        or question.places > 0
        and (round(stated, question.places) == round(expected, question.places))
    ), (bold.group(0), expected, question.precision)


@pytest.mark.parametrize(("stem", "number", "question"), NUMBERS, ids=[f"{s[:2]}-ex{n}" for s, n, _ in NUMBERS])
def test_no_wrong_answer_reveals_the_expected_value(stem, number, question) -> None:
    expected = float(question.expected())
    shown = {plain(expected, "", places) for places in range(max(question.places, 0), 4)}
    for wrong in (1, 0, -1, 10, 1000, expected * 1.5 + 1, expected / 2 - 1):
        verdict = fresh(question).check(wrong)
        if verdict.correct:
            continue
        words = set(re.findall(r"-?[\d,]*\.?\d+", verdict.message))
        assert not (shown & words), (wrong, verdict.message)


@pytest.mark.parametrize(("stem", "number", "question"), NUMBERS, ids=[f"{s[:2]}-ex{n}" for s, n, _ in NUMBERS])
def test_every_named_mistake_is_recognised_and_differs_from_the_answer(stem, number, question) -> None:
    for name, (produce, hint) in question.mistakes.items():
        value = float(produce())
        assert abs(value - float(question.expected())) > 0.5 * 10.0**-question.places, name
        assert hint in fresh(question).check(value).message, name


@pytest.mark.parametrize(("path", "number", "question"), EDITIONS, ids=EDITION_IDS)
def test_every_exercise_statement_asks_for_the_precision_its_check_judges(path, number, question) -> None:
    """In Chinese the statement opens with 练习 N; the precision asked is the English's, by the number test."""
    cells = {cell.get("id"): cell for cell in nbformat.read(path, as_version=4).cells}
    assert markup.exercise(cells[f"ex{number}"]) == number
    statement = cells[f"ex{number}"].source
    assert statement.startswith(f"**练习 {number}" if is_chinese(path) else f"**Exercise {number}"), statement[:40]
    if isinstance(question, Number) and not is_chinese(path):
        assert question.precision in statement, (path.stem, number)


@pytest.mark.parametrize(("path", "number", "question"), EDITIONS, ids=EDITION_IDS)
def test_every_worked_solution_in_the_notebook_is_written_from_the_workbook(path, number, question) -> None:
    """In the lesson's language: the Chinese notebook's worked solution is the workbook's, built in Chinese."""
    cells = {cell.get("id"): cell for cell in nbformat.read(path, as_version=4).cells}
    solution = cells[f"ex{number}-solution"]
    assert markup.solution(solution) == number
    lesson = markup.lesson_module(nbformat.read(path, as_version=4))
    lesson.language("zh" if is_chinese(path) else "en")
    try:
        assert solution.source == markup.solution_markdown(question.working())
    finally:
        lesson.language("en")


@pytest.mark.parametrize("path", [*LESSONS.values(), *CHINESE.values()], ids=lesson_id)
def test_no_worked_solution_is_written_in_a_lesson_source(path) -> None:
    """The Workbook holds each worked solution; the source marks where it goes and holds none of its text."""
    source = jupytext.read(path.with_suffix(".md"), fmt="md:myst")
    markers = [cell for cell in source.cells if markup.is_solution(cell)]
    assert markers, "a lesson with exercises marks where their worked solutions go"
    for cell in markers:
        assert all(line.startswith("%") for line in cell.source.splitlines()), cell.source[:60]


@pytest.mark.parametrize(("path", "number", "question"), EDITIONS, ids=EDITION_IDS)
def test_every_check_cell_starts_without_an_answer(path, number, question) -> None:
    cells = {cell.get("id"): cell for cell in nbformat.read(path, as_version=4).cells}
    check = next(
        cell
        for key, cell in cells.items()
        if key.startswith(f"ex{number}-") and f"lesson.check({number}," in cell.source
    )
    assert "..." in check.source


ARITHMETIC_IN_ASCII = re.compile(r"(?<=[\w)\]}*]) x (?=[\w(\[{])|(?<=[\d)\]}]) - (?=[\d(\[{])")
"""Multiplication written as an x, or subtraction as a hyphen, between figures: "80 x (1 - 0.5)"."""
CODE_OR_FORMULA = re.compile(r"```.*?```|`[^`]*`|\$[^$]*\$", re.DOTALL)


@pytest.mark.parametrize(
    ("path", "number", "question"),
    EDITIONS,
    ids=EDITION_IDS,
)
def test_every_worked_solution_and_hint_writes_its_arithmetic_with_times_and_minus_signs(path, number, question):
    """ "80 × (1 − 0.5)", as a reader expects, not "80 x (1 - 0.5)"; code and formulas are left as they are."""
    lesson = markup.lesson_module(nbformat.read(path, as_version=4))
    lesson.language("zh" if is_chinese(path) else "en")
    try:
        texts = [question.working(), lesson.hint(number)]
    finally:
        lesson.language("en")
    for shown in texts:
        assert not ARITHMETIC_IN_ASCII.findall(CODE_OR_FORMULA.sub("", str(shown))), shown
