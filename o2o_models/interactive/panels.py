"""A panel, declared once: the notebook's widget, the site's kernel-free chart and the benchmark read it.

A lesson declares each panel as a `Panel`: its title, its levers by name (`Lever`, whose
label, unit, range, step and format come from `o2o_models.interactive.levers.LEVERS`),
``compute`` (the levers' values -> a tidy DataFrame, from the model layer), ``chart`` (that
frame -> an Altair chart), ``summary`` (that frame -> one line of HTML) and its presets (the
scenarios whose figures the preset menu loads). Then

- `Panel.widget` is the notebook's `ModelPanel`: a slider per lever, the chart built by
  Altair once and its rows swapped on every move (`charts.with_rows`);
- `Panel.site_chart` is the site's chart: ``compute`` at every point of the grid of the
  levers that give the site coarser steps (``Lever(grid=...)``), each a browser slider
  (`gridchart`), the other levers at the panel's starting values;
  A panel whose rows split into parts, each reading only some of those levers, declares them
  (``site_parts``, `SitePart`): each part is then a grid of its own levers (`gridparts`), and the
  summary line is written in the page from the parts' pieces (``site_summary``, `gridparts.RankedLines`);
- `benchmarks/models.py` times each declared panel's ``compute`` and chart.

The chart's text alternative is its title and the summary, as the panel shows them.

To add a panel: add any new lever to `LEVERS` (label in English and Chinese, unit, range,
step), then declare it in its lesson, list it in the lesson's ``DECLARED`` and ``PANELS``,
and give the notebook a function that returns its widget::

    VOUCHER = Panel(
        title="One voucher, step by step",
        chart_title=VOUCHER_TITLE,
        levers=(Lever("list_price"), Lever("discount"), Lever("commission", grid=(0, 0.3, 0.05))),
        compute=voucher_steps,          # values -> DataFrame, calling the model layer
        chart=_voucher_chart,           # DataFrame -> Altair chart
        summary=_voucher_summary,       # DataFrame -> one line of HTML
        start="restaurant",             # the merchant whose figures the levers start at
        presets=("restaurant", "cinema"),
    )

    def voucher_panel() -> ModelPanel:
        return VOUCHER.widget()
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .. import scenarios
from ..merchant import FIELDS
from ..text import _, catalogue_in_use
from . import charts
from .gridchart import Axis, bound_chart, grid_blocks, site_usermeta, stack
from .gridparts import Part, RankedLines, SitePart, bound_parts, grid_parts, parts_usermeta
from .levers import LEVERS, Display
from .widgets import ModelPanel, menu, slider


def plain_text(summary: str) -> str:
    """A summary line without its HTML: what a screen reader should hear."""
    return html.unescape(re.sub(r"<[^>]+>", "", summary))


def described(chart: alt.TopLevelMixin, title: str, summary: str) -> alt.TopLevelMixin:
    """The chart, given its title and a summary as its text alternative (`charts.described`)."""
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
    a scale lists, say); a new value builds the chart afresh (`charts.with_rows`), as does a
    new catalogue of texts (`text.use`).
    """
    key = (build, tuple(frame.columns), tuple(map(str, frame.dtypes)), tuple(structure), catalogue_in_use())
    return charts.with_rows(build, frame, key=key, description=f"{title}. {plain_text(summary)}")


@dataclass(frozen=True)
class Lever:
    """One lever of a panel, by name (a key of `LEVERS`), with this panel's range where it differs.

    ``low``, ``high`` and ``step`` default to the lever's own; ``start`` to the panel's
    merchant's figure (or the lever's own start). ``grid`` (low, high, step) gives the lever a
    browser slider on the site with these coarser steps; ``options`` are a menu's choices.
    """

    name: str
    low: float | None = None
    high: float | None = None
    step: float | None = None
    start: float | None = None
    grid: tuple[float, float, float] | None = None
    options: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.name not in LEVERS:
            raise ValueError(f"lever {self.name!r} is not in levers.LEVERS: add its label, unit and range there")

    @property
    def display(self) -> Display:
        return LEVERS[self.name]

    @property
    def argument(self) -> str:
        """The model argument this lever sets."""
        return self.display.argument or self.name

    def unit(self, low: float, high: float) -> str:
        """The lever's unit; a scale such as "0 to 1" reads the range this slider really runs (0.4 to 1)."""
        unit = _(self.display.unit)
        return f"{low:g} to {high:g}" if re.fullmatch(r"-?[\d.]+ to -?[\d.]+", unit) else unit

    def description(self, low: float, high: float) -> str:
        """The label with its unit, for a slider from ``low`` to ``high``: ``Trust 信任 (0.05 to 1)``."""
        unit = self.unit(low, high)
        return f"{_(self.display.label)} ({unit})" if unit else _(self.display.label)

    @property
    def range(self) -> tuple[float, float, float]:
        """The slider's low, high and step in this panel."""
        own = self.display
        return (
            own.low if self.low is None else self.low,
            own.high if self.high is None else self.high,
            own.step if self.step is None else self.step,
        )


