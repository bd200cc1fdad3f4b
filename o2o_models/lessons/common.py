"""What every lesson module shares: a model's code shown as text, glossary words, chart text.

`source` shows a model function's code (without its docstring) so a student reads the
model the panel runs; `words` is the glossary for the terms a lesson uses; `described`
gives a chart the panel's summary as its text alternative; `voucher_controls` are the
sliders of one voucher, shared by lessons 00 and 01; `presets` fill a panel's preset menu.
"""

from __future__ import annotations

import ast
import hashlib
import html
import inspect
import re
import textwrap
from collections.abc import Callable, Sequence

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .. import scenarios
from ..glossary import load_glossary
from ..interactive import charts
from ..interactive.widgets import slider
from ..merchant import Merchant


class Code(str):
    """Python source a notebook shows as a highlighted block."""

    def _repr_markdown_(self) -> str:
        return f"```python\n{self}\n```"


def source(function: Callable[..., object]) -> Code:
    """A function's code without its docstring: the model as the student can read it.

    Examples
    --------
    >>> from o2o_models import groupbuy
    >>> print(source(groupbuy.voucher_margin).splitlines()[0])
    def voucher_margin(
    """
    text = textwrap.dedent(inspect.getsource(function))
    tree = ast.parse(text)
    body = tree.body[0].body  # type: ignore[attr-defined]
    lines = text.splitlines()
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        docstring = body[0]
        lines = lines[: docstring.lineno - 1] + lines[docstring.end_lineno :]
    return Code("\n".join(lines).rstrip())


def words(terms: Sequence[str]) -> pd.io.formats.style.Styler:
    """The glossary rows of ``terms`` (Chinese or English), in the order given, every field shown in full.

    Raises
    ------
    ValueError
        If a term is not in ``data/glossary.csv``.
    """
    glossary = load_glossary()
    rows = []
    for term in terms:
        match = glossary[(glossary["term_zh"] == term) | (glossary["term_en"] == term)]
        if match.empty:
            raise ValueError(f"term={term!r} is not in data/glossary.csv: add it there first")
        rows.append(match.iloc[0])
    return table(pd.DataFrame(rows))


def table(frame: pd.DataFrame) -> pd.io.formats.style.Styler:
    """The frame as a lesson shows it, without its index; its HTML id comes from its content, not chance,
    so executing a lesson twice stores the same table."""
    digest = hashlib.sha256(frame.to_csv().encode()).hexdigest()[:10]
    return frame.style.hide(axis="index").set_uuid(digest)


def plain_text(summary: str) -> str:
    """A summary line without its HTML: what a screen reader should hear."""
    return html.unescape(re.sub(r"<[^>]+>", "", summary))


def described(chart: alt.TopLevelMixin, title: str, summary: str) -> alt.TopLevelMixin:
    """The chart, given its title and the panel's summary as its text alternative (`charts.described`)."""
    return charts.described(chart, f"{title}. {plain_text(summary)}")


def described_rows(
    build: Callable[[pd.DataFrame], alt.TopLevelMixin],
    frame: pd.DataFrame,
    title: str,
    summary: str,
    *,
    structure: Sequence[object] = (),
) -> charts.Spec:
    """`described`, for a chart that draws ``frame`` alone: Altair builds it once, later moves swap its rows.

    ``structure`` lists whatever else shapes the chart besides its columns (the categories
    a scale lists, say); a new value builds the chart afresh (`charts.with_rows`).
    """
    key = (
        build.__module__,
        build.__qualname__,
        tuple(frame.columns),
        tuple(map(str, frame.dtypes)),
        tuple(structure),
    )
    return charts.with_rows(build, frame, key=key, description=f"{title}. {plain_text(summary)}")


def presets(names: Sequence[str], keys: Sequence[str]) -> dict[str, dict[str, object]]:
    """Each named merchant's figures for a panel's controls; a ``merchant`` menu gets the name itself."""
    return {
        name: {key: name if key == "merchant" else scenarios.merchant(name).values()[key] for key in keys}
        for name in names
    }


def voucher_controls(m: Merchant) -> dict[str, widgets.FloatSlider]:
    """The four sliders of one group-buy voucher, starting at the merchant's figures."""
    return {
        "list_price": slider("List price 标价", m.list_price, 50, 400, 10, "CNY"),
        "discount": slider("Discount 折扣", m.discount, 0, 0.9, 0.05, "share of list price", percent=True),
        "commission": slider("Rebate 返点", m.commission, 0, 0.5, 0.01, "share of voucher price", percent=True),
        "unit_cost": slider("Unit cost 成本", m.unit_cost, 0, 300, 5, "CNY"),
    }
