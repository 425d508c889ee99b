# Two commands do all setup: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit install bench eval serve clean lock browser-deps fixtures lexicon

$(STAMP): pyproject.toml constraints.txt
	@echo "installing Chorus into $(VENV) (log: $(VENV)/install.log)"
	@$(PYTHON) -m venv $(VENV)
	@( $(BIN)/pip install --upgrade pip && $(BIN)/pip install -c constraints.txt -e ".[dev]" ) \
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
## server, which scripts/ensure-postgres.sh installs (Debian package) and starts if needed;
## the browser test needs Debian's chromium (browser-deps).
unit: $(STAMP) browser-deps
	url="$$(scripts/ensure-postgres.sh)" && CHORUS_TEST_DATABASE_URL="$$url" $(BIN)/pytest

## Debian's chromium + chromium-driver for the browser test (installed when missing).
browser-deps:
	bash scripts/ensure-chromium.sh

## Fixture feeds (from ../shared/data) for the offline newsroom flow in the README.
fixtures: $(STAMP)
	$(BIN)/python -m bench.fixture_feeds var/fixtures

## The seeds eval on the embedded engine; fails when a threshold in evals/thresholds.toml is missed.
eval: $(STAMP)
	$(BIN)/chorus eval seeds --engine extractive

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

serve: $(STAMP)
	$(BIN)/chorus serve

## Rebuild the checker's shipped WordNet table (chorus/checker/lexicon.json.gz) from Debian's
## wordnet-base (installed when missing), then re-fit the checker on it.
lexicon: $(STAMP)
	test -f /usr/share/wordnet/data.noun || { apt-get update -q && apt-get install -y -q wordnet-base; }
	$(BIN)/python -m chorus_evals.lexicon_build /usr/share/wordnet
	$(BIN)/chorus train-checker

## Re-resolve every dependency from pyproject.toml and pin the result in constraints.txt.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q --upgrade pip && .lock-venv/bin/pip install -q ".[dev]"
	{ sed -n '1,2p' constraints.txt; .lock-venv/bin/pip freeze --exclude-editable \
		| grep -iv '^chorus=='; } > constraints.txt.new && mv constraints.txt.new constraints.txt
	rm -rf .lock-venv build *.egg-info

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
