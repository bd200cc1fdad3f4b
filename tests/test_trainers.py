"""TRAINERS.md states only what is true: each number and direction it gives is checked here
against the lessons, the models, the hub's settings or the latest measured figures."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from o2o_models.auctions import gsp_prices, revenue, vcg_prices
from o2o_models.groupbuy import voucher_margin
from o2o_models.lessons import markup
from o2o_models.operations import WITH_TEAM, WITHOUT_TEAM, survival_by_scenario
from o2o_models.workshop.classroom import lesson_paths

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "TRAINERS.md").read_text()
PROSE = " ".join(GUIDE.split())  # the guide's words, line breaks aside
HUB = ROOT / "o2o_models" / "workshop" / "hub"
HUB_CONFIG = "\n".join(path.read_text() for path in sorted(HUB.glob("*.py")))  # the config and the parts it uses
BREAKS = ("Break", "Lunch")


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return 60 * int(hours) + int(minutes)


def _duration(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"


def _plan(title: str) -> list[tuple[int, str, str]]:
    """(start minute, what, lesson) for each row of the plan under the heading ``## {title} (...)``."""
    section = GUIDE.split(f"## {title} (", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+:\d\d) \|([^|]+)\|([^|]*)\|$", section, flags=re.MULTILINE)
    return [(_minutes(clock), what.strip(), lesson.strip()) for clock, what, lesson in rows]


def _headline(title: str) -> str:
    return re.search(rf"^## {title} \((.+)\)$", GUIDE, flags=re.MULTILINE).group(1)


def _lesson_facts() -> dict[str, tuple[int, set[str]]]:
    """Each lesson's number -> (its own estimated minutes, the lessons it says it needs)."""
    facts = {}
    for path in lesson_paths():
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        minutes = int(re.search(r"\*\*Estimated time:\*\* (\d+) minutes", text).group(1))
        needs = re.search(r"\*\*You need:\*\*([^\n]*)", text).group(1)
        facts[path.name[:2]] = (minutes, set(re.findall(r"\((\d\d)_", needs)))
    return facts


def _allotted(plan: list[tuple[int, str, str]]) -> dict[str, int]:
    """Minutes each lesson gets: from its row to the next row."""
    allotted: dict[str, int] = {}
    for (start, _, lesson), (end, _, _) in zip(plan, plan[1:]):
        if lesson:
            allotted[lesson] = allotted.get(lesson, 0) + end - start
    return allotted


def test_each_plan_gives_every_lesson_at_least_its_own_estimated_time() -> None:
    facts = _lesson_facts()
    for title in ("Half-day plan", "Full-day plan"):
        for lesson, minutes in _allotted(_plan(title)).items():
            assert minutes >= facts[lesson][0], f"{title}: lesson {lesson} gets {minutes} min, needs {facts[lesson][0]}"


def test_each_plan_teaches_a_lesson_only_after_the_lessons_it_needs() -> None:
    facts = _lesson_facts()
    for title in ("Half-day plan", "Full-day plan"):
        taught = [lesson for _, _, lesson in _plan(title) if lesson]
        assert taught == sorted(taught), title
        for position, lesson in enumerate(taught):
            assert facts[lesson][1] <= set(taught[:position]), f"{title}: {lesson} needs {facts[lesson][1]}"


def test_the_full_day_plan_teaches_every_lesson() -> None:
    assert sorted(_allotted(_plan("Full-day plan"))) == sorted(_lesson_facts())


def test_each_plan_starts_at_zero_runs_forward_and_its_headline_adds_up() -> None:
    for title in ("Half-day plan", "Full-day plan"):
        plan = _plan(title)
        starts = [start for start, _, _ in plan]
        assert starts[0] == 0 and starts == sorted(set(starts)), title
        assert plan[-1][1] == "End"
        assert _headline(title).startswith(_duration(starts[-1])), title
    full = _plan("Full-day plan")
    breaks = sum(end - start for (start, what, _), (end, _, _) in zip(full, full[1:]) if what in BREAKS)
    assert _headline("Full-day plan") == (
        f"{_duration(full[-1][0])}: {_duration(full[-1][0] - breaks)} of teaching, {_duration(breaks)} of breaks"
    )


