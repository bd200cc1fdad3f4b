"""The three legs together: which leg carries which merchant, decided by the numbers.

`scorecard` reads one merchant through `o2o_models.funnel` and returns each way of
getting customers as a gain over the baseline (no platform),
added up over the horizon, with its risk: the share of months in which it loses money.
`fitting_legs` turns a scorecard into a verdict with one rule and no flags, decided at the
margin and weighing risk:

    Leg 1 fits when its better form (group-buy alone, or group-buy plus members) gains more
    than the baseline (no platform, a gain of 0) over the horizon. Leg 3 fits when paid
    clicks earn more than they cost on top of the free leads (免费传播) one team already works,
    and the lead business with both sources gains more than 0 while losing money in at most
    `MOST_LOSING_SHARE` of months (the cautious merchant's cap, "没有哪个商家会把风险压着不稳定的
    免费传播上"). When both fit, the verdict names the combination, "Leg 1 + Leg 3": the two
    legs work different funnels, so their gains add up.

The team is a fixed cost (paid whether clicks are bought or not), so leg 3 is judged by the
clicks' margin, :math:`L_{paid}\\,(w - p)`, not by a total that charges the team to paid traffic
alone (`funnel.one_team`). The cap applies to the lead business, whose losing months come by
chance in any month; leg 1's losing months are the months its member pool fills, known in
advance like an investment's, and are reported beside its gain. So prepayment is a result, not
an input: a merchant whose strangers will not prepay (预付款) gets few voucher buyers and so
little from leg 1. Leg 2, an operations
team (官方运营), is the platform's choice, not the merchant's (lesson 02). Give a furniture
showroom every figure of a restaurant and it gets the restaurant's verdict.

All figures are in CNY over ``months``, each month weighed by `funnel.discount_factors` (the
merchant's ``discount_rate``, 0 in every scenario: a plain sum); randomness is seeded (`funnel.SEED`,
over `funnel.PATHS` paths, as in every lesson). A scorecard is kept for the merchant's figures,
and its traffic simulation for the figures leg 3 reads (`funnel.lead_risk`): moving the rebate
simulates no traffic, and asking again for the same merchant computes nothing.

The verdict is written a line a leg (`leg_line`, `no_leg_line`, `together_line`), so that the site can
write it from each leg's own grid (`o2o_models.interactive.gridparts`). With these lines the module runs
past the house length (about 300) to about 380 lines: the scorecard, the rule and its words are one
argument, read in this order, and split they would import each other.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import funnel, traffic
from .merchant import Merchant
from .scenarios import scenario
from .text import N_, Share, _, sentences
from .validation import check_card, check_count, check_number, check_range, check_seed

LEG1 = N_("Leg 1 (group-buy, then members)")
LEG3 = N_("Leg 3 (stable paid traffic)")
BOTH = N_("Leg 1 + Leg 3")
"""The legs' names, in English (a verdict line starts with ``_(LEG1)``, the name in the reader's language)."""
MOST_LOSING_SHARE = 0.10
"""The cautious merchant's cap on the lead business's losing months: at most one month in ten (illustrative)."""
LEG_KEYS = (
    "groupbuy_only_cny",
    "with_members_cny",
    "paid_cny",
    "groupbuy_losing_share",
    "members_losing_share",
    "paid_losing_share",
)
"""The scorecard figures `leg_gains` reads; `fitting_legs` and `gains_table` read free sharing's too."""
CARD_KEYS = (*LEG_KEYS, "viral_cny", "viral_losing_share", "paid_and_viral_cny", "paid_and_viral_losing_share")


def _check_card(card: object, keys: tuple[str, ...]) -> None:
    """A scorecard's ``keys`` checked: finite numbers, the losing shares in [0, 1]."""
    numbers = check_card("card", card, keys, "scorecard")
    for key in keys:
        if key.endswith("losing_share"):
            check_range(f"card[{key!r}]", numbers[key], 0, 1, "a share of losing months")
    if "months" in card:
        check_number("card['months']", card["months"], 1, 120, "the horizon in months")


