"""The bilingual glossary: every Chinese term the lessons use, with pinyin, English and meaning.

``data/glossary.csv`` has the columns ``term_zh``, ``pinyin``, ``term_en``, ``meaning`` (in English)
and ``meaning_zh`` (the meaning written for Chinese readers; a Chinese lesson shows it, `MEANINGS`).
`load_glossary` reads and checks it: a bad file raises ValueError naming the file, the
line (the header is line 1) and the field.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .scenarios import DATA_DIR
from .text import _

COLUMNS = ("term_zh", "pinyin", "term_en", "meaning", "meaning_zh")
MEANINGS = {"en": "meaning", "zh": "meaning_zh"}
"""The column that holds a term's meaning in each language a lesson can choose (`o2o_models.text.LANGUAGES`)."""


def load_glossary(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the glossary.

    Parameters
    ----------
    path : the CSV file; default ``data/glossary.csv``.

    Returns
    -------
    DataFrame
        One row a term, columns ``term_zh``, ``pinyin``, ``term_en``, ``meaning``, ``meaning_zh``, in file order.

    Raises
    ------
    ValueError
        If a column is missing, a row has more fields than the header (an unquoted comma),
        a field is empty, or a Chinese term appears twice; the message names the file, the
        line and the field.
    """
    file = Path(path) if path is not None else DATA_DIR / "glossary.csv"
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                _("{name} line 1: missing column(s) {missing}; expected {columns}").format(
                    name=file.name, missing=missing, columns=list(COLUMNS)
                )
            )
        rows = []
        seen: dict[str, int] = {}
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise ValueError(
                    _(
                        "{name} line {line}: more fields than the header's {count}; quote a field that holds a comma"
                    ).format(name=file.name, line=line, count=len(COLUMNS))
                )
            for field in COLUMNS:
                if not (row.get(field) or "").strip():
                    raise ValueError(
                        _("{name} line {line}, field {field!r}: empty; every term needs all {count} fields").format(
                            name=file.name, line=line, field=field, count=len(COLUMNS)
                        )
                    )
            term = row["term_zh"].strip()
            if term in seen:
                raise ValueError(
                    _("{name} line {line}, field 'term_zh': {term!r} is already on line {seen}").format(
                        name=file.name, line=line, term=term, seen=seen[term]
                    )
                )
            seen[term] = line
            rows.append({field: row[field].strip() for field in COLUMNS})
    return pd.DataFrame(rows, columns=list(COLUMNS))
