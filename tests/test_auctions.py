"""Specification of bidding for rank (o2o_models.auctions): GSP, VCG and GSP's equilibrium."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from o2o_models import auctions
from o2o_models.auctions import (
    GSP_TRUTHFUL,
    VCG,
    gsp_equilibrium_bids,
    gsp_equilibrium_prices,
    gsp_prices,
    prices_by_bidders,
    revenue,
    slot_and_price,
    vcg_prices,
)

bid_lists = st.lists(st.floats(0, 100), min_size=1, max_size=8)
ctr_lists = st.lists(st.floats(0.01, 500), min_size=1, max_size=5).map(lambda c: sorted(c, reverse=True))


def test_the_textbook_example_by_hand() -> None:
    # Three advertisers bid 10, 4 and 2 per click for two slots with 200 and 100 clicks an hour
    # (the setting of Edelman, Ostrovsky and Schwarz 2007).
    # GSP: slot 1 pays the second bid, 4; slot 2 pays the third, 2. Revenue 200 x 4 + 100 x 2 = 1000.
    # VCG: slot 2 takes 100 clicks from the bidder at 2: 200 in all, 2 a click.
    #      slot 1 takes 100 clicks from the bidder at 4 and 100 from the bidder at 2: 600, 3 a click.
    #      Revenue 200 x 3 + 100 x 2 = 800.
    bids, clicks = [4, 10, 2], [200, 100]
    assert gsp_prices(bids, clicks).tolist() == [4, 2]
    assert vcg_prices(bids, clicks).tolist() == pytest.approx([3, 2])
    assert revenue(gsp_prices(bids, clicks), clicks) == pytest.approx(1000)
    assert revenue(vcg_prices(bids, clicks), clicks) == pytest.approx(800)


def test_only_the_ratios_of_click_rates_set_the_prices() -> None:
    assert vcg_prices([10, 4, 2], [0.2, 0.1]).tolist() == pytest.approx(vcg_prices([10, 4, 2], [200, 100]).tolist())
    assert revenue([4, 2], [0.2, 0.1]) == pytest.approx(1.0)


def test_under_gsp_the_top_bidder_gains_by_shading_its_bid_but_not_under_vcg() -> None:
    # Values 10, 4, 2; slots with 200 and 199 clicks. Bidding the truth wins slot 1;
    # bidding 3 instead drops to slot 2 behind the bidder at 4.
    clicks = [200, 199]
    truthful_gsp = (10 - gsp_prices([10, 4, 2], clicks)[0]) * 200  # (10 - 4) x 200 = 1200
    truthful_vcg = (10 - vcg_prices([10, 4, 2], clicks)[0]) * 200  # (10 - 402/200) x 200 = 1598
    shaded = (10 - gsp_prices([3, 4, 2], clicks)[1]) * 199  # (10 - 2) x 199 = 1592, the same under VCG
    assert truthful_gsp == pytest.approx(1200) and truthful_vcg == pytest.approx(1598)
    assert shaded == pytest.approx(1592) and vcg_prices([3, 4, 2], clicks)[1] == pytest.approx(2)
    assert truthful_gsp < shaded < truthful_vcg


def test_with_one_slot_both_rules_are_the_second_price_auction() -> None:
    assert gsp_prices([7, 9, 3], [0.3]).tolist() == [7]
    assert vcg_prices([7, 9, 3], [0.3]).tolist() == pytest.approx([7])


def test_the_last_bidder_pays_nothing_when_no_one_is_below() -> None:
    assert gsp_prices([5, 3], [0.3, 0.2, 0.1]).tolist() == [3, 0]
    assert vcg_prices([5, 3], [0.3, 0.2, 0.1]).tolist() == pytest.approx([(0.1 * 3) / 0.3, 0])


def test_the_equilibrium_bids_of_the_textbook_example() -> None:
    # Values 10, 4, 2 for slots with 200 and 100 clicks. The bidder valuing 4 bids what leaves the top
    # bidder indifferent between slots 1 and 2: (100 x 4 + 100 x 2) / 200 = 3. The bidder at 2 has no
    # slot and bids its value; the top bidder's bid is never paid and is set to its value.
    assert gsp_equilibrium_bids([4, 10, 2], [200, 100]).tolist() == pytest.approx([3, 10, 2])
    assert gsp_equilibrium_prices([10, 4, 2], [200, 100]).tolist() == pytest.approx([3, 2])


values_lists = st.lists(st.floats(0, 100), min_size=1, max_size=8)


@given(values_lists, ctr_lists)
def test_in_gsps_equilibrium_every_slot_pays_its_vcg_price(values, ctrs) -> None:
    np.testing.assert_allclose(gsp_equilibrium_prices(values, ctrs), vcg_prices(values, ctrs), atol=1e-9)
    assert revenue(gsp_equilibrium_prices(values, ctrs), ctrs) == pytest.approx(
        revenue(vcg_prices(values, ctrs), ctrs), abs=1e-6
    )


@given(values_lists, ctr_lists)
def test_equilibrium_bids_are_shaded_below_values_and_keep_their_order(values, ctrs) -> None:
    bids = gsp_equilibrium_bids(values, ctrs)
    assert (bids <= np.asarray(values) + 1e-9).all()
    order = np.argsort(-np.asarray(values), kind="stable")
    assert (np.diff(bids[order]) <= 1e-9).all()


@given(values_lists, ctr_lists)
def test_no_advertiser_envies_another_slot_at_the_equilibrium_prices(values, ctrs) -> None:
    """Varian's symmetric equilibrium: (v_k - p_k) a_k >= (v_k - p_j) a_j for every advertiser k and slot j."""
    ranked = np.sort(values)[::-1]
    prices = gsp_equilibrium_prices(values, ctrs)
    clicks = np.asarray(ctrs[: len(prices)])
    for k, value in enumerate(ranked):
        own = (value - prices[k]) * clicks[k] if k < len(prices) else 0.0
        assert (own >= (value - prices) * clicks - 1e-6).all()


@given(st.floats(0, 50), st.lists(st.floats(0, 50), min_size=0, max_size=6), ctr_lists)
def test_slot_and_price_agree_with_the_equilibrium_of_the_whole_auction(own, rivals, ctrs) -> None:
    slot, price = slot_and_price(own, [rivals], ctrs)
    rank = sum(r > own for r in rivals)
    if rank < len(ctrs):
        assert slot.tolist() == [rank + 1]
        assert price[0] == pytest.approx(gsp_equilibrium_prices([own, *rivals], ctrs)[rank], abs=1e-9)
        assert price[0] <= own + 1e-9
    else:
        assert slot.tolist() == [0] and price.tolist() == [0]


@given(bid_lists, ctr_lists)
def test_gsp_revenue_is_at_least_vcg_revenue_at_the_same_bids(bids, ctrs) -> None:
    assert revenue(gsp_prices(bids, ctrs), ctrs) >= revenue(vcg_prices(bids, ctrs), ctrs) - 1e-9


@given(bid_lists, ctr_lists)
def test_vcg_never_charges_more_than_gsp_slot_by_slot(bids, ctrs) -> None:
    assert (vcg_prices(bids, ctrs) <= gsp_prices(bids, ctrs) + 1e-9).all()


@given(bid_lists, ctr_lists)
def test_prices_never_rise_down_the_page(bids, ctrs) -> None:
    assert (np.diff(gsp_prices(bids, ctrs)) <= 1e-9).all()
    assert (np.diff(vcg_prices(bids, ctrs)) <= 1e-9).all()


@given(bid_lists, ctr_lists)
def test_no_winner_pays_more_than_its_bid(bids, ctrs) -> None:
    ranked = np.sort(bids)[::-1][: len(ctrs)]
    assert (gsp_prices(bids, ctrs) <= ranked + 1e-9).all()
    assert (vcg_prices(bids, ctrs) <= ranked + 1e-9).all()


@given(bid_lists, ctr_lists)
def test_the_order_of_the_bids_does_not_matter(bids, ctrs) -> None:
    assert gsp_prices(bids, ctrs).tolist() == gsp_prices(bids[::-1], ctrs).tolist()
    assert vcg_prices(bids, ctrs).tolist() == pytest.approx(vcg_prices(bids[::-1], ctrs).tolist())


def test_more_bidders_raise_the_price_of_the_top_slot() -> None:
    frame = prices_by_bidders(max_bidders=10, n_draws=2000)
    for mechanism in (GSP_TRUTHFUL, VCG):  # noqa: B007 (read by the query)
        top = frame.query("slot == 1 and mechanism == @mechanism")["price_per_click_cny"].to_numpy()
        assert (np.diff(top) > 0).all()


def test_the_simulation_averages_the_single_auction_prices() -> None:
    frame = prices_by_bidders(max_bidders=2, ctrs=(0.2, 0.1), value_low=5, value_high=5, n_draws=3)
    two = frame[frame["bidders"] == 2].set_index(["mechanism", "slot"])["price_per_click_cny"]
    assert two[GSP_TRUTHFUL].tolist() == gsp_prices([5, 5], [0.2, 0.1]).tolist()
    assert two[VCG].tolist() == pytest.approx(vcg_prices([5, 5], [0.2, 0.1]).tolist())
    assert list(frame.columns) == ["bidders", "slot", "mechanism", "price_per_click_cny"]


