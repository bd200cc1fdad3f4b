"""Where the class is stuck: self-check attempts recorded in each student's home, summarised.

Each self-check calls `record_attempt` once per answered exercise. The attempt is one JSON
line appended to ``~/.o2o/progress.jsonl`` in a single write while the file is locked, so
kernels running side by side never interleave or tear a record; a reader skips any line
it cannot parse. Recording never interrupts a lesson: if the home cannot be written, the
attempt is simply not recorded.

Students can opt out: set the environment variable ``O2O_PROGRESS=off`` (for a whole hub,
in its spawner's environment), or run ``progress.opt_out()`` once, which also deletes what
was recorded; ``progress.opt_in()`` undoes it.

The records are the student's own: ``~/.o2o`` is made 0700 and the file 0600, and on the
workshop hub the home itself is closed to every other student, so nobody can write a
record for someone else.

``o2o-class-progress`` reads the workshop hub's students (the names that signed up, in the
hub's folder, which it finds itself) and their ``~/.o2o/progress.jsonl``; or, given folders
of homes (``o2o-class-progress /home``), the sub-folders that are the home of an account on
this machine. It prints, exercise by exercise, how many students tried it, how many have
solved it and how many are stuck, most stuck first.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..resources import hub_dir

SWITCH = "O2O_PROGRESS"
OFF = {"0", "off", "no", "false"}


def progress_dir(home: Path | None = None) -> Path:
    """The folder of a student's records: ``~/.o2o``."""
    return (Path.home() if home is None else home) / ".o2o"


def recording() -> bool:
    """Whether attempts are recorded here: not when ``O2O_PROGRESS=off`` or after `opt_out`."""
    if os.environ.get(SWITCH, "").strip().lower() in OFF:
        return False
    return not (progress_dir() / "opted-out").exists()


def opt_out() -> None:
    """Stop recording attempts in this home, and delete the attempts recorded so far."""
    progress_dir().mkdir(parents=True, exist_ok=True)
    (progress_dir() / "opted-out").touch()
    (progress_dir() / "progress.jsonl").unlink(missing_ok=True)


def opt_in() -> None:
    """Record attempts again after `opt_out`."""
    (progress_dir() / "opted-out").unlink(missing_ok=True)


