"""Lesson 04's tables: five merchants' scorecards (section 1), leg 2 read from the platform's side, which
platform fits which merchant (section 4), and centralisation (section 6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ... import operations, platform, scenarios, strategy
from ...text import N_, Share, _, language_in_use, listed
from ..common import Shown
from ..exercises import Note
from ..figures import COUNT, MONEY, PRICE, SHARE, written
from .panels import BOTH, MONTHS, WAYS

MONTH_1_BUYERS = N_("voucher buyers in month 1")
"""The scorecard's ``voucher_buyers``: month 1's, at the starting trust (reviews raise it: `funnel.leg1_months`)."""


def _leg_list(card: Mapping[str, float]) -> str:
    """A scorecard's verdict as a table shows it: "leg 1", "leg 3, leg 1" or "none"."""
    return listed(_("leg {number}").format(number=n) for n in strategy.legs_that_fit(card)) or _("none")


# Section 1: five merchants, one scorecard ---------------------------------------------------------


def scorecards() -> Shown:
    """`strategy.compare` of all five merchants, one column a merchant, written for reading.

    Gains are over the baseline (the merchant with no platform), added up over 36 months, in CNY;
    "losing months" is the share of months in which that way earns less than the baseline. The rows
    are named in the reader's language; the merchants, code's names, are shown in it (`Shown`).
    """
    table = strategy.compare(scenarios.SCENARIOS).set_index("scenario")
    rows = {
        _("strangers who prepay 预付款"): table["prepay_conversion"].map(lambda share: f"{Share(share):.0%}"),
        _(MONTH_1_BUYERS): table["voucher_buyers"].map("{:,.0f}".format),
    }
    for way, gain, losing in zip(
        WAYS,
        ("groupbuy_only_cny", "with_members_cny", "paid_cny", "viral_cny"),
        ("groupbuy_losing_share", "members_losing_share", "paid_losing_share", "viral_losing_share"),
    ):
        rows[_("{way}: gain (CNY)").format(way=_(way))] = table[gain].map("{:+,.0f}".format)
        rows[_("{way}: losing months").format(way=_(way))] = written(table[losing].tolist(), SHARE)
    rows[_("{way}: gain (CNY)").format(way=_(BOTH))] = table["paid_and_viral_cny"].map("{:+,.0f}".format)
    rows[_("{way}: losing months").format(way=_(BOTH))] = written(table["paid_and_viral_losing_share"].tolist(), SHARE)
    rows[_("the leg that fits")] = [_leg_list(row.to_dict()) for _, row in table.iterrows()]
    return Shown(pd.DataFrame(rows).T.rename_axis(index=None, columns=None))


SWEEP_GAINS = {
    N_("group-buy only: gain (CNY)"): "groupbuy_only_cny",
    N_("paid traffic: gain (CNY)"): "paid_cny",
    N_("free sharing: gain (CNY)"): "viral_cny",
    N_("paid + free, one team: gain (CNY)"): "paid_and_viral_cny",
}
"""`trust_sweep`'s rows of gains over 36 months and the scorecard's figure each shows."""


def trust_sweep(name: str = "furniture", trusts: Sequence[float] = (0.5, 0.6, 0.7)) -> Shown:
    """One merchant's scorecard at several levels of strangers' trust: prepayment as a result of the model.

    A column a level of trust, a row a figure (so that it fits a cell at 1024 px); the rows keep the names
    below for code and are shown in the reader's language (`Shown`)."""
    columns = {}
    for trust in trusts:
        m = scenarios.merchant(name).replace(trust=trust)
        card = strategy.scorecard(m)
        columns[trust] = {
            VOUCHER_PRICE: m.voucher_price,
            STRANGERS: card["prepay_conversion"],
            MONTH_1_BUYERS: card["voucher_buyers"],
            **{row: card[figure] for row, figure in SWEEP_GAINS.items()},
            N_("the leg that fits"): _leg_list(card),
        }
    forms = {VOUCHER_PRICE: MONEY, STRANGERS: SHARE, MONTH_1_BUYERS: COUNT, **dict.fromkeys(SWEEP_GAINS, MONEY)}
    return Shown(pd.DataFrame(columns).rename_axis(columns=N_("trust 信任")), formats=forms)


