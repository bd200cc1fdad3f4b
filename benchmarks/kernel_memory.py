"""Measure each lesson's kernel memory after it runs top to bottom: what a class needs.

    python benchmarks/kernel_memory.py

Executes every lesson headless (on a temporary copy) and then asks the same kernel for
its resident memory now (``VmRSS``) and at its peak (``VmHWM``), from ``/proc/self/status``
(Linux). A workshop server needs about the peak figure per student kernel, plus the
Jupyter server itself. Prints the figures beside the 300 MB budget.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MB = 300.0
PROBE = (
    "import re\n"
    "_status = open('/proc/self/status').read()\n"
    "print(*(int(re.search(rf'{k}:\\s+(\\d+) kB', _status).group(1)) // 1024 for k in ('VmRSS', 'VmHWM')))"
)


def kernel_memory_mb(path: Path) -> tuple[int, int]:
    """Resident and peak memory (MB) of a kernel that has just run ``path`` top to bottom."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    resident, peak = notebook.cells[-1].outputs[0]["text"].split()
    return int(resident), int(peak)


def main() -> int:
    print(f"{'lesson':34} {'resident MB':>12} {'peak MB':>8}  budget < {BUDGET_MB:.0f} MB")
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        for source in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            copy = Path(tmp) / source.name
            shutil.copy(source, copy)
            resident, peak = kernel_memory_mb(copy)
            over |= peak >= BUDGET_MB
            verdict = "within budget" if peak < BUDGET_MB else "OVER BUDGET"
            print(f"{source.stem:34} {resident:12} {peak:8}  {verdict}", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
