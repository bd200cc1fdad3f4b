"""Build the lessons as a static HTML site that stays interactive with no kernel.

    python scripts/build_site.py [--out _build/site]

The build reads the lessons' markup (`o2o_models.lessons.markup`): cells tagged
``notebook-only`` are left out (text or code that needs a kernel or a widget: "run the cell
(Shift+Enter)", "press Reset on the panel"); cells tagged ``site-only`` are shown, unwrapped
from the comment that hides them in the notebook; a cell marked ``o2o: {panel: NAME}`` shows
the panel ``NAME`` of the lesson module the notebook declares.

Jupyter Book's own tags (``remove-cell``, ``remove-input``, ``hide-input``) work as usual.

Works offline. Steps:

1. Stage a Jupyter Book (version 1, Sphinx) in ``_build/site_src``: a home page, the
   lessons, and a glossary page from ``data/glossary.csv``. In each lesson, drop the
   ``notebook-only`` cells, and replace every panel's
   output (a widget no static page can run) by a chart that runs in the browser: where
   the lesson module lists a site chart for that panel in ``SITE_CHARTS``, the model's
   results with Vega sliders (`o2o_models.interactive.gridchart`); otherwise the panel's stored
   chart with its tooltips (`site_charts`). Each number or choice exercise's ``lesson.check``
   cell (which needs a kernel) gives way to a box that checks an answer in the page with the
   notebook's feedback (`o2o_models.lessons.pagecheck`, ``site/o2o-check.js``). The glossary page
   lists each term with its meaning under it.
2. Run Sphinx, typesetting the maths as SVG (`site_maths`).
3. Finish the pages (`site_pages`): Vega only where a chart is drawn, no Font Awesome
   script, Chinese text tagged ``lang="zh"``, the theme's accessibility gaps closed,
   and nothing published that no page loads (build caches, sources, source maps).

Two editions (`site_editions`): the English at the site's root, from ``notebooks/NN_name.ipynb``,
and the Chinese under ``zh/``, from each lesson's Chinese notebook (``notebooks/zh/NN_name.ipynb``;
``--zh-lessons`` names another folder, a translator's draft), with its own front page (from
``README.zh.md``), glossary and search. The Chinese edition is staged in Chinese (`o2o_models.text`:
``language("zh")``): its site charts, their summary lines, its self-checks and every text this
script writes come from the same message catalogue as the notebooks', and its Sphinx build has
``language = "zh_CN"`` (the theme's own words in Chinese) and Chinese search, which splits
Chinese phrases into words with jieba (the glossary's terms are its extra dictionary). The
English edition's search splits its Chinese words the same way.

Launch buttons (Binder) appear when ``O2O_REPOSITORY_URL`` names the public repository.

Past the house length of about 300 lines: staging holds the pages the site adds around the lessons
(front page, glossary, self-check boxes, the download line) and both editions' configuration in one
place, so that a reader of one step sees the others it depends on.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import nbformat
import vl_convert
import yaml

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(ROOT))

from site_charts import chart_html  # noqa: E402
from site_editions import ZH  # noqa: E402
from site_pages import finish, report  # noqa: E402

from o2o_models.glossary import MEANINGS, load_glossary  # noqa: E402
from o2o_models.interactive.livechart import VEGALITE_MIME, static_bundle  # noqa: E402
from o2o_models.lessons import markup  # noqa: E402
from o2o_models.lessons.pagecheck import checking_data  # noqa: E402
from o2o_models.text import N_, _, language, language_in_use  # noqa: E402
from o2o_models.workshop.classroom import student_copy  # noqa: E402

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ASSETS = SCRIPTS / "site"
DOWNLOADS = "downloads"
"""Beside the staged lessons: each lesson as a notebook without its worked solutions (Sphinx's download role
publishes it under ``_downloads/``)."""
BOOK = ASSETS / "book"
READMES = {"en": ROOT / "README.md", ZH: ROOT / "README.zh.md"}
START_HERE = {"en": "## Start here", ZH: "## 从这里开始"}
"""Where each README's introduction, which opens the front page, ends."""
BOOK_TEXTS = (
    N_("O2O Three Legs 三条腿"),
    N_("O2O Three Legs contributors"),
    N_("2026 O2O Three Legs contributors, code MIT"),
)
"""The title, author and footer of ``site/book/_config.yml``, marked as messages (`book_config` translates them)."""
SCROLL_CUE = N_("scroll →")
"""The cue on a box that scrolls sideways (o2o-site.css), in the edition's language."""


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
    """The cell as the site shows it: None for notebook-only cells, site-only text unwrapped."""
    if markup.has_tag(cell, markup.NOTEBOOK_ONLY):
        return None
    if cell.cell_type == "markdown":
        cell.source = markup.site_text(cell)
    return cell


