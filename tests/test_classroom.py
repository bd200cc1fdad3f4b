"""Students get lessons without worked solutions, and no update ever loses a student's edit."""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from o2o_models.workshop import classroom
from o2o_models.workshop.classroom import (
    MANIFEST,
    every_lesson,
    get_lessons,
    get_lessons_main,
    is_solution,
    lesson_paths,
    student_copy,
    write_student_copies,
)


def _lesson(path: Path, answer: str = "answer = ...") -> Path:
    notebook = nbformat.v4.new_notebook()
    solution = nbformat.v4.new_markdown_cell("<details><summary>Worked solution</summary>42</details>")
    solution.metadata["o2o"] = {"solution": 1}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Lesson"),
        nbformat.v4.new_code_cell(f"{answer}\nprint('self-check')"),
        solution,
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def _edit(path: Path, text: str) -> None:
    """What a student does: change a code cell's text and save."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].source = text
    nbformat.write(notebook, path)


def _run(path: Path) -> None:
    """What running a lesson does to the file: outputs, execution counts, metadata."""
    notebook = nbformat.read(path, as_version=4)
    for count, cell in enumerate(c for c in notebook.cells if c.cell_type == "code"):
        cell.execution_count = count + 1
        cell.outputs = [nbformat.v4.new_output("stream", text="self-check\n")]
        cell.metadata["execution"] = {"iopub.status.idle": "2026-11-25T10:00:00Z"}
    notebook.metadata["language_info"] = {"name": "python", "version": "3.12.0"}
    nbformat.write(notebook, path)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    (tmp_path / "lessons").mkdir()
    return _lesson(tmp_path / "lessons" / "00_demo.ipynb")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "work"


def test_a_student_copy_has_no_solution_and_keeps_every_code_cell() -> None:
    for path in lesson_paths():
        original = nbformat.read(path, as_version=4)
        copy = student_copy(original)
        assert not any(is_solution(cell) for cell in copy.cells)
        assert [c.source for c in copy.cells if c.cell_type == "code"] == [
            c.source for c in original.cells if c.cell_type == "code"
        ]


def test_the_lessons_have_worked_solutions_to_hide() -> None:
    for path in lesson_paths():
        cells = nbformat.read(path, as_version=4).cells
        assert sum(is_solution(cell) for cell in cells) >= 3, path.name


def test_student_copies_are_written_elsewhere_and_still_run(source: Path, tmp_path: Path) -> None:
    [copy] = write_student_copies(tmp_path / "students", [source])
    notebook = nbformat.read(copy, as_version=4)
    assert len(notebook.cells) == 2
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    assert is_solution(nbformat.read(source, as_version=4).cells[2]), "the original keeps its worked solution"


def test_student_copies_refuse_to_overwrite_the_originals(source: Path) -> None:
    with pytest.raises(ValueError, match="is the lessons folder"):
        write_student_copies(source.parent, [source])


def test_students_get_every_lesson_without_its_worked_solutions(work: Path) -> None:
    report = get_lessons(work)
    assert [p.name for p in report["copied"]] == [p.name for p in lesson_paths()]
    for path in report["copied"]:
        assert not any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells), path.name
        assert "Worked solution" not in path.read_text()


def test_trainers_get_the_worked_solutions_when_they_ask(work: Path) -> None:
    report = get_lessons(work, with_solutions=True)
    for path in report["copied"]:
        assert any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells), path.name


def test_untouched_lessons_are_updated_and_up_to_date_ones_left_alone(source: Path, work: Path) -> None:
    assert get_lessons(work, [source])["copied"] == [work / "00_demo.ipynb"]
    assert get_lessons(work, [source])["unchanged"] == [work / "00_demo.ipynb"]
    _lesson(source, answer="answer = 1")
    assert get_lessons(work, [source])["copied"] == [work / "00_demo.ipynb"]
    assert "answer = 1" in (work / "00_demo.ipynb").read_text()


def test_running_a_lesson_is_not_an_edit_so_it_is_updated_in_place(source: Path, work: Path) -> None:
    get_lessons(work, [source])
    _run(work / "00_demo.ipynb")
    _lesson(source, answer="answer = 1")
    report = get_lessons(work, [source])
    assert report["copied"] == [work / "00_demo.ipynb"]
    assert not (work / "00_demo.new.ipynb").exists()


def test_a_lesson_the_student_edited_is_kept_and_the_new_one_lands_beside_it(source: Path, work: Path) -> None:
    get_lessons(work, [source])
    _edit(work / "00_demo.ipynb", "answer = 'my work'")
    _lesson(source, answer="answer = 2")
    report = get_lessons(work, [source])
    assert report["kept"] == [work / "00_demo.ipynb"]
    assert report["beside"] == [work / "00_demo.new.ipynb"]
    assert "my work" in (work / "00_demo.ipynb").read_text()
    assert "answer = 2" in (work / "00_demo.new.ipynb").read_text()


def test_an_edited_lesson_with_no_newer_version_gets_no_new_copy(source: Path, work: Path) -> None:
    get_lessons(work, [source])
    _edit(work / "00_demo.ipynb", "answer = 'my work'")
    report = get_lessons(work, [source])
    assert report["edited"] == [work / "00_demo.ipynb"] and report["kept"] == []
    assert sorted(p.name for p in work.glob("*.ipynb")) == ["00_demo.ipynb"]


def test_an_untouched_new_copy_is_refreshed_by_the_next_update(source: Path, work: Path) -> None:
    get_lessons(work, [source])
    _edit(work / "00_demo.ipynb", "answer = 'my work'")
    _lesson(source, answer="answer = 2")
    get_lessons(work, [source])
    _run(work / "00_demo.new.ipynb")
    _lesson(source, answer="answer = 3")
    assert get_lessons(work, [source])["beside"] == [work / "00_demo.new.ipynb"]
    assert "answer = 3" in (work / "00_demo.new.ipynb").read_text()


def test_a_new_copy_the_student_edited_is_never_overwritten_either(source: Path, work: Path) -> None:
    get_lessons(work, [source])
    _edit(work / "00_demo.ipynb", "answer = 'my work'")
    _lesson(source, answer="answer = 2")
    get_lessons(work, [source])
    _edit(work / "00_demo.new.ipynb", "answer = 'more of my work'")
    _lesson(source, answer="answer = 3")
    report = get_lessons(work, [source])
    assert report["beside"] == [work / "00_demo.new-2.ipynb"]
    assert "my work" in (work / "00_demo.ipynb").read_text()
    assert "more of my work" in (work / "00_demo.new.ipynb").read_text()
    assert "answer = 3" in (work / "00_demo.new-2.ipynb").read_text()


def test_a_file_that_was_never_delivered_is_kept(source: Path, work: Path) -> None:
    work.mkdir()
    (work / "00_demo.ipynb").write_text("my notes, not a notebook")
    report = get_lessons(work, [source])
    assert report["kept"] == [work / "00_demo.ipynb"]
    assert (work / "00_demo.ipynb").read_text() == "my notes, not a notebook"


def _one_run(folder: str, lesson: str) -> int:
    return len(get_lessons(Path(folder), [Path(lesson)])["kept"])


def test_concurrent_runs_leave_a_readable_manifest_and_the_lessons_whole(source: Path, work: Path) -> None:
    with ProcessPoolExecutor(max_workers=4) as pool:
        kept = list(pool.map(_one_run, [str(work)] * 40, [str(source)] * 40))
    assert kept == [0] * 40
    assert json.loads((work / MANIFEST).read_text())["version"] == 2
    assert nbformat.read(work / "00_demo.ipynb", as_version=4).cells[1].source.startswith("answer = ...")
    assert sorted(p.name for p in work.iterdir()) == [
        ".o2o-lessons.json",
        ".o2o-lessons.lock",
        "00_demo.ipynb",
    ]


def _command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = get_lessons_main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _failure(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command, check it failed with one plain line and no traceback, return that line."""
    code, out, err = _command(argv, capsys)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "Error" not in err
    return err


