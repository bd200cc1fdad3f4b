"""Start and stop a workshop hub on 127.0.0.1, for the hub's test and the class load benchmark.

    python hub/launch.py install-proxy     # configurable-http-proxy from npm, once (make hub does it)

`start_hub` runs ``jupyterhub -f hub/jupyterhub_config.py`` with its state in a folder of
your choice, on free ports of 127.0.0.1, and returns once the hub answers.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

from o2o_models.resources import proxy_command

CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"
PROXY_PACKAGE = "configurable-http-proxy@5"


def install_proxy() -> Path:
    """Install configurable-http-proxy from the npm registry where the hub looks for it, unless it is there."""
    command = proxy_command()
    if not command.exists():
        prefix = command.parents[2]
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                PROXY_PACKAGE,
            ],
            check=True,
        )
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Hub:
    """A running hub: its address, its state folder (students' homes in ``homes/``) and its log."""

    url: str
    folder: Path
    log: Path
    process: subprocess.Popen

    def stop(self) -> None:
        """Stop the hub, the proxy, the culler and every student's server and kernel."""
        family = psutil.Process(self.process.pid).children(recursive=True)
        for process in family:  # the idle culler would hold up shutdown for half a minute
            if "jupyterhub_idle_culler" in " ".join(process.cmdline()):
                process.terminate()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for process in family:
            if process.is_running():
                process.kill()


def start_hub(folder: Path, *args: str, password: str, admin_password: str | None = None, timeout: float = 60) -> Hub:
    """Start the workshop hub on 127.0.0.1 with ``folder`` as its state; extra ``args`` go to jupyterhub."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "O2O_HUB_DIR": str(folder),
        "O2O_HUB_URL": url,
        "O2O_HUB_PASSWORD": password,
        "O2O_HUB_PROXY": str(install_proxy()),
    }
    if admin_password:
        env["O2O_HUB_ADMIN_PASSWORD"] = admin_password
    log = folder / "hub.log"
    command = [
        str(Path(sys.executable).parent / "jupyterhub"),
        "-f",
        str(CONFIG),
        f"--JupyterHub.hub_port={free_port()}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
        *args,
    ]
    with open(log, "ab") as output:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT)
    hub = Hub(url, folder, log, process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub stopped at once; see {log}")
        try:
            if requests.get(f"{url}/hub/health", timeout=2).ok:
                return hub
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    hub.stop()
    raise RuntimeError(f"the hub did not answer within {timeout:.0f} s; see {log}")


if __name__ == "__main__" and sys.argv[1:] == ["install-proxy"]:
    print(install_proxy())
