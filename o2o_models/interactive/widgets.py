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

import contextlib
import html
import math
from collections.abc import Callable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd
from traitlets import TraitError

from ..validation import check_count, check_number, shown
from .livechart import LiveChart, with_static_fallback
from .text import _

Compute = Callable[..., pd.DataFrame]
Show = Callable[..., tuple[alt.TopLevelMixin, str]]


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

    ``percent=True`` shows a fraction as a percentage (0.15 reads 15%).
    """
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=f"{label} ({unit})",
        readout_format=".0%" if percent else f".{_decimals(step)}f",
        continuous_update=True,
        style={"description_width": "22em"},
        layout=widgets.Layout(width="46em"),
    )


def menu(label: str, options: Sequence[str], value: str) -> widgets.Dropdown:
    """A labelled menu as wide as a slider, e.g. ``Merchant 商家``."""
    return widgets.Dropdown(
        options=list(options),
        value=value,
        description=label,
        style={"description_width": "22em"},
        layout=widgets.Layout(width="46em"),
    )


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
    ) -> None:
        self.controls = dict(controls)
        self.compute = compute
        self.show = show
        self._defaults = self.values
        self._presets = {name: dict(values) for name, values in (presets or {}).items()}
        chart, summary = self.draw(**self._defaults)
        self.chart = LiveChart(chart)
        self.status = widgets.HTML(summary)
        self._custom = _("(custom)")
        self.preset = widgets.Dropdown(
            options=[self._custom, *self._presets],
            description=_("Preset 场景"),
            style={"description_width": "22em"},
            layout=widgets.Layout(width="46em"),
        )
        reset = widgets.Button(description=_("Reset 重置"), icon="undo")
        reset.on_click(lambda _: self.reset())
        self.preset.observe(self._on_preset, names="value")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        header = [widgets.HTML(f"<b>{title}</b>")] if title else []
        top = [self.preset] if self._presets else []
        super().__init__([*header, *top, *self.controls.values(), reset, self.chart, self.status])

    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values, by model argument name."""
        return {name: control.value for name, control in self.controls.items()}

    def set_values(self, **values: Any) -> None:
        """Set several controls at once and redraw once: all of them, or, if one value is refused, none.

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
        self.redraw()

    def reset(self) -> None:
        """Put every control back to its first value."""
        self.preset.value = self._custom
        self.set_values(**self._defaults)

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

    def _on_change(self, change: Mapping[str, Any]) -> None:
        name = next(name for name, control in self.controls.items() if control is change["owner"])
        try:
            self._check(name, change["new"])
        except (TypeError, ValueError) as error:
            self._set_quietly(name, change["old"])
            self._warn(_("{error}; kept {value}").format(error=error, value=shown(change["old"])))
            return
        self.redraw()

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        chosen = self._presets.get(change["new"])
        if chosen is not None:
            # set_values puts the reason for a refusal in the status line and changes nothing
            with contextlib.suppress(TypeError, ValueError):
                self.set_values(**{k: v for k, v in chosen.items() if k in self.controls})

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return with_static_fallback(super()._repr_mimebundle_(**kwargs), self.chart.chart, self.status.value)
