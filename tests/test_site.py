"""The rendered site, in a real browser: offline, drawn, and interactive with no kernel.

Builds the site with the README's command into a temporary folder, serves it on
127.0.0.1 and drives Debian's Chromium headless with Playwright. Screenshots of every
page go to ``artifacts/site/`` for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
LESSONS = ["00_introduction", "01_leg1_acquire_and_own", "02_leg2_operations_team", "03_leg3_stable_traffic",
           "04_synthesis"]
ARTIFACTS = ROOT / "artifacts" / "site"
MAX_PAGE_BYTES = 2 * 1024 * 1024

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs Debian's chromium for the browser tests: .ci/run installs it with apt-get")
    pytest.skip("no /usr/bin/chromium here (apt-get install chromium) to run the browser tests",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(out)],
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def _open(browser, url: str):
    """Open ``url``; return the page, its console errors and any request that left the site."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    page.goto(url, wait_until="networkidle")
    return page, errors, outside


def _drawn_charts(page) -> int:
    page.wait_for_function("() => document.querySelectorAll('.o2o-chart').length === "
                           "document.querySelectorAll('.o2o-chart.o2o-drawn').length", timeout=30_000)
    return page.locator(".o2o-chart.o2o-drawn svg.marks").count()


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_page_loads_offline_with_no_console_error_and_draws_every_chart(browser, base_url, lesson) -> None:
    page, errors, outside = _open(browser, f"{base_url}/{lesson}.html")
    charts = page.locator(".o2o-chart").count()
    assert charts >= 1, f"{lesson} shows no chart"
    assert _drawn_charts(page) == charts
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{lesson}.png"), full_page=True)
    page.close()
    assert errors == []
    assert outside == []


@pytest.mark.parametrize("lesson", LESSONS[1:])
def test_moving_a_bound_slider_redraws_the_chart(browser, base_url, lesson) -> None:
    page, errors, _ = _open(browser, f"{base_url}/{lesson}.html")
    _drawn_charts(page)
    box = page.locator(".o2o-chart.o2o-interactive").first
    assert box.count() == 1, f"{lesson} has no kernel-free interactive chart"
    box.scroll_into_view_if_needed()
    before = box.locator("svg.marks").inner_html()
    slider = box.locator("input[type=range]").first
    slider.evaluate("el => { el.value = el.max; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_function("([el, before]) => el.querySelector('svg.marks').innerHTML !== before",
                           arg=[box.element_handle(), before], timeout=10_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(ARTIFACTS / f"{lesson}-slider-moved.png"))
    page.close()
    assert errors == []


def test_the_home_page_links_every_lesson_and_the_glossary(browser, base_url) -> None:
    page, errors, outside = _open(browser, f"{base_url}/index.html")
    links = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for lesson in LESSONS:
        assert any(link and link.startswith(lesson) for link in links), lesson
    assert any(link and link.startswith("glossary") for link in links)
    page.screenshot(path=str(ARTIFACTS / "index.png"))
    page.close()
    assert errors == [] and outside == []


def test_each_lesson_page_weighs_under_two_megabytes(site) -> None:
    for lesson in LESSONS:
        size = (site / f"{lesson}.html").stat().st_size
        assert size < MAX_PAGE_BYTES, f"{lesson}.html is {size / 1e6:.1f} MB"


def test_vega_is_shipped_once_and_shared(site) -> None:
    assert (site / "_static" / "vega-bundle.js").is_file()
    for lesson in LESSONS:
        html = (site / f"{lesson}.html").read_text(encoding="utf-8")
        assert html.count("vega-bundle.js") == 1
        assert "function vegaEmbed" not in html
