"""How fast the lessons feel: model time per widget change, chart build time, notebook time.

    python benchmarks/models.py [--settings 200] [--skip-notebooks] [--one-slider] [--cpu] [--profile-move]

For every panel a lesson declares (``DECLARED``, `o2o_models.interactive.panels.Panel`), draws
``--settings`` random settings of its levers (uniform over each slider's steps, a menu's
options, seeded) and times, per setting, the model (``panel.compute``) and the chart spec
(``panel.show`` plus ``to_dict``: what a slider move costs the kernel before the browser
redraws). Then times each notebook executed top to bottom headless on a temporary copy.
Prints each figure beside its budget.

``--one-slider`` moves one control at a time, to a random value, as a student does (the
default moves them all at once, so no figure is ever unchanged). ``--cpu`` times the
process's CPU time instead of the clock: on a machine shared with other work the clock
also counts the neighbours. ``--profile-move`` prints, instead, what one rebate move of
lesson 01's profit panel costs under cProfile: function calls, the modules they run in,
and the files opened.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import notebooks as notebook_runner  # noqa: E402

LESSON_MODULES = ["intro", "leg1", "leg2", "leg3", "synthesis"]
BUDGET_COMPUTE_P95_MS = 50.0
"""A widget change must redraw well under 100 ms: the kernel's share, model plus chart spec, at the 95th percentile."""
BUDGET_NOTEBOOK_S = 15.0


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(values, share * 100))


def random_value(lever, rng: np.random.Generator) -> object:
    """One of a lever's slider steps, or one of its menu's options, at random."""
    if lever.options:
        return lever.options[int(rng.integers(0, len(lever.options)))]
    low, high, step = lever.range
    return low + step * int(rng.integers(0, int(round((high - low) / step)) + 1))


def random_settings(panel, rng: np.random.Generator) -> dict:
    """A random value for every lever of a declared panel."""
    return {lever.argument: random_value(lever, rng) for lever in panel.levers}


def one_slider_moved(panel, values: dict, rng: np.random.Generator) -> dict:
    """``values`` with one slider (never the merchant menu) moved to a random value in its range."""
    sliders = [lever for lever in panel.levers if not lever.options] or list(panel.levers)
    lever = sliders[int(rng.integers(0, len(sliders)))]
    return {**values, lever.argument: random_value(lever, rng)}


def time_panel(
    name: str, panel, settings: int, rng: np.random.Generator, *, one_slider: bool = False, clock=time.perf_counter
) -> dict:
    """Model and chart times of ``settings`` moves of a declared panel (``name``: the function a notebook calls)."""
    compute_ms, chart_ms = [], []
    values = panel.values()
    for _ in range(settings):
        values = one_slider_moved(panel, values, rng) if one_slider else random_settings(panel, rng)
        started = clock()
        try:
            frame = panel.compute(**values)
        except ValueError:
            continue  # a setting the model refuses (shown to the user as a message)
        middle = clock()
        chart, _ = panel.show(frame, **values)
        chart.to_dict(validate=False)  # as LiveChart.update does
        ended = clock()
        compute_ms.append((middle - started) * 1000)
        chart_ms.append((ended - middle) * 1000)
    return {
        "panel": name,
        "settings": len(compute_ms),
        "model median ms": statistics.median(compute_ms),
        "model p95 ms": percentile(compute_ms, 0.95),
        "chart median ms": statistics.median(chart_ms),
        "chart p95 ms": percentile(chart_ms, 0.95),
    }


def time_notebooks() -> pd.DataFrame:
    """Each lesson built from its source and executed top to bottom (`scripts/notebooks.py`), nothing written."""
    rows = []
    for source in notebook_runner.lesson_sources():
        started = time.perf_counter()
        notebook_runner.execute(source)
        seconds = time.perf_counter() - started
        rows.append(
            {
                "notebook": source.with_suffix(".ipynb").name,
                "seconds": seconds,
                "budget": f"< {BUDGET_NOTEBOOK_S:.0f} s",
                "verdict": "within budget" if seconds < BUDGET_NOTEBOOK_S else "OVER BUDGET",
            }
        )
    return pd.DataFrame(rows)


def profile_move() -> dict:
    """One rebate move of lesson 01's profit panel, as the widget makes it, under cProfile."""
    import builtins
    import cProfile
    import io
    import pstats

    from o2o_models.lessons import leg1

    panel = leg1.members_panel()
    values = {**panel.values, "commission": 0.2}
    panel.compute(**values)  # the panel has drawn once: the scenario file has been read
    opened = []
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    builtins.open = io.open = counting_open
    profile = cProfile.Profile()
    try:
        profile.runcall(panel.compute, **{**values, "commission": 0.21})
    finally:
        builtins.open = io.open = real_open
    stats = pstats.Stats(profile).stats
    ours = {path: calls for path, calls in _calls_by_file(stats).items() if "o2o_models" in path}
    return {
        "function calls": sum(calls for _, calls, *_ in stats.values()),
        "calls in o2o_models": sum(ours.values()),
        "o2o_models modules": len(ours),
        "files opened": len(opened),
    }


def _calls_by_file(stats: dict) -> dict[str, int]:
    calls: dict[str, int] = {}
    for (path, _, _), (_, total, *_) in stats.items():
        calls[path] = calls.get(path, 0) + total
    return calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", type=int, default=200)
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--one-slider", action="store_true", help="move one slider at a time, as a student does")
    parser.add_argument("--cpu", action="store_true", help="time the process's CPU time, not the clock")
    parser.add_argument("--profile-move", action="store_true", help="profile one rebate move of lesson 01")
    args = parser.parse_args(argv)
    if args.profile_move:
        for key, value in profile_move().items():
            print(f"{key}: {value:,}")
        return 0
    clock = time.process_time if args.cpu else time.perf_counter
    rng = np.random.default_rng(2014)
    rows = []
    for name in LESSON_MODULES:
        module = importlib.import_module(f"o2o_models.lessons.{name}")
        for panel_name, panel in module.DECLARED.items():
            timed = time_panel(panel_name, panel, args.settings, rng, one_slider=args.one_slider, clock=clock)
            rows.append({"lesson": name, **timed})
    table = pd.DataFrame(rows)
    table["verdict"] = np.where(
        table["model p95 ms"] + table["chart p95 ms"] < BUDGET_COMPUTE_P95_MS, "within budget", "OVER BUDGET"
    )
    pd.set_option("display.width", 200)
    print(f"Kernel compute per widget change (budget: model p95 + chart p95 < {BUDGET_COMPUTE_P95_MS:.0f} ms)")
    print(table.round(2).to_string(index=False))
    over = (table["verdict"] != "within budget").any()
    if not args.skip_notebooks:
        notebooks = time_notebooks()
        print(f"\nNotebook executed top to bottom, headless (budget: < {BUDGET_NOTEBOOK_S:.0f} s each)")
        print(notebooks.round(1).to_string(index=False))
        over |= (notebooks["verdict"] != "within budget").any()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