def record_attempt(lesson: str, exercise: str, correct: bool) -> bool:
    """Append one self-check attempt to ``~/.o2o/progress.jsonl``; return whether it was recorded.

    Parameters
    ----------
    lesson : the lesson's notebook name without ``.ipynb``, e.g. ``"01_leg1_acquire_and_own"``.
    exercise : a name for the exercise that stays the same across lesson updates.
    correct : whether the self-check accepted the answer.

    Notes
    -----
    One ``os.write`` of one line to a file opened with ``O_APPEND``, under an exclusive
    ``flock``: concurrent kernels append whole lines, one after another. Any ``OSError``
    (read-only home, full disk) is swallowed: a lesson never fails because of recording.
    """
    if not recording():
        return False
    line = (
        json.dumps(
            {
                "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "lesson": str(lesson),
                "exercise": str(exercise),
                "correct": bool(correct),
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    try:
        progress_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(progress_dir() / "progress.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            _lock(descriptor)
            os.write(descriptor, line.encode("utf-8"))
        finally:
            os.close(descriptor)
    except OSError:
        return False
    return True


def _lock(descriptor: int) -> None:
    if os.name != "nt":
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX)


def read_attempts(home: Path) -> tuple[list[dict], int]:
    """A student's attempts, and how many lines could not be read (torn or edited by hand)."""
    try:
        lines = (progress_dir(home) / "progress.jsonl").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [], 0
    attempts, unreadable = [], 0
    for line in lines:
        try:
            attempt = json.loads(line)
            attempts.append(
                {
                    "lesson": str(attempt["lesson"]),
                    "exercise": str(attempt["exercise"]),
                    "correct": bool(attempt["correct"]),
                }
            )
        except (ValueError, KeyError, TypeError):
            unreadable += 1
    return attempts, unreadable


@dataclass
class ExerciseSummary:
    """How the class fares on one exercise."""

    lesson: str
    exercise: str
    tried: int = 0
    solved: int = 0
    wrong_answers: int = 0

    @property
    def stuck(self) -> int:
        """Students who tried and have not yet got it right."""
        return self.tried - self.solved


def summarise(homes: list[Path]) -> tuple[list[ExerciseSummary], int, int]:
    """Per exercise, across the students' homes, most stuck first.

    Returns the summaries, the number of students with any attempt, and unreadable lines.
    """
    exercises: dict[tuple[str, str], ExerciseSummary] = {}
    students, unreadable = 0, 0
    for home in homes:
        attempts, bad = read_attempts(home)
        unreadable += bad
        students += bool(attempts)
        by_exercise: dict[tuple[str, str], list[bool]] = defaultdict(list)
        for attempt in attempts:
            by_exercise[attempt["lesson"], attempt["exercise"]].append(attempt["correct"])
        for key, verdicts in by_exercise.items():
            summary = exercises.setdefault(key, ExerciseSummary(*key))
            summary.tried += 1
            summary.solved += any(verdicts)
            summary.wrong_answers += verdicts.count(False)
    ranked = sorted(exercises.values(), key=lambda s: (-s.stuck, -s.wrong_answers, s.lesson, s.exercise))
    return ranked, students, unreadable


def account_homes(folders: list[Path]) -> list[Path]:
    """The sub-folders of ``folders`` that are the home of an account here (not every folder is a student)."""
    homes = {Path(entry.pw_dir).resolve() for entry in pwd.getpwall()}
    found = (home for folder in folders if folder.is_dir() for home in folder.iterdir() if home.is_dir())
    return sorted(home for home in found if home.resolve() in homes)


def hub_students(folder: Path) -> list[Path] | None:
    """The homes of the students who signed up on the hub kept in ``folder``; None if no hub is kept there."""
    try:
        students = json.loads((folder / "private" / "students.json").read_text())["students"]
    except FileNotFoundError:
        return [] if (folder / "homes").is_dir() else None
    except PermissionError:
        raise SystemExit(f"o2o-class-progress: only root may read the hub's students in {folder}: use sudo") from None
    except (OSError, ValueError, KeyError) as error:
        raise SystemExit(f"o2o-class-progress: cannot read the hub's students in {folder}: {error}") from None
    return [folder / "homes" / name for name in sorted(students)]


def class_progress_main(argv: list[str] | None = None) -> int:
    """Command line: ``o2o-class-progress [HOMES ...]``."""
    parser = argparse.ArgumentParser(
        description="Which exercises is the class stuck on? Reads each student's ~/.o2o/progress.jsonl: "
        "the workshop hub's students, or the accounts' homes in the folders given."
    )
    parser.add_argument("homes", nargs="*", type=Path, help="folders of accounts' homes (default: the workshop hub's)")
    args = parser.parse_args(argv)
    if not args.homes:
        homes = hub_students(hub_dir())
        if homes is None:
            print(f"o2o-class-progress: no workshop hub in {hub_dir()}; set O2O_HUB_DIR", file=sys.stderr)
            return 1
    else:
        missing = [str(folder) for folder in args.homes if not folder.is_dir()]
        if missing:
            print(f"o2o-class-progress: no folder of students' homes at {', '.join(missing)}", file=sys.stderr)
            return 1
        homes = account_homes(args.homes)
    ranked, students, unreadable = summarise(homes)
    print(f"{students} of {len(homes)} students have checked an answer.")
    if ranked:
        width = max(len(f"{s.lesson} {s.exercise}") for s in ranked)
        print(f"{'exercise':<{width}}  tried  solved  stuck  wrong answers")
        for s in ranked:
            print(
                f"{s.lesson + ' ' + s.exercise:<{width}}  {s.tried:>5}  {s.solved:>6}  {s.stuck:>5}"
                f"  {s.wrong_answers:>13}"
            )
    if unreadable:
        print(f"({unreadable} lines could not be read and were skipped.)")
    return 0