ARTICLE_URL = "https://www.huxiu.com/article/36568"


def take_it_with_you(stem: str) -> nbformat.NotebookNode:
    """The line under a lesson's title: its notebook to download (no worked solutions), the article, the repository."""
    repository = os.environ.get("O2O_REPOSITORY_URL", "")
    link = _("download it as a notebook")
    notebook = f"{{download}}`{link} <{DOWNLOADS}/{stem}.ipynb>`"
    text = _(
        "**Take this lesson with you:** {notebook} (without the worked solutions or outputs) and run it in "
        "JupyterLab, where its panels and self-checks work; it needs the `o2o_models` package (the collection's "
        "README: `make lab`). The article: {article}."
    ).format(notebook=notebook, article=f"[谌基平, 虎嗅 huxiu.com, 2014]({ARTICLE_URL})")
    if repository:
        text += " " + _("The collection's source: {repository}.").format(repository=f"[{repository}]({repository})")
    return nbformat.v4.new_markdown_cell(text, id="take-it-with-you")


CHECK_CALL = re.compile(r"\blesson\.check\(\s*(\d+)\s*,")
CHECK_NOTE = (
    "Checked in your browser with the notebook's own feedback. The page's source holds the answer it checks "
    "against: answer first, then look if you wish."
)


def check_cell(number: int, data: dict) -> nbformat.NotebookNode:
    """The page's self-check of exercise ``number``: a box, a Check button and the feedback (o2o-check.js).

    A code cell with no input shown, whose output is the form; it takes the place of the notebook's
    ``lesson.check(number, answer)`` cell, which needs a kernel.
    """
    if data["kind"] == "choice":
        asked = _("Your choice (its letter or number) to exercise {number}:").format(number=number)
    else:
        asked = _("Your answer to exercise {number}:").format(number=number)
    button = _("Check")
    data = {**data, "again": _("Try again.")}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    box = (
        f'<form class="o2o-check" data-exercise="{number}" hidden>'
        f'<label>{asked} <input type="text" autocomplete="off" spellcheck="false"></label> '
        f'<button type="submit">{button}</button>'
        '<p class="o2o-check-feedback" role="status" aria-live="polite"></p>'
        f'<p class="o2o-check-note">{_(CHECK_NOTE)}</p>'
        f'<script type="application/json" class="o2o-check-data">{payload}</script></form>'
    )
    output = nbformat.v4.new_output("display_data", data={"text/html": box})
    return nbformat.v4.new_code_cell(
        f"# the page's self-check of exercise {number}",
        outputs=[output],
        metadata={"tags": ["remove-input"]},
        id=f"check-{number}",
    )


def _without_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A notebook to run, not to read: its code cells' outputs cleared (the page shows them)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook


LESSON_LINK = re.compile(r"\[([^\]]+)\]\(([0-9][0-9]_\w+)\.ipynb(#[^)\s]*)?\)")


def link_other_edition(markdown: str, missing: set[str]) -> str:
    """Links to the lessons in ``missing`` (not in this edition) lead to their English pages, marked as English."""

    def english(link: re.Match) -> str:
        text, stem, anchor = link.group(1), link.group(2), link.group(3) or ""
        return f'<a href="../{stem}.html{anchor}" hreflang="en">{text}</a>' if stem in missing else link.group(0)

    return LESSON_LINK.sub(english, markdown)


