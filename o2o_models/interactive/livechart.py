"""A chart widget that redraws in place, and still shows where no kernel runs.

`LiveChart` is a small anywidget around Vega-Embed. It draws an Altair chart once;
when the chart changes only in its data (a slider moved), it sends just the new rows
and Vega updates the drawn view in place, instead of re-embedding the whole chart.
Its JavaScript (Vega, Vega-Lite, Vega-Embed) comes bundled from ``vl-convert``, so
nothing is fetched from the web. Inside a `ModelPanel` it keeps the keys pressed on a slider
or in a number box inside the panel, so they fire none of JupyterLab's command shortcuts
(JupyterLab 4 listens for them as they bubble up to the page).

Where no kernel runs (a notebook viewer, a rendered page), the widget cannot draw.
Its stored output therefore also carries the Vega-Lite JSON and a PNG of the chart,
made offline by ``vl-convert``: `static_bundle`.

Two settings let a class server spare each kernel vl-convert's JavaScript engine
(about 60 MB to bundle the script, 65-90 MB more to draw PNGs; benchmarks/README.md):
``O2O_CHART_PNG=off`` leaves the PNG out (JupyterLab draws the Vega-Lite JSON itself), and
``O2O_CHART_CACHE`` names a folder where `write_bundled_js` has put the bundled script
once for every account.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import html
import os
from pathlib import Path
from typing import Any

import altair as alt
import anywidget
import traitlets
import vl_convert

VEGALITE_MIME = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0].lstrip('v')}+json"

PNG_SCALE = 2
PNG_SWITCH = "O2O_CHART_PNG"
SHARED_CACHE = "O2O_CHART_CACHE"

_RENDER_JS = """
async function render({ model, el }) {
  let view = null;
  // A chart wider than the room it has (a laptop with the file browser open) gets a narrower plot,
  // down to half its width; what still does not fit scrolls inside the chart's box.
  const fit = async () => {
    const spec = model.get("spec"), drawn = el.querySelector("canvas, svg");
    const natural = [spec, ...(spec.layer || [])].map((node) => node.width).find((w) => typeof w === "number");
    if (!view || typeof natural !== "number" || !drawn || !el.clientWidth) { return; }
    let width;
    try { width = view.signal("width"); } catch (error) { return; }  // no one plot width to set
    const around = drawn.getBoundingClientRect().width - width;
    const target = Math.round(Math.max(natural / 2, Math.min(natural, el.clientWidth - around - 4)));
    if (Math.abs(target - width) >= 2) { view.signal("width", target); await view.runAsync(); }
  };
  // A title longer than the room breaks into lines at spaces (a bold title's character is about 8 px;
  // it is centred on the plot, which is narrower than the room).
  const lines = (text, room) => {
    const most = Math.max(20, Math.floor((0.85 * room) / 8)), out = [];
    for (const word of text.split(" ")) {
      const last = out.length - 1;
      if (last >= 0 && (out[last] + " " + word).length <= most) { out[last] += " " + word; } else { out.push(word); }
    }
    return out.length > 1 ? out : text;
  };
  const wrapped = (spec, room) => {
    for (const node of [spec, ...(spec.layer || []), ...(spec.vconcat || []), ...(spec.hconcat || [])]) {
      if (typeof node.title === "string") { node.title = lines(node.title, room); }
      else if (node.title && typeof node.title.text === "string") { node.title.text = lines(node.title.text, room); }
    }
    return spec;
  };
  let titles = null;  // the titles' lines as drawn: a new room that breaks them otherwise draws afresh
  const titlesOf = (spec) => JSON.stringify([spec, ...(spec.layer || [])].map((node) => node.title));
  const embed = async () => {
    if (view) { view.finalize(); }
    const spec = wrapped(structuredClone(model.get("spec")), el.clientWidth || 600);
    titles = titlesOf(spec);
    const result = await vegaEmbed(el, spec, { actions: false });
    // A chart outside a panel (`lesson.gain_chart()`) is held to its output's width as a panel holds its own
    // (`controls.PANEL_CSS`), so that it narrows to fit instead of running past the cell's right edge.
    el.style.maxWidth = "100%";
    el.style.overflowX = "auto";
    view = result.view;
    await fit();
    el.dataset.o2oDraws = String(Number(el.dataset.o2oDraws || 0) + 1);
  };
  const resized = new ResizeObserver(() => {
    keepKeys();
    const room = el.clientWidth || 600;
    const again = titles !== null && titlesOf(wrapped(structuredClone(model.get("spec")), room)) !== titles;
    if (again) { embed(); } else { fit(); }
  });
  resized.observe(el);
  model.on("change:spec", embed);
  model.on("change:description", () => {
    el.setAttribute("aria-label", model.get("description"));
  });
  model.on("change:datasets", async () => {
    const datasets = model.get("datasets");
    for (const [name, rows] of Object.entries(datasets)) {
      view.change(name, view.changeset().remove(() => true).insert(structuredClone(rows)));
    }
    await view.runAsync();
    el.dataset.o2oDraws = String(Number(el.dataset.o2oDraws || 0) + 1);
  });
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", model.get("description"));
  // Keys pressed in the chart's panel (an arrow on a slider, a digit in a number box) stay there:
  // JupyterLab hears keys as they bubble up to the page, so its command shortcuts ("d d" deletes the
  // cell, "a" inserts one) never see them. Escape, Shift+Enter and keys with Ctrl, Alt or Cmd still go up.
  const stop = (event) => {
    const passes = event.key === "Escape" || (event.key === "Enter" && event.shiftKey);
    if (!passes && !event.ctrlKey && !event.altKey && !event.metaKey) { event.stopPropagation(); }
  };
  // The chart is drawn before ipywidgets puts it in its panel, and JupyterLab takes a cell off the page while it
  // is scrolled out of view, so the panel is looked for again whenever the chart is laid out (a resize).
  const keepKeys = () => {
    const panel = el.closest(".o2o-panel");
    if (panel && !panel.dataset.o2oKeepsKeys) {
      panel.dataset.o2oKeepsKeys = "true";
      panel.addEventListener("keydown", stop);
    }
  };
  keepKeys();
  await embed();
  keepKeys();
  return () => { resized.disconnect(); if (view) { view.finalize(); } };
}
export default { render };
"""


def _bundle_name() -> str:
    """The bundled script's file name, keyed by the vl-convert version and the script."""
    key = hashlib.sha256(f"{vl_convert.__version__}\n{_RENDER_JS}".encode()).hexdigest()[:16]
    return f"livechart-{key}.js"


