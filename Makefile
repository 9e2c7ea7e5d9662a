# make demo: build the example manual (site and checklists).   make test: the whole test suite.
# Each target creates or refreshes .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/opsmanual check .
	$(BIN)/opsmanual build .
	@echo
	@echo "The site:       site/index.html   (preview it live: $(BIN)/opsmanual serve)"
	@echo "The checklists: site/checklists/*.pdf"

lint: $(STAMP)
	$(BIN)/ruff check tools tests
	$(BIN)/ruff format --check tools tests
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

test-fast: $(STAMP)
	$(BIN)/pytest -m "not e2e"

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python tools/bench_check.py
	$(BIN)/python tools/bench_site.py
	$(BIN)/python tools/bench_checklist.py
	$(BIN)/python tools/bench_trust.py

# The languages (tools/opsmanual/i18n) into the schemas, then the schemas into the package; tests guard both.
schemas: $(STAMP)
	$(BIN)/python tools/make_schemas.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .hypothesis
