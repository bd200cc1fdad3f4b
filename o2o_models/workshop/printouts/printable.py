"""Standalone printable pages for trainers: lesson Markdown to HTML, maths typeset as SVG.

Used by `answer_key` and `handouts`. Each page is one HTML file that loads nothing from
outside itself: formulas are typeset when the page is written (MathJax, `maths.tex_svg`),
and the style sheet is inline.
"""

from __future__ import annotations

import html
import re

import nbformat
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from .maths import tex_svg

STYLE = """
@page { size: A4; margin: 14mm 16mm; }
body { font: 10.5pt/1.4 "Noto Sans", "Noto Sans CJK SC", sans-serif; color: #111; max-width: 52em; margin: 1.5em auto; }
h1 { font-size: 17pt; margin: 0 0 0.3em; } h2 { font-size: 13pt; margin: 1.1em 0 0.3em; }
h3 { font-size: 11pt; margin: 0.9em 0 0.2em; }
pre { background: #f4f4f4; padding: 0.5em; white-space: pre-wrap; font-size: 9pt; }
blockquote { border-left: 3px solid #bbb; margin: 0.4em 0; padding-left: 0.8em; color: #333; }
.o2o-math { max-width: 100%; } .note { color: #555; font-size: 9pt; }
section { break-inside: avoid; border-top: 1px solid #ddd; padding-top: 0.3em; }
.solution { background: #eef6ee; padding: 0.2em 0.8em; }
"""


def _math(content: str, options: dict) -> str:
    return tex_svg(content, display=bool(options.get("display_mode")))


_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").use(dollarmath_plugin, renderer=_math)


def markdown_html(text: str) -> str:
    """A lesson's Markdown as HTML, with ``$...$`` and ``$$...$$`` typeset as SVG."""
    return _MARKDOWN.render(text)


def lesson_title(notebook: nbformat.NotebookNode) -> str:
    """The lesson's title: the first ``# `` heading."""
    for cell in notebook.cells:
        match = re.search(r"^# (.+)$", cell.source, flags=re.MULTILINE) if cell.cell_type == "markdown" else None
        if match:
            return match.group(1).strip()
    return "Lesson"


def page(title: str, body: str) -> str:
    """A standalone HTML page."""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )
