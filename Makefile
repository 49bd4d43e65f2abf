# Two commands: `make run` (pipeline end to end on generated data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8

.PHONY: run test lint lock ui clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: $(BIN)/uv requirements.lock pyproject.toml
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

run: $(VENV)/.installed
	$(BIN)/pcp generate --if-missing
	$(BIN)/pcp run

test: $(VENV)/.installed
	$(BIN)/ruff check .
	scripts/install-chromium
	$(BIN)/pytest

ui: $(VENV)/.installed
	$(BIN)/pcp ui

lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf $(VENV) data reports/out dbt_project/target dbt_project/logs
