"""One merchant, one economy: the same figures give the same numbers in every lesson and in the synthesis."""

from __future__ import annotations

import pandas as pd
import pytest
from lessons_support import chart_rows

from o2o_models import funnel, strategy, traffic
from o2o_models.lessons import leg1, leg3
from o2o_models.scenarios import merchant


@pytest.mark.parametrize("name", leg1.PREPAID)
def test_lesson_01s_curves_end_where_the_synthesis_scorecard_does(name) -> None:
    panel = leg1.members_panel()
    panel.preset.value = name
    rows = pd.DataFrame(chart_rows(panel))
    last = rows[rows["month"] == funnel.HORIZON].set_index("strategy")["cumulative_profit_cny"]
    card = strategy.scorecard(merchant(name))
    assert last[funnel.BASELINE] == pytest.approx(card["baseline_cny"], abs=0.01)
    assert last[funnel.GROUPBUY_ONLY] - last[funnel.BASELINE] == pytest.approx(card["groupbuy_only_cny"], abs=0.02)
    assert last[funnel.WITH_MEMBERS] - last[funnel.BASELINE] == pytest.approx(card["with_members_cny"], abs=0.02)


@pytest.mark.parametrize("name", leg3.BIG_TICKET)
def test_lesson_03s_free_sharing_mean_is_the_synthesis_one(name) -> None:
    panel = leg3.traffic_panel()
    panel.preset.value = name
    rows = pd.DataFrame(chart_rows(panel))
    viral = rows.loc[rows["source"] == traffic.VIRAL, "mean_profit_cny"].iloc[0]
    assert viral * funnel.HORIZON == pytest.approx(strategy.scorecard(merchant(name))["viral_cny"])
