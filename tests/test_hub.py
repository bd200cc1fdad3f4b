"""The workshop hub, tried by an attacker: two students sign up, and from one student's kernel
and terminal the other student, the hub's secrets and the trainer's files are out of reach,
and the memory limit holds.

The hub runs as root (it makes an account per student), over HTTPS with the certificate it
makes, on 127.0.0.1. The proxy comes from the npm registry (installed once). Without root,
or without Node.js outside CI, the tests are skipped.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import psutil
import pytest
import requests
import websocket

from o2o_models.resources import lessons_dir
from o2o_models.workshop.classroom import NEW_VERSIONS, is_solution, lesson_paths
from o2o_models.workshop.hub import accounts, launch

pytestmark = pytest.mark.hub

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = "three-legs-workshop"
TRAINER = "trainer-password-" + "t" * 16
MEMORY_LIMIT_MB = 600
OWN = {"alice": "alice-own-secret", "bob": "bob-own-secret", "carol": "carol-own-secret"}
ANSWER_KEY = ROOT / "_build" / "answer-key.html"


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("the workshop hub runs as root")
    if not (shutil.which("node") and shutil.which("npm")) and os.environ.get("CI") != "true":
        pytest.skip("Node.js and npm are needed for configurable-http-proxy")
    folder = Path(tempfile.mkdtemp(prefix="o2o-hub-test-"))  # pytest's own folders are closed to others
    os.chmod(folder, 0o711)
    needed = (Path(sys.executable).resolve().parent, ROOT)
    with launch.passable(*needed):
        made_key = not ANSWER_KEY.exists()  # an answer key for the attacker to try, if the trainer made none
        if made_key:
            ANSWER_KEY.parent.mkdir(exist_ok=True)
            ANSWER_KEY.write_text("<h1>Answer key</h1>")
        hub = launch.start_hub(
            folder,
            f"--Spawner.mem_limit={MEMORY_LIMIT_MB}M",
            "--Spawner.poll_interval=1",
            password=WORKSHOP,
            admin_password=TRAINER,
            https=True,
            O2O_HUB_MAX_STUDENTS="3",
        )
        try:
            yield hub
        finally:
            hub.stop()
            accounts.remove_accounts(folder / "homes")  # the students' accounts go with their hub
            shutil.rmtree(folder, ignore_errors=True)
            if made_key:
                ANSWER_KEY.unlink()


def session_for(hub) -> requests.Session:
    session = requests.Session()
    session.verify, session.trust_env = hub.verify, False
    session.get(f"{hub.url}/hub/login")
    return session


def sign_in(hub, name: str, password: str, workshop: str = "", lang: str = "en") -> requests.Session:
    """What a student does: type a name and a password (and, to sign up, the workshop password); then, unless
    their server is running, pick the language of their lessons (``lang``) on the form the hub shows, and start."""
    session = session_for(hub)
    answer = session.post(
        f"{hub.url}/hub/login",
        allow_redirects=False,
        data={"username": name, "password": password, "workshop_password": workshop, "_xsrf": session.cookies["_xsrf"]},
    )
    session.answer = answer
    if answer.is_redirect:
        page = session.get(f"{hub.url}{answer.headers['Location']}")
        if 'id="spawn_form"' in page.text:
            start_with(hub, session, lang)  # the hub starts the student's server
    return session


def start_with(hub, session: requests.Session, lang: str) -> requests.Response:
    """Send the hub's spawn form with the language ``lang`` chosen (what its Start button does)."""
    return session.post(f"{hub.url}/hub/spawn", data={"lang": lang}, headers=_xsrf(session, "/hub/"))


