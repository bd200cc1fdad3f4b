"""The message catalogue keeps the Chinese edition's panels in step with the code: every text a reader
sees has a Chinese translation with the same number fields, the compiled catalogue is the one its
source gives, a panel built in Chinese shows Chinese, and a lesson's language is its own choice."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path
from string import Formatter

import numpy as np
import pandas as pd
import pytest

from o2o_models import auctions, groupbuy, membership, scenarios, strategy, text
from o2o_models.glossary import load_glossary
from o2o_models.interactive.levers import LEVERS
from o2o_models.lessons import intro, leg1, leg2, leg3, markup, synthesis
from o2o_models.lessons.common import plain_text
from o2o_models.merchant import FIELDS
from o2o_models.scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parents[1]
LESSONS = (intro, leg1, leg2, leg3, synthesis)
DECLARED = [(lesson, name) for lesson in LESSONS for name in lesson.DECLARED]
ALLOWED_ENGLISH = {"CNY", "GSP", "VCG", "H5", "CLV", "O2O"}
"""Words a Chinese reader meets in English: the currency code and the names economists use in Chinese too."""


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


@pytest.mark.parametrize(("lesson", "name"), DECLARED, ids=[name for _, name in DECLARED])
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


ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")
"""Three English words in a row: a sentence, or a phrase, left in English (parameter names such as
``list_price=200`` and code in backticks are not words of a sentence)."""


NAMES = {*FIELDS, *SCENARIOS, *LEVERS}
"""Names of code a message quotes (a figure, a scenario): words of code, not of a sentence."""


def _english_sentences(shown: str) -> list[str]:
    prose = re.sub(r"```.*?```|`[^`]*`", "", plain_text(str(shown)), flags=re.S)  # code is code
    prose = re.sub(r"\b\w+(?:[._]\w+)+\b|\w+=\S+", "", prose)  # identifiers and name=value
    prose = re.sub(r"\b(?:" + "|".join(sorted(NAMES, key=len, reverse=True)) + r")\b", "", prose)
    prose = re.sub(r"[A-Z][a-z]+(?:, [A-Z][a-z]+)*(?: and [A-Z][a-z]+)? (?:19|20)\d\d", "", prose)  # a citation
    return [match for match in ENGLISH_SENTENCE.findall(prose) if not set(match.split()) <= ALLOWED_ENGLISH]


def _answers(question) -> list:
    """Answers that reach every branch of a question's feedback: none yet, not a number, each named
    mistake, each unit slip, too high, too low, right; each option and none; functions that fail each way."""
    from o2o_models.lessons import exercises

    if isinstance(question, exercises.Choice):
        return [..., "z", *question.explanations]
    if isinstance(question, exercises.Function):

        def nothing(**_):
            return None

        def fails(**_):
            raise ValueError("出错了")

        def too_many(**case):
            return [1.0, 2.0, 3.0, 4.0, 5.0]

        def text_back(**case):
            return "文字"

        def off(**case):
            return np.asarray(question.reference(**case), dtype=float) * 1.5 + 1

        return [..., 3, nothing, fails, too_many, text_back, off, question.reference]
    expected = float(question.expected())
    slips = [expected * factor for factor, _slip in exercises._UNIT_SLIPS]
    mistakes = [float(produce()) for produce, _hint in question.mistakes.values()]
    return [..., "abc", float("nan"), [1, 2], *mistakes, *slips, expected * 1.37 + 1, expected * 0.63 - 1, expected]


WORKBOOKS = [(lesson, number) for lesson in LESSONS for number in lesson.WORKBOOK.questions]


@pytest.mark.parametrize(
    ("lesson", "number"), WORKBOOKS, ids=[f"{module.__name__[19:]}-{n}" for module, n in WORKBOOKS]
)
def test_every_exercise_check_hint_and_solution_prints_chinese_in_a_chinese_lesson(lesson, number, monkeypatch) -> None:
    """Each branch of the feedback a student can meet, the hint, the try-first note and the worked solution,
    in Chinese (apart from code)."""
    monkeypatch.setenv("O2O_PROGRESS", "off")
    text.language("zh")
    question = lesson.WORKBOOK.questions[number]
    before = question.attempts
    printed = [str(lesson.solution(number))] if before == 0 else []
    printed += [str(lesson.check(number, answer)) for answer in _answers(question)]
    printed += [str(lesson.hint(number)), str(lesson.solution(number))]  # the worked solution, once tried
    question.attempts = before
    assert {line: _english_sentences(line) for line in printed if _english_sentences(line)} == {}


@pytest.mark.parametrize(("lesson", "name"), DECLARED, ids=[name for _, name in DECLARED])
def test_a_panel_in_chinese_prints_no_english_sentence_in_its_summary_or_chart(lesson, name) -> None:
    """The summary line, the chart's title and description, and every text the chart's data hold
    (a row's label, a rule's name) in Chinese; the chart's field names are code."""
    text.language("zh")
    panel = getattr(lesson, name)()
    spec = panel.chart.spec if hasattr(panel.chart, "spec") else {}
    data = [row for values in spec.get("datasets", {}).values() for row in values]
    shown = [panel.status.value, str(spec.get("description", ""))]
    shown += [value for row in data for key, value in row.items() if isinstance(value, str) and key in SHOWN_FIELDS]
    assert {line: _english_sentences(line) for line in set(shown) if _english_sentences(line)} == {}