def stage_notebook(source: Path, target: Path, assets: Path, missing: set[str] = frozenset()) -> int:
    """Copy a lesson as the site shows it, with its solution-free download; return the interactive charts made.

    ``missing``: the lessons (by file stem) that this edition has not, whose links lead to their English pages.
    """
    notebook = nbformat.read(source, as_version=4)
    downloads = target.parent / DOWNLOADS
    downloads.mkdir(parents=True, exist_ok=True)
    nbformat.write(_without_outputs(student_copy(notebook)), downloads / source.name)
    charts = Charts(assets, source.stem)
    module = markup.lesson_module(notebook)
    site_charts = getattr(module, "SITE_CHARTS", {})
    checks = checking_data(module.WORKBOOK) if hasattr(module, "WORKBOOK") else {}
    interactive = 0
    cells = []
    for cell in notebook.cells:
        called = CHECK_CALL.search(cell.source) if cell.cell_type == "code" else None
        if called and int(called.group(1)) in checks:  # the notebook's check cell needs a kernel: the page's box
            cells.append(check_cell(int(called.group(1)), checks[int(called.group(1))]))
        cell = site_cell(cell)
        if cell is None:
            continue
        if cell.cell_type == "markdown" and missing:
            cell.source = link_other_edition(cell.source, missing)
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
            panel = markup.panel(cell)
            if panel in site_charts:
                bundle, metadata = static_bundle(site_charts[panel]())
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
    notebook.cells = cells[:1] + [take_it_with_you(source.stem)] + cells[1:]
    nbformat.write(notebook, target)
    return interactive


def glossary_page() -> str:
    """The glossary as a list of terms, each followed by its meaning in the edition's language (`MEANINGS`):
    readable on a phone as on a desk."""
    meaning = MEANINGS.get(language_in_use(), "meaning")
    entries = "\n".join(
        f'<dt id="term-{index}">{html.escape(r.term_zh)} <span class="o2o-pinyin">{html.escape(r.pinyin)}</span>'
        f" · {html.escape(r.term_en)}</dt>\n<dd>{html.escape(getattr(r, meaning))}</dd>"
        for index, r in enumerate(load_glossary().itertuples(), start=1)
    )
    heading = _("Glossary 术语表")
    intro = _("Every Chinese term the lessons use, with its pinyin, English and meaning.")
    return f'# {heading}\n\n{intro}\n\n<dl class="o2o-glossary-list">\n{entries}\n</dl>\n'


def home_page(code: str, lessons: list[Path], english: list[Path]) -> str:
    """The edition's front page: its README's introduction, then every lesson, in the edition's language if it has it.

    A lesson with no Chinese edition yet is listed on the Chinese front page too, linked to its English page.
    """
    readme = READMES[code].read_text(encoding="utf-8")
    # the README's line that leads to the other README gives way to the site's own language switch
    intro = "\n".join(line for line in readme.split(START_HERE[code])[0].splitlines() if "](README" not in line)
    translated = {p.name: p for p in lessons}
    links = []
    for path in english:
        if path.name in translated:
            links.append(f"- [{_title(translated[path.name])}]({path.stem}.ipynb)")
        else:  # only on the Chinese front page: the English page, said to be English
            note = _("(in English: no Chinese edition yet)")
            links.append(f'- <a href="../{path.stem}.html" hreflang="en">{_title(path)}</a> {note}')
    heading, glossary = _("The lessons"), _("Glossary 术语表")
    return f"{intro}\n## {heading}\n\n" + "\n".join(links) + f"\n- [{glossary}](glossary.md)\n"


def _title(path: Path) -> str:
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def search_dictionary() -> str:
    """jieba's extra dictionary for the search index: each glossary term, so that search finds it as one word."""
    return "".join(f"{term} 1000\n" for term in load_glossary()["term_zh"] if not term.isascii())


