"""Translation records: each Chinese text unit says which version of its English unit it translates.

A lesson's Chinese source is ``notebooks/zh/NN_name.md``, beside nothing but its English
``notebooks/NN_name.md`` of the same name (`chinese_source`). Its text units are its Markdown
cells, each with the ``name`` of the English cell it translates and, in its metadata, a record
of the English it followed: ``o2o: {translates: <hash>}``, the first 12 hex digits of the
SHA-256 of that English cell's text (`unit_hash`). The code cells are the English ones,
unchanged, apart from the setup cell, which also chooses the language (``lesson.language("zh")``).

`drift` lists what is out of step: an English unit with no Chinese, a Chinese unit whose English
is gone, a record that is not the English cell's hash now (the English changed since its
translation), a code cell that differs. Once the Chinese says again what the English says,
`renew` writes the new records of the units named (``python -m o2o_models.lessons.translation
renew notebooks/zh/01_name.md CELL ...``): a record is a translator's word, so renewing is named,
not automatic. ``tests/test_translation.py`` runs `drift` on every Chinese source.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import markup

CHINESE = "zh"
"""The folder, inside ``notebooks/``, of the Chinese sources."""


def chinese_source(english: Path) -> Path:
    """Where the Chinese source of the English lesson source ``english`` is (it may not exist yet)."""
    return english.parent / CHINESE / english.name


def english_source(chinese: Path) -> Path:
    """The English lesson source that the Chinese source ``chinese`` translates."""
    return chinese.parent.parent / chinese.name


def unit_hash(cell: Mapping) -> str:
    """The version of an English text unit: SHA-256 of its text (trailing spaces of lines ignored), 12 hex digits."""
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    text = "\n".join(line.rstrip() for line in source.strip().splitlines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _units(notebook: Mapping) -> dict[str, Mapping]:
    return {markup.name(cell): cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"}


def _code(notebook: Mapping) -> list[tuple[str, str]]:
    return [
        (markup.name(cell), cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"]))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and not markup.has_tag(cell, markup.SETUP)
    ]


def drift(english: Mapping, chinese: Mapping) -> list[str]:
    """What keeps the Chinese notebook from following the English one; an empty list when it follows."""
    theirs, ours = _units(english), _units(chinese)
    problems = [f"English cell {name!r} has no Chinese cell" for name in theirs if name not in ours]
    problems += [f"Chinese cell {name!r} translates no English cell" for name in ours if name not in theirs]
    for name, cell in ours.items():
        if name not in theirs:
            continue
        recorded, now = cell.get("metadata", {}).get("o2o", {}).get("translates"), unit_hash(theirs[name])
        if recorded is None:
            problems.append(f"Chinese cell {name!r} records no version of its English (o2o: {{translates: {now}}})")
        elif recorded != now:
            problems.append(
                f"English cell {name!r} changed since its translation ({recorded} -> {now}): "
                "update the Chinese, then renew its record"
            )
    if _code(english) != _code(chinese):
        problems.append("the code cells differ: a Chinese lesson runs the English lesson's code cells")
    return problems


def renew(english: Mapping, chinese: Mapping, names: Iterable[str]) -> None:
    """Record, in ``chinese``, that its cells ``names`` now translate their English cells as they are."""
    theirs, ours = _units(english), _units(chinese)
    for name in names:
        if name not in theirs or name not in ours:
            raise ValueError(f"cell={name!r} is not a text unit of both editions: choose one of {sorted(ours)}")
        ours[name].setdefault("metadata", {}).setdefault("o2o", {})["translates"] = unit_hash(theirs[name])


def main(argv: list[str] | None = None) -> int:
    import jupytext

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("check", "renew"))
    parser.add_argument("chinese", type=Path, help="a Chinese lesson source, notebooks/zh/NN_name.md")
    parser.add_argument("cells", nargs="*", help="renew: the names of the cells whose translation is up to date")
    arguments = parser.parse_args(argv)
    english = jupytext.read(english_source(arguments.chinese), fmt="md:myst")
    chinese = jupytext.read(arguments.chinese, fmt="md:myst")
    if arguments.command == "renew":
        renew(english, chinese, arguments.cells)
        jupytext.write(chinese, arguments.chinese, fmt="md:myst")
    problems = drift(english, chinese)
    print("\n".join(problems) or f"{arguments.chinese.name} follows its English")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