SHOWN_FIELDS = {"label", "rule_name", "slot_name", "way_shown"}
"""The text fields of a chart's data that its marks or tooltips show as they are."""


BAD_INPUTS = [
    ("groupbuy.voucher_margin", lambda: groupbuy.voucher_margin(200, 1.2, 0.1, 100), "discount=1.2", "[0, 1)"),
    ("groupbuy.voucher_margin", lambda: groupbuy.voucher_margin(200, "half", 0.1, 100), "discount='half'", "[0, 1)"),
    ("merchant.replace", lambda: scenarios.merchant("cinema").replace(trust=2), "trust=2", "[0, 1]"),
    ("merchant.replace", lambda: scenarios.merchant("cinema").replace(rebate=0.1), "rebate", "commission"),
    ("membership.retention_clv", lambda: membership.retention_clv(39, [0.8, 1.5], 0.01), "retention=1.5", "[0, 1)"),
    ("strategy.compare", lambda: strategy.compare(("hotel",)), "'hotel'", "restaurant"),
    ("auctions.gsp_prices", lambda: auctions.gsp_prices([5, 3], [0.1, 0.2]), "ctrs=[0.1, 0.2]", "第 1 个广告位"),
    ("check_count", lambda: strategy.scorecard(scenarios.merchant("cinema"), months=0), "months=0", "1 到 120"),
]


