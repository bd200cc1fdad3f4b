"""The benchmarks still run against the code they time (they are not tests of speed: `make benchmark` is)."""

from __future__ import annotations

import importlib.util
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


def browser_latency():
    """benchmarks/browser_latency.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("browser_latency", ROOT / "benchmarks" / "browser_latency.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_browser_benchmark_times_both_editions_by_default() -> None:
    sources = browser_latency().lesson_sources()
    for folder in (ROOT / "notebooks", ROOT / "notebooks" / "zh"):
        lessons = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
        assert lessons and set(lessons) <= set(sources), folder


def test_the_browser_benchmark_names_a_chinese_panel_by_its_declaration() -> None:
    from o2o_models.text import _

    benchmark = browser_latency()
    english, chinese = benchmark.declared_panels("en"), benchmark.declared_panels("zh")
    assert sorted(chinese.values()) == sorted(english.values())
    assert set(chinese).isdisjoint(english)  # every title is translated, so none is named by its English
    assert _("One voucher, step by step") == "One voucher, step by step"  # and the run's own texts stay English
    assert benchmark.lesson_language(ROOT / "notebooks" / "zh" / "00_introduction.ipynb") == "zh"
