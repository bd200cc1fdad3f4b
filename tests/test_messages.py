"""The message catalogue keeps the Chinese edition's panels in step with the code: every text a reader
sees has a Chinese translation with the same number fields, the compiled catalogue is the one its
source gives, a panel built in Chinese shows Chinese, and a lesson's language is its own choice."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path
from string import Formatter

import pytest

from o2o_models import text
from o2o_models.interactive.levers import LEVERS
from o2o_models.lessons import intro, leg1, leg2, leg3, markup, synthesis
from o2o_models.lessons.common import plain_text

ROOT = Path(__file__).resolve().parents[1]
LESSONS = (intro, leg1, leg2, leg3, synthesis)
DECLARED = [(lesson, name) for lesson in LESSONS for name in lesson.DECLARED]
ALLOWED_ENGLISH = {"CNY", "GSP", "VCG", "H5", "CLV", "O2O"}
"""Words a Chinese reader meets in English: the currency code and the names economists use in Chinese too."""
MODEL_LAYER_ENGLISH = {
    "auction_panel": "the pricing rules' names (auctions.GSP_TRUTHFUL, auctions.VCG) are data, not yet messages",
    "legs_panel": "the verdicts are written in English by o2o_models.strategy",
}
"""Panels whose summary still quotes English held as data (chart series, verdicts): issue 21, not yet translated.
The test fails (strict xfail) as soon as one shows only Chinese, so that it is taken off this list."""


def _messages_script():
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts" / "messages.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


MESSAGES = _messages_script()


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    text.language("en")


def _fields(template: str) -> Counter:
    return Counter(
        (name, spec, conversion) for _, name, spec, conversion in Formatter().parse(template) if name is not None
    )


def _english_words(shown: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z']+", plain_text(shown))) - ALLOWED_ENGLISH


def test_every_message_of_the_code_has_a_chinese_translation_and_the_catalogue_no_other() -> None:
    catalogue = MESSAGES.read("zh_CN")
    code = MESSAGES.messages()
    assert [m for m in code if not (catalogue.get(m) and catalogue.get(m).string)] == []
    assert sorted(m.id for m in catalogue if m.id and m.id not in code) == []
    assert len(code) > 150


def test_a_chinese_translation_has_the_english_fields_with_their_formats_and_writes_yuan() -> None:
    """Numbers read the same in both languages: the same fields, decimals and thousands separators;
    the Chinese writes 元 (百万元 for M CNY) where the English writes CNY."""
    for message in MESSAGES.read("zh_CN"):
        if message.id:
            assert _fields(message.string) == _fields(message.id), message.id
            assert "CNY" not in message.string, message.id


def test_the_compiled_catalogue_is_the_one_its_source_gives() -> None:
    mo = MESSAGES.po_path("zh_CN").with_suffix(".mo")
    assert mo.read_bytes() == MESSAGES.compiled("zh_CN"), "run `python scripts/messages.py compile`"


def test_building_every_panel_in_chinese_looks_up_only_messages_the_catalogue_translates() -> None:
    text.language("zh")
    translate, untranslated = text._LOOKUP[0], set()

    def recording(english: str) -> str:
        shown = translate(english)
        if shown == english:
            untranslated.add(english)
        return shown

    text._LOOKUP[0] = recording  # the fixture puts English back
    for lesson, name in DECLARED:
        getattr(lesson, name)()
    assert untranslated == set()


def test_every_lever_is_labelled_in_chinese() -> None:
    text.language("zh")
    assert {name: display.description for name, display in LEVERS.items() if _english_words(display.description)} == {}


@pytest.mark.parametrize(
    ("lesson", "name"),
    [
        pytest.param(lesson, name, marks=pytest.mark.xfail(strict=True, reason=MODEL_LAYER_ENGLISH[name]))
        if name in MODEL_LAYER_ENGLISH
        else (lesson, name)
        for lesson, name in DECLARED
    ],
    ids=[name for _, name in DECLARED],
)
def test_a_panel_built_in_chinese_shows_its_title_levers_and_summary_in_chinese(lesson, name) -> None:
    text.language("zh")
    panel = getattr(lesson, name)()
    declared = lesson.DECLARED[name]
    shown = [text._(declared.title), panel.status.value, *(c.description for c in panel.controls.values())]
    assert {line: _english_words(line) for line in shown if _english_words(line)} == {}


def test_switching_back_to_english_shows_english_and_builds_the_chart_afresh() -> None:
    text.language("zh")
    chinese = intro.warmup_panel()
    chinese_key = text.catalogue_in_use()
    text.language("en")
    english = intro.warmup_panel()
    assert text.catalogue_in_use() != chinese_key
    assert chinese.controls["commission"].description == "返点 (占券价的比例)"
    assert english.controls["commission"].description == "Rebate 返点 (share of voucher price)"
    assert chinese.chart.spec["layer"][0]["title"] == MESSAGES.read("zh_CN").get(intro.panels.WARMUP_TITLE).string
    assert english.chart.spec["layer"][0]["title"] == intro.panels.WARMUP_TITLE
    assert not _english_words(chinese.chart.spec["description"]) - {"CNY"}
    assert english.status.value.startswith("The merchant loses")


def test_a_language_not_offered_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"language='fr' is not offered: choose one of \['en', 'zh'\]"):
        text.language("fr")
    assert text.language_in_use() == "en"


def test_a_lesson_in_chinese_declares_it_in_its_front_matter_and_chooses_it_in_its_setup_cell() -> None:
    import jupytext
    import nbformat

    source = """---
o2o:
  lesson_module: o2o_models.lessons.intro
  lang: zh
---

```{code-cell}
:tags: [setup]

from o2o_models.lessons import intro as lesson
lesson.language("zh")
```
"""
    notebook = jupytext.reads(source, fmt="md:myst")
    assert (markup.language(notebook), markup.setup_language(notebook)) == ("zh", "zh")
    english = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import x", metadata={"tags": ["setup"]})])
    assert (markup.language(english), markup.setup_language(english)) == ("en", "en")


def test_every_lesson_source_chooses_in_its_setup_cell_the_language_its_front_matter_declares() -> None:
    import jupytext

    for path in [*sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.md")), *(ROOT / "notebooks" / "zh").glob("*.md")]:
        notebook = jupytext.read(path, fmt="md:myst")
        assert markup.language(notebook) in text.LANGUAGES, path.name
        assert markup.setup_language(notebook) == markup.language(notebook), path.name


def test_a_lesson_module_offers_the_language_choice() -> None:
    for lesson in LESSONS:
        assert "language" in lesson.__all__ and lesson.language is text.language
    intro.language("zh")
    assert intro.warmup_panel().controls["list_price"].description == "标价 (元)"


def test_a_text_reaching_the_catalogue_through_a_constant_or_an_unfinished_model_is_a_message() -> None:
    import ast

    module = ast.parse(
        "TITLE = 'Where the money goes'\n"
        "NAMES = {'furniture': 'the furniture showroom'}\n"
        "def unfinished(error, what='Your model', verb='draw'): ...\n"
        "chart(title=_(TITLE), whom=_(NAMES[key]), note=unfinished(error, 'Your rule', 'run'))\n"
    )
    found = MESSAGES._indirect(module)
    assert sorted(found) == sorted(
        ["Where the money goes", "the furniture showroom", "Your model", "draw", "Your rule", "run"]
    )
