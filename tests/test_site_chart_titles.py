"""An axis title too long for its axis on the site goes on two lines (scripts/site_charts.py), without
building the site; tests/test_site.py checks in Chromium that no chart's text is cut short."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from site_charts import PHONE_AXIS, site_vega, title_px, two_lines  # noqa: E402


def test_a_title_breaks_at_the_space_nearest_its_middle_and_loses_that_space() -> None:
    assert two_lines("cannibalised share (fraction of voucher buyers)") == [
        "cannibalised share (fraction",
        "of voucher buyers)",
    ]


def test_a_chinese_title_breaks_between_characters_but_never_before_closing_punctuation() -> None:
    lines = two_lines("被蚕食的比例（买券顾客中本来就会来的比例）")
    assert lines is not None and "".join(lines) == "被蚕食的比例（买券顾客中本来就会来的比例）"
    assert lines[1][0] not in "，。、：；）)"
    assert abs(title_px(lines[0]) - title_px(lines[1])) <= 2 * title_px("中")


def test_a_word_without_spaces_or_chinese_cannot_break() -> None:
    assert two_lines("share") is None


def _chart(title: str) -> dict:
    return {
        "data": {"values": [{"x": 0.1, "y": 1.0}, {"x": 0.9, "y": 2.0}]},
        "mark": "line",
        "encoding": {
            "x": {"field": "x", "type": "quantitative", "title": title},
            "y": {"field": "y", "type": "quantitative", "title": "y"},
        },
        "width": 520,
        "height": 300,
    }


def test_a_title_too_long_for_a_phones_axis_is_on_two_lines_and_a_short_one_on_one() -> None:
    title = "cannibalised share (fraction of voucher buyers)"
    assert title_px(title) > PHONE_AXIS
    vega, _title, _description = site_vega(_chart(title))
    [axis] = [a for a in vega["axes"] if a.get("orient") == "bottom" and "title" in a]
    assert axis["title"] == two_lines(title)
    short, _title, _description = site_vega(_chart("month"))
    assert [a["title"] for a in short["axes"] if a.get("orient") == "bottom" and "title" in a] == ["month"]
