"""Finish the pages Sphinx wrote: lean, tagged and accessible. Edits are targeted; the rest stays byte for byte.

For each page of the built site:

- Vega and the chart script only on pages that draw a chart (``figure.o2o-chart``), the
  search index only on the search page, sphinx-design only where a component is used;
- no Font Awesome script (1.5 MB): the few theme icons a page uses become CSS masks
  made from that script's own outlines when the site is built (`icon_css`);
- one copy of each maths glyph outline per page instead of one per formula, and each inline formula kept on
  one line with the punctuation that touches it;
- on an English page, runs of Chinese text wrapped in ``<span lang="zh">`` (the page is ``lang="en"``);
  a Chinese page is ``lang="zh-CN"`` as a whole, and its English runs need no tag;
- the language switch and the ``hreflang`` links of both editions, and the Chinese edition's pages
  loading the static files the two editions share from one place (`site_editions`);
- on a Chinese page, the theme's words that its own translations leave in English (`THEME_TEXTS`,
  the footer's "© Copyright"), from the message catalogue;
- the theme's search button named by what it shows, pandas' empty header cells as
  data cells, and the sidebar's logo inside a landmark (axe-core's rules).

Then `prune` deletes what no page loads: source maps, the Font Awesome script and TTF
fonts, the theme's translation catalogues and Sphinx's build information.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from site_editions import ZH, add_switch, edition, load_shared, share_static, translator

from o2o_models.text import N_

CHINESE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
"""CJK characters and punctuation (no Korean or Japanese text appears in the lessons)."""

TOKENS = re.compile(
    r"<!--.*?-->|<(script|style|svg|textarea|title|option)\b.*?</\1\s*>|<[^>]*>|[^<]+",
    re.DOTALL | re.IGNORECASE,
)
INLINE_MATHS = re.compile(
    r"(?P<open>[(\[（“‘])?<span class=\"math o2o-inline-math\">(?:(?!</svg></span>).)*</svg></span>"
    r"(?P<close>[.,;:!?)\]，。；：！？）、”’]+)?",
    re.DOTALL,
)
"""An inline formula (`site_maths`) with the punctuation on either side of it."""
GLYPHS = re.compile(r'<defs>((?:<path id="MJX-[^"]*" d="[^"]*"/>)+)</defs>')
GLYPH = re.compile(r'<path id="(MJX-[^"]*)" d="[^"]*"/>')
ICON = re.compile(r'class="([^"]*\bfa(?:-solid|-regular|-brands|s|r|b)\b[^"]*)"')
ICON_STYLES = {
    "fa-solid": "fas",
    "fa-regular": "far",
    "fa-brands": "fab",
    "fas": "fas",
    "far": "far",
    "fab": "fab",
}
ICON_MODIFIERS = {*ICON_STYLES, "fa-lg", "fa-xs", "fa-sm", "fa-fw", "fa-2x", "fa-3x"}
ICON_CLASSES = ".fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands"
CHART_SCRIPTS = ("o2o-vega.js", "o2o-charts.js")
SIDEBAR = N_("Site")
"""The accessible name of the landmark around the primary sidebar (the site's navigation and logo)."""
THEME_TEXTS = (
    N_("Toggle primary sidebar"),
    N_("Toggle secondary sidebar"),
    N_("Color mode"),
    N_("System Settings"),
    N_("Search this book..."),
    N_("Main"),
    N_("Page"),
)
"""Attribute values (titles, names, placeholders) the theme writes in English whatever the language:
its templates hold them as plain text, or its Chinese catalogue has no translation for them."""
COPYRIGHT = N_("© Copyright {copyright}.")
"""The footer as the theme writes it, which its Chinese catalogue leaves in English."""


def tag_chinese(page: str) -> str:
    """Wrap each run of Chinese text in the body in ``<span lang="zh">``; markup, scripts and SVG untouched."""
    body = re.search(r"<body\b", page)
    if not body:
        return page
    head, rest = page[: body.start()], page[body.start() :]
    out = []
    for token in TOKENS.finditer(rest):
        text = token.group(0)
        if text.startswith("<"):
            out.append(text)
        else:
            out.append(CHINESE.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', text))
    return head + "".join(out)


def keep_marks_with_maths(page: str) -> str:
    """Each inline formula with the punctuation that touches it (``$c^* = 1 - s$.``, ``($P$)``) in one
    ``<span class="o2o-nowrap">``: a browser may break a line on either side of the formula's SVG, and a
    line that starts with a lone full stop or closing bracket reads as a mistake."""
    return INLINE_MATHS.sub(
        lambda m: f'<span class="o2o-nowrap">{m.group(0)}</span>' if m["open"] or m["close"] else m.group(0), page
    )


def share_glyphs(page: str) -> str:
    """Keep one copy of each maths glyph outline, in a hidden SVG at the top of the body."""
    outlines: dict[str, str] = {}

    def collect(match: re.Match) -> str:
        for glyph in GLYPH.finditer(match.group(1)):
            outlines.setdefault(glyph.group(1), glyph.group(0))
        return ""

    page = GLYPHS.sub(collect, page)
    if not outlines:
        return page
    defs = (
        '<svg class="o2o-math-glyphs" aria-hidden="true" focusable="false" width="0" height="0" '
        'style="position:absolute;overflow:hidden" xmlns="http://www.w3.org/2000/svg"><defs>'
        + "".join(outlines.values())
        + "</defs></svg>"
    )
    return re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + defs, page, count=1)


def accessible_theme(page: str, sidebar: str = SIDEBAR) -> str:
    """Fix what axe-core finds in the theme's markup; ``sidebar`` names the primary sidebar's landmark."""
    # The search button shows "Search Ctrl+K" but was named "Search": let its text name it.
    page = re.sub(r'(<button class="[^"]*\bsearch-button-field\b[^"]*"[^>]*?) aria-label="[^"]*"', r"\1", page)
    # pandas writes an empty header cell above the index: it heads nothing.
    page = re.sub(r"<th( [^>]*)?>\s*(?:<p>\s*</p>\s*)?</th>", r"<td\1></td>", page)
    # The primary sidebar holds the logo outside any landmark.
    page = re.sub(
        r'<div ((?:id="[^"]*" )?class="bd-sidebar-primary bd-sidebar")',
        lambda m: f'<div role="complementary" aria-label="{sidebar}" {m.group(1)}',
        page,
        count=1,
    )
    return page


def translate_theme(page: str, lookup) -> str:
    """The theme's English attribute values (`THEME_TEXTS`) and footer in the edition's language (``lookup``)."""
    for text in THEME_TEXTS:
        page = page.replace(f'="{text}"', f'="{html.escape(lookup(text), quote=True)}"')
    return re.sub(
        r"(<p class=\"copyright\">\s*)© Copyright (.*?)\.(\s*<br/>)",
        lambda m: m.group(1) + lookup(COPYRIGHT).format(copyright=m.group(2)) + m.group(3),
        page,
        count=1,
        flags=re.DOTALL,
    )


def _static(page_path: Path, root: Path, name: str) -> str:
    return Path(os.path.relpath(root / "_static" / name, page_path.parent)).as_posix()


def lean_scripts(page: str, page_path: Path, root: Path) -> str:
    """No Font Awesome script; search, sphinx-design and chart scripts only where the page uses them."""
    page = re.sub(r'<script[^>]*src="[^"]*fontawesome[^"]*"[^>]*></script>\s*', "", page)
    page = re.sub(r'<link[^>]*href="[^"]*fontawesome[^"]*"[^>]*>\s*', "", page)
    if page_path.name != "search.html":  # the theme searches inline only with search_as_you_type, which is off
        page = re.sub(r'<script src="[^"]*(?:searchtools|language_data|searchindex)\.js[^"]*"></script>\s*', "", page)
    if not re.search(r'class="[^"]*\bsd-', page):  # no sphinx-design component on the page
        page = re.sub(r'<link[^>]*href="[^"]*sphinx-design[^"]*"[^>]*>\s*', "", page)
        page = re.sub(r'<script[^>]*src="[^"]*design-tabs\.js[^"]*"></script>\s*', "", page)
    if 'class="o2o-check"' in page:
        page = page.replace(
            "</head>", f'<script defer src="{_static(page_path, root, "o2o-check.js")}"></script>\n</head>', 1
        )
    if 'class="o2o-chart ' in page:
        tags = "".join(f'<script defer src="{_static(page_path, root, name)}"></script>' for name in CHART_SCRIPTS)
        page = page.replace("</head>", tags + "\n</head>", 1)
    return page


def finish_page(path: Path, root: Path, shared: set[str] = frozenset()) -> None:
    """Finish one page of either edition; ``shared``: the Chinese edition's static files published at the root."""
    relative = path.relative_to(root).as_posix()
    page = path.read_text(encoding="utf-8")
    page = lean_scripts(page, path, root)
    page = keep_marks_with_maths(share_glyphs(page))
    lookup = translator(edition(relative))
    page = accessible_theme(page, lookup(SIDEBAR))
    chinese = edition(relative) == ZH
    page = load_shared(translate_theme(page, lookup), shared) if chinese else tag_chinese(page)
    page = add_switch(page, relative, root)  # after the tagging: the switch names each language in its own
    path.write_text(page, encoding="utf-8")


def _icon_sets(fontawesome_js: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """Font Awesome's outlines by style ("fas", ...) and name, aliases included: ``(width, height, path)``."""
    sets: dict[str, dict[str, tuple[int, int, str]]] = {}
    start = 0
    for marker in re.finditer(r'd\("(fa[a-z])",p\)', fontawesome_js):
        icons: dict[str, tuple[int, int, str]] = {}
        entry = re.compile(r'(?:"([a-z0-9-]+)"|\b([a-z0-9]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]')
        for m in entry.finditer(fontawesome_js, start, marker.start()):
            outline = (int(m.group(3)), int(m.group(4)), m.group(6))
            icons[m.group(1) or m.group(2)] = outline
            for alias in re.findall(r'"([a-z0-9-]+)"', m.group(5)):
                icons.setdefault(alias, outline)
        sets.setdefault(marker.group(1), icons)
        start = marker.end()
    return sets


def used_icons(pages: Iterable[str]) -> set[tuple[str, str]]:
    """The (style, name) pairs of the Font Awesome icons the pages show, as ``("fas", "bars")``."""
    used = set()
    for page in pages:
        for classes in ICON.findall(page):
            names = classes.split()
            style = next(ICON_STYLES[n] for n in names if n in ICON_STYLES)
            used |= {(style, n[3:]) for n in names if n.startswith("fa-") and n not in ICON_MODIFIERS}
    return used


def icon_css(fontawesome_js: str, used: set[tuple[str, str]]) -> str:
    """CSS that draws each used icon as a mask of its Font Awesome outline (icons: CC BY 4.0, fontawesome.com).

    Raises
    ------
    ValueError
        If the theme's Font Awesome script has no outline for an icon a page uses.
    """
    sets = _icon_sets(fontawesome_js)
    rules = [
        f":is({ICON_CLASSES}) {{ font-family: inherit !important; }}",
        f":is({ICON_CLASSES})::before {{ content: none !important; }}",
        # flex-shrink: a mask has no glyph to hold its width, and a long next-page title squeezed the › to nothing
        f":where({ICON_CLASSES}) {{ display: inline-block; height: 1em; width: 1em; flex-shrink: 0; "
        "vertical-align: -0.125em; background-color: currentColor; "
        "-webkit-mask: var(--o2o-icon) center / contain no-repeat; mask: var(--o2o-icon) center / contain no-repeat; }",
    ]
    for style, name in sorted(used):
        if name not in sets.get(style, {}):
            raise ValueError(f"no Font Awesome outline for fa-{name} ({style}) in the theme's fontawesome.js")
        width, height, path = sets[style][name]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        selector = ", ".join(f".{css_class}.fa-{name}" for css_class, s in ICON_STYLES.items() if s == style)
        url = "data:image/svg+xml," + quote(svg, safe=" =:/'")
        rules.append(f'{selector} {{ --o2o-icon: url("{url}"); width: {width / height:.4g}em; }}')
    return "\n".join(rules) + "\n"


def finish(root: Path) -> dict[str, int]:
    """Finish every page under ``root`` and prune unused files; return each page's size in bytes."""
    pages = sorted(p for p in root.rglob("*.html") if "_static" not in p.parts)
    fontawesome = root / "_static" / "scripts" / "fontawesome.js"
    if fontawesome.is_file():
        css = icon_css(
            fontawesome.read_text(encoding="utf-8"), used_icons(p.read_text(encoding="utf-8") for p in pages)
        )
        for site_css in (root / "_static" / "o2o-site.css", root / ZH / "_static" / "o2o-site.css"):
            if site_css.is_file():
                with site_css.open("a", encoding="utf-8") as styles:
                    styles.write(
                        "\n/* Theme icons (Font Awesome Free, CC BY 4.0) as masks, made when the site was built. */\n"
                        + css
                    )
    shared = share_static(root) if (root / ZH / "_static").is_dir() else set()
    for page in pages:
        finish_page(page, root, shared)
    prune(root)
    prune(root / ZH)
    return {p.relative_to(root).as_posix(): p.stat().st_size for p in pages}


def prune(root: Path) -> None:
    """Delete what no page of the edition at ``root`` loads (nothing if it has not been built)."""
    if not root.is_dir():
        return
    for path in list(root.rglob("*.map")):
        path.unlink()
    for path in (root / "_static" / "scripts").glob("fontawesome.js*"):
        path.unlink()
    # The theme's CSS draws a few icons (admonitions, external links) with Font Awesome's font:
    # a browser fetches its WOFF2 only for a page that shows one, and never the TTF.
    for path in (root / "_static" / "vendor").rglob("*.ttf"):
        path.unlink()
    for folder in (root / "_static" / "locales", root / ".doctrees", root / "_sources"):
        shutil.rmtree(folder, ignore_errors=True)
    (root / ".buildinfo").unlink(missing_ok=True)


def report(sizes: dict[str, int]) -> str:
    return json.dumps({name: f"{size / 1e3:.0f} kB" for name, size in sizes.items()}, indent=1)
