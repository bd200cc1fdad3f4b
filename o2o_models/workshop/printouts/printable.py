"""Standalone printable pages for trainers: lesson Markdown to HTML, maths typeset as SVG.

Used by `answer_key` and `handouts`. Each page is one HTML file that loads nothing from
outside itself: formulas are typeset when the page is written (MathJax, `maths.tex_svg`),
and the style sheet is inline. A page is in its lessons' language (`markup.language`):
its own texts (headings, notes) come through the message catalogue (`speaking`, ``_``), and
a Chinese page is ``<html lang="zh-CN">`` and set in a Simplified Chinese font (`CHINESE_FONTS`).
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator

import nbformat
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from ...interactive import text
from ...interactive.text import _
from .maths import tex_svg

HTML_LANG = {"en": "en", "zh": "zh-CN"}
"""The ``lang`` of a page in each language a lesson can be in (`text.LANGUAGES`)."""

CHINESE_FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei"'
)
"""Simplified Chinese faces on Linux (fonts-noto-cjk, what the site's build and tests use), macOS and Windows."""

STYLE = f"""
@page {{ size: A4; margin: 14mm 16mm; }}
body {{ font: 10.5pt/1.4 "Noto Sans", {CHINESE_FONTS}, sans-serif; color: #111; max-width: 52em; margin: 1.5em auto; }}
:lang(zh) body {{ font-family: {CHINESE_FONTS}, "Noto Sans", sans-serif; line-height: 1.6; }}
h1 {{ font-size: 17pt; margin: 0 0 0.3em; }} h2 {{ font-size: 13pt; margin: 1.1em 0 0.3em; }}
h3 {{ font-size: 11pt; margin: 0.9em 0 0.2em; }}
pre {{ background: #f4f4f4; padding: 0.5em; white-space: pre-wrap; font-size: 9pt; }}
pre, code {{ font-family: "Noto Sans Mono", "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; }}
blockquote {{ border-left: 3px solid #bbb; margin: 0.4em 0; padding-left: 0.8em; color: #333; }}
.o2o-math {{ max-width: 100%; }} .math.block {{ text-align: center; }} .note {{ color: #555; font-size: 9pt; }}
section {{ break-inside: avoid; border-top: 1px solid #ddd; padding-top: 0.3em; }}
.solution {{ background: #eef6ee; padding: 0.2em 0.8em; }}
"""


PRINTED_EX = 86.0
"""How wide a displayed formula may be, in ex of the text: A4 less its margins is 178 mm, 88.5 ex of 10.5 pt
Noto Sans (7.6 px, as Chromium measures it in either language); a formula MathJax sets wider loses its
equation number off the page's edge, and is set smaller instead (`fitted`)."""
_MIN_WIDTH = re.compile(r'\A<svg [^>]*?style="[^"]*?min-width: ([\d.]+)ex;')


def fitted(svg: str) -> str:
    """A displayed formula's SVG, set smaller when wider than `PRINTED_EX` (its ex are of its own font size)."""
    match = _MIN_WIDTH.match(svg)
    if match is None or float(match.group(1)) <= PRINTED_EX:
        return svg
    return svg.replace(' style="', f' style="font-size: {PRINTED_EX / float(match.group(1)):.3f}em; ', 1)


def _math(content: str, options: dict) -> str:
    display = bool(options.get("display_mode"))
    svg = tex_svg(content, display=display)
    return fitted(svg) if display else svg


_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").use(dollarmath_plugin, renderer=_math)


def markdown_html(source: str) -> str:
    """A lesson's Markdown as HTML, with ``$...$`` and ``$$...$$`` typeset as SVG."""
    return _MARKDOWN.render(source)


def lesson_title(notebook: nbformat.NotebookNode) -> str:
    """The lesson's title: the first ``# `` heading."""
    for cell in notebook.cells:
        match = re.search(r"^# (.+)$", cell.source, flags=re.MULTILINE) if cell.cell_type == "markdown" else None
        if match:
            return match.group(1).strip()
    return _("Lesson")


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, ``_`` gives the page's texts in ``language``; afterwards the language chosen before.

    Raises
    ------
    ValueError
        If ``language`` is not one of `text.LANGUAGES`.
    """
    before = text.language_in_use()
    text.language(language)
    try:
        yield
    finally:
        text.language(before if before in text.LANGUAGES else "en")


def page(title: str, body: str, language: str = "en") -> str:
    """A standalone HTML page in ``language`` (a key of `HTML_LANG`)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[language]}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )
