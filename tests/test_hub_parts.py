"""The workshop hub's parts, one by one, without starting a hub: sign-up and sign-in, the passwords
file, the home checks, the certificate, and what o2o-get-lessons does for the hub
(tests/test_hub.py tries the whole hub as an attacker would)."""

from __future__ import annotations

import asyncio
import logging
import os
import pwd
import stat
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from o2o_models.workshop import classroom
from o2o_models.workshop.hub import accounts, config, editions, launch, limits, signin, spawner, tls

WORKSHOP, TRAINER = "workshop-pass", "trainer-password-0123"


@pytest.fixture
def authenticator(tmp_path: Path) -> signin.WorkshopAuthenticator:
    (tmp_path / "passwords").write_text(f"workshop = {WORKSHOP}\ntrainer = {TRAINER}\n")
    os.chmod(tmp_path / "passwords", 0o600)
    return signin.WorkshopAuthenticator(
        passwords_file=str(tmp_path / "passwords"), students_file=str(tmp_path / "students.json"), max_students=2
    )


def _sign_in(authenticator, username: str, password: str, workshop: str = ""):
    """What the sign-in page sends; returns the name signed in, or the reason for a refusal."""
    handler = SimpleNamespace()
    data = {"username": username, "password": password, "workshop_password": workshop}
    name = asyncio.run(authenticator.authenticate(handler, data))
    return name if name is not None else handler.o2o_refusal


@pytest.mark.parametrize(("typed", "name"), [(" Wang  Li ", "wang-li"), ("BOB", "bob"), ("bob\t", "bob")])
def test_a_typed_name_is_normalised(typed: str, name: str) -> None:
    assert signin.normalise(typed) == name


def test_a_student_signs_up_once_then_signs_in_with_their_own_password_only(authenticator) -> None:
    assert _sign_in(authenticator, "Alice", "alice-secret", WORKSHOP) == "alice"
    assert _sign_in(authenticator, "alice ", "alice-secret") == "alice"
    assert _sign_in(authenticator, "alice", WORKSHOP) == "Wrong password for alice."
    assert _sign_in(authenticator, "alice", "my-own-guess", WORKSHOP).startswith("The name alice is taken.")


def test_a_name_like_a_taken_one_is_refused_with_the_reason(authenticator) -> None:
    _sign_in(authenticator, "wang", "wang-secret", WORKSHOP)
    refusal = _sign_in(authenticator, "Wa ng", "other-secret", WORKSHOP)
    assert refusal.startswith("The name wa-ng is too like wang") and "capitals or spaces" in refusal


def test_a_new_name_needs_the_workshop_password_and_a_password_of_its_own(authenticator) -> None:
    assert "also type the workshop password" in _sign_in(authenticator, "carol", "carol-secret")
    assert "a password of your own" in _sign_in(authenticator, "carol", WORKSHOP, WORKSHOP)
    assert "a password of your own" in _sign_in(authenticator, "carol", "short", WORKSHOP)
    assert "1-23 letters" in _sign_in(authenticator, "carol/../x", "carol-secret", WORKSHOP)


def test_the_class_has_a_size_and_the_trainer_is_not_a_name_to_sign_up(authenticator) -> None:
    assert _sign_in(authenticator, "Trainer", "a-guess-at-it", WORKSHOP) == "Wrong password for trainer."
    assert _sign_in(authenticator, "trainer", TRAINER) == {"name": "trainer", "admin": True}
    assert "too like trainer" in _sign_in(authenticator, "train-er", "someone-secret", WORKSHOP)
    _sign_in(authenticator, "alice", "alice-secret", WORKSHOP)
    _sign_in(authenticator, "bob", "bob-secret-1", WORKSHOP)
    assert _sign_in(authenticator, "carol", "carol-secret", WORKSHOP).startswith("The class is full (2 students)")


def test_passwords_are_kept_as_hashes_in_a_file_only_its_owner_reads(authenticator, tmp_path: Path) -> None:
    _sign_in(authenticator, "alice", "alice-secret", WORKSHOP)
    book = tmp_path / "students.json"
    assert "alice-secret" not in book.read_text()
    assert stat.S_IMODE(book.stat().st_mode) == 0o600


def test_the_passwords_file_is_made_with_random_passwords_and_refused_if_others_can_read_it(tmp_path: Path) -> None:
    made = signin.read_passwords(tmp_path / "private" / "passwords")
    assert len(made["workshop"]) >= 8 and len(made["trainer"]) >= 16
    assert stat.S_IMODE((tmp_path / "private" / "passwords").stat().st_mode) == 0o600
    os.chmod(tmp_path / "private" / "passwords", 0o644)
    with pytest.raises(signin.SecretsError, match="can be read by others"):
        signin.read_passwords(tmp_path / "private" / "passwords")