def test_the_hub_settings_the_guide_quotes_are_the_configs_defaults() -> None:
    from o2o_models.workshop.hub import signin

    assert 'os.environ.get("O2O_HUB_MEM_LIMIT", "1G")' in HUB_CONFIG and "may use **1 GB**" in PROSE
    assert 'os.environ.get("O2O_HUB_CPU_LIMIT", "1")' in HUB_CONFIG and "1 CPU core" in PROSE
    assert "tasks = Integer(512" in HUB_CONFIG and "at most 512 processes" in PROSE
    assert '"--MappingKernelManager.cull_idle_timeout=1800"' in HUB_CONFIG and "after 30 minutes" in PROSE
    assert 'os.environ.get("O2O_HUB_IDLE_TIMEOUT", "3600")' in HUB_CONFIG and "for an hour" in PROSE
    assert '"--cull-every=60"' in HUB_CONFIG and "which checks every minute" in PROSE
    assert (
        'os.environ.get("O2O_HUB_URL", "https://0.0.0.0:8000")' in HUB_CONFIG and "https://THIS-MACHINE:8000" in PROSE
    )
    assert 'os.environ.get("O2O_HUB_MAX_STUDENTS", "60")' in HUB_CONFIG and "At most 60 names" in PROSE
    assert 'len(passwords.get("trainer", "")) < 16' in HUB_CONFIG and "(16 characters or more)" in PROSE
    assert signin.MIN_PASSWORD == 8 and "a password of their own (8 characters or more)" in PROSE
    assert 'DEFAULT_HUB_DIR = Path("/srv/o2o-hub")' in (ROOT / "o2o_models" / "resources.py").read_text()
    assert "default `/srv/o2o-hub`" in PROSE
    assert '"--KernelManager.transport=ipc"' in HUB_CONFIG and "over Unix sockets" in PROSE
    assert 'tempfile.mkdtemp(prefix="o2o-hub-")' in HUB_CONFIG and "a folder the hub makes under `/tmp`" in PROSE
    assert "*SERVER_ARGS" in HUB_CONFIG and "reach the browser at once" in PROSE
    assert '"fetchNews": "false"' in HUB_CONFIG and "does not ask about Jupyter news" in PROSE
    assert "SPAWN_TIMEOUT = 600" in HUB_CONFIG and "the hub gives a server 10 minutes to start" in PROSE
    assert "PORTS = range(20_000, 32_000)" in HUB_CONFIG and "from 20000 to 31999 by their account's number" in PROSE
    assert 'CHART_ENV = {"O2O_CHART_PNG": "off"}' in HUB_CONFIG and "but no PNG picture" in PROSE
    assert '"rfc3987_syntax":' in HUB_CONFIG and "go without `rfc3987_syntax`" in PROSE


def test_the_class_load_described_is_what_the_benchmark_does() -> None:
    benchmark = (ROOT / "benchmarks" / "class_load.py").read_text()
    assert '"--students", type=int, default=30' in benchmark and "signs in 29 simulated students" in PROSE
    assert "random.uniform(1.5, 2.5)" in benchmark and "every 1.5-2.5 s" in PROSE


def test_the_class_load_figures_are_the_latest_measured_ones() -> None:
    """The guide quotes benchmarks/README.md's latest class load figures word for word."""
    readme = (ROOT / "benchmarks" / "README.md").read_text()
    figures = re.search(r"<!-- class-load -->\n(.+?)\n<!-- /class-load -->", readme, flags=re.DOTALL).group(1)
    assert " ".join(figures.split()) in PROSE


@given(st.floats(1, 1000), st.floats(0.01, 0.99), st.floats(0.01, 1), st.floats(0, 500))
def test_taking_the_rebate_from_the_list_price_gives_too_low_a_margin(list_price, discount, commission, unit_cost):
    slip = list_price * (1 - discount) - commission * list_price - unit_cost
    assert slip < float(voucher_margin(list_price, discount, commission, unit_cost))


