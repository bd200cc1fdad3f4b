"""Widget panels: sliders that drive a model and redraw its chart in place.

A lesson declares a panel (`o2o_models.interactive.panels.Panel`), which builds a
`ModelPanel` from named controls and two functions: ``compute``, which
calls a model with the controls' values and returns a tidy DataFrame, and ``show``, which
turns that frame into an Altair chart and a one-line summary. Keeping the two apart lets
the same ``compute`` fill the grid of a kernel-free chart (`o2o_models.interactive.gridchart`) and
lets the benchmark time the model alone. The panel adds a preset menu (scenarios from ``data/``), a reset
button and a status line, and keeps the chart a `LiveChart`, so a slider move sends
only new rows to the browser. Where no kernel runs, the panel's stored output shows a
PNG of its chart instead.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from numbers import Integral, Real
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd
from traitlets import TraitError

from ..text import _
from ..validation import check_count, check_number, shown
from .controls import (
    CONTROL_WIDTH,
    LABEL_WIDTH,
    PANEL_CSS,
    menu,
    option_name,
    parse_typed,
    shown_value,
    slider,
    snapped,
)
from .livechart import LiveChart, with_static_fallback

__all__ = ["ModelPanel", "menu", "slider"]

Compute = Callable[..., pd.DataFrame]
Show = Callable[..., tuple[alt.TopLevelMixin, str]]


class ModelPanel(widgets.VBox):
    """Controls, a preset menu, a reset button, a live chart and a status line.

    Parameters
    ----------
    controls : model argument name -> widget; the widgets' values are passed to
        ``compute`` as keyword arguments.
    compute : ``compute(**values) -> DataFrame``, the model's results for those values.
    show : ``show(frame, **values) -> (chart, summary)``: the chart of ``compute``'s frame
        and a one-line HTML summary. A ``ValueError`` or ``TypeError`` from ``compute`` or
        ``show`` is shown in the status line (the chart keeps its last good state), not as a
        traceback.
    presets : scenario name -> values for some of the controls (see `o2o_models.scenarios`).
    title : a heading shown above the controls.

    Notes
    -----
    A numeric control takes only a finite number within its ``min`` and ``max`` (a whole
    number for an integer control). Any other value, typed or set in code, is refused: the
    control goes back to its last value and the status line names the control, the value
    and the allowed range. `set_values` changes every control it is given or none.
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Compute,
        show: Show,
        *,
        presets: Mapping[str, Mapping[str, float]] | None = None,
        title: str = "",
        leader: str | None = None,
    ) -> None:
        self.controls = dict(controls)
        self.compute = compute
        self.show = show
        self._defaults = self.values
        self._presets = {name: dict(values) for name, values in (presets or {}).items()}
        self._leader = leader if leader in self.controls else None
        chart, summary = self.draw(**self._defaults)
        self.chart = LiveChart(chart)
        self.chart.add_class("o2o-chart")
        self.status = widgets.HTML(summary)
        self._custom = _("(custom)")
        self.preset = widgets.Dropdown(
            options=[(self._custom, self._custom), *((option_name(name), name) for name in self._presets)],
            description=_("Preset 场景"),
            style={"description_width": LABEL_WIDTH},
            layout=widgets.Layout(width="100%", max_width=CONTROL_WIDTH),
        )
        reset = widgets.Button(description=_("Reset 重置"), icon="undo")
        reset.on_click(lambda _: self.reset())
        self.preset.observe(self._on_preset, names="value")
        self.boxes: dict[str, widgets.Text] = {}
        rows = []
        for name, control in self.controls.items():
            control.observe(self._on_change, names="value")
            rows.append(self._with_box(name, control))
        header = [widgets.HTML(f"<b>{title}</b>")] if title else []
        top = widgets.HBox([self.preset, reset] if self._presets else [reset])  # one row: the levers meet the chart
        top.add_class("o2o-top")
        levers = widgets.Box(rows)
        levers.add_class("o2o-levers")
        super().__init__([widgets.HTML(PANEL_CSS), *header, top, levers, self.chart, self.status])
        self.add_class("o2o-panel")
        self._show_preset(self._matching())

    def _with_box(self, name: str, control: widgets.ValueWidget) -> widgets.Widget:
        """A numeric control with a number box beside it that takes ``60%``, ``0.6`` or ``30,000``."""
        if not isinstance(control, widgets.FloatSlider | widgets.IntSlider):
            control.add_class("o2o-lever")
            return control
        box = widgets.Text(
            value=shown_value(control, control.value),
            continuous_update=False,
            layout=widgets.Layout(width="6.5em", flex="0 0 auto"),
        )
        box.add_class("o2o-box")
        self.boxes[name] = box
        # the box shows the control's value once the panel has checked it (a refused value is already put back)
        control.observe(lambda _change: setattr(box, "value", shown_value(control, control.value)), names="value")
        box.observe(lambda change: self._on_typed(name, change["new"]), names="value")
        row = widgets.HBox([control, box], layout=widgets.Layout(width="100%", max_width=CONTROL_WIDTH))
        row.add_class("o2o-lever")
        return row

    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values, by model argument name."""
        return {name: control.value for name, control in self.controls.items()}

    def set_values(self, **values: Any) -> None:
        """Set several controls at once and redraw once: all of them, or, if one value is refused, none.

        The preset menu then shows the preset these values are, else "(custom)", so choosing a
        preset again after a move loads it again.

        Raises
        ------
        ValueError, TypeError
            For a control the panel does not have, or a value its control cannot take (also
            shown in the status line); no control is changed.
        """
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(
                _("unknown control(s) {unknown}; this panel has {known}").format(
                    unknown=sorted(unknown), known=sorted(self.controls)
                )
            )
        try:
            checked = {name: self._check(name, value) for name, value in values.items()}
        except (TypeError, ValueError) as error:
            self._warn(_("{error}; no control changed").format(error=error))
            raise
        before = self.values
        for name, value in checked.items():
            try:
                self._set_quietly(name, value)
            except TraitError as error:
                for earlier, old in before.items():
                    self._set_quietly(earlier, old)
                message = _("{name}={value} is refused by its control ({error}); no control changed").format(
                    name=name, value=shown(value), error=error
                )
                self._warn(message)
                raise ValueError(message) from None
        self._show_preset(self._matching())
        self.redraw()

    def reset(self) -> None:
        """Put every control back to its first value (the menu shows the preset they are, if any)."""
        self.set_values(**self._defaults)
        self._show_preset(self._matching())

    def _matching(self) -> str:
        """The preset whose values the controls show, else "(custom)"."""
        return next(
            (
                name
                for name, values in self._presets.items()
                if all(self.controls[k].value == v for k, v in values.items() if k in self.controls)
            ),
            self._custom,
        )

    def draw(self, **values: Any) -> tuple[alt.TopLevelMixin, str]:
        """The chart and summary for ``values``: ``show(compute(**values), **values)``."""
        return self.show(self.compute(**values), **values)

    def redraw(self) -> None:
        """Compute and draw for the current values; a ValueError or TypeError shows in the status line."""
        try:
            chart, summary = self.draw(**self.values)
        except (TypeError, ValueError) as error:
            self._warn(str(error))
            return
        self.chart.update(chart)
        self.status.value = summary

    def _check(self, name: str, value: Any) -> Any:
        """``value`` checked for control ``name``: a finite number within its min and max if it is numeric."""
        control = self.controls[name]
        current = control.value
        if isinstance(current, bool) or not isinstance(current, Real):
            return value  # a menu or a checkbox: the widget itself checks the value
        low, high = getattr(control, "min", -math.inf), getattr(control, "max", math.inf)
        meaning = control.description or name
        if isinstance(current, Integral):
            return check_count(name, value, low, high, meaning)
        return check_number(name, value, low, high, meaning)

    def _set_quietly(self, name: str, value: Any) -> None:
        """Set one control without redrawing."""
        control = self.controls[name]
        control.unobserve(self._on_change, names="value")
        try:
            control.value = value
        finally:
            control.observe(self._on_change, names="value")

    def _warn(self, message: str) -> None:
        self.status.value = f'<span style="color:#b00020">⚠ {html.escape(message, quote=False)}</span>'

    def _show_preset(self, name: str) -> None:
        """Show ``name`` in the preset menu without loading it."""
        self.preset.unobserve(self._on_preset, names="value")
        try:
            self.preset.value = name
        finally:
            self.preset.observe(self._on_preset, names="value")

    def _on_change(self, change: Mapping[str, Any]) -> None:
        name = next(name for name, control in self.controls.items() if control is change["owner"])
        try:
            self._check(name, change["new"])
        except (TypeError, ValueError) as error:
            self._set_quietly(name, change["old"])
            self._warn(_("{error}; kept {value}").format(error=error, value=shown(change["old"])))
            return
        exact = snapped(change["owner"], change["new"])
        if exact != change["new"]:
            self._set_quietly(name, exact)
        if exact == change["old"]:
            return  # the browser's float noise on the same step: nothing moved
        if name == self._leader and exact in self._presets:
            self._load_preset(exact)  # the merchant menu loads that merchant's figures: the two never disagree
            return
        self._show_preset(self._matching())
        self.redraw()

    def _on_typed(self, name: str, text: str) -> None:
        """A number typed into a control's box: set it, or say in the status line why not and show the old one."""
        control = self.controls[name]
        if text == shown_value(control, control.value):
            return
        try:
            value = self._check(name, parse_typed(control, text))
        except (TypeError, ValueError) as error:
            self._warn(_("{error}; kept {value}").format(error=error, value=shown_value(control, control.value)))
            self.boxes[name].value = shown_value(control, control.value)
            return
        control.value = snapped(control, value)
        self.boxes[name].value = shown_value(control, control.value)

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        if change["new"] in self._presets:
            self._load_preset(change["new"])

    def _load_preset(self, name: str) -> None:
        """Set every control the preset names and show it in the menu; a refused value changes nothing."""
        chosen = self._presets[name]
        try:
            self.set_values(**{k: v for k, v in chosen.items() if k in self.controls})
        except (TypeError, ValueError):
            return  # set_values put the reason in the status line and changed nothing
        self._show_preset(name)

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return with_static_fallback(super()._repr_mimebundle_(**kwargs), self.chart.chart, self.status.value)
