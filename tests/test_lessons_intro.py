"""Lesson 00: the warm-up panel responds, its site chart holds what it computes, the checks teach, and every
claim of the lesson's text is checked against the models, cell by cell (notebooks/00_introduction.ipynb)."""

from __future__ import annotations

import html
import re

import pytest
from claims import claim
from lessons_support import (
    LESSONS,
    assert_every_slider_moves_the_chart,
    assert_grid_matches_live,
    chart_rows,
    grid_rows,
    lesson_cells,
    lesson_text,
    read_lesson,
    site_slider_starts,
)

from o2o_models import groupbuy, operations, strategy
from o2o_models.lessons import intro
from o2o_models.lessons.intro.panels import voucher_waterfall, warmup_site_chart
from o2o_models.lessons.intro.workbook import furniture_verdict
from o2o_models.scenarios import SCENARIOS, merchant, scenario_labels

NOTEBOOK = LESSONS["intro"]
CELLS = lesson_cells(NOTEBOOK)


def test_every_slider_of_the_warmup_changes_the_chart_or_its_summary() -> None:
    assert_every_slider_moves_the_chart(intro.warmup_panel)


def test_the_cinema_preset_earns_on_each_voucher() -> None:
    panel = intro.warmup_panel()
    panel.preset.value = "cinema"
    assert chart_rows(panel)[-1]["amount_cny"] == pytest.approx(merchant("cinema").voucher_margin)


@pytest.mark.slow  # builds the site's grid of every slider position
def test_the_site_grid_holds_what_the_live_panel_computes_and_starts_at_its_defaults() -> None:
    chart = warmup_site_chart()
    assert_grid_matches_live(intro.warmup_panel(), grid_rows(chart), {"commission": 0.2, "discount": 0.6}, "amount_cny")
    assert site_slider_starts(chart) == {"commission": 0.1, "discount": 0.5}


def test_the_warmup_is_the_model() -> None:
    frame = voucher_waterfall(list_price=200, discount=0.5, commission=0.1, unit_cost=100)
    assert frame["amount_cny"].iloc[-1] == float(groupbuy.voucher_margin(200, 0.5, 0.1, 100))


def test_a_bad_value_shows_in_the_status_line() -> None:
    panel = intro.warmup_panel()
    panel.controls["list_price"].min = 0
    panel.set_values(list_price=0)
    assert "list_price=0" in panel.status.value


def test_merchant_descriptions_are_shown_in_full() -> None:
    shown = html.unescape(intro.merchants().to_html())
    for description in scenario_labels()["description"]:
        assert description in shown


def test_warmup_notice_the_restaurant_loses_ten_yuan_and_a_point_of_rebate_costs_one() -> None:
    restaurant, cinema = merchant("restaurant"), merchant("cinema")
    loss = "At {} price and a {} rebate the restaurant {~} {} CNY on every voucher"
    claim(NOTEBOOK, "warmup-notice", loss).states(
        1 - restaurant.discount, restaurant.commission, restaurant.voucher_margin, -restaurant.voucher_margin
    )
    assert restaurant.voucher_price <= restaurant.unit_cost  # "no more than the meal costs"
    per_point = "at {} price, each point of rebate costs the restaurant {} CNY per voucher"
    claim(NOTEBOOK, "warmup-notice", per_point).states(1 - restaurant.discount, restaurant.voucher_price * 0.01)
    claim(NOTEBOOK, "warmup-notice", "the film a share of what each ticket earns ({} in the cinema preset)").states(
        cinema.cost_share
    )
    assert cinema.unit_cost == 0  # "not a fixed cost per seat"
    claim(NOTEBOOK, "warmup-notice", "so the cinema {~} on the same kind of deal").states(cinema.voucher_margin)


