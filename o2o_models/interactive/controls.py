"""A panel's controls: labelled sliders and menus, and the number box beside a slider.

A slider has no number box of its own: the browser's clamps a typed value to the slider's
range without a word and reads "60%" as 60. `ModelPanel` (`o2o_models.interactive.widgets`)
puts a box beside each slider instead: `parse_typed` reads what a student types ("60%",
"0.6", "30,000"), `shown_value` writes the value as the box shows it, and `snapped` puts a
value the browser sends (``min + k * step`` in floating point) on the slider's step.
`PANEL_CSS` lays the panel out: each label whole above its slider, in columns where there is room.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real

import ipywidgets as widgets

from ..text import N_, _

LABEL_WIDTH = "20em"
CONTROL_WIDTH = "44em"

CODE_BLOCK_CSS = (
    ".jp-RenderedHTMLCommon.jp-RenderedMarkdown pre, .jp-RenderedHTMLCommon.jp-RenderedMarkdown pre > code"
    " { white-space: pre; word-break: normal; overflow-wrap: normal; }"
    " .jp-RenderedHTMLCommon.jp-RenderedMarkdown pre { overflow-x: auto; --o2o-code-bg: var(--jp-layout-color0, #fff);"
    " background: linear-gradient(to right, var(--o2o-code-bg) 30%, transparent) left / 3em 100% no-repeat local,"
    " linear-gradient(to left, var(--o2o-code-bg) 30%, transparent) right / 3em 100% no-repeat local,"
    " radial-gradient(farthest-side at 0 50%, rgba(128, 128, 128, 0.5), transparent) left / 1em 100% no-repeat scroll,"
    " radial-gradient(farthest-side at 100% 50%, rgba(128, 128, 128, 0.5), transparent) right / 1em 100% no-repeat"
    " scroll, var(--o2o-code-bg); }"
    " .jp-RenderedHTMLCommon.jp-RenderedMarkdown pre > code { background: transparent; }"
)
"""How a code block reads in an output or a Markdown cell (a worked solution for trainers): its lines as written,
scrolled sideways where wider than the cell (two classes, to outweigh JupyterLab 4's ``.jp-ThemedContainer
.jp-RenderedHTMLCommon pre``). JupyterLab breaks an output's lines anywhere (``word-break:
break-all``), which cut "ArrayLike" in two at a laptop's width, and wraps a Markdown cell's to its first column.
A shadow at an edge says more of the line lies beyond it: a scrollbar may be an overlay that shows only while
scrolling, and the shadows move with the scroll (each is covered where the code ends).
Every panel carries this rule (`PANEL_CSS`), and an output that shows code carries it too
(`o2o_models.lessons.exercises.with_code_style`)."""

# Each lever's label stands whole above its slider (it wraps, never ends in "…"), the levers sit in
# two or more columns where the notebook is wide enough (two at 1024 px with JupyterLab's file browser
# open) under one row of preset and reset (the menu narrows to leave reset its room; on a phone, reset goes
# under it), so a panel's levers and chart fit on one screen;
# a chart wider than the notebook narrows its plot (`livechart`), and scrolls in its box beyond that.
PANEL_CSS = (
    """<style>
.o2o-panel .o2o-levers { display: grid; column-gap: 2em;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 17em), 1fr)); }
.o2o-panel .o2o-lever { max-width: 100%; align-items: center; height: auto; }
.o2o-panel .o2o-lever > .widget-hslider { flex: 1 1 auto; width: auto; margin-bottom: 0; }
.o2o-panel .o2o-lever .widget-hslider, .o2o-panel .o2o-lever.widget-dropdown { flex-wrap: wrap; height: auto !important;
  row-gap: 2px; }
.o2o-panel .o2o-lever .slider-container { flex: 1 1 100%; height: var(--jp-widgets-inline-height, 28px); }
.o2o-panel .o2o-lever .widget-label { width: 100% !important; max-width: none; text-align: left;
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.25; }
.o2o-panel .o2o-lever.widget-dropdown > select { flex: 1 1 auto; }
.o2o-panel .o2o-box input { text-align: right; }
.o2o-panel .o2o-top { align-items: center; column-gap: 1em; row-gap: 4px; flex-wrap: wrap; max-width: 100%; }
.o2o-panel .o2o-top > .widget-dropdown { flex: 1 1 24em; min-width: 0; }
.o2o-panel .o2o-top > .widget-button { flex: 0 0 auto; }
.o2o-panel .o2o-chart { max-width: 100%; overflow-x: auto; }
"""
    + CODE_BLOCK_CSS
    + "\n</style>"
)


def _decimals(step: float) -> int:
    """Decimals needed to show multiples of ``step`` (1 -> 0, 0.5 -> 1, 0.05 -> 2)."""
    return next(d for d in range(7) if abs(round(step, d) - step) < 1e-12)


def slider(
    label: str,
    value: float,
    low: float,
    high: float,
    step: float,
    unit: str,
    *,
    percent: bool = False,
) -> widgets.FloatSlider:
    """A labelled slider whose description names its unit, e.g. ``Rebate 返点 (share of price)``.

    ``percent=True`` shows a fraction as a percentage (0.15 reads 15%). The slider has no
    number box of its own (the browser's would clamp or misread a typed value): a
    `ModelPanel` puts its own box beside it (`parse_typed`).
    """
    control = widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=f"{label} ({unit})",
        readout=False,
        readout_format=".0%" if percent else f".{_decimals(step)}f",
        continuous_update=True,
        style={"description_width": LABEL_WIDTH},
        layout=widgets.Layout(width="100%", max_width=CONTROL_WIDTH),
    )
    control.add_class("o2o-percent" if percent else "o2o-number")
    return control


def is_percent(control: widgets.ValueWidget) -> bool:
    """Whether ``control`` shows a fraction as a percentage."""
    return "o2o-percent" in control._dom_classes or str(getattr(control, "readout_format", "")).endswith("%")


def shown_value(control: widgets.ValueWidget, value: float) -> str:
    """``value`` as the control's number box shows it: ``60%``, ``0.25``, ``30,000``."""
    step = getattr(control, "step", 1) or 1
    if is_percent(control):
        return f"{value:.{max(_decimals(step) - 2, 0)}%}"
    return f"{value:,.{_decimals(step)}f}"


def parse_typed(control: widgets.ValueWidget, text: str) -> float:
    """The number a student typed into a control's box: ``60%`` is 0.6, ``0.6`` is 0.6, ``30,000`` is 30000.

    Raises
    ------
    ValueError
        If ``text`` is not a number (or a percentage), naming the control and an example.
    """
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("％", "%")
    try:
        return float(cleaned[:-1]) / 100 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        example = "60% or 0.6" if is_percent(control) else shown_value(control, control.value)
        raise ValueError(
            _("{what}: {text!r} is not a number; type one such as {example}").format(
                what=control.description, text=text, example=example
            )
        ) from None


def snapped(control: widgets.ValueWidget, value: float) -> float:
    """``value`` on the control's grid of steps, without float noise: 200.00000000000003 -> 200.0.

    A slider moved in the browser sends ``min + k * step`` computed in floating point;
    the model and the summary get the exact step instead.
    """
    step, low = getattr(control, "step", None), getattr(control, "min", 0.0)
    if not step or isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        return value
    decimals = max(_decimals(step), _decimals(abs(low) % 1 or 1))
    on_grid = round(low + round((value - low) / step) * step, decimals)
    return type(control.value)(min(max(on_grid, control.min), control.max))


MERCHANT_NAMES = {
    "restaurant": N_("Restaurant"),
    "cinema": N_("Cinema"),
    "leisure": N_("Leisure and entertainment"),
    "furniture": N_("Furniture"),
    "renovation": N_("Home renovation"),
}
"""What a menu calls each merchant (a preset, the merchant lever), the reader's word rather than the code's
id: the names of ``data/scenario_names.csv``, which a test keeps alike; 餐饮, 电影, 休闲娱乐, 家具, 装修 in Chinese."""


def option_name(option: str) -> str:
    """A menu's option as the reader reads it: a merchant by its name (`MERCHANT_NAMES`), anything else through
    ``_``, in the reader's language."""
    return _(MERCHANT_NAMES.get(option, option))


def menu(label: str, options: Sequence[str], value: str) -> widgets.Dropdown:
    """A labelled menu as wide as a slider, e.g. ``Merchant 商家``: each option named in the reader's language
    (a merchant, ``"restaurant"``, reads Restaurant, 餐饮 in Chinese: `option_name`), its value the option itself."""
    return widgets.Dropdown(
        options=[(option_name(option), option) for option in options],
        value=value,
        description=label,
        style={"description_width": LABEL_WIDTH},
        layout=widgets.Layout(width="100%", max_width=CONTROL_WIDTH),
    )
