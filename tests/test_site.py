"""The rendered site as a reader sees it, in a real browser, at a desktop's and a phone's width.

Builds the site with the README's command into a temporary folder, serves it on
127.0.0.1 and drives Debian's Chromium headless with Playwright. Each page is opened
once per width and measured: formulas typeset or left as raw TeX, the page's width,
each chart's accessible name, the bytes it loads, console errors, requests that leave
the site, and axe-core's verdict (axe-core comes from the npm registry, installed by
the set-up into a cache folder). Screenshots of every page at both widths go to
``artifacts/site/`` for a person to look at.

The site has two editions (`scripts/site_editions.py`): the English at the root and the Chinese
under ``zh/``, a page of every lesson whose Chinese notebook exists (``notebooks/zh/``, or the
folder ``O2O_SITE_ZH_LESSONS`` names: a translator's draft). Every check of a page runs on the
pages of both; the Chinese pages are also checked for their language (``lang``, ``hreflang``,
the switch between editions, the theme's words, the search that finds words inside Chinese phrases).

Nothing here names a lesson's text or numbers: the pages, the cells tagged
``notebook-only`` or ``site-only`` (`o2o_models.lessons.markup`) and the panels come from
the notebooks and the lesson modules as they are.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from o2o_models.lessons import markup

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "site"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LESSONS = [p.stem for p in NOTEBOOKS]
ZH_FOLDER = Path(os.environ.get("O2O_SITE_ZH_LESSONS") or ROOT / "notebooks" / "zh")
ZH_NOTEBOOKS = sorted(p for p in ZH_FOLDER.glob("[0-9][0-9]_*.ipynb") if p.stem in LESSONS)
ZH_LESSONS = [f"zh/{p.stem}" for p in ZH_NOTEBOOKS]
"""The Chinese edition's lesson pages, by their path under the site's root less ``.html``."""
ENGLISH_PAGES = ["index", *LESSONS, "glossary", "search"]
ZH_PAGES = ["zh/index", *ZH_LESSONS, "zh/glossary", "zh/search"] if ZH_LESSONS else []
PAGES = [*ENGLISH_PAGES, *ZH_PAGES]
ALL_LESSONS = [*LESSONS, *ZH_LESSONS]
CJK = re.compile(r"[\u4e00-\u9fff]")
WIDTHS = (1400, 390)
MAX_PAGE_BYTES = 2_500_000 * 0.9  # "under 2.5 MB", with room for the charts to grow a little
MAX_SITE_BYTES = 10_000_000
"""Each edition's folder (the Chinese edition loads the files both share from the English one's)."""
NPM_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "o2o-npm"
AXE = NPM_CACHE / "node_modules" / "axe-core" / "axe.min.js"
LEVERS = ("rebate", "trust", "traffic")
"""The three levers the lessons are about: a panel's slider for one of them is a slider on the site too."""

sys.path.insert(0, str(ROOT / "scripts"))
from site_editions import NO_CHINESE_EDITION, translator  # noqa: E402
from site_pages import THEME_TEXTS  # noqa: E402


def _notebook(lesson: str) -> Path:
    """The notebook a lesson page (``01_...`` or ``zh/01_...``) was built from."""
    return ZH_FOLDER / f"{lesson[3:]}.ipynb" if lesson.startswith("zh/") else ROOT / "notebooks" / f"{lesson}.ipynb"


def _words(text: str) -> int:
    """How many words ``text`` has: its words between spaces, and a word for every two Chinese characters."""
    return len(CJK.sub(" ", text).split()) + len(CJK.findall(text)) // 2


