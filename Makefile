# Two commands do all the set-up on a fresh machine (see README.md):
#   make lab    installs everything into .venv and opens JupyterLab on the lessons
#   make test   installs everything into .venv and runs the tests (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	touch $@

.PHONY: install lab test notebooks
install: $(BIN)/.installed

lab: install
	$(BIN)/jupyter lab notebooks/

test: install
	$(BIN)/python -m pytest

# Re-execute every lesson in place so its stored outputs match the code (then commit them).
notebooks: install
	$(BIN)/python scripts/notebooks.py run
