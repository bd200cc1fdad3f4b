"""One Unix account per student, a home only they can enter, and the trainer's files out of their reach.

A student named ``alice`` on the hub is the account ``jupyter-alice`` (as on The Littlest
JupyterHub), in a group of its own and no other, with the home ``HOMES/alice`` (mode 0700,
owned by the account). The hub, running as root, creates the account at the student's first
sign-up. The account has no password, so nobody signs in to the machine with it; its server
runs with ``no_new_privs``, so no setuid program (sudo, su) gives it more rights.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import stat
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

PREFIX = "jupyter-"
COMMENT = "O2O workshop student"  # the start of each student account's comment (GECOS) field
PR_SET_NO_NEW_PRIVS = 38
_USERADD = threading.Lock()  # useradd and usermod lock /etc/passwd: thirty students starting at once take turns


class AccountError(Exception):
    """The hub cannot make or use a student's account; the message says why in one sentence."""


@dataclass(frozen=True)
class Account:
    """A student's Unix account."""

    name: str
    uid: int
    gid: int
    home: Path


def account_name(student: str) -> str:
    return PREFIX + student


def ensure_account(student: str, homes: Path) -> Account:
    """The student's account and home, made if missing; the home is theirs alone (0700)."""
    name, home = account_name(student), homes / student
    with _USERADD:
        entry = _account_entry(student, name, home)
    account = Account(name, entry.pw_uid, entry.pw_gid, home)
    home.mkdir(mode=0o700, exist_ok=True)
    if home.stat().st_uid != account.uid:  # a home from an older hub, made by root: hand it over
        for folder, _, files in os.walk(home):
            for path in [folder, *(os.path.join(folder, f) for f in files)]:
                os.lchown(path, account.uid, account.gid)
    os.chmod(home, 0o700)
    return account


def _account_entry(student: str, name: str, home: Path) -> pwd.struct_passwd:
    """The account's entry in /etc/passwd, made (useradd) or moved to ``home`` (usermod) if need be."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        command = ["useradd", "--home-dir", str(home), "--no-create-home", "--shell", "/bin/bash"]
        command += ["--user-group", "--comment", f"{COMMENT} {student}", name]
        made = subprocess.run(command, capture_output=True, text=True)
        if made.returncode != 0:
            raise AccountError(f"useradd {name} failed: {made.stderr.strip()}") from None
        entry = pwd.getpwnam(name)
    if Path(entry.pw_dir) != home:  # one of this hub's accounts, from a hub kept in another folder: it follows
        if not entry.pw_gecos.startswith(COMMENT):
            raise AccountError(f"the account {name} exists and is not a workshop student's: remove or rename it")
        moved = subprocess.run(["usermod", "--home", str(home), name], capture_output=True, text=True)
        if moved.returncode != 0:
            raise AccountError(f"usermod {name} failed: {moved.stderr.strip()}")
        entry = pwd.getpwnam(name)
    return entry


def remove_accounts(homes: Path) -> list[str]:
    """Remove the workshop students' accounts whose home is in ``homes``, and their homes; return their names.

    For a hub that is gone (a test's, a benchmark's): run it once the hub has stopped every
    student's process. Accounts that are not a workshop student's are left alone.
    """
    removed = []
    homes = homes.resolve()
    for entry in pwd.getpwall():
        home = Path(entry.pw_dir)
        ours = entry.pw_name.startswith(PREFIX) and entry.pw_gecos.startswith(COMMENT)
        if ours and home.parent.resolve() == homes:
            deleted = subprocess.run(["userdel", entry.pw_name], capture_output=True, text=True)
            if deleted.returncode != 0:
                raise AccountError(f"userdel {entry.pw_name} failed: {deleted.stderr.strip()}")
            shutil.rmtree(home, ignore_errors=True)
            removed.append(entry.pw_name)
    return removed


def private_folder(path: Path, account: Account) -> Path:
    """A folder owned by the student, closed to everyone else (their kernels' sockets go there)."""
    path.mkdir(mode=0o700, exist_ok=True)
    os.chown(path, account.uid, account.gid)
    os.chmod(path, 0o700)
    return path


def become(account: Account) -> None:
    """In a child process before it runs: drop to the student's account for good."""
    os.setgroups([])
    os.setgid(account.gid)
    os.setuid(account.uid)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    os.umask(0o077)
    os.chdir(account.home)


def closed_on_the_way(path: Path) -> Path | None:
    """The first folder from ``/`` down to ``path`` that other accounts may not enter; None if all are open."""
    path = path.resolve()
    for folder in [*reversed(path.parents), path]:
        if folder.is_dir() and not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


def close_to_others(paths: list[Path]) -> list[Path]:
    """Take others' read, write and entry rights off each existing path; return the paths closed."""
    closed = []
    for path in paths:
        if path.exists() and path.stat().st_mode & stat.S_IRWXO:
            os.chmod(path, path.stat().st_mode & ~stat.S_IRWXO)
            closed.append(path)
    return closed