def open_lab(hub, session: requests.Session, name: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = session.get(f"{hub.url}/user/{name}/lab")
        if page.url.startswith(f"{hub.url}/user/{name}/lab") and page.ok:
            return
        time.sleep(0.5)
    raise AssertionError(f"{name}'s JupyterLab did not open within {timeout} s")


def _xsrf(session: requests.Session, path: str) -> dict[str, str]:
    return {"X-XSRFToken": next(c.value for c in session.cookies if c.name == "_xsrf" and c.path == path)}


@pytest.fixture(scope="module")
def students(hub) -> dict[str, requests.Session]:
    """alice and bob sign up at the same time, each with a password of their own, and open JupyterLab."""
    sessions = {name: sign_in(hub, name, OWN[name], WORKSHOP) for name in ("alice", "bob")}
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda name: open_lab(hub, sessions[name], name), sessions))
    return sessions


class Kernel:
    """A kernel of a student's server, driven over its websocket as JupyterLab drives it."""

    def __init__(self, hub, session: requests.Session, name: str) -> None:
        self.hub, self.session, self.name = hub, session, name
        api = f"{hub.url}/user/{name}/api/kernels"
        self.id = session.post(api, headers=_xsrf(session, f"/user/{name}/"), json={}).json()["id"]

    def run(self, code: str, timeout: float = 60) -> str:
        """Run ``code``; return what it printed, or ``"<died>"`` if the kernel died running it."""
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        url = f"{self.hub.url.replace('https', 'wss')}/user/{self.name}/api/kernels/{self.id}/channels"
        channel = websocket.create_connection(
            url, cookie=cookies, timeout=timeout, sslopt={"ca_certs": self.hub.verify}
        )
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "session": uuid.uuid4().hex, "username": self.name}
        header |= {"msg_type": "execute_request", "version": "5.3"}
        content = {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False}
        message = {"header": header, "parent_header": {}, "metadata": {}, "channel": "shell", "content": content}
        channel.send(json.dumps(message))
        printed = []
        try:
            while True:
                reply = json.loads(channel.recv())
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    if reply.get("content", {}).get("execution_state") in ("restarting", "dead"):
                        return "<died>"
                    continue
                if reply["msg_type"] == "stream":
                    printed.append(reply["content"]["text"])
                elif reply["msg_type"] == "error":
                    printed.append(f"{reply['content']['ename']}: {reply['content']['evalue']}")
                elif reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
                    return "".join(printed)
        except websocket.WebSocketConnectionClosedException:
            return "<died>"
        finally:
            channel.close()


@pytest.fixture(scope="module")
def alice(hub, students) -> Kernel:
    return Kernel(hub, students["alice"], "alice")


def test_a_new_name_needs_the_workshop_password(hub) -> None:
    session = sign_in(hub, "mallory", "mallory-own-pw", workshop="not-the-workshop-password")
    assert session.answer.status_code == 403
    assert "to sign up, also type the workshop password" in session.answer.text
    assert session.get(f"{hub.url}/user/mallory/lab").url.startswith(f"{hub.url}/hub/login")


def test_the_workshop_password_does_not_open_another_students_account(hub, students) -> None:
    for password, workshop in ((WORKSHOP, ""), ("a-guess-at-it", WORKSHOP), (WORKSHOP, WORKSHOP)):
        session = sign_in(hub, "bob", password, workshop)
        assert session.answer.status_code == 403, (password, workshop)
        assert "bob" in session.answer.text and (
            "is taken" in session.answer.text or "Wrong password" in session.answer.text
        )
        assert not session.get(f"{hub.url}/user/bob/api/status", allow_redirects=False).ok


def test_a_student_comes_back_with_their_own_password_whatever_capitals_or_spaces(hub, students) -> None:
    session = sign_in(hub, "  Bob ", OWN["bob"])
    assert session.answer.status_code == 302
    assert session.get(f"{hub.url}/hub/api/user").json()["name"] == "bob"


def test_a_name_that_differs_only_in_capitals_or_spacing_is_refused(hub, students) -> None:
    session = sign_in(hub, "A.lice", "another-alice-pw", WORKSHOP)
    assert session.answer.status_code == 403
    assert "too like alice" in session.answer.text and "capitals or spaces" in session.answer.text


