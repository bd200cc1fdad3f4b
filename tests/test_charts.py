"""Chart plumbing a slider move goes through: the rows a chart draws, and a cached spec with new rows."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest
from altair.utils.core import sanitize_pandas_dataframe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from o2o_models import groupbuy
from o2o_models.interactive import charts

floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
labels = st.one_of(st.none(), st.text(max_size=5))


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    column = st.lists
    return pd.DataFrame(
        {
            "x": draw(column(floats, min_size=n, max_size=n)),
            "count": np.asarray(draw(column(st.integers(-(2**40), 2**40), min_size=n, max_size=n)), dtype=np.int64),
            "small": np.asarray(draw(column(st.integers(0, 200), min_size=n, max_size=n)), dtype=np.uint8),
            "flag": draw(column(st.booleans(), min_size=n, max_size=n)),
            "label": pd.Series(draw(column(labels, min_size=n, max_size=n)), dtype=object),
            "kind": pd.Categorical(draw(column(st.sampled_from(["a", "b", None]), min_size=n, max_size=n))),
            "mixed": pd.Series(
                draw(column(st.one_of(floats, labels, st.just(pd.NA)), min_size=n, max_size=n)), dtype=object
            ),
        }
    )


def _json_missing(value: object) -> object:
    return None if isinstance(value, float) and not np.isfinite(value) else value


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(frames())
def test_records_are_the_rows_altair_writes_with_every_missing_or_infinite_value_none(
    frame: pd.DataFrame,
) -> None:
    """Altair leaves NaN and infinities in object columns (not JSON); records writes None there too."""
    expected = [
        {name: _json_missing(value) for name, value in row.items()}
        for row in sanitize_pandas_dataframe(frame).to_dict(orient="records")
    ]
    got = charts.records(frame)
    assert got == expected
    assert [list(map(type, row.values())) for row in got] == [list(map(type, row.values())) for row in expected]


def test_records_of_dates_go_through_altair() -> None:
    frame = pd.DataFrame({"day": pd.to_datetime(["2014-03-01", None]), "sales": [1.0, 2.0]})
    assert charts.records(frame) == sanitize_pandas_dataframe(frame).to_dict(orient="records")


def _line(frame: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_line()
        .encode(x=alt.X("month", type="quantitative"), y=alt.Y("profit", type="quantitative"))
    )


def _named_apart(spec: dict) -> tuple[dict, list]:
    """A spec with its dataset names taken out, and its datasets' rows in order."""
    rows = list(spec["datasets"].values())
    rest = {key: value for key, value in spec.items() if key not in ("datasets", "data", "description")}
    return rest, rows


def test_a_cached_spec_with_new_rows_draws_what_altair_would_build_afresh() -> None:
    first = pd.DataFrame({"month": [1, 2, 3], "profit": [-5.0, 0.5, 7.25]})
    second = pd.DataFrame({"month": [1, 2, 3], "profit": [2.0, np.nan, -1.0]})
    key = ("test", "line")
    charts.with_rows(_line, first, key=key, description="first")
    swapped = charts.with_rows(_line, second, key=key, description="second")
    afresh = _line(second).to_dict()
    assert _named_apart(swapped) == _named_apart(afresh)
    assert swapped["description"] == "second"


def test_a_chart_that_does_not_draw_its_frame_cannot_be_reused() -> None:
    frame = pd.DataFrame({"month": [1, 2], "profit": [1.0, 2.0]})
    with pytest.raises(ValueError, match="does not draw the frame"):
        charts.with_rows(
            lambda f: _line(f.assign(profit=f["profit"] * 2)), frame, key=("test", "doubled"), description=""
        )


def test_a_waterfalls_amounts_sit_above_their_bars_not_dark_on_dark() -> None:
    frame = groupbuy.voucher_waterfall(200, 0.5, 0.1, 100)
    spec = charts.waterfall(frame, title="t", value_title="CNY", description="d").to_dict()
    label = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert label["encoding"]["y"]["field"] == "top_cny"
    assert {"calculate": "max(datum.start_cny, datum.end_cny)", "as": "top_cny"} in label["transform"]


@pytest.fixture
def in_chinese():
    from o2o_models import text

    text.language("zh")
    yield
    text.language("en")


def test_a_chinese_chart_shows_its_series_and_steps_in_chinese_while_the_data_keep_the_models_labels(
    in_chinese,
) -> None:
    from o2o_models import funnel, scenarios

    frame = funnel.leg1_curves(scenarios.merchant("restaurant"), 6)
    spec = charts.lines(
        frame, "month", "cumulative_profit_cny", "strategy", title="t", x_title="x", y_title="y", description="d"
    ).to_dict()
    line = spec["layer"][0]
    legend = line["encoding"]["color"]["legend"]["labelExpr"]
    assert "基准（不上平台）" in legend and "团购加会员" in legend and "只做服务号" in legend
    assert {
        "calculate": charts.shown_label(list(dict.fromkeys(frame["strategy"])), 'datum["strategy"]'),
        "as": "strategy_shown",
    } in line["transform"]
    assert line["encoding"]["tooltip"][0]["field"] == "strategy_shown"
    assert set(frame["strategy"]) == {funnel.BASELINE, funnel.GROUPBUY_ONLY, funnel.WITH_MEMBERS, funnel.SERVICE_ONLY}
    waterfall = charts.waterfall(
        groupbuy.voucher_waterfall(200, 0.5, 0.1, 100), title="t", value_title="v", description="d"
    ).to_dict()["layer"][0]
    assert "标价" in waterfall["encoding"]["x"]["axis"]["labelExpr"]
    assert "合计" in waterfall["encoding"]["color"]["legend"]["labelExpr"]


def test_a_chinese_fan_chart_names_its_sources_in_chinese_in_its_legend(in_chinese) -> None:
    import re

    import vl_convert

    from o2o_models import traffic

    frame = pd.DataFrame(
        [
            {"month": m, "source": s, "p05": 1.0, "p25": 2.0, "p50": 3.0, "p75": 4.0, "p95": 5.0}
            for m in (1, 2)
            for s in (traffic.PAID, traffic.VIRAL)
        ]
    )
    chart = charts.fan(frame, "month", "source", title="t", x_title="x", y_title="y", description="d")
    drawn = re.findall(r"<text[^>]*>([^<]+)</text>", vl_convert.vegalite_to_svg(chart.to_dict()))
    assert "付费流量" in drawn and "免费传播" in drawn and not [t for t in drawn if "viral" in t or "paid" in t]


def test_an_english_chart_needs_no_relabelling() -> None:
    assert charts.shown_label(["baseline 基准 (no platform)", "total"]) is None


def test_a_colour_scale_gives_each_category_its_concepts_colour_and_no_two_categories_one_colour() -> None:
    ways = ["group-buy 团购 only", "member 会员 + group-buy", "paid traffic 付费流量", "paid + free, one team"]
    scale = charts.colour_scale(ways).to_dict()
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["member 会员 + group-buy"] == charts.CONCEPT_COLOURS["member 会员"]  # by its first word
    assert colours["paid traffic 付费流量"] == charts.CONCEPT_COLOURS["paid traffic 付费流量"]  # a key outranks a word
    assert len(set(colours.values())) == len(ways)