def scorecard(
    values: Mapping[str, float] | Merchant,
    *,
    months: int = funnel.HORIZON,
    n_paths: int = funnel.PATHS,
    seed: int = funnel.SEED,
) -> dict[str, float]:
    """Every way of getting customers for one merchant, as gains over the baseline.

    Parameters
    ----------
    values : mapping or Merchant
        Every figure of a merchant (a scenario, possibly changed); a missing or unknown
        figure is rejected (`Merchant.from_values`).
    months : int
        The horizon, 1 to 120 months.
    n_paths : int
        Simulated traffic paths, 1 to 20,000.
    seed : int
        The random seed of the traffic simulation.

    Returns
    -------
    dict
        ``months`` (the horizon); ``voucher_margin_cny`` (CNY per voucher); ``prepay_conversion`` (share of strangers
        who prepay the voucher); ``voucher_buyers`` (a month); ``baseline_cny`` (the merchant
        alone, summed over the horizon); gains over the baseline, summed over the horizon:
        ``groupbuy_only_cny``, ``with_members_cny``, ``paid_cny`` (mean over paths) and
        ``viral_cny`` (its exact expectation, `funnel.viral_gain`), each source with its own team;
        ``paid_and_viral_cny``: one team working both sources (`funnel.one_team`), and
        ``paid_on_free_cny``: what paid clicks add on top of free sharing, :math:`\\sum L_{paid}(w-p)`;
        the share of months each loses money: ``groupbuy_losing_share``, ``members_losing_share``,
        ``paid_losing_share``, ``viral_losing_share``, ``paid_and_viral_losing_share``; and
        ``members`` at the end.

    Raises
    ------
    ValueError
        If a figure is missing, unknown or out of range (naming it), or a parameter is.

    Notes
    -----
    Leg 1 from `funnel.leg1_months`; leg 3, and free sharing's losing months, from
    `funnel.lead_risk` (`traffic.losing_month_probability` of `funnel.lead_months`); free sharing's
    mean gain exactly, from `funnel.viral_gain` (a heavy-tailed shock would make a simulated
    mean, and so a verdict, depend on the paths). Kept for the merchant's figures (`SCORECARDS_KEPT`).
    """
    merchant = values if isinstance(values, Merchant) else Merchant.from_values(values)
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    paths = check_count("n_paths", n_paths, 1, 20_000, "simulated paths")
    if isinstance(seed, np.random.Generator):  # its draws differ from call to call: nothing to keep
        return _scorecard(merchant, horizon, paths, seed)
    check_seed(seed)
    return dict(_kept_scorecard(merchant, horizon, paths, int(seed)))


SCORECARDS_KEPT = 256
"""Scorecards kept, one for each merchant's figures, horizon, paths and seed (a dict of 20 numbers each)."""


@functools.lru_cache(maxsize=SCORECARDS_KEPT)
def _kept_scorecard(merchant: Merchant, months: int, n_paths: int, seed: int) -> dict[str, float]:
    return _scorecard(merchant, months, n_paths, seed)


def _scorecard(merchant: Merchant, horizon: int, n_paths: int, seed: int | np.random.Generator) -> dict[str, float]:
    leg1 = funnel.leg1_months(merchant, horizon)
    risk = funnel.lead_risk(merchant, horizon, n_paths, seed).set_index("source")
    factors = funnel.discount_factors(merchant, horizon)
    present = float(factors.sum())  # a month's mean, summed over the horizon at the one discounting
    team = funnel.one_team(merchant, horizon, n_paths, seed)
    groupbuy_gain = leg1["groupbuy_gain_cny"]
    members_gain = groupbuy_gain + leg1["member_gain_cny"]
    return {
        "months": float(horizon),
        "voucher_margin_cny": merchant.voucher_margin,
        "prepay_conversion": merchant.prepay_share,
        "voucher_buyers": merchant.voucher_buyers,
        "baseline_cny": float(leg1["baseline_cny"] @ factors),
        "groupbuy_only_cny": float(groupbuy_gain @ factors),
        "with_members_cny": float(members_gain @ factors),
        "paid_cny": float(present * risk.loc[traffic.PAID, "mean_profit_cny"]),
        "viral_cny": float(present * risk.loc[traffic.VIRAL, "mean_profit_cny"]),
        "groupbuy_losing_share": float((groupbuy_gain < 0).mean()),
        "members_losing_share": float((members_gain < 0).mean()),
        "paid_losing_share": float(risk.loc[traffic.PAID, "losing_share"]),
        "viral_losing_share": float(risk.loc[traffic.VIRAL, "losing_share"]),
        "members": float(leg1["members"].iloc[-1]),
        "paid_and_viral_cny": float(present * team["mean_profit_cny"]),
        "paid_and_viral_losing_share": team["losing_share"],
        "paid_on_free_cny": float(present * team["paid_margin_cny"]),
    }


def leg_gains(card: Mapping[str, float]) -> dict[str, tuple[float, float, str]]:
    """Each leg's gain over the horizon, its share of losing months, and the form that gives it."""
    _check_card(card, LEG_KEYS)
    if card["with_members_cny"] >= card["groupbuy_only_cny"]:
        leg1 = (float(card["with_members_cny"]), float(card["members_losing_share"]), N_("group-buy plus members"))
    else:
        leg1 = (float(card["groupbuy_only_cny"]), float(card["groupbuy_losing_share"]), N_("group-buy alone"))
    return {LEG1: leg1, LEG3: (float(card["paid_cny"]), float(card["paid_losing_share"]), N_("paid traffic"))}