def test_a_full_or_read_only_home_is_told_in_one_sentence(tmp_path: Path, monkeypatch) -> None:
    assert spawner.home_problem(tmp_path) is None
    disk = SimpleNamespace(f_flag=0, f_bavail=10, f_frsize=4096)
    monkeypatch.setattr(spawner.os, "statvfs", lambda path: disk)
    assert spawner.home_problem(tmp_path) == (
        "the disk of your home folder is full (0 MB free), so your work could not be saved"
    )
    disk.f_flag, disk.f_bavail = os.ST_RDONLY, 10**9
    assert "read-only disk" in spawner.home_problem(tmp_path)


def test_the_self_signed_certificate_names_this_machine_and_its_addresses(tmp_path: Path) -> None:
    from cryptography import x509

    tls.make_self_signed(tmp_path / "key.pem", tmp_path / "cert.pem")
    assert stat.S_IMODE((tmp_path / "key.pem").stat().st_mode) == 0o600
    certificate = x509.load_pem_x509_certificate((tmp_path / "cert.pem").read_bytes())
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert "127.0.0.1" in {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
    assert len(tls.fingerprint(tmp_path / "cert.pem").split(":")) == 32
    assert not tls.expired_or_missing(tmp_path / "cert.pem")


@pytest.mark.parametrize(
    ("systemd", "systemdspawner", "cgroups", "mode", "said"),
    [
        (True, True, True, "systemd", "limits: systemd units per student (jupyterhub-systemdspawner)"),
        (False, True, True, "cgroup-v1", "no systemd here (it is not PID 1), so no systemd unit per student; a cgroup"),
        (True, False, True, "cgroup-v1", "jupyterhub-systemdspawner is not installed"),
        (False, False, False, "none", "NO cgroups here: memory is only polled"),
    ],
)
def test_the_hub_takes_systemd_where_it_runs_the_machine_else_cgroups_and_says_which(
    monkeypatch, systemd: bool, systemdspawner: bool, cgroups: bool, mode: str, said: str
) -> None:
    monkeypatch.setattr(limits, "systemd_runs_the_machine", lambda: systemd)
    monkeypatch.setattr(limits, "systemdspawner_installed", lambda: systemdspawner)
    monkeypatch.setattr(limits.CgroupV1, "available", classmethod(lambda cls: cgroups))
    chosen, sentence = limits.choose()
    assert chosen == mode and said in sentence


def test_systemd_runs_each_student_as_a_unit_and_otherwise_as_a_process_in_their_cgroup() -> None:
    assert spawner.spawner_for("systemd").__name__ == "WorkshopSystemdSpawner"
    assert spawner.spawner_for("cgroup-v1") is spawner.spawner_for("none") is spawner.WorkshopSpawner


def test_each_students_server_has_a_port_of_its_own_that_no_random_port_can_take() -> None:
    ports = {spawner.student_port(uid) for uid in range(1000, 1000 + 500)}
    assert len(ports) == 500
    low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    assert all(port < low or port > high for port in ports)


def test_this_machine_is_told_how_it_enforces_the_limits() -> None:
    assert limits.choose()[0] in {"systemd", "cgroup-v1", "none"}


def _lessons(folder: Path, solution: bool) -> list[Path]:
    folder.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Lesson"), nbformat.v4.new_code_cell("answer = 0")]
    if solution:
        marked = {"o2o": {"solution": 1}, "tags": ["solution"]}
        notebook.cells.append(nbformat.v4.new_markdown_cell("42", metadata=marked))
    nbformat.write(notebook, folder / "00_lesson.ipynb")
    return [folder / "00_lesson.ipynb"]


def test_the_trainers_copies_are_refused_where_only_student_copies_are(tmp_path: Path) -> None:
    copies = _lessons(tmp_path / "copies", solution=False)
    with pytest.raises(classroom.LessonsError, match="student copies, without worked solutions"):
        classroom.get_lessons(tmp_path / "mine", copies, with_solutions=True)
    originals = _lessons(tmp_path / "originals", solution=True)
    assert classroom.get_lessons(tmp_path / "trainer", originals, with_solutions=True)["copied"]


def test_a_new_version_of_an_edited_lesson_is_announced_in_the_folder(tmp_path: Path) -> None:
    lessons = _lessons(tmp_path / "originals", solution=False)
    folder = tmp_path / "mine"
    assert classroom.write_new_versions_notice(folder, classroom.get_lessons(folder, lessons)) is None
    mine = nbformat.read(folder / "00_lesson.ipynb", as_version=4)
    mine.cells[1].source = "answer = 0.15"
    nbformat.write(mine, folder / "00_lesson.ipynb")
    fixed = nbformat.read(lessons[0], as_version=4)
    fixed.cells.append(nbformat.v4.new_markdown_cell("A fix."))
    nbformat.write(fixed, lessons[0])
    notice = classroom.write_new_versions_notice(folder, classroom.get_lessons(folder, lessons))
    assert "`00_lesson.ipynb`: the new version is `00_lesson.new.ipynb`" in notice.read_text()


def test_the_hub_refuses_to_start_as_anyone_but_root(monkeypatch, capsys) -> None:
    monkeypatch.setattr(launch.os, "geteuid", lambda: 1000)
    assert launch.main([]) == 1
    assert "run it as root (sudo o2o-hub)" in capsys.readouterr().err


def test_where_systemd_runs_each_student_is_a_unit_with_the_same_preparation() -> None:
    spawner_class = spawner.systemd_spawner_class()
    assert issubclass(spawner_class, spawner.StudentSetup)
    assert {"homes", "lessons_source", "runtime_root", "tasks", "mem_limit", "cpu_limit"} <= set(
        spawner_class.class_trait_names()
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="making Unix accounts needs root")
def test_the_accounts_of_a_hub_that_is_gone_go_with_their_homes_and_no_others(tmp_path: Path) -> None:
    gone, kept = tmp_path / "gone" / "homes", tmp_path / "kept" / "homes"
    for homes in (gone, kept):
        homes.mkdir(parents=True)
    accounts.ensure_account("parts-gone", gone)
    accounts.ensure_account("parts-kept", kept)
    try:
        assert accounts.remove_accounts(gone) == ["jupyter-parts-gone"]
        assert not (gone / "parts-gone").exists()
        names = {entry.pw_name for entry in pwd.getpwall()}
        assert "jupyter-parts-gone" not in names and "jupyter-parts-kept" in names
    finally:
        assert accounts.remove_accounts(kept) == ["jupyter-parts-kept"]


def test_students_kernels_draw_their_charts_without_a_png_from_the_script_the_hub_bundled(
    tmp_path: Path, monkeypatch
) -> None:
    import altair as alt
    import pandas as pd

    from o2o_models.interactive import livechart

    made = livechart.write_bundled_js(tmp_path / "chart-cache")
    made.write_text("/* the hub's bundle */")
    setup = spawner.StudentSetup(chart_cache=str(tmp_path / "chart-cache"), left_out=str(tmp_path / "left-out"))
    setup.cmd, setup.lessons_source, setup.runtime_root = ["/usr/bin/python3"], "", str(tmp_path)
    setup.user = SimpleNamespace(name="alice")
    account = SimpleNamespace(name="jupyter-alice", home=tmp_path)
    env = setup.student_env({"PYTHONPATH": "/checkout"}, account)
    assert env[livechart.PNG_SWITCH] == "off" and env[livechart.SHARED_CACHE] == str(made.parent)
    assert env["PYTHONPATH"] == os.pathsep.join([str(tmp_path / "left-out"), "/checkout"])

    for key in (livechart.PNG_SWITCH, livechart.SHARED_CACHE):
        monkeypatch.setenv(key, env[key])
    livechart._bundled_js.cache_clear()
    try:
        chart = livechart.LiveChart(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x"))
        assert chart._esm == "/* the hub's bundle */"
        data, _ = chart._repr_mimebundle_()
        assert livechart.VEGALITE_MIME in data and "image/png" not in data
    finally:
        livechart._bundled_js.cache_clear()


def test_a_module_left_out_of_the_students_pythons_fails_to_import_and_says_why(tmp_path: Path) -> None:
    import subprocess

    folder = config.leave_out(tmp_path / "left-out")
    probe = "import jsonschema, sys; print('rfc3987_syntax' in sys.modules); import rfc3987_syntax"
    run = subprocess.run(
        [sys.executable, "-c", probe], env={**os.environ, "PYTHONPATH": str(folder)}, capture_output=True, text=True
    )
    assert run.stdout.strip() == "False"
    assert "ImportError: rfc3987_syntax is left out on the workshop hub" in run.stderr


class _Choices(HTMLParser):
    """The radio buttons of a form: each one's value, whether it is checked, and the text of its label."""

    def __init__(self) -> None:
        super().__init__()
        self.checked: dict[str, bool] = {}
        self.labels: dict[str, str] = {}
        self.names: set[str] = set()
        self._label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "radio":
            self.names.add(attributes["name"])
            self.checked[attributes["value"]] = "checked" in attributes
        elif tag == "label":
            self._label = attributes["for"]

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self.labels[self._label.removeprefix(f"{editions.OPTION}-")] = data.strip()
            self._label = None


def _form(user_options: dict) -> tuple[str, _Choices]:
    html = editions.form(SimpleNamespace(user_options=user_options))
    choices = _Choices()
    choices.feed(html)
    return html, choices


def test_the_language_form_offers_each_edition_by_its_own_name_with_the_last_choice_selected() -> None:
    html, choices = _form({"lang": "zh"})
    assert choices.names == {"lang"} and choices.checked == {"en": False, "zh": True}
    assert choices.labels == {"en": "English", "zh": "中文"}
    assert "Lessons in / 课程语言" in html
    assert set(editions.NAMES) == set(classroom.LANGUAGES)
    for user_options in ({}, {"lang": "en"}, {"lang": "fr"}):  # never chosen, English, or no longer offered
        assert _form(user_options)[1].checked == {"en": True, "zh": False}, user_options


def test_the_language_form_says_in_both_languages_where_each_edition_is_and_how_to_switch() -> None:
    html, _ = _form({})
    assert "English in o2o-lessons, 中文 in o2o-lessons/zh" in html
    assert editions.SWITCH in html and editions.SWITCH.count("Stop My Server") == 2
    assert "To switch later:" in editions.SWITCH and "之后切换：" in editions.SWITCH


def test_the_chosen_language_becomes_user_options_and_one_not_offered_is_refused_in_both_languages() -> None:
    assert editions.from_form({"lang": ["zh"]}) == {"lang": "zh"}
    assert editions.from_form({"lang": ["en"]}) == editions.from_form({}) == {"lang": "en"}
    with pytest.raises(editions.LanguageRefused) as refused:
        editions.from_form({"lang": ["fr"]})
    assert refused.value.status_code == 400
    assert refused.value.jupyterhub_message == (
        "The lessons are not in 'fr': choose English (en) or 中文 (zh). "
        "课程没有 'fr' 这种语言：请选择 English 或 中文。"
    )


def test_a_start_with_no_options_opens_english_and_one_with_a_language_not_offered_is_refused() -> None:
    """What an API start gives ``apply_user_options``: nothing (the class-load benchmark), or anything."""
    setup = spawner.StudentSetup()
    for user_options, language in (({}, "en"), ({"lang": "zh"}, "zh"), ({"other": 1}, "en")):
        editions.apply(setup, user_options)
        assert setup.lessons_language == language, user_options
    with pytest.raises(editions.LanguageRefused, match="not in 'de'"):
        editions.apply(setup, {"lang": "de"})


@pytest.mark.parametrize(("language", "folder"), [("en", "o2o-lessons"), ("zh", "o2o-lessons/zh")])
def test_jupyterlab_opens_on_the_chosen_editions_first_lesson_or_its_new_versions(language: str, folder: str) -> None:
    assert editions.opening_url(language, new_versions=False) == f"/lab/tree/{folder}/00_introduction.ipynb"
    assert editions.opening_url(language, new_versions=True) == f"/lab/tree/{folder}/{classroom.NEW_VERSIONS}"
    assert classroom.lesson_paths(language=language)[0].name == editions.FIRST_LESSON


def _edit_first_cell(path: Path, text: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].source += text
    nbformat.write(notebook, path)


def test_every_start_places_both_editions_and_opens_the_chosen_one_or_its_new_versions(
    tmp_path: Path, monkeypatch
) -> None:
    """``o2o-get-lessons`` once per edition, from the hub's copies; here as this account (no hub, no root)."""
    copies = tmp_path / "copies"
    classroom.write_student_copies(copies, classroom.every_lesson())
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(spawner, "become", lambda account: None)
    left_out = config.leave_out(tmp_path / "left-out")  # as on the hub: o2o-get-lessons starts in half a second
    setup = spawner.StudentSetup(lessons_source=str(copies), runtime_root=str(tmp_path), left_out=str(left_out))
    setup.cmd, setup.user = [str(Path(sys.executable).parent / "jupyterhub-singleuser")], SimpleNamespace(name="alice")
    setup.log = logging.getLogger("test_hub_parts")
    account = accounts.Account("jupyter-alice", os.getuid(), os.getgid(), home)

    def start(user_options: dict) -> str:
        editions.apply(setup, user_options)
        asyncio.run(setup.place_lessons(account))
        return setup.default_url

    assert start({"lang": "zh"}) == "/lab/tree/o2o-lessons/zh/00_introduction.ipynb"
    for language in classroom.LANGUAGES:
        placed = sorted(p.name for p in (home / editions.folder(language)).glob("*.ipynb"))
        assert placed == [p.name for p in classroom.lesson_paths(language=language)], language
    _edit_first_cell(home / "o2o-lessons" / "zh" / "00_introduction.ipynb", "\n\n学员的笔记。")
    _edit_first_cell(copies / "zh" / "00_introduction.ipynb", "\n\nA trainer's fix.")
    assert start({"lang": "zh"}) == f"/lab/tree/o2o-lessons/zh/{classroom.NEW_VERSIONS}"
    assert start({}) == "/lab/tree/o2o-lessons/00_introduction.ipynb"  # the English edition has no new version
