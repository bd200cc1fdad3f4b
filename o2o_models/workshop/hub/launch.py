"""Start the workshop hub: ``o2o-hub`` for a class, `start_hub` for the tests and benchmarks.

    sudo o2o-hub                  # installs configurable-http-proxy from npm once, then runs the hub

`start_hub` runs the same hub with its state in a folder of your choice, on free ports of
127.0.0.1, with the passwords you give written to its root-only passwords file, and returns
once the hub answers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

from ...resources import hub_dir, proxy_command
from .accounts import closed_on_the_way

CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"
PROXY_PACKAGE = "configurable-http-proxy@5"


def install_proxy() -> Path:
    """Install configurable-http-proxy from the npm registry where the hub looks for it, unless it is there."""
    command = proxy_command()
    if not command.exists():
        prefix = command.parents[2]
        npm = ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run([*npm, PROXY_PACKAGE], check=True)
    return command


@contextlib.contextmanager
def passable(*paths: Path):
    """Let other accounts pass through the folders on the way to ``paths`` (``chmod o+x``) while in the block.

    What the hub asks a trainer to do when Python lives under a closed folder (pyenv in /root);
    the tests and the benchmark do it for themselves and put the folders back as they were.
    """
    opened = []
    try:
        for path in paths:
            while (closed := closed_on_the_way(path)) is not None:
                opened.append((closed, closed.stat().st_mode))
                os.chmod(closed, closed.stat().st_mode | stat.S_IXOTH)
        yield
    finally:
        for folder, mode in reversed(opened):
            os.chmod(folder, mode)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_passwords(folder: Path, workshop: str, trainer: str) -> Path:
    """The hub's root-only passwords file in ``folder/private``."""
    private = folder / "private"
    private.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = private / "passwords"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(f"workshop = {workshop}\ntrainer = {trainer}\n")
    return path


@dataclass
class Hub:
    """A running hub: its address, its state folder (students' homes in ``homes/``), its log and certificate."""

    url: str
    folder: Path
    log: Path
    process: subprocess.Popen
    verify: str | bool = True

    def stop(self) -> None:
        """Stop the hub, the proxy, the culler and every student's server and kernel."""
        family = psutil.Process(self.process.pid).children(recursive=True)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for process in family:
            if process.is_running():
                process.kill()


def start_hub(
    folder: Path, *args: str, password: str, admin_password: str, https: bool = False, timeout: float = 60, **env
) -> Hub:
    """Start the workshop hub on 127.0.0.1 with ``folder`` as its state; ``args`` go to jupyterhub, ``env`` to its
    environment (``O2O_HUB_MAX_STUDENTS="3"``)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_passwords(folder, password, admin_password)
    url = f"{'https' if https else 'http'}://127.0.0.1:{free_port()}"
    environment = {
        **os.environ,
        **env,
        "O2O_HUB_DIR": str(folder),
        "O2O_HUB_URL": url,
        "O2O_HUB_PROXY": str(install_proxy()),
        "XDG_CONFIG_HOME": str(folder / "trainer-config"),
    }
    log = folder / "private" / "hub.log"  # the log, like every secret of the hub, is root's only
    command = [
        str(Path(sys.executable).parent / "jupyterhub"),
        "-f",
        str(CONFIG),
        f"--JupyterHub.hub_port={free_port()}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
        *args,
    ]
    with open(log, "ab") as output:
        process = subprocess.Popen(command, cwd=folder, env=environment, stdout=output, stderr=subprocess.STDOUT)
    hub = Hub(url, folder, log, process, str(folder / "private" / "hub-cert.pem") if https else True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub stopped at once; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/hub/health", timeout=2, verify=hub.verify).ok:
                return hub
        except (requests.ConnectionError, OSError):
            pass
        time.sleep(0.3)
    hub.stop()
    raise RuntimeError(f"the hub did not answer within {timeout:.0f} s; see {log}")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``o2o-hub`` (as root): the workshop hub, with the settings of jupyterhub_config.py."""
    if os.geteuid() != 0:
        print("o2o-hub: run it as root (sudo o2o-hub): it makes a Unix account for each student", file=sys.stderr)
        return 1
    proxy = install_proxy()
    folder = hub_dir()
    folder.mkdir(parents=True, exist_ok=True)
    jupyterhub = str(Path(sys.executable).parent / "jupyterhub")
    os.environ["O2O_HUB_PROXY"] = str(proxy)
    os.chdir(folder)
    os.execv(jupyterhub, [jupyterhub, "-f", str(CONFIG), *(sys.argv[1:] if argv is None else argv)])
    return 0  # not reached