VOUCHER_PRICE, STRANGERS = N_("voucher price (CNY)"), N_("strangers who prepay")


# Section 4: leg 2 belongs to the platform --------------------------------------------------------

BEST_TEAM = operations.best_team_size()
"""The platform's best team, staff (小二) per 100 merchants: the figure lesson 02 quotes, computed once."""
STAFF_LEVELS = tuple(sorted({1.0, 2.0, 3.0, 5.0, 10.0, 15.0, BEST_TEAM}))
"""Team sizes the lesson compares, in staff per 100 merchants: a few round sizes and the best team."""


def staff_levels() -> tuple[float, ...]:
    """The team sizes section 4 compares (`STAFF_LEVELS`), staff per 100 merchants, the best team among them."""
    return STAFF_LEVELS


def staffing_reading(table: pd.DataFrame) -> Note:
    """What `operations.staffing_table` says, in words: the best average return against the largest net gain
    (``table`` must hold `BEST_TEAM`, the best size on lesson 02's finer grid)."""
    by_size = table.set_index("staff_per_100_merchants")
    best_average = by_size["average_return"].idxmax()
    best_net = by_size["net_gain_cny"].idxmax()
    if best_net != BEST_TEAM:
        raise ValueError(
            _(
                "the table's largest net gain is at {best_net:g} staff per 100 merchants, not at the best team "
                "{best_team:g} (operations.best_team_size()): include {best_team:g} among its levels"
            ).format(best_net=best_net, best_team=BEST_TEAM)
        )
    falls = by_size.index[by_size["marginal_return"] < 0]
    after = (
        _("it turns negative from {staff:g} staff on").format(staff=falls[0])
        if len(falls)
        else _("it stays positive at every size shown")
    )
    return Note(
        _(
            "The **average return** (平均回报, the whole net gain per yuan of staff) is highest at "
            "**{best_average:g}** staff per 100 merchants ({top_return:.2f}). "
            "The **marginal return** (边际回报, the net gain the last staff added bring per yuan they cost) "
            "is what decides the next hire: {after}. So the platform's net gain is largest at **{best_net:g}** staff "
            "per 100 merchants, {net_gain:,.1f} million CNY over {months} months, "
            "although the average return there is only {net_return:.2f}. Stopping at the "
            "best average return would leave {left:,.1f} million CNY on the table."
        ).format(
            best_average=best_average,
            top_return=by_size.loc[best_average, "average_return"],
            after=after,
            best_net=best_net,
            net_gain=by_size.loc[best_net, "net_gain_cny"] / 1e6,
            months=MONTHS,
            net_return=by_size.loc[best_net, "average_return"],
            left=(by_size.loc[best_net, "net_gain_cny"] - by_size.loc[best_average, "net_gain_cny"]) / 1e6,
        )
    )


# Section 6: which platform fits which merchant, and centralisation ---------------------------------

TOOLS = {1: N_("大众点评 in WeChat + 服务号 + 微信小店"), 3: N_("广点通 ads; later 竞价排名")}
"""The 2014 WeChat tool for each leg, as the article names them."""


def _merchant_label(label: pd.Series) -> str:
    """A merchant as the platform table names it: "restaurant 餐饮" in English, the article's term beside
    the English, and 餐饮 alone in Chinese."""
    if language_in_use() == "en":
        return f"{label['name_en'].lower()} {label['name_zh']}"
    return label["name_zh"]


