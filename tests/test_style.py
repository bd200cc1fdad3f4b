"""The code reads alike everywhere: ruff's lint and format, at the one line length pyproject.toml sets."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_code_passes_ruffs_lint() -> None:
    result = ruff("check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted_by_ruff() -> None:
    result = ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_module_past_the_house_length_says_why_at_its_top() -> None:
    """About 300 lines a module (STYLE.md); one that is longer says why in its docstring."""
    for path in sorted((ROOT / "o2o_models").rglob("*.py")):
        lines = path.read_text().splitlines()
        if len(lines) > 330:
            top = ast.get_docstring(ast.parse("\n".join(lines))) or ""
            assert "300 lines" in top or "house length (about 300)" in top, (
                f"{path.relative_to(ROOT)}: {len(lines)} lines, and its top says not why"
            )
