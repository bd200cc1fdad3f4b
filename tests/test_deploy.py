"""A class beyond one machine: the single-user image (Dockerfile), Binder (binder/) and the
Zero to JupyterHub values (deploy/z2jh/values.yaml), checked without Docker or a cluster:
the values against the chart's own schema, the images' packages against pyproject.toml and
the chart's JupyterHub, and the start wrapper's order (lessons first, then JupyterLab)."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import tomllib
import yaml

from o2o_models.workshop import serving

ROOT = Path(__file__).resolve().parents[1]
Z2JH = ROOT / "deploy" / "z2jh"
TEST_ONLY = {"pytest", "ruff", "hypothesis", "nbval", "jupyter-book", "quickjax", "playwright"}


def _merged(defaults: dict, values: dict) -> dict:
    """Helm's merge of our values over the chart's defaults."""
    merged = dict(defaults)
    for key, value in values.items():
        is_map = isinstance(value, dict) and isinstance(defaults.get(key), dict)
        merged[key] = _merged(defaults[key], value) if is_map else value
    return merged


def _values() -> dict:
    return yaml.safe_load((Z2JH / "values.yaml").read_text())


def _chart_jupyterhub() -> str:
    """The JupyterHub the vendored chart runs (its appVersion, noted in deploy/z2jh/README.md)."""
    return re.search(r"`appVersion`, its\s+JupyterHub, is (\d+\.\d+)\.\d+", (Z2JH / "README.md").read_text()).group(1)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_the_values_pass_the_charts_own_schema() -> None:
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((Z2JH / "chart-values.yaml").read_text())
    jsonschema.validate(_merged(defaults, _values()), schema)


def test_a_key_the_chart_does_not_know_fails_the_schema() -> None:
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((Z2JH / "chart-values.yaml").read_text())
    wrong = _merged(defaults, {"singleuser": {"memory": {"limit": "1G"}, "memoryLimit": "1G"}})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_the_values_limit_each_student_cull_every_minute_and_serve_https() -> None:
    values = _values()
    assert values["singleuser"]["memory"]["limit"] == "1G" and values["singleuser"]["cpu"]["limit"] == 1
    assert (values["cull"]["enabled"], values["cull"]["timeout"], values["cull"]["every"]) == (True, 3600, 60)
    assert values["proxy"]["https"]["enabled"] and values["proxy"]["https"]["type"] == "letsencrypt"
    assert values["singleuser"]["cmd"] == "o2o-singleuser"
    assert values["singleuser"]["defaultUrl"] == "/lab/tree/o2o-lessons/00_introduction.ipynb"


def test_the_images_jupyterhub_is_the_charts() -> None:
    version = _chart_jupyterhub()
    for requirements in (ROOT / "deploy" / "requirements-singleuser.txt", ROOT / "binder" / "requirements.txt"):
        assert f"jupyterhub=={version}.*" in requirements.read_text().split(), requirements
    assert "deploy/requirements-singleuser.txt" in (ROOT / "Dockerfile").read_text()


def test_the_images_carry_runtime_dependencies_only() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [line for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines() if line[:1].isalpha()]
    assert {_name(line): line for line in lines if _name(line) != "jupyterhub"} == {
        _name(r): r for r in project["dependencies"]
    }
    for requirement in project["dependencies"]:
        assert _name(requirement) not in TEST_ONLY
    assert not TEST_ONLY & {_name(line) for line in lines}
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip wheel" in dockerfile and "[test" not in dockerfile and "-e ." not in dockerfile


def test_students_in_the_image_and_on_binder_get_student_copies_only() -> None:
    for recipe in ((ROOT / "Dockerfile").read_text(), (ROOT / "binder" / "postBuild").read_text()):
        assert "o2o-student-copies /tmp/student-copies" in recipe
        assert 'cp -r /tmp/student-copies/. "$lessons"/' in recipe  # both editions: the Chinese in zh/
    assert "notebooks" in (ROOT / "binder" / "postBuild").read_text().split("rm -rf", 1)[1]
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_the_images_kernels_draw_charts_as_the_hubs_do_without_a_png_from_a_script_bundled_once() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "livechart.write_bundled_js(Path('/opt/o2o-chart-cache'))" in dockerfile
    assert "ENV O2O_PROGRESS=on O2O_CHART_PNG=off O2O_CHART_CACHE=/opt/o2o-chart-cache" in dockerfile


def test_binder_places_the_lessons_before_the_server_starts() -> None:
    start = [line for line in (ROOT / "binder" / "start").read_text().splitlines() if not line.startswith("#")]
    assert start == ['o2o-get-lessons "$HOME/o2o-lessons"', 'exec "$@"']


def test_the_image_start_wrapper_places_the_lessons_then_becomes_the_server(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("O2O_LESSONS_DIR", raising=False)
    became = []

    def execvp(program, command):
        became.append((program, command, sorted(p.name for p in (tmp_path / "o2o-lessons").glob("*.ipynb"))))

    monkeypatch.setattr(serving.os, "execvp", execvp)
    serving.singleuser_main(["--debug"])
    [(program, command, lessons_then)] = became
    assert program == "jupyterhub-singleuser" and command[-1] == "--debug"
    assert set(serving.SERVER_ARGS) <= set(command)
    assert lessons_then and lessons_then[0] == "00_introduction.ipynb"
    assert '"o2o-singleuser"' in (ROOT / "Dockerfile").read_text()


@pytest.mark.slow
@pytest.mark.parametrize("recipe", ["Dockerfile", "binder/postBuild"])
def test_the_recipes_leave_no_worked_solution_in_the_installed_package(recipe: str, tmp_path: Path) -> None:
    """The recipe's own lines, run on the built wheel: the lessons the package ships are then student copies."""
    import os
    import shutil
    import subprocess
    import sys
    import zipfile

    import nbformat

    from o2o_models.workshop.classroom import is_solution

    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    for name in ("o2o_models", "notebooks", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheel_dir = tmp_path / "wheel"
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(source)]
    subprocess.run([*build, "-w", str(wheel_dir)], check=True, cwd=tmp_path, capture_output=True)
    site = tmp_path / "site"
    zipfile.ZipFile(next(wheel_dir.glob("*.whl"))).extractall(site)
    originals = sorted((site / "o2o_models" / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert any(is_solution(cell) for path in originals for cell in nbformat.read(path, as_version=4).cells)
    shim = tmp_path / "bin" / "o2o-student-copies"
    shim.parent.mkdir()
    shim.write_text(
        f"#!/bin/sh\nexec {sys.executable} -c 'import sys; from o2o_models.workshop.classroom import "
        'student_copies_main; sys.exit(student_copies_main(sys.argv[1:]))\' "$@"\n'
    )
    shim.chmod(0o755)
    text = (ROOT / recipe).read_text().replace("\\\n", " ")
    steps = [
        line.removeprefix("RUN ") for line in text.splitlines() if "o2o-student-copies /tmp/student-copies" in line
    ]
    script = text.split("o2o-student-copies /tmp/student-copies", 1)[1] if recipe.startswith("binder") else ""
    command = steps[0] if not script else "o2o-student-copies /tmp/student-copies" + script.split("rm -rf", 1)[0]
    env = {**os.environ, "PYTHONPATH": str(site), "PATH": f"{shim.parent}:{Path(sys.executable).parent}:/usr/bin:/bin"}
    run = subprocess.run(
        ["bash", "-ec", command.replace("/tmp/student-copies", str(tmp_path / "copies"))],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    shipped = sorted((site / "o2o_models" / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
    ours = sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
    assert [p.relative_to(site / "o2o_models").as_posix() for p in shipped] == [
        p.relative_to(ROOT).as_posix() for p in ours
    ]
    for path in shipped:
        assert not any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells), path