def test_the_command_says_where_each_lesson_went(source: Path, work: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(classroom, "lesson_paths", lambda **edition: [source])
    assert _command([str(work)], capsys)[1].splitlines() == [
        f"Your lessons are in {work}",
        "  copied      00_demo.ipynb",
    ]
    _edit(work / "00_demo.ipynb", "answer = 'my work'")
    _lesson(source, answer="answer = 2")
    code, out, _ = _command([str(work)], capsys)
    assert code == 0
    assert "kept your changes in 00_demo.ipynb; the new version is 00_demo.new.ipynb" in out


@pytest.mark.parametrize("in_the_way", ["work/lessons", "work"], ids=["the folder is a file", "its parent is"])
def test_a_file_in_the_folders_way_is_one_plain_sentence(tmp_path: Path, capsys, in_the_way: str) -> None:
    work, blocker = tmp_path / "work", tmp_path / in_the_way
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    assert "is not a folder: a file is in the way" in _failure([str(work / "lessons")], capsys)
    assert blocker.read_text() == "not a folder"


def test_a_damaged_manifest_is_one_plain_sentence_and_touches_nothing(work: Path, capsys) -> None:
    get_lessons(work)
    (work / MANIFEST).write_text('{"version": 2}{"version": 2}')
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    assert "is damaged (not valid JSON): move it aside" in _failure([str(work)], capsys)
    assert {p.name: p.read_bytes() for p in work.iterdir()} == before


def test_a_folder_held_by_another_run_is_one_plain_sentence(work: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(classroom, "LOCK_WAIT_S", 0.2)
    work.mkdir()
    with classroom._locked(work):
        assert "another o2o-get-lessons is updating" in _failure([str(work)], capsys)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: see the simulated case below")
def test_a_read_only_folder_is_one_plain_sentence(work: Path, capsys) -> None:
    work.mkdir(mode=0o500)
    assert "permission denied" in _failure([str(work)], capsys)


def test_a_refused_write_is_one_plain_sentence(work: Path, capsys, monkeypatch) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(classroom.os, "replace", refuse)
    assert "permission denied" in _failure([str(work)], capsys)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", lesson_paths(), ids=lambda path: path.stem)
def test_every_lessons_student_copy_runs_with_its_exercises_left_for_the_student(lesson: Path, tmp_path: Path) -> None:
    [copy] = write_student_copies(tmp_path / "students", [lesson])
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(lesson.parent)}}
    ).execute()
    checks = [cell for cell in notebook.cells if cell.cell_type == "code" and "lesson.check(" in cell.source]
    assert checks, "a lesson with no self-check"
    for cell in checks:
        assert "..." in cell.source
        shown = "".join(str(output.get("data", {}).get("text/markdown", "")) for output in cell.outputs)
        assert "No answer yet" in shown or "returns nothing yet" in shown, cell.source


