"""Build the executed lessons from their text sources, and check that they are fresh.

    python scripts/notebooks.py run [--all] [LESSON ...]   # build and execute the stale lessons
    python scripts/notebooks.py check                      # fail if any lesson is stale

A lesson's source is ``notebooks/NN_name.md`` (MyST Markdown, jupytext), and its Chinese edition's
``notebooks/zh/NN_name.md`` (`o2o_models.lessons.translation`); readers online and students see
``NN_name.ipynb`` beside each source, which `run` makes from it: each cell gets its ``name`` as its
id, each worked solution is written from the lesson's ``WORKBOOK`` in the lesson's language
(`o2o_models.lessons.markup`), and the notebook is executed top to bottom with a fresh kernel
(working folder: the source's, ``notebooks/`` or ``notebooks/zh/``).

Executing twice gives the same bytes: no timestamps, widget ids made from the cell's name,
and the lessons' tables have fixed ids. A notebook is written only when its bytes change.

``notebooks/fingerprints.json`` records, for each lesson (by `lesson_key`: ``00_introduction``,
``zh/00_introduction``), the SHA-256 of its source and of every file its outputs depend on: the
``o2o_models`` modules the kernel had imported at the end, and the ``data/`` files and message
catalogue (a Chinese lesson's ``o2o_models/locale/.../o2o.mo``) it opened (an audit hook the
runner installs in the kernel before the first cell; the notebook does not show it). A lesson
is stale when one of these changed, or when its notebook's cells are not its source's. `run`
with no lesson names executes only the stale ones; ``--all`` or naming lessons forces them.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
import time
import uuid
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.util import run_sync

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FINGERPRINTS = NOTEBOOKS / "fingerprints.json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ADDRESS = re.compile(r" at 0x[0-9a-f]+>")
sys.path.insert(0, str(ROOT))

from o2o_models.lessons import markup, translation  # noqa: E402

CHINESE = NOTEBOOKS / translation.CHINESE
CATALOGUES = "o2o_models/locale/"

# Run in the kernel before the first cell, silently (no execution count, no output): records
# every file opened under data/ and o2o_models/locale/ (a Chinese lesson's message catalogue).
AUDIT = f"""
def _o2o_audit(event, args, _opened=set(), _data={(str(ROOT / "data"), str(ROOT / CATALOGUES))!r}):
    if event == "open" and isinstance(args[0], (str, _o2o_os.PathLike)):
        path = _o2o_os.path.abspath(_o2o_os.fspath(args[0]))
        if path.startswith(_data):
            _opened.add(path)
import os as _o2o_os, sys as _o2o_sys
_o2o_sys.addaudithook(_o2o_audit)
"""
# Asked of the kernel after the last cell: the o2o_models files imported and the data files opened.
DEPENDENCIES = (
    "sorted({m.__file__ for n, m in __import__('sys').modules.items()"
    " if (n == 'o2o_models' or n.startswith('o2o_models.')) and getattr(m, '__file__', None)}"
    " | _o2o_audit.__defaults__[0])"
)


def lesson_sources() -> list[Path]:
    """The lessons' sources in order: the English ``notebooks/NN_*.md``, then the Chinese ``notebooks/zh/NN_*.md``."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.md")) + sorted(CHINESE.glob("[0-9][0-9]_*.md"))


def lesson_paths() -> list[Path]:
    """The executed lessons in order, one per source: ``notebooks/NN_*.ipynb``, then ``notebooks/zh/NN_*.ipynb``."""
    return [source.with_suffix(".ipynb") for source in lesson_sources()]


def lesson_key(path: Path) -> str:
    """A lesson's name in the fingerprints and the messages: ``00_introduction``, or ``zh/00_introduction``."""
    return path.resolve().with_suffix("").relative_to(NOTEBOOKS).as_posix()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(source: Path) -> nbformat.NotebookNode:
    """The lesson's notebook before execution: names as ids, worked solutions and site-only text filled in."""
    notebook = jupytext.read(source, fmt="md:myst")
    notebook.metadata.pop("jupytext", None)
    module = markup.lesson_module(notebook)
    workbook = getattr(module, "WORKBOOK", None)
    questions = workbook.questions if workbook else {}
    if module is None or markup.language(notebook) == "en":
        _fill(notebook, questions, source)
        return notebook
    module.language(markup.language(notebook))  # every lesson module offers it (lessons.common.EVERY_LESSON)
    try:
        _fill(notebook, questions, source)
    finally:
        module.language("en")
    return notebook


def _fill(notebook: nbformat.NotebookNode, questions: dict, source: Path) -> None:
    """Each cell's name as its id, each worked solution written (in the language chosen), site-only text hidden."""
    for cell in notebook.cells:
        if "name" not in cell.metadata:
            first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else "(empty)"
            raise ValueError(f"{source.name}: the cell starting {first!r} has no name: give it `name: ...`")
        cell.id = cell.metadata.pop("name")
        number = markup.solution(cell)
        if number is not None:
            if number not in questions:
                raise ValueError(f"{source.name}: solution {number} has no exercise {number} in the lesson's WORKBOOK")
            cell.source = markup.solution_markdown(questions[number].working())
            cell.metadata["tags"] = [*markup.tags(cell), markup.SOLUTION]
        elif markup.has_tag(cell, markup.SITE_ONLY) and cell.cell_type == "markdown":
            cell.source = markup.hidden(cell.source)