def fitting_gains(card: Mapping[str, float]) -> dict[int, float]:
    """The gain of each leg that fits (the module's rule), by leg number, best gain first.

    Leg 1 fits when its better form gains over the baseline; its gain is that form's. Leg 3 fits when paid
    clicks add to free sharing (``paid_on_free_cny`` > 0, or, without it in the card, paid with free sharing
    beats free sharing alone) and the lead business with one team and both sources, ``paid_and_viral_cny``,
    gains more than 0 while losing money in at most `MOST_LOSING_SHARE` of months; its gain is that business's.
    Equal gains keep the legs' order.
    """
    _check_card(card, CARD_KEYS)
    (gain1, _losing1, _form1), _rest = leg_gains(card).values()
    both, both_losing = float(card["paid_and_viral_cny"]), float(card["paid_and_viral_losing_share"])
    adds = float(card.get("paid_on_free_cny", both - float(card["viral_cny"])))
    gains = {1: gain1} if gain1 > 0 else {}
    if adds > 0 and both > 0 and both_losing <= MOST_LOSING_SHARE:
        gains[3] = both
    return dict(sorted(gains.items(), key=lambda leg: leg[1], reverse=True))


def legs_that_fit(card: Mapping[str, float]) -> list[int]:
    """The numbers of the legs that fit, best gain first (`fitting_gains`): what `fitting_legs` writes out.

    Examples
    --------
    >>> legs_that_fit({"groupbuy_only_cny": -10.0, "with_members_cny": 50.0, "paid_cny": -5.0, "viral_cny": 20.0,
    ...                "groupbuy_losing_share": 1.0, "members_losing_share": 0.25, "paid_losing_share": 1.0,
    ...                "viral_losing_share": 0.5, "paid_and_viral_cny": 15.0, "paid_and_viral_losing_share": 0.5})
    [1]
    """
    return list(fitting_gains(card))


def _horizon(card: Mapping[str, float]) -> str:
    return _(" over {months:.0f} months").format(months=float(card["months"])) if "months" in card else ""


def _free_sharing(card: Mapping[str, float]) -> str:
    return _("free sharing alone: {gain:+,.0f} CNY, losing {share:.0%}").format(
        gain=float(card["viral_cny"]), share=Share(card["viral_losing_share"])
    )


def leg_line(card: Mapping[str, float], leg: int) -> str:
    """The verdict's line for leg ``leg`` (1 or 3), with its gain, risk and reason, as when it fits.

    Raises
    ------
    ValueError
        If ``leg`` is not 1 or 3 (leg 2, the operations team, is the platform's choice), or the card is broken.
    """
    _check_card(card, CARD_KEYS)
    if check_count("leg", leg, 1, 3, N_("the leg of the verdict: 1 or 3")) == 2:
        raise ValueError(_("leg=2 has no line in a merchant's verdict: leg 2 is the platform's choice; give 1 or 3"))
    if leg == 1:
        gain, losing, form = leg_gains(card)[LEG1]
        building = _(", while its members build up") if form == "group-buy plus members" else ""
        line = _(
            "{leg}: {form} gains {gain:+,.0f} CNY{horizon} against the baseline and loses money in {share:.0%} "
            "of months{building}."
        )
        return line.format(
            leg=_(LEG1), form=_(form), gain=gain, horizon=_horizon(card), share=Share(losing), building=building
        )
    both = float(card["paid_and_viral_cny"])
    adds = float(card.get("paid_on_free_cny", both - float(card["viral_cny"])))
    line = _(
        "{leg}: paid clicks on top of free sharing, one team, gain {gain:+,.0f} CNY{horizon} and lose "
        "money in {share:.0%} of months; the clicks add {adds:+,.0f} CNY ({free})."
    )
    return line.format(
        leg=_(LEG3),
        gain=both,
        horizon=_horizon(card),
        share=Share(card["paid_and_viral_losing_share"]),
        adds=adds,
        free=_free_sharing(card),
    )


def no_leg_line(card: Mapping[str, float]) -> str:
    """The verdict when neither leg fits: what does better, and the numbers of paid traffic on top of free sharing."""
    _check_card(card, CARD_KEYS)
    safe_free = float(card["viral_cny"]) > 0 and float(card["viral_losing_share"]) <= MOST_LOSING_SHARE
    line = _(
        "Neither leg pays here: {best} does better ({free}; paid on top, one team: {gain:+,.0f} CNY, "
        "losing {share:.0%}). Change the rebate, trust or traffic."
    )
    return line.format(
        best=_("free sharing") if safe_free else _("the baseline"),
        free=_free_sharing(card),
        gain=float(card["paid_and_viral_cny"]),
        share=Share(card["paid_and_viral_losing_share"]),
    )


