"""A lesson read with no kernel and no JavaScript, as GitHub and nbviewer show it (``jupyter nbconvert --to html``).

Every chart picture has a description as its alt text, and every panel's summary line is there as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from lessons_support import lesson_id, lesson_notebooks
from nbconvert import HTMLExporter

from o2o_models.interactive.livechart import VEGALITE_MIME, static_html

NOTEBOOKS = lesson_notebooks()
NO_DESCRIPTION = "No description has been provided for this image"


pytestmark = pytest.mark.slow  # converts every lesson with nbconvert: `make test`, not `make check`


def _charts(notebook: Path, panels_only: bool = False) -> int:
    """How many charts the lesson stores (only those of panels, the cells that call ``..._panel(...)``)."""
    cells = nbformat.read(notebook, as_version=4).cells
    return sum(
        VEGALITE_MIME in o.get("data", {})
        for c in cells
        if c.cell_type == "code" and (not panels_only or re.search(r"_panel\(", c.source))
        for o in c.outputs
    )


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lesson_id)
def converted(request) -> tuple[Path, BeautifulSoup]:
    body, _ = HTMLExporter().from_filename(str(request.param))
    return request.param, BeautifulSoup(body, "html.parser")


def test_every_chart_picture_has_a_description_as_its_alt_text(converted) -> None:
    notebook, page = converted
    pictures = page.select("img")
    assert len(pictures) >= _charts(notebook) > 0
    for picture in pictures:
        assert picture.get("alt") and picture["alt"] != NO_DESCRIPTION, picture.get("src", "")[:40]


def test_every_panel_summary_shows_as_text_under_its_picture(converted) -> None:
    notebook, page = converted
    summaries = page.select("figure.o2o-static-chart > figcaption.o2o-summary")
    assert len(summaries) == _charts(notebook, panels_only=True) > 0
    for summary in summaries:  # eight words, or in Chinese, with no spaces between words, sixteen characters
        said = summary.get_text(strip=True)
        assert len(said.split()) >= 8 or len(re.findall(r"[\u4e00-\u9fff]", said)) >= 16, said


def test_a_description_with_quotes_and_brackets_stays_one_attribute() -> None:
    figure = BeautifulSoup(static_html("AAAA", 300, 'Profit "after" <36> months', "<b>1,000 CNY</b>"), "html.parser")
    assert figure.img["alt"] == 'Profit "after" <36> months'
    assert figure.figcaption.b.get_text() == "1,000 CNY"
