"""Specification of rank auctions (o2o_models.auctions), re-exported by o2o_models.traffic."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from o2o_models import traffic
from o2o_models.auctions import gsp_prices, prices_by_bidders, revenue, vcg_prices

bids = st.lists(st.floats(0, 100), min_size=1, max_size=8)
ctr_lists = st.lists(st.floats(0.01, 1), min_size=1, max_size=5).map(lambda c: sorted(c, reverse=True))


def test_the_worked_example_by_hand() -> None:
    # Bids 10, 4, 2 for two slots with 200 and 100 clicks per 1000 impressions.
    # GSP: slot 1 pays the second bid (4), slot 2 the third (2).
    # VCG: slot 2 pays 2; slot 1 pays (0.1 x 4 + 0.1 x 2) / 0.2 = 3.
    assert gsp_prices([4, 10, 2], [0.2, 0.1]).tolist() == [4, 2]
    assert vcg_prices([4, 10, 2], [0.2, 0.1]) == pytest.approx([3, 2])
    assert revenue(gsp_prices([10, 4, 2], [0.2, 0.1]), [0.2, 0.1]) == pytest.approx(1.0)


def test_the_last_bidder_pays_nothing_when_no_one_is_below() -> None:
    assert gsp_prices([5, 3], [0.3, 0.2, 0.1]).tolist() == [3, 0]
    assert vcg_prices([5, 3], [0.3, 0.2, 0.1]).tolist()[-1] == 0


def test_traffic_re_exports_the_auction_prices() -> None:
    assert traffic.gsp_prices is gsp_prices and traffic.vcg_prices is vcg_prices


@given(bids, ctr_lists)
def test_gsp_revenue_is_at_least_vcg_revenue_at_the_same_bids(b, c) -> None:
    assert revenue(gsp_prices(b, c), c) >= revenue(vcg_prices(b, c), c) - 1e-9


@given(bids, ctr_lists)
def test_vcg_never_charges_more_than_gsp_slot_by_slot(b, c) -> None:
    assert (vcg_prices(b, c) <= gsp_prices(b, c) + 1e-9).all()


@given(bids, ctr_lists)
def test_prices_fall_down_the_page(b, c) -> None:
    assert (np.diff(gsp_prices(b, c)) <= 1e-9).all()
    assert (np.diff(vcg_prices(b, c)) <= 1e-9).all()


@given(bids, ctr_lists)
def test_no_one_pays_more_than_their_bid(b, c) -> None:
    ranked = sorted(b, reverse=True)
    assert (gsp_prices(b, c) <= np.array(ranked[:len(c)]) + 1e-9).all()


def test_more_bidders_raise_the_price_of_the_top_slot() -> None:
    frame = prices_by_bidders(max_bidders=10, n_draws=2000)
    top = frame.query("slot == 1 and mechanism == 'GSP'")["price_per_click_cny"].to_numpy()
    assert (np.diff(top) > 0).all()


def test_bidding_simulation_is_reproducible_for_a_seed() -> None:
    assert prices_by_bidders(seed=7).equals(prices_by_bidders(seed=7))
    assert not prices_by_bidders(seed=7).equals(prices_by_bidders(seed=8))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: gsp_prices([5, -1], [0.2]), "bids=-1"),
    (lambda: gsp_prices([5, 3], [0.1, 0.2]), "must be non-increasing"),
    (lambda: vcg_prices([5, 3], [0.0]), r"ctrs=0 \(element 0\) is outside \(0, 1\]"),
    (lambda: prices_by_bidders(max_bidders=0), "max_bidders=0"),
])
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()