def _cells(notebook: nbformat.NotebookNode) -> list[tuple]:
    return [
        (c.id, c.cell_type, c.source, {k: v for k, v in c.metadata.items() if k != "execution"}) for c in notebook.cells
    ]


def matches_source(path: Path, built: nbformat.NotebookNode | None = None) -> bool:
    """Whether the notebook's cells (names, kinds, text, markup) are those its source builds."""
    if not path.exists():
        return False
    built = build(path.with_suffix(".md")) if built is None else built
    return _cells(nbformat.read(path, as_version=4)) == _cells(built)


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What changes from one execution to the next, fixed: widget views get model ids made from their
    cell's name, and plain-text reprs lose their memory addresses ("<Styler at 0x7f...>")."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for index, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                data[WIDGET_MIME]["model_id"] = uuid.uuid5(uuid.NAMESPACE_URL, f"o2o:{cell.id}:{index}").hex
            if "text/plain" in data:
                data["text/plain"] = ADDRESS.sub(">", data["text/plain"])
    return notebook


def execute(source: Path, timeout: int = 600) -> tuple[nbformat.NotebookNode, dict]:
    """Build and execute the lesson; return the notebook and its fingerprint record."""
    notebook = build(source)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(source.parent)}},
        store_widget_state=False,
        record_timing=False,
    )
    with client.setup_kernel():
        run_sync(client.kc.execute_interactive)(AUDIT, silent=True, store_history=False, timeout=timeout)
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        reply = run_sync(client.kc.execute_interactive)(
            "", silent=True, store_history=False, user_expressions={"found": DEPENDENCIES}, timeout=timeout
        )
    found = reply["content"]["user_expressions"]["found"]
    if found.get("status") != "ok":
        raise RuntimeError(f"{source.name}: could not read the kernel's dependencies: {found}")
    files = [Path(p).resolve() for p in ast.literal_eval(found["data"]["text/plain"])]
    elsewhere = [str(p) for p in files if not p.is_relative_to(ROOT)]
    if elsewhere:
        raise RuntimeError(
            f"{source.name}: the kernel imported {elsewhere[0]}, not this checkout's: set PYTHONPATH={ROOT}"
        )
    return normalise(notebook), record(source, files)


def record(source: Path, files: list[Path]) -> dict:
    """The fingerprint record of a lesson: its source's digest and each dependency's, by path from the root."""
    depends = {str(p.relative_to(ROOT)): _digest(p) for p in files}
    return {"source": _digest(source), "depends": dict(sorted(depends.items()))}


def read_fingerprints() -> dict:
    return json.loads(FINGERPRINTS.read_text(encoding="utf-8")) if FINGERPRINTS.exists() else {}


def why_stale(source: Path, fingerprints: dict | None = None) -> str | None:
    """Why the lesson's notebook is out of date with its source or its dependencies; None if it is fresh."""
    fingerprints = read_fingerprints() if fingerprints is None else fingerprints
    path = source.with_suffix(".ipynb")
    seen = fingerprints.get(lesson_key(source))
    if seen is None:
        return "it was never executed"
    if seen["source"] != _digest(source):
        return f"{lesson_key(source)}.md changed"
    if source.parent == CHINESE and not any(name.startswith(CATALOGUES) for name in seen["depends"]):
        return "its message catalogue was not recorded"
    for name, digest in seen["depends"].items():
        if not (ROOT / name).exists() or _digest(ROOT / name) != digest:
            return f"{name} changed"
    if not matches_source(path):
        return f"{lesson_key(path)}.ipynb does not hold the cells {lesson_key(source)}.md builds"
    return None


def stale(paths: list[Path]) -> list[Path]:
    """The lessons (``.ipynb`` or ``.md`` paths) whose notebook is out of date."""
    fingerprints = read_fingerprints()
    return [path for path in paths if why_stale(path.with_suffix(".md"), fingerprints)]


def write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def run(sources: list[Path], force: bool) -> None:
    fingerprints = read_fingerprints()
    for source in sources:
        reason = why_stale(source, fingerprints)
        if not (force or reason):
            print(f"{lesson_key(source)}: fresh", flush=True)
            continue
        started = time.perf_counter()
        notebook, fingerprints[lesson_key(source)] = execute(source)
        written = write_if_changed(source.with_suffix(".ipynb"), nbformat.writes(notebook) + "\n")
        seconds = time.perf_counter() - started
        print(
            f"{lesson_key(source)}: executed in {seconds:.1f} s ({reason or 'forced'}); "
            f"{'notebook rewritten' if written else 'notebook unchanged'}",
            flush=True,
        )
        write_if_changed(FINGERPRINTS, json.dumps(dict(sorted(fingerprints.items())), indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "check"])
    parser.add_argument("lessons", nargs="*", type=Path, help="default: every lesson in notebooks/ and notebooks/zh/")
    parser.add_argument("--all", action="store_true", help="execute every lesson named, stale or not")
    args = parser.parse_args(argv)
    sources = [p.resolve().with_suffix(".md") for p in args.lessons] or lesson_sources()
    if args.command == "run":
        run(sources, force=args.all or bool(args.lessons))
        return 0
    fingerprints = read_fingerprints()
    old = [(source, why_stale(source, fingerprints)) for source in sources]
    for source, reason in old:
        if reason:
            print(f"{lesson_key(source)} is stale ({reason}): run `make notebooks` and commit it", file=sys.stderr)
    return 1 if any(reason for _, reason in old) else 0


if __name__ == "__main__":
    sys.exit(main())
