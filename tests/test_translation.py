"""Each Chinese text unit records the version of the English it translates: a changed English sentence
makes the Chinese out of step until it is updated and its record renewed; the code cells are the English ones,
their comments in Chinese on the same lines."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

from o2o_models.lessons import fidelity, markup, translation

ROOT = Path(__file__).resolve().parents[1]
CHINESE_SOURCES = sorted((ROOT / "notebooks" / translation.CHINESE).glob("[0-9][0-9]_*.md"))
ENGLISH = """---
o2o:
  lesson_module: o2o_models.lessons.intro
---

+++ {"name": "title"}

# One voucher

+++ {"name": "voucher-intro"}

A voucher sells at a discount, and the platform keeps a rebate.

```{code-cell}
:name: setup
:tags: [setup]

from o2o_models.lessons import intro as lesson
```

```{code-cell}
:name: warmup-panel

lesson.warmup_panel()
```
"""
CHINESE = """---
o2o:
  lesson_module: o2o_models.lessons.intro
  lang: zh
---

+++ {"name": "title", "o2o": {"translates": "TITLE"}}

# 一张团购券

+++ {"name": "voucher-intro", "o2o": {"translates": "INTRO"}}

团购券打折出售，平台从中收取返点。

```{code-cell}
:name: setup
:tags: [setup]

from o2o_models.lessons import intro as lesson
lesson.language("zh")
```