def book_config(code: str) -> str:
    """``site/book/_config.yml`` for the edition ``code``, with the repository and its Binder launch buttons when
    O2O_REPOSITORY_URL names it; the Chinese edition's title, author and footer in Chinese, its Sphinx in zh_CN."""
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    repository = os.environ.get("O2O_REPOSITORY_URL", "")
    if repository:
        config["repository"] = {"url": repository, "branch": "main"}
        config["launch_buttons"].update(binderhub_url="https://mybinder.org", notebook_interface="jupyterlab")
    for field in ("title", "author", "copyright"):
        config[field] = _(config[field])
    sphinx = config["sphinx"]["config"]
    sphinx["html_search_language"] = "zh"
    if code == ZH:
        sphinx["language"] = "zh_CN"
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def stage(src: Path, code: str, lessons: list[Path], english: list[Path]) -> None:
    """Stage the edition ``code`` ("en" or "zh") of the site in ``src``, with its texts in its language."""
    # A site chart's grid is bounded by o2o_models.interactive.gridchart.MAX_GRID_ROWS, not by Altair's 5,000 rows.
    alt.data_transformers.disable_max_rows()
    if src.exists():
        shutil.rmtree(src)
    assets = src / "assets"
    assets.mkdir(parents=True)
    for lesson in lessons:
        missing = {p.stem for p in english} - {p.stem for p in lessons}
        made = stage_notebook(lesson, src / lesson.name, assets, missing)
        print(f"staged {code}/{lesson.name}: {made} interactive chart(s)", flush=True)
    (src / "index.md").write_text(home_page(code, lessons, english), encoding="utf-8")
    (src / "glossary.md").write_text(glossary_page(), encoding="utf-8")
    (src / "search-words.txt").write_text(search_dictionary(), encoding="utf-8")
    chapters = "\n".join(f"- file: {p.stem}" for p in lessons)
    (src / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{chapters}\n- file: glossary\n")
    (src / "_config.yml").write_text(book_config(code), encoding="utf-8")
    for asset in ASSETS.iterdir():
        if asset.is_file():
            shutil.copy(asset, assets / asset.name)
    styles = assets / "o2o-site.css"
    styles.write_text(
        styles.read_text(encoding="utf-8").replace('"scroll →"', json.dumps(_(SCROLL_CUE), ensure_ascii=False)),
        encoding="utf-8",
    )
    # Vega-Embed with Vega (and Vega-Lite, which the bundle cannot leave out); each chart is
    # compiled to Vega when the site is built. Wrapped in a function so that the bundle's
    # top-level names do not clash with the theme's.
    vega = vl_convert.javascript_bundle()
    (assets / "o2o-vega.js").write_text(f"(function () {{\n{vega}\n}})();\n", encoding="utf-8")


def sphinx_build(src: Path, out: Path) -> int:
    """Jupyter Book's Sphinx configuration for ``src`` with ours added, then Sphinx's HTML build into ``out``."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jupyter_book), "config", "sphinx", str(src)], check=True, capture_output=True)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\n" + (BOOK / "conf.py").read_text(encoding="utf-8"))
        # jieba's dictionary by its full path: Sphinx opens it from the folder it was started in
        conf.write(f"html_search_options = {{'dict': {str(src / 'search-words.txt')!r}}}\n")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q"]
        + ["-d", str(src / ".doctrees"), str(src), str(out)],
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SCRIPTS), os.environ.get("PYTHONPATH")]))},
    ).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "site")
    parser.add_argument(
        "--zh-lessons", type=Path, default=ROOT / "notebooks" / ZH, help="the Chinese lessons' notebooks' folder"
    )
    args = parser.parse_args(argv)
    english = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    chinese = sorted(p for p in args.zh_lessons.glob("[0-9][0-9]_*.ipynb") if (ROOT / "notebooks" / p.name).is_file())
    out = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    editions = [("en", english, out)] + ([(ZH, chinese, out / ZH)] if chinese else [])
    for code, lessons, folder in editions:
        language(code)
        try:
            src = ROOT / "_build" / ("site_src" if code == "en" else f"site_src_{code}")
            stage(src, code, lessons, english)
            failed = sphinx_build(src, folder)
        finally:
            language("en")
        if failed:
            return failed
    print("page sizes:", report(finish(out)))
    print(f"site written to {out}; open {out / 'index.html'} (the Chinese edition: {out / ZH / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
