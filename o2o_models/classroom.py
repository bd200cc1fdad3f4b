"""Workshop tools: student copies without worked solutions, and safe lesson refreshes.

Two commands, installed with the package:

``o2o-student-copies OUT``
    Writes a student copy of every lesson into ``OUT``: the worked solutions (Markdown
    cells tagged ``solution``) are removed, the self-check cells stay, and the originals
    in ``notebooks/`` are never touched.
``o2o-get-lessons [FOLDER]``
    Copies fresh lessons into a student's working folder (default ``~/o2o-lessons``).
    A lesson the student has changed since it was copied is never overwritten: the new
    version lands beside it as ``NN_name.new.ipynb``. It prints where everything went.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
SOLUTION_TAG = "solution"
MANIFEST = ".o2o-lessons.json"


def lesson_paths(folder: Path = LESSONS) -> list[Path]:
    """The lessons in order: ``NN_*.ipynb`` in ``folder``."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """A worked solution is a cell tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def student_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` without its worked-solution cells."""
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    copy.cells = [cell for cell in copy.cells if not is_solution(cell)]
    return copy


def write_student_copies(out: Path, lessons: list[Path] | None = None) -> list[Path]:
    """Write a student copy of each lesson into ``out`` and return the paths written.

    Raises
    ------
    ValueError
        If ``out`` is the lessons folder itself, which would overwrite the originals.
    """
    lessons = lesson_paths() if lessons is None else lessons
    out = out.resolve()
    if any(out == path.parent.resolve() for path in lessons):
        raise ValueError(f"out={out} is the lessons folder: choose another folder for student copies")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in lessons:
        target = out / path.name
        nbformat.write(student_copy(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def get_lessons(folder: Path, lessons: list[Path] | None = None) -> dict[str, list[Path]]:
    """Copy fresh lessons into ``folder`` without overwriting a student's changes.

    Returns
    -------
    dict
        ``"copied"``: lessons new to the folder or updated where the student had not
        changed them; ``"kept"``: the student's changed lessons, left as they were, with
        the fresh version written beside each as ``NN_name.new.ipynb`` when there is one;
        ``"unchanged"``: lessons already up to date.
    """
    lessons = lesson_paths() if lessons is None else lessons
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    report: dict[str, list[Path]] = {"copied": [], "kept": [], "unchanged": []}
    for source in lessons:
        target = folder / source.name
        fresh = _digest(source)
        if not target.is_file() or _digest(target) == manifest.get(source.name):
            if target.is_file() and _digest(target) == fresh:
                report["unchanged"].append(target)
            else:
                shutil.copyfile(source, target)
                report["copied"].append(target)
            manifest[source.name] = fresh
        elif _digest(target) == fresh:
            report["unchanged"].append(target)
            manifest[source.name] = fresh
        else:
            if fresh != manifest.get(source.name):
                shutil.copyfile(source, target.with_suffix(".new.ipynb"))
            report["kept"].append(target)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return report


def student_copies_main(argv: list[str] | None = None) -> int:
    """Command line: ``o2o-student-copies OUT``."""
    parser = argparse.ArgumentParser(description="Write student copies of the lessons (no worked solutions).")
    parser.add_argument("out", type=Path, help="folder to write the student copies into")
    args = parser.parse_args(argv)
    try:
        written = write_student_copies(args.out)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} student copies (worked solutions removed) to {args.out.resolve()}")
    return 0


def get_lessons_main(argv: list[str] | None = None) -> int:
    """Command line: ``o2o-get-lessons [FOLDER]``."""
    parser = argparse.ArgumentParser(description="Copy fresh lessons into your working folder; your changes are kept.")
    parser.add_argument("folder", nargs="?", type=Path, default=Path.home() / "o2o-lessons")
    args = parser.parse_args(argv)
    report = get_lessons(args.folder)
    print(f"Your lessons are in {args.folder.resolve()}")
    for path in report["copied"]:
        print(f"  copied    {path.name}")
    for path in report["unchanged"]:
        print(f"  up to date {path.name}")
    for path in report["kept"]:
        beside = path.with_suffix(".new.ipynb")
        note = f"; the new version is {beside.name}" if beside.is_file() else ""
        print(f"  kept your changes in {path.name}{note}")
    return 0