def test_students_who_read_chinese_get_the_chinese_lessons_beside_the_english_ones(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """``o2o-get-lessons --lang zh`` delivers notebooks/zh/ into FOLDER/zh: both editions kept, each with its edits."""
    originals = tmp_path / "lessons"
    (originals / "zh").mkdir(parents=True)
    _lesson(originals / "00_demo.ipynb")
    _lesson(originals / "zh" / "00_demo.ipynb", answer="answer = ...  # 你的答案")
    monkeypatch.setenv("O2O_LESSONS_DIR", str(originals))
    work = tmp_path / "work"
    assert _command([str(work)], capsys)[1].splitlines()[-1] == "  copied      00_demo.ipynb"
    _edit(work / "00_demo.ipynb", "answer = 'my work'")
    code, out, _ = _command([str(work), "--lang", "zh"], capsys)
    assert code == 0 and out.splitlines() == [f"Your lessons are in {work / 'zh'}", "  copied      00_demo.ipynb"]
    assert "你的答案" in (work / "zh" / "00_demo.ipynb").read_text(encoding="utf-8")
    assert "my work" in (work / "00_demo.ipynb").read_text(encoding="utf-8")
    assert not any(is_solution(cell) for cell in nbformat.read(work / "zh" / "00_demo.ipynb", as_version=4).cells)


def test_a_language_with_no_lessons_or_not_offered_is_one_plain_sentence(tmp_path: Path, capsys, monkeypatch) -> None:
    originals = tmp_path / "lessons"
    originals.mkdir()
    _lesson(originals / "00_demo.ipynb")
    monkeypatch.setenv("O2O_LESSONS_DIR", str(originals))
    assert f"no lessons found in {originals / 'zh'}" in _failure([str(tmp_path / "work"), "--lang", "zh"], capsys)
    with pytest.raises(ValueError, match="language='fr' is not offered: choose one of en, zh"):
        lesson_paths(language="fr")


def test_the_shipped_chinese_lessons_are_copied_beside_the_english_with_no_worked_solution(tmp_path: Path) -> None:
    """The hub's copies hold both editions (hub/config.py, hub/spawner.py), the Chinese in zh/."""
    written = write_student_copies(tmp_path / "copies", every_lesson())
    names = [path.relative_to(tmp_path / "copies").as_posix() for path in written]
    chinese = [path.name for path in lesson_paths(language="zh")]
    assert chinese and names == [path.name for path in lesson_paths()] + [f"zh/{name}" for name in chinese]
    for path in written:
        assert not any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells), path
    with pytest.raises(ValueError, match="is the lessons folder"):
        write_student_copies(lesson_paths()[0].parent, lesson_paths(language="zh"))
