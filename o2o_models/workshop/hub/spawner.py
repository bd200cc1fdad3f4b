"""Each student's server: their own account, their own limits, their lessons placed first.

`StudentSetup` is shared by the two spawners the hub may use. Before a student's server
starts it makes (or finds) the student's account and home, checks that the home can take
the lessons and tells the student in their browser if not, gives their kernels a private
socket folder, and runs ``o2o-get-lessons`` as the student, from the hub's solution-free
copies, once for each edition: English into ``~/o2o-lessons``, Chinese into ``~/o2o-lessons/zh``.
JupyterLab opens on the first lesson of the edition the student chose (`editions`); when a
lesson the student edited in it has a new version, on that edition's ``NEW-VERSIONS.md``, which
says where it is.

`WorkshopSpawner` runs the server as a local process of the student's account, in their
cgroup when the machine has cgroup v1 (see `limits`); `WorkshopSystemdSpawner` runs it as a
systemd unit of that account, as The Littlest JupyterHub does.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import signal
from pathlib import Path

import psutil
from jupyterhub.spawner import LocalProcessSpawner
from tornado import web
from traitlets import Float, HasTraits, Integer, List, Unicode

from ..classroom import LANGUAGES, NEW_VERSIONS, copy_name, every_lesson, write_student_copies
from . import editions, limits
from .accounts import (
    Account,
    AccountError,
    account_name,
    become,
    close_to_others,
    ensure_account,
    private_folder,
)

MIN_FREE_BYTES = 50 * 2**20
PORTS = range(20_000, 32_000)  # below Linux's ephemeral ports (32768-60999), which bind(0) and connections take


def student_port(uid: int) -> int:
    """The port of the student's server, the same at every start and different for every account.

    A random free port, as JupyterHub picks, is free when picked, not when the server binds
    it: of sixty servers started at once, one found its port taken (and the hub, asking
    that port, reached another student's server).
    """
    return PORTS.start + uid % len(PORTS)


CHART_ENV = {"O2O_CHART_PNG": "off"}
"""Students' kernels draw no PNG of each chart (JupyterLab draws it from its Vega-Lite JSON), which spares
each kernel vl-convert's JavaScript engine, 65-90 MB (``o2o_models.interactive.livechart``; not imported
here, so that the hub stays without Altair)."""


class SpawnRefused(web.HTTPError):
    """A reason the student's server cannot start, shown to the student in their browser."""

    def __init__(self, message: str) -> None:
        super().__init__(507, message)
        self.jupyterhub_message = message


def home_problem(home: Path) -> str | None:
    """What keeps a home from taking the lessons and the student's work, in one sentence; None if nothing."""
    disk = os.statvfs(home)
    if disk.f_flag & os.ST_RDONLY:
        return "your home folder is on a read-only disk, so your work could not be saved"
    free = disk.f_bavail * disk.f_frsize
    if free < MIN_FREE_BYTES:
        return f"the disk of your home folder is full ({free >> 20} MB free), so your work could not be saved"
    return None


NOTIFICATION_SETTINGS = Path(
    ".jupyter", "lab", "user-settings", "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings"
)


def quiet_news(home: Path) -> None:
    """A new student's JupyterLab does not ask about Jupyter news (thirty would be asked at once).

    JupyterLab asks whenever ``fetchNews`` is unset, whatever the server's ``news_url``; a
    student's own choice, once made, is kept. Runs as the student, in their home.
    """
    settings = home / NOTIFICATION_SETTINGS
    if not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text('{"fetchNews": "false", "checkForUpdates": false}\n')


def refresh_student_copies(originals: Path, copies: Path) -> None:
    """Write the hub's solution-free copies again if a trainer's lesson is newer: a fix reaches the next start."""
    lessons = every_lesson(originals)  # English, and Chinese in zh/
    copied = {p: copies / copy_name(p) for p in lessons}
    if any(not copied[p].exists() or p.stat().st_mtime > copied[p].stat().st_mtime for p in lessons):
        write_student_copies(copies, lessons)