if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs Debian's chromium for the browser tests: .ci/run installs it with apt-get")
    pytest.skip(
        "no /usr/bin/chromium here (apt-get install chromium) to run the browser tests",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api")

MEASURE = r"""() => {
  const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;
  const COMMANDS = "frac|sum|begin|end|text|mathrm|tag|qquad|times|approx|left|right";
  const TEX = new RegExp(String.raw`\\\(|\\\[|\$\$|\\(?:${COMMANDS})\b|\$[^$\s][^$\n]{0,80}\$`);
  const SKIP = "script, style, noscript, textarea, pre, code, .o2o-chart-spec";
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && !node.parentElement.closest(SKIP)) { texts.push(node); }
  }
  const maths = [...document.querySelectorAll(".math")];
  const charts = [...document.querySelectorAll("figure.o2o-chart")];
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    viewport: window.innerWidth,
    rawTex: texts.map(n => n.textContent).filter(t => TEX.test(t)).slice(0, 5),
    formulas: maths.length,
    typeset: maths.filter(m => m.querySelector("svg, mjx-container, .katex")).length,
    unnamedFormulas: maths
      .filter(m => !(m.querySelector("svg") || {getAttribute: () => ""}).getAttribute("aria-label")).length,
    notChinese: texts.filter(n => CJK.test(n.textContent))
      .filter(n => !((n.parentElement.closest("[lang]") || {getAttribute: () => ""}).getAttribute("lang") || "")
        .startsWith("zh"))
      .map(n => n.textContent.trim().slice(0, 40)).slice(0, 5),
    charts: charts.map(box => {
      const view = box.querySelector(".o2o-chart-view");
      return {
        drawn: box.classList.contains("o2o-drawn"), failed: box.classList.contains("o2o-failed"),
        interactive: box.classList.contains("o2o-interactive"),
        role: view.getAttribute("role"), name: view.getAttribute("aria-label") || "",
        fallback: box.dataset.fallback,
        width: view.getBoundingClientRect().width, boxWidth: box.parentElement.getBoundingClientRect().width,
        svgWidth: view.querySelector("svg") ? view.querySelector("svg").getBoundingClientRect().width : 0,
        sliders: [...box.querySelectorAll("input[type=range]")].map(i => i.closest("label").textContent.trim()),
        summary: (box.querySelector(".o2o-summary") || {textContent: ""}).textContent.trim(),
        outside: (() => {
          const frame = view.getBoundingClientRect();
          return [...view.querySelectorAll("svg text, svg path, svg rect, svg line")]
            .filter(mark => { const r = mark.getBoundingClientRect(); return r.width > 0 || r.height > 0; })
            .filter(mark => { const r = mark.getBoundingClientRect();
              return r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1
                || r.bottom > frame.bottom + 1; })
            .map(mark => `${mark.tagName} ${(mark.textContent || "").slice(0, 30)}`).slice(0, 5);
        })(),
        cut: [...view.querySelectorAll("svg text")].map(t => t.textContent).filter(t => t.endsWith("…")).slice(0, 5),
      };
    }),
    deadControls: [...document.querySelectorAll("article input, article select, article textarea")]
      .filter(el => !el.closest("figure.o2o-chart, form.o2o-check")).length,
    text: document.body.innerText,
    searchBoxes: [...document.querySelectorAll(".search-button__button")]
      .filter(b => b.getBoundingClientRect().width > 0 && getComputedStyle(b).visibility !== "hidden").length,
    uncuedScrollers: [...document.querySelectorAll("div.highlight > pre, .cell_output .output, div.math")]
      .filter(el => el.scrollWidth > el.clientWidth + 1 && !el.parentElement.classList.contains("o2o-scrolls"))
      .map(el => el.textContent.trim().slice(0, 30)).slice(0, 5),
    cuesOverContent: [...document.querySelectorAll(".o2o-scrolls:not(.o2o-scrolled)")].filter(box => {
        const cue = getComputedStyle(box, "::after"), strip = parseFloat(getComputedStyle(box).paddingBottom);
        return parseFloat(cue.bottom) + parseFloat(cue.lineHeight) > strip + 0.5;
      }).map(box => box.textContent.trim().slice(0, 30)).slice(0, 5),
    labelsTaggedWhole: [...document.querySelectorAll(".vega-bind-name")].filter(l => l.hasAttribute("lang")).length,
    smallSliders: [...document.querySelectorAll("input[type=range]")]
      .filter(i => i.getBoundingClientRect().height < 24).length,
    narrowPageLinks: [...document.querySelectorAll(".prev-next-area a")]
      .filter(link => link.getBoundingClientRect().width < 0.9 * link.parentElement.getBoundingClientRect().width)
      .map(link => link.textContent.trim().replace(/\s+/g, " ").slice(0, 40)),
    squashedIcons: [...document.querySelectorAll(".fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands")]
      .filter(icon => { const r = icon.getBoundingClientRect(); return r.height > 0 && r.width < 0.2 * r.height; })
      .map(icon => icon.className).slice(0, 5),
    searchIconOverText: [...document.querySelectorAll("form.bd-search")]
      .filter(form => form.getBoundingClientRect().width > 0).filter(form => {
        const field = form.querySelector("input"), icon = form.querySelector("i");
        return icon && icon.getBoundingClientRect().right
          > field.getBoundingClientRect().left + parseFloat(getComputedStyle(field).paddingLeft);
      }).length,
    crampedFolds: [...document.querySelectorAll(".bd-article details")]
      .filter(fold => fold.nextElementSibling && fold.nextElementSibling.getBoundingClientRect().top
        - fold.getBoundingClientRect().bottom < 8)
      .map(fold => fold.querySelector("summary").textContent.trim().slice(0, 40)).slice(0, 5),
    strandedMarks: [...document.querySelectorAll("span.o2o-inline-math")].flatMap(formula => {
      const box = formula.getBoundingClientRect(), found = [];
      const spoken = (formula.querySelector("svg") || formula).getAttribute("aria-label") || "";
      const mark = (node, at) => { const range = document.createRange(); range.setStart(node, at);
        range.setEnd(node, at + 1); return range.getBoundingClientRect(); };
      const after = formula.nextSibling, before = formula.previousSibling;
      if (after && after.nodeType === 3 && /^[.,;:!?)\]，。；：！？）、]/.test(after.textContent)
          && mark(after, 0).top >= box.bottom - 1) { found.push(`${spoken} ${after.textContent[0]}`); }
      if (before && before.nodeType === 3 && /[(\[（]$/.test(before.textContent)
          && mark(before, before.textContent.length - 1).bottom <= box.top + 1) {
        found.push(`${before.textContent.slice(-1)} ${spoken}`);
      }
      return found;
    }).slice(0, 5),
    squeezedCells: [...document.querySelectorAll(".cell_output table:not(.o2o-glossary) td")].filter(cell => {
      if (!cell.textContent.trim()) { return false; }
      const line = document.createElement("span");
      line.style.whiteSpace = "nowrap";
      line.textContent = cell.textContent.trim();
      cell.append(line);
      const oneLine = line.getBoundingClientRect();
      line.remove();
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = cell.querySelectorAll("br").length + 1;  // a model's name under its meaning: two lines
      return range.getBoundingClientRect().height > (lines + 0.5) * oneLine.height
        && oneLine.width <= 14 * parseFloat(getComputedStyle(cell).fontSize);
    }).map(cell => cell.textContent.trim().slice(0, 30)).slice(0, 5),
  };
}"""


@dataclass
class Visit:
    """What one page showed at one width."""

    page: str
    width: int
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    bytes: int = 0
    measures: dict = field(default_factory=dict)
    aria: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(out), "--zh-lessons", str(ZH_FOLDER)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def axe_core() -> Path:
    """axe-core 4 from the npm registry, installed once into the user's cache folder."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI") == "true":
                raise RuntimeError("CI needs npm to install axe-core for the accessibility tests")
            pytest.skip("no npm here to install axe-core")
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(NPM_CACHE), "--no-audit", "--no-fund", "axe-core@4"],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return AXE


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _open(browser, base_url: str, page_name: str, width: int, visit: Visit, javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.on("console", lambda message: visit.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.on(
        "requestfailed",
        lambda request: (
            visit.errors.append(f"failed: {request.url}") if javascript or request.resource_type != "script" else None
        ),
    )  # no JavaScript: scripts are not fetched
    page.on(
        "response",
        lambda response: (
            visit.errors.append(f"HTTP {response.status} {response.url}") if response.status >= 400 else None
        ),
    )

    def finished(request) -> None:
        visit.requested.append(request.url)

    page.on("requestfinished", finished)
    page.on(
        "request",
        lambda request: (
            visit.outside.append(request.url)
            if not request.url.startswith((base_url, "data:", "blob:", "about:"))
            else None
        ),
    )
    page.goto(f"{base_url}/{page_name}.html", wait_until="networkidle")
    return context, page


@pytest.fixture(scope="session")
def visits(browser, base_url: str, axe_core: Path) -> Iterator[callable]:
    """``visit(page, width)``: the page opened once at that width and measured (cached)."""
    seen: dict[tuple[str, int], Visit] = {}
    (ARTIFACTS / "zh").mkdir(parents=True, exist_ok=True)

    def visit(page_name: str, width: int) -> Visit:
        if (page_name, width) in seen:
            return seen[page_name, width]
        result = Visit(page_name, width)
        context, page = _open(browser, base_url, page_name, width, result)
        page.wait_for_function(
            "() => [...document.querySelectorAll('figure.o2o-chart')]"
            ".every(box => box.matches('.o2o-drawn, .o2o-failed'))",
            timeout=30_000,
        )
        page.wait_for_load_state("networkidle")
        result.measures = page.evaluate(MEASURE)
        # every byte the page loaded, from the browser's own record (a cached file counts too)
        result.bytes = page.evaluate(
            "() => [...performance.getEntriesByType('navigation'), "
            "...performance.getEntriesByType('resource')]"
            ".reduce((sum, entry) => sum + entry.decodedBodySize, 0)"
        )
        result.aria = [box.aria_snapshot() for box in page.locator("figure.o2o-chart").all()]
        page.screenshot(path=str(ARTIFACTS / f"{page_name}-{width}.png"), full_page=True)
        page.add_script_tag(path=str(axe_core))
        axe = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help, "
            "targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
        )
        result.violations = axe
        (ARTIFACTS / f"{page_name}-{width}-axe.json").write_text(json.dumps(axe, indent=1), encoding="utf-8")
        context.close()
        seen[page_name, width] = result
        return result

    yield visit
    weights = {f"{name}@{width}": f"{v.bytes / 1e6:.2f} MB" for (name, width), v in sorted(seen.items())}
    (ARTIFACTS / "weights.json").write_text(json.dumps(weights, indent=1), encoding="utf-8")


@pytest.fixture(scope="session")
def built_pages(site: Path) -> dict[str, str]:
    """Every page of both editions by its path under the site's root less ``.html`` ("01_...", "zh/01_...")."""
    return {
        p.relative_to(site).with_suffix("").as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*.html")
        if "_static" not in p.parts
    }


ALL_VIEWS = pytest.mark.parametrize("width", WIDTHS)
ALL_PAGES = pytest.mark.parametrize("page_name", PAGES)


# A reader's view: every page at a desktop's and a phone's width ----------------------------------


@ALL_PAGES
@ALL_VIEWS
def test_the_page_loads_offline_with_no_console_error(visits, page_name: str, width: int) -> None:
    seen = visits(page_name, width)
    assert seen.errors == []
    assert seen.outside == []


@ALL_PAGES
@ALL_VIEWS
def test_every_formula_is_typeset_and_no_raw_tex_shows(visits, page_name: str, width: int) -> None:
    measures = visits(page_name, width).measures
    assert measures["rawTex"] == [], "untypeset TeX on the page"
    assert measures["typeset"] == measures["formulas"]
    assert measures["unnamedFormulas"] == 0, "a formula with no text for a screen reader"


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_a_lesson_with_maths_in_its_text_shows_typeset_formulas(visits, lesson: str) -> None:
    source = "\n".join(
        c.source for c in nbformat.read(_notebook(lesson), as_version=4).cells if c.cell_type == "markdown"
    )
    if re.search(r"\$[^$\s]", source):
        assert visits(lesson, WIDTHS[0]).measures["typeset"] > 0


@ALL_PAGES
@ALL_VIEWS
def test_no_page_scrolls_sideways(visits, page_name: str, width: int) -> None:
    measures = visits(page_name, width).measures
    assert measures["scrollWidth"] <= measures["viewport"]


@ALL_PAGES
@ALL_VIEWS
def test_every_chart_draws_and_fills_its_column(visits, page_name: str, width: int) -> None:
    for chart in visits(page_name, width).measures["charts"]:
        assert chart["drawn"] and not chart["failed"]
        assert chart["svgWidth"] <= chart["boxWidth"] + 1, "a chart wider than its column"
        assert chart["svgWidth"] >= 0.9 * min(chart["boxWidth"], 700), "a chart much narrower than its column"


@ALL_PAGES
@ALL_VIEWS
def test_a_page_shows_one_search_box(visits, page_name: str, width: int) -> None:
    assert visits(page_name, width).measures["searchBoxes"] == 1


@ALL_PAGES
@ALL_VIEWS
def test_a_block_that_scrolls_sideways_says_so(visits, page_name: str, width: int) -> None:
    assert visits(page_name, width).measures["uncuedScrollers"] == []


@ALL_PAGES
@ALL_VIEWS
def test_a_scroll_cue_covers_none_of_what_scrolls(visits, page_name: str, width: int) -> None:
    """The "scroll →" mark sits in a strip of its own under the box: it hid a table's last row."""
    assert visits(page_name, width).measures["cuesOverContent"] == []


@ALL_PAGES
@ALL_VIEWS
def test_sliders_are_big_enough_to_touch_and_tag_only_their_chinese_words(visits, page_name: str, width: int) -> None:
    measures = visits(page_name, width).measures
    assert measures["smallSliders"] == 0, "a slider under 24 px tall (WCAG 2.5.8)"
    assert measures["labelsTaggedWhole"] == 0, "a slider label in English and Chinese tagged as Chinese as a whole"


@ALL_PAGES
@ALL_VIEWS
def test_a_search_field_writes_beside_its_icon_not_under_it(visits, page_name: str, width: int) -> None:
    assert visits(page_name, width).measures["searchIconOverText"] == 0


@ALL_PAGES
def test_a_folded_part_stands_apart_from_the_paragraph_after_it(visits, page_name: str) -> None:
    assert visits(page_name, WIDTHS[1]).measures["crampedFolds"] == [], "a closed solution touching the next line"


@ALL_PAGES
@ALL_VIEWS
def test_every_icon_keeps_its_width(visits, page_name: str, width: int) -> None:
    assert visits(page_name, width).measures["squashedIcons"] == [], "an icon squeezed to a sliver (the next page's ›)"


@ALL_PAGES
@ALL_VIEWS
def test_no_line_starts_with_the_punctuation_after_a_formula(visits, page_name: str, width: int) -> None:
    assert visits(page_name, width).measures["strandedMarks"] == [], "a full stop or bracket cut off its formula"


@ALL_PAGES
def test_on_a_phone_the_previous_and_next_pages_links_each_take_the_whole_width(visits, page_name: str) -> None:
    """Side by side, each in 45% of a phone's column, "Leg 3: stable, large traffic 第三条腿…" took seven lines."""
    assert visits(page_name, WIDTHS[1]).measures["narrowPageLinks"] == []


@ALL_PAGES
def test_on_a_phone_a_table_cell_shorter_than_14em_is_on_one_line(visits, page_name: str) -> None:
    """A table too wide for a phone scrolls: its columns need not be squeezed to their longest word. A cell
    of two lines by design (a Chinese table's model name under its meaning) keeps each line whole."""
    assert visits(page_name, WIDTHS[1]).measures["squeezedCells"] == []


def test_printing_keeps_each_chart_with_its_title(browser, base_url) -> None:
    seen = Visit(LESSONS[1], WIDTHS[0])
    context, page = _open(browser, base_url, LESSONS[1], WIDTHS[0], seen)
    page.emulate_media(media="print")
    breaks = page.evaluate(
        "() => [...document.querySelectorAll('figure.o2o-chart')].map(f => getComputedStyle(f).breakInside)"
    )
    context.close()
    assert breaks and set(breaks) == {"avoid"}


@ALL_PAGES
@ALL_VIEWS
def test_every_chart_keeps_its_marks_and_labels_inside_its_box(visits, page_name: str, width: int) -> None:
    for chart in visits(page_name, width).measures["charts"]:
        assert chart["outside"] == [], "marks or labels drawn outside the chart's box"


@ALL_PAGES
@ALL_VIEWS
def test_no_chart_cuts_a_title_or_label_short(visits, page_name: str, width: int) -> None:
    """An axis title longer than its axis goes on two lines (scripts/site_charts.py), not "… (fraction of vouc…"."""
    for chart in visits(page_name, width).measures["charts"]:
        assert chart["cut"] == [], "a chart's text cut short with …"


@ALL_PAGES
@ALL_VIEWS
def test_every_interactive_chart_shows_its_summary_line_and_is_named_by_it(visits, page_name: str, width: int) -> None:
    for chart in visits(page_name, width).measures["charts"]:
        if chart["interactive"]:
            assert _words(chart["summary"]) >= 8, "no summary line under an interactive chart"
            assert chart["name"].endswith(chart["summary"])


@ALL_PAGES
@ALL_VIEWS
def test_every_chart_is_named_by_a_description_of_what_it_shows(visits, page_name: str, width: int) -> None:
    seen = visits(page_name, width)
    for chart, tree in zip(seen.measures["charts"], seen.aria):
        assert chart["role"] == "img"
        assert _words(chart["name"]) >= 4, f"{chart['name']!r} does not say what the chart shows"
        assert "vega" not in chart["name"].lower()
        assert "vega visualization" not in tree.lower()
        unquoted = tree.replace("\\", "").replace("''", "'")  # the snapshot is YAML: ' doubles inside '...'
        assert f'img "{chart["name"][:30]}' in unquoted, tree[:300]


@ALL_PAGES
@ALL_VIEWS
def test_a_drawn_chart_never_downloads_its_fallback_picture(visits, page_name: str, width: int) -> None:
    seen = visits(page_name, width)
    fallbacks = {chart["fallback"] for chart in seen.measures["charts"]}
    assert not [url for url in seen.requested if any(url.endswith(f) for f in fallbacks)]


@ALL_PAGES
@ALL_VIEWS
def test_chinese_text_is_tagged_as_chinese(visits, page_name: str, width: int) -> None:
    assert visits(page_name, width).measures["notChinese"] == []


@ALL_PAGES
@ALL_VIEWS
def test_the_page_loads_well_under_its_weight_budget(visits, page_name: str, width: int) -> None:
    assert visits(page_name, width).bytes < MAX_PAGE_BYTES


@ALL_PAGES
@ALL_VIEWS
def test_axe_core_finds_no_serious_or_critical_violation(visits, page_name: str, width: int) -> None:
    violations = visits(page_name, width).violations
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    assert [v for v in violations if v["id"] == "region"] == [], "content outside every landmark (the sidebar's logo)"


@ALL_PAGES
def test_the_only_controls_on_a_page_are_chart_sliders_that_work(visits, page_name: str) -> None:
    assert visits(page_name, WIDTHS[0]).measures["deadControls"] == 0


# Lesson text as the site shows it ------------------------------------------------------------------


def _plain(markdown: str) -> list[str]:
    """Runs of plain words in a cell (no markup, maths or links), long enough to find on a page."""
    text = re.sub(r"\$[^$]*\$|`[^`]*`|\[([^\]]*)\]\([^)]*\)|<[^>]*>|[*_#>|]", " ", markdown)
    return [run.strip() for run in re.findall(r"[A-Za-z][A-Za-z ,.'’-]{24,}", text)]


def _tagged(lesson: str, tag: str) -> list[nbformat.NotebookNode]:
    cells = nbformat.read(_notebook(lesson), as_version=4).cells
    return [c for c in cells if markup.has_tag(c, tag)]


def _page_text(visits, lesson: str) -> str:
    """The page's words, with the typographic quotes the site sets (’ for ') written as in the source."""
    text = visits(lesson, WIDTHS[0]).measures["text"].translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split())


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_cells_tagged_notebook_only_are_not_on_the_site(visits, lesson: str) -> None:
    text = _page_text(visits, lesson)
    for cell in _tagged(lesson, markup.NOTEBOOK_ONLY):
        if cell.cell_type == "markdown":
            runs = _plain(cell.source)[:3]
        else:  # its code lines, not its comments, which may repeat an exercise's words
            runs = [
                code for code in (line.split("#")[0].strip() for line in cell.source.splitlines()) if len(code) >= 8
            ][:3]
        for run in runs:
            assert " ".join(run.split()) not in text, run


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_cells_tagged_site_only_are_on_the_site(visits, lesson: str) -> None:
    text = _page_text(visits, lesson)
    for cell in _tagged(lesson, markup.SITE_ONLY):
        for run in _plain(markup.site_text(cell))[:3]:
            assert " ".join(run.split()) in text


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_no_nbval_marker_is_shown(built_pages, lesson: str) -> None:
    assert "NBVAL_" not in built_pages[lesson]


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_no_table_cell_is_cut_short(built_pages, lesson: str) -> None:
    cut = re.findall(r"<td>([^<]{0,60}\.\.\.)</td>", built_pages[lesson])
    assert cut == [], "pandas cut these cells short: widen pd.options.display.max_colwidth"


