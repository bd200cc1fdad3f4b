# Two commands do all the set-up on a fresh machine (see README.md):
#   make lab    installs everything into .venv and opens JupyterLab on your own copies of the lessons
#               (no worked solutions) in o2o-lessons/; `make lab-trainer` opens the originals in notebooks/
#   make test   installs everything into .venv and runs the tests (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test,hub,trainer]"
	touch $@

.PHONY: install lab lab-trainer check test notebooks site benchmark memory student-copies hub class-load answer-key handouts
install: $(BIN)/.installed

# Kernel messages go to the browser at once (o2o_models/serving.py: a redraw 40 ms sooner).
# Jupyter refuses to run as root unless told; containers and workshop servers often are root.
# `make lab` places the student copies (worked solutions removed) in o2o-lessons/, yours to edit, and the
# Chinese edition's (中文版) in o2o-lessons/zh/:
# o2o-get-lessons never replaces a lesson you changed (a newer one lands beside it), then JupyterLab opens there.
# `make lab-trainer` opens the originals in notebooks/, worked solutions included.
LESSONS ?= o2o-lessons
JUPYTER_LAB = $(BIN)/jupyter lab --ServerApp.kernel_websocket_connection_class=o2o_models.workshop.serving.NoDelayKernelConnection \
	$(if $(filter 0,$(shell id -u)),--allow-root)
lab: install
	$(BIN)/o2o-get-lessons $(LESSONS) --lang zh
	$(BIN)/o2o-get-lessons $(LESSONS)
	$(JUPYTER_LAB) $(LESSONS)/

lab-trainer: install
	$(JUPYTER_LAB) notebooks/

test: install
	$(BIN)/python -m pytest

# The fast loop (under a minute): lint, format, and every test that is not slow, browser or hub.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -m "not slow and not browser and not hub" tests

# Build each stale lesson's notebook from its .md source and execute it, so its stored outputs
# match its source, code and data (then commit them); `scripts/notebooks.py run --all` forces all.
notebooks: install
	$(BIN)/python scripts/notebooks.py run

# Build the lessons as a static site in _build/site (offline; charts stay interactive).
site: install
	$(BIN)/python scripts/build_site.py --out _build/site

# Time models, charts and notebooks, then key press to redraw in a real JupyterLab.
benchmark: install
	$(BIN)/python benchmarks/models.py
	$(BIN)/python benchmarks/browser_latency.py

# Each lesson's kernel memory after it runs top to bottom (for sizing a workshop server).
memory: install
	$(BIN)/python benchmarks/kernel_memory.py

# Student copies of the lessons, worked solutions removed, into student-copies/.
student-copies: install
	$(BIN)/o2o-student-copies student-copies

# A class server on this machine, as root (TRAINERS.md, "Serving a class"): JupyterHub over HTTPS with
# the proxy from npm, one Unix account per student; the passwords are in a root-only file it names. Ctrl+C stops it.
hub: install
	$(BIN)/o2o-hub

# 30 students on a hub on 127.0.0.1 (as root, like the hub), sliders moving in every kernel, one real student
# in Chromium. More students: make class-load STUDENTS=60.
STUDENTS ?= 30
class-load: install
	$(BIN)/python benchmarks/class_load.py --students $(STUDENTS)

# One HTML file of every exercise with its worked solution, for trainers: _build/answer-key.html.
answer-key: install
	$(BIN)/o2o-answer-key --out _build/answer-key.html

# A printable one-page handout per lesson (key formulas and takeaways): _build/handouts/.
handouts: install
	$(BIN)/o2o-handouts --out _build/handouts
