"""What a Chinese text unit keeps of its English: every figure, digit for digit, and no English prose.

A Chinese cell states the figures its English cell states (`figures`): the numbers written in
digits, as a multiset, with their signs (``−718`` and ``-718`` are one figure), thousands
separators (``2,810,121``), decimals (``14.0``) and percent signs (``59.9%``) as written. An
English month name is its number ("29 June 2014" states 29, 6 and 2014, as "2014 年 6 月 29 日"
does), and the English rendering of a quotation ("*...* (our translation)") is not counted: the
Chinese quotes the article without one. An English number word may be a Chinese numeral
("five" 五, "twice" 两倍): neither is a figure. Units change words, not digits: "14.0 M CNY" is
"14.0 百万元".

Its prose (`prose`: the text without comments, inline code, formulas, links' targets, HTML
tags and web addresses) has no English word (`english_words`) but the names of `ALLOWED`
(abbreviations the lessons use in Chinese too, and the software a reader runs), the article's
own words in a quotation (a line opening with ``>``), and the works it cites, in their own
language: a reference ("Edelman, B., ... (2007), ..."), an author-year citation in brackets
("(Edelman, Ostrovsky and Schwarz 2007)"), a work's own title in italics in brackets after its
Chinese title ("《用 Python 绘图与编程》（*Plotting and Programming in Python*）").

`faults` lists what a translated cell lacks; ``python -m o2o_models.lessons.translation check``
prints it with the drift, and tests/test_translation.py asks it of every Chinese lesson.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_PROSE = re.compile(
    r"(?m)^%.*$"  # a MyST comment
    r"|^```.*$|^:::.*$|^:\w+:.*$"  # directive fences and options
    r"|`[^`\n]*`|\{\w+\}"  # inline code, roles
    r"|\$\$.*?\$\$|\$[^$\n]*\$"  # formulas
    r"|\]\([^)\s]*\)"  # a link's target
    r"|<[^>\n]*>"  # HTML tags
    r"|https?://\S+|\b[\w.-]+\.(?:com|cn|org|net)\b",  # web addresses
    re.DOTALL,
)
_RENDERING = re.compile(r"(?m)^>\s*\*.*\(our translation\)\s*$")
_MONTHS = ["January", "February", "March", "April", "May", "June"]
_MONTHS += ["July", "August", "September", "October", "November", "December"]
_MONTH = re.compile(rf"\b({'|'.join(_MONTHS)})\b")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
_SIGNS = {"−": "-", "-": "-", "+": "+", "–": "-"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
_CITATION = re.compile(
    r"(?m)^>.*$"  # a quotation: the article's own words (PC时代, CRM库, B2C)
    r"|^.*\b[A-Z][a-z]+, [A-Z]\..*\(\d{4}\).*$"  # a reference: "Edelman, B., ... (2007), "..."
    r"|[(（][A-Z][^()（）\n]*\d{4}[)）]"  # an author-year citation: (Edelman, Ostrovsky and Schwarz 2007)
    r"|》[(（]\*[^*\n]+\*[)）]"  # a work's own title after its Chinese one: 《…》（*Plotting and Programming*）
)
ALLOWED = ("O2O", "CLV", "GSP", "VCG", "H5", "C2C", "ROI", "Python", "NumPy", "pandas", "DataFrame", "Series")
ALLOWED += ("JupyterLab", "Jupyter", "Shift", "Enter", "Software Carpentry", "GMV", "Beta", "logit")
"""English a Chinese lesson may write outside code: abbreviations, software, a key's name, the Carpentries,
and the terms Chinese economics and e-commerce texts write in Latin letters (GMV, Beta 分布, logit)."""
_ALLOWED = re.compile(rf"(?<![A-Za-z])({'|'.join(sorted(map(re.escape, ALLOWED), key=len, reverse=True))})(?![A-Za-z])")


def _text(cell: Mapping) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def prose(cell: Mapping) -> str:
    """The words a reader reads in a Markdown cell: without comments, code, formulas, links' targets, HTML tags
    and web addresses."""
    return _NOT_PROSE.sub(" ", _text(cell))


def figures(cell: Mapping) -> Counter:
    """The figures a cell states in digits, as a multiset: signed (``-718``, ``+5,742``), with their thousands
    separators, decimals and percent signs as written; an English month name counts as its number."""
    text = _MONTH.sub(lambda month: str(_MONTHS.index(month.group(1)) + 1), _RENDERING.sub(" ", _text(cell)))
    text = _NOT_PROSE.sub(" ", text).replace("％", "%")
    found: Counter = Counter()
    for number in _NUMBER.finditer(text):
        start, end = number.span()
        before, after = text[max(start - 2, 0) : start], text[end:]
        if (before[-1:].isascii() and before[-1:].isalnum()) or (before and before[-1] in ".,"):
            continue  # part of a name (O2O, H5) or of a longer number
        if after[:1].isascii() and after[:1].isalpha() and not _ORDINAL.match(after):
            continue
        sign = _SIGNS.get(before[-1:], "") if not (before[:1].isascii() and before[:1].isalnum()) else ""
        found[f"{sign}{number.group()}{'%' if after.startswith('%') else ''}"] += 1
    return found


def english_words(cell: Mapping) -> list[str]:
    """The English words of a cell's prose that are not among `ALLOWED` (single letters, such as a formula's
    symbol named in the text, are not words)."""
    return _WORD.findall(_ALLOWED.sub(" ", _CITATION.sub(" ", prose(cell))))


def faults(english: Mapping, chinese: Mapping, name: str) -> list[str]:
    """What the Chinese cell ``name`` does not keep of its English cell: figures, and prose without English."""
    problems = []
    theirs, ours = figures(english), figures(chinese)
    if theirs != ours:
        lacks, adds = sorted((theirs - ours).elements()), sorted((ours - theirs).elements())
        problems.append(
            f"Chinese cell {name!r} does not state its English's figures digit for digit: "
            f"lacks {', '.join(lacks) or 'none'}; adds {', '.join(adds) or 'none'}"
        )
    words = english_words(chinese)
    if words:
        problems.append(f"Chinese cell {name!r} has English words outside code, formulas and links: {' '.join(words)}")
    return problems
