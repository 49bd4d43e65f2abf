# Two commands: `make run` (pipeline end to end on generated data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
# Front-end files the Data Docs pages load (pinned in web/package-lock.json), served locally.
ASSETS := web/node_modules/.installed

.PHONY: run test lint lock ui clean assets

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# Bytecode is compiled at install: where the environment sets PYTHONDONTWRITEBYTECODE, Python
# would otherwise compile every imported module again in every process (6 s of each `pcp` start).
$(VENV)/.installed: $(BIN)/uv requirements.lock pyproject.toml Makefile
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	touch $@

$(ASSETS): web/package.json web/package-lock.json web/.npmrc
	npm ci --prefix web --silent
	touch $@

assets: $(ASSETS)

run: $(VENV)/.installed $(ASSETS)
	$(BIN)/pcp generate --if-missing
	$(BIN)/pcp run

# Two workers, a test file each at a time (a module's fixtures stay in one process), the
# longest files first (their `minutes` mark, tests/conftest.py), not the files of most tests.
test: $(VENV)/.installed $(ASSETS)
	$(BIN)/ruff check .
	scripts/install-chromium
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder

ui: $(VENV)/.installed $(ASSETS)
	$(BIN)/pcp ui

lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf $(VENV) web/node_modules data reports/out dbt_project/target dbt_project/logs