def test_only_addresses_written_as_addresses_become_links(built_pages) -> None:
    """linkify must not turn a name such as "JD.com" into a link: a link's text is never its address less the scheme."""
    for name, page in built_pages.items():
        for href, text in re.findall(r'<a class="reference external" href="(https?://[^"]+)"[^>]*>([^<]+)</a>', page):
            assert href.split("://", 1)[1].rstrip("/") != text.strip().rstrip("/"), (name, text)


# Interactive charts ----------------------------------------------------------------------------------


def _site_levers(module) -> list[tuple[str, set[str]]]:
    """Each site chart's panel and the levers among its sliders' labels."""
    found = []
    for name in getattr(module, "SITE_CHARTS", {}):
        controls = getattr(getattr(module, name)(), "controls", {})
        labels = " ".join(str(getattr(widget, "description", "")) for widget in controls.values()).lower()
        found.append((name, {lever for lever in LEVERS if lever in labels}))
    return found


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_site_chart_offers_the_levers_its_notebook_panel_offers(visits, lesson: str) -> None:
    module = markup.lesson_module(nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4))
    if module is None:
        pytest.skip("this lesson declares no lesson module")
    sliders = " ".join(s for c in visits(lesson, WIDTHS[0]).measures["charts"] for s in c["sliders"]).lower()
    for panel, levers in _site_levers(module):
        assert {lever for lever in levers if lever not in sliders} == set(), f"{panel}'s levers missing on the site"


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_every_slider_redraws_its_chart(browser, base_url, lesson: str) -> None:
    seen = Visit(lesson, WIDTHS[0])
    context, page = _open(browser, base_url, lesson, WIDTHS[0], seen)
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.o2o-chart')].every(box => box.matches('.o2o-drawn, .o2o-failed'))",
        timeout=30_000,
    )
    boxes = page.locator("figure.o2o-chart.o2o-interactive").all()
    move = (
        "el => { const far = Number(el.value) - Number(el.min) < Number(el.max) - Number(el.value);"
        " el.value = far ? el.max : el.min; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    back = "(el, start) => { el.value = start; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    for index, box in enumerate(boxes):
        start_summary = box.locator(".o2o-summary").inner_text()
        moved: list[tuple[str, str]] = []
        for slider in box.locator("input[type=range]").all():  # each from the chart's start, as a reader would
            start = slider.evaluate("el => el.value")
            before = box.locator("svg").first.inner_html()
            slider.evaluate(move)
            page.wait_for_function(
                "([box, before]) => box.querySelector('svg').innerHTML !== before",
                arg=[box.element_handle(), before],
                timeout=10_000,
            )
            box.screenshot(path=str(ARTIFACTS / f"{lesson}-chart{index}-{slider.get_attribute('name')}-moved.png"))
            summary, name = box.evaluate(
                "b => [b.querySelector('.o2o-summary').textContent, b.querySelector('.o2o-chart-view')"
                ".getAttribute('aria-label')]"
            )
            moved.append((summary, name))
            slider.evaluate(back, start)
        for summary, name in moved:  # the chart's name follows the summary line at every move
            assert name.endswith(summary)
            if lesson in ZH_LESSONS:  # in the page's language
                assert CJK.search(summary), summary
        assert any(summary != start_summary for summary, _ in moved), "no slider changes the summary line"
    context.close()
    assert seen.errors == []


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_every_number_and_choice_exercise_can_be_checked_in_the_page(browser, base_url, lesson: str) -> None:
    """The page's box says right to the model's answer and names a wrong one as the notebook does, in its language."""
    from o2o_models.lessons.pagecheck import checking_data

    seen = Visit(lesson, WIDTHS[1])
    context, page = _open(browser, base_url, lesson, WIDTHS[1], seen)
    checks = checking_data(markup.lesson_module(nbformat.read(_notebook(lesson), 4)).WORKBOOK)
    forms = page.locator("form.o2o-check")
    assert forms.count() == len(checks) > 0
    for form in forms.all():
        data = checks[int(form.get_attribute("data-exercise"))]
        right = data["expected"] if data["kind"] == "choice" else repr(data["expected"])
        form.locator("input").fill(right)
        form.locator("button").click()
        assert form.locator(".o2o-check-feedback").inner_text().startswith("✓ ")
        form.locator("input").fill("not an answer")
        form.locator("button").click()
        wrong = form.locator(".o2o-check-feedback").inner_text()
        if lesson in ZH_LESSONS:  # the verdict is the notebook's own sentence (exercises.py), the rest the site's
            assert wrong.startswith("✗ ") and wrong.endswith(translator("zh")("Try again."))
            assert CJK.search(form.locator("label").inner_text()) and CJK.search(form.locator("button").inner_text())
        else:
            assert wrong.startswith("✗ 'not an answer' is not") and wrong.endswith(" Try again.")
    context.close()
    assert seen.errors == []


def test_the_glossary_page_gives_each_term_with_its_meaning_under_it(built_pages) -> None:
    from o2o_models.glossary import load_glossary

    terms = re.findall(r"<dt\b[^>]*>.*?</dt>\s*<dd>", built_pages["glossary"], re.DOTALL)
    assert len(terms) == len(load_glossary())
    assert "<table" not in built_pages["glossary"]


def test_lesson_00_links_the_glossary_page_instead_of_repeating_it(built_pages) -> None:
    from o2o_models.glossary import load_glossary

    page = built_pages["00_introduction"]
    assert 'href="glossary.html"' in page
    assert page.count('class="o2o-glossary"') == 1  # the table of the terms this lesson uses
    assert sum(term in page for term in load_glossary()["meaning"]) < len(load_glossary()) / 2


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_without_javascript_each_chart_shows_its_picture_with_the_same_description(
    browser, base_url, lesson: str
) -> None:
    seen = Visit(lesson, WIDTHS[1])
    context, page = _open(browser, base_url, lesson, WIDTHS[1], seen, javascript=False)
    pictures = page.evaluate(
        "() => [...document.querySelectorAll('figure.o2o-chart')].map(box => {"
        " const img = box.querySelector('img'); return img && [img.alt, img.naturalWidth,"
        " box.querySelector('.o2o-chart-view').getAttribute('aria-label')]; })"
    )
    context.close()
    for picture in pictures:
        assert picture is not None, "a chart with no picture for readers without JavaScript"
        alt, natural_width, name = picture
        assert alt == name and natural_width > 0
    assert seen.errors == []


# The published folder ------------------------------------------------------------------------------------


def test_the_home_page_links_every_lesson_and_the_glossary(built_pages) -> None:
    links = re.findall(r'href="([^"#]+)', built_pages["index"])
    for lesson in LESSONS:
        assert f"{lesson}.html" in links
    assert "glossary.html" in links


def test_no_build_cache_sources_or_source_maps_are_published(site: Path) -> None:
    assert not (site / ".doctrees").exists()
    assert not (site / "_sources").exists()
    assert list(site.rglob("*.map")) == []
    chinese = sum(p.stat().st_size for p in (site / "zh").rglob("*") if p.is_file())
    assert sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) - chinese < MAX_SITE_BYTES
    assert chinese < MAX_SITE_BYTES


def test_scripts_load_only_where_a_page_uses_them(built_pages) -> None:
    for name, page in built_pages.items():
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
        draws_charts = 'class="o2o-chart ' in page
        assert any("o2o-vega.js" in s for s in scripts) == draws_charts, name
        assert not [s for s in scripts if re.search(r"fontawesome|mathjax|katex", s, re.IGNORECASE)], name
    assert sum("o2o-vega.js" in page for page in built_pages.values()) >= 1


@pytest.mark.parametrize("lesson", [LESSONS[1], *ZH_LESSONS[:1]])
@pytest.mark.parametrize("width", [390, 768])
@pytest.mark.parametrize("drawer", ["primary", "secondary"])
def test_a_tap_on_a_navigation_button_opens_its_drawer_on_phones_and_tablets(
    browser, base_url: str, width: int, drawer: str, lesson: str
) -> None:
    """The ☰ (site navigation) and ☷ (on this page) buttons open their drawers below 1200 px (upstream
    pydata/pydata-sphinx-theme#2451: 0.17.1 wires only the first, hidden, button; 0.16.1 works)."""
    context, page = _open(browser, base_url, lesson, width, Visit(lesson, width))
    try:
        buttons = [b for b in page.locator(f"button.{drawer}-toggle").all() if b.is_visible()]
        assert buttons, f"no visible {drawer} navigation button at {width} px"
        buttons[0].click()
        modal = page.locator(f"#pst-{drawer}-sidebar-modal")
        modal.wait_for(state="visible", timeout=3000)
        assert modal.evaluate("(dialog) => dialog.open"), f"the {drawer} drawer did not open at {width} px"
        links = [link for link in modal.locator("a").all() if link.is_visible()]
        assert links, f"the {drawer} drawer opened empty at {width} px"
    finally:
        context.close()


def test_the_footer_gives_this_collections_year_and_licence(built_pages) -> None:
    for name, page in built_pages.items():
        footer = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('class="copyright"', 1)[-1][:400]))
        chinese = name.startswith("zh/")
        said = translator("zh" if chinese else "en")("2026 O2O Three Legs contributors, code MIT")
        assert said in footer and "2023" not in footer, name
        assert not chinese or "Copyright" not in footer, name