def platform_table() -> pd.DataFrame:
    """Per merchant: the article's label, the model's prepayment and verdict, the 2014 tool and what it lacked.

    What it lacked costs the merchant, over 36 months: for leg 1 the pay of its own
    operators (the gain of group-buy plus members without it, less with it); for leg 3
    the H5 split (paid traffic's gain with no split, less with the split).
    """
    labels = scenarios.scenario_labels().set_index("scenario")
    table = strategy.compare(scenarios.SCENARIOS).set_index("scenario")
    rows = []
    for name, row in table.iterrows():
        m, card = scenarios.merchant(name), row.to_dict()
        legs = strategy.legs_that_fit(card)
        if legs and legs[0] == 1:
            lacking = _("官方运营: the merchant pays its own operators")
            cost = strategy.scorecard(m.replace(operator_cost_cny=0.0))["with_members_cny"] - card["with_members_cny"]
        elif legs:
            lacking = _("traffic: {share:.0%} of it sent to H5 pages").format(share=Share(m.h5_share))
            cost = strategy.scorecard(m.replace(h5_share=0.0))["paid_cny"] - card["paid_cny"]
        else:
            lacking, cost = _("a leg that beats free sharing"), 0.0
        rows.append(
            {
                N_("merchant"): _merchant_label(labels.loc[name]),
                N_("the article: prepaid?"): N_("yes") if labels.loc[name, "prepaid"] else N_("no"),
                N_("strangers who prepay"): f"{Share(row['prepay_conversion']):.0%}",
                N_("the leg that fits"): _leg_list(card),
                N_("the 2014 WeChat tool"): TOOLS[legs[0]] if legs else N_("none"),
                N_("what was missing"): lacking,
                N_("what it cost, 36 months (CNY)"): round(cost),
            }
        )
    return Shown(pd.DataFrame(rows).set_index("merchant"))


RIVALS = (0, 5, 10, 20)
RESERVES = (0, 4, 6, 8)
"""Reserve prices per click (CNY) the lesson compares in `reserve_table`."""


def centralisation_table(name: str = "furniture", rivals: Sequence[int] = RIVALS) -> pd.DataFrame:
    """Paid traffic as more advertisers bid for the same slots: the price, the platform's revenue, the verdict.

    A column a number of rival bidders, a row a figure (so that it fits a cell at 1024 px). The platform's
    ad revenue counts every slot of the auction (`platform.ad_revenue`), over 36 months; the merchant's
    gains are `strategy.scorecard`'s.
    """
    columns = {}
    for count in rivals:
        m = scenarios.merchant(name).replace(rival_bidders=count)
        card, ads = strategy.scorecard(m), platform.ad_revenue(m, MONTHS)
        columns[count] = {
            PRICE_PER_CLICK: ads["price_per_click_cny"],
            N_("platform's ad revenue, every slot (CNY)"): MONTHS * ads["revenue_cny"],
            N_("merchant's spend (CNY)"): MONTHS * ads["merchant_spend_cny"],
            N_("merchant's paid gain (CNY)"): card["paid_cny"],
            N_("paid on top of free (CNY)"): card["paid_on_free_cny"],
            N_("free sharing: gain (CNY)"): card["viral_cny"],
            N_("the leg that fits"): _leg_list(card),
        }
    table = pd.DataFrame(columns).rename_axis(columns=N_("rival bidders"))
    forms = {row: PRICE if row == PRICE_PER_CLICK else MONEY for row in table.index[:-1]}
    return Shown(table, formats=forms)


PRICE_PER_CLICK = N_("price per click 点击单价 (CNY)")


def reserve_table(name: str = "furniture", reserves: Sequence[float] = RESERVES) -> pd.DataFrame:
    """The merchant's auction at several reserve prices (`platform.ad_revenue`), means a month in CNY."""
    m = scenarios.merchant(name)
    rows = []
    for reserve in reserves:
        ads = platform.ad_revenue(m, MONTHS, reserve=reserve)
        rows.append(
            {
                N_("reserve price (CNY a click)"): reserve,
                N_("merchant's price per click (CNY)"): round(ads["price_per_click_cny"], 2),
                N_("merchant's spend (CNY a month)"): round(ads["merchant_spend_cny"]),
                N_("platform's ad revenue, every slot (CNY a month)"): round(ads["revenue_cny"]),
                N_("merchant's clicks' margin (CNY a month)"): round(ads["merchant_margin_cny"]),
            }
        )
    return Shown(pd.DataFrame(rows).set_index("reserve price (CNY a click)"))


def wechat_table() -> pd.DataFrame:
    """What each leg brings WeChat, merchant by merchant (`platform.platform_legs`), over 36 months."""
    return Shown(platform.platform_legs(scenarios.SCENARIOS, MONTHS))


def without_each_leg() -> pd.DataFrame:
    """Take one leg away: who is left with no leg, and the value lost (`platform.without_each_leg`)."""
    return Shown(platform.without_each_leg(wechat_table()))
