"""Every lever a panel offers, once: its label (English and Chinese), unit, range, step and format.

A panel names its levers by the figure they move (`o2o_models.interactive.panels.Lever`), and the
slider, the site's browser slider and the status line for a refused value all read the
lever from `LEVERS`. A lever of a merchant figure has the figure's name in
`o2o_models.merchant.FIELDS` (which holds its allowed interval and meaning); a lever of
another model (the operations team, the auction, a student's model) has the name of that
model's argument and says where it starts. One label, one place: a translation fills the
labels and units through `o2o_models.text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..operations import DEFAULTS as OPERATIONS
from ..text import _


@dataclass(frozen=True)
class Display:
    """How a lever shows: label, unit, the range and step of its slider, and where it starts.

    ``start`` is the starting value of a lever that is no merchant figure (a merchant's
    figure starts at the panel's merchant). ``argument`` is the model argument it sets,
    where that differs from its name (two models call different things ``commission``).
    ``options`` makes the lever a menu.
    """

    label: str
    unit: str = ""
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    percent: bool = False
    start: float | None = None
    argument: str | None = None
    options: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """The label with its unit, as a slider shows it: ``Rebate 返点 (share of voucher price)``."""
        return f"{_(self.label)} ({_(self.unit)})" if self.unit else _(self.label)


SHARE = {"percent": True}

LEVERS: dict[str, Display] = {
    "merchant": Display("Merchant 商家"),
    # a group-buy voucher (leg 1)
    "list_price": Display("List price 标价", "CNY", 50, 400, 10),
    "discount": Display("Discount 折扣", "share of list price", 0, 0.9, 0.05, **SHARE),
    "commission": Display("Rebate 返点", "share of voucher price", 0, 0.5, 0.01, **SHARE),
    "unit_cost": Display("Unit cost 成本", "CNY", 0, 300, 5),
    "cost_share": Display("Cost share 分账", "share of the price paid", 0, 0.8, 0.05, **SHARE),
    "trust": Display("Trust 信任", "0 to 1", 0, 1, 0.05),
    "max_valuation": Display("Highest value a stranger puts on it", "CNY", 50, 500, 10),
    "cannibalised_share": Display("Buyers who would have come anyway", "share of buyers", 0, 1, 0.05, **SHARE),
    "later_value_new": Display("Later value of a new customer", "CNY", 0, 200, 5, start=0.0),
    "groupbuy_views": Display("Traffic: strangers who see the deal", "per month", 0, 2000, 50),
    # members (leg 1)
    "follow_rate": Display("Follow the service account 服务号", "share of new customers", 0, 1, 0.05, **SHARE),
    "retention": Display(
        "Members who stay 留存, with no member discount", "share per month", 0.5, 0.95, 0.001, **SHARE
    ),
    "member_discount": Display("Member discount 会员折扣", "share of list price", 0, 0.5, 0.025, **SHARE),
    "retention_sensitivity": Display("Retention's answer to the member's saving", "log-odds per CNY", 0, 0.1, 0.005),
    "review_rate": Display("Customers who review 点评", "share of served customers", 0, 0.2, 0.01, **SHARE),
    "months": Display("Your model's horizon", "months", 1, 60, 1, start=12),
    # the operations team (leg 2, `o2o_models.operations`)
    "staff_per_100_merchants": Display(
        "Ops staff 小二", "per 100 merchants", 0, 20, 0.5, start=OPERATIONS["staff_per_100_merchants"]
    ),
    "staff_effectiveness": Display(
        "Staff effectiveness", "e in equation 1", 0, 2, 0.1, start=OPERATIONS["staff_effectiveness"]
    ),
    "skill_mean": Display("Mean skill", "0 to 1", 0.1, 0.9, 0.05, start=OPERATIONS["skill_mean"]),
    "skill_spread": Display(
        "Skill spread 参差不齐", "standard deviation", 0.05, 0.3, 0.01, start=OPERATIONS["skill_spread"]
    ),
    "platform_take": Display(
        "Platform take on the store 微信小店",
        "share of members' purchases",
        0,
        0.2,
        0.01,
        **SHARE,
        start=OPERATIONS["commission"],
        argument="commission",
    ),
    "skill": Display("Skill before help", "0 to 1", 0, 1, 0.05, start=0.4),
    # traffic and the ranked auction (leg 3)
    "paid_budget_cny": Display("Traffic: paid budget 广点通", "CNY a month", 0, 60000, 2000),
    "viral_mean_leads": Display("Traffic: free leads 免费传播", "mean a month", 0, 10000, 250),
    "h5_share": Display("H5 split: clicks sent to H5 pages", "share of the slot's clicks", 0, 1, 0.05, **SHARE),
    "paid_volatility": Display("Paid clicks' swing, from policy and crowding", "coefficient of variation", 0, 1.5, 0.1),
    "h5_split_month": Display("H5 split arrives in month", "37: not within 36 months", 1, 37, 1),
    "rival_bidders": Display("Rival bidders", "advertisers", 0, 30, 1),
    "rival_value_high_cny": Display("Rivals' highest value of a click", "CNY", 2, 40, 1),
    "value_low": Display("Lowest value of a click", "CNY", 0, 10, 0.5, start=1),
    "value_high": Display("Highest value of a click", "CNY", 2, 30, 1, start=10),
    "max_bidders": Display("Most advertisers", "in one auction", 2, 20, 1, start=12),
}
"""Every lever of every panel, by name: a merchant figure's name, or the argument of the model it moves."""
