"""The lessons as a student sees them in JupyterLab, in headless Chromium: a student's copies, run top to bottom.

At a laptop's 1024 px with the file browser open and at 1400 px, every panel's chart is drawn
inside its box (no mark or label cut at the right), and so is every chart shown outside a panel;
no lever's label is cut short, no menu or button runs past the panel, a model's code shown in an
output keeps its lines whole (with a shadow at the edge where a line runs on), and lesson 03's
traffic panel shows its nine levers and its chart on one screen (a screenshot of it at each width
goes to ``artifacts/lab/`` for a person to look at; every lesson top to bottom:
``benchmarks/lab_screenshots.py``). With a slider focused, the keys of JupyterLab's command
shortcuts ("d d" deletes a cell, "a" inserts one) stay in the panel.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from o2o_models.workshop.classroom import get_lessons

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs Debian's chromium for the browser tests: .ci/run installs it with apt-get")
    pytest.skip("no /usr/bin/chromium here (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
latency = pytest.importorskip("benchmarks.browser_latency")

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "lab"
LESSONS = [path.stem for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
WIDTHS = (1400, 1024)
HEIGHT = 900

LAYOUT = """(panel) => {
  const chart = panel.querySelector('[data-o2o-draws]'), drawn = chart.querySelector('canvas, svg');
  const box = chart.getBoundingClientRect(), marks = drawn.getBoundingClientRect();
  const levers = panel.querySelector('.o2o-levers').getBoundingClientRect();
  return {
    title: (panel.querySelector('.widget-html b') || {}).textContent || '',
    fits: marks.right <= box.right + 1 && chart.scrollWidth <= chart.clientWidth + 1,
    marksRight: marks.right, boxRight: box.right,
    cutLabels: [...panel.querySelectorAll('.widget-label')]
      .filter((label) => label.scrollWidth > label.clientWidth + 1).map((label) => label.textContent),
    leversTop: levers.top, chartBottom: box.bottom,
    cutControls: [...panel.querySelectorAll('.o2o-top > *, .o2o-lever')]
      .filter((control) => control.getBoundingClientRect().right > panel.getBoundingClientRect().right + 1)
      .map((control) => control.textContent.trim() || control.className),
  };
}"""


ALONE = """(chart) => chart.getBoundingClientRect().right - chart.parentElement.getBoundingClientRect().right"""
"""How far a chart outside a panel (``lesson.gain_chart()``) runs past the right edge of its output."""


def _overrun(page, chart) -> float:
    """``chart`` scrolled into view, once it fits its output or soon after: how far it runs past the output's edge."""
    chart.evaluate("(chart) => chart.scrollIntoView({block: 'center'})")  # its cell drawn, as on a student's screen
    with contextlib.suppress(sync_api.TimeoutError):  # the assertion says by how much
        page.wait_for_function(f"(chart) => ({ALONE})(chart) <= 1", arg=chart, timeout=10_000)
    return chart.evaluate(ALONE)


def _looked_at(page, panel) -> dict:
    """``panel`` scrolled into view (JupyterLab lays out only what is on screen), once its chart fits or soon after."""
    panel.scroll_into_view_if_needed()
    try:  # the chart refits to its room: a moment on a busy machine
        panel.wait_for_element_state("stable")
        page.wait_for_function(f"(panel) => ({LAYOUT})(panel).fits", arg=panel, timeout=10_000)
    except sync_api.TimeoutError:
        pass  # the assertions say which chart does not fit
    return panel.evaluate(LAYOUT)


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("student")
    get_lessons(root / "o2o-lessons")
    port = latency.free_port()
    server = latency.start_lab(root, port)
    yield f"http://127.0.0.1:{port}/lab/tree/o2o-lessons"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=latency.CHROMIUM_ARGS)
        yield browser
        browser.close()


