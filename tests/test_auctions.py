"""Specification of bidding for rank (o2o_models.auctions), re-exported by o2o_models.traffic."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from o2o_models import traffic
from o2o_models.auctions import GSP, VCG, gsp_prices, prices_by_bidders, revenue, vcg_prices

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


def test_traffic_re_exports_the_auction_prices() -> None:
    assert traffic.gsp_prices is gsp_prices and traffic.vcg_prices is vcg_prices


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
    ranked = np.sort(bids)[::-1][:len(ctrs)]
    assert (gsp_prices(bids, ctrs) <= ranked + 1e-9).all()
    assert (vcg_prices(bids, ctrs) <= ranked + 1e-9).all()


@given(bid_lists, ctr_lists)
def test_the_order_of_the_bids_does_not_matter(bids, ctrs) -> None:
    assert gsp_prices(bids, ctrs).tolist() == gsp_prices(bids[::-1], ctrs).tolist()
    assert vcg_prices(bids, ctrs).tolist() == pytest.approx(vcg_prices(bids[::-1], ctrs).tolist())


def test_more_bidders_raise_the_price_of_the_top_slot() -> None:
    frame = prices_by_bidders(max_bidders=10, n_draws=2000)
    for mechanism in (GSP, VCG):
        top = frame.query("slot == 1 and mechanism == @mechanism")["price_per_click_cny"].to_numpy()
        assert (np.diff(top) > 0).all()


def test_the_simulation_averages_the_single_auction_prices() -> None:
    frame = prices_by_bidders(max_bidders=2, ctrs=(0.2, 0.1), value_low=5, value_high=5, n_draws=3)
    two = frame[frame["bidders"] == 2].set_index(["mechanism", "slot"])["price_per_click_cny"]
    assert two[GSP].tolist() == gsp_prices([5, 5], [0.2, 0.1]).tolist()
    assert two[VCG].tolist() == pytest.approx(vcg_prices([5, 5], [0.2, 0.1]).tolist())
    assert list(frame.columns) == ["bidders", "slot", "mechanism", "price_per_click_cny"]


def test_the_bidding_simulation_is_reproducible_for_a_seed_and_differs_across_seeds() -> None:
    assert prices_by_bidders(seed=7).equals(prices_by_bidders(seed=7))
    assert not prices_by_bidders(seed=7).equals(prices_by_bidders(seed=8))
    assert prices_by_bidders(seed=np.random.default_rng(7)).equals(prices_by_bidders(seed=7))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: gsp_prices([5, -1], [0.2]), r"bids=-1 \(element 1\) is outside \[0, inf\)"),
    (lambda: vcg_prices([5, np.nan], [0.2]), "bids=nan"),
    (lambda: gsp_prices([5, 3], [0.1, 0.2]), r"ctrs=\[0.1, 0.2\] must be non-increasing"),
    (lambda: vcg_prices([5, 3], [0.0]), r"ctrs=0 \(element 0\) is outside \(0, inf\)"),
    (lambda: gsp_prices([5, 3], []), r"ctrs has shape \(0,\)"),
    (lambda: revenue([4, 2, 1], [0.2, 0.1]), "prices has 3 entries but ctrs only 2 slots"),
    (lambda: revenue([-4], [0.2]), "prices=-4"),
    (lambda: prices_by_bidders(max_bidders=0), "max_bidders=0"),
    (lambda: prices_by_bidders(value_low=5, value_high=2), r"value_high=2 is outside \[5, inf\)"),
    (lambda: prices_by_bidders(n_draws=0), "n_draws=0"),
    (lambda: prices_by_bidders(seed=-1), "seed=-1"),
])
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()
