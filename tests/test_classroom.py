"""Student copies hide worked solutions; refreshing lessons never loses a student's work."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from o2o_models.classroom import get_lessons, is_solution, lesson_paths, student_copy, write_student_copies


def _lesson(path: Path, answer: str = "answer = ...") -> Path:
    notebook = nbformat.v4.new_notebook()
    solution = nbformat.v4.new_markdown_cell("<details><summary>Worked solution</summary>42</details>")
    solution.metadata["tags"] = ["solution"]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Lesson"),
        nbformat.v4.new_code_cell(f"{answer}\nprint('self-check')"),
        solution,
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_a_student_copy_has_no_solution_and_keeps_every_code_cell() -> None:
    for path in lesson_paths():
        original = nbformat.read(path, as_version=4)
        copy = student_copy(original)
        assert not any(is_solution(cell) for cell in copy.cells)
        assert [c.source for c in copy.cells if c.cell_type == "code"] == \
               [c.source for c in original.cells if c.cell_type == "code"]


def test_the_lessons_have_worked_solutions_to_hide() -> None:
    for path in lesson_paths():
        cells = nbformat.read(path, as_version=4).cells
        assert sum(is_solution(cell) for cell in cells) >= 3, path.name


def test_student_copies_are_written_elsewhere_and_still_run(tmp_path: Path) -> None:
    source = _lesson(tmp_path / "00_demo.ipynb")
    out = tmp_path / "students"
    [copy] = write_student_copies(out, [source])
    notebook = nbformat.read(copy, as_version=4)
    assert len(notebook.cells) == 2
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    assert nbformat.read(source, as_version=4).cells[2].metadata["tags"] == ["solution"]


def test_student_copies_refuse_to_overwrite_the_originals(tmp_path: Path) -> None:
    source = _lesson(tmp_path / "00_demo.ipynb")
    with pytest.raises(ValueError, match="is the lessons folder"):
        write_student_copies(tmp_path, [source])


def test_get_lessons_copies_then_updates_untouched_lessons(tmp_path: Path) -> None:
    source = _lesson(tmp_path / "00_demo.ipynb")
    work = tmp_path / "work"
    assert get_lessons(work, [source])["copied"] == [work / "00_demo.ipynb"]
    assert get_lessons(work, [source])["unchanged"] == [work / "00_demo.ipynb"]
    _lesson(source, answer="answer = 1")
    assert get_lessons(work, [source])["copied"] == [work / "00_demo.ipynb"]
    assert "answer = 1" in (work / "00_demo.ipynb").read_text()


def test_get_lessons_never_overwrites_a_lesson_the_student_changed(tmp_path: Path) -> None:
    source = _lesson(tmp_path / "00_demo.ipynb")
    work = tmp_path / "work"
    get_lessons(work, [source])
    _lesson(work / "00_demo.ipynb", answer="answer = 'my work'")
    _lesson(source, answer="answer = 2")
    report = get_lessons(work, [source])
    assert report["kept"] == [work / "00_demo.ipynb"]
    assert "my work" in (work / "00_demo.ipynb").read_text()
    assert "answer = 2" in (work / "00_demo.new.ipynb").read_text()