def test_nobody_signs_up_as_the_trainer_and_the_class_has_a_size(hub, students) -> None:
    assert "Wrong password for trainer" in sign_in(hub, "Trainer", "any-pass-word", WORKSHOP).answer.text
    sign_in(hub, "carol", OWN["carol"], WORKSHOP)
    full = sign_in(hub, "dave", "dave-own-secret", WORKSHOP)
    assert full.answer.status_code == 403 and "The class is full (3 students)" in full.answer.text


def test_each_student_is_an_account_of_their_own_with_a_closed_home(hub, students, alice) -> None:
    code = "import json, os; print(json.dumps([os.getuid(), os.getgid(), os.getgroups(), os.getcwd()]))"
    uid, gid, groups, cwd = json.loads(alice.run(code))
    entry = pwd.getpwuid(uid)
    assert uid != 0 and entry.pw_name == "jupyter-alice" and gid == entry.pw_gid and set(groups) <= {gid}
    assert cwd == str(hub.folder / "homes" / "alice")
    for name in ("alice", "bob"):
        home = (hub.folder / "homes" / name).stat()
        assert (pwd.getpwuid(home.st_uid).pw_name, stat.S_IMODE(home.st_mode)) == (
            f"jupyter-{name}",
            0o700,
        )


def test_a_student_cannot_become_root(alice) -> None:
    printed = alice.run(
        "import subprocess\n"
        "for command in (['sudo', '-n', 'true'], ['su', '-c', 'true']):\n"
        "    try:\n"
        "        print(subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL).returncode != 0)\n"
        "    except OSError:\n"
        "        print(True)\n"
        "print(open('/proc/self/status').read().split('NoNewPrivs:')[1].split()[0])"
    )
    assert printed.split() == ["True", "True", "1"]


def _attempts(kernel: Kernel, attempts: list[str]) -> list[str]:
    """Run each statement in the student's kernel: ``refused`` where it raises PermissionError, else ``done``."""
    tries = [
        f"try:\n    {attempt}\n    print('done')\nexcept PermissionError:\n    print('refused')" for attempt in attempts
    ]
    return kernel.run("\n".join(tries)).split()


def test_a_student_cannot_read_or_write_another_students_home(hub, alice) -> None:
    bob = hub.folder / "homes" / "bob"
    lesson, record = bob / "o2o-lessons" / "00_introduction.ipynb", bob / ".o2o" / "progress.jsonl"
    attempts = [f"open({str(lesson)!r}).read()", f"open({str(record)!r}, 'a').write('x')", f"os.listdir({str(bob)!r})"]
    assert _attempts(alice, ["import os", *attempts])[1:] == ["refused"] * 3
    assert not record.exists()


def test_the_hubs_secrets_and_the_trainers_files_are_out_of_reach(hub, alice) -> None:
    private = hub.folder / "private"
    secrets = [f"/proc/{hub.process.pid}/environ", private / "passwords", private / "jupyterhub_cookie_secret"]
    secrets += [private / "jupyterhub.sqlite", private / "students.json", private / "hub-key.pem", hub.log, ANSWER_KEY]
    secrets += [lesson_paths(lessons_dir())[0]]
    assert _attempts(alice, [f"open({str(path)!r}, 'rb').read()" for path in secrets]) == ["refused"] * len(secrets)
    refused = alice.run(
        "import subprocess; print(subprocess.run(['o2o-get-lessons', '--with-solutions', 'x'], "
        "capture_output=True, text=True).stderr)"
    )
    assert "the trainer's copies are for the trainer" in refused


def test_no_student_process_carries_the_hubs_secrets(hub, students) -> None:
    passwords = (hub.folder / "private" / "passwords").read_text()
    cookie = (hub.folder / "private" / "jupyterhub_cookie_secret").read_text().strip()
    student_uids = {pwd.getpwnam(f"jupyter-{name}").pw_uid for name in students}
    servers = [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in student_uids]
    assert servers
    for process in servers:
        environment = process.environ()
        assert "CONFIGPROXY_AUTH_TOKEN" not in environment and "O2O_HUB_PASSWORD" not in environment
        assert not any(WORKSHOP in v or TRAINER in v or cookie in v for v in environment.values()), passwords