@given(st.lists(st.floats(0.1, 100), min_size=2, max_size=8), st.integers(1, 6))
def test_gsp_raises_at_least_as_much_revenue_as_vcg_at_the_same_bids(bids, slots) -> None:
    ctrs = np.sort(np.linspace(0.05, 0.5, slots))[::-1]
    assert revenue(gsp_prices(bids, ctrs), ctrs) >= revenue(vcg_prices(bids, ctrs), ctrs) - 1e-9


def _printout(name: str, out: Path) -> None:
    """A trainer's command (``o2o-answer-key``, ``o2o-handouts``), run as the wheel's console script runs it."""
    import subprocess
    import sys

    command = [sys.executable, "-m", f"o2o_models.workshop.printouts.{name}", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)


@pytest.mark.slow
def test_the_answer_key_holds_every_worked_solution_and_loads_nothing_from_outside(tmp_path: Path) -> None:
    _printout("answer_key", tmp_path / "answer-key.html")
    key = (tmp_path / "answer-key.html").read_text()
    cells = [c for p in lesson_paths() for c in nbformat.read(p, as_version=4).cells]
    solutions = sum(markup.is_solution(c) for c in cells)
    assert key.count("<h3>Worked solution</h3>") == solutions > 0
    assert key.count("<section>") == sum(markup.exercise(c) is not None for c in cells)
    assert "<details>" not in key
    assert not re.search(r'(src|href)="(https?:)?//', key)


@pytest.mark.slow
def test_each_lesson_has_a_handout_with_all_its_key_takeaways(tmp_path: Path) -> None:
    _printout("handouts", tmp_path)
    for path in lesson_paths():
        points = markup.takeaways(nbformat.read(path, as_version=4))
        handout = (tmp_path / f"{path.stem}.html").read_text()
        assert handout.split("<h2>Key takeaways</h2>", 1)[1].count("<li>") == len(re.findall(r"^- ", points, re.M))
        assert not re.search(r'(src|href)="(https?:)?//', handout)


def test_whom_the_staff_help_is_what_survival_by_scenario_says() -> None:
    assert "ask why the leisure venues need no 小二 and most cinemas survive without one" in PROSE
    assert "a merchant that pays its way at almost any skill (the leisure venues), or at none" in PROSE
    shares = survival_by_scenario()
    helped, alone = shares[WITH_TEAM], shares[WITHOUT_TEAM]
    gains = helped - alone
    assert alone["leisure"] > 0.95 and gains["leisure"] < 0.05  # almost any skill: little to gain
    assert 0.5 < alone["cinema"] < helped["cinema"] < 1  # most, not all, survive alone; the team saves some
    assert helped["renovation"] < 0.05 and gains["renovation"] < 0.05  # at none: nothing to gain
    assert gains.idxmax() == "furniture"


def test_the_members_panel_as_the_guide_tells_it() -> None:
    """Lesson 01's members panel: four curves, the rebate moving the two group-buy ones almost alike, and the
    headline at 1% a month about a tenth of the undiscounted one (issue 18: reviews keep it positive)."""
    from o2o_models import funnel
    from o2o_models.scenarios import merchant

    assert "group-buy plus members, and the service account alone (服务号, no group-buy)" in PROSE
    restaurant = merchant("restaurant")
    drawn = funnel.leg1_curves(restaurant)["strategy"].unique().tolist()
    assert drawn == [*funnel.STRATEGIES, funnel.SERVICE_ONLY]
    assert "the rebate moves both group-buy curves almost alike" in PROSE
    low, high = (funnel.leg1_months(restaurant.replace(commission=c)) for c in (0.1, 0.2))
    np.testing.assert_allclose(
        low["groupbuy_only_cny"] - high["groupbuy_only_cny"],
        low["with_members_cny"] - high["with_members_cny"],
        rtol=0.02,
    )
    assert "at 1% a month the restaurant's headline shrinks to about a tenth" in PROSE

    def headline(m):
        curves = funnel.strategy_curves(m)
        return curves.loc[(curves["month"] == 36) & (curves["strategy"] == funnel.WITH_MEMBERS)].iloc[0]

    share = (
        headline(restaurant.replace(discount_rate=0.01))["cumulative_profit_cny"]
        / headline(restaurant)["cumulative_profit_cny"]
    )
    assert 0.085 < share < 0.115  # about a tenth: within 15%
