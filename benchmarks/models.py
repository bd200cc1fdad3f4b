"""How fast the lessons feel: model time per widget change, chart build time, notebook time.

    python benchmarks/models.py [--settings 200] [--skip-notebooks]

For every panel a lesson declares (``DECLARED``, `o2o_models.interactive.panels.Panel`), draws
``--settings`` random settings of its levers (uniform over each slider's steps, a menu's
options, seeded) and times, per setting, the model (``panel.compute``) and the chart spec
(``panel.show`` plus ``to_dict``: what a slider move costs the kernel before the browser
redraws). Then times each notebook executed top to
bottom headless on a temporary copy. Prints each figure beside its budget.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import statistics
import sys
import tempfile
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


def random_settings(panel, rng: np.random.Generator) -> dict:
    """One value per lever of a declared panel: one of a slider's steps, or one of a menu's options."""
    values = {}
    for lever in panel.levers:
        if lever.options:
            values[lever.argument] = lever.options[int(rng.integers(0, len(lever.options)))]
        else:
            low, high, step = lever.range
            values[lever.argument] = low + step * int(rng.integers(0, int(round((high - low) / step)) + 1))
    return values


def time_panel(name: str, panel, settings: int, rng: np.random.Generator) -> dict:
    compute_ms, chart_ms = [], []
    for _ in range(settings):
        values = random_settings(panel, rng)
        started = time.perf_counter()
        try:
            frame = panel.compute(**values)
        except ValueError:
            continue  # a setting the model refuses (shown to the user as a message)
        middle = time.perf_counter()
        chart, _ = panel.show(frame, **values)
        chart.to_dict(validate=False)  # as LiveChart.update does
        ended = time.perf_counter()
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
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for source in notebook_runner.lesson_paths():
            copy = Path(tmp) / source.name
            shutil.copy(source, copy)
            seconds = notebook_runner.run(copy)
            rows.append(
                {
                    "notebook": source.name,
                    "seconds": seconds,
                    "budget": f"< {BUDGET_NOTEBOOK_S:.0f} s",
                    "verdict": "within budget" if seconds < BUDGET_NOTEBOOK_S else "OVER BUDGET",
                }
            )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", type=int, default=200)
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(2014)
    rows = []
    for name in LESSON_MODULES:
        module = importlib.import_module(f"o2o_models.lessons.{name}")
        for panel_name, panel in module.DECLARED.items():
            rows.append({"lesson": name, **time_panel(panel_name, panel, args.settings, rng)})
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