def _run(browser, lab: str, lesson: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": HEIGHT})
    latency.run_all_cells(page, f"{lab}/{lesson}.ipynb?reset")
    assert page.is_visible(".jp-FileBrowser"), "the file browser is open, as a student has it"
    return page


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_chart_and_label_is_inside_its_box_at_1400_and_1024_px(browser, lab: str, lesson: str) -> None:
    page = _run(browser, lab, lesson, WIDTHS[0])
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            panels = page.query_selector_all(".o2o-panel")
            assert panels, "the lesson shows its panels"
            for handle in panels:
                panel = _looked_at(page, handle)
                where = f"{lesson} at {width} px, {panel['title']!r}: marks end at {panel['marksRight']:.0f}"
                assert panel["fits"], f"{where}, the box at {panel['boxRight']:.0f}"
                assert panel["cutLabels"] == [], where
                assert panel["cutControls"] == [], f"{where}; these run past the panel's right edge"
                # The traffic panel's nine levers (in columns) and its chart share one screen, at 1400x900 and at
                # 1024 px with the file browser open (issue 19, 6): a student sees the chart move with a slider.
                if lesson.startswith("03") and panel["title"].startswith("Stable traffic"):
                    toolbar = page.query_selector(".jp-NotebookPanel-toolbar").bounding_box()
                    status = page.query_selector("#jp-main-statusbar").bounding_box()
                    room = status["y"] - (toolbar["y"] + toolbar["height"])
                    ARTIFACTS.mkdir(parents=True, exist_ok=True)
                    handle.screenshot(path=str(ARTIFACTS / f"{lesson}-traffic-{width}.png"))
                    assert panel["chartBottom"] - panel["leversTop"] <= room, f"{where}; {room:.0f} px of room"
            # A model's code in an output (``lesson.source``, a hint) or in a Markdown cell (a trainer's worked
            # solution) keeps each line whole: JupyterLab breaks an output's lines anywhere, which cut "ArrayLike" in
            # two at 1024 px, and wraps a Markdown cell's long lines back to its first column.
            for block in page.query_selector_all(".jp-OutputArea-output pre:has(> code), .jp-MarkdownOutput pre"):
                style = block.evaluate(
                    "(pre) => [pre, pre.firstElementChild].map((e) => getComputedStyle(e))"
                    ".flatMap((style) => [style.whiteSpace, style.wordBreak])"
                )
                assert style == ["pre", "normal"] * 2, f"{lesson} at {width} px, {block.inner_text()[:40]!r}: {style}"
                # a block wider than its cell says so at its edge: an overlay scrollbar shows only while scrolling
                cue = block.evaluate(
                    "(pre) => pre.scrollWidth <= pre.clientWidth + 1 || getComputedStyle(pre).backgroundImage"
                )
                assert cue is True or "radial-gradient" in cue, f"{lesson} at {width} px, {block.inner_text()[:40]!r}"
            for chart in page.query_selector_all(".jp-OutputArea-output > [data-o2o-draws]"):  # outside a panel
                label = chart.get_attribute("aria-label")[:60]
                assert _overrun(page, chart) <= 1, f"{lesson} at {width} px, the chart {label!r} runs past its cell"
    finally:
        page.close()


def _cells(page) -> int:
    """How many cells the notebook has, from the status bar ("Cell 3/54"): the page draws only those on screen."""
    text = page.locator(".jp-StatusBar-Item", has_text=re.compile(r"Cell \d+/\d+")).first.inner_text()
    return int(re.search(r"Cell \d+/(\d+)", text).group(1))


def test_shortcut_keys_on_a_focused_slider_leave_the_notebooks_cells_alone(browser, lab: str) -> None:
    page = _run(browser, lab, LESSONS[0], WIDTHS[0])
    try:
        handle = page.query_selector(".o2o-panel .noUi-handle, .o2o-panel [role=slider]")
        handle.scroll_into_view_if_needed()
        # The panel keeps its keys once its chart is drawn in it; on a slow machine that is after Run All is done.
        page.wait_for_function("(h) => h.closest('.o2o-panel').dataset.o2oKeepsKeys", arg=handle, timeout=30_000)
        handle.focus()
        box = page.query_selector(".o2o-panel .o2o-box input")
        cells, before = _cells(page), box.input_value()
        for keys in (("d", "d"), ("a",), ("b",), ("x",)):  # delete, insert above, insert below, cut
            for key in keys:
                page.keyboard.press(key)
            page.wait_for_timeout(300)
            assert _cells(page) == cells, keys
        page.keyboard.press("ArrowRight")  # and the slider still takes its own keys
        page.wait_for_function("([box, before]) => box.value !== before", arg=[box, before], timeout=10_000)
    finally:
        page.close()
