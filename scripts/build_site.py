"""Build the lessons as a static HTML site that stays interactive with no kernel.

    python scripts/build_site.py [--out _build/site]

Works offline. Steps:

1. Stage a Jupyter Book (version 1, Sphinx) in ``_build/site_src``: a home page, the
   lessons, and a glossary page from ``data/glossary.csv``.
2. In each staged lesson, replace every panel's output (a widget no static page can
   run) by a chart that runs in the browser: where the lesson module lists a grid chart
   for that panel in ``SITE_CHARTS``, the model's results over a grid of slider values
   with Vega-Lite sliders bound to them (`o2o_models.gridchart`); otherwise the panel's
   stored chart with its tooltips. Each keeps its PNG inside, for readers without
   JavaScript.
3. Ship Vega (bundled by vl-convert) once in ``_static``, shared by all pages, and
   MathJax from the ``jupyter-server-mathjax`` package, so no page loads anything from
   outside the site.

Launch buttons (Binder) appear when ``O2O_REPOSITORY_URL`` names the public repository.
"""

from __future__ import annotations

import argparse
import base64
import html
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupyter_server_mathjax
import nbformat
import vl_convert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from o2o_models.glossary import load_glossary  # noqa: E402
from o2o_models.livechart import VEGALITE_MIME, static_bundle  # noqa: E402

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PANEL_CALL = re.compile(r"^\s*lesson\.(\w+)\(", re.MULTILINE)
LESSON_IMPORT = re.compile(r"from o2o_models\.lessons import (\w+) as lesson")

EMBED_JS = """
// Draw every chart on the page with the Vega bundle shipped in _static (no CDN).
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".o2o-chart")) {
    const spec = JSON.parse(box.querySelector("script[type='application/json']").textContent);
    const target = box.querySelector(".o2o-chart-view");
    vegaEmbed(target, spec, { actions: false, renderer: "svg" })
      .then(() => { box.classList.add("o2o-drawn"); box.querySelector("img").remove(); })
      .catch((error) => { console.error("chart failed to draw", error); });
  }
});
"""

CHART_CSS = """
.o2o-chart .vega-bindings { margin-top: 0.5em; }
.o2o-chart .vega-bind { display: flex; gap: 0.5em; align-items: center; }
.o2o-chart .vega-bind-name { min-width: 16em; }
.o2o-chart img { max-width: 100%; }
"""


def chart_html(spec: dict, png_base64: str, png_width: int, interactive: bool) -> str:
    """A chart box: the Vega-Lite spec to draw, and its PNG shown until (or unless) it draws."""
    kind = "o2o-interactive" if interactive else "o2o-static"
    payload = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    note = ("<p class='o2o-note'><em>Move the sliders under the chart: the model's results were computed "
            "for every slider position when this page was built.</em></p>") if interactive else ""
    return (
        f'<div class="o2o-chart {kind}"><div class="o2o-chart-view"></div>'
        f'<script type="application/json">{payload}</script>'
        f'<img alt="{html.escape(str(spec.get("title", "chart")))}" width="{png_width}" '
        f'src="data:image/png;base64,{png_base64}">{note}</div>'
    )


def _chart_output(spec: dict, png: str, width: int, interactive: bool) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/html": chart_html(spec, png, width, interactive)})


def _site_chart_output(chart) -> nbformat.NotebookNode:
    data, metadata = static_bundle(chart)
    return _chart_output(data[VEGALITE_MIME], data["image/png"], metadata["image/png"]["width"], True)


def stage_notebook(source: Path, target: Path) -> int:
    """Copy a lesson with its panels' outputs made browser-ready; return the interactive charts made."""
    notebook = nbformat.read(source, as_version=4)
    module = None
    interactive = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        found = LESSON_IMPORT.search(cell.source)
        if found:
            module = importlib.import_module(f"o2o_models.lessons.{found.group(1)}")
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VEGALITE_MIME not in data:
                if WIDGET_MIME in data:
                    continue  # a widget with no static face: nothing to show without a kernel
                outputs.append(output)
                continue
            call = PANEL_CALL.search(cell.source)
            site_charts = getattr(module, "SITE_CHARTS", {}) if module else {}
            if call and call.group(1) in site_charts:
                outputs.append(_site_chart_output(site_charts[call.group(1)]()))
                interactive += 1
            else:
                width = output.get("metadata", {}).get("image/png", {}).get("width", 600)
                outputs.append(_chart_output(data[VEGALITE_MIME], data["image/png"], width, False))
        cell.outputs = outputs
    nbformat.write(notebook, target)
    return interactive


