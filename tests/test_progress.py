"""Self-checks leave a trace in the student's home (unless opted out); the trainer sees who is stuck where."""

from __future__ import annotations

import json
import stat
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from o2o_models.resources import remember_hub_dir
from o2o_models.workshop import progress
from o2o_models.workshop.progress import (
    class_progress_main,
    opt_in,
    opt_out,
    read_attempts,
    record_attempt,
    summarise,
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A student's home, with recording on."""
    monkeypatch.setenv("HOME", str(tmp_path / "alice"))
    monkeypatch.delenv(progress.SWITCH, raising=False)
    return tmp_path / "alice"


def _records(home: Path) -> list[dict]:
    return [json.loads(line) for line in (home / ".o2o" / "progress.jsonl").read_text().splitlines()]


def test_an_attempt_is_one_line_in_the_students_home(home: Path) -> None:
    assert record_attempt("00_introduction", "voucher_margin", correct=False)
    [record] = _records(home)
    assert {k: record[k] for k in ("lesson", "exercise", "correct")} == {
        "lesson": "00_introduction",
        "exercise": "voucher_margin",
        "correct": False,
    }
    assert record["time"].endswith("+00:00")


@pytest.mark.parametrize("value", ["off", "0", "no", "OFF"])
def test_nothing_is_recorded_when_the_switch_is_off(home: Path, monkeypatch, value: str) -> None:
    monkeypatch.setenv(progress.SWITCH, value)
    assert not record_attempt("00_introduction", "voucher_margin", correct=True)
    assert not (home / ".o2o" / "progress.jsonl").exists()


def test_opting_out_forgets_what_was_recorded_and_stops_recording_until_opted_in(home: Path) -> None:
    record_attempt("00_introduction", "voucher_margin", correct=False)
    opt_out()
    assert not (home / ".o2o" / "progress.jsonl").exists()
    assert not record_attempt("00_introduction", "voucher_margin", correct=True)
    opt_in()
    assert record_attempt("00_introduction", "voucher_margin", correct=True)


def test_a_home_that_cannot_be_written_never_breaks_a_lesson(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "home-is-a-file").write_text("")
    monkeypatch.setenv("HOME", str(tmp_path / "home-is-a-file"))
    monkeypatch.delenv(progress.SWITCH, raising=False)
    assert record_attempt("00_introduction", "voucher_margin", correct=True) is False


def _record_many(home: str, kernel: int) -> None:
    import os

    os.environ["HOME"] = home
    for attempt in range(200):
        record_attempt("01_leg1_acquire_and_own", f"kernel {kernel} exercise {'x' * (attempt % 50)}", attempt % 3 == 0)


def test_kernels_recording_side_by_side_never_tear_or_lose_a_line(home: Path) -> None:
    with ProcessPoolExecutor(max_workers=4) as pool:
        list(pool.map(_record_many, [str(home)] * 8, range(8)))
    attempts, unreadable = read_attempts(home)
    assert (len(attempts), unreadable) == (8 * 200, 0)


def _homes(tmp_path: Path, attempts: dict[str, list[tuple[str, bool]]]) -> Path:
    """A hub's homes folder: one home per student, each with its attempts (lesson 01)."""
    for student, tries in attempts.items():
        folder = tmp_path / "homes" / student / ".o2o"
        folder.mkdir(parents=True)
        lines = [
            json.dumps(
                {
                    "time": "2026-11-25T10:00:00+00:00",
                    "lesson": "01",
                    "exercise": exercise,
                    "correct": correct,
                }
            )
            for exercise, correct in tries
        ]
        (folder / "progress.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "homes" / "dave").mkdir()
    return tmp_path / "homes"


CLASS = {
    "alice": [("clv", False), ("clv", False), ("clv", True), ("rebate", False)],
    "bob": [("clv", False), ("rebate", False), ("rebate", False)],
    "carol": [("rebate", True), ("clv", False)],
}


def test_the_exercise_most_students_are_stuck_on_comes_first(tmp_path: Path) -> None:
    homes = _homes(tmp_path, CLASS)
    ranked, students, unreadable = summarise(sorted(homes.iterdir()))
    assert (students, unreadable) == (3, 0)
    assert [(s.exercise, s.tried, s.solved, s.stuck, s.wrong_answers) for s in ranked] == [
        ("clv", 3, 1, 2, 4),
        ("rebate", 3, 1, 2, 3),
    ]


def test_a_torn_line_is_skipped_and_counted(tmp_path: Path) -> None:
    homes = _homes(tmp_path, CLASS)
    with open(homes / "bob" / ".o2o" / "progress.jsonl", "a") as file:
        file.write('{"time": "2026-11-25T10:0')
    ranked, _, unreadable = summarise(sorted(homes.iterdir()))
    assert unreadable == 1
    assert ranked[0].tried == 3


def test_a_students_records_are_theirs_alone(home: Path) -> None:
    record_attempt("00_introduction", "voucher_margin", correct=True)
    assert stat.S_IMODE((home / ".o2o").stat().st_mode) == 0o700
    assert stat.S_IMODE((home / ".o2o" / "progress.jsonl").stat().st_mode) == 0o600


def _hub(tmp_path: Path) -> Path:
    """A hub's folder: alice, bob, carol and erin signed up (erin has checked nothing); the trainer's
    and a deleted student's folders also hold records, and do not count."""
    homes = _homes(tmp_path / "hub", {**CLASS, "trainer": [("clv", True)], "deleted": [("clv", False)]})
    (homes.parent / "private").mkdir()
    signed_up = {name: {"salt": "", "scrypt": ""} for name in ("alice", "bob", "carol", "erin")}
    (homes.parent / "private" / "students.json").write_text(json.dumps({"students": signed_up}))
    return homes.parent


def test_the_command_counts_the_hubs_students_only(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("O2O_HUB_DIR", str(_hub(tmp_path)))
    assert class_progress_main([]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "3 of 4 students have checked an answer.",
        "exercise   tried  solved  stuck  wrong answers",
        "01 clv         3       1      2              4",
        "01 rebate      3       1      2              3",
    ]


def test_the_command_finds_the_hub_the_trainer_started_last(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("O2O_HUB_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    remember_hub_dir(_hub(tmp_path))
    assert class_progress_main([]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "3 of 4 students have checked an answer."


def test_given_folders_only_the_homes_of_accounts_count(tmp_path: Path, monkeypatch, capsys) -> None:
    homes = _homes(tmp_path, CLASS)
    accounts = [SimpleNamespace(pw_dir=str(homes / name)) for name in ("alice", "bob", "dave")]
    monkeypatch.setattr(progress.pwd, "getpwall", lambda: accounts)
    assert class_progress_main([str(homes)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2 of 3 students have checked an answer."


def test_the_command_names_a_missing_folder_in_one_sentence(tmp_path: Path, capsys) -> None:
    assert class_progress_main([str(tmp_path / "nowhere")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"o2o-class-progress: no folder of students' homes at {tmp_path / 'nowhere'}"
