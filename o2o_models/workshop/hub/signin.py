"""Sign-in that cannot be shared: each student sets their own password when they sign up.

A new name signs up with the workshop password and a password of its own (8 characters or
more); from then on only that password opens it, so knowing the workshop password does not
make anyone another student. At most ``max_students`` names sign up. Names are
normalised (surrounding spaces dropped, capitals lowered, inner spaces made ``-``), and a
new name that differs from a taken one only in capitals, spaces, dots, dashes or
underscores is refused with a message that says so. The trainer signs in as ``trainer``
with the trainer's password; nobody can sign up under that name.

The workshop and trainer passwords are read from a file only root may read
(``private/passwords``, made with random passwords at the first start); the students'
passwords are kept as scrypt hashes in ``private/students.json``, also root's alone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from datetime import datetime, timezone
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.handlers.login import LoginHandler
from traitlets import Integer, Unicode

TRAINER = "trainer"
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,22}$"  # jupyter-NAME stays within Unix's 32 characters
MIN_PASSWORD = 8


class SecretsError(Exception):
    """The passwords file is missing a password, or others can read it."""


def read_passwords(path: Path) -> dict[str, str]:
    """``workshop`` and ``trainer`` from ``NAME = PASSWORD`` lines; made with random ones if missing."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(
                "# The workshop hub's passwords; only root may read this file. Edit, then restart the hub.\n"
                f"workshop = {secrets.token_urlsafe(9)}\ntrainer = {secrets.token_urlsafe(24)}\n"
            )
    mode = path.stat()
    if mode.st_mode & (stat.S_IRWXG | stat.S_IRWXO) or mode.st_uid != os.geteuid():
        raise SecretsError(f"{path} can be read by others: chmod 600 {path} (owner root), then start the hub again")
    passwords = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            passwords[key.strip()] = value.strip()
    if len(passwords.get("workshop", "")) < MIN_PASSWORD or len(passwords.get("trainer", "")) < 16:
        raise SecretsError(f"{path} needs workshop = (8 characters or more) and trainer = (16 or more)")
    return passwords


def normalise(name: str) -> str:
    """What a typed name becomes: ``" Wang  Li "`` -> ``"wang-li"``."""
    return "-".join(name.split()).lower()


def likeness(name: str) -> str:
    """Names with the same likeness differ only in capitals, spaces, dots, dashes or underscores."""
    return re.sub(r"[\s._-]", "", name.lower())


def _hash(password: str, salt: bytes) -> str:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1).hex()


class StudentBook:
    """The signed-up students and their password hashes, in a file only root may read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, dict]:
        try:
            return json.loads(self.path.read_text())["students"]
        except FileNotFoundError:
            return {}

    def add(self, name: str, password: str) -> None:
        students = self.read()
        salt = secrets.token_bytes(16)
        students[name] = {
            "salt": salt.hex(),
            "scrypt": _hash(password, salt),
            "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump({"students": students}, file, indent=1)
        os.replace(temporary, self.path)

    def check(self, name: str, password: str) -> bool:
        entry = self.read().get(name)
        return entry is not None and hmac.compare_digest(entry["scrypt"], _hash(password, bytes.fromhex(entry["salt"])))


class WorkshopLoginHandler(LoginHandler):
    """JupyterHub's sign-in page, showing the authenticator's reason for a refusal in place of its generic one."""

    async def _render(self, login_error=None, username=None, **kwargs):
        return await super()._render(getattr(self, "o2o_refusal", None) or login_error, username, **kwargs)


class WorkshopAuthenticator(Authenticator):
    """Sign-up with the workshop password and a password of one's own; then sign-in with one's own only."""

    passwords_file = Unicode(config=True, help="root-only file with the workshop and trainer passwords")
    students_file = Unicode(config=True, help="root-only file of the students' password hashes")
    max_students = Integer(60, config=True, help="how many names may sign up")

    def get_handlers(self, app):
        return [("/login", WorkshopLoginHandler)]

    def _refuse(self, handler, reason: str) -> None:
        if handler is not None:
            handler.o2o_refusal = reason
        return None

    async def authenticate(self, handler, data):
        passwords = read_passwords(Path(self.passwords_file))
        name, password = normalise(data.get("username", "")), data.get("password", "")
        workshop = data.get("workshop_password", "")
        book = StudentBook(Path(self.students_file))
        if name == TRAINER:
            if hmac.compare_digest(password, passwords["trainer"]):
                return {"name": TRAINER, "admin": True}
            return self._refuse(handler, "Wrong password for trainer.")
        students = book.read()
        if name in students:
            if book.check(name, password):
                return name
            if workshop:
                return self._refuse(
                    handler,
                    f"The name {name} is taken. If it is yours, type your own password; if not, choose another name.",
                )
            return self._refuse(handler, f"Wrong password for {name}.")
        if not hmac.compare_digest(workshop, passwords["workshop"]):
            return self._refuse(
                handler, f"{name} is a new name: to sign up, also type the workshop password the trainer gave you."
            )
        twin = next((taken for taken in students if likeness(taken) == likeness(name)), None)
        if twin is not None or likeness(name) == likeness(TRAINER):
            return self._refuse(
                handler,
                f"The name {name} is too like {twin or TRAINER}, which is taken "
                "(names that differ only in capitals or spaces count as the same): choose another.",
            )
        if not re.match(NAME_PATTERN, name):
            return self._refuse(
                handler, "Choose a name of 1-23 letters, digits, - or _, starting with a letter or digit."
            )
        if len(password) < MIN_PASSWORD or hmac.compare_digest(password, workshop):
            return self._refuse(
                handler,
                f"Choose a password of your own for {name}: {MIN_PASSWORD} characters or "
                "more, not the workshop password.",
            )
        if len(students) >= self.max_students:
            return self._refuse(handler, f"The class is full ({self.max_students} students): ask the trainer.")
        book.add(name, password)
        self.log.info("%s signed up (%d of %d students)", name, len(students) + 1, self.max_students)
        return name