@pytest.mark.parametrize(("where", "call", "names", "allowed"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_a_bad_input_is_refused_in_chinese_naming_the_parameter_value_and_range(where, call, names, allowed) -> None:
    text.language("zh")
    with pytest.raises((TypeError, ValueError)) as refused:
        call()
    message = str(refused.value)
    assert names in message and allowed in message, message
    assert re.search(r"[\u4e00-\u9fff]{2}", message) and not _english_sentences(message), message


def test_a_bad_data_file_is_refused_in_chinese_naming_the_file_row_and_field(tmp_path) -> None:
    bad = tmp_path / "scenarios.csv"
    lines = (ROOT / "data" / "scenarios.csv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = lines
    bad.write_text("\n".join([header, first.replace(first.split(",")[2], "many", 1), *rest]) + "\n", encoding="utf-8")
    text.language("zh")
    with pytest.raises(ValueError) as refused:
        scenarios.load_scenarios(bad)
    assert str(refused.value).startswith(f"{bad} 第 2 行，字段 'value'：'many' 不是数字"), str(refused.value)


def test_a_table_keeps_the_models_names_for_code_and_shows_the_readers_language() -> None:
    """`Shown` and `table`: in English exactly the frame, its figures written to the decimals they need
    (`figures`; `table` aligns its text columns left); in Chinese
    its labels, merchants and text cells translated, while indexing by the English names still works."""
    from o2o_models.lessons.common import SHOWN_CLASS, WHOLE_WORDS, Shown, table

    frame = pd.DataFrame({"merchant": ["restaurant", "furniture"], "share lost": [0.58, 0.0]}).set_index("merchant")
    shown = Shown(frame)
    written = frame.map("{:.2f}".format)
    # A Chinese word kept whole, by a rule scoped to this table (browsers ignore pandas' <style scoped>).
    whole_words = f"    .{SHOWN_CLASS} th, .{SHOWN_CLASS} td {{ {WHOLE_WORDS}; }}\n</style>"
    ours = written._repr_html_().replace('class="dataframe"', f'class="dataframe {SHOWN_CLASS}"', 1)
    assert shown._repr_html_() == ours.replace("</style>", whole_words, 1)
    assert ".dataframe th, .dataframe td" not in shown._repr_html_(), "the rule reaches no other table on the page"
    assert repr(shown) == repr(written)
    styled = table(frame.reset_index())
    plain = frame.reset_index().style.hide(axis="index").set_uuid(styled.uuid)
    assert styled.to_html() == plain.set_table_styles(styled.table_styles).to_html()
    assert {(style["selector"], style["props"][0]) for style in styled.table_styles} == {
        ("td.col0", ("text-align", "left")),  # the merchants, not the shares
        ("th.col0", ("text-align", "left")),
        ("th, td", ("word-break", "keep-all")),
    }
    text.language("zh")
    assert "损失的比例" in shown._repr_html_() and "餐饮" in repr(shown) and "restaurant" not in repr(shown)
    assert shown.loc["restaurant", "share lost"] == 0.58 and isinstance(shown.round(1), Shown)
    assert "家具" in table(frame.reset_index()).to_html()
    sweep = synthesis.trust_sweep("furniture", (0.6,))
    assert "信任" in sweep._repr_html_() and sweep.loc["the leg that fits", 0.6].startswith("第 3 条腿")
    assert not {row for row in synthesis.scorecards().index if _english_sentences(row)}


def test_a_list_in_a_table_is_separated_as_its_language_separates_lists() -> None:
    """Furniture's legs that fit: "leg 3, leg 1" in English, "第 3 条腿、第 1 条腿" (顿号) in Chinese."""
    fits = synthesis.scorecards().loc["the leg that fits", "furniture"]
    text.language("zh")
    assert (fits, synthesis.scorecards().loc["合适的腿", "furniture"]) == (
        "leg 3, leg 1",
        "第 3 条腿、第 1 条腿",
    )


def test_a_models_names_are_code_in_every_language_so_a_table_of_them_is_never_half_translated() -> None:
    """A scorecard's keys and the monthly funnel's columns (``paid_cny``, ``groupbuy_only_cny``) are what a
    student types: no message of the catalogue is one of them, so a table of them reads as code throughout."""
    from o2o_models import funnel

    names = {*strategy.scorecard(scenarios.merchant("cinema")), *funnel.leg1_months(scenarios.merchant("restaurant"))}
    text.language("zh")
    assert {name for name in names if "_" in name and text._(name) != name} == set()


def _frames_the_lessons_show() -> dict[str, pd.DataFrame]:
    """Every model frame a lesson's code cell shows with ``lesson.shown``, by the model that makes it."""
    from o2o_models import funnel, operations, population

    log = scenarios.load_transactions()
    return {
        "load_transactions": log.assign(channel_value=log["channel"]),
        "leg1_months": funnel.leg1_months(scenarios.merchant("restaurant")),
        "merchant_types": population.merchant_types(),
        "compare_staffing": operations.compare_staffing(n_merchants=20, months=2),
        "staffing_table": operations.staffing_table((2, 5), n_merchants=20, months=2),
        "lead_months": funnel.lead_months(scenarios.merchant("furniture"), n_paths=2),
        "scorecard": pd.Series(strategy.scorecard(scenarios.merchant("cinema"), n_paths=2)).to_frame().T,
    }


def test_every_name_a_lessons_table_shows_has_a_meaning_a_chinese_reader_reads_above_it() -> None:
    """A model's column, and each channel of the transaction log, is code a student types (``amount_cny``,
    ``walk_in``): a Chinese table shows it under its meaning (`names.MEANINGS`), in Chinese, and an English
    table shows the name alone."""
    from o2o_models.lessons import names

    shown = {column for frame in _frames_the_lessons_show().values() for column in frame.columns}
    shown = (shown - {"channel_value"}) | set(scenarios.CHANNELS) | {scenarios.UNKNOWN}
    assert {name for name in shown if names.meaning(name) is not None} == set()  # English: the name alone
    text.language("zh")
    meanings = {name: names.meaning(name) for name in shown}
    assert {name for name, meaning in meanings.items() if meaning is None} == set()
    assert {name: meaning for name, meaning in meanings.items() if re.search("[A-Za-z]{2,}", meaning)} == {}


def test_a_chinese_table_shows_a_models_name_as_code_under_its_meaning_and_a_flag_as_yes_or_no() -> None:
    from o2o_models.lessons.common import shown

    frame = pd.DataFrame({"channel": ["walk_in"], "net_gain_cny": [1234.5], "runs_members": [True]})
    english = shown(frame)._repr_html_()
    assert "<th>net_<wbr>gain_<wbr>cny</th>" in english and "<td>True</td>" in english
    text.language("zh")
    page = shown(frame.set_index(pd.Index(["cinema"], name="scenario")))._repr_html_()
    assert "<th>净收益（元）<br><code>net_<wbr>gain_<wbr>cny</code></th>" in page
    assert "<td>到店散客<br><code>walk_<wbr>in</code></td>" in page and "<td>是</td>" in page
    assert "<th>电影<br><code>cinema</code></th>" in page and "<th>商家<br><code>scenario</code></th>" in page
    assert "<td>1,234</td>" in page or "<td>1,235</td>" in page


TABLE_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
CHINESE_LESSONS = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", CHINESE_LESSONS, ids=lambda path: path.stem[:2])
def test_every_table_a_chinese_lesson_shows_reads_in_chinese_with_a_models_names_as_code(path: Path) -> None:
    """What a Chinese reader sees in each table of the executed lesson: headings, labels and cells in Chinese,
    figures, and a model's names only as code (under their meaning); the glossary's English column and the
    merchants' English names are the one English."""
    import json
    from html import unescape

    english = {*load_glossary()["term_en"], *scenarios.scenario_labels()["name_en"]}
    seen = {}
    for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        for output in cell.get("outputs", []):
            page = "".join(output.get("data", {}).get("text/html", ""))
            if "<table" not in page or 'class="o2o-glossary"' in page:
                continue
            for found in TABLE_CELL.findall(page):
                shown = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", found))).strip()
                words = set(re.findall(r"[A-Za-z]{2,}", shown)) - ALLOWED_ENGLISH
                flag = shown in {"True", "False"}  # a flag is 是/否 to a Chinese reader
                if (
                    flag
                    or words
                    and shown not in english
                    and _english_sentences(shown) + [w for w in words if w.islower()]
                ):
                    seen.setdefault(shown, number)
    assert seen == {}


@pytest.mark.parametrize("path", CHINESE_LESSONS, ids=lambda path: path.stem[:2])
def test_every_table_a_chinese_lesson_shows_keeps_each_chinese_word_whole(path: Path) -> None:
    """A narrow column at 1024 px split 微信小|店 and 付费流|量: every table's cells break only at spaces and
    punctuation (`common.WHOLE_WORDS`)."""
    import json

    pages = [
        (number, "".join(output.get("data", {}).get("text/html", "")))
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"])
        for output in cell.get("outputs", [])
    ]
    tables = [(number, page) for number, page in pages if "<table" in page and 'class="o2o-glossary"' not in page]
    assert tables
    assert [number for number, page in tables if "word-break: keep-all" not in page] == []


SHOWN_TABLES = [
    (synthesis, "scorecards"),
    (synthesis, "trust_sweep"),
    (synthesis, "platform_table"),
    (synthesis, "centralisation_table"),
    (synthesis, "reserve_table"),
    (synthesis, "wechat_table"),
    (synthesis, "without_each_leg"),
    (leg3, "worked_auction"),
    (leg3, "who_keeps_its_bid"),
    (leg3, "h5_table"),
    (leg2, "takes_table"),
    (leg1, "breakeven_table"),
]


@pytest.mark.parametrize(("lesson", "name"), SHOWN_TABLES, ids=[name for _, name in SHOWN_TABLES])
def test_a_table_a_lesson_shows_reads_in_chinese_in_a_chinese_lesson(lesson, name) -> None:
    """Its headers, row labels and text cells as a Chinese reader sees them: no English sentence."""
    text.language("zh")
    shown = getattr(lesson, name)()._in_reader_language()
    labels = [*shown.columns, *shown.index, *shown.index.names, *shown.columns.names]
    labels += [cell for column in shown.columns for cell in shown[column] if isinstance(cell, str)]
    flat = [" ".join(map(str, label)) if isinstance(label, tuple) else str(label) for label in labels]
    assert {label: _english_sentences(label) for label in flat if _english_sentences(label)} == {}


def test_a_merchant_menu_names_the_merchants_in_chinese_and_keeps_their_names_as_values() -> None:
    text.language("zh")
    panel = synthesis.legs_panel()
    assert (panel.controls["merchant"].label, panel.controls["merchant"].value) == ("餐饮", "restaurant")
    assert (panel.preset.label, panel.preset.value) == ("餐饮", "restaurant")
    panel.controls["merchant"].value = "furniture"
    assert panel.preset.label == "家具" and "第 3 条腿" in panel.status.value


STYLED_TABLES = [(intro, "legs"), *((lesson, "glossary") for lesson in LESSONS), (intro, "full_glossary")]


@pytest.mark.parametrize(
    ("lesson", "name"), [*STYLED_TABLES, (intro, "merchants")], ids=lambda x: x if isinstance(x, str) else None
)
def test_a_styled_table_reads_in_chinese_in_a_chinese_lesson(lesson, name) -> None:
    """Its headers and text cells, rendered in Chinese (the English columns, of the glossary's terms and
    the merchants' names, are the one English)."""
    text.language("zh")
    html = getattr(lesson, name)().to_html()
    cells = re.findall(r">([^<>]+)</t[hd]>", html)
    english = {*load_glossary()["term_en"], *scenarios.scenario_labels()["name_en"]}  # the English columns
    assert {cell: _english_sentences(cell) for cell in cells if cell not in english and _english_sentences(cell)} == {}