def together_line(card: Mapping[str, float], gain: float) -> str:
    """The verdict's last line when both legs fit: their gains add up to ``gain``, CNY over the card's horizon.

    ``gain`` is written as ``{:+,.0f}`` writes it (a float whose ``__format__`` writes something else, such as
    the site's slot for a sum the page adds, `o2o_models.interactive.gridparts.SUM`, is written as it says).
    """
    _check_card(card, ())
    check_number("gain", gain, -1e15, 1e15, N_("the legs' gains added up, CNY"))
    line = _("{leg}: both fit, and their gains add up to {gain:+,.0f} CNY{horizon}.")
    return line.format(leg=_(BOTH), gain=gain, horizon=_horizon(card))


def fitting_legs(card: Mapping[str, float]) -> list[str]:
    """The legs that fit (`fitting_gains`, the module's rule), best gain first, each with a reason (`leg_line`); a
    last line names a combination (`together_line`), and with no leg one line says what does better (`no_leg_line`).
    Leg 3's gain is the lead business with one team and both sources, ``paid_and_viral_cny``.

    Examples
    --------
    >>> card = {"groupbuy_only_cny": -10.0, "with_members_cny": 50.0, "paid_cny": -5.0, "viral_cny": 20.0,
    ...         "groupbuy_losing_share": 1.0, "members_losing_share": 0.25, "paid_losing_share": 1.0,
    ...         "viral_losing_share": 0.5, "paid_and_viral_cny": 15.0, "paid_and_viral_losing_share": 0.5}
    >>> fitting_legs(card)[0].startswith("Leg 1")
    True
    """
    gains = fitting_gains(card)
    if not gains:
        return [no_leg_line(card)]
    lines = [leg_line(card, leg) for leg in gains]
    if len(gains) == 2:
        lines.append(together_line(card, sum(gains.values())))
    return lines


def compare(
    names: Sequence[str] = ("restaurant", "furniture"),
    overrides: Mapping[str, float] | None = None,
    *,
    months: int = funnel.HORIZON,
    seed: int = funnel.SEED,
) -> pd.DataFrame:
    """Scorecards of several merchants side by side, one row a merchant.

    ``overrides`` replaces figures for every merchant (for example a common ``commission``);
    an unknown or misspelt figure is rejected, with the closest name. Columns are the
    `scorecard` keys plus ``scenario`` and ``fitting_legs``.

    Examples
    --------
    >>> compare(("cinema",), {"commission": 0.2}, months=12)["scenario"].tolist()
    ['cinema']
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence):
        raise TypeError(
            _("names={names!r} is not a list of scenario names, e.g. ('restaurant', 'cinema')").format(names=names)
        )
    if not names:
        raise ValueError(
            _("names={names!r} names no scenario: give at least one, e.g. ('restaurant',)").format(names=names)
        )
    if overrides is not None and not (isinstance(overrides, Mapping) and all(isinstance(k, str) for k in overrides)):
        raise TypeError(
            _("overrides={overrides!r} is not a mapping of figure names to numbers, e.g. {{'commission': 0.2}}").format(
                overrides=overrides
            )
        )
    check_count("months", months, 1, 120, "the horizon in months")
    check_seed(seed)  # checked before any merchant; each scorecard then starts from the seed itself
    rows = []
    for name in names:
        merchant = Merchant.from_values(scenario(name)).replace(**(overrides or {}))
        card = scorecard(merchant, months=months, seed=seed)
        rows.append({"scenario": name, **card, "fitting_legs": sentences(fitting_legs(card))})
    return pd.DataFrame(rows)


WAYS = (
    N_("group-buy 团购 only"),
    N_("member 会员 + group-buy"),
    traffic.PAID,
    traffic.VIRAL,
    N_("paid + free, one team"),
)
"""The ways of getting customers a scorecard compares, the rows of `gains_table` in its order."""


def gains_table(card: Mapping[str, float]) -> pd.DataFrame:
    """A scorecard's ways of getting customers as rows: gain over the horizon and losing months.

    The last row is leg 3 at the margin: one team working paid clicks and free sharing together.
    """
    _check_card(card, CARD_KEYS)
    return pd.DataFrame(
        {
            "way": list(WAYS),
            "gain_cny": [
                card["groupbuy_only_cny"],
                card["with_members_cny"],
                card["paid_cny"],
                card["viral_cny"],
                card["paid_and_viral_cny"],
            ],
            "losing_share": [
                card["groupbuy_losing_share"],
                card["members_losing_share"],
                card["paid_losing_share"],
                card["viral_losing_share"],
                card["paid_and_viral_losing_share"],
            ],
        }
    ).astype({"losing_share": np.float64})