def test_the_memory_limit_holds_and_a_detached_process_stays_inside_it(hub, students, alice) -> None:
    detached = int(alice.run("import subprocess; print(subprocess.Popen(['setsid', 'sleep', '600']).pid)"))
    # the detached process's own memory cgroup is alice's group of this hub (not one an earlier hub left behind)
    where = next(
        line.split(":", 2)[2]
        for line in Path(f"/proc/{detached}/cgroup").read_text().splitlines()
        if line.split(":", 2)[1] == "memory"
    )
    assert where.endswith("/o2o-hub/jupyter-alice"), where
    group = Path("/sys/fs/cgroup/memory") / where.lstrip("/")
    assert detached in {int(pid) for pid in (group / "cgroup.procs").read_text().split()}
    assert int((group / "memory.limit_in_bytes").read_text()) == MEMORY_LIMIT_MB * 2**20
    assert (
        "limits: no systemd here (it is not PID 1), so no systemd unit per student; a cgroup v1 group per student"
        in hub.log.read_text()
    )
    assert alice.run("ballast = bytearray(3 * 2**30)\nprint('allocated')") == "<died>"
    assert int((group / "memory.max_usage_in_bytes").read_text()) <= MEMORY_LIMIT_MB * 2**20
    deadline = time.monotonic() + 10
    while "alice reached the memory limit" not in hub.log.read_text():
        assert time.monotonic() < deadline, "the hub did not log the stop"
        time.sleep(0.5)
    assert students["alice"].get(f"{hub.url}/user/alice/api/status").ok, "the server and the files stay"
    assert psutil.pid_exists(detached)


def test_a_students_terminal_is_their_account(hub, students) -> None:
    session = students["bob"]
    name = session.post(f"{hub.url}/user/bob/api/terminals", headers=_xsrf(session, "/user/bob/")).json()["name"]
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    url = f"{hub.url.replace('https', 'wss')}/user/bob/terminals/websocket/{name}"
    terminal = websocket.create_connection(url, cookie=cookies, timeout=20, sslopt={"ca_certs": hub.verify})
    terminal.send(json.dumps(["stdin", f"id -un; cat /proc/{hub.process.pid}/environ\r"]))
    seen, deadline = "", time.monotonic() + 20
    while "Permission denied" not in seen and time.monotonic() < deadline:
        kind, *text = json.loads(terminal.recv())
        seen += "".join(text) if kind == "stdout" else ""
    terminal.close()
    assert "jupyter-bob" in seen and "Permission denied" in seen


def test_a_stopped_server_leaves_no_process_behind(hub, students) -> None:
    session = students["bob"]
    detached = int(
        Kernel(hub, session, "bob").run("import subprocess; print(subprocess.Popen(['setsid', 'sleep', '600']).pid)")
    )
    assert session.delete(f"{hub.url}/hub/api/users/bob/server", headers=_xsrf(session, "/hub/")).status_code in (
        202,
        204,
    )
    deadline = time.monotonic() + 30
    while psutil.pid_exists(detached) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not psutil.pid_exists(detached)


def test_each_student_gets_every_lesson_of_both_editions_without_its_worked_solutions(hub, students) -> None:
    for name in students:
        for language, folder in (("en", "o2o-lessons"), ("zh", "o2o-lessons/zh")):
            delivered = sorted((hub.folder / "homes" / name / folder).glob("*.ipynb"))
            assert [p.name for p in delivered] == [p.name for p in lesson_paths(language=language)], (name, folder)
            for path in delivered:
                assert not any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells), path
                assert path.stat().st_uid == pwd.getpwnam(f"jupyter-{name}").pw_uid


