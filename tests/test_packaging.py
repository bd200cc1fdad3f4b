"""The pip and conda set-ups name the same dependencies, so Binder and pip users agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {_name(r): r.replace(" ", "") for r in listed}


def _conda_requirements() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text()
    dependencies = text.split("\ndependencies:\n", 1)[1]
    entries = [line.strip()[2:] for line in dependencies.splitlines() if re.match(r"^  - [A-Za-z]", line)]
    return {_name(e): e.replace(" ", "") for e in entries if _name(e) not in {"python", "pip", "pip:"}}


def test_environment_yml_and_pyproject_name_the_same_packages_and_bounds() -> None:
    assert _conda_requirements() == _pyproject_requirements()


def test_environment_yml_installs_the_package_itself() -> None:
    assert "- -e ." in (ROOT / "environment.yml").read_text()


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme
    assert ci.strip().splitlines()[-1] == "make test"


def test_every_lesson_is_stored_with_outputs_fresh_for_the_current_code_and_data() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("notebooks_script", ROOT / "scripts" / "notebooks.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    lessons = script.lesson_paths()
    assert [p.name[:2] for p in lessons] == ["00", "01", "02", "03", "04"]
    assert script.stale(lessons) == [], "run `make notebooks` and commit the executed lessons"
