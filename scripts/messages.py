"""The message catalogue: every text a reader sees, extracted from the code, and its translations.

    python scripts/messages.py update    # add new messages to each .po, drop the ones the code no longer has
    python scripts/messages.py compile   # write each .mo the lessons read (standard-library gettext)
    python scripts/messages.py check     # fail if a message is untranslated or a .mo is stale

The messages are the English texts passed to ``_`` (`o2o_models.text`), found three ways:

- Babel's Python extractor finds every string literal given to ``_("...")`` or ``N_("...")``;
- a module constant given to ``_`` (``_(FAN_TITLE)``, ``_(NAMES[key])``) contributes the
  string literals it is assigned, and the literal arguments of `UNFINISHED_CALLS` too;
- the meaning a check of `o2o_models.validation` names in its message (`CHECK_MEANINGS`), written
  in the call or as a module constant;
- an exercise's texts (`exercises.QUESTION_TEXTS`: its hint, its options' explanations, its named
  mistakes) and the words of its unit (`exercises.unit_parts`), written in a question's call;
- the declarations: every lever's label and unit (`levers.LEVERS`), every declared panel's
  title, chart title and "for whom" (each lesson's ``DECLARED``), and the meanings of a merchant's
  figures (`merchant.FIELDS`) and of the operations simulation's parameters (`operations.RANGES`),
  and the five merchants' names (`scenarios.SCENARIOS`), which tables show.

The package's files are read first, then the site's scripts (`SITE_SCRIPTS`: the texts the site
writes around the lessons, in each edition's language).

Babel is a tool of the catalogue's makers (a dependency of Sphinx, in the test extra), not of
the lessons: they read the compiled ``.mo`` with `gettext`. ``tests/test_messages.py`` fails
while a message has no translation or a ``.mo`` differs from its ``.po``.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.extract import extract_python as _extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "o2o_models"
sys.path.insert(0, str(ROOT))

from o2o_models.text import DOMAIN, LANGUAGES, LOCALE  # noqa: E402

STAMP = datetime(2026, 12, 2, tzinfo=timezone.utc)
"""The catalogues' dates stay fixed, so that updating twice writes the same bytes."""
LESSONS = ("intro", "leg1", "leg2", "leg3", "synthesis")
SITE_SCRIPTS = ("build_site.py", "site_charts.py", "site_pages.py")
"""The site's scripts in scripts/, whose texts go through ``_`` too."""
UNFINISHED_CALLS = {"unfinished"}
"""Functions whose string-literal arguments (and string defaults) are messages they pass to ``_``."""
QUESTIONS = {"Number", "Choice", "Function"}
"""The kinds of question of `o2o_models.lessons.exercises`, whose texts `_question_texts` reads."""
CHECK_MEANINGS = {"check_range": 4, "check_number": 4, "check_count": 4, "check_flag": 2, "check": 4}
"""The checks of `o2o_models.validation` (``check``: one of them, as groupbuy calls it), by where their meaning is."""


def _literal_strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _question_texts(call: ast.Call) -> list[str]:
    """The texts a reader sees of a question written as ``Number(...)``, ``Choice(...)`` or ``Function(...)``."""
    from o2o_models.lessons.exercises import QUESTION_TEXTS, unit_parts

    found: list[str] = []
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg == "unit" and isinstance(value, ast.Constant) and value.value:
            message, fields = unit_parts(value.value)
            found += [value.value, message, *fields.values()]
        if keyword.arg not in QUESTION_TEXTS:
            continue
        texts = value.values if isinstance(value, ast.Dict) else [value]
        texts = [text.elts[1] if isinstance(text, ast.Tuple) else text for text in texts]
        found += [text.value for text in texts if isinstance(text, ast.Constant) and isinstance(text.value, str)]
    return found