class StudentSetup(HasTraits):
    """What every spawner of the hub does before a student's server starts (see the module)."""

    homes = Unicode(config=True, help="folder of the students' homes")
    lessons_source = Unicode(config=True, help="folder of the hub's solution-free lesson copies")
    lessons_originals = Unicode(config=True, help="folder of the trainer's lessons, worked solutions included")
    trainer_paths = List(Unicode(), config=True, help="the trainer's files, closed to students at every start")
    runtime_root = Unicode(config=True, help="folder of each student's private kernel-socket folder")
    chart_cache = Unicode(config=True, help="folder of the charts' bundled script, made once for all students")
    left_out = Unicode(config=True, help="folder first on the students' PYTHONPATH: modules a lesson does not need")
    cpu_cores = Float(1.0, config=True)
    tasks = Integer(512, config=True)
    lessons_language = Unicode(editions.DEFAULT, help="the edition JupyterLab opens on, from user_options (editions)")

    account: Account | None = None

    @property
    def student_limits(self) -> limits.Limits:
        return limits.Limits(self.mem_limit or 2**30, self.cpu_cores, self.tasks)

    async def prepare_student(self) -> Account:
        try:
            account = await asyncio.to_thread(ensure_account, self.user.name, Path(self.homes))
        except AccountError as error:
            self.log.error("%s", error)
            raise SpawnRefused(f"Your account could not be made ({error}): tell the trainer.") from None
        self.account = account
        problem = home_problem(account.home)
        if problem:
            raise SpawnRefused(f"Your server did not start: {problem}. Tell the trainer; your files are kept.")
        private_folder(Path(self.runtime_root) / self.user.name, account)
        for path in close_to_others([Path(p) for p in self.trainer_paths]):  # e.g. an answer key made since
            self.log.warning("%s was open to students: closed it", path)
        refresh_student_copies(Path(self.lessons_originals), Path(self.lessons_source))
        await self.place_lessons(account)
        return account

    def student_env(self, env: dict[str, str], account: Account) -> dict[str, str]:
        env.update(USER=account.name, LOGNAME=account.name, HOME=str(account.home), SHELL="/bin/bash")
        env["JUPYTER_RUNTIME_DIR"] = str(Path(self.runtime_root) / self.user.name)
        env["O2O_LESSONS_DIR"] = self.lessons_source
        env.update(CHART_ENV)
        if self.chart_cache:
            env["O2O_CHART_CACHE"] = self.chart_cache
        if self.left_out:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (self.left_out, env.get("PYTHONPATH")) if p)
        env["PATH"] = os.pathsep.join([str(Path(self.cmd[0]).parent), env.get("PATH", os.defpath)])
        return env

    async def place_lessons(self, account: Account) -> None:
        """``o2o-get-lessons`` as the student, for each edition, into ``~/o2o-lessons`` (the Chinese into its
        ``zh``); JupyterLab opens on the chosen edition. A failure is told to the student."""
        env = self.student_env(
            {key: os.environ[key] for key in ("PATH", "LANG", "PYTHONPATH") if key in os.environ}, account
        )
        for language in LANGUAGES:
            await self.get_lessons(account, language, env)
        notice = account.home / editions.folder(self.lessons_language) / NEW_VERSIONS
        self.default_url = editions.opening_url(self.lessons_language, new_versions=notice.exists())

    async def get_lessons(self, account: Account, language: str, env: dict[str, str]) -> None:
        """``o2o-get-lessons ~/o2o-lessons --lang LANGUAGE``, run as the student."""
        command = await asyncio.create_subprocess_exec(
            str(Path(self.cmd[0]).parent / "o2o-get-lessons"),
            str(account.home / editions.LESSONS),
            f"--lang={language}",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            preexec_fn=lambda: (become(account), quiet_news(account.home)),
        )
        output, error = await command.communicate()
        report = (output + error).decode(errors="replace").strip()
        if command.returncode != 0:
            self.log.warning("o2o-get-lessons --lang=%s for %s failed: %s", language, self.user.name, report)
            reason = error.decode(errors="replace").strip().removeprefix("o2o-get-lessons: ")
            raise SpawnRefused(f"Your lessons could not be placed: {reason}. Tell the trainer; your files are kept.")
        self.log.info("o2o-get-lessons --lang=%s for %s: %s", language, self.user.name, report)


