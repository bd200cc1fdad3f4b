"""The answer key: every exercise of every lesson with its worked solution, in one HTML file.

    o2o-answer-key [--out _build/answer-key.html]                   # make answer-key, in a checkout
    o2o-answer-key --lang zh [--out _build/zh/answer-key.html]      # 中文版: make answer-key-zh

An exercise is a Markdown cell marked ``o2o: {exercise: N}``; the code cells after it are its
self-check; its worked solution is the cell marked ``o2o: {solution: N}`` (shown open here,
not folded). See `o2o_models.lessons.markup`. With ``--lang zh`` the key is made from the Chinese
lessons (``notebooks/zh/``, `classroom.lesson_paths`), its own texts in Chinese (`printable.speaking`).
"""

from __future__ import annotations

import argparse
import html
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ...interactive.text import _
from ...lessons import markup
from ..classroom import LANGUAGES, lesson_paths
from .printable import lesson_title, markdown_html, page, speaking

DEFAULT_OUT = {"en": Path("_build/answer-key.html"), "zh": Path("_build/zh/answer-key.html")}
"""Where each edition's key goes unless ``--out`` says: the two never overwrite each other."""


@dataclass
class Exercise:
    question: str
    checks: list[str] = field(default_factory=list)
    solution: str = ""


def exercises(notebook: nbformat.NotebookNode) -> list[Exercise]:
    """The lesson's exercises in order, each with its self-check code and worked solution."""
    found: dict[int, Exercise] = {}
    current = None
    for cell in notebook.cells:
        if markup.exercise(cell) is not None:
            current = markup.exercise(cell)
            found[current] = Exercise(cell.source.rstrip())
        elif markup.is_solution(cell):
            found[markup.solution(cell)].solution = markup.solution_text(cell)
            current = None
        elif cell.cell_type == "code" and current is not None:
            found[current].checks.append(cell.source)
    return list(found.values())


def lessons_language(notebooks: list[nbformat.NotebookNode]) -> str:
    """The language the lessons are in (`markup.language`), "en" for none.

    Raises
    ------
    ValueError
        If the lessons are not all in one language.
    """
    languages = sorted({markup.language(notebook) for notebook in notebooks}) or ["en"]
    if len(languages) > 1:
        raise ValueError(f"lessons in {' and '.join(languages)}: an answer key is made from the lessons of one edition")
    return languages[0]


def answer_key(lessons: list[Path]) -> tuple[str, int]:
    """The answer key as one HTML page in the lessons' language, and how many exercises it holds."""
    notebooks = [nbformat.read(path, as_version=4) for path in lessons]
    language = lessons_language(notebooks)
    with speaking(language):
        return _answer_key(lessons, notebooks, language)


def _answer_key(lessons: list[Path], notebooks: list[nbformat.NotebookNode], language: str) -> tuple[str, int]:
    count = 0
    command = "o2o-answer-key" if language == "en" else f"o2o-answer-key --lang {language}"
    heading, solved = html.escape(_("O2O Three Legs: answer key (for trainers)")), html.escape(_("Worked solution"))
    note = html.escape(
        _("Every exercise with its worked solution, written by {command} from the lessons. Not for students.")
    )
    discussion = html.escape(_("(Discussion: no single answer.)"))
    parts = [f"<h1>{heading}</h1>", f'<p class="note">{note.format(command=f"<code>{command}</code>")}</p>']
    for path, notebook in zip(lessons, notebooks, strict=True):
        parts.append(f"<h2>{html.escape(path.stem[:2])} {html.escape(lesson_title(notebook))}</h2>")
        for exercise in exercises(notebook):
            count += 1
            checks = "".join(f"<pre><code>{html.escape(code)}</code></pre>" for code in exercise.checks)
            solution = (
                f'<div class="solution"><h3>{solved}</h3>{markdown_html(exercise.solution)}</div>'
                if exercise.solution
                else f'<p class="note">{discussion}</p>'
            )
            parts.append(f"<section>{markdown_html(exercise.question)}{checks}{solution}</section>")
    return page(_("O2O Three Legs: answer key"), "\n".join(parts), language), count


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
    out.parent.mkdir(parents=True, exist_ok=True)
    key, count = answer_key(lessons)
    out.write_text(key, encoding="utf-8")
    with speaking(args.lang):
        print(
            _("Wrote the answer key ({count} exercises from {lessons} lessons) to {out}").format(
                count=count, lessons=len(lessons), out=out
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