def _indirect(tree: ast.Module) -> list[str]:
    """Texts reaching ``_`` through a module constant, or through a call of `UNFINISHED_CALLS`."""
    constants = {
        target.id: statement.value
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Call, ast.FunctionDef)):
            continue
        if isinstance(node, ast.FunctionDef):
            if node.name in UNFINISHED_CALLS:
                found += [
                    d.value for d in node.args.defaults if isinstance(d, ast.Constant) and isinstance(d.value, str)
                ]
            continue
        called = getattr(node.func, "id", None)
        if called in QUESTIONS:
            found += _question_texts(node)
        if called in CHECK_MEANINGS:
            position = CHECK_MEANINGS[called]
            given = [*node.args[position : position + 1], *(k.value for k in node.keywords if k.arg == "meaning")]
            for meaning in given:
                if isinstance(meaning, ast.Name) and meaning.id in constants:
                    meaning = constants[meaning.id]
                if isinstance(meaning, ast.Constant) and isinstance(meaning.value, str):
                    found.append(meaning.value)
        if called in UNFINISHED_CALLS:
            found += [a.value for a in node.args[1:] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if called == "_" and node.args:
            argument = node.args[0]
            name = argument.value if isinstance(argument, ast.Subscript) else argument
            if isinstance(name, ast.Name) and name.id in constants:
                value = constants[name.id]
                found += _literal_strings(ast.List(elts=value.values) if isinstance(value, ast.Dict) else value)
    return found


def extract_python_file(path: Path) -> list[tuple]:
    """Babel's Python extractor on one file: ``(line, function, message, comments)`` for each ``_``/``N_`` call."""
    with path.open("rb") as handle:
        return list(_extract_python(handle, {"_": None, "N_": None}, [], {}))


def _declared() -> list[str]:
    """Every lever's label and unit, declared panel's title, chart title and "for whom", and figure's meaning."""
    from o2o_models.interactive.levers import LEVERS
    from o2o_models.merchant import FIELDS
    from o2o_models.operations import RANGES
    from o2o_models.scenarios import SCENARIOS

    texts = [text for display in LEVERS.values() for text in (display.label, display.unit)]
    texts += [allowed.meaning for allowed in FIELDS.values()] + [meaning for *_bounds, meaning in RANGES.values()]
    texts += ["scenario", *SCENARIOS]  # a table's merchants, by the names the code gives them
    for lesson in LESSONS:
        module = importlib.import_module(f"o2o_models.lessons.{lesson}.panels")
        for panel in module.DECLARED.values():
            texts += [getattr(panel, field, "") for field in ("title", "chart_title", "for_whom")]
    return texts


def messages() -> list[str]:
    """Every message the code passes to ``_``, each once, in the order first found."""
    found = [
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
        )
    ]
    for path in sorted(PACKAGE.rglob("*.py")):
        found += _indirect(ast.parse(path.read_text(encoding="utf-8")))
    found += _declared()
    for name in SITE_SCRIPTS:
        path = ROOT / "scripts" / name
        found += [message for _line, _function, message, _comments in extract_python_file(path)]
        found += _indirect(ast.parse(path.read_text(encoding="utf-8")))
    return list(dict.fromkeys(m for m in found if isinstance(m, str) and m.strip()))


def po_path(folder: str) -> Path:
    return LOCALE / folder / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(folder: str) -> Catalog:
    with po_path(folder).open("rb") as handle:
        return read_po(handle, locale=folder)


def update(folder: str) -> Catalog:
    """The .po of ``folder`` with exactly the code's messages: translations kept, new ones empty."""
    old = read(folder) if po_path(folder).exists() else Catalog(locale=folder)
    new = Catalog(
        locale=folder,
        domain=DOMAIN,
        project="o2o-models",
        version="0.1.0",
        creation_date=old.creation_date if po_path(folder).exists() else STAMP,
        revision_date=STAMP,
        last_translator="O2O Three Legs",
        language_team=f'{folder} (CONTRIBUTING.md, "Translating")',
        fuzzy=False,
    )
    new.header_comment = "# The lessons' messages in this language: scripts/messages.py update, then translate."
    for message in messages():
        kept = old.get(message)
        new.add(message, kept.string if kept else "")
    buffer = io.BytesIO()
    write_po(buffer, new, omit_header=False, width=0, no_location=True, sort_output=False)
    po_path(folder).write_bytes(buffer.getvalue())
    return new


def compiled(folder: str) -> bytes:
    """The .mo bytes of ``folder``'s .po: what `gettext` reads."""
    buffer = io.BytesIO()
    write_mo(buffer, read(folder), use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "compile", "check"))
    command = parser.parse_args(argv).command
    problems = []
    for folder in filter(None, LANGUAGES.values()):
        mo = po_path(folder).with_suffix(".mo")
        if command == "update":
            update(folder)
        elif command == "compile":
            mo.write_bytes(compiled(folder))
        else:
            catalogue = read(folder)
            missing = [m for m in messages() if not (catalogue.get(m) and catalogue.get(m).string)]
            problems += [f"{folder}: no translation of {m!r}" for m in missing]
            if not mo.exists() or mo.read_bytes() != compiled(folder):
                problems.append(f"{folder}: {mo.name} is stale: run `python scripts/messages.py compile`")
    print("\n".join(problems) or "the catalogues are complete and compiled")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
