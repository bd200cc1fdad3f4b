"""TeX typeset as SVG, with no script: for the printouts and the site (``scripts/site_maths.py``).

MathJax (version 4, from the ``quickjax`` package, run in-process by QuickJS) turns each
formula into an SVG when the page is written, so a reader's browser loads no maths script
and no maths font. Each SVG carries a spoken form of its TeX as ``aria-label``. The glyph
outlines each SVG defines are named by glyph alone (``MJX-MM-I-1D45A``), so a page can keep
one copy of each.
"""

from __future__ import annotations

import functools
import html
import re

COUNTER = re.compile(r'(id="|href="#)MJX-\d+-')
"""MathJax numbers each formula's glyph ids (``MJX-3-MM-...``); the glyph alone names the outline."""

SPOKEN = [  # TeX that reads badly aloud, and what a screen reader should say instead
    (re.compile(r"\\(?:begin|end)\{[a-z]+\}|&|\\\\"), " "),  # an aligned formula's frame, columns, line breaks
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
    from quickjax import MathJaxRenderer  # imported here: only a page with maths needs it

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