def test_truthful_gsp_overstates_what_the_platform_earns_in_equilibrium() -> None:
    frame = prices_by_bidders(max_bidders=8, n_draws=500).pivot_table(
        index=["bidders", "slot"], columns="mechanism", values="price_per_click_cny"
    )
    assert (frame[GSP_TRUTHFUL] >= frame[VCG] - 1e-9).all()
    assert (frame[GSP_TRUTHFUL] > frame[VCG]).any()


def test_the_bidding_simulation_is_reproducible_for_a_seed_and_differs_across_seeds() -> None:
    assert prices_by_bidders(seed=7).equals(prices_by_bidders(seed=7))
    assert not prices_by_bidders(seed=7).equals(prices_by_bidders(seed=8))
    assert prices_by_bidders(seed=np.random.default_rng(7)).equals(prices_by_bidders(seed=7))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gsp_prices([5, -1], [0.2]), r"bids=-1 \(element 1\) is outside \[0, "),
        (lambda: vcg_prices([5, np.nan], [0.2]), "bids=nan"),
        (lambda: gsp_prices([5, 3], [0.1, 0.2]), r"ctrs=\[0.1, 0.2\] must be non-increasing"),
        (lambda: vcg_prices([5, 3], [0.0]), r"ctrs=0 \(element 0\) is outside \(0, "),
        (lambda: gsp_prices([5, 3], []), r"ctrs has shape \(0,\)"),
        (lambda: revenue([4, 2, 1], [0.2, 0.1]), "prices has 3 entries but ctrs only 2 slots"),
        (lambda: revenue([-4], [0.2]), "prices=-4"),
        (lambda: prices_by_bidders(max_bidders=0), "max_bidders=0"),
        (lambda: prices_by_bidders(value_low=5, value_high=2), r"value_high=2 is outside \[5, "),
        (lambda: gsp_equilibrium_bids([5, np.nan], [0.2]), "values=nan"),
        (lambda: slot_and_price(-1, [[2, 3]], [0.2]), "own_value=-1"),
        (lambda: prices_by_bidders(n_draws=0), "n_draws=0"),
        (lambda: prices_by_bidders(seed=-1), "seed=-1"),
    ],
)
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_a_reserve_drops_the_bids_below_it_and_sets_the_last_winners_price() -> None:
    assert auctions.gsp_prices([10, 4, 2], [200, 100], reserve=3).tolist() == [4.0, 3.0]
    assert auctions.vcg_prices([10, 4, 2], [200, 100], reserve=3).tolist() == [(100 * 4 + 100 * 3) / 200, 3.0]
    assert auctions.gsp_prices([10, 4, 2], [200, 100], reserve=11).tolist() == []
    assert auctions.gsp_equilibrium_prices([10, 4, 2], [200, 100], reserve=3).tolist() == pytest.approx([3.5, 3.0])


def test_with_no_reserve_the_prices_are_unchanged() -> None:
    for rule in (auctions.gsp_prices, auctions.vcg_prices, auctions.gsp_equilibrium_prices):
        assert rule([10, 4, 2], [200, 100], reserve=0).tolist() == rule([10, 4, 2], [200, 100]).tolist()


def test_a_winners_price_does_not_depend_on_its_own_value() -> None:
    rivals = np.random.default_rng(3).uniform(1, 6, size=(200, 10))
    _, low = auctions.slot_and_price(22.5, rivals, [0.10, 0.06, 0.04])
    _, high = auctions.slot_and_price(40.5, rivals, [0.10, 0.06, 0.04])
    np.testing.assert_array_equal(low, high)


def test_an_advertiser_below_the_reserve_wins_nothing_and_a_winner_pays_at_least_it() -> None:
    slot, price = auctions.slot_and_price(5, [[4, 2], [1, 0.5]], [200, 100], reserve=6)
    assert slot.tolist() == [0, 0] and price.tolist() == [0.0, 0.0]
    slot, price = auctions.slot_and_price(10, [[4, 2], [1, 0.5]], [200, 100], reserve=6)
    assert slot.tolist() == [1, 1] and price.tolist() == [6.0, 6.0]


def test_a_negative_reserve_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="reserve"):
        auctions.gsp_prices([10, 4], [200, 100], reserve=-1)