def _stop(hub, session: requests.Session, name: str) -> None:
    """Stop the student's server (the control panel's Stop My Server) and wait until it is gone."""
    session.delete(f"{hub.url}/hub/api/users/{name}/server", headers=_xsrf(session, "/hub/"))
    deadline = time.monotonic() + 30
    while session.get(f"{hub.url}/hub/api/user").json()["servers"] and time.monotonic() < deadline:
        time.sleep(0.5)


def _restart(hub, session: requests.Session, name: str) -> None:
    """Stop the student's server and start it again through the API, with no options: the last ones are reused."""
    _stop(hub, session, name)
    session.post(f"{hub.url}/hub/api/users/{name}/server", headers=_xsrf(session, "/hub/"))


def test_an_edited_lesson_is_kept_and_its_new_version_announced(hub, students) -> None:
    """A trainer's fix arrives at the next start: beside the student's edited copy, with a note JupyterLab opens;
    and the trainer's files opened since the hub started are closed again."""
    session, home = students["alice"], hub.folder / "homes" / "alice"
    lesson = home / "o2o-lessons" / "00_introduction.ipynb"
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells[0].source += "\n\nAlice's note: ask about the rebate."
    nbformat.write(notebook, lesson)
    fix = hub.folder / "lessons" / "00_introduction.ipynb"
    fixed = nbformat.read(fix, as_version=4)
    fixed.cells.append(nbformat.v4.new_markdown_cell("A trainer's fix."))
    nbformat.write(fixed, fix)
    os.chmod(ANSWER_KEY.parent, 0o755)  # the trainer made the answer key again, open to all
    _restart(hub, session, "alice")
    open_lab(hub, session, "alice")
    assert not ANSWER_KEY.parent.stat().st_mode & stat.S_IRWXO, "closed again at the next start"
    assert "Alice's note" in lesson.read_text()
    assert "A trainer's fix." in (home / "o2o-lessons" / "00_introduction.new.ipynb").read_text()
    assert "00_introduction.new.ipynb" in (home / "o2o-lessons" / NEW_VERSIONS).read_text()
    [server] = [
        p
        for p in psutil.process_iter(["uids", "cmdline"])
        if "jupyterhub-singleuser" in " ".join(p.info["cmdline"] or []) and p.info["uids"].real == lesson.stat().st_uid
    ]
    assert server.environ()["JUPYTERHUB_DEFAULT_URL"] == f"/lab/tree/o2o-lessons/{NEW_VERSIONS}"


def _landing(hub, session: requests.Session, name: str, timeout: float = 90) -> str:
    """Where the student's browser lands once their server is up: the path JupyterLab opens on (without the
    ``?redirects=1`` JupyterHub adds when it sent the browser round once while the server was starting)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = session.get(f"{hub.url}/user/{name}/")
        if page.ok and page.url.startswith(f"{hub.url}/user/{name}/lab"):
            return urlsplit(page.url).path.removeprefix(f"/user/{name}")
        time.sleep(0.5)
    raise AssertionError(f"{name}'s JupyterLab did not open within {timeout} s")


def _form(session: requests.Session, hub) -> str:
    """The hub's spawn form, as the browser reads it (UTF-8, which its page declares in a ``<meta>``)."""
    return session.get(f"{hub.url}/hub/spawn").content.decode()


def _checked(form: str) -> list[str]:
    return re.findall(r'name="lang" id="lang-\w+" value="(\w+)" checked', form)


