# UN Reports Warehouse — the targets are the interface. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
WAREHOUSE ?= warehouse/un_reports.duckdb
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: help install run test stress lint format score sweep bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## create .venv and install the locked stack (once)

run: install ## ingest the bundled samples into warehouse/un_reports.duckdb and print a summary
	$(BIN)/unwh ingest samples/ --warehouse $(WAREHOUSE)

test: install ## run the test suite
	$(BIN)/pytest -q

stress: install ## the long fault runs: kill -9 of the CLI, four concurrent runs (tests marked stress)
	$(BIN)/pytest -q -m stress

lint: install ## ruff lint + format check, mypy type check ([tool.mypy] in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install ## apply ruff formatting
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

score: install ## compare the warehouse built from samples/ with the answer keys
	@test -f $(WAREHOUSE) || $(MAKE) run
	$(BIN)/python -m score --warehouse $(WAREHOUSE) --expected tests/data/expected --samples samples
	@echo; $(BIN)/python -m score.realworld
	@echo; echo "layout matrix (tests/render: each answer key in every house layout):"
	$(BIN)/python -m score --variants $$($(BIN)/python -m tests.render.matrix .pytest_cache/d/layout-matrix) \
		--expected tests/data/expected

sweep: install ## the layout sweep: every answer key in 7 layouts outside the matrix, every bar per layout (~15 min)
	$(BIN)/python tools/sweep_layouts.py --out build/sweep

bench: install ## the user's run side by side with plain pdfplumber (3 rounds, ~10 min); figures go to docs/BENCHMARKS.md
	$(BIN)/python tools/bench.py --out docs/BENCHMARKS.md

clean: ## remove the virtual environment and generated files
	rm -rf $(VENV) .prefect .pytest_cache .ruff_cache $(WAREHOUSE) $(WAREHOUSE).wal $(WAREHOUSE).lock $(WAREHOUSE:.duckdb=.staging.duckdb)* warehouse/quality warehouse/gx
