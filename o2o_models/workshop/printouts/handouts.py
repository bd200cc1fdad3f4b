"""A printable one-page handout per lesson: its key formulas and its key takeaways.

    o2o-handouts [--out _build/handouts]                   # make handouts, in a checkout
    o2o-handouts --lang zh [--out _build/zh/handouts]      # 中文版: make handouts-zh

The formulas are the lesson's displayed equations (``$$...$$`` in Markdown cells that are
not worked solutions or the takeaways), each under the heading of the section it comes from;
the takeaways are the lesson's cell tagged ``takeaways`` (`o2o_models.lessons.markup`).
Print from a browser (A4, one page each). A handout is in its lesson's language (`markup.language`):
``--lang zh`` makes them from the Chinese lessons (``notebooks/zh/``), their own texts in Chinese.
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

import nbformat

from ...interactive.text import _
from ...lessons import markup
from ..classroom import LANGUAGES, lesson_paths
from .printable import lesson_title, markdown_html, page, speaking

DISPLAYED = re.compile(r"\$\$(.+?)\$\$", flags=re.DOTALL)
DEFAULT_OUT = {"en": Path("_build/handouts"), "zh": Path("_build/zh/handouts")}
"""Where each edition's handouts go unless ``--out`` says: the two never overwrite each other."""


def key_formulas(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(section heading, TeX) of each displayed equation, in lesson order, without repeats."""
    found: list[tuple[str, str]] = []
    section = ""
    for cell in notebook.cells:
        if cell.cell_type != "markdown" or markup.is_solution(cell) or markup.has_tag(cell, markup.TAKEAWAYS):
            continue
        for line in cell.source.splitlines():
            if line.startswith("## "):
                section = line[3:].strip()
        for tex in DISPLAYED.findall(cell.source):
            if all(tex.strip() != seen for _, seen in found):
                found.append((section, tex.strip()))
    return found


def handout(path: Path) -> str:
    """The lesson's handout as one HTML page, in the lesson's language.

    Raises
    ------
    ValueError
        If the lesson has no cell tagged ``takeaways``.
    """
    notebook = nbformat.read(path, as_version=4)
    points = markup.takeaways(notebook)
    if points is None:
        raise ValueError(f"{path.name} has no cell tagged {markup.TAKEAWAYS!r} for its handout")
    language = markup.language(notebook)
    with speaking(language):
        title = f"{path.stem[:2]} {lesson_title(notebook)}"
        formulas, heading = "", None
        for section, tex in key_formulas(notebook):
            formulas += (f"<h3>{html.escape(section)}</h3>" if section != heading else "") + markdown_html(f"$${tex}$$")
            heading = section
        note = _("O2O Three Legs, after 谌基平, 虎嗅 huxiu.com, 2014. Handout for lesson {number}.")
        nothing = _("(This lesson has no displayed formula.)")
        formulas_heading, takeaways_heading = _("Key formulas"), _("Key takeaways")
        body = (
            f"<h1>{html.escape(title)}</h1>"
            f'<p class="note">{html.escape(note.format(number=path.stem[:2]))}</p>'
            f"<h2>{html.escape(formulas_heading)}</h2>{formulas or f'<p>{html.escape(nothing)}</p>'}"
            f"<h2>{html.escape(takeaways_heading)}</h2>{markdown_html(points)}"
        )
        return page(title, body, language)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help=f"default: {DEFAULT_OUT['en']}, in Chinese {DEFAULT_OUT['zh']}")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="zh: from the Chinese lessons (中文版)")
    args = parser.parse_args(argv)
    out = args.out or DEFAULT_OUT[args.lang]
    lessons = lesson_paths(language=args.lang)
    if not lessons:
        parser.error(
            f"no lessons in --lang {args.lang} found: reinstall o2o-models (pip install 'o2o-models[trainer]')"
        )
    out.mkdir(parents=True, exist_ok=True)
    for path in lessons:
        (out / f"{path.stem}.html").write_text(handout(path), encoding="utf-8")
    with speaking(args.lang):
        print(_("Wrote {count} handouts to {out}").format(count=len(lessons), out=out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
