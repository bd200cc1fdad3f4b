"""Translation records: each Chinese text unit says which version of its English unit it translates.

A lesson's Chinese source is ``notebooks/zh/NN_name.md``, beside nothing but its English
``notebooks/NN_name.md`` of the same name (`chinese_source`). Its text units are its Markdown
cells and the comments a reader reads in its code cells (``answer = ...  # CNY a month``), each
with the ``name`` of the English cell it translates and, in its metadata, a record of the English
it followed: ``o2o: {translates: <hash>}``, the first 12 hex digits of the SHA-256 of that English
unit's text (`unit_hash`). The code cells are the English ones apart from their comments, which
are in the reader's language on the same lines (`comments`; nbval's ``# NBVAL_...`` directives
are code, the same in both), and the setup cell, which also chooses the language
(``lesson.language("zh")``).

`drift` lists what is out of step: an English unit with no Chinese, a Chinese unit whose English
is gone, a record that is not the English cell's hash now (the English changed since its
translation), a code cell that differs, cells in another order or with other markup (tags,
exercises, solutions, panels). `faults` lists what a translated cell does not keep of its English
(`o2o_models.lessons.fidelity`: its figures digit for digit, prose without English). Once the
Chinese says again what the English says, `renew` writes the new records of the units named
(``python -m o2o_models.lessons.translation renew notebooks/zh/01_name.md CELL ...``): a record
is a translator's word, so renewing is named, not automatic, and refused for a cell whose text
is still the English (`still_english`).
``start notebooks/NN_name.md`` makes a Chinese source to translate from an English one
(`start`): the English cells, the language chosen, no records, so that ``check`` names every
cell left to translate. ``check`` prints the drift and the faults; ``tests/test_translation.py``
asks both of every Chinese source.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import re
import sys
import tokenize
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import fidelity, markup
from .fidelity import CJK, prose

CHINESE = "zh"
"""The folder, inside ``notebooks/``, of the Chinese sources."""


def chinese_source(english: Path) -> Path:
    """Where the Chinese source of the English lesson source ``english`` is (it may not exist yet)."""
    return english.parent / CHINESE / english.name


def english_source(chinese: Path) -> Path:
    """The English lesson source that the Chinese source ``chinese`` translates."""
    return chinese.parent.parent / chinese.name


_WORD = re.compile(r"[A-Za-z]{2,}")
_LANGUAGE_CHOSEN = 'lesson.language("zh")'
_IMPORTS_LESSON = re.compile(r"^from o2o_models\.lessons import \w+ as lesson$", re.MULTILINE)


def _text(cell: Mapping) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def still_english(english: Mapping, chinese: Mapping) -> bool:
    """Whether a Chinese cell is not translated yet: its text is its English cell's, or its prose has
    English words and no Chinese character. A cell with no prose (a placeholder comment) is never."""
    words = prose(chinese)
    if not _WORD.search(words):
        return False
    return _text(chinese).strip() == _text(english).strip() or not CJK.search(words)


def unit_hash(cell: Mapping) -> str:
    """The version of an English text unit: SHA-256 of its text (trailing spaces of lines ignored), 12 hex digits."""
    text = "\n".join(line.rstrip() for line in _text(cell).strip().splitlines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_DIRECTIVE = re.compile(r"#\s*NBVAL_\w+")


def _comment_tokens(source: str) -> list[tokenize.TokenInfo]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [t for t in tokens if t.type == tokenize.COMMENT and not _DIRECTIVE.fullmatch(t.string.strip())]


def comments(source: str) -> list[tuple[int, str]]:
    r"""The comments a reader reads in a code cell, as (line, text without ``#``), nbval's directives not.

    >>> comments('answer = ...  # CNY a month\n# NBVAL_CHECK_OUTPUT\nx = "# not a comment"')
    [(1, 'CNY a month')]
    """
    return [(t.start[0], t.string.lstrip("#").strip()) for t in _comment_tokens(source)]


def without_comments(source: str) -> str:
    """A code cell's code: its source without the comments a reader reads (`comments`), lines kept."""
    lines = source.splitlines()
    for token in reversed(_comment_tokens(source)):
        row, column = token.start
        lines[row - 1] = lines[row - 1][:column].rstrip()
    return "\n".join(lines)


def _comment_unit(cell: Mapping) -> Mapping:
    """A code cell's comments as a text unit: one comment a line, and the cell's own metadata (its record)."""
    text = "\n".join(comment for _, comment in comments(_text(cell)))
    return {"cell_type": "markdown", "source": text, "metadata": cell.setdefault("metadata", {})}


def units(notebook: Mapping) -> dict[str, Mapping]:
    """The notebook's text units by name: its Markdown cells, and the comments of each code cell that has some."""
    return {
        markup.name(cell): cell if cell["cell_type"] == "markdown" else _comment_unit(cell)
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown" or (cell["cell_type"] == "code" and comments(_text(cell)))
    }


def _code(notebook: Mapping) -> list[tuple[str, str, list[int]]]:
    return [
        (markup.name(cell), without_comments(_text(cell)), [line for line, _ in comments(_text(cell))])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and not markup.has_tag(cell, markup.SETUP)
    ]


def _markup(notebook: Mapping) -> list[tuple]:
    """Each cell's name, kind, tags and markup (exercise, solution, panel), in order; not its record."""
    return [
        (markup.name(cell), cell["cell_type"], markup.tags(cell))
        + tuple(sorted((k, v) for k, v in cell.get("metadata", {}).get("o2o", {}).items() if k != "translates"))
        for cell in notebook["cells"]
    ]


def drift(english: Mapping, chinese: Mapping) -> list[str]:
    """What keeps the Chinese notebook from following the English one; an empty list when it follows."""
    theirs, ours = units(english), units(chinese)
    problems = [f"English cell {name!r} has no Chinese cell" for name in theirs if name not in ours]
    problems += [f"Chinese cell {name!r} translates no English cell" for name in ours if name not in theirs]
    if not problems and _markup(english) != _markup(chinese):
        first = next(mine for mine, yours in zip(_markup(chinese), _markup(english)) if mine != yours)
        problems.append(
            f"the cells' order or markup differ from the English, first at cell {first[0]!r}: "
            "the same cells, in the same order, with the same tags, exercises, solutions and panels"
        )
    for name, cell in ours.items():
        if name not in theirs:
            continue
        recorded, now = cell.get("metadata", {}).get("o2o", {}).get("translates"), unit_hash(theirs[name])
        if still_english(theirs[name], cell):
            problems.append(f"Chinese cell {name!r} is still the English: translate it, then renew its record")
        elif recorded is None:
            problems.append(f"Chinese cell {name!r} records no version of its English (o2o: {{translates: {now}}})")
        elif recorded != now:
            problems.append(
                f"English cell {name!r} changed since its translation ({recorded} -> {now}): "
                "update the Chinese, then renew its record"
            )
    if _code(english) != _code(chinese):
        problems.append(
            "the code cells differ: a Chinese lesson runs the English lesson's code cells, "
            "their comments translated on the same lines"
        )
    return problems


def faults(english: Mapping, chinese: Mapping) -> list[str]:
    """What the translated cells do not keep of their English (`fidelity.faults`: figures, no English prose)."""
    theirs = units(english)
    return [
        fault
        for name, cell in units(chinese).items()
        if name in theirs and not still_english(theirs[name], cell)
        for fault in fidelity.faults(theirs[name], cell, name)
    ]


def renew(english: Mapping, chinese: Mapping, names: Iterable[str]) -> None:
    """Record, in ``chinese``, that its cells ``names`` now translate their English cells as they are.

    Raises
    ------
    ValueError
        For a cell that is not in both editions, or whose text is still the English (`still_english`).
    """
    theirs, ours = units(english), units(chinese)
    for name in names:
        if name not in theirs or name not in ours:
            raise ValueError(f"cell={name!r} is not a text unit of both editions: choose one of {sorted(ours)}")
        if still_english(theirs[name], ours[name]):
            raise ValueError(f"cell={name!r} is still the English: write its Chinese before renewing its record")
        ours[name].setdefault("metadata", {}).setdefault("o2o", {})["translates"] = unit_hash(theirs[name])


def start(english: Mapping) -> Mapping:
    """A Chinese notebook to translate, made from the English one: its cells as they are, ``lang: zh`` in the
    front matter, ``lesson.language("zh")`` after the setup cell's import of the lesson module, no records
    (every Markdown cell is left to translate, and `drift` names each until it is translated and renewed)."""
    chinese = copy.deepcopy(english)
    chinese["metadata"].setdefault("o2o", {})["lang"] = CHINESE
    for cell in chinese["cells"]:
        if cell["cell_type"] == "markdown":
            cell.get("metadata", {}).get("o2o", {}).pop("translates", None)
        elif markup.has_tag(cell, markup.SETUP) and _LANGUAGE_CHOSEN not in _text(cell):
            source = _text(cell)
            chosen = _IMPORTS_LESSON.search(source)
            if chosen is None:
                raise ValueError("the setup cell does not import the lesson module as `lesson`: it cannot choose zh")
            cell["source"] = f"{source[: chosen.end()]}\n{_LANGUAGE_CHOSEN}{source[chosen.end() :]}"
    return chinese


def _write_keeping_header(notebook: Mapping, path: Path) -> None:
    """Write a lesson source with the header it was read with: renewing a record does not stamp the source
    with whichever jupytext version is installed (jupytext's own switch for that, as its tests use)."""
    import jupytext
    from jupytext import header

    stamping, header.INSERT_AND_CHECK_VERSION_NUMBER = header.INSERT_AND_CHECK_VERSION_NUMBER, False
    try:
        jupytext.write(notebook, path, fmt="md:myst")
    finally:
        header.INSERT_AND_CHECK_VERSION_NUMBER = stamping


def main(argv: list[str] | None = None) -> int:
    import jupytext

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("check", "renew", "start"))
    parser.add_argument(
        "chinese", type=Path, help="a Chinese lesson source, notebooks/zh/NN_name.md (start: the English)"
    )
    parser.add_argument("cells", nargs="*", help="renew: the names of the cells whose translation is up to date")
    arguments = parser.parse_args(argv)
    if arguments.command == "start":
        target = chinese_source(arguments.chinese)
        if target.exists():
            parser.error(f"{target} exists: start makes a new Chinese source, it does not overwrite a translation")
        target.parent.mkdir(exist_ok=True)
        jupytext.write(start(jupytext.read(arguments.chinese, fmt="md:myst")), target, fmt="md:myst")
        arguments.chinese = target
    english = jupytext.read(english_source(arguments.chinese), fmt="md:myst")
    chinese = jupytext.read(arguments.chinese, fmt="md:myst")
    if arguments.command == "renew":
        try:
            renew(english, chinese, arguments.cells)
        except ValueError as error:  # nothing is written: every cell named is renewed, or none
            parser.error(str(error))
        _write_keeping_header(chinese, arguments.chinese)
    problems = drift(english, chinese) + faults(english, chinese)
    print("\n".join(problems) or f"{arguments.chinese.name} follows its English")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
