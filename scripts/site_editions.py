"""The site in two languages: the English edition at the site's root, the Chinese edition under ``zh/``.

A page and its other edition have the same file name (``01_leg1_acquire_and_own.html`` and
``zh/01_leg1_acquire_and_own.html``); the Chinese edition holds the front page, the glossary,
the search page and each lesson whose Chinese source exists (``notebooks/zh/NN_name.md``).
Each edition is its own Sphinx build (the theme's interface and the search in the page's
language), and `site_pages` finishes both:

- `switch`: at the top of each page, a link to the same page in the other language, named in
  that language ("中文", "English"), or, on an English page with no Chinese edition yet, a note
  that says so in Chinese;
- `alternates`: ``<link rel="alternate" hreflang="...">`` in the head of both editions of a page,
  each naming both (a page names itself too, as search engines ask);
- `share_static`: a file of the Chinese edition's ``_static`` that is byte for byte the English
  edition's (the Vega runtime, the theme's scripts and styles) is published once, at the root,
  and the Chinese pages load that copy, so a reader's browser fetches it once for both.
"""

from __future__ import annotations

import filecmp
import gettext
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from o2o_models.text import DOMAIN, LANGUAGES, LOCALE

ZH = "zh"
"""The Chinese edition's folder under the site's root."""
LANG = {"en": "en", ZH: "zh-CN"}
"""Each edition's language tag, as its ``<html lang>`` and the ``hreflang`` links write it."""
NAMES = {"en": "English", ZH: "中文"}
"""Each language named in itself: the switch that leads to it."""
NO_CHINESE_EDITION = "暂无中文版"
"""On an English page whose lesson has no Chinese edition yet ("no Chinese edition yet")."""


def translator(code: str) -> Callable[[str], str]:
    """The catalogue's look-up for the edition ``code`` ("en" or "zh"): what ``_`` gives in that language."""
    folder = LANGUAGES[code]
    if folder is None:
        return str
    return gettext.translation(DOMAIN, LOCALE, languages=[folder]).gettext


def edition(relative: str) -> str:
    """The edition of a page given by its path under the site's root: "zh" under ``zh/``, else "en"."""
    return ZH if relative.startswith(f"{ZH}/") else "en"


def other(relative: str) -> str:
    """The path under the site's root of the same page in the other edition."""
    return relative[len(ZH) + 1 :] if edition(relative) == ZH else f"{ZH}/{relative}"


def _href(relative: str, target: str) -> str:
    """``target``'s address from the page at ``relative`` (both paths under the site's root; each edition is flat)."""
    if edition(target) == edition(relative):
        return target.rsplit("/", 1)[-1]
    return target if edition(relative) == "en" else f"../{target}"


def switch(relative: str, root: Path) -> str:
    """The language switch of the page at ``relative``: a link to its other edition, or a note that it has none."""
    target = other(relative)
    language = edition(target)
    if not (root / target).is_file():
        return f'<span class="o2o-language o2o-no-edition" lang="{LANG[language]}">{NO_CHINESE_EDITION}</span>'
    return (
        f'<a class="btn btn-sm o2o-language" href="{_href(relative, target)}" hreflang="{LANG[language]}" '
        f'lang="{LANG[language]}">{NAMES[language]}</a>'
    )


def alternates(relative: str, root: Path) -> str:
    """The head's ``hreflang`` links of a page that has both editions (else nothing)."""
    if not (root / other(relative)).is_file():
        return ""
    english = relative if edition(relative) == "en" else other(relative)
    links = {"en": english, ZH: f"{ZH}/{english}"}
    return "".join(
        f'<link rel="alternate" hreflang="{LANG[language]}" href="{_href(relative, path)}">'
        for language, path in links.items()
    )


def add_switch(page: str, relative: str, root: Path) -> str:
    """The page with its language switch first among the article's header buttons and its hreflang links."""
    page = page.replace("</head>", alternates(relative, root) + "\n</head>", 1)
    buttons = '<div class="article-header-buttons">'
    return page.replace(buttons, buttons + switch(relative, root), 1)


def share_static(root: Path) -> set[str]:
    """Delete each file of ``zh/_static`` identical to the root's ``_static``; return their paths there."""
    ours, theirs = root / ZH / "_static", root / "_static"
    shared = set()
    for path in sorted(p for p in ours.rglob("*") if p.is_file()):
        name = path.relative_to(ours).as_posix()
        twin = theirs / name
        if twin.is_file() and filecmp.cmp(path, twin, shallow=False):
            path.unlink()
            shared.add(name)
    for folder in sorted((p for p in ours.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            shutil.rmtree(folder)
    return shared


def load_shared(page: str, shared: set[str]) -> str:
    """A Chinese page that loads each shared static file from the root's ``_static`` (``../_static/...``)."""
    return re.sub(
        r'\b(href|src)="_static/([^"?#]+)',
        lambda m: f'{m.group(1)}="../_static/{m.group(2)}' if m.group(2) in shared else m.group(0),
        page,
    )
