"""Specification of the merchant value (o2o_models.merchant): every figure checked once."""

from __future__ import annotations

import dataclasses

import pytest

from o2o_models import traffic, trust
from o2o_models.merchant import FIELDS, Merchant
from o2o_models.scenarios import SCENARIOS, merchant, scenario


def test_every_scenario_is_a_merchant_with_every_figure() -> None:
    for name in SCENARIOS:
        assert merchant(name).values() == scenario(name)


def test_a_merchant_cannot_be_changed_in_place() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        merchant("restaurant").trust = 0.1  # type: ignore[misc]


def test_replace_checks_the_new_figures_and_keeps_the_rest() -> None:
    cheaper = merchant("restaurant").replace(commission=0.05)
    assert cheaper.commission == 0.05 and cheaper.list_price == merchant("restaurant").list_price
    with pytest.raises(ValueError, match="commission=2"):
        merchant("restaurant").replace(commission=2)


def test_a_missing_figure_is_named() -> None:
    values = scenario("restaurant")
    del values["retention"]
    with pytest.raises(ValueError, match="missing: retention"):
        Merchant.from_values(values)


def test_a_misspelt_figure_is_rejected_with_the_closest_name() -> None:
    with pytest.raises(ValueError, match="'comission' \\(did you mean 'commission'\\?\\)"):
        merchant("restaurant").replace(comission=0.2)
    with pytest.raises(ValueError, match="unknown: 'trsut' \\(did you mean 'trust'\\?\\)"):
        Merchant.from_values({**scenario("cinema"), "trsut": 0.5})


def test_a_merchant_needs_a_mapping_of_figures() -> None:
    with pytest.raises(TypeError, match="values=list is not a mapping"):
        Merchant.from_values([1, 2, 3])  # type: ignore[arg-type]


def test_the_derived_figures_are_the_models_own() -> None:
    m = merchant("cinema")
    assert m.voucher_margin == pytest.approx(40 * (1 - 0.1 - 0.45))  # the film takes 45% of what the ticket earns
    assert m.prepay_share == pytest.approx(float(trust.prepay_conversion(0.9, 40, 150)))
    assert m.voucher_buyers == pytest.approx(m.groupbuy_views * m.prepay_share)
    assert m.member_margin == pytest.approx(
        m.purchases_per_member * (80 * 0.9 * 0.55) - m.marketing_cost_per_member_cny
    )
    assert m.full_margin == pytest.approx(44)  # not 80 - 18 = 62: the film's share grows with the price
    assert m.lead_value == pytest.approx(float(traffic.lead_value(0.1, 0.9, 0.9, 44)))


def test_a_deal_cannot_take_more_regulars_than_walk_in() -> None:
    few_regulars = merchant("restaurant").replace(walk_ins=10)
    assert few_regulars.cannibalised_buyers == 10
    assert merchant("restaurant").cannibalised_buyers == pytest.approx(0.2 * merchant("restaurant").voucher_buyers)


def test_a_member_pool_that_would_grow_without_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="the member pool would grow without limit"):
        merchant("restaurant").replace(retention=0.99, referral_rate=0.5)


def test_rivals_lowest_value_cannot_exceed_their_highest() -> None:
    with pytest.raises(ValueError, match="rival_value_low_cny=9 is above rival_value_high_cny=5"):
        merchant("restaurant").replace(rival_value_low_cny=9)


def test_rivals_are_counted_in_whole_bidders() -> None:
    assert isinstance(merchant("furniture").rival_bidders, int)
    with pytest.raises(ValueError, match="rival_bidders=2.5"):
        merchant("furniture").replace(rival_bidders=2.5)


def test_every_range_is_finite_so_no_model_sees_infinity() -> None:
    for name, allowed in FIELDS.items():
        assert allowed.high < float("inf"), name


def test_replace_checks_each_changed_figure_once_and_no_other(monkeypatch) -> None:
    """Issue 17, finding 5: a slider move checked all 29 figures, twice."""
    from o2o_models import merchant as merchant_module

    restaurant = merchant("restaurant")
    checked = []
    real = merchant_module.check_field
    monkeypatch.setattr(merchant_module, "check_field", lambda name, value: checked.append(name) or real(name, value))
    changed = restaurant.replace(commission=0.2, trust=0.6)
    assert checked == ["commission", "trust"]
    assert changed == Merchant.from_values({**scenario("restaurant"), "commission": 0.2, "trust": 0.6})
    assert hash(changed) == hash(Merchant.from_values(changed.values())) and restaurant.commission != 0.2


def test_replace_still_applies_the_rules_that_span_several_figures() -> None:
    with pytest.raises(ValueError, match="would grow without limit"):
        merchant("restaurant").replace(retention=0.95, referral_rate=0.5)
    with pytest.raises(ValueError, match="rival_value_low_cny=7 is above"):
        merchant("furniture").replace(rival_value_low_cny=7)
    assert merchant("furniture").replace(rival_bidders=4.0).rival_bidders == 4


def test_a_derived_figure_is_computed_once_and_a_changed_merchant_computes_its_own(monkeypatch) -> None:
    calls = []
    real = trust.prepay_conversion
    monkeypatch.setattr(trust, "prepay_conversion", lambda *args: calls.append(args) or real(*args))
    m = merchant("restaurant").replace(trust=0.8)
    assert m.voucher_buyers == m.groupbuy_views * m.prepay_share and m.cannibalised_buyers > 0
    assert len(calls) == 1
    lower = m.replace(trust=0.6)
    assert lower.prepay_share < m.prepay_share and len(calls) == 2
    assert lower.prepay_share == Merchant.from_values(lower.values()).prepay_share
