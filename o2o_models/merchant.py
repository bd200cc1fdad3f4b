"""One merchant as one typed, validated value: every figure the three legs read.

A scenario (``data/scenarios.csv``) becomes a `Merchant` before any model sees it, so a
missing figure, a misspelt one or a value out of range is rejected once, with its name,
and every lesson reads the same numbers through the same funnel (`o2o_models.funnel`)::

    from o2o_models.scenarios import merchant
    restaurant = merchant("restaurant")
    cheaper = restaurant.replace(commission=0.05)     # checked again

`FIELDS` lists every figure with its allowed interval, unit and meaning; the scenario
loader checks the data file against the same list. Ranges are finite wherever a model
cannot compute with an infinite value. A few checks span several figures:
``rival_value_low_cny <= rival_value_high_cny``; the member pool must stay bounded at full trust,
``member_retention x (1 + referral_rate) < 1`` (reviews may raise trust towards 1).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from collections.abc import Mapping
from typing import NamedTuple

from . import groupbuy, membership, traffic
from . import trust as trust_model
from .text import _
from .validation import MONEY, PEOPLE, PER_CLICK, check_count, check_number


class Allowed(NamedTuple):
    """One figure's allowed interval [low, high] (open where flagged), unit and meaning."""

    low: float
    high: float
    unit: str
    meaning: str
    low_open: bool = False
    high_open: bool = False
    whole: bool = False


FIELDS: dict[str, Allowed] = {
    # the merchant's own business, without any platform
    "list_price": Allowed(0, MONEY, "CNY", "the full price 标价 of one purchase", low_open=True),
    "unit_cost": Allowed(0, MONEY, "CNY", "the merchant's variable cost of serving one purchase"),
    "cost_share": Allowed(0, 1, "fraction", "the share of what a purchase earns paid on as a cost (a film's rental)"),
    "walk_ins": Allowed(0, PEOPLE, "purchases per month", "full-price purchases by customers who come on their own"),
    "walk_in_new_share": Allowed(0, 1, "fraction", "the share of walk-in purchases made by first-time customers"),
    "fixed_cost_cny": Allowed(0, MONEY, "CNY per month", "rent and wages paid whatever the merchant does"),
    # leg 1: the group-buy deal (团购) and trust (信任背书)
    "discount": Allowed(0, 1, "fraction", "the fraction off the list price on a voucher", high_open=True),
    "commission": Allowed(0, 1, "fraction", "the platform rebate 返点, a fraction of the voucher price"),
    "groupbuy_views": Allowed(0, PEOPLE, "people per month", "strangers who see the deal on the platform"),
    "cannibalised_share": Allowed(0, 1, "fraction", "the share of voucher buyers who would have paid full price"),
    "trust": Allowed(0, 1, "fraction", "the probability a stranger believes the merchant will deliver, at first"),
    "review_rate": Allowed(0, 1, "fraction", "the share of served customers who leave a review on the platform"),
    "max_valuation": Allowed(0, MONEY, "CNY", "the highest value a stranger puts on one purchase", low_open=True),
    # leg 1: members (会员) in the service account 服务号 and the WeChat store 微信小店
    "follow_rate": Allowed(0, 1, "fraction", "the share of new customers who follow the service account 服务号"),
    "retention": Allowed(
        0, 1, "fraction per month", "the share of members who stay each month with no member discount", high_open=True
    ),
    "retention_sensitivity": Allowed(
        0, 1, "per CNY", "how much a CNY a month of member surplus raises the log-odds of staying"
    ),
    "purchases_per_member": Allowed(0, 100, "purchases per member per month", "purchases a member makes a month"),
    "member_discount": Allowed(0, 1, "fraction", "the fraction off the list price for members", high_open=True),
    "referral_rate": Allowed(0, 1, "referrals per member per month", "friends a member brings a month, at full trust"),
    "marketing_cost_per_member_cny": Allowed(0, MONEY, "CNY per member per month", "member marketing cost"),
    "operator_cost_cny": Allowed(0, MONEY, "CNY per month", "the operators who run the member programme"),
    "discount_rate": Allowed(0, 1, "fraction per month", "the rate at which later profit is discounted"),
    # leg 3: leads, the team that works them, paid traffic (广点通) and free sharing (免费传播)
    "max_visit_rate": Allowed(0, 1, "fraction", "the share of leads who would visit the store at full trust"),
    "close_rate": Allowed(0, 1, "fraction", "the share of store visits that end in a purchase"),
    "team_cost_cny": Allowed(0, MONEY, "CNY per month", "the team that works the leads"),
    "paid_budget_cny": Allowed(0, MONEY, "CNY per month", "the most the merchant spends on paid traffic"),
    "click_volume": Allowed(0, PEOPLE, "clicks per month", "paid clicks the platform's large accounts can deliver"),
    "h5_share": Allowed(0, 1, "fraction", "the share of that traffic sent to H5 pages, not to official accounts"),
    "rival_bidders": Allowed(0, 50, "bidders", "other advertisers bidding for the same ranked slots", whole=True),
    "rival_value_low_cny": Allowed(0, PER_CLICK, "CNY per click", "the lowest value a rival puts on a click"),
    "rival_value_high_cny": Allowed(0, PER_CLICK, "CNY per click", "the highest value a rival puts on a click"),
    "viral_mean_leads": Allowed(0, PEOPLE, "leads per month", "the mean number of free leads from C2C sharing"),
    "viral_volatility": Allowed(0, 10, "coefficient of variation", "the sd of the mean-one shock to free leads"),
    "paid_volatility": Allowed(
        0, 10, "coefficient of variation", "the sd of the mean-one monthly shock to paid clicks (policy, crowding)"
    ),
    "h5_split_month": Allowed(1, 121, "month", "the month the H5 split starts (1: from the start)", whole=True),
}
"""Every figure of a merchant: allowed interval, unit and meaning, in the order of `Merchant`."""


