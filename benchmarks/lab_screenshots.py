"""Pictures of every lesson as a student sees it in JupyterLab, top to bottom, to look at (issue 19).

    python benchmarks/lab_screenshots.py [--out artifacts/lab] [--sizes 1024x768,1400x900] [NOTEBOOK ...]

Without notebooks, takes every lesson of both editions (`browser_latency.lesson_sources`). Each
lesson is copied to a temporary folder and opened in a fresh JupyterLab (the server settings of
``make lab``, JupyterLab's default user settings but for ``windowingMode: none``, so that every
cell is in the page, and no news toast), in headless Chromium at each size, with the file browser open in the left
sidebar, as it is on a student's first visit. All cells are run and every folded part
(``<details>``: the worked solutions) is unfolded, so the pictures show it; then the notebook is scrolled
from top to bottom a screen at a time (each screen overlaps the last by `OVERLAP` pixels) and each
screen saved, ``OUT/<edition>/<lesson>-<width>-<NN>.png``.

It measures nothing and passes no judgement: it prints, per lesson and size, how many screens it
saved and what a reader should never meet, found in the page's text: error outputs, "Traceback",
a "nan" in an output, an output or a formula wider than its cell (a chart or an equation's number cut off at
the right).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, TimeoutError, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_latency import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    lesson_language,
    lesson_sources,
    run_all_cells,
    start_lab,
)

SIZES = ((1024, 768), (1400, 900))
OVERLAP = 48
"""Pixels each screen repeats from the one above it, so that no line is cut between two pictures."""
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}
"""The user settings besides JupyterLab's defaults: every cell attached to the page, so scrolling shows it drawn,
and no question about Jupyter's news in a corner of every picture."""

_SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
_UNFOLD = "document.querySelectorAll('.jp-Notebook details').forEach((part) => { part.open = true; })"
_PROBLEMS = """() => {
  const problems = [];
  const outputs = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')];
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  for (const output of outputs) {
    const text = output.innerText || '';
    if (output.dataset.mimeType === 'application/vnd.jupyter.stderr') {
      problems.push('error output: ' + text.slice(0, 80));
    }
    if (text.includes('Traceback')) { problems.push('Traceback: ' + text.slice(0, 80)); }
    const prose = [...output.querySelectorAll('pre, code')].reduce((rest, code) => rest.replace(code.innerText, ''),
      text);
    const nan = prose.match(/.{0,30}\\bnan\\b.{0,30}/i);  // in what the output says, not in the code it shows
    if (nan) { problems.push('nan: ' + nan[0]); }
    const cell = output.closest('.jp-Cell');
    for (const wide of output.querySelectorAll('canvas, svg, .vega-embed, .widget-box, table')) {
      const right = wide.getBoundingClientRect().right, edge = cell.getBoundingClientRect().right;
      if (right > edge + 1) {
        const code = cell.querySelector('.jp-InputArea .cm-line');
        problems.push(`wider than its cell by ${Math.round(right - edge)} px: ${wide.tagName} ` +
          `${wide.className.baseVal ?? wide.className} in cell ${cells.indexOf(cell) + 1}, ` +
          (code ? code.textContent.slice(0, 60) : '?'));
        break;
      }
    }
  }
  for (const formula of document.querySelectorAll('.jp-Notebook .jp-MarkdownCell mjx-container')) {
    const cell = formula.closest('.jp-Cell'), edge = cell.getBoundingClientRect().right;
    const right = Math.max(...[...formula.querySelectorAll('mjx-math, mjx-labels')].map(
      (part) => part.getBoundingClientRect().right));
    if (right > edge + 1) {
      problems.push(`formula wider than its cell by ${Math.round(right - edge)} px in cell ` +
        `${cells.indexOf(cell) + 1}: ${formula.textContent.slice(0, 40)}`);
    }
  }
  return problems;
}"""


def open_file_browser(page: Page) -> None:
    """Show the file browser in the left sidebar (JupyterLab's default on a first visit; made sure of here)."""
    if not page.locator("#filebrowser").is_visible():
        page.locator(".jp-SideBar.jp-mod-left [data-id='filebrowser']").click()
        page.locator("#filebrowser").wait_for(state="visible")


def screens(page: Page, folder: Path, stem: str) -> list[Path]:
    """Scroll the open notebook from its top to its bottom and save each screen; the files saved."""
    saved = []
    page.mouse.move(0, page.viewport_size["height"] - 1)  # no hover effect (a heading's ¶) on the pictures
    page.evaluate(f"document.querySelector('{_SCROLLER}').scrollTop = 0")
    while True:
        time.sleep(0.3)  # let Vega and MathJax finish what the scroll brought into view
        path = folder / f"{stem}-{len(saved) + 1:02d}.png"
        page.screenshot(path=str(path))
        saved.append(path)
        moved = page.evaluate(
            f"""(overlap) => {{
              const scroller = document.querySelector('{_SCROLLER}');
              const cells = scroller.querySelectorAll('.jp-Cell');
              const last = cells[cells.length - 1].getBoundingClientRect().bottom;
              if (last <= scroller.getBoundingClientRect().bottom) {{ return false; }}  // the rest is blank
              const before = scroller.scrollTop;
              scroller.scrollTop = before + scroller.clientHeight - overlap;
              return scroller.scrollTop > before;
            }}""",
            OVERLAP,
        )
        if not moved:
            return saved


def run(browser: Browser, url: str, width: int, height: int, tries: int = 3) -> Page:
    """A page of ``url`` at the size given, all its cells run. On a loaded machine a Run All sent while the
    kernel is still connecting runs nothing (every cell stays ``[ ]``): then it tries again in a new page."""
    for _ in range(tries - 1):
        page = browser.new_page(viewport={"width": width, "height": height})
        try:
            run_all_cells(page, url)
            return page
        except TimeoutError:
            print(f"    no outputs after Run All at {width}x{height}: trying again", flush=True)
            page.close()
    page = browser.new_page(viewport={"width": width, "height": height})
    run_all_cells(page, url)
    return page


def photograph(source: Path, out: Path, sizes: tuple[tuple[int, int], ...]) -> None:
    """Open ``source`` in a fresh JupyterLab at each size, run it, save its screens and print what it found."""
    folder = out / lesson_language(source)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{source.stem}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(source, root / source.name)
        port = free_port()
        lab = start_lab(root, port)
        for name, settings in SETTINGS.items():
            path = root / ".lab-settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for width, height in sizes:
                    page = run(browser, f"http://127.0.0.1:{port}/lab/tree/{source.name}", width, height)
                    open_file_browser(page)
                    page.evaluate(_UNFOLD)
                    saved = screens(page, folder, f"{source.stem}-{width}")
                    problems = page.evaluate(_PROBLEMS)
                    print(f"{folder.name}/{source.stem} {width}x{height}: {len(saved)} screens", flush=True)
                    for problem in problems:
                        print(f"    {problem}", flush=True)
                    page.close()
                browser.close()
        finally:
            lab.terminate()
            lab.wait(timeout=30)


def size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "lab", help="folder for the pictures")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(size(one) for one in text.split(",")),
        default=SIZES,
        help="browser window sizes, WIDTHxHEIGHT[,WIDTHxHEIGHT...] (default 1024x768,1400x900)",
    )
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    for source in args.notebooks or lesson_sources():
        photograph(source.resolve(), args.out, args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
