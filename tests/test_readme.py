"""The README tells the truth about the lessons and the commands it lists."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

import o2o_models
from o2o_models.workshop.classroom import get_lessons, is_solution

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_each_lessons_time_in_the_readme_is_the_time_the_lesson_states() -> None:
    rows = dict(re.findall(r"\]\(notebooks/(\d\d_\w+)\.ipynb\) \|[^|]+\| (\d+) min \|", README))
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(rows) == [path.stem for path in lessons]
    for path in lessons:
        stated = re.search(r"\*\*Estimated time:\*\* (\d+) minutes", nbformat.read(path, as_version=4).cells[0].source)
        assert stated and stated.group(1) == rows[path.stem], path.stem


def test_every_make_target_the_readme_names_exists() -> None:
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), flags=re.M))
    for target in set(re.findall(r"make ([a-z][\w-]*)", README)):
        assert target in targets, target


def test_every_module_the_readme_lists_exists() -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `o2o_models/` |"))
    package = Path(o2o_models.__file__).parent
    for name in set(re.findall(r"`([\w/.]+)`", row.split("|")[2])) - {"data/"}:
        path = package / name.rstrip("/")
        assert path.with_suffix(".py").exists() or path.exists(), name


def _dry_run(target: str) -> list[str]:
    """The commands ``make target`` would run (``make -n``, nothing is run), with the venv's folder cut off."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", target, "VENV=/nonexistent-venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line.replace("/nonexistent-venv/bin/", "") for line in done.stdout.splitlines()]


def test_a_students_first_command_opens_their_own_solution_free_copies(tmp_path: Path) -> None:
    *_, in_chinese, place, open_lab = _dry_run("lab")
    assert place.startswith("o2o-get-lessons ")
    folder = place.split()[1]
    assert in_chinese == f"o2o-get-lessons {folder} --lang zh"  # the Chinese edition in {folder}/zh/
    assert open_lab.startswith("jupyter lab ") and open_lab.endswith(f" {folder}/")
    ignored = subprocess.run(["git", "check-ignore", "-q", f"{folder}/00_introduction.ipynb"], cwd=ROOT)
    assert ignored.returncode == 0, f"{folder}/ holds a student's own work: git must ignore it"
    report = get_lessons(tmp_path / folder)
    assert report["copied"]
    for path in report["copied"]:
        assert not any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells), path.name


def test_the_trainer_opens_the_originals_through_a_named_command() -> None:
    assert _dry_run("lab-trainer")[-1].endswith(" notebooks/")


def test_start_here_speaks_to_students_trainers_and_readers_separately() -> None:
    start = README.split("## Start here", 1)[1].split("\n## ", 1)[0]
    for who, command in (("Students", "make lab`"), ("Trainers", "make lab-trainer"), ("Readers", "make site")):
        line = next(line for line in start.splitlines() if line.startswith(f"- **{who}**"))
        assert command in start.split(f"- **{who}**", 1)[1].split("\n- **", 1)[0], (who, line)
