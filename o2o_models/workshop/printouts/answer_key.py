"""The answer key: every exercise of every lesson with its worked solution, in one HTML file.

    o2o-answer-key [--out _build/answer-key.html]      # make answer-key, in a checkout

An exercise is a Markdown cell marked ``o2o: {exercise: N}``; the code cells after it are its
self-check; its worked solution is the cell marked ``o2o: {solution: N}`` (shown open here,
not folded). See `o2o_models.lessons.markup`.
"""

from __future__ import annotations

import argparse
import html
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ...lessons import markup
from ..classroom import lesson_paths
from .printable import lesson_title, markdown_html, page


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


def answer_key(lessons: list[Path]) -> tuple[str, int]:
    """The answer key as one HTML page, and how many exercises it holds."""
    count = 0
    parts = [
        "<h1>O2O Three Legs: answer key (for trainers)</h1>",
        '<p class="note">Every exercise with its worked solution, written by <code>o2o-answer-key</code> '
        "from the lessons. Not for students.</p>",
    ]
    for path in lessons:
        notebook = nbformat.read(path, as_version=4)
        parts.append(f"<h2>{html.escape(path.stem[:2])} {html.escape(lesson_title(notebook))}</h2>")
        for exercise in exercises(notebook):
            count += 1
            checks = "".join(f"<pre><code>{html.escape(code)}</code></pre>" for code in exercise.checks)
            solution = (
                f'<div class="solution"><h3>Worked solution</h3>{markdown_html(exercise.solution)}</div>'
                if exercise.solution
                else '<p class="note">(Discussion: no single answer.)</p>'
            )
            parts.append(f"<section>{markdown_html(exercise.question)}{checks}{solution}</section>")
    return page("O2O Three Legs: answer key", "\n".join(parts)), count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("_build/answer-key.html"))
    args = parser.parse_args(argv)
    lessons = lesson_paths()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    key, count = answer_key(lessons)
    args.out.write_text(key, encoding="utf-8")
    print(f"Wrote the answer key ({count} exercises from {len(lessons)} lessons) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
