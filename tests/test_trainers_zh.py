"""TRAINERS.zh.md, the Chinese trainer's guide, says what the English guide says: the same figures, the
same plans, the same commands; and each guide leads to the other."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = (ROOT / "TRAINERS.md").read_text()
CHINESE = (ROOT / "TRAINERS.zh.md").read_text()
FIGURE = re.compile(r"(?<![\w.])[−+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
COMMAND = re.compile(r"`((?:sudo |make |o2o-|watch |getent )[^`]*)`")


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\d{{4}} 年 \d{{1,2}} 月 \d{{1,2}} 日|\d{{1,2}} (?:{MONTHS}) \d{{4}}")
NAMES = re.compile(r"[A-Za-z_]*\d[\w-]*[A-Za-z_][\w-]*|[A-Za-z_]+\d\w*")  # O2O, H5, NN_name, 6b: names, not figures
PLAN_ROW = re.compile(r"^\| (\d+:\d\d) \|[^|]+\|([^|]*)\|$", re.M)


def _figures(text: str) -> Counter:
    """The figures ``text`` states, dates aside (a date is written differently in each language)."""
    words = NAMES.sub(" ", DATE.sub(" ", text))
    return Counter(figure.replace("−", "-") for figure in FIGURE.findall(words))


def _plan_rows(guide: str, title: str) -> list[tuple[str, str]]:
    section = guide.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    return [(clock, lesson.strip()) for clock, lesson in PLAN_ROW.findall(section)]


def test_every_figure_of_the_chinese_guide_is_a_figure_of_the_english_guide() -> None:
    left_over = _figures(CHINESE) - _figures(ENGLISH)
    assert not left_over, f"figures the English guide does not state: {sorted(left_over)}"


def test_the_chinese_plans_are_the_english_plans_row_for_row() -> None:
    for english, chinese in (("Half-day plan (3 h 45 min)", "半天安排（3 h 45 min）"), ("Full-day plan", "全天安排")):
        assert _plan_rows(CHINESE, chinese) == _plan_rows(ENGLISH, english), chinese
    assert "7 h 50 min：教学 6 h 20 min，休息 1 h 30 min" in CHINESE
    assert "(7 h 50 min: 6 h 20 min of teaching, 1 h 30 min of breaks)" in ENGLISH


def test_every_command_the_chinese_guide_gives_is_one_the_english_guide_gives_or_a_language_choice() -> None:
    english = set(COMMAND.findall(ENGLISH)) | set(re.findall(r"^(sudo [^#\n]*?)\s*(?:#|$)", ENGLISH, re.M))
    for command in COMMAND.findall(CHINESE) + re.findall(r"^(sudo [^#\n]*?)\s*(?:#|$)", CHINESE, re.M):
        assert command in english or command.endswith("--lang zh"), command


def test_the_language_choice_the_guide_gives_is_one_the_lessons_command_takes(capsys) -> None:
    from o2o_models.workshop import classroom

    assert "o2o-get-lessons --lang zh" in CHINESE
    with pytest.raises(SystemExit):
        classroom.get_lessons_main(["--help"])
    assert "--lang" in capsys.readouterr().out


def test_each_guide_leads_to_the_other_and_to_the_readme_in_its_language() -> None:
    assert "(TRAINERS.zh.md)" in ENGLISH
    assert "(TRAINERS.md)" in CHINESE and "(README.zh.md)" in CHINESE


def test_the_chinese_guide_has_every_section_a_trainer_needs() -> None:
    headings = re.findall(r"^## (.+)$", CHINESE, re.M)
    for needed in ("学员要求", "课前准备", "服务器", "半天安排", "全天安排", "投影脚本", "讨论题", "常见错误", "解答"):
        assert any(needed in heading for heading in headings), needed
