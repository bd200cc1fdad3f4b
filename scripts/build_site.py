"""Build the lessons as a static HTML site that stays interactive with no kernel.

    python scripts/build_site.py [--out _build/site]

Cell tags the build reads (JupyterLab: the property inspector, the gear at the right):

``notebook-only``
    The cell is left out of the site: text or code that needs a kernel or a widget
    ("run the cell (Shift+Enter)", "press Reset on the panel", "choose the cinema preset").
``site-only``
    A markdown cell shown on the site only, say "Move the sliders under the chart".
    Wrap its whole text in an HTML comment (``<!-- ... -->``) so JupyterLab shows
    nothing; the build unwraps it.

Jupyter Book's own tags (``remove-cell``, ``remove-input``, ``hide-input``) work as usual.

Works offline. Steps:

1. Stage a Jupyter Book (version 1, Sphinx) in ``_build/site_src``: a home page, the
   lessons, and a glossary page from ``data/glossary.csv``. In each lesson, drop the
   ``notebook-only`` cells and the ``# NBVAL_...`` markers, and replace every panel's
   output (a widget no static page can run) by a chart that runs in the browser: where
   the lesson module lists a site chart for that panel in ``SITE_CHARTS``, the model's
   results with Vega sliders (`o2o_models.interactive.gridchart`); otherwise the panel's stored
   chart with its tooltips (`site_charts`).
2. Run Sphinx, typesetting the maths as SVG (`site_maths`).
3. Finish the pages (`site_pages`): Vega only where a chart is drawn, no Font Awesome
   script, Chinese text tagged ``lang="zh"``, the theme's accessibility gaps closed,
   and nothing published that no page loads (build caches, sources, source maps).

Launch buttons (Binder) appear when ``O2O_REPOSITORY_URL`` names the public repository.
"""

from __future__ import annotations

import argparse
import base64
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import nbformat
import vl_convert

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(ROOT))

from site_charts import chart_html  # noqa: E402
from site_pages import finish, report  # noqa: E402

from o2o_models.glossary import load_glossary  # noqa: E402
from o2o_models.interactive.livechart import VEGALITE_MIME, static_bundle  # noqa: E402

NOTEBOOK_ONLY = "notebook-only"
SITE_ONLY = "site-only"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PANEL_CALL = re.compile(r"^\s*lesson\.(\w+)\(", re.MULTILINE)
LESSON_IMPORT = re.compile(r"from o2o_models\.lessons import (\w+) as lesson")
NBVAL_MARKER = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[ \t]*(?:\n|$)", re.MULTILINE)
HTML_COMMENT = re.compile(r"\A\s*<!--(.*)-->\s*\Z", re.DOTALL)
ASSETS = SCRIPTS / "site"


class Charts:
    """Writes each chart's fallback PNG into the staged assets and returns the chart's HTML output."""

    def __init__(self, assets: Path, stem: str) -> None:
        self.folder = assets / "charts"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.stem = stem
        self.count = 0

    def output(self, spec: dict, png_base64: str, width: int, interactive: bool) -> nbformat.NotebookNode:
        self.count += 1
        name = f"{self.stem}-{self.count}.png"
        (self.folder / name).write_bytes(base64.b64decode(png_base64))
        box = chart_html(spec, f"_static/charts/{name}", width, interactive)
        return nbformat.v4.new_output("display_data", data={"text/html": box})


