"""The site's maths (scripts/site_maths.py): every display formula of every lesson, both editions, typesets
as the site writes it, without building the site."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from site_maths import display_tex  # noqa: E402

from o2o_models.workshop.printouts.maths import tex_svg  # noqa: E402

SOURCES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.md")) + sorted(
    (ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.md")
)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)


def test_a_tag_after_an_aligned_formula_goes_after_its_split() -> None:
    tex = display_tex(r"\begin{aligned} a &= b, \\ c &= d. \end{aligned} \tag{6a}")
    assert tex.endswith(r"\end{split}\tag{6a}") and tex.count(r"\tag") == 1
    tex_svg(tex, display=True)


def test_a_one_line_formula_is_left_as_written() -> None:
    assert display_tex(r"w = s\,\tau. \tag{1}") == r"w = s\,\tau. \tag{1}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_every_display_formula_of_a_lesson_typesets_as_the_site_writes_it(source: Path) -> None:
    formulas = DISPLAY.findall(source.read_text(encoding="utf-8"))
    for formula in formulas:
        tex_svg(display_tex(formula.strip()), display=True)  # raises ValueError on a TeX error
