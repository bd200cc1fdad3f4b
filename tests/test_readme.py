"""The README tells the truth about the lessons and the commands it lists."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

import o2o_models

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
