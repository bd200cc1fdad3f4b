"""What every lesson module shares: a model's code shown as text, and glossary words.

`source` shows a model function's code (without its docstring) so a student reads the
model the panel runs; `words` is the glossary for the terms a lesson uses; `VOUCHER` are
the levers of one voucher, shared by lessons 00 and 01. Panels themselves are declared
with `o2o_models.interactive.panels` (whose `plain_text` and `described` are here too).

A table keeps the model's English column names for code (``table["net_gain_cny"]``) and is shown
in the reader's language: `table` (a Styler) and `Shown` (a DataFrame) pass every column name,
index label and text cell to ``_`` when they are displayed, so a label with a translation in the
catalogue reads in Chinese in a Chinese lesson and anything else (a number, a name) as it is.
`Shown` also writes each figure as a reader expects it (`o2o_models.lessons.figures`: CNY with thousands
separators, shares as percentages), keeping the numbers for code; ``lesson.shown(frame)`` shows a
model's frame so.
"""

from __future__ import annotations

import ast
import hashlib
import html
import inspect
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..glossary import MEANINGS, load_glossary
from ..interactive.panels import Lever, described, plain_text
from ..text import N_, _, language, language_in_use, listed
from .exercises import Note, with_code_style
from .figures import FORMS, Form, form_of, written
from .names import meaning

__all__ = [
    "Code",
    "source",
    "words",
    "table",
    "Shown",
    "shown",
    "prose",
    "plain_text",
    "described",
    "exports",
    "language",
    "VOUCHER",
]


class Code(str):
    """Python source a notebook shows as a highlighted block, each line whole (`exercises.with_code_style`)."""

    def _repr_markdown_(self) -> str:
        return with_code_style(f"```python\n{self}\n```")


def prose(sentences: Iterable[str]) -> Note:
    """``sentences`` (a verdict, `strategy.fitting_legs`; a column of them) shown as paragraphs, one each: as
    Markdown they wrap at spaces as the lesson's own text does, where a printed list would show its quotes and
    brackets and break its words anywhere.

    Examples
    --------
    >>> prose(["Leg 1 fits.", "Leg 3 fits."])._repr_markdown_()
    'Leg 1 fits.\\n\\nLeg 3 fits.'
    """
    return Note("\n\n".join(str(sentence) for sentence in sentences))


MARKED = re.compile(r'\bN_\(("(?:[^"\\\n]|\\.)*")\)')
"""A text marked for the catalogue, ``N_("...")``: `o2o_models.text.N_` gives back its text unchanged."""


def source(function: Callable[..., object]) -> Code:
    """A function's code without its docstring: the model as the student can read it.

    A text marked for translation, ``N_("group-buy alone")``, is shown as the text it is, ``"group-buy alone"``.

    Examples
    --------
    >>> from o2o_models import groupbuy
    >>> print(source(groupbuy.voucher_margin).splitlines()[0])
    def voucher_margin(
    """
    text = textwrap.dedent(inspect.getsource(function))
    tree = ast.parse(text)
    body = tree.body[0].body  # type: ignore[attr-defined]
    lines = text.splitlines()
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        docstring = body[0]
        lines = lines[: docstring.lineno - 1] + lines[docstring.end_lineno :]
    return Code(MARKED.sub(r"\1", "\n".join(lines)).rstrip())


def glossary_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Glossary rows as the reader reads them: the term, its pinyin and English, and the meaning in the
    reader's language (``meaning_zh`` in a Chinese lesson, `glossary.MEANINGS`), under the column ``meaning``."""
    meaning = MEANINGS.get(language_in_use(), "meaning")
    return frame.assign(meaning=frame[meaning])[list(GLOSSARY_COLUMNS)]


GLOSSARY_COLUMNS = (N_("term_zh"), N_("pinyin"), N_("term_en"), N_("meaning"))
"""The columns of a glossary a lesson shows, their names messages (词语, 拼音, 英文, 释义 in Chinese)."""


def words(terms: Sequence[str]) -> pd.io.formats.style.Styler:
    """The glossary rows of ``terms`` (Chinese or English), in the order given, every field shown in full.

    Raises
    ------
    ValueError
        If a term is not in ``data/glossary.csv``.
    """
    glossary = load_glossary()
    rows = []
    for term in terms:
        match = glossary[(glossary["term_zh"] == term) | (glossary["term_en"] == term)]
        if match.empty:
            raise ValueError(_("term={term!r} is not in data/glossary.csv: add it there first").format(term=term))
        rows.append(match.iloc[0])
    return glossary_table(pd.DataFrame(rows))


GLOSSARY_CLASS = "o2o-glossary"
"""The HTML class of a glossary table: the site shows each row as a term over its meaning on a phone."""