```{code-cell}
:name: warmup-panel

lesson.warmup_panel()
```
"""


def _pair(english: str = ENGLISH) -> tuple[dict, dict]:
    theirs = jupytext.reads(english, fmt="md:myst")
    cells = {cell["metadata"].get("name"): cell for cell in theirs["cells"]}
    chinese = CHINESE.replace("TITLE", translation.unit_hash(cells["title"]))
    return theirs, jupytext.reads(
        chinese.replace("INTRO", translation.unit_hash(cells["voucher-intro"])), fmt="md:myst"
    )


def test_a_chinese_lesson_whose_records_match_its_english_follows_it() -> None:
    assert translation.drift(*_pair()) == []


def test_changing_an_english_sentence_puts_its_chinese_out_of_step_until_the_record_is_renewed() -> None:
    english, chinese = _pair()
    changed = jupytext.reads(ENGLISH.replace("keeps a rebate", "keeps a rebate 返点"), fmt="md:myst")
    [problem] = translation.drift(changed, chinese)
    assert problem.startswith("English cell 'voucher-intro' changed since its translation")
    translation.renew(changed, chinese, ["voucher-intro"])
    assert translation.drift(changed, chinese) == []
    assert translation.drift(english, chinese) != []


def test_a_missing_unit_a_unit_with_no_english_and_a_missing_record_are_named() -> None:
    english, chinese = _pair()
    chinese["cells"][0]["metadata"]["name"] = "heading"
    del chinese["cells"][1]["metadata"]["o2o"]
    assert translation.drift(english, chinese) == [
        "English cell 'title' has no Chinese cell",
        "Chinese cell 'heading' translates no English cell",
        f"Chinese cell 'voucher-intro' records no version of its English (o2o: {{translates: "
        f"{translation.unit_hash(english['cells'][1])}}})",
    ]


def test_a_chinese_lesson_runs_the_english_code_cells_apart_from_choosing_its_language() -> None:
    english, chinese = _pair()
    chinese["cells"][-1]["source"] = "lesson.warmup_panel(commission=0.2)"
    assert translation.drift(english, chinese) == [
        "the code cells differ: a Chinese lesson runs the English lesson's code cells, "
        "their comments translated on the same lines"
    ]


def _commented(english_comment: str, chinese_comment: str) -> tuple[dict, dict]:
    """The pair, its warm-up cell ending with a comment in each edition."""
    english, chinese = _pair()
    english["cells"][-1]["source"] = f"lesson.warmup_panel()  # {english_comment}\n# NBVAL_CHECK_OUTPUT"
    chinese["cells"][-1]["source"] = f"lesson.warmup_panel()  # {chinese_comment}\n# NBVAL_CHECK_OUTPUT"
    return english, chinese


def test_a_code_cells_comments_are_a_text_unit_translated_on_the_same_lines_and_kept_in_step() -> None:
    english, chinese = _commented("CNY a month, for 3 months", "每月元，共 3 个月")
    assert translation.drift(english, chinese) == [
        "Chinese cell 'warmup-panel' records no version of its English (o2o: {translates: "
        f"{translation.unit_hash(translation.units(english)['warmup-panel'])}}})"
    ]
    translation.renew(english, chinese, ["warmup-panel"])
    assert translation.drift(english, chinese) == translation.faults(english, chinese) == []
    english["cells"][-1]["source"] = english["cells"][-1]["source"].replace("3 months", "6 months")
    [changed] = translation.drift(english, chinese)
    assert changed.startswith("English cell 'warmup-panel' changed since its translation")
    assert translation.faults(english, chinese) == [
        "Chinese cell 'warmup-panel' does not state its English's figures digit for digit: lacks 6; adds 3"
    ]


def test_a_comment_left_in_english_or_moved_to_another_line_is_named() -> None:
    english, chinese = _commented("CNY a month", "CNY a month")
    assert translation.drift(english, chinese) == [
        "Chinese cell 'warmup-panel' is still the English: translate it, then renew its record"
    ]
    english, chinese = _commented("CNY a month", "每月元")
    chinese["cells"][-1]["source"] = "# 每月元\nlesson.warmup_panel()\n# NBVAL_CHECK_OUTPUT"
    assert translation.drift(english, chinese)[-1].startswith("the code cells differ")


def test_nbvals_directives_are_code_the_same_in_both_editions() -> None:
    english, chinese = _commented("CNY a month", "每月元")
    chinese["cells"][-1]["source"] = chinese["cells"][-1]["source"].replace("NBVAL_CHECK_OUTPUT", "NBVAL_IGNORE_OUTPUT")
    translation.renew(english, chinese, ["warmup-panel"])
    assert translation.drift(english, chinese) == [
        "the code cells differ: a Chinese lesson runs the English lesson's code cells, "
        "their comments translated on the same lines"
    ]


def test_renewing_a_cell_that_is_not_in_both_editions_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="cell='glossary' is not a text unit of both editions"):
        translation.renew(*_pair(), ["glossary"])


def test_the_command_names_what_is_out_of_step_and_renews_the_cells_named(tmp_path: Path, capsys) -> None:
    english, chinese = _pair()
    (tmp_path / translation.CHINESE).mkdir()
    jupytext.write(jupytext.reads(ENGLISH.replace("a rebate", "a rebate 返点"), fmt="md:myst"), tmp_path / "01_x.md")
    jupytext.write(chinese, tmp_path / translation.CHINESE / "01_x.md", fmt="md:myst")
    path = translation.chinese_source(tmp_path / "01_x.md")
    assert translation.main(["check", str(path)]) == 1
    assert "English cell 'voucher-intro' changed since its translation" in capsys.readouterr().out
    assert translation.main(["renew", str(path), "voucher-intro"]) == 0
    assert translation.main(["check", str(path)]) == 0


def test_renewing_a_record_keeps_the_sources_header_whichever_jupytext_is_installed(
    tmp_path: Path, monkeypatch
) -> None:
    """A fresh machine may install a newer jupytext: renewing writes the record, not its version number."""
    from jupytext import header

    english, chinese = _pair()
    (tmp_path / translation.CHINESE).mkdir()
    jupytext.write(jupytext.reads(ENGLISH.replace("a rebate", "a rebate 返点"), fmt="md:myst"), tmp_path / "01_x.md")
    path = translation.chinese_source(tmp_path / "01_x.md")
    jupytext.write(chinese, path, fmt="md:myst")
    stamped = re.search(r"jupytext_version: (\S+)", path.read_text(encoding="utf-8"))[1]
    monkeypatch.setattr(header, "__version__", "99.0.0")
    assert translation.main(["renew", str(path), "voucher-intro"]) == 0
    renewed = path.read_text(encoding="utf-8")
    assert f"jupytext_version: {stamped}" in renewed and "99.0.0" not in renewed
    assert header.INSERT_AND_CHECK_VERSION_NUMBER


def test_start_makes_a_chinese_source_with_the_english_cells_its_language_chosen_and_every_cell_to_translate(
    tmp_path: Path, capsys
) -> None:
    (tmp_path / "01_x.md").write_text(
        ENGLISH.replace("---\no2o:", "---\njupytext:\n  notebook_metadata_filter: o2o\no2o:")
    )
    assert translation.main(["start", str(tmp_path / "01_x.md")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "Chinese cell 'title' is still the English: translate it, then renew its record",
        "Chinese cell 'voucher-intro' is still the English: translate it, then renew its record",
    ]
    started = (tmp_path / translation.CHINESE / "01_x.md").read_text(encoding="utf-8")
    assert "  lang: zh\n" in started
    assert 'from o2o_models.lessons import intro as lesson\nlesson.language("zh")\n' in started
    assert "translates" not in started
    with pytest.raises(SystemExit):
        translation.main(["start", str(tmp_path / "01_x.md")])
    assert "does not overwrite a translation" in capsys.readouterr().err


def test_a_cell_still_in_english_is_named_and_its_record_refused_until_it_is_chinese() -> None:
    english, chinese = _pair()
    chinese["cells"][1]["source"] = english["cells"][1]["source"]
    assert translation.drift(english, chinese) == [
        "Chinese cell 'voucher-intro' is still the English: translate it, then renew its record"
    ]
    with pytest.raises(ValueError, match="cell='voucher-intro' is still the English"):
        translation.renew(english, chinese, ["voucher-intro"])
    chinese["cells"][1]["source"] = "The platform keeps a `rebate` 返点 of $c$."
    assert not translation.still_english(english["cells"][1], chinese["cells"][1])
    chinese["cells"][1]["source"] = "The platform keeps a `返点` of $c$, see [the rebate](#返点)."
    assert translation.still_english(english["cells"][1], chinese["cells"][1])


def test_a_cell_with_no_prose_such_as_a_solution_placeholder_is_never_still_english() -> None:
    placeholder = {"cell_type": "markdown", "source": "% The worked solution of exercise 1: `make notebooks`."}
    assert not translation.still_english(placeholder, placeholder)


def _cell(text: str) -> dict:
    return {"cell_type": "markdown", "source": text, "metadata": {}}


def test_a_figure_is_its_digits_sign_separators_decimals_and_percent_sign_as_written() -> None:
    english = _cell("The margin falls by −718 CNY to 2,810,121 CNY (59.9%), +5,742 CNY in month 17, 14.0 M CNY.")
    chinese = _cell("毛利下降 -718 元，为 2,810,121 元（59.9%）；第 17 个月 +5,742 元，14.0 百万元。")
    assert fidelity.figures(english) == fidelity.figures(chinese)
    assert sorted(fidelity.figures(english)) == ["+5,742", "-718", "14.0", "17", "2,810,121", "59.9%"]
    for changed in ("2810121 元", "2,810,121.0 元", "59.9 个百分点", "718 元"):
        assert fidelity.figures(_cell(changed)) != fidelity.figures(_cell("2,810,121 CNY 59.9% −718")), changed


def test_a_month_name_is_its_number_and_a_quotations_english_rendering_and_names_with_digits_are_no_figures() -> None:
    english = _cell(
        "> 不做团购没客户。\n>\n> *Without 2 group-buys there are no customers.* (our translation)\n>\n"
        "> — 谌基平, 虎嗅 huxiu.com, 29 June 2014\n\nO2O, H5 and C2C in `f(3)`, $x^2$, [Lesson 01](01_x.ipynb)."
    )
    chinese = _cell(
        "> 不做团购没客户。\n>\n> —— 谌基平，虎嗅 huxiu.com，2014 年 6 月 29 日\n\n"
        "O2O、H5 和 C2C，[第 01 课](01_x.ipynb)。"
    )
    assert sorted(fidelity.figures(english).elements()) == ["01", "2014", "29", "6"]
    assert fidelity.figures(english) == fidelity.figures(chinese)


def test_chinese_prose_may_name_the_allowed_abbreviations_and_software_and_cite_works_but_writes_no_english() -> None:
    allowed = _cell(
        "O2O 平台用 GSP 和 VCG 机制（Edelman, Ostrovsky and Schwarz 2007）；用 Python 和 pandas 的 `df.groupby`，"
        "公式 $P(1-d)$，见[文章](https://www.huxiu.com/article/36568)。\n\n"
        'Edelman, B., Jaffe, S. and Kominers, S. D. (2016), "To Groupon or not to Groupon", *Marketing Letters*.'
    )
    assert fidelity.english_words(allowed) == []
    assert fidelity.english_words(_cell("选择 **furniture** 预设，the margin 为负。")) == ["furniture", "the", "margin"]
    assert fidelity.english_words(_cell("> PC时代的团购模式，客户并没有真正进入商家的CRM库。\n>\n> —— 谌基平")) == []


def test_the_command_names_a_figure_the_chinese_lacks_and_english_left_in_it() -> None:
    english, chinese = _pair()
    english["cells"][1]["source"] = "A voucher sells at 50% off, and the platform keeps a 10% rebate."
    chinese["cells"][1]["source"] = "团购券打五折出售，平台收取 10% 的 rebate。"
    translation.renew(english, chinese, ["voucher-intro"])
    assert translation.faults(english, chinese) == [
        "Chinese cell 'voucher-intro' does not state its English's figures digit for digit: lacks 50%; adds none",
        "Chinese cell 'voucher-intro' has English words outside code, formulas and links: rebate",
    ]


def test_the_cells_of_both_editions_come_in_the_same_order_with_the_same_markup() -> None:
    english, chinese = _pair()
    chinese["cells"][0], chinese["cells"][1] = chinese["cells"][1], chinese["cells"][0]
    assert translation.drift(english, chinese) == [
        "the cells' order or markup differ from the English, first at cell 'voucher-intro': the same cells, "
        "in the same order, with the same tags, exercises, solutions and panels"
    ]


def _editions(path: Path) -> tuple[dict, dict]:
    return jupytext.read(translation.english_source(path), fmt="md:myst"), jupytext.read(path, fmt="md:myst")


@pytest.mark.parametrize("path", CHINESE_SOURCES, ids=lambda path: path.stem)
def test_every_chinese_lesson_source_follows_its_english_source(path: Path) -> None:
    """Every English text unit is translated, its record is its English's hash now, and the code cells are the
    English ones: `python -m o2o_models.lessons.translation check notebooks/zh/NN_name.md` says what is not."""
    assert translation.english_source(path).exists(), f"{path.name} has no English source"
    assert translation.chinese_source(translation.english_source(path)) == path
    assert translation.drift(*_editions(path)) == []


@pytest.mark.parametrize("path", CHINESE_SOURCES, ids=lambda path: path.stem)
def test_both_editions_have_the_same_code_cells_panels_and_exercises(path: Path) -> None:
    english, chinese = _editions(path)
    for read in (markup.panel, markup.exercise, markup.solution, markup.tags, markup.name):
        assert [read(cell) for cell in chinese.cells] == [read(cell) for cell in english.cells], read.__name__
    code = [(markup.name(c), translation.without_comments(c.source)) for c in english.cells if c.cell_type == "code"]
    chosen = [
        (markup.name(c), translation.without_comments(c.source.replace('\nlesson.language("zh")', "")))
        for c in chinese.cells
        if c.cell_type == "code"
    ]
    assert chosen == code
    assert markup.language(chinese) == markup.setup_language(chinese) == "zh"


@pytest.mark.parametrize("path", CHINESE_SOURCES, ids=lambda path: path.stem)
def test_every_chinese_cell_states_its_english_cells_figures_digit_for_digit(path: Path) -> None:
    """The English figures are checked against the models (tests/claims.py); the Chinese states the same ones."""
    english, chinese = (translation.units(edition) for edition in _editions(path))
    for name, cell in chinese.items():
        assert fidelity.figures(cell) == fidelity.figures(english[name]), name


@pytest.mark.parametrize("path", CHINESE_SOURCES, ids=lambda path: path.stem)
def test_chinese_prose_has_no_english_outside_code_formulas_links_and_the_allowed_names(path: Path) -> None:
    for cell in translation.units(_editions(path)[1]).values():
        assert fidelity.english_words(cell) == [], markup.name(cell)


@pytest.mark.parametrize("path", CHINESE_SOURCES, ids=lambda path: path.stem)
def test_the_executed_chinese_lesson_shows_in_each_code_cell_what_the_english_shows(path: Path) -> None:
    """The same kinds of output (a chart, a table, a widget, text) cell by cell, and no error."""
    import nbformat

    def shown(notebook_path: Path) -> list[tuple[str, list]]:
        cells = nbformat.read(notebook_path, as_version=4).cells
        return [
            (cell.id, [(o.output_type, sorted(o.get("data", {}))) for o in cell.outputs])
            for cell in cells
            if cell.cell_type == "code"
        ]

    chinese = shown(path.with_suffix(".ipynb"))
    assert chinese == shown(translation.english_source(path).with_suffix(".ipynb"))
    assert all(kind != "error" for _, outputs in chinese for kind, _ in outputs)


def test_the_command_refuses_to_renew_a_cell_still_in_english_and_writes_nothing(tmp_path: Path, capsys) -> None:
    kept = "---\njupytext:\n  notebook_metadata_filter: o2o\no2o:"
    (tmp_path / "01_x.md").write_text(ENGLISH.replace("---\no2o:", kept), encoding="utf-8")
    translation.main(["start", str(tmp_path / "01_x.md")])
    started = (tmp_path / translation.CHINESE / "01_x.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        translation.main(["renew", str(tmp_path / translation.CHINESE / "01_x.md"), "title"])
    assert "cell='title' is still the English" in capsys.readouterr().err
    assert (tmp_path / translation.CHINESE / "01_x.md").read_text(encoding="utf-8") == started


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")), ids=lambda path: path.stem)
def test_a_chinese_lessons_worked_solutions_fold_under_a_chinese_title(notebook: Path) -> None:
    text = notebook.read_text(encoding="utf-8")
    assert "Worked solution (for trainers)" not in text
    assert "<summary>参考解答（供培训师使用）</summary>" in text