def site_cell(cell: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """The cell as the site shows it: None for notebook-only cells, site-only text unwrapped, no nbval markers."""
    tags = cell.get("metadata", {}).get("tags", [])
    if NOTEBOOK_ONLY in tags:
        return None
    if SITE_ONLY in tags and cell.cell_type == "markdown":
        hidden = HTML_COMMENT.match(cell.source)
        if hidden:
            cell.source = hidden.group(1).strip()
    if cell.cell_type == "code":
        cell.source = NBVAL_MARKER.sub("", cell.source)
    return cell


def stage_notebook(source: Path, target: Path, assets: Path) -> int:
    """Copy a lesson as the site shows it; return the interactive charts made."""
    notebook = nbformat.read(source, as_version=4)
    charts = Charts(assets, source.stem)
    module = None
    interactive = 0
    cells = []
    for cell in notebook.cells:
        found = LESSON_IMPORT.search(cell.source) if cell.cell_type == "code" else None
        if found:  # before the tags: a notebook-only cell may still import the lesson
            module = importlib.import_module(f"o2o_models.lessons.{found.group(1)}")
        cell = site_cell(cell)
        if cell is None:
            continue
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VEGALITE_MIME not in data:
                if WIDGET_MIME not in data:  # a widget with no static face shows nothing without a kernel
                    outputs.append(output)
                continue
            call = PANEL_CALL.search(cell.source)
            site_charts = getattr(module, "SITE_CHARTS", {}) if module else {}
            if call and call.group(1) in site_charts:
                bundle, metadata = static_bundle(site_charts[call.group(1)]())
                outputs.append(
                    charts.output(
                        bundle[VEGALITE_MIME],
                        bundle["image/png"],
                        metadata["image/png"]["width"],
                        interactive=True,
                    )
                )
                interactive += 1
            else:
                width = output.get("metadata", {}).get("image/png", {}).get("width", 600)
                outputs.append(charts.output(data[VEGALITE_MIME], data["image/png"], width, interactive=False))
        cell.outputs = outputs
    notebook.cells = cells
    nbformat.write(notebook, target)
    return interactive


def glossary_page() -> str:
    rows = "\n".join(f"| {r.term_zh} | {r.pinyin} | {r.term_en} | {r.meaning} |" for r in load_glossary().itertuples())
    return (
        "# Glossary 词汇表\n\nEvery Chinese term the lessons use, with its pinyin, English and meaning.\n\n"
        "| 中文 | pinyin | English | meaning |\n| --- | --- | --- | --- |\n" + rows + "\n"
    )


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
        if repository
        else "launch_buttons:\n  thebe: false\n"
    )
    return f"""title: "O2O Three Legs 三条腿"
author: O2O Three Legs contributors
only_build_toc_files: true
execute:
  execute_notebooks: "off"
{launch}sphinx:
  config:
    nb_mime_priority_overrides: [["html", "{WIDGET_MIME}", null]]
"""


CONF_PATCH = f"""
# Added by scripts/build_site.py: nothing outside the site, no kernel launcher, maths as SVG.
# Jupyter Book would load every script under _static, so our files live in assets/.
import sys
sys.path.insert(0, {str(SCRIPTS)!r})
extensions = [name for name in extensions if name != "sphinx_thebe"] + ["site_maths"]
html_math_renderer = "o2o_svg"
html_static_path = ["assets"]
html_js_files = []
html_css_files = ["o2o-site.css"]
html_favicon = "assets/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {{**globals().get("html_theme_options", {{}}), "use_download_button": False}}
html_context = {{**globals().get("html_context", {{}}), "default_mode": "light"}}
# "JD.com" is a name, not a link: only addresses with a scheme (https://...) become links.
myst_linkify_fuzzy_links = False
"""


def stage(src: Path) -> None:
    # A site chart's grid is bounded by o2o_models.interactive.gridchart.MAX_GRID_ROWS, not by Altair's 5,000 rows.
    alt.data_transformers.disable_max_rows()
    if src.exists():
        shutil.rmtree(src)
    assets = src / "assets"
    assets.mkdir(parents=True)
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for lesson in lessons:
        made = stage_notebook(lesson, src / lesson.name, assets)
        print(f"staged {lesson.name}: {made} interactive chart(s)", flush=True)
    (src / "index.md").write_text(home_page(lessons), encoding="utf-8")
    (src / "glossary.md").write_text(glossary_page(), encoding="utf-8")
    chapters = "\n".join(f"- file: {p.stem}" for p in lessons)
    (src / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{chapters}\n- file: glossary\n")
    (src / "_config.yml").write_text(book_config(), encoding="utf-8")
    for asset in ASSETS.iterdir():
        shutil.copy(asset, assets / asset.name)
    # Vega-Embed with Vega (and Vega-Lite, which the bundle cannot leave out); each chart is
    # compiled to Vega when the site is built. Wrapped in a function so that the bundle's
    # top-level names do not clash with the theme's.
    vega = vl_convert.javascript_bundle()
    (assets / "o2o-vega.js").write_text(f"(function () {{\n{vega}\n}})();\n", encoding="utf-8")


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
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-W",
            "--keep-going",
            "-q",
            "-d",
            str(src / ".doctrees"),
            str(src),
            str(out),
        ],
        check=False,
    )
    if build.returncode != 0:
        return build.returncode
    print("page sizes:", report(finish(out)))
    print(f"site written to {out}; open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