def glossary_table(frame: pd.DataFrame) -> pd.io.formats.style.Styler:
    """Glossary rows as a lesson shows them (`table`, `glossary_rows`), marked as a glossary (`GLOSSARY_CLASS`).
    Every column is shown as it is written (the English term stays English in a Chinese lesson: `table`'s
    ``as_is``), and a Chinese term is kept on one line."""
    rows = glossary_rows(frame)
    return (
        table(rows, as_is=rows.columns)
        .set_table_attributes(f'class="{GLOSSARY_CLASS}"')
        .set_table_styles({"term_zh": [{"selector": "td", "props": "white-space: nowrap"}]}, overwrite=False)
    )


def in_reader_language(label: object) -> object:
    """A table's label or cell as the reader reads it: a text through ``_``, a tuple of texts (a model's list,
    ``("leg 3", "leg 1")``) each through ``_`` and listed as the language lists (`listed`), or "none" when empty;
    a flag as its word (`names.BOOLEANS`: True, 是 in Chinese); anything else unchanged."""
    if isinstance(label, (bool, np.bool_)):
        return _(str(bool(label)))
    if isinstance(label, tuple):
        return listed(_(str(item)) for item in label) or _("none")
    return _(label) if isinstance(label, str) else label


WHOLE_WORDS = "word-break: keep-all"
"""A lesson table's cells keep each Chinese word whole when a narrow column wraps (微信小店, not 微信小|店):
lines break at spaces and punctuation, as they do in English."""
SHOWN_CLASS = "o2o-shown"
"""The class of a `Shown` table's HTML, which scopes its `WHOLE_WORDS` rule to that table."""


def table(frame: pd.DataFrame, as_is: Sequence[str] = ()) -> pd.io.formats.style.Styler:
    """The frame as a lesson shows it, without its index, its column names and text cells in the reader's
    language, but for the text of the columns ``as_is`` (already in the language they name: a glossary's
    English term, a merchant's English name), its flags as words (是/否 in Chinese); text columns aligned left
    (JupyterLab aligns every cell right, which suits numbers, not sentences). Its HTML id comes from its content,
    not chance, so executing a lesson twice stores the same table."""
    digest = hashlib.sha256(frame.to_csv().encode()).hexdigest()[:10]
    texts = [column for column in frame.columns if frame[column].map(type).eq(str).all()]
    flags = [column for column in frame.columns if pd.api.types.is_bool_dtype(frame[column])]
    left = [{"selector": "th", "props": "text-align: left"}, {"selector": "td", "props": "text-align: left"}]
    return (
        frame.style.hide(axis="index")
        .set_uuid(digest)
        .format_index(in_reader_language, axis="columns")
        .format(in_reader_language, subset=[column for column in texts if column not in as_is] + flags)
        .set_table_styles(dict.fromkeys(texts, left))
        .set_table_styles([{"selector": "th, td", "props": WHOLE_WORDS}], overwrite=False)
    )


BREAKABLE_LABEL = re.compile(r"(?<=<th)[^>]*>[^<]*_[^<]*(?=</th>)")
"""A heading that holds a model's name (``net_gain_cny``): `Shown` lets it break after each underscore, so a
table of long names narrows to fit a cell at 1024 px instead of running past it (the name copies unchanged)."""


def _breakable(heading: re.Match[str]) -> str:
    attributes, text = heading[0].split(">", 1)
    return f"{attributes}>{text.replace('_', '_<wbr>')}"


NAME_MARK = "\ue000"
"""Marks, in a table's HTML, a model's name to be shown under its meaning (a character no text holds)."""
NAMED = re.compile(f"{NAME_MARK}([a-z0-9_]+)")


def _marked_if_named(label: object) -> object:
    """A model's name marked (`NAME_MARK`) where the reader reads its meaning (`names.meaning`), else the label
    in the reader's language."""
    if isinstance(label, str) and meaning(label) is not None:
        return NAME_MARK + label
    return in_reader_language(label)


def _under_its_meaning(name: re.Match[str]) -> str:
    """A marked name as a Chinese table shows it: its meaning, and below it the name to type, as code."""
    return f"{html.escape(str(meaning(name[1])))}<br><code>{name[1].replace('_', '_<wbr>')}</code>"