class WorkshopSpawner(StudentSetup, LocalProcessSpawner):
    """The student's server as a local process of their account, in their cgroup if the machine has one."""

    limits_mode = Unicode("none", config=True, help="cgroup-v1 or none (see o2o_models.workshop.hub.limits)")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cgroups = limits.CgroupV1() if self.limits_mode == "cgroup-v1" else None
        self.joins: list[Path] = []
        self.memory_stops = 0

    async def start(self):
        account = await self.prepare_student()
        self.port = student_port(account.uid)
        if self.cgroups is not None:
            self.joins = self.cgroups.prepare(account.name, self.student_limits)
            self.memory_stops = self.cgroups.memory_stopped(account.name)
        return await super().start()

    def make_preexec_fn(self, name):
        account, joins, tasks = self.account, list(self.joins), self.tasks

        def preexec() -> None:
            limits.join(joins, tasks)
            become(account)

        return preexec

    def user_env(self, env):
        return self.student_env(env, self.account or ensure_account(self.user.name, Path(self.homes)))

    async def poll(self):
        status = await super().poll()
        if status is None and self.account is not None:
            if self.cgroups is not None:
                stopped = self.cgroups.memory_stopped(self.account.name)
                if stopped > self.memory_stops:
                    self.log.warning("%s reached the memory limit: the kernel stopped a process", self.user.name)
                    self.memory_stops = stopped
            elif self.mem_limit:
                self.stop_largest_kernel_over_limit()
        return status

    def stop_largest_kernel_over_limit(self) -> None:
        """Without cgroups: the largest of the student's processes goes when together they pass the limit."""
        try:
            mine = [p for p in psutil.process_iter(["uids", "memory_info"]) if p.info["uids"].real == self.account.uid]
            used = sum(p.info["memory_info"].rss for p in mine)
            kernels = [p for p in mine if p.pid != self.pid]
            if used > self.student_limits.memory_bytes and kernels:
                largest = max(kernels, key=lambda p: p.info["memory_info"].rss)
                self.log.warning(
                    "%s is over its memory limit (%d MB): stopping process %d", self.user.name, used >> 20, largest.pid
                )
                largest.kill()
        except psutil.Error:
            return

    async def stop(self, now=False):
        await super().stop(now=now)
        try:
            uid = self.account.uid if self.account else pwd.getpwnam(account_name(self.user.name)).pw_uid
        except KeyError:
            return
        for process in psutil.process_iter(["uids"]):  # what the student detached (setsid, nohup) goes too
            if process.info["uids"] and process.info["uids"].real == uid:
                with contextlib.suppress(psutil.Error):
                    process.send_signal(signal.SIGKILL)
        if self.cgroups is not None:
            self.cgroups.empty(account_name(self.user.name))


def spawner_for(limits_mode: str) -> type:
    """The spawner for how the machine enforces the limits (`limits.choose`): a systemd unit per student, or a
    local process in the student's cgroup (or none)."""
    return systemd_spawner_class() if limits_mode == "systemd" else WorkshopSpawner


def systemd_spawner_class():
    """`WorkshopSystemdSpawner`, made only where jupyterhub-systemdspawner is installed."""
    from systemdspawner import SystemdSpawner

    class WorkshopSystemdSpawner(StudentSetup, SystemdSpawner):
        """The student's server as a systemd unit of their account: MemoryMax, CPUQuota, TasksMax."""

        async def start(self):
            account = await self.prepare_student()
            self.username_template = account.name
            self.user_workingdir = str(account.home)
            self.cpu_limit = self.cpu_cores
            self.unit_extra_properties = {"TasksMax": str(self.tasks), "UMask": "0077"}
            self.environment = {**self.environment, **self.student_env({}, account)}
            return await super().start()

    return WorkshopSystemdSpawner
