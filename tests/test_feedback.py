"""What a student reads after a self-check: plain words about what they passed, never numpy's or pandas'
words, a worked solution that renders as the code and prose it is, and nothing recorded before a real try."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from markdown_it import MarkdownIt
from nbclient import NotebookClient

from o2o_models.lessons.exercises import Choice, Function, Number, Workbook, quantity
from o2o_models.workshop import classroom

LESSON_MODULES = ("intro", "leg1", "leg2", "leg3", "synthesis")
WORKBOOKS = [importlib.import_module(f"o2o_models.lessons.{name}").WORKBOOK for name in LESSON_MODULES]


def number(expected: float, unit: str = "fraction of revenue", places: int = 2) -> Number:
    return Number(key="k", hint="h", working=lambda: "w", expected=lambda: expected, unit=unit, places=places)


def function(reference) -> Function:
    return Function(key="f", hint="h", working=lambda: "w", reference=reference, cases=[{"x": 1.0}, {"x": 2.0}])


def test_a_whole_column_is_described_not_printed() -> None:
    column = pd.Series(np.linspace(0, 100, 3847))
    message = number(0.38).check(column).message
    assert "a column of 3,847 values is not one number" in message
    assert "dtype" not in message and "Length" not in message


def test_a_nan_answer_says_a_filter_probably_matched_nothing() -> None:
    message = number(0.38).check(pd.Series([], dtype=float).mean()).message
    assert "matched no rows" in message and ".unique()" in message and "nan is not" not in message


def test_a_filter_on_a_label_the_column_does_not_hold_is_told_the_labels_it_does() -> None:
    from o2o_models import traffic
    from o2o_models.lessons import leg3

    months = leg3.workbook._lead_months()
    # the label is "free sharing 免费传播"
    wrong = (months.loc[months["source"] == "free sharing", "profit_cny"] < -20000).mean()
    message = leg3.WORKBOOK.check(7, wrong).message
    assert "matched no rows" in message
    labels = ", ".join(repr(label) for label in sorted((traffic.PAID, traffic.VIRAL)))
    assert f"The column `source` holds {labels}" in message


def test_units_read_as_a_sentence_reads_them() -> None:
    assert number(0.38).check(0.8).message == "Your answer, 0.8 of revenue, is too high."
    assert number(17, "month", 0).check(17).message == "Right: month 17."
    assert quantity(36250, "CNY", 0) == "36,250 CNY"


def test_a_one_item_list_is_an_answer_for_numbers_and_choices_alike() -> None:
    choice = Choice(key="c", hint="h", working=lambda: "w", expected="b", explanations={"a": "no", "b": "yes"})
    assert choice.check(["b"]).correct and choice.check(pd.Series(["B"])).correct
    assert number(0.15).check([0.15]).correct


def test_a_function_answer_gets_no_numpy_jargon() -> None:
    message = function(lambda x: x).check(lambda x: np.full(12, x)).message
    assert "12 values; one number expected" in message and "shape" not in message


def test_the_right_values_in_the_wrong_order_are_called_that_not_too_low() -> None:
    message = function(lambda x: [3.0, 1.0]).check(lambda x: [1.0, 3.0]).message
    assert "right values in the wrong order" in message and "too low" not in message


def test_an_error_inside_the_students_function_ends_its_sentence_before_the_next() -> None:
    def fails(x):
        raise ValueError("retention=1.5 is out of range")

    book = Workbook("lesson", {1: function(lambda x: x)})
    assert "is out of range. Try again" in book.check(1, fails).message


def test_an_unfinished_function_and_the_placeholder_are_not_attempts() -> None:
    def unfinished(x): ...

    book = Workbook("lesson", {1: function(lambda x: x), 2: number(0.15)})
    for exercise, answer in ((1, unfinished), (2, ...)):
        verdict = book.check(exercise, answer)
        assert not verdict.correct and not verdict.attempted
        assert book.questions[exercise].attempts == 0
        assert book.solution(exercise).startswith("Try exercise")


def test_the_try_first_note_names_the_lesson_object_the_notebook_uses() -> None:
    note = Workbook("lesson", {3: number(0.15)}).solution(3)
    assert "`lesson.check(3, answer)`" in note and "`lesson.hint(3)`" in note


def test_verdicts_use_marks_every_text_font_has_not_emoji() -> None:
    shown = str(number(0.15).check(0.15)) + str(number(0.15).check(0.9))
    assert "✓" in shown and "✗" in shown and "✅" not in shown and "❌" not in shown


@pytest.mark.parametrize("book", WORKBOOKS, ids=LESSON_MODULES)
def test_every_worked_solution_renders_its_code_as_a_code_block(book: Workbook) -> None:
    markdown = MarkdownIt("commonmark").enable("table")
    for exercise, question in book.questions.items():
        question.attempts = 1
        text = str(book.solution(exercise))
        question.attempts = 0
        tokens = markdown.parse(text)
        fences = [token for token in tokens if token.type == "fence"]
        assert len(fences) == text.count("```") // 2, (exercise, text[:120])
        inline = "".join(token.content for token in tokens if token.type == "inline")
        assert "```" not in inline, (exercise, "a code fence shows as text")


@pytest.mark.slow
@pytest.mark.parametrize(
    "lesson", classroom.every_lesson(), ids=lambda path: f"{'zh-' * (path.parent.name == 'zh')}{path.stem[:2]}"
)
def test_run_all_in_a_fresh_student_copy_records_no_attempt(lesson: Path, tmp_path: Path, monkeypatch) -> None:
    copies = tmp_path / "lessons"
    classroom.write_student_copies(copies)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("O2O_PROGRESS", raising=False)  # the tests' conftest switches recording off
    copy = copies / classroom.copy_name(lesson)
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(copy.parent)}}
    ).execute()
    recorded = tmp_path / ".o2o" / "progress.jsonl"
    assert not recorded.exists() or recorded.read_text() == "", recorded.read_text()
    assert os.environ.get("O2O_PROGRESS") is None


def _transactions() -> pd.DataFrame:
    from o2o_models import scenarios

    return scenarios.load_transactions()


def _common_slips() -> list[tuple[str, int, float, str]]:
    """Each common slip the issue names, computed from the models and data as the student would make it."""
    from o2o_models import groupbuy, membership, scenarios

    cinema, restaurant, log = scenarios.merchant("cinema"), scenarios.merchant("restaurant"), _transactions()
    return [
        (
            "intro",
            2,
            float(groupbuy.voucher_margin(cinema.list_price, cinema.discount, 0.0, cinema.unit_cost)),
            "rebate",
        ),
        ("intro", 3, float((log["channel"] == "groupbuy").mean()), "count the sales (rows)"),
        ("leg1", 5, float(membership.retention_clv(restaurant.member_margin, restaurant.retention, 0.0)), "discounted"),
    ]


@pytest.mark.parametrize(
    "index", range(3), ids=["00-ex2-rebate-forgotten", "00-ex3-rows-counted", "01-ex5-no-discounting"]
)
def test_a_common_slip_is_named(index: int) -> None:
    lesson, exercise, slip, words = _common_slips()[index]
    question = importlib.import_module(f"o2o_models.lessons.{lesson}").WORKBOOK.questions[exercise]
    shown = round(slip, max(question.places, 0))
    feedback = question.check(shown)
    assert not feedback.correct and "is what you get if" in feedback.message and words in feedback.message
