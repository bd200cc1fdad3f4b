"""Time what a user feels in JupyterLab: a key press on a slider until its chart redraws.

    python benchmarks/browser_latency.py [--moves 20] [NOTEBOOK ...]

Starts JupyterLab on 127.0.0.1 (no token) on a temporary copy of the lessons, opens each
lesson in headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright), runs
all cells, focuses the first slider of the first panel whose step redraws its chart (at
some settings a step changes nothing: a budget above what the clicks cost, say) and presses
the arrow keys ``--moves`` times, right then left, back and forth. Each latency runs from the key press until the panel's chart reports
a finished redraw (the ``data-o2o-draws`` counter that `o2o_models.livechart` bumps after
Vega has run). Prints the median and 95th percentile per lesson beside the budget.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, TimeoutError, sync_playwright

from o2o_models.serving import SERVER_ARGS

ROOT = Path(__file__).resolve().parents[1]
BUDGET_P95_MS = 100.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

_CHART_OF_SLIDER = """(slider) => {
  let node = slider;
  while (node && !node.querySelector('[data-o2o-draws]')) { node = node.parentElement; }
  return node ? node.querySelector('[data-o2o-draws]') : null;
}"""
_CHART_OF_FIRST_SLIDER = f"() => ({_CHART_OF_SLIDER})(document.querySelector('.jp-OutputArea .widget-slider'))"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_lab(root: Path, port: int) -> subprocess.Popen:
    """JupyterLab on 127.0.0.1 with no token; every cell kept in the page (no windowed rendering)."""
    settings = root / ".lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
               f"--LabApp.user_settings_dir={root / '.lab-settings'}",
               "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               *SERVER_ARGS]
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
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    page.click(".jp-Notebook")
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(f"({_CHART_OF_FIRST_SLIDER})() !== null", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)


def _redraws(page: Page, chart, key: str, timeout: int) -> bool:
    before = chart.evaluate("el => el.dataset.o2oDraws")
    page.keyboard.press(key)
    try:
        page.wait_for_function("([el, before]) => el.dataset.o2oDraws !== before", arg=[chart, before],
                               polling="raf", timeout=timeout)
    except TimeoutError:
        return False
    return True


def measure(page: Page, moves: int) -> list[float]:
    """Latency in ms of each of ``moves`` arrow presses on the first slider whose step redraws its chart."""
    for slider in page.locator(".jp-OutputArea .widget-slider").all():
        chart = slider.evaluate_handle(_CHART_OF_SLIDER)
        handle = slider.locator(".noUi-handle, [role=slider]").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        if _redraws(page, chart, "ArrowRight", 3_000) and _redraws(page, chart, "ArrowLeft", 3_000):
            break
    else:
        raise RuntimeError("no slider redraws its chart when it moves one step")
    latencies = []
    for move in range(moves):
        started = time.perf_counter()
        if not _redraws(page, chart, "ArrowRight" if move % 2 == 0 else "ArrowLeft", 10_000):
            raise RuntimeError("the chart did not redraw within 10 s of a key press")
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.15)
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_lesson(source: Path, moves: int, screenshots: Path | None) -> list[float]:
    """Open ``source`` in a fresh JupyterLab, run it, and time ``moves`` key presses."""
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
                latencies = measure(page, moves)
                if screenshots:
                    screenshots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(screenshots / f"{source.stem}.png"))
                browser.close()
        finally:
            lab.terminate()
            lab.wait(timeout=30)
    return latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--screenshots", type=Path, help="folder to save a screenshot of each lesson")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    sources = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    failed = False
    print(f"{'lesson':34} {'median ms':>10} {'p95 ms':>8}  budget p95 < {BUDGET_P95_MS:.0f} ms")
    for source in sources:  # a fresh JupyterLab and browser per lesson: no state carries over
        latencies = measure_lesson(source, args.moves, args.screenshots)
        p95 = percentile(latencies, 0.95)
        failed |= p95 >= BUDGET_P95_MS
        verdict = "within budget" if p95 < BUDGET_P95_MS else "OVER BUDGET"
        print(f"{source.stem:34} {statistics.median(latencies):10.0f} {p95:8.0f}  {verdict}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