def glossary_page() -> str:
    rows = "\n".join(
        f"| {r.term_zh} | {r.pinyin} | {r.term_en} | {r.meaning} |" for r in load_glossary().itertuples()
    )
    return ("# Glossary 词汇表\n\nEvery Chinese term the lessons use, with its pinyin, English and meaning.\n\n"
            "| 中文 | pinyin | English | meaning |\n| --- | --- | --- | --- |\n" + rows + "\n")


def home_page(lessons: list[Path]) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme.split("## Start here")[0]
    links = "\n".join(f"- [{_title(p)}]({p.stem}.ipynb)" for p in lessons)
    return f"{intro}\n## The lessons\n\n{links}\n- [Glossary 词汇表](glossary.md)\n"


def _title(path: Path) -> str:
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def book_config() -> str:
    repository = os.environ.get("O2O_REPOSITORY_URL", "")
    launch = (
        f"repository:\n  url: {repository}\n  branch: main\n"
        "launch_buttons:\n  binderhub_url: https://mybinder.org\n  notebook_interface: jupyterlab\n  thebe: false\n"
        if repository else "launch_buttons:\n  thebe: false\n"
    )
    return f"""title: "O2O Three Legs 三条腿"
author: O2O Three Legs contributors
only_build_toc_files: true
execute:
  execute_notebooks: "off"
{launch}sphinx:
  config:
    mathjax_path: "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
    nb_mime_priority_overrides: [["html", "{WIDGET_MIME}", null]]
"""


CONF_PATCH = """
# Added by scripts/build_site.py: nothing outside the site, Vega once, no kernel launcher.
# Jupyter Book would load every script under _static, so our files live in assets/.
extensions = [name for name in extensions if name != "sphinx_thebe"]
html_static_path = ["assets"]
html_js_files = ["vega-bundle.js", "o2o-charts.js"]
html_css_files = ["o2o-charts.css"]
html_favicon = "assets/favicon.svg"
html_context = {**globals().get("html_context", {}), "default_mode": "light"}
# MathJax 2 from jupyter-server-mathjax ships only the STIX-Web fonts.
mathjax3_config = None
mathjax2_config = {"HTML-CSS": {"availableFonts": [], "webFont": "STIX-Web", "imageFont": None,
                                "preferredFont": None}}
"""

FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
           'fill="#0072B2"/><path d="M3 4h10M4 8h8M3 12h10" stroke="#fff" stroke-width="1.6"/></svg>')


def stage(src: Path) -> None:
    if src.exists():
        shutil.rmtree(src)
    static = src / "assets"
    static.mkdir(parents=True)
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for lesson in lessons:
        made = stage_notebook(lesson, src / lesson.name)
        print(f"staged {lesson.name}: {made} interactive chart(s)", flush=True)
    (src / "index.md").write_text(home_page(lessons), encoding="utf-8")
    (src / "glossary.md").write_text(glossary_page(), encoding="utf-8")
    chapters = "\n".join(f"- file: {p.stem}" for p in lessons)
    (src / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{chapters}\n- file: glossary\n")
    (src / "_config.yml").write_text(book_config(), encoding="utf-8")
    # Wrapped in a function so that the bundle's top-level names do not clash with the theme's.
    vega = vl_convert.javascript_bundle()
    (static / "vega-bundle.js").write_text(f"(function () {{\n{vega}\n}})();\n", encoding="utf-8")
    (static / "favicon.svg").write_text(FAVICON, encoding="utf-8")
    (static / "o2o-charts.js").write_text(EMBED_JS, encoding="utf-8")
    (static / "o2o-charts.css").write_text(CHART_CSS, encoding="utf-8")
    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(mathjax, static / "mathjax")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "site")
    args = parser.parse_args(argv)
    src = ROOT / "_build" / "site_src"
    stage(src)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jupyter_book), "config", "sphinx", str(src)], check=True, capture_output=True)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF_PATCH)
    out = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    build = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
                            str(src), str(out)], check=False)
    if build.returncode != 0:
        return build.returncode
    print(f"site written to {out}; open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
