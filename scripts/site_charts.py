"""A lesson's Vega-Lite chart made ready for the site: sized by its page, light, and described.

`chart_html` turns the Vega-Lite JSON a notebook stored (or a site chart built) into the
HTML the page shows:

- the chart's title as an HTML caption, which wraps on a phone (an SVG title does not);
- its width set by the page (``width: "container"``, fitted with its axes and legend),
  legends that stack and category labels that slant when the chart is narrow;
- compiled to Vega when the site is built, so the page needs the Vega runtime only, not
  the Vega-Lite compiler;
- its rows as CSV inside the spec, to the fen (0.01) or seven significant digits, about a
  third of the bytes of JSON rows;
- the spec's ``description`` (or else its title) as the drawn chart's accessible name
  and as the alt text of the PNG that readers without JavaScript see; that PNG sits in
  a ``<noscript>``, so a browser that draws the chart never downloads it;
- an interactive chart's summary line under it, visible: the panel's summary at the sliders'
  start, which the page's o2o-charts.js replaces, with the chart's accessible name, on every
  slider move from the summaries made at every grid point (`gridchart.site_usermeta`).
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import numbers
from typing import Any

import vl_convert

from o2o_models.interactive.gridpack import pack_grid, start_values
from o2o_models.interactive.gridparts import summary_at
from o2o_models.text import _

NARROW = 480
"""Below this chart width (CSS pixels) legends stack and category labels slant."""

MIN_CSV_ROWS = 10
MULTI_VIEW = ("hconcat", "vconcat", "concat", "facet", "repeat")
INTERACTIVE_NOTE = (
    "Move the sliders under the chart: it redraws in your browser from the model's results, with no Python running."
)


def _title_text(title: Any) -> str:
    if isinstance(title, dict):
        return _title_text(title.get("text", ""))
    if isinstance(title, list):
        return " ".join(str(line) for line in title)
    return str(title or "")


def fit_to_page(spec: dict) -> dict:
    """The Vega-Lite ``spec`` as wide as its container, its views' own widths dropped.

    Concatenated or faceted charts keep their widths (Vega-Lite cannot fit them); the
    page lets those scroll inside their box instead.
    """
    spec = copy.deepcopy(spec)
    if any(key in spec for key in MULTI_VIEW):
        return spec

    def drop_widths(node: dict) -> None:
        for layer in node.get("layer", []):
            layer.pop("width", None)
            drop_widths(layer)

    drop_widths(spec)
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def _narrow(wide: Any, narrow: Any) -> dict:
    return {"signal": f"width < {NARROW} ? {json.dumps(narrow)} : {json.dumps(wide)}"}


def _responsive(vega: dict) -> None:
    """Legends in one column and slanted category labels when the chart is narrow; nothing wider than its box.

    Two legends above a chart stack rather than sit side by side, and an axis title longer than its
    axis on a phone goes on two lines (`_wrap_title`: Vega does not wrap it), a line still too long ending in "…",
    so that no label is drawn outside the chart's box.
    """
    for legend in vega.get("legends", []):
        if legend.get("orient") in ("top", "bottom"):
            legend["columns"] = _narrow(0, 1)
    layout = vega.setdefault("config", {}).setdefault("legend", {}).setdefault("layout", {})
    for side in ("top", "bottom"):
        layout.setdefault(side, {"direction": "vertical", "anchor": "start"})
    signals = {signal.get("name") for signal in vega.get("signals", [])}
    for axis in vega.get("axes", []):
        along = "width" if axis.get("orient") in ("top", "bottom") else "height"
        if along in signals or along in vega:
            axis.setdefault("titleLimit", {"signal": along} if along in signals else vega[along])
            _wrap_title(axis, along if along in signals else vega[along])
    band_scales = {s["name"] for s in vega.get("scales", []) if s.get("type") in ("band", "point")}
    for axis in vega.get("axes", []):
        if axis.get("scale") in band_scales and axis.get("orient") == "bottom" and axis.get("labels", True):
            axis["labelAngle"] = _narrow(axis.get("labelAngle", 0), -40)
            axis["labelAlign"] = _narrow(axis.get("labelAlign", "center"), "right")
            axis["labelBaseline"] = _narrow(axis.get("labelBaseline", "top"), "middle")
    for mark in vega.get("marks", []):
        if mark.get("type") == "group":
            _responsive(mark)


TITLE_PX = {"latin": 6.6, "cjk": 11.0}
"""About how wide a character of an axis title is drawn (Vega's 11 px bold), in CSS pixels."""


def _cjk(character: str) -> bool:
    return ord(character) >= 0x2E80


def title_px(text: str) -> float:
    """About how wide Vega draws ``text`` as an axis title."""
    return sum(TITLE_PX["cjk"] if _cjk(c) else TITLE_PX["latin"] for c in text)


NO_LINE_STARTS = set("，。、：；）)%")
"""What a line may not start with: Chinese closing punctuation, a closing bracket, a percent sign."""


def two_lines(text: str) -> list[str] | None:
    """``text`` on two lines, broken nearest its middle (by drawn width): at a space, which goes, or between
    two characters one of which is Chinese (a line starts with no closing punctuation); None if it cannot break."""
    cuts = [(i, i + 1) for i, c in enumerate(text) if c == " "]
    cuts += [
        (i, i)
        for i in range(1, len(text))
        if (_cjk(text[i - 1]) or _cjk(text[i])) and " " not in text[i - 1 : i + 1] and text[i] not in NO_LINE_STARTS
    ]
    if not cuts:
        return None
    half = title_px(text) / 2
    end, start = min(cuts, key=lambda cut: abs(title_px(text[: cut[0]]) - half))
    return [text[:end], text[start:]]


PHONE_AXIS = 280
"""About the shortest an axis of a chart as wide as its page gets: its length on a 390 px phone (CSS pixels)."""


def _wrap_title(axis: dict, along: str | float) -> None:
    """An axis title too long for its axis on two lines, rather than cut short with "…".

    ``along`` is the axis' length: a number, or the name of the signal that holds it (a chart as wide as
    its page), in which case the title goes on two lines if it would not fit on a phone (`PHONE_AXIS`).
    A title that switched with the width would not do: Vega lays out the chart's box for its first title.
    """
    title = axis.get("title")
    lines = two_lines(title) if isinstance(title, str) else None
    if lines is not None and title_px(title) > (PHONE_AXIS if isinstance(along, str) else along):
        axis["title"] = lines


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(value)
    if isinstance(value, numbers.Real):  # to the fen for money, seven significant digits for shares
        text = format(value, ".7g") if abs(value) < 1e5 else format(value, ".2f").rstrip("0").rstrip(".")
        return text
    return str(value)


def _column_type(values: list[Any]) -> str | None:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present):
        return "number"
    return None  # text stays text