def check_field(name: str, value: object) -> float | int:
    """``value`` checked against ``FIELDS[name]``: an ``int`` for whole fields, else a ``float``."""
    if not isinstance(name, str):
        raise TypeError(
            _("name={name!r} is not the name of a figure: one of {fields}").format(name=name, fields=", ".join(FIELDS))
        )
    if name not in FIELDS:
        raise ValueError(
            _("name={value} is not a figure of a merchant: one of {fields}").format(
                value=_unknown([name]), fields=", ".join(FIELDS)
            )
        )
    allowed = FIELDS[name]
    if allowed.whole:
        return check_count(name, value, int(allowed.low), int(allowed.high), allowed.meaning)
    return check_number(
        name,
        value,
        allowed.low,
        allowed.high,
        allowed.meaning,
        low_open=allowed.low_open,
        high_open=allowed.high_open,
    )


def _unknown(names: list[str]) -> str:
    """Each unknown name with the closest field name, for a misspelling."""
    hints = []
    for name in names:
        close = difflib.get_close_matches(name, FIELDS, n=1) if isinstance(name, str) else []
        hints.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
    return ", ".join(hints)


@dataclasses.dataclass(frozen=True)
class Merchant:
    """A merchant's figures, checked once; see `FIELDS` for each one's range, unit and meaning.

    Build it with `from_values` (a scenario's dict) or `o2o_models.scenarios.merchant`;
    change it with `replace`. Every field is required: a merchant with a figure missing
    is not a merchant.

    Raises
    ------
    ValueError
        Naming the figure, its value and its allowed range; or the figures that break a
        rule spanning several (see the module docstring).
    """

    list_price: float
    unit_cost: float
    cost_share: float
    walk_ins: float
    walk_in_new_share: float
    fixed_cost_cny: float
    discount: float
    commission: float
    groupbuy_views: float
    cannibalised_share: float
    trust: float
    review_rate: float
    max_valuation: float
    follow_rate: float
    retention: float
    retention_sensitivity: float
    purchases_per_member: float
    member_discount: float
    referral_rate: float
    marketing_cost_per_member_cny: float
    operator_cost_cny: float
    discount_rate: float
    max_visit_rate: float
    close_rate: float
    team_cost_cny: float
    paid_budget_cny: float
    click_volume: float
    h5_share: float
    rival_bidders: int
    rival_value_low_cny: float
    rival_value_high_cny: float
    viral_mean_leads: float
    viral_volatility: float
    paid_volatility: float
    h5_split_month: int

    def __post_init__(self) -> None:
        for name in FIELDS:
            object.__setattr__(self, name, check_field(name, getattr(self, name)))
        self._check_together()

    def _check_together(self) -> None:
        """The rules that span several figures (see the module docstring)."""
        if self.rival_value_low_cny > self.rival_value_high_cny:
            raise ValueError(
                _(
                    "rival_value_low_cny={rival_value_low_cny:g} is above "
                    "rival_value_high_cny={rival_value_high_cny:g}: the lowest value a rival puts "
                    "on a click cannot exceed the highest"
                ).format(rival_value_low_cny=self.rival_value_low_cny, rival_value_high_cny=self.rival_value_high_cny)
            )
        belief = 1.0 if self.review_rate > 0 else self.trust  # reviews raise trust towards 1
        growth = self.member_retention * (1 + self.referral_rate * belief)
        if growth >= 1:
            raise ValueError(
                _(
                    "member retention x (1 + referral_rate x trust) = {member_retention:.4g} x (1 "
                    "+ {referral_rate:g} x {belief:g}) = {growth:.4g} is at least 1: the member "
                    "pool would grow without limit; lower retention, retention_sensitivity, "
                    "member_discount or referral_rate"
                ).format(
                    member_retention=self.member_retention,
                    referral_rate=self.referral_rate,
                    belief=belief,
                    growth=growth,
                )
            )

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> Merchant:
        """A merchant from a mapping of every field (a scenario), rejecting missing and unknown names.

        Examples
        --------
        >>> from o2o_models.scenarios import scenario
        >>> Merchant.from_values(scenario("restaurant")).list_price
        200.0
        """
        if not isinstance(values, Mapping):
            kind = type(values).__name__
            raise TypeError(_("values={kind} is not a mapping of figure names to numbers").format(kind=kind))
        unknown = [name for name in values if name not in FIELDS]
        missing = [name for name in FIELDS if name not in values]
        if unknown or missing:
            shown = {"unknown": _unknown(unknown) if unknown else _("none"), "missing": ", ".join(missing) or _("none")}
            raise ValueError(
                _(
                    "a merchant needs exactly the figures of o2o_models.merchant.FIELDS; unknown: {unknown}; "
                    "missing: {missing}"
                ).format(**shown)
            )
        return cls(**{name: values[name] for name in FIELDS})

    def replace(self, **changes: object) -> Merchant:
        """A copy with some figures changed; an unknown name is rejected.

        Each changed figure is checked once, and then the rules that span several; the
        others were checked when this merchant was built.
        """
        unknown = [name for name in changes if name not in FIELDS]
        if unknown:
            raise ValueError(
                _("unknown figure(s) {unknown}: a merchant has {fields}").format(
                    unknown=_unknown(unknown), fields=", ".join(FIELDS)
                )
            )
        checked = {name: check_field(name, value) for name, value in changes.items()}
        copy = object.__new__(type(self))
        object.__setattr__(copy, "__dict__", {**{name: self.__dict__[name] for name in FIELDS}, **checked})
        copy._check_together()
        return copy

    def values(self) -> dict[str, float]:
        """Every figure by name, in the order of `FIELDS`."""
        return {name: getattr(self, name) for name in FIELDS}

    # Figures that follow from the others, each computed once (a merchant never changes) ------

    @functools.cached_property
    def full_margin(self) -> float:
        """Margin on one full-price purchase, CNY: P (1 - s) - u, s the cost share."""
        return self.list_price * (1 - self.cost_share) - self.unit_cost

    @functools.cached_property
    def voucher_price(self) -> float:
        """What a voucher buyer pays in advance, CNY: P (1 - d)."""
        return self.list_price * (1 - self.discount)

    @functools.cached_property
    def voucher_margin(self) -> float:
        """Margin on one redeemed voucher, CNY: P (1 - d)(1 - c - s) - u (`groupbuy.voucher_margin`)."""
        return float(
            groupbuy.voucher_margin(self.list_price, self.discount, self.commission, self.unit_cost, self.cost_share)
        )

    @functools.cached_property
    def prepay_share(self) -> float:
        """Share of strangers who prepay the voucher price (`trust.prepay_conversion`)."""
        return float(trust_model.prepay_conversion(self.trust, self.voucher_price, self.max_valuation))

    @functools.cached_property
    def voucher_buyers(self) -> float:
        """Voucher buyers a month: strangers who see the deal times the share who prepay."""
        return self.groupbuy_views * self.prepay_share

    @functools.cached_property
    def cannibalised_buyers(self) -> float:
        """Voucher buyers a month who would have paid full price: :math:`\\min(aN, W)`.

        A deal cannot take more regulars than walk in on their own, so at most every
        walk-in switches to the voucher.
        """
        return min(self.cannibalised_share * self.voucher_buyers, self.walk_ins)

    @functools.cached_property
    def member_purchase_margin(self) -> float:
        """Margin on one member purchase, CNY: P (1 - member discount)(1 - s) - u."""
        return float(
            groupbuy.voucher_margin(self.list_price, self.member_discount, 0.0, self.unit_cost, self.cost_share)
        )

    @functools.cached_property
    def member_surplus(self) -> float:
        """What a member saves a month by being one, CNY: purchases a month x member discount x P."""
        return self.purchases_per_member * self.member_discount * self.list_price

    @functools.cached_property
    def member_retention(self) -> float:
        """The share of members who stay each month at this member discount (`membership.surplus_retention`).

        :math:`\\operatorname{logit} r = \\operatorname{logit} r_0 + \\beta s`: ``retention`` is
        :math:`r_0`, ``retention_sensitivity`` is :math:`\\beta` and `member_surplus` is :math:`s`.
        """
        return float(membership.surplus_retention(self.retention, self.retention_sensitivity, self.member_surplus))

    @functools.cached_property
    def member_margin(self) -> float:
        """A member's margin a month, CNY: purchases x margin per purchase - marketing cost."""
        return self.purchases_per_member * self.member_purchase_margin - self.marketing_cost_per_member_cny

    @functools.cached_property
    def lead_value(self) -> float:
        """Expected margin of one lead, CNY: visit rate x trust x close rate x max(0, P - u).

        A merchant that loses on every sale (u > P) gains nothing from a lead.
        """
        return float(traffic.lead_value(self.max_visit_rate, self.trust, self.close_rate, max(0.0, self.full_margin)))