class Shown(pd.DataFrame):
    """A DataFrame a lesson shows: the model's names and numbers for code, the reader's on the screen.

    When it is displayed (HTML or text), each figure is written in its column's form (`figures`: CNY with
    thousands separators, shares as percentages, counts as whole numbers), then its column names, index
    labels and text cells pass through ``_``; in HTML, each Chinese word stays whole (`WHOLE_WORDS`), and a
    model's name a Chinese reader would not read (``amount_cny``, ``walk_in``) is shown under its meaning
    (`names.meaning`), as the code to type.
    ``formats`` names the form of a column, or of a row (a label of the index, for a table whose rows are
    its figures); a column it does not name takes the form its model name gives (`figures.form_of`).
    Indexing, arithmetic and ``.round`` see the numbers themselves, and give a `Shown` again, with its formats.
    """

    _metadata = ["formats"]

    def __init__(self, *args: object, formats: Mapping[object, Form] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if formats is not None or not hasattr(self, "formats"):
            self.formats = dict(formats or {})

    @property
    def _constructor(self) -> type[Shown]:
        return Shown

    def written(self) -> pd.DataFrame:
        """Its figures as the reader reads them, texts (a frame of the same shape, labels still the model's).

        A column takes the form ``formats`` names for it, else the form its model name gives; the cells of a
        column with neither take the form of their row (named in ``formats`` or by a model name: a table
        whose rows are its figures), else `figures.RATIO`."""
        frame = pd.DataFrame(self).astype(object)
        formats = getattr(self, "formats", {})
        simple_index = not isinstance(frame.index, pd.MultiIndex)
        by_column = [formats.get(column) or form_of(column) for column in frame.columns]
        by_row = [(formats.get(row) or form_of(row)) if simple_index else None for row in frame.index]
        rest = [position for position, form in enumerate(by_column) if form is None]
        for place, form in enumerate(by_row):
            if form and rest:
                frame.iloc[place, rest] = written(frame.iloc[place, rest].tolist(), form)
        for position, form in enumerate(by_column):
            if form or not any(by_row):
                frame.isetitem(position, written(frame.iloc[:, position].tolist(), form))
        if simple_index and frame.index.name in formats:
            frame.index = pd.Index(written(frame.index, formats[frame.index.name]), name=frame.index.name)
        return frame

    def _in_reader_language(self, label: Callable[[object], object] = in_reader_language) -> pd.DataFrame:
        frame = self.written()
        shown = frame.rename(index=label, columns=label).map(label)
        return shown.rename_axis(index=label, columns=label)

    def _repr_html_(self) -> str | None:
        page = self._in_reader_language(_marked_if_named)._repr_html_()
        if not page:
            return page
        # Its own class scopes the rule: browsers ignore pandas' ``<style scoped>``, so a bare ``.dataframe`` would
        # reach every table on the page.
        page = page.replace('class="dataframe"', f'class="dataframe {SHOWN_CLASS}"', 1)
        page = page.replace("</style>", f"    .{SHOWN_CLASS} th, .{SHOWN_CLASS} td {{ {WHOLE_WORDS}; }}\n</style>", 1)
        return BREAKABLE_LABEL.sub(_breakable, NAMED.sub(_under_its_meaning, page))

    def __repr__(self) -> str:
        return repr(self._in_reader_language())


def shown(frame: pd.DataFrame, every: str | None = None, **columns: str) -> Shown:
    """``frame`` as a lesson shows it (`Shown`): the same numbers, each written as a reader expects it.

    A column a model names (``net_gain_cny``, ``survival_share``) takes the form its name gives; ``every``
    names the form of every other column (``"money"``, ``"price"``, ``"share"``, ``"count"`` or ``"ratio"``,
    `figures.FORMS`) and ``columns`` the form of one by its name.

    Examples
    --------
    >>> import pandas as pd
    >>> print(shown(pd.DataFrame({"month": [1, 2], "gain_cny": [206730.733, -9429.4], "trust": [0.7, 0.745]})))
      month gain_cny  trust
    0     1  206,731  70.0%
    1     2   -9,429  74.5%
    >>> print(shown(pd.DataFrame({"with a team": [0.035, 0.752]}, index=["restaurant", "cinema"]), "share"))
               with a team
    restaurant        3.5%
    cinema           75.2%
    """
    named = {column: FORMS[name] for column, name in columns.items()}
    if every is not None:
        named.update({column: FORMS[every] for column in frame.columns if column not in named and not form_of(column)})
    return Shown(frame, formats=named)


VOUCHER = (
    Lever("list_price"),
    Lever("discount", grid=(0.2, 0.8, 0.05)),
    Lever("commission", grid=(0.0, 0.3, 0.025)),
    Lever("unit_cost"),
    Lever("cost_share"),
)
"""The five levers of one group-buy voucher (the cost share is the cinema's film rental); discount and
rebate are the site's sliders."""


EVERY_LESSON = ("glossary", "check", "hint", "solution", "source", "language")
"""What every lesson module offers beside its panels: its glossary words, the self-checks, `source`, and
`language`, which a Chinese lesson's setup cell calls (``lesson.language("zh")``, as its front matter says)."""


def exports(*names: str) -> tuple[list[str], Callable[[], list[str]]]:
    """A lesson module's ``__all__`` (its own ``names``, then `EVERY_LESSON`) and a ``__dir__`` that
    lists just those, so tab completion on ``lesson.`` shows a student the lesson's calls and nothing else.

    Examples
    --------
    >>> names, listing = exports("voucher_panel")
    >>> listing()
    ['voucher_panel', 'glossary', 'check', 'hint', 'solution', 'source', 'language']
    """
    public = [*names, *EVERY_LESSON]
    return public, lambda: public
