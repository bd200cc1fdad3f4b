"""Time what a user feels in JupyterLab: a key press on a slider until its chart is redrawn on screen.

    python benchmarks/browser_latency.py [--moves 10] [NOTEBOOK ...]

Without notebooks, times every lesson of both editions: the English ``notebooks/NN_*.ipynb``,
then the Chinese ``notebooks/zh/NN_*.ipynb`` (`lesson_sources`), each against the same budget.
Starts JupyterLab on 127.0.0.1 (no token, the server settings of ``make lab``) on a
temporary copy of the lessons, opens each lesson in headless Chromium (Debian's
``/usr/bin/chromium``, driven by Playwright) and runs all cells. Then, in every panel of
the lesson, it focuses the first slider whose step redraws the panel's chart (at some
settings a step changes nothing: a budget above what the clicks cost, say) and presses
the arrow keys ``--moves`` times, right then left, back and forth.

Each press is timed twice:

* **on screen**, in the page: from the key event (its ``timeStamp``) to the first
  animation frame after the chart reports a finished redraw (the ``data-o2o-draws``
  counter that `o2o_models.interactive.livechart` bumps once Vega has run), the frame that shows it.
  This is the latency a student feels, and the budget applies to it.
* **by the driver**: from Playwright sending the key until it sees the redraw. This adds
  Playwright's own round trips to the browser (about 15 ms), which no student has.

Prints, per edition and lesson, the median and 95th percentile over all its panels' presses, and
the slowest panel, named by its declaration (``leg1.members_panel``: each lesson's ``DECLARED``,
found by its title in the lesson's language, so a Chinese panel is named as its English twin);
after a run of every lesson, the declared panels each edition could not time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import ElementHandle, JSHandle, Page, TimeoutError, sync_playwright

from o2o_models.lessons import markup
from o2o_models.text import _, language
from o2o_models.workshop.serving import SERVER_ARGS

ROOT = Path(__file__).resolve().parents[1]
LESSON_MODULES = ("intro", "leg1", "leg2", "leg3", "synthesis")
EDITIONS = {"en": ROOT / "notebooks", "zh": ROOT / "notebooks" / "zh"}
"""Each edition's language and the folder of its lessons, in the order a default run times them."""
EDITION_NAMES = {"en": "English", "zh": "Chinese"}
BUDGET_P95_MS = 60.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_TIMERS = """() => {
  // The key event's time, and the first frame after each chart's redraw (the frame that shows it).
  document.addEventListener('keydown', (event) => { window.o2oKeyAt = event.timeStamp; }, true);
  new MutationObserver((records) => {
    for (const record of records) {
      const chart = record.target, draws = chart.dataset.o2oDraws;
      requestAnimationFrame((frameAt) => {
        chart.dataset.o2oShownAt = String(frameAt);
        chart.dataset.o2oShown = draws;
      });
    }
  }).observe(document.body, {attributes: true, subtree: true, attributeFilter: ['data-o2o-draws']});
}"""
_PANELS = """() => [...document.querySelectorAll('.jp-OutputArea [data-o2o-draws]')].map((chart) => {
  let panel = chart.parentElement;
  while (panel && !panel.querySelector('.widget-slider')) { panel = panel.parentElement; }
  return panel;
})"""
_STARTED = f"""() => [...document.querySelectorAll('.jp-InputArea-prompt')].some((p) => p.textContent.includes('[*]'))
  || ({_PANELS})().some((panel) => panel !== null)"""
"""A cell waits or runs, or a panel is drawn: the menu's Run All took."""
_PANEL_NAME = """(panel) => {
  const title = panel.querySelector('.widget-html b');
  return title ? title.textContent : panel.querySelector('[data-o2o-draws]').getAttribute('aria-label').slice(0, 60);
}"""


@dataclass
class Press:
    """One key press: on screen (timed in the page, what a student feels) and by the driver."""

    shown_ms: float
    driver_ms: float


@dataclass
class Panel:
    """A panel's chart and the slider that redraws it."""

    name: str
    chart: JSHandle
    slider: ElementHandle


def lesson_sources() -> list[Path]:
    """The lessons a run without arguments times: every lesson of every edition, English first."""
    return [source for folder in EDITIONS.values() for source in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]


def lesson_language(source: Path) -> str:
    """The language a lesson notebook's front matter declares ("en" or "zh")."""
    return markup.language(json.loads(source.read_text(encoding="utf-8")))


def declared_panels(code: str = "en") -> dict[str, str]:
    """Each declared panel's heading as a lesson in language ``code`` shows it -> its lesson module and name,
    ``leg1.members_panel``. Leaves the benchmark's own texts in English."""
    found = {}
    language(code)
    try:
        for lesson in LESSON_MODULES:
            for name, panel in importlib.import_module(f"o2o_models.lessons.{lesson}").DECLARED.items():
                found[_(panel.title)] = f"{lesson}.{name}"
    finally:
        language("en")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_lab(root: Path, port: int) -> subprocess.Popen:
    """JupyterLab on 127.0.0.1 with no token, the server settings of ``make lab`` and JupyterLab's default
    user settings (an empty settings folder: what a student has, whatever this machine's user has set)."""
    (root / ".lab-settings").mkdir()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={root / '.lab-settings'}",
        "--allow-root",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *SERVER_ARGS,
    ]
    lab = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return lab
        time.sleep(0.3)
    lab.terminate()
    raise RuntimeError(f"JupyterLab did not start on port {port}")