def test_no_empty_index_page_is_published_or_linked(site: Path, built_pages) -> None:
    assert not (site / "genindex.html").exists()
    assert not [name for name, page in built_pages.items() if "genindex" in page]


@ALL_PAGES
@ALL_VIEWS
def test_axe_core_finds_no_serious_or_critical_violation_in_dark_mode(
    browser, base_url: str, axe_core: Path, page_name: str, width: int
) -> None:
    """The theme's colour-mode switch, set to dark as a reader's choice is kept (localStorage), then axe."""
    context, page = _open(browser, base_url, page_name, width, Visit(page_name, width))
    try:
        page.evaluate("localStorage.setItem('theme', 'dark'); localStorage.setItem('mode', 'dark')")
        page.reload(wait_until="networkidle")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.wait_for_function(
            "() => [...document.querySelectorAll('figure.o2o-chart')]"
            ".every(box => box.matches('.o2o-drawn, .o2o-failed'))",
            timeout=30_000,
        )
        page.add_script_tag(path=str(axe_core))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => ({id: v.id, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
        )
        assert violations == [], violations
    finally:
        context.close()


def test_the_home_lesson_links_the_article_and_quotes_its_title_with_opening_and_closing_marks(built_pages) -> None:
    page = built_pages[LESSONS[0]]
    assert 'href="https://www.huxiu.com/article/36568"' in page
    title = re.search(r"《为什么说(.)微信没有这三条腿，很难切入O2O的茂密区(.)》", re.sub(r"<[^>]+>", "", page))
    assert title and title.groups() == ("“", "”"), title and title.groups()


@pytest.mark.parametrize("lesson", ALL_LESSONS)
def test_every_lesson_page_offers_its_notebook_without_solutions_and_links_the_article(
    site: Path, built_pages, lesson: str
) -> None:
    from o2o_models.lessons import markup

    page = built_pages[lesson]
    link = re.search(r'href="(_downloads/[^"]+\.ipynb)"', page)
    assert link, "no download link"
    notebook = nbformat.read((site / lesson).parent / link.group(1), as_version=4)
    assert notebook.cells and not [cell for cell in notebook.cells if markup.has_tag(cell, markup.SOLUTION)]
    assert not [cell for cell in notebook.cells if cell.get("outputs")], "a download to run carries no outputs"
    assert markup.lesson_module(notebook) is not None
    assert 'href="https://www.huxiu.com/article/36568"' in page


# The two editions -----------------------------------------------------------------------------------


def test_every_chinese_lesson_has_its_page_in_the_chinese_edition(built_pages) -> None:
    assert sorted(name for name in built_pages if re.match(r"zh/\d\d_", name)) == ZH_LESSONS
    if ZH_LESSONS:
        assert {"zh/index", "zh/glossary", "zh/search"} <= set(built_pages)


def test_each_page_declares_its_language_and_links_both_editions_by_hreflang(site: Path, built_pages) -> None:
    for name, page in built_pages.items():
        chinese = name.startswith("zh/")
        assert f'<html lang="{"zh-CN" if chinese else "en"}"' in page, name
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
        english = name[3:] if chinese else name
        if f"zh/{english}" not in built_pages:
            assert alternates == {}, name
            continue
        assert set(alternates) == {"en", "zh-CN"}, name
        for language, href in alternates.items():
            target = ((site / name).parent / href).resolve()
            assert target == (site / (english if language == "en" else f"zh/{english}")).with_suffix(".html"), name


@pytest.mark.parametrize("page_name", ENGLISH_PAGES)
def test_the_language_switch_leads_to_the_same_page_in_the_other_language_and_back(
    browser, base_url: str, page_name: str
) -> None:
    seen = Visit(page_name, WIDTHS[1])
    context, page = _open(browser, base_url, page_name, WIDTHS[1], seen)
    try:
        switch = page.locator(".article-header-buttons .o2o-language")
        assert switch.count() == 1 and switch.is_visible()
        if f"zh/{page_name}" not in ZH_PAGES:  # no Chinese edition yet: the page says so, in Chinese
            assert switch.evaluate("el => [el.tagName, el.lang, el.textContent]") == [
                "SPAN",
                "zh-CN",
                NO_CHINESE_EDITION,
            ]
            return
        assert switch.evaluate("el => [el.lang, el.hreflang]") == ["zh-CN", "zh-CN"]
        switch.click()
        page.wait_for_url(f"{base_url}/zh/{page_name}.html")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        back = page.locator(".article-header-buttons .o2o-language")
        assert back.is_visible() and back.evaluate("el => [el.lang, el.textContent]") == ["en", "English"]
        back.click()
        page.wait_for_url(f"{base_url}/{page_name}.html")
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()
    assert seen.errors == []


def _article_text(page: str) -> str:
    article = page.split("<article", 1)[-1].split("</article>", 1)[0]
    return re.sub(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", " ", article, flags=re.DOTALL)


@pytest.mark.parametrize("edition", ["zh", "en"])
@pytest.mark.parametrize("word", ["微信", "团购"])
def test_search_finds_a_word_inside_chinese_phrases_on_every_page_that_has_it(
    browser, base_url: str, built_pages, word: str, edition: str
) -> None:
    """Sphinx's Chinese search (jieba) indexes 微信 inside 微信小店 and 公众号 inside 微信公众号."""
    folder = "zh/" if edition == "zh" else ""
    if edition == "zh" and not ZH_PAGES:
        pytest.skip("no Chinese edition built")
    having = {
        f"{name.removeprefix(folder)}.html"
        for name, page in built_pages.items()
        if (name.startswith("zh/") == (edition == "zh")) and not name.endswith("search") and word in _article_text(page)
    }
    assert having, f"no page of the {edition} edition has {word}"
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{folder}search.html?q={word}", wait_until="networkidle")
        page.wait_for_selector("#search-results .search-summary", timeout=15_000)
        found = {
            a.get_attribute("href").split("?")[0].split("#")[0] for a in page.locator("#search-results li a").all()
        }
    finally:
        context.close()
    assert having <= found, sorted(having - found)


TOOLBAR_WORDS = {"English", "Ctrl", "MIT", "O2O"}
"""The words a Chinese page's frame may show in Latin letters: the switch to English, a key, a licence, a name."""


@pytest.mark.parametrize("page_name", ZH_PAGES)
def test_a_chinese_page_frames_its_lesson_in_the_themes_chinese(built_pages, page_name: str) -> None:
    """Around the article (navigation, header buttons, search, footer) no English: text, titles, names."""
    page = built_pages[page_name]
    body = page.split("<body", 1)[1].split(">", 1)[1]
    frame = body.split("<article", 1)[0] + body.split("</article>", 1)[-1] if "<article" in body else body
    frame = re.sub(r"<!--.*?-->|<(script|style|svg|noscript)\b.*?</\1>", " ", frame, flags=re.DOTALL)
    texts = re.findall(r">([^<]+)<", frame) + re.findall(
        r'\b(?:title|aria-label|data-bs-title|placeholder)="([^"]*)"', frame
    )
    own = set(re.findall(r"[A-Za-z]{3,}", _article_text(page)))  # the lesson's own words ("pandas" in its contents)
    english = {word for text in texts for word in re.findall(r"[A-Za-z]{3,}", text)} - TOOLBAR_WORDS - own
    assert english == set(), sorted(english)
    assert not [text for text in THEME_TEXTS if f'="{text}"' in page]


def test_the_chinese_front_page_links_every_lesson_in_chinese_or_else_in_english(built_pages) -> None:
    if not ZH_PAGES:
        pytest.skip("no Chinese edition built")
    links = re.findall(r'href="([^"#]+)', built_pages["zh/index"])
    for lesson in LESSONS:
        assert (f"{lesson}.html" if f"zh/{lesson}" in ZH_LESSONS else f"../{lesson}.html") in links, lesson
    assert "glossary.html" in links
