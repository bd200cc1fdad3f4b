"""The Jupyter servers we start send kernel messages to the browser at once (TCP_NODELAY):
`make lab`, the workshop hub (tests/test_hub.py) and the latency benchmark all use
`o2o_models.workshop.serving.SERVER_ARGS`, and a server started with them says so, for each kernel
websocket, after reading the option back from the socket.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import websocket

from o2o_models.workshop.serving import SERVER_ARGS

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "o2o-serving-test"
SENT_AT_ONCE = "messages to the browser are sent at once (TCP_NODELAY)"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    """A Jupyter server on 127.0.0.1 started with SERVER_ARGS; yields its URL and its log file."""
    port, log = _free_port(), tmp_path / "server.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "server",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                f"--IdentityProvider.token={TOKEN}",
                f"--ServerApp.root_dir={tmp_path}",
                "--allow-root",
                *SERVER_ARGS,
            ],
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/api/status", params={"token": TOKEN}, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, log.read_text()
            time.sleep(0.3)
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize("target", ["lab", "lab-trainer"])
def test_make_lab_starts_jupyterlab_with_the_server_args(target: str) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    commands = subprocess.run(  # -n: the commands it would run, none run
        ["make", "-n", target, "VENV=/nonexistent-venv"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    opens = next(line for line in commands.splitlines() if "jupyter lab" in line)
    for argument in SERVER_ARGS:
        assert argument in opens


def test_the_readme_names_the_server_args_for_a_lab_started_by_hand() -> None:
    readme = (ROOT / "README.md").read_text()
    for argument in SERVER_ARGS:
        assert argument in readme


@pytest.mark.slow
def test_a_kernel_websocket_of_a_server_started_with_the_server_args_sends_at_once(server) -> None:
    url, log = server
    headers = {"Authorization": f"token {TOKEN}"}
    kernel = requests.post(f"{url}/api/kernels", headers=headers, json={}, timeout=30).json()
    try:
        channel = websocket.create_connection(
            f"{url.replace('http', 'ws')}/api/kernels/{kernel['id']}/channels", header=headers, timeout=30
        )
        deadline = time.monotonic() + 30
        while f"Kernel {kernel['id']}: {SENT_AT_ONCE}" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        channel.close()
    finally:
        requests.delete(f"{url}/api/kernels/{kernel['id']}", headers=headers, timeout=30)