def test_a_student_who_picks_chinese_lands_on_the_chinese_lesson_keeps_both_and_can_switch(hub, students) -> None:
    session = sign_in(hub, "carol", OWN["carol"], WORKSHOP)  # signs her up, unless the class test did
    _stop(hub, session, "carol")
    form = _form(session, hub)
    assert "Lessons in / 课程语言" in form and "Stop My Server" in form and _checked(form) == ["en"]
    refused = start_with(hub, session, "fr")
    assert refused.status_code == 400 and "课程没有 &#39;fr&#39; 这种语言" in refused.content.decode()
    assert not session.get(f"{hub.url}/hub/api/user").json()["servers"]

    start_with(hub, session, "zh")
    assert _landing(hub, session, "carol") == "/lab/tree/o2o-lessons/zh/00_introduction.ipynb"
    home = hub.folder / "homes" / "carol"
    assert (home / "o2o-lessons" / "00_introduction.ipynb").exists()
    assert (home / "o2o-lessons" / "zh" / "00_introduction.ipynb").exists()
    with sqlite3.connect(hub.folder / "private" / "jupyterhub.sqlite") as database:  # kept in the hub's database
        [(kept,)] = database.execute(
            "SELECT spawners.user_options FROM spawners JOIN users ON spawners.user_id = users.id "
            "WHERE users.name = 'carol' AND spawners.name = ''"
        ).fetchall()
    assert json.loads(kept) == {"lang": "zh"}

    _restart(hub, session, "carol")  # an API start with no options: her last choice
    assert _landing(hub, session, "carol") == "/lab/tree/o2o-lessons/zh/00_introduction.ipynb"
    _stop(hub, session, "carol")
    assert _checked(_form(session, hub)) == ["zh"]
    start_with(hub, session, "en")  # she switches back
    assert _landing(hub, session, "carol") == "/lab/tree/o2o-lessons/00_introduction.ipynb"


def test_the_chinese_class_link_signs_a_student_in_and_opens_the_chinese_lessons_with_no_form(hub, students) -> None:
    """The link a trainer gives a class in Chinese, ``/hub/spawn?lang=zh``: sign-in first, then straight to 中文."""
    _stop(hub, sign_in(hub, "carol", OWN["carol"], WORKSHOP), "carol")  # her server stopped, she is signed out
    session = session_for(hub)
    login = session.get(f"{hub.url}/hub/spawn?lang=zh")
    assert login.url.startswith(f"{hub.url}/hub/login") and "Workshop password" in login.text
    started = session.post(
        login.url, data={"username": "carol", "password": OWN["carol"], "_xsrf": session.cookies["_xsrf"]}
    )
    assert 'id="spawn_form"' not in started.text
    assert _landing(hub, session, "carol") == "/lab/tree/o2o-lessons/zh/00_introduction.ipynb"
    _stop(hub, session, "carol")
    refused = session.get(f"{hub.url}/hub/spawn?lang=fr")  # a mistyped link: the form, and why
    assert refused.status_code == 400 and "课程没有 &#39;fr&#39; 这种语言" in refused.content.decode()
    assert 'id="spawn_form"' in refused.text and _checked(refused.content.decode()) == ["zh"]
    assert not session.get(f"{hub.url}/hub/api/user").json()["servers"]


def test_a_home_that_cannot_take_the_lessons_is_explained_in_the_browser(hub, students) -> None:
    session = sign_in(hub, "carol", OWN["carol"])
    open_lab(hub, session, "carol")
    lessons = hub.folder / "homes" / "carol" / "o2o-lessons"
    session.delete(f"{hub.url}/hub/api/users/carol/server", headers=_xsrf(session, "/hub/"))
    time.sleep(2)
    os.chown(lessons, 0, 0)  # a folder the student can no longer write
    try:
        session.post(f"{hub.url}/hub/api/users/carol/server", headers=_xsrf(session, "/hub/"))
        deadline = time.monotonic() + 30
        page = ""
        while "Your lessons could not be placed" not in page and time.monotonic() < deadline:
            page = session.get(f"{hub.url}/hub/spawn-pending/carol").text
            time.sleep(1)
        assert "Your lessons could not be placed" in page and "permission denied" in page
    finally:
        uid = pwd.getpwnam("jupyter-carol").pw_uid
        os.chown(lessons, uid, uid)


def test_a_kernel_talks_to_its_server_over_a_socket_only_its_student_may_open(hub, students) -> None:
    session = students["alice"]
    kernel = Kernel(hub, session, "alice")
    printed = kernel.run(
        "import json, os; from jupyter_core.paths import jupyter_runtime_dir; d = jupyter_runtime_dir(); "
        "print(json.dumps([d, oct(os.stat(d).st_mode & 0o777), os.stat(d).st_uid == os.getuid()]))"
    )
    runtime, mode, mine = json.loads(printed)
    assert mode == "0o700" and mine and len(f"{runtime}/kernel-{kernel.id}-ipc-12345".encode()) < 108


