"""JupyterHub for an O2O Three Legs workshop on one machine.

    make hub O2O_HUB_PASSWORD=a-workshop-password

Students open the hub's address, sign in with a name of their choice and the workshop
password (the first sign-in creates their account), and land in JupyterLab on their own
copy of lesson 00. Each student's server starts with ``o2o-get-lessons``, which places the
student copies (no worked solutions) in ``~/o2o-lessons`` and never replaces a lesson the
student has edited. A student's processes together may use ``O2O_HUB_MEM_LIMIT``; past it,
their largest kernel is stopped (their server and files stay). Servers idle for
``O2O_HUB_IDLE_TIMEOUT`` seconds are stopped by jupyterhub-idle-culler.

The spawner is JupyterHub's SimpleLocalProcessSpawner: every student's server runs as the
user who runs the hub, with its home in ``$O2O_HUB_DIR/homes/NAME``. That suits a workshop
machine that holds nothing else; it gives students no protection from one another.

Settings, all from the environment:

=========================  ===========================================================
``O2O_HUB_PASSWORD``       the workshop password, 8 characters or more (required)
``O2O_HUB_ADMIN_PASSWORD`` the password of the admin user ``trainer``, 32 or more (optional)
``O2O_HUB_URL``            where the hub listens (default ``http://0.0.0.0:8000``)
``O2O_HUB_DIR``            the hub's state and the students' homes (default ``~/o2o-hub``)
``O2O_HUB_PROXY``          the configurable-http-proxy command (``make hub`` installs it)
``O2O_HUB_MEM_LIMIT``      memory per student (default ``1G``)
``O2O_HUB_IDLE_TIMEOUT``   seconds before an idle server is stopped (default 3600)
``O2O_PROGRESS``           ``off`` to record no self-check attempts in students' homes
=========================  ===========================================================
"""

import asyncio
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import psutil
from jupyterhub.spawner import SimpleLocalProcessSpawner

from o2o_models.resources import hub_dir, proxy_command
from o2o_models.workshop.serving import SERVER_ARGS

c = get_config()  # noqa: F821 (JupyterHub provides get_config to its config file)

HUB_DIR = hub_dir()
HOMES = HUB_DIR / "homes"
HOMES.mkdir(parents=True, exist_ok=True)
BIN = Path(sys.executable).parent

c.JupyterHub.bind_url = os.environ.get("O2O_HUB_URL", "http://0.0.0.0:8000")
c.JupyterHub.db_url = f"sqlite:///{HUB_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB_DIR / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [str(proxy_command())]
c.ConfigurableHTTPProxy.pid_file = str(HUB_DIR / "proxy.pid")

# A shared workshop password; anyone who has it signs up on first use with a name of their choice.
c.JupyterHub.authenticator_class = "shared-password"
if len(os.environ.get("O2O_HUB_PASSWORD", "")) < 8:
    sys.exit("Set O2O_HUB_PASSWORD to the workshop password (8 characters or more), e.g. make hub O2O_HUB_PASSWORD=...")
c.SharedPasswordAuthenticator.user_password = os.environ["O2O_HUB_PASSWORD"]
c.Authenticator.allow_all = True
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9._-]{0,31}$"
if os.environ.get("O2O_HUB_ADMIN_PASSWORD"):
    c.SharedPasswordAuthenticator.admin_password = os.environ["O2O_HUB_ADMIN_PASSWORD"]
    c.Authenticator.admin_users = {"trainer"}


class WorkshopSpawner(SimpleLocalProcessSpawner):
    """A local spawner that keeps each student's processes under ``mem_limit`` together.

    At every poll the resident memory of the student's server and all its kernels is
    added up; over the limit, the largest kernel is stopped (JupyterLab then offers to
    restart it), never the server, so no file is lost.
    """

    async def poll(self):
        status = await super().poll()
        if status is None and self.mem_limit:
            self.stop_largest_kernel_over_limit()
        return status

    def stop_largest_kernel_over_limit(self) -> None:
        try:
            server = psutil.Process(self.pid)
            kernels = server.children(recursive=True)
            used = server.memory_info().rss + sum(kernel.memory_info().rss for kernel in kernels)
            if used <= self.mem_limit or not kernels:
                return
            largest = max(kernels, key=lambda kernel: kernel.memory_info().rss)
            self.log.warning(
                "%s is over its memory limit (%d MB of %d MB): stopping kernel %d",
                self.user.name,
                used >> 20,
                self.mem_limit >> 20,
                largest.pid,
            )
            largest.kill()
        except psutil.Error:
            return


c.JupyterHub.spawner_class = WorkshopSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.mem_limit = os.environ.get("O2O_HUB_MEM_LIMIT", "1G")
c.Spawner.poll_interval = 10
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=1800",  # a kernel with no open tab for 30 min
    "--LabApp.news_url=None",  # no news fetched from the web (the question about it: see place_lessons)
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    *SERVER_ARGS,  # kernel messages go to the browser at once (o2o_models/serving.py)
] + (["--allow-root"] if os.geteuid() == 0 else [])
# Kernels talk to their server over Unix sockets, not TCP ports: thirty servers starting kernels
# at once otherwise race for the same free port, and a kernel dies at start ("Address already in
# use"; measured by make class-load). A socket's path must stay under 108 bytes, so each
# student's runtime files go to a short folder of this hub's own, not their home.
RUNTIME = Path(tempfile.mkdtemp(prefix="o2o-hub-"))
atexit.register(shutil.rmtree, RUNTIME, ignore_errors=True)
c.Spawner.args.append("--KernelManager.transport=ipc")
c.Spawner.environment = {"JUPYTER_RUNTIME_DIR": lambda spawner: str(RUNTIME / spawner.user.name)}
c.Spawner.default_url = "/lab/tree/o2o-lessons/00_introduction.ipynb"
c.Spawner.env_keep = [
    "JUPYTERHUB_SINGLEUSER_APP",
    "PATH",
    "VIRTUAL_ENV",
    "LANG",
    "LC_ALL",
    "TZ",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "O2O_PROGRESS",
]
# Thirty servers starting at once on two cores take a while: give them time.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180


NOTIFICATION_SETTINGS = Path(
    ".jupyter",
    "lab",
    "user-settings",
    "@jupyterlab",
    "apputils-extension",
    "notification.jupyterlab-settings",
)


async def place_lessons(spawner) -> None:
    """Run ``o2o-get-lessons`` into the student's ``~/o2o-lessons`` before their server starts.

    A new student's JupyterLab is also told not to ask about Jupyter news: the question
    (whatever ``news_url`` says) would greet thirty students at once. A student's own
    choice, once made, is kept.
    """
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    settings = home / NOTIFICATION_SETTINGS
    if not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text('{"fetchNews": "false", "checkForUpdates": false}\n')
    command = await asyncio.create_subprocess_exec(
        str(BIN / "o2o-get-lessons"),
        str(home / "o2o-lessons"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "HOME": str(home)},
    )
    output, _ = await command.communicate()
    log = spawner.log.info if command.returncode == 0 else spawner.log.warning
    log("o2o-get-lessons for %s: %s", spawner.user.name, output.decode(errors="replace").strip())


c.Spawner.pre_spawn_hook = place_lessons

# Stop servers nobody has used for an hour, so their memory comes back.
IDLE_TIMEOUT = int(os.environ.get("O2O_HUB_IDLE_TIMEOUT", "3600"))
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_TIMEOUT}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
