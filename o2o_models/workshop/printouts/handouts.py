"""A printable one-page handout per lesson: its key formulas and its key takeaways.

    o2o-handouts [--out _build/handouts]      # make handouts, in a checkout

The formulas are the lesson's displayed equations (``$$...$$`` in Markdown cells that are
not worked solutions or the takeaways), each under the heading of the section it comes from;
the takeaways are the lesson's cell tagged ``takeaways`` (`o2o_models.lessons.markup`).
Print from a browser (A4, one page each).
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

import nbformat

from ...lessons import markup
from ..classroom import lesson_paths
from .printable import lesson_title, markdown_html, page

DISPLAYED = re.compile(r"\$\$(.+?)\$\$", flags=re.DOTALL)


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
    """The lesson's handout as one HTML page.

    Raises
    ------
    ValueError
        If the lesson has no cell tagged ``takeaways``.
    """
    notebook = nbformat.read(path, as_version=4)
    points = markup.takeaways(notebook)
    if points is None:
        raise ValueError(f"{path.name} has no cell tagged {markup.TAKEAWAYS!r} for its handout")
    title = f"{path.stem[:2]} {lesson_title(notebook)}"
    formulas, heading = "", None
    for section, tex in key_formulas(notebook):
        formulas += (f"<h3>{html.escape(section)}</h3>" if section != heading else "") + markdown_html(f"$${tex}$$")
        heading = section
    body = (
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="note">O2O Three Legs, after 谌基平, 虎嗅 huxiu.com, 2014. Handout for lesson {path.stem[:2]}.</p>'
        f"<h2>Key formulas</h2>{formulas or '<p>(This lesson has no displayed formula.)</p>'}"
        f"<h2>Key takeaways</h2>{markdown_html(points)}"
    )
    return page(title, body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("_build/handouts"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in lesson_paths():
        (args.out / f"{path.stem}.html").write_text(handout(path), encoding="utf-8")
    print(f"Wrote {len(lesson_paths())} handouts to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