@dataclass(frozen=True)
class Panel:
    """A panel of a lesson, declared: see the module docstring.

    Parameters
    ----------
    title : the heading above the panel's controls.
    chart_title : the chart's title, which opens its text alternative.
    levers : the controls, in order.
    compute : ``compute(**values) -> DataFrame``, by the levers' model arguments (plus
        whatever `widget` is given, such as a student's function).
    chart : ``chart(frame) -> alt chart`` of ``frame`` alone (restricted to ``columns``).
    summary : ``summary(frame) -> str``, the line of HTML under the chart.
    start : the scenario the merchant's figures start at (and the menu, if any).
    presets : the scenarios of the preset menu.
    columns : the frame's columns the chart draws (all when empty).
    site_columns : the columns the site's grid keeps besides its levers' (each row weighs on the
        page; default ``columns``).
    structure : ``structure(frame)``: what shapes the chart besides its columns (`described_rows`).
    site_chart_of : the site's chart of the grid, where it differs from ``chart``.
    for_whom : who the site's chart shows, ending its title there ("the restaurant").
    site_parts : the parts of the site's grid, where its rows split (`SitePart`); each part's grid then
        covers only its own levers.
    site_summary : ``site_summary()``, how the page writes the summary line from the parts' pieces (with
        ``site_parts``), in the language in use.
    """

    title: str
    chart_title: str
    levers: tuple[Lever, ...]
    compute: Callable[..., pd.DataFrame]
    chart: Callable[[pd.DataFrame], alt.TopLevelMixin]
    summary: Callable[[pd.DataFrame], str]
    start: str | None = None
    presets: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    site_columns: tuple[str, ...] = ()
    structure: Callable[[pd.DataFrame], Sequence[object]] = field(default=lambda frame: ())
    site_chart_of: Callable[[pd.DataFrame], alt.TopLevelMixin] | None = None
    for_whom: str = ""
    site_parts: tuple[SitePart, ...] = ()
    site_summary: Callable[[], RankedLines] | None = None

    def with_levers(self, *levers: Lever, **changes: Any) -> Panel:
        """This panel with other levers (and any other field changed)."""
        return replace(self, levers=levers or self.levers, **changes)

    def _start_of(self, lever: Lever, figures: Mapping[str, object]) -> object:
        """A lever's start: its own in this panel, else the merchant's figure, else the lever's own."""
        if lever.start is not None:
            return lever.start
        if lever.name == "merchant":
            return self.start
        if lever.name in FIELDS and figures:
            return figures[lever.name]
        if lever.display.start is not None:
            return lever.display.start
        raise ValueError(f"lever {lever.name!r} needs a start: it is no figure of the panel's merchant")

    def values(self) -> dict[str, object]:
        """Where every lever starts, by model argument."""
        figures = scenarios.merchant(self.start).values() if self.start else {}
        return {lever.argument: self._start_of(lever, figures) for lever in self.levers}

    def controls(self) -> dict[str, widgets.ValueWidget]:
        """A slider (or a menu) per lever, at its start, by model argument."""
        starts = self.values()
        made = {}
        for lever in self.levers:
            value = starts[lever.argument]
            if lever.options:
                made[lever.argument] = menu(lever.display.description, lever.options, value)
            else:
                low, high, step = lever.range
                display = lever.display
                made[lever.argument] = slider(
                    _(display.label), value, low, high, step, lever.unit(low, high), percent=display.percent
                )
        return made

    def preset_values(self) -> dict[str, dict[str, object]]:
        """Each preset scenario's values for the levers: its figures, its name in the menu, other levers' starts."""
        found = {}
        for name in self.presets:
            figures = scenarios.merchant(name).values()
            found[name] = {
                lever.argument: name if lever.name == "merchant" else self._start_of(lever, figures)
                for lever in self.levers
            }
        return found

    def drawn(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The part of ``frame`` the chart draws."""
        return frame[list(self.columns)] if self.columns else frame

    def show(self, frame: pd.DataFrame, **values: object) -> tuple[charts.Spec, str]:
        """The chart of ``frame`` (its rows put into the spec built once) and its summary."""
        summary = self.summary(frame)
        rows = self.drawn(frame)
        return (
            described_rows(self.chart, rows, _(self.chart_title), summary, structure=self.structure(frame)),
            summary,
        )

    def widget(self, **extra: object) -> ModelPanel:
        """The notebook's panel; ``extra`` goes to every ``compute`` call (a student's function, say)."""

        def compute(**values: object) -> pd.DataFrame:
            return self.compute(**values, **extra)

        compute.__name__ = getattr(self.compute, "__name__", "compute")
        return ModelPanel(
            self.controls(),
            compute,
            self.show,
            presets=self.preset_values(),
            title=_(self.title),
            leader="merchant" if any(lever.name == "merchant" for lever in self.levers) else None,
        )

    def axes(self) -> list[Axis]:
        """The site's browser sliders: one per lever with a ``grid``, starting where the panel starts."""
        starts = self.values()
        return [
            Axis(
                lever.argument,
                lever.description(*lever.grid[:2]),  # the site's slider runs over its grid only
                *lever.grid,
                starts[lever.argument],
                percent=lever.display.percent,
            )
            for lever in self.levers
            if lever.grid
        ]

    def _grid_and_summaries(self) -> tuple[pd.DataFrame, list[str]]:
        axes = self.axes()
        moving = [axis.name for axis in axes]
        fixed = {name: value for name, value in self.values().items() if name not in moving}
        blocks = list(grid_blocks(self.compute, axes, **fixed))
        frame = stack(blocks)
        keep = self.site_columns or self.columns
        return (frame[[*keep, *moving]] if keep else frame), [self.summary(block) for _, block in blocks]

    def _parts(self) -> list[Part]:
        return grid_parts(self.compute, self.axes(), self.values(), self.site_parts, self.site_columns or self.columns)

    def grid(self) -> pd.DataFrame:
        """``compute`` at every point of the site's grid, the other levers at their starts: the rows it draws
        (each part's, stacked, where the grid has parts)."""
        if self.site_parts:
            return pd.concat([part.rows for part in self._parts()], ignore_index=True)
        return self._grid_and_summaries()[0]

    def site_chart(self) -> alt.TopLevelMixin:
        """The chart for pages with no kernel: the grid, a browser slider per grid lever, described at the start.

        Its ``usermeta`` holds the summary line of every grid point (`gridchart.site_usermeta`), or each
        part's pieces of it (`gridparts.parts_usermeta`): the page shows the one for the sliders' values
        under the chart and names the chart by it.
        """
        if not any(lever.grid for lever in self.levers):
            raise ValueError(f"{self.title!r} has no lever with a grid: it has no site chart")
        title = _(self.chart_title)
        if self.for_whom:
            title = _("{title}, for {whom}").format(title=title, whom=_(self.for_whom))
        axes = self.axes()
        if self.site_parts:
            if self.site_summary is None:
                raise ValueError(f"{self.title!r} has site parts but no site_summary to write its line from them")
            parts = self._parts()
            chart = bound_parts(self.site_chart_of or self.chart, parts, axes)
            chart = chart.properties(usermeta=parts_usermeta(axes, title, parts, self.site_summary()))
        else:
            grid, summaries = self._grid_and_summaries()
            chart = bound_chart(self.site_chart_of or self.chart, grid, axes)
            chart = chart.properties(usermeta=site_usermeta(axes, title, summaries))
        return described(chart, title, self.summary(self.compute(**self.values())))


def site_charts(declared: Mapping[str, Panel]) -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """Each declared panel's site chart, by the name a notebook calls it by, for the panels that have one."""
    return {name: panel.site_chart for name, panel in declared.items() if any(lever.grid for lever in panel.levers)}
