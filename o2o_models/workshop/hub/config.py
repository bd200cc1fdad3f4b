"""The workshop hub's settings: ``o2o-hub`` (or ``make hub``) runs JupyterHub, as root, with `configure`.

Each student signs up with a name, the workshop password and a password of their own
(`signin`), and gets a Unix account ``jupyter-NAME`` with a home only they can enter
(`accounts`), their server and kernels limited by the kernel (`limits`), and solution-free
lessons in ``~/o2o-lessons``, the Chinese in ``~/o2o-lessons/zh`` (`spawner`); before their server
starts they choose which edition JupyterLab opens on (`editions`). The hub serves HTTPS (`tls`).

Settings, all from the environment (none of them a secret; the passwords are in a file):

==========================  =============================================================
``O2O_HUB_URL``             where the hub listens (default ``https://0.0.0.0:8000``); ``http://``
                            only on 127.0.0.1, e.g. behind a proxy that serves HTTPS
``O2O_HUB_CERT``,           the trainer's certificate and key (PEM); without them the hub makes
``O2O_HUB_KEY``             a self-signed one in ``private/``
``O2O_HUB_DIR``             the hub's state and the students' homes (default ``/srv/o2o-hub``)
``O2O_HUB_MEM_LIMIT``       memory per student (default ``1G``)
``O2O_HUB_CPU_LIMIT``       CPU cores per student (default ``1``)
``O2O_HUB_MAX_STUDENTS``    how many names may sign up (default 60)
``O2O_HUB_IDLE_TIMEOUT``    seconds before an idle server is stopped (default 3600)
``O2O_HUB_TERMINALS``       ``off``: students get no terminal
``O2O_PROGRESS``            ``off`` to record no self-check attempts in students' homes
==========================  =============================================================
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from o2o_models.resources import hub_dir, lessons_dir, proxy_command, remember_hub_dir
from o2o_models.workshop.classroom import every_lesson, write_student_copies
from o2o_models.workshop.hub import accounts, editions, limits, signin, spawner, tls
from o2o_models.workshop.serving import SERVER_ARGS


def say(message: str) -> None:
    print(f"[o2o-hub] {message}", file=sys.stderr, flush=True)


def bundle_chart_script(folder: Path) -> Path:
    """The charts' JavaScript, bundled once here for every student's kernel (readable, not writable, by them).

    Each kernel would otherwise bundle it into its student's own cache: a few seconds of CPU
    and about 60 MB of memory per student. Done in a separate Python, so the hub never holds
    vl-convert's JavaScript engine.
    """
    code = "import sys; from pathlib import Path; from o2o_models.interactive import livechart; "
    code += "livechart.write_bundled_js(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
    for path in (folder, *folder.iterdir()):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return folder


SPAWN_TIMEOUT = 600  # seconds a student's server may take to start, and then to answer

LEFT_OUT = {
    "rfc3987_syntax": "jsonschema's check of the iri formats, which no lesson's schema uses; building its grammar "
    "costs 0.7 s of CPU and 17 MB in every Python that imports jsonschema (a student's server, kernel and "
    "o2o-get-lessons)",
}


def leave_out(folder: Path) -> Path:
    """A folder of stand-ins for `LEFT_OUT`, first on the students' PYTHONPATH: importing one fails at once.

    The libraries that import them do so optionally (``ImportError`` means not installed) and
    carry on without; students' code that imports one is told why.
    """
    folder.mkdir(exist_ok=True)
    os.chmod(folder, 0o755)
    for module, why in LEFT_OUT.items():
        stand_in = folder / f"{module}.py"
        stand_in.write_text(f'raise ImportError("{module} is left out on the workshop hub: {why}")\n')
        os.chmod(stand_in, 0o644)
    return folder


def sockets_folder(private: Path) -> Path:
    """A new folder for the students' kernel sockets and server secrets, removed when the hub stops.

    In ``/tmp``, for a short path (a socket's must be under 108 bytes); each student's server makes
    its own folder in it, which only that student may enter. Its name is kept in
    ``private/sockets-folder``, so that the next start removes it if the hub was killed before it could.
    """
    record = private / "sockets-folder"
    if record.is_file():
        last = Path(record.read_text().strip())
        ours = last.parent == Path(tempfile.gettempdir()) and last.name.startswith("o2o-hub-")
        if ours and last.is_dir() and not last.is_symlink() and last.stat().st_uid == os.geteuid():
            shutil.rmtree(last, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="o2o-hub-"))
    os.chmod(folder, 0o711)
    record.write_text(f"{folder}\n")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def configure(c) -> None:
    """Apply the workshop hub's settings to JupyterHub's config ``c`` (see the module).

    Exits with a reason in one sentence when the hub cannot run safely here.
    """
    if os.geteuid() != 0:
        sys.exit("The workshop hub runs as root: it makes a Unix account for each student (sudo o2o-hub).")

    url = os.environ.get("O2O_HUB_URL", "https://0.0.0.0:8000")
    if urlparse(url).scheme != "https" and urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"O2O_HUB_URL={url} would send passwords in clear over the network: use https://, or http://127.0.0.1")
    key = os.environ.get("O2O_HUB_KEY")
    if key and Path(key).stat().st_mode & 0o077:
        sys.exit(f"O2O_HUB_KEY={key} can be read by others: chmod 600 it (owner root), then start the hub again")

    hub_folder = hub_dir()
    private, homes, lessons = hub_folder / "private", hub_folder / "homes", hub_folder / "lessons"
    for folder, mode in ((hub_folder, 0o711), (private, 0o700), (homes, 0o711), (lessons, 0o755)):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, mode)
    bin_dir = Path(sys.executable).parent
    for needed in (homes, bin_dir, Path(sys.executable).resolve().parent, Path(accounts.__file__).parents[2]):
        closed = accounts.closed_on_the_way(needed)
        if closed:
            sys.exit(
                f"Students' accounts cannot reach {needed}: {closed} is closed to other accounts. Let them pass "
                f"through it (chmod o+x {closed}: entering it, not listing it) or move the hub, Python or the checkout."
            )
    remember_hub_dir(hub_folder)

    # The trainer's copies (worked solutions), the answer key and the repository's history are root's only.
    trainers = [Path(lessons_dir())]
    checkout = trainers[0].resolve().parent
    if (checkout / "pyproject.toml").is_file():  # a checkout, not an installed package
        trainers += [checkout / "_build", checkout / ".git", checkout / "tests"]
    closed = accounts.close_to_others(trainers)
    shut = [f"{path}{' (closed now)' if path in closed else ''}" for path in trainers if path.exists()]
    say("students cannot read: " + ", ".join(shut))
    write_student_copies(lessons, every_lesson())  # what students get, both editions; refreshed when a lesson changes
    chart_cache = bundle_chart_script(hub_folder / "chart-cache")
    left_out = leave_out(hub_folder / "left-out")

    # Passwords from a root-only file, never the environment or the command line.
    try:
        signin.read_passwords(private / "passwords")
    except signin.SecretsError as error:
        sys.exit(str(error))
    say(f"passwords (workshop, trainer): {private / 'passwords'} (root only)")
    c.JupyterHub.authenticator_class = signin.WorkshopAuthenticator
    c.WorkshopAuthenticator.passwords_file = str(private / "passwords")
    c.WorkshopAuthenticator.students_file = str(private / "students.json")
    c.WorkshopAuthenticator.max_students = int(os.environ.get("O2O_HUB_MAX_STUDENTS", "60"))
    c.JupyterHub.active_server_limit = c.WorkshopAuthenticator.max_students + 1  # and the trainer's
    c.Authenticator.allow_all = True
    c.Authenticator.admin_users = {signin.TRAINER}
    c.Authenticator.username_pattern = signin.NAME_PATTERN
    c.JupyterHub.template_paths = [str(Path(signin.__file__).parent / "templates")]

    c.JupyterHub.db_url = f"sqlite:///{private / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(private / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.command = [str(proxy_command())]
    c.ConfigurableHTTPProxy.pid_file = str(private / "proxy.pid")

    # HTTPS, with the trainer's certificate or one made here; plain HTTP only on this machine.
    c.JupyterHub.bind_url = url
    if urlparse(url).scheme == "https":
        cert, key = os.environ.get("O2O_HUB_CERT"), os.environ.get("O2O_HUB_KEY")
        if not (cert and key):
            cert, key = str(private / "hub-cert.pem"), str(private / "hub-key.pem")
            if tls.expired_or_missing(Path(cert)):
                tls.make_self_signed(Path(key), Path(cert))
            say(f"HTTPS with a self-signed certificate, SHA-256 fingerprint {tls.fingerprint(Path(cert))}")
        c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = cert, key

    # One account per student, with limits the kernel enforces.
    limit_mode, limits_said = limits.choose()
    memory = os.environ.get("O2O_HUB_MEM_LIMIT", "1G")
    cpu = float(os.environ.get("O2O_HUB_CPU_LIMIT", "1"))
    say(limits_said)
    c.JupyterHub.spawner_class = spawner.spawner_for(limit_mode)
    c.Spawner.mem_limit = memory
    c.WorkshopSpawner.limits_mode = limit_mode
    runtime = sockets_folder(private)
    for setup in ("WorkshopSpawner", "WorkshopSystemdSpawner"):
        c[setup].homes = str(homes)
        c[setup].lessons_source = str(lessons)
        c[setup].lessons_originals = str(lessons_dir())
        c[setup].trainer_paths = [str(path) for path in trainers]
        c[setup].runtime_root = str(runtime)
        c[setup].chart_cache = str(chart_cache)
        c[setup].left_out = str(left_out)
        c[setup].cpu_cores = cpu
    c.SystemdSpawner.isolate_tmp = False  # the kernels' socket folder is in /tmp
    c.SystemdSpawner.disable_user_sudo = True
    c.Spawner.poll_interval = 10
    c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
    c.Spawner.args = [
        "--MappingKernelManager.cull_idle_timeout=1800",  # a kernel with no open tab for 30 min
        "--LabApp.news_url=None",  # no news fetched from the web
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--KernelManager.transport=ipc",  # Unix sockets: thirty kernels starting at once race for TCP ports
        "--ServerApp.jpserver_extensions=jupyter_lsp=False",  # no language server: the lessons use none
        *SERVER_ARGS,  # kernel messages go to the browser at once (o2o_models/workshop/serving.py)
    ]
    if os.environ.get("O2O_HUB_TERMINALS", "on").strip().lower() in ("off", "0", "no", "false"):
        c.Spawner.args.append("--ServerApp.terminals_enabled=False")
    # Each student has both editions and picks the one JupyterLab opens on, before each start (editions).
    c.Spawner.options_form = editions.form
    c.Spawner.options_from_form = editions.from_form
    c.Spawner.apply_user_options = editions.apply
    c.Spawner.default_url = editions.opening_url(editions.DEFAULT, new_versions=False)
    c.Spawner.env_keep = ["PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "TZ", "O2O_PROGRESS"]
    # Sixty students signing in at once share the machine's cores: each server may wait its turn.
    c.Spawner.start_timeout = c.Spawner.http_timeout = SPAWN_TIMEOUT

    # Stop servers nobody has used for an hour, checking every minute.
    idle_timeout = int(os.environ.get("O2O_HUB_IDLE_TIMEOUT", "3600"))
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={idle_timeout}", "--cull-every=60"],
        }
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    ]
