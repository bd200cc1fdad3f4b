"""The tables the lessons show read as a reader expects, in both editions, as the notebooks store them.

A figure in a table is written as the lessons' prose writes it: CNY with thousands separators, never
``8.872064e+07`` nor ``206730.733``, a share as a percentage (``3.5%``, not ``0.035``), a count as a whole
number. And a table fits the cell it is shown in, in JupyterLab at 1024 px with the file browser open:
a reader should not have to scroll sideways to find a column the prose talks about.

The width is the table's narrowest layout as a browser finds it: each column as wide as its longest
unbreakable run of text (a word, a figure, a model's name between the underscores `Shown` lets it break
at; a Chinese character on its own), in JupyterLab's 13 px table font, plus the cell's padding. Against
every stored table laid out by Chromium in JupyterLab's table style, the estimate is within 5% of the
narrowest width the browser finds.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nbformat
import pytest
from lessons_support import lesson_id, lesson_notebooks

from o2o_models import text
from o2o_models.lessons import leg1, leg2, leg3
from o2o_models.lessons.common import shown

CELL_WIDTH_PX = 590
"""The width of a code cell's output in JupyterLab at 1024 px with the file browser open: 592 px, measured
(JupyterLab 4.6 in Chromium at 1024 x 768, the file browser at its default 250 px), less 2 for rounding."""
LATIN_PX, BOLD_PX, CJK_PX, PADDING_PX = 7.3, 8.0, 13.0, 13.0
"""JupyterLab's table font (13 px): a Latin character's mean width, in a heading (bold), a Chinese
character's; and a cell's padding, 0.5 em on each side."""
UNBREAKABLE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+")
"""A run of text a line cannot break inside: a Chinese character, or a word between spaces."""

E_NOTATION = re.compile(r"\d(\.\d+)?e[+-]?\d", re.IGNORECASE)
FLOAT_NOISE = re.compile(r"\d\.\d{3,}")
UNSEPARATED = re.compile(r"(?<![\d,.])\d{5,}")


class _Tables(HTMLParser):
    """Every table of an HTML output: its rows, each a list of (is a heading, the cell's text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[bool, str]]]] = []
        self._cell: list[str] | None = None
        self._heading = False
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell, self._heading = [], tag == "th"
        elif tag in ("wbr", "br") and self._cell is not None:
            self._cell.append(" ")
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((self._heading, "".join(self._cell).strip()))
            self._cell = None
        elif tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._in_style:
            self._cell.append(data)


def stored_outputs() -> list:
    """(notebook, cell id, output) for every output the lessons store, both editions, each notebook read once."""
    return [
        (path, cell.id, output)
        for path in lesson_notebooks()
        for cell in nbformat.read(path, as_version=4).cells
        for output in cell.get("outputs", [])
    ]


OUTPUTS = stored_outputs()


def shown_tables() -> list:
    """(notebook, cell id, the table's rows) for every table a lesson's stored outputs show."""
    found = []
    for path, cell, output in OUTPUTS:
        html = output.get("data", {}).get("text/html", "")
        if "<table" in html:
            parser = _Tables()
            parser.feed(html)
            found += [(path, cell, rows) for rows in parser.tables]
    return found


TABLES = shown_tables()


def _cases() -> list:
    """The stored tables as test cases, each named by its lesson and cell."""
    cases = []
    for path, cell, rows in TABLES:
        cases.append(pytest.param(rows, id=f"{lesson_id(path)}-{cell}"))
    return cases


def narrowest_width_px(rows: list[list[tuple[bool, str]]]) -> float:
    """The table's narrowest width in a browser: each column its longest unbreakable run, plus padding."""
    columns: dict[int, float] = {}
    for row in rows:
        for place, (heading, cell) in enumerate(row):
            runs = UNBREAKABLE.findall(cell) or [""]
            widest = max(
                sum(CJK_PX if ord(c) >= 0x2E80 else BOLD_PX if heading else LATIN_PX for c in run) for run in runs
            )
            columns[place] = max(columns.get(place, 0.0), widest)
    return sum(width + PADDING_PX for width in columns.values())


def test_the_lessons_show_tables_to_check() -> None:
    assert len({(path, cell) for path, cell, _ in TABLES}) > 30


@pytest.mark.parametrize("rows", _cases())
def test_a_table_writes_its_figures_with_separators_and_no_e_notation_or_float_noise(rows) -> None:
    cells = [cell for row in rows for _, cell in row]
    assert not [cell for cell in cells if E_NOTATION.search(cell)], "e-notation"
    assert not [cell for cell in cells if FLOAT_NOISE.search(cell)], "more than two decimals"
    assert not [cell for cell in cells if UNSEPARATED.search(cell)], "no thousands separators"


@pytest.mark.parametrize("rows", _cases())
def test_a_table_fits_a_cell_in_jupyterlab_at_1024_px_with_the_file_browser_open(rows) -> None:
    assert narrowest_width_px(rows) <= CELL_WIDTH_PX


def _read(table) -> dict:
    """A `Shown` table as the reader reads it, by its model's labels: {row: {column: text}}."""
    return table.written().to_dict(orient="index")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_lessons_tables_write_shares_as_percentages_and_cny_with_separators(language) -> None:
    text.language(language)
    try:
        trust, gain, no_reviews = (
            text._(label) for label in ("trust in the last month", "group-buy only", "review rate 0%")
        )
        routes = _read(leg1.routes_table())
        breakeven = _read(leg1.breakeven_table())
        h5 = leg3.h5_table().written()
        takes = leg2.takes_table().written()
    finally:
        text.language("en")
    assert set(routes[trust].values()) == {"70.0%", "74.5%"}
    assert routes[gain][no_reviews] == "-339,429"
    assert breakeven["break-even rebate c*"] == {"restaurant": "0%", "cinema": "55%", "leisure": "50%"}
    assert breakeven["retention r"]["restaurant"] == "85%" and breakeven["CLV (CNY)"]["restaurant"] == "221.48"
    assert list(h5.index) == ["0%", "25%", "50%", "60%", "75%", "100%"]
    assert h5["top slot's clicks to official accounts"].iloc[0] == "8,000"
    assert list(takes.index) == ["3%", "5%", "8%", "10%"]


def test_a_models_frame_is_written_by_its_column_names_and_keeps_its_numbers() -> None:
    from o2o_models import operations

    table = operations.staffing_table((1.0, 2.0))
    reading = shown(table)
    assert reading.written().iloc[0].tolist() == ["1", "3,606,000", "11,024,768", "7,418,768", "2.06", "2.06"]
    assert reading["net_gain_cny"].equals(table["net_gain_cny"])  # what a student computes with is the model's
    survival = shown(operations.survival_by_scenario(staff_per_100_merchants=2), "share").written()
    assert survival.loc["restaurant"].tolist() == ["3.5%", "1.0%"]
    assert "net_<wbr>gain_<wbr>cny" in reading._repr_html_()  # a long name breaks at its underscores


def test_the_staffing_runs_are_named_in_the_readers_language_in_lesson_02s_tables() -> None:
    """The two runs of `operations.compare_staffing`, columns of the survivors' table and cells of the months'."""
    from o2o_models import operations

    text.language("zh")
    try:
        survivors = shown(operations.survival_by_scenario(staff_per_100_merchants=2), "share")
        months = shown(operations.compare_staffing(n_merchants=20, months=2))
        assert "有运营团队" in survivors._repr_html_() and "无运营团队" in repr(months)
        assert "ops team" not in survivors._repr_html_() + months._repr_html_()
    finally:
        text.language("en")


def test_a_scorecard_is_shown_by_the_keys_code_reads_with_each_figure_in_its_form() -> None:
    import pandas as pd

    from o2o_models import scenarios, strategy

    card = strategy.scorecard(scenarios.merchant("cinema"))
    cells = shown(pd.Series(card, name="cinema").to_frame()).written()["cinema"]
    assert list(cells.index) == list(card)  # a student writes card["viral_cny"]: the keys are shown as they are
    assert cells["prepay_conversion"] == f"{card['prepay_conversion']:.1%}"
    assert cells["months"] == "36" and cells["voucher_buyers"] == f"{card['voucher_buyers']:,.0f}"
    assert cells["paid_cny"] == f"{card['paid_cny']:,.0f}"


PRINTED_NOISE = re.compile(r"\d\.\d{5,}")
"""Float noise in a printed figure (``77507.47803233293``); a figure rounded on purpose (``0.556``) is fine."""
RAW_CONTAINER = re.compile(r"""^[\[{(]\s*['"]""")
"""A printed list, dict or tuple of texts (``['Leg 1 …']``, ``{'restaurant': …}``), quotes and brackets shown."""


def shown_texts() -> list:
    """(notebook, cell id, text) for every output a lesson shows as plain text only (no table, chart or Markdown)."""
    return [
        (path, cell, output.get("text") or output["data"]["text/plain"])
        for path, cell, output in OUTPUTS
        if output.get("output_type") == "stream" or list(output.get("data", {})) == ["text/plain"]
    ]


@pytest.mark.parametrize(
    ("text_shown",), [pytest.param(shown, id=f"{lesson_id(path)}-{cell}") for path, cell, shown in shown_texts()]
)
def test_a_plain_output_writes_no_float_noise_and_no_quoted_list_of_sentences(text_shown: str) -> None:
    """Lesson 03 printed ``{'mean_profit_cny': 77507.47803233293, …}`` and ``(array([4000.]),
    array([7980.07189028]))``, lesson 04 a verdict as ``['Leg 1 (group-buy…']``: a figure is shown in a table
    (`common.shown`) and a sentence as Markdown (`common.prose`), as the prose writes them."""
    assert not PRINTED_NOISE.search(text_shown), "float noise"
    assert not RAW_CONTAINER.search(text_shown), "a Python container of texts"
