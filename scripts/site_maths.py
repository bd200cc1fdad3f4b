"""A Sphinx math renderer that typesets TeX as SVG when the site is built, with no script.

MathJax turns each formula into an SVG at build time (`o2o_models.workshop.printouts.maths`,
which the trainers' printouts share), so a reader's browser loads no maths script and no
maths font, and a formula looks the same on every device. Each SVG carries a spoken
form of its TeX as ``aria-label``. The glyph outlines each SVG defines are named by
glyph alone (``MJX-MM-I-1D45A``), so `site_pages` can keep one copy of each per page.

A TeX error fails the build with the formula's place (Sphinx runs with ``-W``).

Enable with ``extensions.append("site_maths")`` and ``html_math_renderer = "o2o_svg"``.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from o2o_models.workshop.printouts.maths import tex_svg

logger = logging.getLogger(__name__)

RENDERER = "o2o_svg"
TAG = re.compile(r"\\tag\*?\{[^{}]*\}")
"""An equation's number written into its TeX (``\\tag{6a}``)."""


def _typeset(translator, node: nodes.Element, tex: str, display: bool) -> None:
    try:
        translator.body.append(tex_svg(tex, display))
    except ValueError as error:
        logger.warning(str(error), location=node)
        translator.body.append(f"<code>{html.escape(tex)}</code>")


def display_tex(source: str) -> str:
    """A display formula's TeX as Sphinx's MathJax renderer writes it: several lines in one ``split`` each,
    several paragraphs aligned. A ``\\tag`` goes after its ``split``, where TeX allows one (a lesson's
    ``\\begin{aligned} ... \\end{aligned} \\tag{6a}``: a tag inside ``split`` is an error)."""
    parts = [part for part in source.split("\n\n") if part.strip()]
    parts = [_split(part) if r"\\" in part else part for part in parts]
    return parts[0] if len(parts) == 1 else r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"


def _split(part: str) -> str:
    tags = "".join(TAG.findall(part))
    return rf"\begin{{split}}{TAG.sub('', part)}\end{{split}}{tags}"


def html_visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math o2o-inline-math"))
    _typeset(self, node, node.astext(), display=False)
    self.body.append("</span>")
    raise nodes.SkipNode


def html_visit_displaymath(self, node: nodes.math_block) -> None:
    """As Sphinx's MathJax renderer: an equation number with its link, several equations aligned."""
    # tabindex: on a phone a long formula scrolls sideways in its box, and a keyboard must reach it
    self.body.append(self.starttag(node, "div", CLASS="math o2o-display-math", tabindex="0"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    _typeset(self, node, node.astext() if node["nowrap"] else display_tex(node.astext()), display=True)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app) -> dict:
    app.add_html_math_renderer(RENDERER, (html_visit_math, None), (html_visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
