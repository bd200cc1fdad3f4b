"""The README, in English and in Chinese (README.zh.md), tells the truth about the lessons and the commands it lists."""

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
README_ZH = (ROOT / "README.zh.md").read_text(encoding="utf-8")
BOTH = pytest.mark.parametrize("readme", [README, README_ZH], ids=["en", "zh"])
TIME = {
    "en": (r" \|[^|]+\| (\d+) min \|", r"\*\*Estimated time:\*\* (\d+) minutes"),
    "zh": (r"[^|]* \|[^|]+\| (\d+) 分钟 \|", r"\*\*预计用时：\*\* (\d+) 分钟"),
}
"""How each README's lesson table gives a lesson's time, and how a lesson in that language states it."""
STILL_ENGLISH = "（暂为英文）"
"""After a lesson's link in the Chinese README's table: the lesson has no Chinese edition yet."""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_each_lessons_time_in_the_readme_is_the_time_the_lesson_states(language: str) -> None:
    readme = README if language == "en" else README_ZH
    row, stated_time = TIME[language]
    rows = {
        stem: (path, time)
        for path, stem, time in re.findall(r"\]\((notebooks/(?:zh/)?(\d\d_\w+)\.ipynb)\)" + row, readme)
    }
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(rows) == [path.stem for path in lessons]
    for path in lessons:
        linked, time = rows[path.stem]
        stated = re.search(TIME["en"][1], nbformat.read(path, as_version=4).cells[0].source)
        assert stated and stated.group(1) == time, path.stem
        if linked.startswith("notebooks/zh/"):  # the Chinese lesson states the same time in Chinese
            stated = re.search(stated_time, nbformat.read(ROOT / linked, as_version=4).cells[0].source)
            assert stated and stated.group(1) == time, linked


def test_the_chinese_readme_links_each_lesson_in_chinese_where_it_has_one_and_says_which_are_english() -> None:
    for linked, after in re.findall(r"\]\((notebooks/(?:zh/)?\d\d_\w+\.ipynb)\)(\S*)", README_ZH):
        assert (ROOT / linked).is_file(), linked
        assert linked.startswith("notebooks/zh/") != after.startswith(STILL_ENGLISH), linked
        chinese = ROOT / "notebooks" / "zh" / Path(linked).name
        assert linked.startswith("notebooks/zh/") or not chinese.is_file(), f"{linked}: link its Chinese edition"


def test_each_readme_links_the_other() -> None:
    assert "](README.zh.md)" in README and "](README.md)" in README_ZH


@BOTH
def test_every_make_target_the_readme_names_exists(readme: str) -> None:
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), flags=re.M))
    for target in set(re.findall(r"make ([a-z][\w-]*)", readme)):
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


@pytest.mark.parametrize(
    ("readme", "heading", "people"),
    [
        (README, "## Start here", ("Students", "Trainers", "Readers")),
        (README_ZH, "## 从这里开始", ("学生", "培训师", "读者")),
    ],
    ids=["en", "zh"],
)
def test_start_here_speaks_to_students_trainers_and_readers_separately(readme: str, heading: str, people) -> None:
    start = readme.split(heading, 1)[1].split("\n## ", 1)[0]
    for who, command in zip(people, ("make lab`", "make lab-trainer", "make site")):
        line = next(line for line in start.splitlines() if line.startswith(f"- **{who}**"))
        assert command in start.split(f"- **{who}**", 1)[1].split("\n- **", 1)[0], (who, line)


def test_the_chinese_readmes_command_places_the_chinese_lessons_where_it_says(tmp_path: Path) -> None:
    from o2o_models.workshop.classroom import get_lessons_main, lesson_paths

    command = re.search(r"^\.venv/bin/o2o-get-lessons (\S+) --lang zh\s+# .*?(\S+/zh/)$", README_ZH, flags=re.M)
    assert command, "the Chinese README gives no command for the Chinese lessons"
    folder, said = command.groups()
    assert said == f"{folder}/zh/"
    assert get_lessons_main([str(tmp_path / folder), "--lang", "zh"]) == 0
    placed = sorted(p.name for p in (tmp_path / folder / "zh").glob("*.ipynb"))
    assert placed == [p.name for p in lesson_paths(language="zh")] != []
