"""The markup of a lesson: what its cells are, read from metadata, not from their text.

A lesson's source is ``notebooks/NN_name.md`` (MyST Markdown, paired with the notebook by
jupytext); ``make notebooks`` turns it into the executed ``NN_name.ipynb``. The markup:

Notebook metadata (the front matter of the ``.md``)
    ``o2o: {lesson_module: o2o_models.lessons.leg1}``, the module the lesson imports as ``lesson``;
    ``o2o: {lang: zh}`` for a lesson in Chinese (English, ``en``, when absent), whose setup cell
    then calls ``lesson.language("zh")`` (`language`, `setup_language`).
Every cell
    ``name: voucher-panel``, its stable name; it becomes the notebook cell's id.
``o2o: {exercise: 3}``
    The Markdown cell that states exercise 3; the code cells after it are its self-check.
``o2o: {solution: 3}``
    Where the worked solution of exercise 3 goes. The source holds only a comment; the
    notebook cell gets the lesson's ``WORKBOOK`` text (`solution_markdown`), written once,
    and the tag ``solution`` for tools that read tags (JupyterLab's, Jupyter Book's).
``o2o: {panel: voucher_panel}``
    The code cell that shows the lesson module's panel ``voucher_panel``.
Tags
    ``setup`` (the cell that imports the models), ``takeaways`` (the key takeaways, under
    their own heading), ``notebook-only`` (left off the site) and ``site-only`` (text for the
    site only, hidden in the notebook as an HTML comment, `site_text`).

Every reader of the lessons (the notebook build, the site, the answer key, the handouts,
the student copies and the tests) reads the markup through these functions.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from types import ModuleType

from ..text import N_, _

NOTEBOOK_ONLY = "notebook-only"
SITE_ONLY = "site-only"
TAKEAWAYS = "takeaways"
SOLUTION = "solution"
SETUP = "setup"
SOLUTION_SUMMARY = N_("Worked solution (for trainers)")
"""The fold's title, shown in the lesson's language."""
_HIDDEN = re.compile(r"\A<!--\n(.*)\n-->\Z", re.DOTALL)
_DETAILS = re.compile(r"\A<details><summary>[^<]*</summary>\n\n(.*)\n\n</details>\Z", re.DOTALL)


def _o2o(cell_or_notebook: Mapping) -> Mapping:
    return cell_or_notebook.get("metadata", {}).get("o2o", {})


def lesson_module_name(notebook: Mapping) -> str | None:
    """The dotted name of the lesson module the notebook declares, or None."""
    return _o2o(notebook).get("lesson_module")


def lesson_module(notebook: Mapping) -> ModuleType | None:
    """The lesson module the notebook declares, imported; None if it declares none."""
    name = lesson_module_name(notebook)
    return importlib.import_module(name) if name else None


def language(notebook: Mapping) -> str:
    """The language the notebook's front matter declares (``o2o: {lang: zh}``); "en" when it declares none."""
    return _o2o(notebook).get("lang", "en")


_CHOOSES = re.compile(r"""^lesson\.language\(["']([A-Za-z_-]+)["']\)\s*$""", re.MULTILINE)


def setup_language(notebook: Mapping) -> str:
    """The language the setup cell chooses with ``lesson.language("zh")``; "en" when it calls none.
    A lesson is in the language its front matter declares when the two agree (tests/test_messages.py)."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code" and has_tag(cell, SETUP):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            chosen = _CHOOSES.findall(source)
            return chosen[-1] if chosen else "en"
    return "en"


def name(cell: Mapping) -> str:
    """The cell's stable name: ``name`` in its metadata (a source), else its id (a notebook)."""
    return cell.get("metadata", {}).get("name") or cell.get("id", "")


def tags(cell: Mapping) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def has_tag(cell: Mapping, tag: str) -> bool:
    return tag in tags(cell)


def exercise(cell: Mapping) -> int | None:
    """The number of the exercise the cell states, or None."""
    return _o2o(cell).get("exercise")


def solution(cell: Mapping) -> int | None:
    """The number of the exercise whose worked solution the cell holds, or None."""
    return _o2o(cell).get("solution")


def is_solution(cell: Mapping) -> bool:
    return solution(cell) is not None


def panel(cell: Mapping) -> str | None:
    """The name of the lesson module's panel the cell shows, or None."""
    return _o2o(cell).get("panel")


def cells_by_name(notebook: Mapping) -> dict[str, Mapping]:
    return {name(cell): cell for cell in notebook["cells"]}


def solution_markdown(working: str) -> str:
    """A worked solution as the notebook shows it: folded, for trainers."""
    return f"<details><summary>{_(SOLUTION_SUMMARY)}</summary>\n\n{working}\n\n</details>"


def solution_text(cell: Mapping) -> str:
    """The worked solution's own text, without its fold."""
    source = cell["source"]
    unfolded = _DETAILS.match(source)
    return unfolded.group(1).strip() if unfolded else source.strip()


def hidden(text: str) -> str:
    """Site-only text as the notebook holds it: an HTML comment, which JupyterLab shows as nothing."""
    return f"<!--\n{text}\n-->"


def site_text(cell: Mapping) -> str:
    """The text of a Markdown cell as the site shows it: site-only text unwrapped from its comment."""
    source = cell["source"]
    shown = _HIDDEN.match(source) if has_tag(cell, SITE_ONLY) else None
    return shown.group(1) if shown else source


def takeaways(notebook: Mapping) -> str | None:
    """The Markdown of the lesson's key takeaways, without their heading; None if the lesson has none."""
    for cell in notebook["cells"]:
        if has_tag(cell, TAKEAWAYS):
            lines = cell["source"].splitlines()
            body = lines[1:] if lines and lines[0].startswith("#") else lines
            return "\n".join(body).strip()
    return None
