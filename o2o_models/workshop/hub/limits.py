"""Limits the kernel enforces on each student: memory, CPU share and number of processes.

Three ways, the best the machine has, chosen once when the hub starts (`choose`):

``systemd``
    systemd runs the machine (PID 1): each student's server is a systemd unit
    (jupyterhub-systemdspawner, as The Littlest JupyterHub does) with ``MemoryMax``,
    ``CPUQuota`` and ``TasksMax``.
``cgroup-v1``
    No systemd, but the cgroup v1 ``memory`` hierarchy can be written (a container run as
    root, for instance): the hub makes a group per student under its own group
    (``.../o2o-hub/jupyter-NAME``) and puts the student's server in it before it runs.
    Every process the student starts, ``setsid`` and daemons included, stays in it.
``none``
    Neither: only the per-account process count holds (``RLIMIT_NPROC``), and the hub
    polls memory and stops the largest kernel over the limit, which is a check, not a limit.

In each case the number of processes is also capped per account by ``RLIMIT_NPROC``.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP = "o2o-hub"
CLASS_CPU_SHARES = 64 * 1024  # the hub's group of students: 64 processes' weight (each student's group: one)


@dataclass(frozen=True)
class Limits:
    """What one student may use: bytes of memory, CPU cores (a share when the machine is busy), tasks."""

    memory_bytes: int
    cpu_cores: float
    tasks: int


def systemd_runs_the_machine() -> bool:
    """systemd is PID 1 (its runtime folder exists), so units can be started for students."""
    return Path("/run/systemd/system").is_dir()


def _own_group(controller: str) -> str | None:
    """This process's group in the cgroup v1 hierarchy of ``controller`` ("/" at the top)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path
    return None


class CgroupV1:
    """One group per student in the cgroup v1 memory, cpu and pids hierarchies, under the hub's own group."""

    CONTROLLERS = ("memory", "cpu", "pids")

    def __init__(self) -> None:
        self.parents: dict[str, Path] = {}
        for controller in self.CONTROLLERS:
            own = _own_group(controller)
            mount = CGROUP_ROOT / controller
            if own is not None and (mount / "cgroup.procs").exists():
                self.parents[controller] = mount / own.lstrip("/") / GROUP

    @classmethod
    def available(cls) -> bool:
        """The memory hierarchy is there and this process may make groups in it."""
        parent = cls().parents.get("memory")
        if parent is None:
            return False
        try:
            parent.mkdir(exist_ok=True)
        except OSError:
            return False
        return os.access(parent, os.W_OK)

    def groups(self, account: str) -> dict[str, Path]:
        return {controller: parent / account for controller, parent in self.parents.items()}

    def prepare(self, account: str, limits: Limits) -> list[Path]:
        """Make the student's groups with their limits; return the ``cgroup.procs`` files to join."""
        settings = {
            "memory": {
                "memory.limit_in_bytes": limits.memory_bytes,
                "memory.memsw.limit_in_bytes": limits.memory_bytes,
            },
            "cpu": {"cpu.cfs_period_us": 100_000, "cpu.cfs_quota_us": int(limits.cpu_cores * 100_000)},
            "pids": {"pids.max": limits.tasks},
        }
        joins = []
        cpu = self.parents.get("cpu")
        if cpu is not None:  # the class as a whole weighs as its students would, not as one process
            with contextlib.suppress(OSError):
                cpu.mkdir(exist_ok=True)
                (cpu / "cpu.shares").write_text(str(CLASS_CPU_SHARES))
        for controller, group in self.groups(account).items():
            try:
                group.mkdir(parents=True, exist_ok=True)
                for name, value in settings[controller].items():
                    if (group / name).exists():
                        (group / name).write_text(str(value))
            except OSError:
                if controller == "memory":
                    raise
                continue  # cpu or pids cannot be limited here: memory and RLIMIT_NPROC still hold
            joins.append(group / "cgroup.procs")
        return joins

    def memory_stopped(self, account: str) -> int:
        """How many processes the kernel has stopped in the student's memory group (``oom_kill``)."""
        group = self.groups(account).get("memory")
        try:
            fields = dict(line.split() for line in (group / "memory.oom_control").read_text().splitlines())
        except (OSError, TypeError, ValueError):
            return 0
        return int(fields.get("oom_kill", 0))

    def processes(self, account: str) -> set[int]:
        """Every process in the student's memory group."""
        group = self.groups(account).get("memory")
        try:
            return {int(pid) for pid in (group / "cgroup.procs").read_text().split()}
        except (OSError, TypeError):
            return set()

    def empty(self, account: str) -> None:
        """Stop whatever the student left running (detached processes too), then remove their groups."""
        for pid in self.processes(account):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for group in self.groups(account).values():
            with contextlib.suppress(OSError):  # a process still exiting: the next start reuses the group
                group.rmdir()


def join(procs_files: list[Path], tasks: int) -> None:
    """In the student's process before it runs: enter their groups, cap their processes per account."""
    for procs in procs_files:
        procs.write_text(str(os.getpid()))
    resource.setrlimit(resource.RLIMIT_NPROC, (tasks, tasks))


def systemdspawner_installed() -> bool:
    try:
        import systemdspawner  # noqa: F401
    except ImportError:
        return False
    return True


def choose() -> tuple[str, str]:
    """How this machine can enforce the limits, ``systemd``, ``cgroup-v1`` or ``none`` (see the module), and
    the sentence the hub says about it at start."""
    systemd = systemd_runs_the_machine()
    if systemd and systemdspawner_installed():
        return "systemd", "limits: systemd units per student (jupyterhub-systemdspawner): MemoryMax, CPUQuota, TasksMax"
    if systemd:
        why = "systemd runs this machine but jupyterhub-systemdspawner is not installed (pip install 'o2o-models[hub]')"
    else:
        why = "no systemd here (it is not PID 1), so no systemd unit per student"
    if CgroupV1.available():
        return "cgroup-v1", f"limits: {why}; a cgroup v1 group per student instead (memory, cpu, pids)"
    return "none", (
        f"limits: {why}, and NO cgroups here: memory is only polled (the largest process over it is stopped); "
        "processes per account are capped"
    )
