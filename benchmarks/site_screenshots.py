"""Pictures of every page of the static site, both editions, light and dark, to look at (issues 19 and 21).

    python scripts/build_site.py --out /tmp/site
    python benchmarks/site_screenshots.py /tmp/site [--out artifacts/site] [--sizes 390x844,1400x900]
        [--modes light,dark] [--full-page] [PAGE ...]

Serves the built site on 127.0.0.1 (Python's http.server, in a thread) and opens every HTML page of
both editions (`site_editions`: the English at the root, the Chinese under ``zh/``; or only the pages
named, as ``01_leg1_acquire_and_own`` or ``zh/index``) in headless Chromium at each size and in each
colour mode. Dark mode is the reader's choice as the theme keeps it (``localStorage`` ``theme`` and
``mode``), set before the page loads. Once every chart is drawn, the page is scrolled from top to
bottom a screen at a time (each screen overlaps the last by `OVERLAP` pixels) and each screen saved,
``OUT/<edition>/<page>-<width>-<mode>-NN.png`` (or one full-page picture, ``...-<mode>-full.png``).

It measures nothing and passes no judgement: it prints, per page, size and mode, how many screens it
saved and what a reader should never meet, found in the page: an element whose box runs past the
window's right edge with no ancestor that scrolls or clips it, console errors, images with no ``alt``,
axe-core's violations (colour contrast among them, so in both modes; axe-core as ``tests/test_site.py``
installs it) and, on a Chinese page, runs of English prose in the article.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from browser_latency import CHROMIUM, CHROMIUM_ARGS, ROOT  # noqa: E402
from lab_screenshots import size  # noqa: E402
from site_editions import ZH, edition  # noqa: E402

SIZES = ((390, 844), (1400, 900))
MODES = ("light", "dark")
OVERLAP = 48
"""Pixels each screen repeats from the one above it (below the sticky header), so that no line is cut between two
pictures."""
AXE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "o2o-npm" / "node_modules" / "axe-core"
AXE = AXE / "axe.min.js"
"""axe-core, where ``tests/test_site.py`` installs it from the npm registry (the pages are checked without it)."""

# The theme scrolls smoothly: "instant" moves the page at once, before the next picture.
_TOP = "window.scrollTo({top: 0, behavior: 'instant'})"
_DRAWN = "() => [...document.querySelectorAll('figure.o2o-chart')].every(box => box.matches('.o2o-drawn, .o2o-failed'))"
_PROBLEMS = r"""(chinese) => {
  const problems = [];
  const edge = document.documentElement.clientWidth;
  if (document.scrollingElement.scrollWidth > window.innerWidth) {
    problems.push(`the page scrolls sideways: ${document.scrollingElement.scrollWidth} px ` +
      `in a ${window.innerWidth} px window`);
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].slice(0, 3).map((c) => '.' + c).join('');
  const held = (el) => {  // an ancestor that scrolls or clips it keeps it from widening the page
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { return true; }
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= edge + 1) { continue; }
    if (getComputedStyle(el).visibility === 'hidden' || held(el)) { continue; }
    if (wide.some((outer) => outer.contains(el))) { continue; }  // its container is named already
    wide.push(el);
    problems.push(`past the right edge by ${Math.round(box.right - edge)} px: ${name(el)} ` +
      `"${(el.innerText || el.textContent || '').trim().slice(0, 50)}"`);
  }
  for (const img of document.querySelectorAll('img:not([alt])')) {
    problems.push(`an image with no alt: ${img.getAttribute('src')}`);
  }
  if (chinese) {
    const SKIP = 'script, style, pre, code, svg, .math, .o2o-chart-spec, [lang="en"], .o2o-language';
    const ENGLISH = /[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){3,}/;
    const article = document.querySelector('article') || document.body;
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(SKIP)) { continue; }
      const run = node.textContent.match(ENGLISH);
      if (run) { problems.push(`English on a Chinese page: "${run[0].slice(0, 60)}" in ${name(node.parentElement)}`); }
    }
  }
  return problems;
}"""
_AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .map((v) => `axe ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}; ` +
    v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 from a thread; its base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def site_pages(site: Path) -> list[str]:
    """Every HTML page of both editions, by its path under the site's root less ``.html``: English first."""
    pages = [p.relative_to(site).with_suffix("").as_posix() for p in site.rglob("*.html")]
    pages = [p for p in pages if p.count("/") == (1 if edition(p) == ZH else 0)]  # not _static's or _downloads'
    return sorted(pages, key=lambda p: (edition(p) == ZH, p))


