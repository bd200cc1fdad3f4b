"""Each Chinese text unit records the version of the English it translates: a changed English sentence
makes the Chinese out of step until it is updated and its record renewed; the code cells are the English ones."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

from o2o_models.lessons import translation

ROOT = Path(__file__).resolve().parents[1]
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
        "the code cells differ: a Chinese lesson runs the English lesson's code cells"
    ]


def test_renewing_a_cell_that_is_not_in_both_editions_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="cell='glossary' is not a text unit of both editions"):
        translation.renew(*_pair(), ["glossary"])


def test_every_chinese_lesson_source_follows_its_english_source() -> None:
    """No lesson is translated yet (issue 21): this holds for each Chinese source as it is added."""
    chinese = sorted((ROOT / "notebooks" / translation.CHINESE).glob("[0-9][0-9]_*.md"))
    for path in chinese:
        english = translation.english_source(path)
        assert english.exists(), f"{path.name} has no English source {english.name}"
        assert translation.drift(jupytext.read(english, fmt="md:myst"), jupytext.read(path, fmt="md:myst")) == []
    assert all(translation.chinese_source(translation.english_source(path)) == path for path in chinese)


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
