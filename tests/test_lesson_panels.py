"""Every panel of every lesson, as a screen reader and a moved slider meet it: the chart's text
alternative is its title and the whole summary shown under it, at first and after a move, and
the chart then draws the rows the model computed for the new settings (the columns it uses)."""

from __future__ import annotations

import pytest
from lessons_support import assert_no_warning, chart_rows

from o2o_models.interactive.charts import records
from o2o_models.lessons import intro, leg1, leg2, leg3, synthesis
from o2o_models.lessons.common import plain_text

PANELS = [factory for lesson in (intro, leg1, leg2, leg3, synthesis) for factory in lesson.PANELS]


def _assert_described_by_its_summary(panel) -> None:
    assert_no_warning(panel)
    assert panel.chart.spec["description"].endswith(f". {plain_text(panel.status.value)}")


def _first_slider(panel) -> tuple[str, float] | None:
    """The first numeric control's name and a value one step from where it is, inside its range."""
    for name, control in panel.controls.items():
        if hasattr(control, "step") and hasattr(control, "max"):
            up = control.value + control.step
            return name, up if up <= control.max else control.value - control.step
    return None


@pytest.mark.parametrize("factory", PANELS, ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
def test_a_panels_chart_is_described_by_its_summary_and_draws_the_models_rows_after_a_move(factory) -> None:
    panel = factory()
    _assert_described_by_its_summary(panel)
    moved = _first_slider(panel)
    if moved is None:
        return  # a menu-only panel: its first draw is all there is to check
    panel.set_values(**{moved[0]: moved[1]})
    _assert_described_by_its_summary(panel)
    drawn = chart_rows(panel)
    computed = records(panel.compute(**panel.values))
    assert drawn == [{column: row[column] for column in drawn[0]} for row in computed]
