"""Where the lessons and the scenario data are, in a checkout and in an installed package.

In the repository (development, ``pip install -e .``) the lessons live in ``notebooks/`` and
the scenario files in ``data/``, beside the ``o2o_models`` package folder. Installed from a
wheel or with ``pip install .``, the same files ship as package data inside the package:
``o2o_models/notebooks/`` and ``o2o_models/data/`` (see ``[tool.setuptools]`` in
``pyproject.toml``). These functions are the one place that knows both layouts.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _shipped(name: str) -> Path:
    """``name`` beside the package in a checkout, else inside the installed package."""
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / name).is_dir():
        return CHECKOUT / name
    return PACKAGE / name


def lessons_dir() -> Path:
    """The folder of the lessons ``o2o-get-lessons`` delivers: ``$O2O_LESSONS_DIR`` if set, else the originals.

    The originals (``NN_name.ipynb``) hold the worked solutions. On the workshop hub each
    student's server has ``O2O_LESSONS_DIR`` set to the hub's solution-free copies.
    """
    return Path(os.environ["O2O_LESSONS_DIR"]) if os.environ.get("O2O_LESSONS_DIR") else _shipped("notebooks")


def data_dir() -> Path:
    """The folder of the scenario files (``scenarios.csv``, ``glossary.csv``, ...)."""
    return _shipped("data")


DEFAULT_HUB_DIR = Path("/srv/o2o-hub")


def _hub_note() -> Path:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "o2o_models" / "hub-dir"


def hub_dir() -> Path:
    """Where the workshop hub keeps its state and the students' home folders (``homes/NAME``).

    ``$O2O_HUB_DIR`` if set; else the folder the last hub started by this user noted
    (`remember_hub_dir`), so ``o2o-class-progress`` finds it; else ``/srv/o2o-hub``.
    """
    if os.environ.get("O2O_HUB_DIR"):
        return Path(os.environ["O2O_HUB_DIR"]).expanduser()
    try:
        return Path(_hub_note().read_text().strip())
    except OSError:
        return DEFAULT_HUB_DIR


def remember_hub_dir(folder: Path) -> None:
    """Note the hub's folder for this user's later ``o2o-class-progress``."""
    note = _hub_note()
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(f"{folder.resolve()}\n")


def proxy_command() -> Path:
    """The configurable-http-proxy the hub runs: ``$O2O_HUB_PROXY``, else the copy ``make hub`` installs from npm."""
    installed = Path.home() / ".cache" / "o2o_models" / "configurable-http-proxy" / "node_modules" / ".bin"
    return Path(os.environ.get("O2O_HUB_PROXY") or installed / "configurable-http-proxy")