def screens(page: Page, stem: Path, full_page: bool) -> list[Path]:
    """Save the page from its top to its bottom a screen at a time (or whole); the files saved."""
    page.mouse.move(0, page.viewport_size["height"] - 1)  # no hover effect on the pictures
    if full_page:
        path = stem.with_name(f"{stem.name}-full.png")
        page.screenshot(path=str(path), full_page=True)
        return [path]
    saved = []
    page.evaluate(_TOP)
    while True:
        time.sleep(0.2)  # let the theme's sticky header and Vega settle after the scroll
        path = stem.with_name(f"{stem.name}-{len(saved) + 1:02d}.png")
        page.screenshot(path=str(path))
        saved.append(path)
        moved = page.evaluate(
            """(overlap) => {
              const before = window.scrollY;
              const header = document.querySelector('.bd-header');  // sticky: it hides the top of each screen
              const hidden = header ? header.getBoundingClientRect().height : 0;
              window.scrollTo({top: before + window.innerHeight - hidden - overlap, behavior: 'instant'});
              return window.scrollY > before;
            }""",
            OVERLAP,
        )
        if not moved:
            return saved


def photograph(browser: Browser, url: str, name: str, size: tuple[int, int], mode: str, out: Path, full_page: bool):
    """Open the page ``name`` at ``size`` in ``mode``, save its screens and print what it found."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=mode)
    context.add_init_script(f"localStorage.setItem('theme', '{mode}'); localStorage.setItem('mode', '{mode}');")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: errors.append(f"HTTP {response.status} {response.url}") if response.status >= 400 else None,
    )
    page.goto(f"{url}/{name}.html", wait_until="networkidle")
    page.wait_for_function(_DRAWN, timeout=30_000)
    page.evaluate("document.fonts.ready")
    chinese = edition(name) == ZH
    folder = out / edition(name)
    page_stem = name.split("/", 1)[-1]
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{page_stem}-{width}-{mode}-*.png"):
        old.unlink()
    saved = screens(page, folder / f"{page_stem}-{width}-{mode}", full_page)
    page.evaluate(_TOP)
    problems = page.evaluate(_PROBLEMS, chinese)
    if AXE.is_file():
        page.add_script_tag(path=str(AXE))
        problems += page.evaluate(_AXE)
    shown = page.evaluate("document.documentElement.dataset.theme")
    if shown != mode:
        problems.append(f"the page shows the {shown} theme, not {mode}")
    print(f"{name} {width}x{height} {mode}: {len(saved)} screens", flush=True)
    for problem in [*(f"console: {e[:200]}" for e in errors), *problems]:
        print(f"    {problem}", flush=True)
    context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site's folder (scripts/build_site.py --out)")
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "site", help="folder for the pictures")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(size(one) for one in text.split(",")),
        default=SIZES,
        help="browser window sizes, WIDTHxHEIGHT[,WIDTHxHEIGHT...] (default 390x844,1400x900)",
    )
    parser.add_argument("--modes", type=lambda text: tuple(text.split(",")), default=MODES, help="light,dark")
    parser.add_argument("--full-page", action="store_true", help="one picture of each whole page")
    parser.add_argument("pages", nargs="*", help="pages by their path less .html (default: every page)")
    args = parser.parse_args(argv)
    if not AXE.is_file():
        print(f"no axe-core at {AXE} (tests/test_site.py installs it): no accessibility check", flush=True)
    with serving(args.site.resolve()) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in args.pages or site_pages(args.site):
            for window in args.sizes:
                for mode in args.modes:
                    photograph(browser, url, name, window, mode, args.out, args.full_page)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
