"""A lesson's markup is metadata that every tool reads the same way (o2o_models.lessons.markup)."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from lessons_support import lesson_id, lesson_sources

from o2o_models.lessons import markup

SOURCES = lesson_sources()


def test_a_worked_solution_folded_for_the_notebook_unfolds_to_its_own_text() -> None:
    working = "By (2), c* = 1 - 100 / 120 = **0.17**.\n\n```python\nx = 1\n```"
    cell = nbformat.v4.new_markdown_cell(markup.solution_markdown(working), metadata={"o2o": {"solution": 1}})
    assert markup.is_solution(cell) and markup.solution(cell) == 1
    assert markup.solution_text(cell) == working
    assert "<details>" in cell.source and markup.SOLUTION_SUMMARY in cell.source


def test_site_only_text_is_hidden_in_the_notebook_and_shown_whole_on_the_site() -> None:
    text = "On this site the charts have sliders too.\nSee the README -> Start here."
    cell = nbformat.v4.new_markdown_cell(markup.hidden(text), metadata={"tags": [markup.SITE_ONLY]})
    assert cell.source.startswith("<!--") and cell.source.endswith("-->")
    assert markup.site_text(cell) == text
    untagged = nbformat.v4.new_markdown_cell(markup.hidden(text))
    assert markup.site_text(untagged) == untagged.source


def test_the_takeaways_are_the_tagged_cell_without_its_heading() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("## Key takeaways\n\n- one\n- two", metadata={"tags": [markup.TAKEAWAYS]})
    ]
    assert markup.takeaways(notebook) == "- one\n- two"
    assert markup.takeaways(nbformat.v4.new_notebook()) is None


@pytest.mark.parametrize("source", SOURCES, ids=lesson_id)
def test_every_cell_of_a_source_has_a_unique_name_and_every_exercise_its_solution_marker(source: Path) -> None:
    notebook = jupytext.read(source, fmt="md:myst")
    names = [markup.name(cell) for cell in notebook.cells]
    assert all(names) and len(set(names)) == len(names)
    exercises = [markup.exercise(c) for c in notebook.cells if markup.exercise(c) is not None]
    solutions = [markup.solution(c) for c in notebook.cells if markup.is_solution(c)]
    assert exercises == solutions == sorted(exercises) and exercises


@pytest.mark.parametrize("source", SOURCES, ids=lesson_id)
def test_every_declared_panel_is_a_panel_of_the_declared_lesson_module(source: Path) -> None:
    notebook = jupytext.read(source, fmt="md:myst")
    module = markup.lesson_module(notebook)
    for cell in notebook.cells:
        if markup.panel(cell):
            assert callable(getattr(module, markup.panel(cell), None)), markup.panel(cell)
            assert f"lesson.{markup.panel(cell)}(" in cell.source, markup.name(cell)


@pytest.mark.parametrize("source", SOURCES, ids=lesson_id)
def test_a_student_reads_no_test_directive_in_a_code_cell(source: Path) -> None:
    """nbval's directives are cell tags (``nbval-check-output``), not a ``# NBVAL_CHECK_OUTPUT`` line a student
    reads above the call and wonders about; the tag is one nbval reads."""
    notebook = jupytext.read(source, fmt="md:myst")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not [markup.name(cell) for cell in code if "NBVAL" in cell.source]
    checked = [cell for cell in code if markup.has_tag(cell, "nbval-check-output")]
    assert checked or source.stem.startswith(("00", "02")), "the tables nbval compares are tagged"
