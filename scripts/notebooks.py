"""Execute the lessons in place and check that their stored outputs are fresh.

    python scripts/notebooks.py run [NOTEBOOK ...]   # execute top to bottom, store outputs
    python scripts/notebooks.py check                # fail if any stored output is stale

Readers online see the outputs stored in each notebook, so they must come from the
current code and data. `run` executes a notebook with a fresh kernel (cells in order,
working folder ``notebooks/``) and stamps it with a fingerprint of everything its
outputs depend on: the notebook's own cells, the ``o2o_models`` package and ``data/``.
`check` recomputes the fingerprints and names every notebook whose stamp differs.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
STAMP = "o2o_fingerprint"


def lesson_paths() -> list[Path]:
    """The lessons in order: ``notebooks/NN_*.ipynb``."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def fingerprint(notebook: nbformat.NotebookNode) -> str:
    """SHA-256 of the notebook's cell sources, the package's code and the data files."""
    digest = hashlib.sha256()
    for cell in notebook.cells:
        digest.update(cell.cell_type.encode() + b"\0" + cell.source.encode() + b"\0")
    dependencies = sorted((ROOT / "o2o_models").rglob("*.py")) + sorted((ROOT / "data").glob("*.csv"))
    for path in dependencies:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in place with a fresh kernel, stamp it, and return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    client.execute()
    notebook.metadata[STAMP] = fingerprint(notebook)
    nbformat.write(notebook, path)
    return time.perf_counter() - started


def stale(paths: list[Path]) -> list[Path]:
    """The notebooks whose stored outputs predate their current code, data or cells."""
    out = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        if notebook.metadata.get(STAMP) != fingerprint(notebook):
            out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "check"])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson in notebooks/")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or lesson_paths()
    if args.command == "run":
        for path in paths:
            print(f"{path.relative_to(ROOT)}: executed in {run(path):.1f} s", flush=True)
        return 0
    old = stale(paths)
    for path in old:
        print(f"{path.relative_to(ROOT)} is stale: run `make notebooks` and commit it", file=sys.stderr)
    return 1 if old else 0


if __name__ == "__main__":
    sys.exit(main())
