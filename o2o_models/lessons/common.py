"""What every lesson module shares: a model's code shown as text, and glossary words.

`source` shows a model function's code (without its docstring) so a student reads the
model the panel runs; `words` is the glossary for the terms a lesson uses; `VOUCHER` are
the levers of one voucher, shared by lessons 00 and 01. Panels themselves are declared
with `o2o_models.interactive.panels` (whose `plain_text` and `described` are here too).
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import textwrap
from collections.abc import Callable, Sequence

import pandas as pd

from ..glossary import load_glossary
from ..interactive.panels import Lever, described, plain_text
from ..interactive.text import language

__all__ = ["Code", "source", "words", "table", "plain_text", "described", "exports", "language", "VOUCHER"]


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
    return glossary_table(pd.DataFrame(rows))


GLOSSARY_CLASS = "o2o-glossary"
"""The HTML class of a glossary table: the site shows each row as a term over its meaning on a phone."""


def glossary_table(frame: pd.DataFrame) -> pd.io.formats.style.Styler:
    """Glossary rows as a lesson shows them (`table`), marked as a glossary (`GLOSSARY_CLASS`)."""
    return table(frame).set_table_attributes(f'class="{GLOSSARY_CLASS}"')


def table(frame: pd.DataFrame) -> pd.io.formats.style.Styler:
    """The frame as a lesson shows it, without its index; its HTML id comes from its content, not chance,
    so executing a lesson twice stores the same table."""
    digest = hashlib.sha256(frame.to_csv().encode()).hexdigest()[:10]
    return frame.style.hide(axis="index").set_uuid(digest)


VOUCHER = (
    Lever("list_price"),
    Lever("discount", grid=(0.2, 0.8, 0.05)),
    Lever("commission", grid=(0.0, 0.3, 0.025)),
    Lever("unit_cost"),
    Lever("cost_share"),
)
"""The five levers of one group-buy voucher (the cost share is the cinema's film rental); discount and
rebate are the site's sliders."""


EVERY_LESSON = ("glossary", "check", "hint", "solution", "source", "language")
"""What every lesson module offers beside its panels: its glossary words, the self-checks, `source`, and
`language`, which a Chinese lesson's setup cell calls (``lesson.language("zh")``, as its front matter says)."""


def exports(*names: str) -> tuple[list[str], Callable[[], list[str]]]:
    """A lesson module's ``__all__`` (its own ``names``, then `EVERY_LESSON`) and a ``__dir__`` that
    lists just those, so tab completion on ``lesson.`` shows a student the lesson's calls and nothing else.

    Examples
    --------
    >>> names, listing = exports("voucher_panel")
    >>> listing()
    ['voucher_panel', 'glossary', 'check', 'hint', 'solution', 'source', 'language']
    """
    public = [*names, *EVERY_LESSON]
    return public, lambda: public
