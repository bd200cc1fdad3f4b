"""Lesson 02, step 3: what the team earns the platform, on average and at the margin, and at each take."""

from __future__ import annotations

import functools

import altair as alt
import numpy as np
import pandas as pd

from ... import operations
from ...interactive import charts
from ...interactive.livechart import LiveChart
from ...interactive.panels import described
from ...text import N_, _
from ..common import Shown
from ..figures import SHARE
from .panels import DEFAULTS

MONTHS = DEFAULTS["months"]
TEAM_SIZES = operations.TEAM_GRID
"""Team sizes (staff per 100 merchants) of the returns chart: the grid `operations.best_team_size` searches."""
TAKES = (0.03, 0.05, 0.08, 0.10)
"""Platform takes compared in `takes_table`."""


GAIN_TITLE = "The platform's net gain from its operations team"
RETURNS_TITLE = "Average and marginal return on staff 平均回报与边际回报"
AVERAGE = N_("average return: net gain / staff cost")
MARGINAL = N_("marginal return: extra net gain / extra staff cost")


@functools.lru_cache(maxsize=16)
def staffing(commission: float = DEFAULTS["commission"], levels: tuple[float, ...] = TEAM_SIZES) -> pd.DataFrame:
    """`operations.staffing_table` at ``levels`` and this take, other figures at their defaults (cached)."""
    return operations.staffing_table(levels, commission=commission)


def best_team(table: pd.DataFrame) -> float:
    """The team size (staff per 100 merchants) with the largest net gain in a `staffing_table`
    (on `TEAM_SIZES`, `operations.best_team_size`)."""
    return float(table.loc[table["net_gain_cny"].idxmax(), "staff_per_100_merchants"])


def returns_summary(table: pd.DataFrame) -> str:
    """Where the net gain peaks (the marginal return crosses 0), against where the average return is highest."""
    sizes = table["staff_per_100_merchants"]
    peak = table.loc[table["net_gain_cny"].idxmax()]
    top = table.loc[table["average_return"].idxmax()]
    after = table[sizes > peak["staff_per_100_merchants"]]
    crossing = (
        _("it is the largest team in the table")
        if after.empty
        else _("its marginal return is positive up to there and negative beyond ({next:+.0%} for the next step)")
    ).format(next=after["marginal_return"].iloc[0] if len(after) else 0.0)
    falls = (
        _("falls at every step") if (np.diff(table["average_return"]) < 0).all() else _("does not fall at every step")
    )
    positive = table.loc[table["average_return"] > 0, "staff_per_100_merchants"]
    stays = _("; it stays positive up to {most:g} per 100").format(most=positive.max()) if len(positive) else ""
    return _(
        "The net gain peaks at <b>{peak:g}</b> staff per 100 merchants (<b>{gain:,.1f} M CNY</b> over {months} "
        "months): {crossing}. The average return is highest at <b>{top:g}</b> per 100 (<b>{top_return:+.0%}</b>) "
        "and {falls}{stays}."
    ).format(
        peak=peak["staff_per_100_merchants"],
        gain=peak["net_gain_cny"] / 1e6,
        months=MONTHS,
        crossing=crossing,
        top=top["staff_per_100_merchants"],
        top_return=top["average_return"],
        falls=falls,
        stays=stays,
    )


def _returns_frame(table: pd.DataFrame) -> pd.DataFrame:
    long = table.melt(
        id_vars=["staff_per_100_merchants"],
        value_vars=["average_return", "marginal_return"],
        var_name="series",
        value_name="return_per_cny",
    )
    return long.replace({"series": {"average_return": AVERAGE, "marginal_return": MARGINAL}})


def _peak_rule(table: pd.DataFrame) -> alt.Chart:
    peak = table.loc[[table["net_gain_cny"].idxmax()], ["staff_per_100_merchants", "net_gain_cny"]]
    return (
        alt.Chart(peak, width=charts.WIDTH, height=charts.HEIGHT)
        .mark_rule(strokeDash=[6, 4], size=2, color=charts.OKABE_ITO["grey"])
        .encode(
            x=alt.X("staff_per_100_merchants", type="quantitative"),
            tooltip=[
                alt.Tooltip("staff_per_100_merchants", type="quantitative", title=_("net gain peaks at (staff)")),
                alt.Tooltip("net_gain_cny", type="quantitative", title=_("net gain (CNY)"), format=",.0f"),
            ],
        )
    )


NET_GAIN = N_("platform 平台 net gain")
"""The gain chart's one line, named in the legend in the reader's language."""


def gain_chart(commission: float = DEFAULTS["commission"]) -> LiveChart:
    """The platform's net gain from its team by team size, at a platform take; dashed at its peak."""
    table = staffing(float(commission))
    gain = table.assign(series=NET_GAIN, net_gain_m_cny=table["net_gain_cny"] / 1e6)
    title = _("{title}, platform take {take:.0%}").format(title=_(GAIN_TITLE), take=commission)
    lines = charts.lines(
        gain,
        "staff_per_100_merchants",
        "net_gain_m_cny",
        "series",
        title=title,
        x_title=_("ops staff 小二 per 100 merchants"),
        y_title=_("net gain over {months} months (M CNY)").format(months=MONTHS),
        description=title,
        zero_rule=True,
    )
    return LiveChart(described(alt.layer(*lines.layer, _peak_rule(table)), title, returns_summary(table)))


def returns_chart(commission: float = DEFAULTS["commission"]) -> LiveChart:
    """Average and marginal return by team size, at a platform take; dashed where the net gain peaks."""
    table = staffing(float(commission))
    title = _("{title}, platform take {take:.0%}").format(title=_(RETURNS_TITLE), take=commission)
    lines = charts.lines(
        _returns_frame(table),
        "staff_per_100_merchants",
        "return_per_cny",
        "series",
        title=title,
        x_title=_("ops staff 小二 per 100 merchants"),
        y_title=_("return per CNY of staff"),
        description=title,
        zero_rule=True,
    )
    return LiveChart(described(alt.layer(*lines.layer, _peak_rule(table)), title, returns_summary(table)))


TAKE = N_("platform take on the store")


def takes_table(takes: tuple[float, ...] = TAKES) -> Shown:
    """For each platform take: the team size with the largest net gain, that gain, and the average return there;
    the take shown as a percentage (`Shown`)."""
    rows = []
    for take in takes:
        table = staffing(float(take)).set_index("staff_per_100_merchants")
        best = best_team(table.reset_index())
        rows.append(
            {
                TAKE: take,
                N_("best team (staff per 100 merchants)"): best,
                N_("net gain there (M CNY)"): table.loc[best, "net_gain_cny"] / 1e6,
                N_("average return there"): table.loc[best, "average_return"],
                N_("marginal return of its last step"): table.loc[best, "marginal_return"],
            }
        )
    return Shown(pd.DataFrame(rows).set_index(TAKE).round(3), formats={TAKE: SHARE})