def test_the_culler_checks_every_minute(hub) -> None:
    family = psutil.Process(hub.process.pid).children(recursive=True)
    [culler] = [p for p in family if "jupyterhub_idle_culler" in " ".join(p.cmdline())]
    assert "--cull-every=60" in culler.cmdline() and "--timeout=3600" in culler.cmdline()


def test_the_hub_is_served_over_https_with_secure_cookies(hub, students) -> None:
    assert hub.url.startswith("https://")
    assert all(cookie.secure for cookie in students["alice"].cookies if cookie.name.startswith("jupyterhub"))


def _start_refused(folder: Path, **env: str) -> str:
    """Start the hub with ``env``; return what it said when it refused to start."""
    if os.geteuid() != 0:
        pytest.skip("the workshop hub runs as root")
    launch.write_passwords(folder, WORKSHOP, TRAINER)
    environment = {**os.environ, "O2O_HUB_DIR": str(folder), "XDG_CONFIG_HOME": str(folder / "config"), **env}
    run = subprocess.run(
        [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(launch.CONFIG), "--JupyterHub.hub_port=0"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=folder,
    )
    assert run.returncode != 0
    return run.stderr + run.stdout


def test_plain_http_is_refused_beyond_this_machine(tmp_path: Path) -> None:
    said = _start_refused(tmp_path, O2O_HUB_URL="http://0.0.0.0:8000")
    assert "would send passwords in clear over the network" in said


def test_a_certificate_key_others_can_read_is_refused(tmp_path: Path) -> None:
    (tmp_path / "key.pem").write_text("a key")
    os.chmod(tmp_path / "key.pem", 0o644)
    said = _start_refused(tmp_path, O2O_HUB_CERT=str(tmp_path / "cert.pem"), O2O_HUB_KEY=str(tmp_path / "key.pem"))
    assert "can be read by others: chmod 600 it" in said


def test_the_kernels_socket_folder_goes_with_its_hub_even_one_that_was_killed(hub) -> None:
    """The folder holds every student's server secret (``jupyter_cookie_secret``) and kernel keys."""
    folder = Path(tempfile.mkdtemp(prefix="o2o-hub-test-"))
    os.chmod(folder, 0o711)
    record = folder / "private" / "sockets-folder"
    try:
        stopped = launch.start_hub(folder, password=WORKSHOP, admin_password=TRAINER)
        sockets = Path(record.read_text().strip())
        assert sockets.is_dir() and sockets != Path((hub.folder / "private" / "sockets-folder").read_text().strip())
        stopped.stop()
        assert not sockets.exists()

        killed = launch.start_hub(folder, password=WORKSHOP, admin_password=TRAINER)
        left = Path(record.read_text().strip())
        family = psutil.Process(killed.process.pid).children(recursive=True)
        killed.process.kill()
        killed.process.wait()
        for process in family:  # its proxy and culler
            process.kill()
        assert left.is_dir()  # a killed hub cannot clean up: the next start does
        launch.start_hub(folder, password=WORKSHOP, admin_password=TRAINER).stop()
        assert not left.exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_students_kernel_messages_go_to_the_browser_at_once(hub, students) -> None:
    session = students["alice"]
    kernel = Kernel(hub, session, "alice")
    kernel.run("1 + 1")
    assert f"Kernel {kernel.id}: messages to the browser are sent at once" in hub.log.read_text()


def test_a_student_is_not_asked_about_jupyter_news(hub, students) -> None:
    """JupyterLab asks whenever fetchNews is unset, whatever the server's news_url says."""
    answer = students["alice"].get(f"{hub.url}/user/alice/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert answer.ok and answer.json()["settings"]["fetchNews"] == "false", answer.json()
