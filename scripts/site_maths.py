"""A Sphinx math renderer that typesets TeX as SVG when the site is built, with no script.

MathJax (version 4, from the ``quickjax`` package, run in-process by QuickJS) turns each
formula into an SVG at build time, so a reader's browser loads no maths script and no
maths font, and a formula looks the same on every device. Each SVG carries a spoken
form of its TeX as ``aria-label``. The glyph outlines each SVG defines are named by
glyph alone (``MJX-MM-I-1D45A``), so `site_pages` can keep one copy of each per page.

A TeX error fails the build with the formula's place (Sphinx runs with ``-W``).

Enable with ``extensions.append("site_maths")`` and ``html_math_renderer = "o2o_svg"``.
"""

from __future__ import annotations

import functools
import html
import re

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "o2o_svg"
COUNTER = re.compile(r'(id="|href="#)MJX-\d+-')
"""MathJax numbers each formula's glyph ids (``MJX-3-MM-...``); the glyph alone names the outline."""

SPOKEN = [  # TeX that reads badly aloud, and what a screen reader should say instead
    (re.compile(r"\\(?:text|mathrm|operatorname|mathit|textbf|mathbf)\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)\b\\?"), ""),
    (re.compile(r"\\[,;:! ]|\\q?quad\b|~"), " "),
    (re.compile(r"\\tag\{([^{}]*)\}"), r" (\1)"),
    (re.compile(r"\{,\}"), ","),
]
NESTED = [  # applied until nothing changes, innermost braces first
    (re.compile(r"([\^_])\{([^{}]*)\}"), r"\1(\2)"),
    (re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}"), r"(\1)/(\2)"),
    (re.compile(r"\\sqrt\{([^{}]*)\}"), r"square root of (\1)"),
    (re.compile(r"(?<!\\)\{([^{}]*)\}"), r"\1"),
]
SYMBOLS = {
    "times": "×",
    "cdot": "·",
    "approx": "≈",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "neq": "≠",
    "infty": "∞",
    "sum": "sum",
    "ldots": "…",
    "dots": "…",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "Pi": "Π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "theta": "θ",
    "phi": "φ",
    "omega": "ω",
}


def spoken(tex: str) -> str:
    """A screen reader's version of ``tex``: spacing dropped, text unwrapped, common symbols as characters."""
    text = tex
    for pattern, replacement in SPOKEN:
        text = pattern.sub(replacement, text)
    previous = None
    while previous != text:
        previous = text
        for pattern, replacement in NESTED:
            text = pattern.sub(replacement, text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    return " ".join(text.replace("{", "").replace("}", "").replace("\\", "").split())


@functools.cache
def _renderer():
    from quickjax import MathJaxRenderer  # imported here: only a build with maths needs it

    return MathJaxRenderer()


def tex_svg(tex: str, display: bool) -> str:
    """``tex`` as an SVG element named by its spoken form.

    Raises
    ------
    ValueError
        If MathJax cannot typeset ``tex`` (it draws an error box or an unknown command in red).
    """
    svg = _renderer().render(tex, display=display)
    if 'data-mml-node="merror"' in svg or 'fill="red"' in svg:
        raise ValueError(f"MathJax cannot typeset {tex!r}")
    svg = COUNTER.sub(r"\1MJX-", svg)
    label = html.escape(spoken(tex), quote=True)
    return svg.replace("<svg ", f'<svg class="o2o-math" aria-label="{label}" ', 1)


def _typeset(translator, node: nodes.Element, tex: str, display: bool) -> None:
    try:
        translator.body.append(tex_svg(tex, display))
    except ValueError as error:
        logger.warning(str(error), location=node)
        translator.body.append(f"<code>{html.escape(tex)}</code>")


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
    if node["nowrap"]:
        tex = node.astext()
    else:
        parts = [part for part in node.astext().split("\n\n") if part.strip()]
        parts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
        tex = parts[0] if len(parts) == 1 else r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"
    _typeset(self, node, tex, display=True)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app) -> dict:
    app.add_html_math_renderer(RENDERER, (html_visit_math, None), (html_visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
