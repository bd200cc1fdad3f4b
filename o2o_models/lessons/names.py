"""What a model's names mean, for a reader who does not read them as English.

A model's frame keeps its English names: its columns (``amount_cny``, ``paid_cny``) and its codes
(``walk_in``, ``restaurant``), the names a student types (``log[log["channel"] == "walk_in"]``). In a
Chinese lesson a table shows each name under its meaning (`common.Shown`): 顾客支付（元） over
``amount_cny``, 到店散客 over ``walk_in``, so the reader understands the table and still sees what to type.
In English the name is its own meaning and is shown alone.

A name's meaning is its entry in `MEANINGS` (a merchant's, `scenarios.SCENARIOS`, is its own), translated
by the catalogue; `BOOLEANS` are a flag's two values, 是 and 否 in Chinese.
"""

from __future__ import annotations

from ..scenarios import SCENARIOS
from ..text import N_, _, language_in_use

MEANINGS = {
    "month": N_("month"),
    "scenario": N_("scenario"),
    # the restaurant's transaction log, scenarios.load_transactions
    "date": N_("date"),
    "customer_id": N_("customer ID"),
    "channel": N_("channel"),
    "amount_cny": N_("amount paid (CNY)"),
    "platform_fee_cny": N_("rebate paid to the platform (CNY)"),
    "voucher": N_("paid with a group-buy voucher"),
    "walk_in": N_("walk-in"),
    "groupbuy": N_("group-buy"),
    "member": N_("member"),
    "referral": N_("referred by a member"),
    "unknown": N_("unknown (a walk-in)"),
    # leg 1 month by month, funnel.leg1_months
    "trust": N_("strangers' trust"),
    "buyers": N_("voucher buyers"),
    "new_customers": N_("new customers"),
    "members": N_("members"),
    "groupbuy_only_buyers": N_("voucher buyers of group-buy alone"),
    "groupbuy_gain_cny": N_("gain of group-buy alone (CNY)"),
    "member_gain_cny": N_("what members add (CNY)"),
    "baseline_cny": N_("baseline (CNY)"),
    "groupbuy_only_cny": N_("group-buy alone (CNY)"),
    "with_members_cny": N_("group-buy plus members (CNY)"),
    "service_only_cny": N_("the service account alone (CNY)"),
    "both_routes_cny": N_("both routes (CNY)"),
    # leg 2, population.merchant_types and operations
    "base_margin_cny": N_("margin of walk-ins and vouchers (CNY a month)"),
    "lead_margin_cny": N_("margin of leads (CNY a month)"),
    "voucher_sales_cny": N_("voucher sales (CNY a month)"),
    "voucher_commission_cny": N_("rebate on the vouchers (CNY a month)"),
    "follow_rate": N_("share of new customers who follow"),
    "retention": N_("member retention"),
    "member_sales_cny": N_("sales per member (CNY a month)"),
    "member_cost_cny": N_("cost per member (CNY a month)"),
    "fixed_cost_cny": N_("fixed costs (CNY a month)"),
    "runs_members": N_("runs members"),
    "works_leads": N_("works leads"),
    "staffing": N_("staffing"),
    "survival_share": N_("share still trading"),
    "mean_skill": N_("mean skill"),
    "gmv_cny": N_("sales through the platform (CNY)"),
    "platform_revenue_cny": N_("platform's revenue (CNY)"),
    "staff_cost_cny": N_("staff cost (CNY)"),
    "platform_profit_cny": N_("platform's profit (CNY)"),
    "staff_per_100_merchants": N_("staff per 100 merchants"),
    "extra_commission_cny": N_("extra commission (CNY)"),
    "net_gain_cny": N_("net gain (CNY)"),
    "average_return": N_("average return"),
    "marginal_return": N_("marginal return"),
    # leg 3, traffic.simulate_leads and funnel.lead_months
    "path": N_("simulated path"),
    "source": N_("source"),
    "slot": N_("slot"),
    "leads": N_("leads"),
    "price_per_click_cny": N_("price per click (CNY)"),
    "spend_cny": N_("ad spend (CNY)"),
    "profit_cny": N_("gain over the baseline (CNY)"),
    "clicks": N_("paid clicks"),
    # funnel.one_team
    "mean_profit_cny": N_("mean gain a month, both sources (CNY)"),
    "losing_share": N_("share of months it loses money"),
    "paid_margin_cny": N_("what paid clicks add a month (CNY)"),
    "worst_paid_margin_cny": N_("what they add in the worst month (CNY)"),
    # a merchant's scorecard, strategy.scorecard
    "months": N_("horizon (months)"),
    "voucher_margin_cny": N_("margin per voucher (CNY)"),
    "prepay_conversion": N_("strangers who prepay"),
    "voucher_buyers": N_("voucher buyers a month"),
    "paid_cny": N_("paid traffic (CNY)"),
    "viral_cny": N_("free sharing (CNY)"),
    "paid_and_viral_cny": N_("paid traffic and free sharing, one team (CNY)"),
    "paid_on_free_cny": N_("what paid clicks add to free sharing (CNY)"),
    "groupbuy_losing_share": N_("months group-buy alone loses"),
    "members_losing_share": N_("months group-buy plus members loses"),
    "paid_losing_share": N_("months paid traffic loses"),
    "viral_losing_share": N_("months free sharing loses"),
    "paid_and_viral_losing_share": N_("months paid traffic and free sharing lose"),
}
"""The meaning of each name the lessons' tables show, in English (the catalogue gives it in Chinese)."""

BOOLEANS = (N_("True"), N_("False"))
"""A flag's two values (``runs_members``, ``voucher``), 是 and 否 in Chinese."""


def meaning(name: str) -> str | None:
    """What the model's ``name`` means in the reader's language, or None where the reader reads the name itself.

    None in English, and for a text that is not one of the names of `MEANINGS` or `scenarios.SCENARIOS`.

    Examples
    --------
    >>> from o2o_models import text
    >>> meaning("amount_cny") is None
    True
    >>> text.language("zh"); meaning("amount_cny"), meaning("month"), meaning("restaurant"), meaning("x_y")
    ('顾客支付（元）', '月份', '餐饮', None)
    >>> text.language("en")
    """
    if language_in_use() == "en" or (name not in MEANINGS and name not in SCENARIOS):
        return None
    found = _(MEANINGS.get(name, name))
    return found if found != name else None
