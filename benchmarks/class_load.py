"""A class on one machine: students on the workshop hub, sliders moving in every kernel.

    python benchmarks/class_load.py [--students 30] [--lesson 03] [--moves 40]

Starts the workshop hub (o2o_models/workshop/hub/jupyterhub_config.py) on 127.0.0.1 (its state in a
temporary folder). Through the hub's REST API, with an admin token, it creates the simulated students (all but one of
``--students``) and gives each a token of their own; then all of them at once ask for their
server. Each simulated student, with their own token, starts a kernel on their copy of the
lesson, runs its code cells in order over the kernel's websocket as JupyterLab would, then
moves a random slider of the lesson's panels every 1.5-2.5 s (a ``comm_msg`` update, as the
slider widget sends) and times each move until the kernel is idle again. Once the whole
class is moving sliders, the last student comes in for real: headless Chromium signs in
with the workshop password, starts the server from the hub's form (English lessons), opens the
lesson, runs all cells and presses the arrow keys on the first panel's slider ``--moves``
times, right then left, timing each press until the redrawn chart is on screen (as
benchmarks/browser_latency.py does alone). The class stops when that student is done.

Reports failed spawns and kernels, spawn times, the real student's p50/p95 key press to
redraw, the simulated moves' times, and the memory of the hub and everything it started.
Budgets (a 2-core, 24 GB machine): no failed spawn or kernel; real student's p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
import requests
import urllib3
import websocket
from browser_latency import CHROMIUM, CHROMIUM_ARGS, Press, measure_panel, panels, percentile, run_all_cells
from playwright.sync_api import sync_playwright

from o2o_models.workshop.hub import accounts, limits
from o2o_models.workshop.hub.config import SPAWN_TIMEOUT
from o2o_models.workshop.hub.launch import passable, start_hub

ROOT = Path(__file__).resolve().parents[1]

BUDGET_P95_MS = 150.0
PASSWORD = "class-load-workshop"
ADMIN_PASSWORD = "class-load-trainer-" + "x" * 20
REAL_STUDENT = "observer"
OWN_PASSWORD = "observer-own-password"


@dataclass
class Student:
    name: str
    token: str = ""
    spawn_s: float | None = None
    lesson_s: float | None = None
    moves_ms: list[float] = field(default_factory=list)
    failure: str = ""


class KernelSocket:
    """One kernel's websocket, used as a notebook frontend uses it, one request at a time."""

    def __init__(self, url: str, token: str) -> None:
        self.socket = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=900)
        self.session = uuid.uuid4().hex
        self.sliders: list[dict] = []

    def request(self, msg_type: str, content: dict) -> str:
        """Send a shell message and wait until the kernel is idle after it; return the reply's status."""
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "session": self.session,
            "username": "",
            "msg_type": msg_type,
            "version": "5.3",
        }
        self.socket.send(
            json.dumps(
                {
                    "header": header,
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        status = "ok"
        while True:
            message = _decode(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = message["msg_type"], message["content"]
            if kind == "comm_open" and body.get("data", {}).get("state", {}).get("_model_name") in (
                "FloatSliderModel",
                "IntSliderModel",
            ):
                self.sliders.append({"comm_id": body["comm_id"], **body["data"]["state"]})
            elif kind in ("execute_reply", "error") and body.get("status", "error") != "ok":
                status = "error"
            elif kind == "status" and body["execution_state"] == "idle":
                return status

    def run(self, code: str) -> str:
        return self.request(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )

    def move(self, slider: dict, value: float) -> str:
        return self.request(
            "comm_msg",
            {
                "comm_id": slider["comm_id"],
                "data": {"method": "update", "state": {"value": value}, "buffer_paths": []},
            },
        )


def _decode(frame: str | bytes) -> dict:
    """A message from Jupyter's websocket: JSON text, or a binary frame whose first part is the JSON."""
    if isinstance(frame, str):
        return json.loads(frame)
    parts = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(parts)]
    return json.loads(frame[offsets[0] : offsets[1] if parts > 1 else None])


def simulate(
    hub_url: str, student: Student, lesson: Path, admin: requests.Session, class_over: threading.Event
) -> None:
    """One simulated student: start their server, run the lesson, move sliders until the class is over."""
    started, phase = time.monotonic(), "starting the server"
    try:
        admin.post(f"{hub_url}/hub/api/users/{student.name}/server").raise_for_status()
        while not admin.get(f"{hub_url}/hub/api/users/{student.name}").json()["servers"].get("", {}).get("ready"):
            if time.monotonic() - started > 2 * SPAWN_TIMEOUT:
                raise RuntimeError(f"server not ready within {2 * SPAWN_TIMEOUT} s")
            time.sleep(1)
        student.spawn_s = time.monotonic() - started
        own, phase = {"Authorization": f"token {student.token}"}, "starting a kernel"
        answer = requests.post(
            f"{hub_url}/user/{student.name}/api/kernels",
            headers=own,
            timeout=SPAWN_TIMEOUT,
            json={"name": "python3", "path": f"o2o-lessons/{lesson.name}"},
        )
        answer.raise_for_status()
        kernel = answer.json()
        kernel_socket = KernelSocket(
            f"{hub_url.replace('http', 'ws')}/user/{student.name}/api/kernels/{kernel['id']}/channels",
            student.token,
        )
        began, phase = time.monotonic(), "running the lesson"
        for cell in nbformat.read(lesson, as_version=4).cells:
            if cell.cell_type == "code" and kernel_socket.run(cell.source) != "ok":
                raise RuntimeError(f"a cell failed: {cell.source[:60]!r}")
        student.lesson_s = time.monotonic() - began
        if not kernel_socket.sliders:
            raise RuntimeError("the lesson showed no slider")
        phase = "moving sliders"
        while not class_over.wait(random.uniform(1.5, 2.5)):
            slider = random.choice(kernel_socket.sliders)
            steps = round((slider["max"] - slider["min"]) / slider["step"])
            value = slider["min"] + random.randint(0, steps) * slider["step"]
            moved = time.perf_counter()
            if kernel_socket.move(slider, value) != "ok":
                raise RuntimeError("a slider move failed in the kernel")
            student.moves_ms.append((time.perf_counter() - moved) * 1000)
    except Exception as error:  # a benchmark reports every failure and carries on with the others
        student.failure = (
            f"{type(error).__name__}: {error} (while {phase}, {time.monotonic() - started:.0f} s "
            f"after asking for the server, {len(student.moves_ms)} moves made)"
        )


def sign_in_admin(hub_url: str) -> requests.Session:
    """The trainer signs in with the admin password and makes an API token; the session carries it."""
    browser = requests.Session()
    browser.get(f"{hub_url}/hub/login")
    browser.post(
        f"{hub_url}/hub/login",
        data={"username": "trainer", "password": ADMIN_PASSWORD, "_xsrf": browser.cookies.get("_xsrf")},
        allow_redirects=False,
    )
    xsrf = next(c.value for c in browser.cookies if c.name == "_xsrf" and c.path == "/hub/")
    token = browser.post(
        f"{hub_url}/hub/api/users/trainer/tokens", headers={"X-XSRFToken": xsrf}, json={"note": "class load"}
    ).json()["token"]
    admin = requests.Session()
    admin.headers["Authorization"] = f"token {token}"
    # A browser asks again when the proxy closes a kept-alive connection as it is reused (Node's
    # 5 s keep-alive): so do the trainer's GETs here, which 59 students' threads share.
    retry = urllib3.util.Retry(total=3, connect=3, read=3, allowed_methods={"GET"}, backoff_factor=0.5)
    admin.mount("http://", requests.adapters.HTTPAdapter(max_retries=retry, pool_maxsize=64))
    return admin


def real_student(hub_url: str, lesson: Path, moves: int, screenshot: Path | None) -> list[float]:
    """A student in Chromium: sign in, open the lesson, run all, time key presses on the first panel's slider."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(f"{hub_url}/hub/login")
        page.fill("#username_input", REAL_STUDENT)
        page.fill("#password_input", OWN_PASSWORD)
        page.fill("#workshop_password_input", PASSWORD)
        page.click("#login_submit")
        page.click("#spawn_form button[type=submit]", timeout=300_000)  # the lessons in English, preselected
        page.wait_for_url(f"{hub_url}/user/{REAL_STUDENT}/lab**", timeout=300_000)
        url = f"{hub_url}/user/{REAL_STUDENT}/lab/tree/o2o-lessons/{lesson.name}"
        try:
            page.goto(url)  # first let the lesson's kernel start: Run All before it is up may run nothing
            page.get_by_text("(ipykernel) | Idle").wait_for(timeout=300_000)
            run_all_cells(page, url)
            latencies: list[Press] = []
            first = panels(page)[0]
            while len(latencies) < moves:  # ten presses, right then left, then a pause as a student would
                latencies += measure_panel(page, first, min(10, moves - len(latencies)))
                time.sleep(2)
            return latencies
        finally:
            if screenshot:
                page.screenshot(path=str(screenshot))
            browser.close()


class MemoryWatch(threading.Thread):
    """Samples the memory of the hub and every process it started, every 2 s.

    Two measures: resident memory (RSS), which counts a library shared by sixty kernels
    sixty times, and the proportional set size (PSS), which shares each such page among the
    processes that map it, so that the PSS of all processes adds up to the memory they use.
    At the PSS peak it keeps what each part took: the students' servers, their kernels, and
    the hub with its proxy and culler, so a student's cost can be read apart from the hub's.
    The students' cgroups' own peak (``memory.max_usage_in_bytes`` of the hub's class group,
    the page cache their files brought in included) is read at the end, where the machine has them.
    It also keeps each process's CPU time, and the machine's, so that the CPU the class used can
    be told from what the benchmark's own clients and the machine's other work used.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.hub, self.running = psutil.Process(pid), True
        self.peak_mb = self.peak_rss_mb = 0.0
        self.peak_parts: dict[str, list[float]] = {}
        self.cpu_s: dict[int, tuple[str, float]] = {}
        self.machine_busy_s, self.began = _machine_busy_s(), time.monotonic()
        self.class_group = limits.CgroupV1().parents.get("memory")
        with contextlib.suppress(OSError, AttributeError):
            (self.class_group / "memory.max_usage_in_bytes").write_text("0")

    def run(self) -> None:
        while self.running:
            parts: dict[str, list[float]] = {"server": [], "kernel": [], "hub": []}
            rss = 0.0
            family = [self.hub, *self.hub.children(recursive=True)]
            me = psutil.Process()
            for process in [me, *(p for p in me.children(recursive=True) if p not in family)]:
                with contextlib.suppress(psutil.Error):
                    self.cpu_s[process.pid] = ("benchmark", _cpu_s(process))
            for process in family:
                with contextlib.suppress(psutil.Error):
                    command = " ".join(process.cmdline())
                    part = "server" if "singleuser" in command else "kernel" if "ipykernel" in command else "hub"
                    self.cpu_s[process.pid] = (part, _cpu_s(process))
                    memory = process.memory_full_info()
                    parts[part].append(memory.pss / 2**20)
                    rss += memory.rss / 2**20
            total = sum(sum(values) for values in parts.values())
            if total > self.peak_mb:
                self.peak_mb, self.peak_parts = total, parts
            self.peak_rss_mb = max(self.peak_rss_mb, rss)
            time.sleep(2)

    def stop(self) -> None:
        self.running, self.ended = False, (_machine_busy_s(), time.monotonic())

    def cpu_report(self) -> str:
        """CPU seconds each part used since the start, beside the machine's and what the machine had."""
        used: dict[str, float] = {}
        for part, seconds in self.cpu_s.values():
            used[part] = used.get(part, 0.0) + seconds
        machine = self.ended[0] - self.machine_busy_s
        available = (self.ended[1] - self.began) * (psutil.cpu_count() or 1)
        others = machine - sum(used.values())
        return (
            f"CPU seconds over the run, of {available:.0f} the machine had: the students' servers "
            f"{used.get('server', 0):.0f}, kernels {used.get('kernel', 0):.0f}, the hub, proxy and culler "
            f"{used.get('hub', 0):.0f}, this benchmark's clients and Chromium {used.get('benchmark', 0):.0f}, "
            f"the machine's other work {max(others, 0):.0f}"
        )

    def class_group_peak_mb(self) -> float | None:
        try:
            return int((self.class_group / "memory.max_usage_in_bytes").read_text()) / 2**20
        except (OSError, TypeError, ValueError):
            return None


def _cpu_s(process: psutil.Process) -> float:
    """CPU seconds of ``process`` and of its children it has waited for (o2o-get-lessons, for the hub)."""
    times = process.cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def _machine_busy_s() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + getattr(times, "irq", 0) + getattr(times, "softirq", 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30, help="students in all, the real one included")
    parser.add_argument("--lesson", default="03", help="the lesson's number (default 03, the heaviest redraw)")
    parser.add_argument("--moves", type=int, default=40, help="the real student's key presses")
    parser.add_argument("--screenshot", type=Path, help="save the real student's page at the end")
    args = parser.parse_args(argv)
    from o2o_models.workshop.classroom import lesson_paths

    [lesson] = [p for p in lesson_paths() if p.name.startswith(args.lesson)]
    load_before = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory(prefix="o2o-class-load-") as folder,
        passable(Path(folder), Path(sys.executable).resolve().parent, ROOT),
    ):
        os.chmod(folder, 0o711)
        hub = start_hub(Path(folder), password=PASSWORD, admin_password=ADMIN_PASSWORD)
        watch = MemoryWatch(hub.process.pid)
        watch.start()
        try:
            admin = sign_in_admin(hub.url)
            students = [Student(f"student{n:02d}") for n in range(1, args.students)]
            admin.post(f"{hub.url}/hub/api/users", json={"usernames": [s.name for s in students]}).raise_for_status()
            for student in students:
                student.token = admin.post(
                    f"{hub.url}/hub/api/users/{student.name}/tokens", json={"note": "class load"}
                ).json()["token"]
            class_over = threading.Event()
            threads = [
                threading.Thread(target=simulate, args=(hub.url, s, lesson, admin, class_over)) for s in students
            ]
            began = time.monotonic()
            for thread in threads:
                thread.start()
            while sum(s.lesson_s is not None or bool(s.failure) for s in students) < len(students):
                time.sleep(1)  # the real student comes in once the class is in the lesson and moving sliders
            print(
                f"{len(students)} simulated students in the lesson after {time.monotonic() - began:.0f} s; "
                "the real student signs in",
                flush=True,
            )
            try:
                latencies = real_student(hub.url, lesson, args.moves, args.screenshot)
            finally:
                class_over.set()
            for thread in threads:
                thread.join()
        finally:
            watch.stop()
            hub.stop()
            accounts.remove_accounts(Path(folder) / "homes")
            hub_log = hub.log.read_text(errors="replace").splitlines()
    if any(student.failure for student in students):  # keep the log: the students' servers write to it too
        kept = Path(tempfile.gettempdir()) / "o2o-class-load-hub.log"
        kept.write_text("\n".join(hub_log) + "\n")
        print(f"A student failed; the hub's log (with every student's server's) is kept in {kept}")
    return report(students, latencies, watch, lesson, load_before)


def _median(values: list[float] | None) -> str:
    return f"{statistics.median(values):.0f}" if values else "none"


def _spread(values: list[float]) -> str:
    if not values:
        return "none"
    return f"median {statistics.median(values):.0f}, p95 {percentile(values, 0.95):.0f}, max {max(values):.0f}"


def report(students: list[Student], presses: list[Press], watch: MemoryWatch, lesson: Path, load_before: float) -> int:
    peak_mb, parts = watch.peak_mb, watch.peak_parts
    failed = [s for s in students if s.failure]
    spawns = sorted(s.spawn_s for s in students if s.spawn_s is not None)
    runs = sorted(s.lesson_s for s in students if s.lesson_s is not None)
    moves = [ms for s in students for ms in s.moves_ms]
    latencies = [p.shown_ms for p in presses]
    p95 = percentile(latencies, 0.95)
    print(
        f"\nClass load: {len(students) + 1} students ({len(students)} simulated + 1 in Chromium), lesson {lesson.stem}"
    )
    for student in failed:
        print(f"  FAILED {student.name}: {student.failure}")
    print(f"failed spawns or kernels:   {len(failed)}")
    print(f"spawn to ready, s:          {_spread(spawns)} (all requested at once)")
    print(f"lesson run, s:              {_spread(runs)}")
    print(f"simulated slider moves:     {len(moves)}; kernel round trip, ms: {_spread(moves)}")
    print(
        f"real student, key press to redrawn chart on screen ({len(latencies)} presses): median "
        f"{statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms (budget p95 < {BUDGET_P95_MS:.0f} ms); "
        f"by the driver: {_spread([p.driver_ms for p in presses])}"
    )
    class_size = len(students) + 1
    print(
        f"memory, hub and all it started: peak PSS {peak_mb / 1024:.1f} GB ({peak_mb / class_size:.0f} MB a student), "
        f"peak RSS {watch.peak_rss_mb / 1024:.1f} GB ({watch.peak_rss_mb / class_size:.0f} MB a student)"
    )
    group_mb = watch.class_group_peak_mb()
    if group_mb is not None:
        print(
            f"the students' cgroups together, peak: {group_mb / 1024:.1f} GB ({group_mb / class_size:.0f} MB a student)"
        )
    print(
        f"at the PSS peak: each student's server median {_median(parts.get('server'))} MB, each kernel median "
        f"{_median(parts.get('kernel'))} MB ({len(parts.get('kernel', []))} kernels); the hub, proxy and culler "
        f"{sum(parts.get('hub', [])):.0f} MB"
    )
    print(watch.cpu_report())
    print(
        f"machine: {psutil.virtual_memory().total / 2**30:.0f} GB, {psutil.cpu_count()} cores; load average "
        f"{load_before:.1f} before the run, {os.getloadavg()[0]:.1f} at its end (other work on the machine counts)"
    )
    within = not failed and p95 < BUDGET_P95_MS
    print("within budget" if within else "OVER BUDGET")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
