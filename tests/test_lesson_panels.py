"""Every panel of every lesson, as a screen reader and a moved slider meet it: the chart's text
alternative is its title and the whole summary shown under it, at first and after a move, and
the chart then draws the rows the model computed for the new settings (the columns it uses).
And every panel is one declaration: its widget's controls and its site chart's sliders are its
levers, each labelled once, in the lever table."""

from __future__ import annotations

import ast
from pathlib import Path

import ipywidgets as widgets
import pytest
from lessons_support import assert_no_warning, cell_text, chart_rows, read_lesson

import o2o_models
from o2o_models import scenarios, text
from o2o_models.interactive.charts import records
from o2o_models.interactive.levers import LEVERS
from o2o_models.lessons import intro, leg1, leg2, leg3, synthesis
from o2o_models.lessons.common import plain_text
from o2o_models.lessons.intro.panels import WARMUP_TITLE
from o2o_models.merchant import FIELDS
from o2o_models.text import _

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


@pytest.fixture(params=["en", "zh"])
def language(request):
    """Each lesson's language in turn: the Chinese lessons show the same panels (notebooks/zh/)."""
    intro.language(request.param)
    yield request.param
    intro.language("en")


@pytest.mark.parametrize("factory", PANELS, ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
def test_a_panels_menus_name_each_merchant_as_the_reader_does_not_by_its_id(factory, language) -> None:
    """The preset menu and a merchant menu show "Leisure and entertainment" (休闲娱乐 in Chinese), the names of
    data/scenario_names.csv, and keep the code's id, "leisure", as the value a panel reads."""
    names = scenarios.scenario_labels().set_index("scenario")["name_zh" if language == "zh" else "name_en"]
    panel = factory()
    menus = [panel.preset, *(c for c in panel.controls.values() if isinstance(c, widgets.Dropdown))]
    for menu in menus:
        merchants = [(label, value) for label, value in menu.options if value in names.index]
        assert merchants == [(names[value], value) for _, value in merchants]
    assert [value for _, value in panel.preset.options][1:] == list(panel._presets)


@pytest.mark.parametrize("factory", PANELS, ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
def test_a_panels_chart_is_described_by_its_summary_and_draws_the_models_rows_after_a_move(factory, language) -> None:
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


# One declaration per panel, one label per lever ----------------------------------------------------

LESSONS = (intro, leg1, leg2, leg3, synthesis)
DECLARED = [(lesson, name, panel) for lesson in LESSONS for name, panel in lesson.DECLARED.items()]
PACKAGE = Path(o2o_models.__file__).parent
SOURCES = sorted([*(PACKAGE / "interactive").glob("*.py"), *(PACKAGE / "lessons").rglob("*.py")])
"""Where panels are made: the interaction and teaching layers (a model may name its own rows alike, such as
`groupbuy.voucher_waterfall`'s steps "List price 标价" ... "Unit cost 成本")."""


def _ids(item) -> str:
    return f"{item[0].__name__.rsplit('.', 1)[-1]}.{item[1]}"


@pytest.mark.parametrize("factory", PANELS, ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
def test_a_panels_chart_sets_its_own_plot_size(factory) -> None:
    """Lesson 01's deal and discount charts lost theirs and drew at Vega-Lite's 300 px in a 560 px panel."""
    spec = factory().chart.spec
    assert [node.get("width") for node in (spec, *spec.get("layer", ())) if node.get("width")], spec.keys()


def test_each_lesson_declares_every_panel_it_lists() -> None:
    for lesson in LESSONS:
        assert [factory.__name__ for factory in lesson.PANELS] == list(lesson.DECLARED), lesson.__name__


@pytest.mark.parametrize("item", DECLARED, ids=_ids)
def test_a_panels_widget_has_a_control_per_declared_lever_labelled_from_the_lever_table(item) -> None:
    lesson, name, declared = item
    panel = getattr(lesson, name)()
    assert list(panel.controls) == [lever.argument for lever in declared.levers]
    for lever in declared.levers:
        control = panel.controls[lever.argument]
        assert control.description == lever.description(*lever.range[:2])
        assert control.description.split(" (")[0] == LEVERS[lever.name].description.split(" (")[0]
        if lever.options:
            assert [value for _label, value in control.options] == list(lever.options)
        else:
            assert (control.min, control.max, control.step) == pytest.approx(lever.range)
    assert panel.values == declared.values()


@pytest.mark.slow  # builds each site chart's grid
@pytest.mark.parametrize("item", [i for i in DECLARED if i[1] in i[0].SITE_CHARTS], ids=_ids)
def test_a_site_chart_comes_from_the_declaration_its_widget_comes_from(item) -> None:
    lesson, name, declared = item
    assert lesson.SITE_CHARTS[name] == declared.site_chart
    panel = getattr(lesson, name)()
    params = [p for p in declared.site_chart().to_dict()["params"] if "bind" in p]
    assert params, f"{name}'s site chart has no slider"
    grids = {lever.argument: lever.grid for lever in declared.levers if lever.grid}
    assert [param["name"] for param in params] == list(grids)
    levers = {lever.argument: lever for lever in declared.levers}
    for param in params:  # each browser slider is one of the widget's, named alike, with the range it runs over
        control = panel.controls[param["name"]]
        label = param["bind"]["name"].strip()
        assert label == levers[param["name"]].description(*grids[param["name"]][:2])
        assert label.split(" (")[0] == control.description.split(" (")[0]
        assert param["value"] == pytest.approx(panel.values[param["name"]])
        bind = param["bind"]
        assert (bind["min"], bind["max"], bind["step"]) == pytest.approx(grids[param["name"]])
        assert control.min <= bind["min"] <= bind["max"] <= control.max


THE_THREE_LEVERS = ("commission", "trust", "groupbuy_views", "paid_budget_cny", "viral_mean_leads")
"""Rebate, trust and traffic: what the lessons are about (issue 19, finding 19)."""


def test_every_site_slider_of_the_rebate_trust_and_traffic_has_at_least_eleven_positions() -> None:
    coarse = {
        (name, axis.name): len(axis.values)
        for _lesson, name, declared in DECLARED
        for axis in (declared.axes() if any(lever.grid for lever in declared.levers) else [])
        if axis.name in THE_THREE_LEVERS and len(axis.values) < 11
    }
    assert not coarse, coarse
    assert len([item for item in DECLARED if any(lever.grid for lever in item[2].levers)]) >= 12  # of 13 panels


def _label_texts() -> dict[str, list[str]]:
    """Where each lever label is written in the package's code: the files holding it as a text, or a text it opens."""
    found: dict[str, list[str]] = {name: [] for name in LEVERS}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for name, display in LEVERS.items():
                    if node.value == display.label or node.value.startswith(f"{display.label} ("):
                        found[name].append(path.name)
    return found


def test_no_lever_label_is_written_twice() -> None:
    assert {name: files for name, files in _label_texts().items() if files != ["levers.py"]} == {}


def test_a_lever_of_a_merchant_figure_moves_only_within_the_figures_allowed_interval() -> None:
    for _lesson, name, declared in DECLARED:
        for lever in declared.levers:
            if lever.name in FIELDS and not lever.options:
                low, high, _step = lever.range
                allowed = FIELDS[lever.name]
                assert allowed.low <= low <= high <= allowed.high, (name, lever.name)


def test_a_catalogue_fills_a_panels_title_levers_summary_and_buttons() -> None:
    summary = (
        "The merchant {verb} <b>{margin:,.1f} CNY</b> on each voucher: "
        "the platform keeps <b>{rebate:,.1f} CNY</b> as its rebate 返点."
    )
    text.use(
        {
            "Warm-up: one group-buy voucher, step by step": "热身：一张团购券",
            WARMUP_TITLE: "一张团购券的钱去了哪里",
            "Rebate 返点": "返点",
            "share of voucher price": "券价的比例",
            summary: "商家每张券{verb} <b>{margin:,.1f} 元</b>，平台留下 <b>{rebate:,.1f} 元</b> 返点。",
            "loses": "亏",
            "Reset 重置": "重置",
        }
    )
    try:
        panel = intro.warmup_panel()
    finally:
        text.use({})
    children = [*panel.children, *(c for row in panel.children for c in getattr(row, "children", ()))]
    shown = [child for child in children if hasattr(child, "description") or hasattr(child, "value")]
    assert any(getattr(child, "value", None) == "<b>热身：一张团购券</b>" for child in shown)
    assert panel.controls["commission"].description == "返点 (券价的比例)"
    assert panel.status.value.startswith("商家每张券亏 <b>")
    assert any(getattr(child, "description", None) == "重置" for child in shown)
    assert panel.chart.spec["layer"][0]["title"] == "一张团购券的钱去了哪里"
    assert panel.chart.spec["description"].startswith("一张团购券的钱去了哪里. 商家每张券亏")
    english = intro.warmup_panel()  # and back in English: no text, and no chart built in the other language, stays
    assert english.controls["commission"].description == "Rebate 返点 (share of voucher price)"
    assert english.chart.spec["layer"][0]["title"] == WARMUP_TITLE


# What a student meets on moving a slider or choosing a preset --------------------------------------


def test_a_price_the_browser_sends_with_float_noise_gives_the_presets_verdict() -> None:
    panel = leg1.voucher_panel()
    panel.set_values(list_price=200, discount=0.5, unit_cost=100)
    at_preset = panel.status.value
    panel.controls["list_price"].value = 200.00000000000003  # a slider moved to 200 in the browser
    assert panel.values["list_price"] == 200
    assert panel.status.value == at_preset
    assert "earns nothing even with no rebate" in at_preset


def test_choosing_the_furniture_preset_again_after_moving_trust_puts_trust_back() -> None:
    panel = synthesis.legs_panel()
    panel.preset.value = "furniture"
    furniture_trust = panel.controls["trust"].value
    panel.controls["trust"].value = 0.6 if furniture_trust != 0.6 else 0.7
    assert panel.preset.value == "(custom)"
    panel.preset.value = "furniture"
    assert panel.controls["trust"].value == furniture_trust


MERCHANT_MENUS = [leg1.prepay_panel, leg1.deal_panel, leg1.members_panel, leg3.traffic_panel, synthesis.legs_panel]


@pytest.mark.parametrize("factory", MERCHANT_MENUS, ids=lambda f: f.__name__)
def test_the_merchant_menu_loads_that_merchants_figures(factory) -> None:
    panel = factory()
    _label, other = panel.controls["merchant"].options[-1]
    panel.controls["merchant"].value = other
    assert panel.preset.value == other
    expected = panel._presets[other]
    assert panel.values == {name: expected[name] for name in panel.controls}


def test_a_scale_in_a_levers_unit_is_the_range_its_slider_runs() -> None:
    trust = leg3.traffic_panel().controls["trust"]  # trust runs from 0.05 in lesson 03, not from 0
    assert trust.description == f"Trust 信任 ({trust.min:g} to {trust.max:g})"


@pytest.mark.parametrize("item", DECLARED, ids=_ids)
def test_every_start_and_preset_value_lies_on_its_sliders_steps(item) -> None:
    """A browser slider rounds to its steps and sends the rounded value back: a preset value between two steps
    (the restaurant's retention 0.775 on a 0.01 slider) would move the model off the preset, shown "(custom)"."""
    _, name, declared = item
    levers = {lever.argument: lever for lever in declared.levers if not lever.options}
    settings = {"start": declared.values(), **declared.preset_values()}
    for setting, values in settings.items():
        for argument, value in values.items():
            if argument in levers:
                low, _high, step = levers[argument].range
                steps = (float(value) - low) / step
                assert steps == pytest.approx(round(steps), abs=1e-6), f"{name}, {setting}: {argument}={value}"


def test_a_students_function_that_returns_nothing_yet_is_caught_where_the_panel_calls_it() -> None:
    from o2o_models.interactive.yours import ReturnsNothing, answer_of, unfinished

    def clv_within(margin, retention, discount_rate, months): ...  # the placeholder a fresh copy holds

    for placeholder in (clv_within, lambda **_: ...):
        with pytest.raises(ReturnsNothing) as caught:
            answer_of(placeholder, margin=10, retention=0.8, discount_rate=0.01, months=12)
        status = unfinished(caught.value)
        assert status.startswith("Your model returns nothing yet: finish its body") and "NoneType" not in status
    assert answer_of(lambda **_: 0.0, margin=10) == 0.0  # a zero is an answer
    assert "ZeroDivisionError" in unfinished(ZeroDivisionError("division by zero"))
    assert "does not draw yet (TypeError" in unfinished(TypeError("unsupported operand type(s)"))


def test_every_panel_that_calls_a_students_function_says_when_it_returns_nothing_yet() -> None:
    from o2o_models.lessons import leg1, leg2, leg3, synthesis

    def placeholder(**_): ...

    panels = {
        "Your model": (leg1.clv_panel(your_clv=placeholder), leg2.lift_panel(your_lift=placeholder)),
        "Your bid rule": (leg3.auction_panel(your_bids=placeholder),),
        "Your rule": (synthesis.legs_panel(your_rule=placeholder),),
    }
    for what, shown in panels.items():
        for panel in shown:
            assert f"{what} returns nothing yet: finish its body" in panel.status.value
            assert "NoneType" not in panel.status.value and "Ellipsis" not in panel.status.value


OFF_THE_SITE = [
    # lesson, the site's note, the notice it comes before, the panel, its lever, the setting the notice asks for
    (
        "01_leg1_acquire_and_own",
        "deal-site",
        "deal-notice",
        leg1.deal.DEAL,
        "later_value_new",
        "Raise the **later value**",
    ),
    (
        "01_leg1_acquire_and_own",
        "discount-site",
        "discount-notice",
        leg1.owning.DISCOUNT,
        "retention_sensitivity",
        r"$\beta$ to 0",
    ),
    ("03_leg3_stable_traffic", "sources-site", "sources-notice", leg3.leads.TRAFFIC, "trust", "At trust 0.1"),
]


@pytest.mark.parametrize("stem", ["", "zh/"])
@pytest.mark.parametrize(("lesson", "note", "notice", "panel", "name", "setting"), OFF_THE_SITE)
def test_a_site_reader_is_told_which_setting_of_a_notice_only_the_notebooks_panel_reaches(
    stem, lesson, note, notice, panel, name, setting
) -> None:
    """A "What to notice" that sets a lever the site's chart lacks (or past its grid) is preceded, on the site only,
    by a note naming the notebook's slider; the English notice really asks for that setting."""
    lever = next(lever for lever in panel.levers if lever.name == name)
    assert setting in cell_text(lesson, notice)
    assert lever.grid is None or (name == "trust" and lever.grid[0] > 0.1 >= (lever.low or 0))
    cells = read_lesson(f"{stem}{lesson}")
    at = [cell.id for cell in cells].index(note)
    assert cells[at + 1].id == notice and "site-only" in cells[at].tags
    try:
        text.language("zh" if stem else "en")
        named = f"**{_(lever.display.label)}**" if lever.grid is None else f"{lever.grid[0]:g}"
    finally:
        text.language("en")
    assert named in cells[at].source