def compact_rows(vega: dict) -> None:
    """Store each inline dataset of at least `MIN_CSV_ROWS` plain rows as CSV text, in place."""
    for data in vega.get("data", []):
        rows = data.get("values")
        if not isinstance(rows, list) or len(rows) < MIN_CSV_ROWS or not all(isinstance(r, dict) for r in rows):
            continue
        if any(isinstance(v, (dict, list)) for row in rows for v in row.values()):
            continue
        columns = list(dict.fromkeys(key for row in rows for key in row))
        types = {c: _column_type([row.get(c) for row in rows]) for c in columns}
        if any(t is None and any(row.get(c) == "" for row in rows) for c, t in types.items()):
            continue  # an empty text would come back as a missing value
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(row.get(c)) for c in columns] for row in rows)
        parse = {c: t for c, t in types.items() if t}
        data["values"] = buffer.getvalue()
        data["format"] = {
            **data.get("format", {}),
            "type": "csv",
            "parse": {**data.get("format", {}).get("parse", {}), **parse},
        }


def site_vega(spec: dict) -> tuple[dict, str, str]:
    """Compile a Vega-Lite ``spec`` for the site; return the Vega spec, its title and its description."""
    vega = vl_convert.vegalite_to_vega(fit_to_page(pack_grid(spec)))
    title = _title_text(vega.pop("title", None)).strip()
    description = str(spec.get("description") or vega.get("description") or title or _("A chart")).strip()
    vega["description"] = description
    _responsive(vega)
    compact_rows(vega)
    return vega, title, description


def chart_html(spec: dict, png_url: str, png_width: int, interactive: bool) -> str:
    """The page's box for a Vega-Lite ``spec``: caption, drawn chart, sliders, and a PNG for no-JavaScript readers."""
    vega, title, description = site_vega(spec)
    payload = json.dumps(vega, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    label = html.escape(description, quote=True)
    kind = "o2o-interactive" if interactive else "o2o-static"
    wide = " o2o-multi-view" if any(key in spec for key in MULTI_VIEW) else ""
    caption = f'<figcaption class="o2o-chart-title">{html.escape(title)}</figcaption>' if title else ""
    note = f'<p class="o2o-note">{_(INTERACTIVE_NOTE)}</p>' if interactive else ""
    grid = vega.get("usermeta", {}).get("o2o_grid")
    if grid:
        start = summary_at(grid, start_values(grid))
        note = f'<p class="o2o-summary" aria-live="polite">{start}</p>' + note
    return (
        f'<figure class="o2o-chart {kind}{wide}" data-fallback="{html.escape(png_url)}" '
        f'data-fallback-width="{png_width}">{caption}'
        f'<div class="o2o-chart-view" role="img" aria-label="{label}"></div>'
        f'<script type="application/json" class="o2o-chart-spec">{payload}</script>'
        f'<noscript><img src="{html.escape(png_url)}" alt="{label}" width="{png_width}"></noscript>'
        f'<div class="o2o-chart-controls"></div>{note}</figure>'
    )
