"""The workshop hub: students sign in with the workshop password and get their own JupyterLab
with solution-free lessons; their edits survive a restart; a student's memory is capped.

Starts hub/jupyterhub_config.py on 127.0.0.1 with a few students. The proxy comes from the
npm registry (installed once by the first test); without Node.js the test is skipped, except
in CI, where it must run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
import pytest
import requests
import websocket

from o2o_models.workshop.classroom import is_solution, lesson_paths

pytestmark = pytest.mark.hub

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "three-legs-workshop"
MEMORY_LIMIT_MB = 600
STUDENTS = ["alice", "bob", "carol"]

_spec = importlib.util.spec_from_file_location("launch", ROOT / "hub" / "launch.py")
launch = sys.modules["launch"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launch)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    if not (shutil.which("node") and shutil.which("npm")) and os.environ.get("CI") != "true":
        pytest.skip("Node.js and npm are needed for configurable-http-proxy")
    hub = launch.start_hub(
        tmp_path_factory.mktemp("hub"),
        f"--Spawner.mem_limit={MEMORY_LIMIT_MB}M",
        "--Spawner.poll_interval=1",
        password=PASSWORD,
    )
    yield hub
    hub.stop()


def sign_in(hub, name: str, password: str = PASSWORD) -> requests.Session:
    """What a student does: open the hub, type a name and the password, wait for JupyterLab."""
    session = requests.Session()
    session.get(f"{hub.url}/hub/login")
    answer = session.post(
        f"{hub.url}/hub/login",
        allow_redirects=False,
        data={"username": name, "password": password, "_xsrf": session.cookies.get("_xsrf")},
    )
    session.sign_in_status = answer.status_code
    if answer.is_redirect:
        session.get(f"{hub.url}{answer.headers['Location']}")  # the hub starts the student's server
    return session


def open_lab(hub, session: requests.Session, name: str, timeout: float = 60) -> requests.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = session.get(f"{hub.url}/user/{name}/lab")
        if page.url.startswith(f"{hub.url}/user/{name}/lab") and page.ok:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{name}'s JupyterLab did not open within {timeout} s")


def _xsrf(session: requests.Session, path: str) -> dict[str, str]:
    return {"X-XSRFToken": next(c.value for c in session.cookies if c.name == "_xsrf" and c.path == path)}


@pytest.fixture(scope="module")
def students(hub) -> dict[str, requests.Session]:
    """Three students sign in at the same time and each opens JupyterLab."""
    sessions = {name: sign_in(hub, name) for name in STUDENTS}
    with ThreadPoolExecutor(len(STUDENTS)) as pool:
        list(pool.map(lambda name: open_lab(hub, sessions[name], name), STUDENTS))
    return sessions


def test_a_wrong_password_is_refused(hub) -> None:
    session = sign_in(hub, "mallory", password="not-the-password")
    assert session.sign_in_status == 403
    assert session.get(f"{hub.url}/user/mallory/lab").url.startswith(f"{hub.url}/hub/login")


def test_each_student_signs_in_with_the_workshop_password_and_gets_their_own_lab(hub, students) -> None:
    for name, session in students.items():
        assert session.sign_in_status == 302
        assert session.get(f"{hub.url}/user/{name}/api/status").ok
        assert not session.get(
            f"{hub.url}/user/{'bob' if name != 'bob' else 'alice'}/api/status", allow_redirects=False
        ).ok


def test_each_student_gets_every_lesson_without_its_worked_solutions(hub, students) -> None:
    for name in students:
        folder = hub.folder / "homes" / name / "o2o-lessons"
        delivered = sorted(folder.glob("*.ipynb"))
        assert [p.name for p in delivered] == [p.name for p in lesson_paths()], name
        for path in delivered:
            assert not any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells), path


def test_a_students_edit_survives_a_restart_of_their_server(hub, students) -> None:
    session, lesson = (
        students["carol"],
        hub.folder / "homes" / "carol" / "o2o-lessons" / "00_introduction.ipynb",
    )
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells[0].source += "\n\nCarol's note: ask about the rebate."
    nbformat.write(notebook, lesson)
    api = f"{hub.url}/hub/api/users/carol/server"
    assert session.delete(api, headers=_xsrf(session, "/hub/")).status_code in (202, 204)
    deadline = time.monotonic() + 30
    while session.get(f"{hub.url}/hub/api/user").json()["servers"] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert session.post(api, headers=_xsrf(session, "/hub/")).status_code in (201, 202)
    open_lab(hub, session, "carol")
    assert "Carol's note" in lesson.read_text()


def _execute(hub, session: requests.Session, name: str, kernel_id: str, code: str) -> None:
    """Send one cell to a kernel over its websocket, as JupyterLab does; do not wait for the result."""
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    socket = websocket.create_connection(
        f"{hub.url.replace('http', 'ws')}/user/{name}/api/kernels/{kernel_id}/channels",
        cookie=cookies,
        timeout=10,
    )
    header = {
        "msg_id": uuid.uuid4().hex,
        "session": uuid.uuid4().hex,
        "username": name,
        "msg_type": "execute_request",
        "version": "5.3",
    }
    socket.send(
        json.dumps(
            {
                "header": header,
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                },
            }
        )
    )
    socket.close()


def _kernel_processes(hub, name: str) -> list[psutil.Process]:
    home = str(hub.folder / "homes" / name)
    return [
        p
        for p in psutil.process_iter(["cmdline", "environ"])
        if "ipykernel_launcher" in " ".join(p.info["cmdline"] or []) and (p.info["environ"] or {}).get("HOME") == home
    ]


def test_a_student_over_the_memory_limit_loses_the_largest_kernel_not_the_server(hub, students) -> None:
    session = students["alice"]
    kernel = session.post(f"{hub.url}/user/alice/api/kernels", headers=_xsrf(session, "/user/alice/"), json={}).json()
    time.sleep(3)
    assert len(_kernel_processes(hub, "alice")) == 1, "a kernel within the limit keeps running"
    [before] = _kernel_processes(hub, "alice")
    _execute(hub, session, "alice", kernel["id"], f"ballast = bytearray({MEMORY_LIMIT_MB} * 2**20)")
    deadline = time.monotonic() + 20
    while before.is_running() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not before.is_running()
    assert "alice is over its memory limit" in hub.log.read_text()
    assert session.get(f"{hub.url}/user/alice/api/status").ok


def test_the_idle_culler_runs_beside_the_hub(hub) -> None:
    family = psutil.Process(hub.process.pid).children(recursive=True)
    assert any("jupyterhub_idle_culler" in " ".join(p.cmdline()) for p in family)


def test_a_students_kernel_messages_go_to_the_browser_at_once(hub, students) -> None:
    session = students["bob"]
    kernel = session.post(f"{hub.url}/user/bob/api/kernels", headers=_xsrf(session, "/user/bob/"), json={}).json()
    _execute(hub, session, "bob", kernel["id"], "1 + 1")
    deadline = time.monotonic() + 20
    while f"Kernel {kernel['id']}: messages to the browser are sent at once" not in hub.log.read_text():
        assert time.monotonic() < deadline, "the student's server did not set TCP_NODELAY on the kernel websocket"
        time.sleep(0.5)


def test_a_student_is_not_asked_about_jupyter_news(hub, students) -> None:
    """JupyterLab asks whenever fetchNews is "none", whatever the server's news_url says."""
    answer = students["alice"].get(f"{hub.url}/user/alice/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert answer.ok
    assert answer.json()["settings"]["fetchNews"] == "false", answer.json()


def test_a_students_kernel_talks_to_its_server_over_a_unix_socket_not_a_port(hub, students) -> None:
    """Thirty servers picking free TCP ports at once can pick the same one, and a kernel dies at start."""
    session = students["carol"]
    session.post(f"{hub.url}/user/carol/api/kernels", headers=_xsrf(session, "/user/carol/"), json={})
    deadline = time.monotonic() + 20
    while not _kernel_processes(hub, "carol") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _kernel_processes(hub, "carol"), "carol's kernel did not start"
    for kernel in _kernel_processes(hub, "carol"):
        command = kernel.cmdline()
        connection = json.loads(Path(command[command.index("-f") + 1]).read_text())
        assert connection["transport"] == "ipc"
        assert len(f"{connection['ip']}-{connection['hb_port']}".encode()) < 108