def test_warmup_try_the_cinemas_margin_at_the_sliders_top_rebate_and_its_break_even_beyond() -> None:
    cinema = merchant("cinema")
    top = intro.warmup_panel().controls["commission"].max
    deal = (cinema.list_price, cinema.discount, top, cinema.unit_cost, cinema.cost_share)
    at_top = float(groupbuy.voucher_margin(*deal))
    said = "raise the rebate to the top of its slider, {}: the cinema still {~} {} CNY on each voucher"
    claim(NOTEBOOK, "warmup-try", said).states(top, at_top, at_top)
    panel = intro.warmup_panel()
    panel.set_values(**dict(zip(("list_price", "discount", "commission", "unit_cost", "cost_share"), deal)))
    assert f"earns <b>{at_top:,.1f} CNY</b>" in panel.status.value  # what the panel shows there
    break_even = float(
        groupbuy.breakeven_commission(cinema.list_price, cinema.discount, cinema.unit_cost, cinema.cost_share)
    )
    assert break_even == pytest.approx(1 - cinema.cost_share - cinema.unit_cost / cinema.voucher_price)
    assert break_even > top  # "At what rebate would its margin reach zero?": beyond the slider
    claim(NOTEBOOK, "warmup-try", "$c^* = 1 - s - u / (P(1-d))$").states()


def test_exercise_1s_answer_is_what_the_synthesis_model_says() -> None:
    assert intro.check(1, "3").correct
    assert furniture_verdict().startswith("Leg 3")


def test_lesson_00_ends_with_the_whole_glossary_and_every_lesson_with_its_own_words() -> None:
    assert CELLS["glossary"].startswith("## ") and "lesson.full_glossary()" in CELLS["glossary-table"]
    for stem in list(LESSONS.values())[1:]:
        assert "lesson.glossary()" in lesson_text(stem), stem


def test_every_pandas_and_numpy_call_in_a_solution_is_listed_in_you_need() -> None:
    listed = set(re.findall(r"\.(\w+)\(", CELLS["title"])) | set(re.findall(r"np\.(\w+)", CELLS["title"]))
    models = {
        "lesson",
        "operations",
        "funnel",
        "strategy",
        "traffic",
        "auctions",
        "groupbuy",
        "membership",
        "trust",
        "scenarios",
        "merchant",
    }
    for stem in LESSONS.values():
        for cell in read_lesson(stem):
            if "solution" not in cell.tags:
                continue
            for block in re.findall(r"```python\n(.*?)```", cell.source, flags=re.S):
                used = {method for owner, method in re.findall(r"(\w*)\.(\w+)\(", block) if owner not in models}
                assert used <= listed, f"{stem}: {sorted(used - listed)} not in lesson 00's 'You need'"


def test_takeaways_the_legs_work_together_each_where_the_others_cannot() -> None:
    """Lesson 00's takeaway, as lessons 02 and 04 compute it: leg 1 for the prepaid, leg 3 for big tickets, both for
    the showroom, and leg 2 where skill decides survival (not for every merchant: leisure venues barely need it)."""
    claim("00_introduction", "takeaways", "The legs work together, each doing what the others cannot").states()
    verdicts = {name: strategy.fitting_legs(strategy.scorecard(merchant(name))) for name in SCENARIOS}
    for name in ("restaurant", "cinema", "leisure"):
        assert verdicts[name][0].startswith(strategy.LEG1), name
    for name in ("furniture", "renovation"):
        assert verdicts[name][0].startswith(strategy.LEG3), name
    claim("00_introduction", "takeaways", "(the furniture showroom on both)").states()
    assert verdicts["furniture"][-1].startswith(f"{strategy.BOTH}: both fit")
    claim("00_introduction", "takeaways", "leg 2's staff help where skill decides whether a merchant survives").states()
    shares = operations.survival_by_scenario()
    gain = shares[operations.WITH_TEAM] - shares[operations.WITHOUT_TEAM]
    assert gain.idxmax() == "furniture" and gain["renovation"] < 0.01 and gain["leisure"] < 0.01
