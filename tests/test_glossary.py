"""The glossary covers the lessons' Chinese terms and refuses a bad file clearly."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from o2o_models.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[1]


def test_every_term_has_pinyin_english_and_a_meaning() -> None:
    glossary = load_glossary()
    assert len(glossary) >= 40
    assert (glossary.apply(lambda row: row.str.len() > 0)).all().all()


def test_every_term_has_a_meaning_written_in_chinese_for_chinese_readers() -> None:
    """``meaning_zh`` is Chinese prose, not the English copied: mostly Chinese characters, and a full sentence."""
    for term, meaning in load_glossary()[["term_zh", "meaning_zh"]].itertuples(index=False):
        chinese = len(re.findall(r"[\u4e00-\u9fff]", meaning))
        assert chinese >= 4 and chinese > len(re.findall(r"[A-Za-z]", meaning)), term
        assert meaning.endswith("。"), term


def test_a_chinese_lesson_shows_the_chinese_meaning_and_an_english_one_the_english() -> None:
    from o2o_models import text
    from o2o_models.lessons.common import words

    try:
        text.language("zh")
        chinese = words(["团购"])
        chinese_html = chinese.to_html()  # a table is written in the language in use when it is shown
        text.language("en")
        english = words(["团购"])
    finally:
        text.language("en")
    assert list(chinese.data["meaning"]) == ["平台把商家的优惠做成打折的团购券，一次卖给许多买家。"]
    assert list(english.data["meaning"]) == [load_glossary().set_index("term_zh").loc["团购", "meaning"]]
    assert list(english.data.columns) == ["term_zh", "pinyin", "term_en", "meaning"]
    assert "词语" in chinese_html and "meaning" in english.to_html()


def test_the_terms_the_lessons_lean_on_are_there() -> None:
    terms = set(load_glossary()["term_zh"])
    for term in [
        "团购",
        "返点",
        "信任背书",
        "预付款",
        "微信服务号",
        "微信小店",
        "小二",
        "广点通",
        "竞价排名",
        "去中心化",
    ]:
        assert term in terms, term


def test_every_chinese_term_a_lesson_explains_is_in_the_glossary() -> None:
    """Terms in bold or in brackets outside quotations, e.g. **团购** or (返点), up to six characters."""
    terms = set(load_glossary()["term_zh"])
    term = r"[A-Za-z0-9]*[\u4e00-\u9fff]{1,6}"
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        text = "\n".join(
            line
            for c in cells
            if c.cell_type == "markdown"
            for line in c.source.splitlines()
            if not line.startswith(">")
        )
        for found in re.findall(rf"\*\*({term})\*\*|[(（]({term})[)）]", text):
            name = found[0] or found[1]
            assert name in terms, f"{path.name} explains {name}, which the glossary lacks"


def test_an_empty_field_names_the_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.csv"
    bad.write_text("term_zh,pinyin,term_en,meaning,meaning_zh\n团购,tuángòu,group-buy,,团购\n", encoding="utf-8")
    with pytest.raises(ValueError, match="glossary.csv line 2, field 'meaning': empty"):
        load_glossary(bad)


def test_a_duplicate_term_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.csv"
    bad.write_text("term_zh,pinyin,term_en,meaning,meaning_zh\n团购,a,b,c,d\n团购,a,b,c,d\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3, field 'term_zh': '团购' is already on line 2"):
        load_glossary(bad)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.csv"
    bad.write_text("term_zh,pinyin,term_en,meaning\n团购,a,b,c\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"missing column\(s\) \['meaning_zh'\]"):
        load_glossary(bad)


def test_an_unquoted_comma_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.csv"
    bad.write_text("term_zh,pinyin,term_en,meaning,meaning_zh\n团购,a,b,cheap, frequent,d\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: more fields than the header's 5; quote a field that holds a comma"):
        load_glossary(bad)


def test_a_chinese_lesson_keeps_the_glossarys_english_terms_in_english() -> None:
    """'paid traffic' is also a chart's message (付费流量), yet the glossary's English column says it in English."""
    from o2o_models import text
    from o2o_models.lessons.common import words

    try:
        text.language("zh")
        html = words(["付费流量", "电影"]).to_html()
    finally:
        text.language("en")
    assert ">paid traffic</td>" in html and ">cinema</td>" in html
