"""What every lesson's tests share: reading a lesson's cells, a panel's chart data, and moving its sliders."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LESSONS = {
    "intro": "00_introduction",
    "leg1": "01_leg1_acquire_and_own",
    "leg2": "02_leg2_operations_team",
    "leg3": "03_leg3_stable_traffic",
    "synthesis": "04_synthesis",
}


def lesson_sources() -> list[Path]:
    """Every lesson source, the English ``notebooks/NN_*.md`` then the Chinese ``notebooks/zh/NN_*.md``: the tests
    of what every lesson holds (its markup, exercises, stored outputs) read both editions."""
    notebooks = ROOT / "notebooks"
    return sorted(notebooks.glob("[0-9][0-9]_*.md")) + sorted((notebooks / "zh").glob("[0-9][0-9]_*.md"))


def lesson_notebooks() -> list[Path]:
    """Every executed lesson, one beside each source (`lesson_sources`)."""
    return [source.with_suffix(".ipynb") for source in lesson_sources()]


def lesson_id(path: Path) -> str:
    """A lesson's name in test ids: ``00_introduction``, or ``zh-00_introduction`` for the Chinese edition."""
    return f"{path.parent.name}-{path.stem}" if path.parent.name == "zh" else path.stem


def is_chinese(path: Path) -> bool:
    return path.parent.name == "zh"


def chart_rows(panel) -> list[dict]:
    """The panel chart's main data: its largest dataset (a zero line has its own, smaller one)."""
    return max(panel.chart.spec["datasets"].values(), key=len)


def grid_rows(chart) -> pd.DataFrame:
    """A kernel-free chart's grid: its largest dataset."""
    return pd.DataFrame(max(chart.to_dict()["datasets"].values(), key=len))


def assert_every_slider_moves_the_chart(factory) -> None:
    """Moving each slider to an end of its range (a menu to its last option) changes the chart or summary."""
    panel = factory()
    for name, control in panel.controls.items():
        panel.reset()
        before = (chart_rows(panel), panel.status.value)
        if hasattr(control, "options"):
            control.value = control.options[-1]
        else:
            control.value = control.max if control.value != control.max else control.min
        assert (chart_rows(panel), panel.status.value) != before, f"{factory.__name__}: {name}"


def assert_grid_matches_live(panel, grid: pd.DataFrame, point: dict[str, float], column: str) -> None:
    """The grid's rows at ``point`` equal what the live panel computes for the same slider values."""
    mask = pd.Series(True, index=grid.index)
    for name, value in point.items():
        mask &= grid[name].round(6) == round(value, 6)
    live = panel.compute(**{**panel.values, **point})
    assert mask.sum() == len(live) > 0
    assert grid.loc[mask, column].tolist() == live[column].tolist()


@dataclass(frozen=True)
class Cell:
    id: str
    source: str
    tags: tuple[str, ...]


@functools.cache
def read_lesson(stem: str) -> tuple[Cell, ...]:
    """A lesson's cells in order: id, source and tags.

    The one place the tests read a lesson's text: re-point it here when the lessons' sources move.
    """
    path = ROOT / "notebooks" / f"{stem}.ipynb"
    return tuple(
        Cell(cell["id"], cell["source"], tuple(cell.metadata.get("tags", ())))
        for cell in nbformat.read(path, as_version=4).cells
    )


def lesson_cells(stem: str) -> dict[str, str]:
    """A lesson's cells by id: the source of every cell, so a test can name the cell whose claim it guards."""
    return {cell.id: cell.source for cell in read_lesson(stem)}


def cell_text(stem: str, cell_id: str) -> str:
    """The source of lesson ``stem``'s cell ``cell_id``."""
    cells = lesson_cells(stem)
    assert cell_id in cells, f"{stem} has no cell {cell_id!r}"
    return cells[cell_id]


def lesson_text(stem: str) -> str:
    """A lesson's whole text, every cell's source in order."""
    return "\n".join(cell.source for cell in read_lesson(stem))


def solution_text(lesson, number: int) -> str:
    """The worked solution of a lesson's exercise ``number``, as `lesson.solution` shows it once tried.

    The one place the tests read a worked solution: re-point it here when solutions move into the lessons' text.
    """
    return lesson.WORKBOOK.questions[number].working()


def assert_no_warning(panel) -> None:
    """The panel's status line shows a summary, not a refusal."""
    assert "⚠" not in panel.status.value, panel.status.value


def site_slider_starts(chart) -> dict[str, float]:
    """Where each slider of a kernel-free chart starts, by the model argument it moves."""
    return {
        param["name"].removesuffix("_slider"): param["value"] for param in chart.to_dict()["params"] if "bind" in param
    }
