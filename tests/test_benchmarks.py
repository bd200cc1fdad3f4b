"""The benchmarks still run against the code they time (they are not tests of speed: `make benchmark` is)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    """The benchmark's run; it exits 1 for a figure over budget (a few settings time the first, cold, chart)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "models.py"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr[-2000:]
    return result


def test_the_model_benchmark_times_every_declared_panel() -> None:
    from o2o_models.lessons import intro, leg1, leg2, leg3, synthesis

    result = benchmark("--settings", "3", "--skip-notebooks")
    for lesson in (intro, leg1, leg2, leg3, synthesis):
        for name in lesson.DECLARED:
            assert name in result.stdout, name


@pytest.mark.slow
def test_the_model_benchmark_executes_every_lesson() -> None:
    result = benchmark("--settings", "1")
    for stem in ("00_introduction", "01_leg1", "02_leg2", "03_leg3", "04_synthesis"):
        assert stem in result.stdout, stem