def write_bundled_js(folder: Path) -> Path:
    """Bundle the widget's script into ``folder`` (unless it is there) and return the file."""
    path = folder / _bundle_name()
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(vl_convert.javascript_bundle(_RENDER_JS), encoding="utf-8")
    return path


@functools.cache
def _bundled_js() -> str:
    """Vega-Embed, Vega-Lite and Vega bundled with the widget's script, cached on disk.

    Bundling takes a few seconds, so the result is kept: in ``$O2O_CHART_CACHE`` if a class
    server filled it for all its students, else in the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``).
    """
    if os.environ.get(SHARED_CACHE):
        shared = Path(os.environ[SHARED_CACHE]) / _bundle_name()
        if shared.is_file():
            return shared.read_text(encoding="utf-8")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "o2o_models"
    try:
        return write_bundled_js(cache).read_text(encoding="utf-8")
    except OSError:  # a read-only home still works, only slower
        return vl_convert.javascript_bundle(_RENDER_JS)


def _with_stable_names(spec: dict[str, Any]) -> dict[str, Any]:
    """Rename Altair's content-hashed datasets to ``o2o_rows_0``, ``o2o_rows_1``, ... in order.

    Altair names each inline dataset after a hash of its rows, so new rows mean a new
    name. Stable names let an update replace the rows of a dataset the view already has.
    """
    renames = {old: f"o2o_rows_{i}" for i, old in enumerate(spec.get("datasets", {}))}

    def rename(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: renames.get(value, value) if key == "name" and isinstance(value, str) else rename(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [rename(item) for item in node]
        return node

    renamed = rename({key: value for key, value in spec.items() if key != "datasets"})
    renamed["datasets"] = {renames[old]: rows for old, rows in spec.get("datasets", {}).items()}
    return renamed


def _text(spec: dict[str, Any]) -> str:
    """The chart's plain-text version: its description, else its title."""
    return spec.get("description") or str(spec.get("title", "a chart"))


def static_bundle(chart: alt.TopLevelMixin, summary: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the Vega-Lite JSON and a PNG of ``chart`` as a Jupyter ``(data, metadata)`` pair.

    All are made offline. The PNG is drawn at twice the chart's size for sharp screens
    and tagged with its natural width, so viewers show it at the chart's own size. The
    plain-text version is the chart's description, for screen readers and text viewers.
    The HTML version (`static_html`) is what a viewer with no kernel and no Vega shows
    (``jupyter nbconvert --to html``, GitHub, nbviewer): the PNG with the description as
    its alt text, and the panel's ``summary`` line under it.
    """
    spec = chart.to_dict()
    png = vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
    width = int.from_bytes(png[16:20], "big") // PNG_SCALE  # the PNG header's width field
    png_base64 = base64.b64encode(png).decode("ascii")
    description = _text(spec)
    data = {
        VEGALITE_MIME: spec,
        "image/png": png_base64,
        "text/html": static_html(png_base64, width, description, summary),
        "text/plain": description,
    }
    return data, {"image/png": {"width": width}}


def static_html(png_base64: str, width: int, description: str, summary: str = "") -> str:
    """A chart's picture with its description as alt text, and its summary line (HTML) as the caption."""
    caption = f'<figcaption class="o2o-summary">{summary}</figcaption>' if summary else ""
    return (
        f'<figure class="o2o-static-chart"><img src="data:image/png;base64,{png_base64}" width="{width}" '
        f'alt="{html.escape(description, quote=True)}">{caption}</figure>'
    )


class LiveChart(anywidget.AnyWidget):
    """An Altair chart that a widget panel updates in place.

    Parameters
    ----------
    chart : the chart to draw first.

    Notes
    -----
    ``update(chart)`` sends only the rows when the new chart has the same structure as
    the drawn one (the usual case when a slider moves), otherwise the whole spec.
    """

    spec = traitlets.Dict().tag(sync=True)
    datasets = traitlets.Dict().tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self._esm = _bundled_js()
        super().__init__()
        self.chart = chart
        self.spec = _with_stable_names(chart.to_dict())
        self.description = self.spec.get("description", "")

    def update(self, chart: alt.TopLevelMixin) -> None:
        """Show ``chart``: only its data travel when its structure matches the drawn chart.

        The spec is not validated against the Vega-Lite schema again (the first draw was):
        validation would cost more than the model itself on every slider move. The chart's
        ``description`` (its text alternative, which follows the numbers) travels on its own
        and becomes the drawn chart's accessible name.
        """
        new_spec = _with_stable_names(chart.to_dict(validate=False))
        self.chart = chart
        changing = ("datasets", "description")
        structure = {key: value for key, value in new_spec.items() if key not in changing}
        drawn = {key: value for key, value in self.spec.items() if key not in changing}
        self.description = new_spec.get("description", "")
        if structure == drawn and new_spec["datasets"].keys() == self.spec["datasets"].keys():
            self.datasets = copy.deepcopy(new_spec["datasets"])
            self.spec["datasets"] = new_spec["datasets"]
            self.spec["description"] = self.description
        else:
            self.spec = new_spec

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return with_static_fallback(super()._repr_mimebundle_(**kwargs), self.chart)


def with_static_fallback(widget_bundle: Any, chart: alt.TopLevelMixin, summary: str = "") -> tuple[dict, dict]:
    """Add ``chart``'s Vega-Lite JSON, PNG and described picture (`static_bundle`) to a widget's MIME bundle.

    A live front end draws the widget; a viewer with no kernel shows the PNG, described, with ``summary``.
    ``widget_bundle`` is what a widget's ``_repr_mimebundle_`` returned: a dict
    (ipywidgets) or a ``(data, metadata)`` pair (anywidget). With ``O2O_CHART_PNG=off``
    (a class server's kernels) the PNG is left out and the Vega-Lite JSON stays.
    """
    data, metadata = widget_bundle if isinstance(widget_bundle, tuple) else (widget_bundle, {})
    if os.environ.get(PNG_SWITCH, "on").strip().lower() == "off":
        spec = chart.to_dict(validate=False)
        return {**data, VEGALITE_MIME: spec, "text/plain": _text(spec)}, metadata
    static_data, static_metadata = static_bundle(chart, summary)
    return {**data, **static_data}, {**static_metadata, **metadata}  # the text is the chart's description