def run_all_cells(page: Page, url: str) -> None:
    """Open ``url``, run all its cells, wait until the kernel is idle, and start the page's timers."""
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    for attempt in range(3):  # on a busy machine a menu click can land before the notebook is ready for it
        page.click(".jp-Notebook")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(_STARTED, timeout=30_000)
            break
        except TimeoutError:
            if attempt == 2:
                raise
    page.wait_for_function(f"({_PANELS})().some((panel) => panel !== null)", timeout=180_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
    page.evaluate(_TIMERS)


def press(page: Page, chart: JSHandle, key: str, timeout: int) -> Press | None:
    """Press ``key`` and time it until the redrawn ``chart`` is on screen; None if it did not redraw."""
    before = chart.evaluate("el => el.dataset.o2oDraws")
    started = time.perf_counter()
    page.keyboard.press(key)
    try:
        page.wait_for_function(
            "([el, before]) => el.dataset.o2oDraws !== before",
            arg=[chart, before],
            polling="raf",
            timeout=timeout,
        )
    except TimeoutError:
        return None
    driver_ms = (time.perf_counter() - started) * 1000
    page.wait_for_function("(el) => el.dataset.o2oShown === el.dataset.o2oDraws", arg=chart, polling="raf")
    return Press(chart.evaluate("el => Number(el.dataset.o2oShownAt) - window.o2oKeyAt"), driver_ms)


def panels(page: Page) -> list[Panel]:
    """Every panel on the page with the first of its sliders whose step redraws its chart, in page order."""
    found = []
    for panel in page.evaluate_handle(_PANELS).get_properties().values():
        panel = panel.as_element()
        if panel is None:
            continue
        chart = panel.evaluate_handle("(panel) => panel.querySelector('[data-o2o-draws]')")
        for slider in panel.query_selector_all(".widget-slider"):
            handle = slider.query_selector(".noUi-handle, [role=slider]")
            handle.scroll_into_view_if_needed()
            handle.focus()
            if press(page, chart, "ArrowRight", 3_000) and press(page, chart, "ArrowLeft", 3_000):
                found.append(Panel(panel.evaluate(_PANEL_NAME), chart, handle))
                break
    if not found:
        raise RuntimeError("no slider redraws its chart when it moves one step")
    return found


def measure_panel(page: Page, panel: Panel, moves: int) -> list[Press]:
    """``moves`` arrow presses on ``panel``'s slider, right then left."""
    panel.slider.scroll_into_view_if_needed()
    panel.slider.focus()
    presses = []
    for move in range(moves):
        timed = press(page, panel.chart, "ArrowRight" if move % 2 == 0 else "ArrowLeft", 10_000)
        if timed is None:
            raise RuntimeError(f"{panel.name}: the chart did not redraw within 10 s of a key press")
        presses.append(timed)
        time.sleep(0.15)
    return presses


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_lesson(source: Path, moves: int, screenshots: Path | None) -> dict[str, list[Press]]:
    """Open ``source`` in a fresh JupyterLab, run it, and time ``moves`` key presses in each panel."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(source, root / source.name)
        port = free_port()
        lab = start_lab(root, port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1300, "height": 1000})
                run_all_cells(page, f"http://127.0.0.1:{port}/lab/tree/{source.name}")
                timed = {panel.name: measure_panel(page, panel, moves) for panel in panels(page)}
                if screenshots:
                    screenshots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(screenshots / f"{source.stem}.png"))
                browser.close()
        finally:
            lab.terminate()
            lab.wait(timeout=30)
    return timed


def print_header(code: str, folder: Path) -> None:
    """The heading of an edition's table: its language and folder, the columns, the budget."""
    print(f"\n{EDITION_NAMES.get(code, code)} edition ({folder})")
    print(f"{'lesson':32} {'panels':>6} {'on screen ms':>17} {'by driver ms':>17}  slowest panel (p95 on screen)")
    print(
        f"{'':32} {'':6} {'median':>8} {'p95':>8} {'median':>8} {'p95':>8}"
        f"  budget: p95 on screen < {BUDGET_P95_MS:.0f} ms"
    )


def report(source: Path, timed: dict[str, list[Press]]) -> bool:
    """Print a lesson's line of the table; True if its p95 on screen is within the budget."""
    shown = [p.shown_ms for presses in timed.values() for p in presses]
    driver = [p.driver_ms for presses in timed.values() for p in presses]
    slowest = max(timed, key=lambda name: percentile([p.shown_ms for p in timed[name]], 0.95))
    p95 = percentile(shown, 0.95)
    print(
        f"{source.stem:32} {len(timed):6} {statistics.median(shown):8.0f} {p95:8.0f} "
        f"{statistics.median(driver):8.0f} {percentile(driver, 0.95):8.0f}  "
        f"{slowest[:40]} ({percentile([p.shown_ms for p in timed[slowest]], 0.95):.0f})"
        f"{'' if p95 < BUDGET_P95_MS else '  OVER BUDGET'}",
        flush=True,
    )
    return p95 < BUDGET_P95_MS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=10, help="key presses in each panel")
    parser.add_argument("--screenshots", type=Path, help="folder to save a screenshot of each lesson")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    sources = args.notebooks or lesson_sources()
    failed = False
    declared = {code: declared_panels(code) for code in EDITIONS}
    untimed = {code: set(panels.values()) for code, panels in declared.items()}
    edition = None
    for source in sources:  # a fresh JupyterLab and browser per lesson: no state carries over
        code = lesson_language(source)
        if code != edition:
            edition = code
            print_header(code, source.parent)
        screenshots = args.screenshots / code if args.screenshots else None
        timed = {
            declared[code].get(title, title): presses
            for title, presses in measure_lesson(source, args.moves, screenshots).items()
        }
        untimed[code] -= set(timed)
        failed |= not report(source, timed)
    if not args.notebooks:
        for code, names in untimed.items():
            if names:
                print(
                    f"Declared panels not timed in the {code} edition (no lesson shows them with a slider that "
                    f"redraws): {', '.join(sorted(names))}"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
