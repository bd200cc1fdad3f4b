"""Workshop tools: student copies without worked solutions, and safe lesson refreshes.

Two commands, installed with the package:

``o2o-student-copies OUT``
    Writes a student copy of every lesson into ``OUT``, and of every Chinese lesson into
    ``OUT/zh``: the worked solutions (the cells marked ``o2o: {solution: N}``,
    `o2o_models.lessons.markup`) are removed, the self-check cells stay, and the originals
    are never touched.
``o2o-get-lessons [FOLDER] [--with-solutions] [--lang zh]``
    Delivers the student copies into a working folder (default ``~/o2o-lessons``), or the
    trainer's copies with ``--with-solutions``; ``--lang zh`` delivers the Chinese edition
    (``notebooks/zh/``) into ``FOLDER/zh``, so a student keeps both editions, and edits in
    either, and switches by opening the other folder. It never replaces a file a student may have
    edited: a file is replaced only while its content is what was delivered there. Content
    means the cells' type and text; outputs, execution counts and metadata are not a change,
    so running a lesson does not count as editing it. Where the student's version is kept,
    the fresh lesson lands beside it as ``NN_name.new.ipynb`` (or ``.new-2``, ``.new-3``...
    when the student has edited that one too), and ``NEW-VERSIONS.md`` in the folder lists
    them (the workshop hub opens it). The manifest ``.o2o-lessons.json`` records what was
    delivered; it is written atomically while the folder is locked. The lessons come from
    ``$O2O_LESSONS_DIR`` when set (the hub's solution-free copies), else the shipped ones;
    ``--with-solutions`` is refused where those are student copies or cannot be read.

At about 370 lines the module runs past the house length (about 300): both commands share
how a copy is made, in both editions, and how a student's edit is never overwritten (a `.new`
file beside it).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat

from ..lessons import markup, translation
from ..resources import lessons_dir

NEW_VERSIONS = "NEW-VERSIONS.md"
MANIFEST = ".o2o-lessons.json"
LOCK = ".o2o-lessons.lock"
LOCK_WAIT_S = 10.0


class LessonsError(Exception):
    """An expected failure of ``get_lessons``, told in one plain sentence."""


LANGUAGES = ("en", translation.CHINESE)
"""The editions of the lessons: English in the lessons' folder, Chinese in its ``zh`` folder."""


def lesson_paths(folder: Path | None = None, language: str = "en") -> list[Path]:
    """The lessons in order: ``NN_*.ipynb`` in ``folder`` (default: the shipped lessons), or in Chinese, in its
    ``zh`` folder.

    Raises
    ------
    ValueError
        If ``language`` is not one of `LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language={language!r} is not offered: choose one of {', '.join(LANGUAGES)}")
    folder = lessons_dir() if folder is None else folder
    return sorted((folder if language == "en" else folder / language).glob("[0-9][0-9]_*.ipynb"))


def every_lesson(folder: Path | None = None) -> list[Path]:
    """The lessons of every edition: the English, then the Chinese (`lesson_paths`)."""
    return [path for language in LANGUAGES for path in lesson_paths(folder, language)]


def copy_name(lesson: Path) -> str:
    """Where a lesson's copy goes in a folder of copies: ``NN_name.ipynb``, or ``zh/NN_name.ipynb`` in Chinese."""
    return f"{translation.CHINESE}/{lesson.name}" if lesson.parent.name == translation.CHINESE else lesson.name


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """A worked solution is a cell marked ``o2o: {solution: N}`` (`o2o_models.lessons.markup`)."""
    return markup.is_solution(cell)


def student_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` without its worked-solution cells."""
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    copy.cells = [cell for cell in copy.cells if not is_solution(cell)]
    return copy


def write_student_copies(out: Path, lessons: list[Path] | None = None) -> list[Path]:
    """Write a student copy of each lesson (default: `every_lesson`) into ``out``, a Chinese one into ``out/zh``,
    and return the paths written.

    Raises
    ------
    ValueError
        If ``out`` is the lessons folder itself, which would overwrite the originals.
    """
    lessons = every_lesson() if lessons is None else lessons
    out = out.resolve()
    if any((out / copy_name(path)).parent == path.parent.resolve() for path in lessons):
        raise ValueError(f"out={out} is the lessons folder: choose another folder for student copies")
    written = []
    for path in lessons:
        target = out / copy_name(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student_copy(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def content_fingerprint(notebook: dict) -> str:
    """A digest of what a person writes in a notebook: each cell's type, text and attachments.

    Outputs, execution counts and metadata (cell ids, widths, kernel info) are left out, so
    running a lesson or opening it in another JupyterLab leaves its fingerprint as it was.
    """
    cells = [
        [cell.get("cell_type"), "".join(cell.get("source", "")), cell.get("attachments")]
        for cell in notebook.get("cells", [])
    ]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def _file_fingerprint(path: Path) -> str | None:
    """The content fingerprint of the notebook at ``path``; None if missing or unreadable."""
    try:
        return content_fingerprint(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def _candidates(target: Path) -> Iterator[Path]:
    """Where a fresh lesson may go: the lesson itself, then ``.new``, ``.new-2``, ..."""
    yield target
    stem = target.name.removesuffix(".ipynb")
    yield target.with_name(f"{stem}.new.ipynb")
    number = 2
    while True:
        yield target.with_name(f"{stem}.new-{number}.ipynb")
        number += 1


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for one run; wait up to ``LOCK_WAIT_S`` for another run to end."""
    with open(folder / LOCK, "a+b") as handle:
        deadline = time.monotonic() + LOCK_WAIT_S
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise LessonsError(
                    f"another o2o-get-lessons is updating {folder} right now: wait until it ends, then run it again"
                )
            time.sleep(0.1)
        yield


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _read_manifest(folder: Path) -> dict[str, str]:
    """What was delivered into ``folder``: file name -> content fingerprint."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise LessonsError(
            f"{path} is damaged (not valid JSON): move it aside and run o2o-get-lessons again; "
            "your lessons stay as they are"
        ) from None
    delivered = manifest.get("delivered") if isinstance(manifest, dict) else None
    return delivered if isinstance(delivered, dict) else {}


def _deliver(source: Path, folder: Path, delivered: dict[str, str], with_solutions: bool) -> tuple[Path | None, bool]:
    """Put the fresh lesson at the first place where it replaces no one's edits.

    Returns that place, and whether it was written (False: it already held the fresh lesson);
    the place is None when the student edited this very version and there is nothing newer.
    """
    original = nbformat.read(source, as_version=4)
    fresh = original if with_solutions else student_copy(original)
    fresh_fingerprint = content_fingerprint(fresh)
    target = folder / source.name
    if target.exists() and delivered.get(target.name) == fresh_fingerprint != _file_fingerprint(target):
        return None, False
    for place in _candidates(target):
        current = _file_fingerprint(place)
        written = current != fresh_fingerprint
        if not written or not place.exists() or (current is not None and current == delivered.get(place.name)):
            break
    if written:
        _write_atomically(place, nbformat.writes(fresh))
    delivered[place.name] = fresh_fingerprint
    return place, written


def get_lessons(
    folder: Path, lessons: list[Path] | None = None, *, with_solutions: bool = False, language: str = "en"
) -> dict[str, list[Path]]:
    """Deliver fresh lessons into ``folder`` without replacing anything a student edited.

    Parameters
    ----------
    folder : the student's working folder; created if missing.
    lessons : the original lessons (default: the shipped ones).
    with_solutions : deliver the trainer's copies, worked solutions included.
    language : the edition delivered when ``lessons`` is not given: "en", or "zh" (the Chinese lessons).

    Returns
    -------
    dict
        ``"copied"``: lessons new to the folder, or replaced because the student had not
        edited them; ``"unchanged"``: lessons already up to date; ``"edited"``: lessons the
        student edited, of which there is no newer version; ``"kept"``: lessons the student
        edited, left as they are, of which there is a newer version; ``"beside"``: for each
        kept lesson, in the same order, the file that holds the newer version.

    Raises
    ------
    LessonsError
        With one plain sentence: a file is in the folder's way, it cannot be written, its manifest is
        damaged, another run holds it, or there are no lessons to deliver.
    """
    where = lessons_dir() if language == "en" else lessons_dir() / language
    try:
        lessons = lesson_paths(language=language) if lessons is None else lessons
    except PermissionError:
        raise LessonsError(f"you may not read the lessons in {where}: they are the trainer's") from None
    if not lessons:
        raise LessonsError(f"no lessons found in {where}: reinstall o2o-models (pip install o2o-models)")
    if with_solutions:
        _refuse_student_copies(lessons)
    report: dict[str, list[Path]] = {"copied": [], "unchanged": [], "edited": [], "kept": [], "beside": []}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            delivered = _read_manifest(folder)
            for source in lessons:
                target = folder / source.name
                place, written = _deliver(source, folder, delivered, with_solutions)
                if place is None:
                    report["edited"].append(target)
                elif place != target:
                    report["kept"].append(target)
                    report["beside"].append(place)
                else:
                    report["copied" if written else "unchanged"].append(target)
            manifest = {"version": 2, "delivered": dict(sorted(delivered.items()))}
            _write_atomically(folder / MANIFEST, json.dumps(manifest, indent=1))
    except (FileExistsError, NotADirectoryError):
        raise LessonsError(
            f"{folder} is not a folder: a file is in the way; move it aside or name another folder"
        ) from None
    except PermissionError:
        raise LessonsError(f"cannot write in {folder} (permission denied): name a folder you own") from None
    except OSError as error:
        raise LessonsError(f"cannot write in {folder}: {error.strerror or error}") from None
    return report


def _refuse_student_copies(lessons: list[Path]) -> None:
    """The trainer's copies need the originals: refuse when these are student copies or not readable."""
    try:
        has_solutions = any(is_solution(cell) for path in lessons for cell in nbformat.read(path, as_version=4).cells)
    except PermissionError:
        raise LessonsError(f"you may not read the lessons in {lessons[0].parent}: they are the trainer's") from None
    if not has_solutions:
        raise LessonsError(
            f"the lessons in {lessons[0].parent} are student copies, without worked solutions: "
            "the trainer's copies are for the trainer"
        )


def write_new_versions_notice(folder: Path, report: dict[str, list[Path]]) -> Path | None:
    """``NEW-VERSIONS.md`` in ``folder``: which edited lessons have a new version beside them; removed when none."""
    notice = folder / NEW_VERSIONS
    if not report["kept"]:
        notice.unlink(missing_ok=True)
        return None
    lines = [
        "# New versions of lessons you edited",
        "",
        "The trainer updated these lessons. Your copy is kept as you left it; the new version is beside it:",
        "",
        *(
            f"- `{kept.name}`: the new version is `{beside.name}`"
            for kept, beside in zip(report["kept"], report["beside"])
        ),
        "",
        "Open the new version to see what changed; copy what you need between the two.",
        "",
    ]
    _write_atomically(notice, "\n".join(lines))
    return notice


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
    """Command line: ``o2o-get-lessons [FOLDER] [--with-solutions] [--lang zh]``."""
    parser = argparse.ArgumentParser(description="Copy fresh lessons into your working folder; your changes are kept.")
    parser.add_argument("folder", nargs="?", type=Path, default=Path.home() / "o2o-lessons")
    parser.add_argument("--with-solutions", action="store_true", help="the trainer's copies, worked solutions included")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="zh: the Chinese lessons (中文版), into FOLDER/zh"
    )
    args = parser.parse_args(argv)
    folder = args.folder.expanduser().absolute()
    folder = folder if args.lang == "en" else folder / args.lang
    try:
        report = get_lessons(folder, with_solutions=args.with_solutions, language=args.lang)
    except LessonsError as error:
        print(f"o2o-get-lessons: {error}", file=sys.stderr)
        return 1
    print(f"Your lessons are in {folder}")
    for path in report["copied"]:
        print(f"  copied      {path.name}")
    for path in report["unchanged"]:
        print(f"  up to date  {path.name}")
    for path in report["edited"]:
        print(f"  kept your changes in {path.name} (there is no newer version)")
    for path, beside in zip(report["kept"], report["beside"]):
        print(f"  kept your changes in {path.name}; the new version is {beside.name}")
    try:
        if write_new_versions_notice(folder, report):
            print(f"  (listed in {NEW_VERSIONS})")
    except OSError as error:
        print(f"o2o-get-lessons: cannot write {folder / NEW_VERSIONS}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
