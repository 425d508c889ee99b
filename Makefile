# Two commands do all setup: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit install bench eval serve clean

$(STAMP): pyproject.toml
	@echo "installing Chorus into $(VENV) (log: $(VENV)/install.log)"
	@$(PYTHON) -m venv $(VENV)
	@( $(BIN)/pip install --upgrade pip && $(BIN)/pip install -e ".[dev]" ) \
		> $(VENV)/install.log 2>&1 || { tail -n 40 $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

## Summarise the seed cluster on the embedded (offline, no-key) engine.
demo: $(STAMP)
	$(BIN)/chorus summarize seeds --engine extractive

## Lint, type-check, run the offline test suite and the seeds eval gate (what CI runs).
test: $(STAMP) lint typecheck unit eval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## The suite runs its store, chaos and tenancy tests against SQLite and a real PostgreSQL
## server, which scripts/ensure-postgres.sh installs (Debian package) and starts if needed.
unit: $(STAMP)
	CHORUS_TEST_DATABASE_URL="$$(scripts/ensure-postgres.sh)" $(BIN)/pytest

## The seeds eval on the embedded engine; fails when a threshold in evals/thresholds.toml is missed.
eval: $(STAMP)
	$(BIN)/chorus eval seeds --engine extractive

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

serve: $(STAMP)
	$(BIN)/chorus serve

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
