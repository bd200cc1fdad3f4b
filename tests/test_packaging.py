"""The pip and conda set-ups name the same dependencies, so Binder and pip users agree."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {_name(r): r.replace(" ", "") for r in listed}


def _conda_requirements() -> dict[str, str]:
    """Conda packages, and the pip section's packages that conda-forge lacks (not the project itself)."""
    text = (ROOT / "environment.yml").read_text()
    dependencies = text.split("\ndependencies:\n", 1)[1]
    entries = [
        line.split("#")[0].strip()[2:] for line in dependencies.splitlines() if re.match(r"^\s+- [A-Za-z]", line)
    ]
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


def _notebooks_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("notebooks_script", ROOT / "scripts" / "notebooks.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_every_lesson_is_a_text_source_beside_its_executed_notebook() -> None:
    """In English, notebooks/; in Chinese, notebooks/zh/, each lesson of the same name as its English."""
    for folder in (ROOT / "notebooks", ROOT / "notebooks" / "zh"):
        sources = [p.stem for p in folder.glob("[0-9][0-9]_*.md")]
        notebooks = [p.stem for p in folder.glob("[0-9][0-9]_*.ipynb")]
        assert sorted(sources) == sorted(notebooks), folder
    keys = [_notebooks_script().lesson_key(p) for p in _notebooks_script().lesson_paths()]
    english = [key for key in keys if "/" not in key]
    assert [key[:2] for key in english] == ["00", "01", "02", "03", "04"]
    assert keys == english + [f"zh/{key}" for key in english if f"zh/{key}" in keys]


def test_every_lesson_is_stored_with_outputs_fresh_for_its_source_code_and_data() -> None:
    script = _notebooks_script()
    stale = {script.lesson_key(p): script.why_stale(p.with_suffix(".md")) for p in script.lesson_paths()}
    assert {stem: why for stem, why in stale.items() if why} == {}, "run `make notebooks` and commit the lessons"


def test_a_lessons_fingerprint_covers_its_lesson_module_and_the_data_it_reads() -> None:
    """What the kernel imported and opened, recorded when the lesson ran: not every file of the package.
    Every lesson ends with its glossary, so every lesson read ``data/glossary.csv``."""
    import nbformat

    from o2o_models.lessons import markup

    script = _notebooks_script()
    fingerprints = script.read_fingerprints()
    for path in script.lesson_paths():
        depends = fingerprints[script.lesson_key(path)]["depends"]
        package = Path(markup.lesson_module(nbformat.read(path, as_version=4)).__file__).parent
        assert {file.relative_to(ROOT).as_posix() for file in package.glob("*.py")} <= set(depends), path.name
        assert "data/glossary.csv" in depends, path.name
        if path.parent.name == "zh":  # the Chinese texts of the panels, tables and feedback
            assert "o2o_models/locale/zh_CN/LC_MESSAGES/o2o.mo" in depends, path.name
        assert "o2o_models/workshop/serving.py" not in depends, path.name


FIRST_LESSONS = [ROOT / "notebooks" / "00_introduction.md", ROOT / "notebooks" / "zh" / "00_introduction.md"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "source", [p for p in FIRST_LESSONS if p.exists()], ids=lambda p: "zh" if p.parent.name == "zh" else "en"
)
def test_executing_a_lesson_again_gives_the_stored_notebook_byte_for_byte(source: Path) -> None:
    """No timestamps, widget ids or table ids that change: a re-run that changes no output changes no byte.
    In both editions: the Chinese lesson's worked solutions and panels are built in Chinese each time."""
    import nbformat

    script = _notebooks_script()
    notebook, record = script.execute(source)
    assert nbformat.writes(notebook) + "\n" == source.with_suffix(".ipynb").read_text(encoding="utf-8")
    assert record == script.read_fingerprints()[script.lesson_key(source)]


@pytest.mark.slow
def test_a_plain_install_ships_the_lessons_and_data_and_the_tools_find_them(tmp_path: Path) -> None:
    """`pip install .` (not editable): the wheel holds notebooks/ and data/, and o2o-get-lessons delivers them."""
    import subprocess
    import sys
    import zipfile

    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    for name in ("o2o_models", "notebooks", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(source),
            "-w",
            str(tmp_path / "wheel"),
        ],
        check=True,
        cwd=tmp_path,
    )
    [wheel] = (tmp_path / "wheel").glob("*.whl")
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    package = tmp_path / "site" / "o2o_models"
    shipped = {path.relative_to(package).as_posix() for path in package.rglob("*")}
    assert {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")} <= shipped
    assert {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.md")} <= shipped
    chinese_lessons = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
    assert chinese_lessons, "the Chinese edition ships too"
    assert {f"notebooks/zh/{p.name}" for p in chinese_lessons} <= shipped
    assert {f"notebooks/zh/{p.stem}.md" for p in chinese_lessons} <= shipped
    assert {f"data/{p.name}" for p in (ROOT / "data").glob("*.csv")} <= shipped
    assert {"locale/zh_CN/LC_MESSAGES/o2o.mo", "locale/zh_CN/LC_MESSAGES/o2o.po"} <= shipped

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def installed(code: str) -> subprocess.CompletedProcess:
        """Run ``code`` with the installed package only, outside the checkout."""
        env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
        return subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)

    get_lessons = "import sys; from o2o_models.workshop import classroom; sys.exit(classroom.get_lessons_main({}))"
    run = installed(get_lessons.format("['lessons']"))
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("  copied ") == 5
    chinese = installed("from o2o_models.text import _, language; language('zh'); print(_('CNY'))")
    assert chinese.stdout.strip() == "元", chinese.stderr
    delivered = sorted((elsewhere / "lessons").glob("*.ipynb"))
    assert [p.name for p in delivered] == [p.name for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    assert not any("Worked solution (for trainers)" in p.read_text() for p in delivered)
    in_chinese = installed(get_lessons.format("['lessons', '--lang', 'zh']"))
    assert in_chinese.returncode == 0, in_chinese.stderr
    assert [p.name for p in sorted((elsewhere / "lessons" / "zh").glob("*.ipynb"))] == [p.name for p in chinese_lessons]

    # What a trainer needs without the checkout: the hub and the printouts are console commands of the wheel.
    [entry_points] = (tmp_path / "site").glob("o2o_models-*.dist-info/entry_points.txt")
    commands = {line.split(" = ")[0] for line in entry_points.read_text().splitlines() if " = " in line}
    assert {"o2o-hub", "o2o-class-progress", "o2o-answer-key", "o2o-handouts"} <= commands
    assert {"workshop/hub/jupyterhub_config.py", "workshop/hub/templates/login.html"} <= shipped
    printout = "import sys; from o2o_models.workshop.printouts import {command}; sys.exit({command}.main({argv!r}))"
    for command, out in (("answer_key", "key.html"), ("handouts", "handouts")):
        made = installed(printout.format(command=command, argv=["--out", out]))
        assert made.returncode == 0, made.stderr
    assert (elsewhere / "key.html").read_text().count("<h3>Worked solution</h3>") > 0
    assert len(list((elsewhere / "handouts").glob("*.html"))) == 5
    for command in ("answer_key", "handouts"):  # in Chinese, from the Chinese lessons the wheel carries
        made = installed(printout.format(command=command, argv=["--lang", "zh"]))
        assert made.returncode == 0, made.stderr
    chinese_key = (elsewhere / "_build" / "zh" / "answer-key.html").read_text()
    assert chinese_key.startswith('<!DOCTYPE html>\n<html lang="zh-CN">') and "<h3>参考解答</h3>" in chinese_key
    assert len(list((elsewhere / "_build" / "zh" / "handouts").glob("*.html"))) == len(chinese_lessons)


def test_the_classic_notebook_the_readme_offers_is_installed() -> None:
    """README: "Open them in JupyterLab, the classic notebook (`jupyter notebook`), or VS Code"."""
    assert "`.venv/bin/jupyter notebook o2o-lessons/`" in (ROOT / "README.md").read_text()
    shown = subprocess.run([sys.executable, "-m", "notebook", "--version"], capture_output=True, text=True)
    assert shown.returncode == 0 and shown.stdout.strip().split(".")[0] >= "7", shown.stderr
