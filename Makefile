# make demo: build the example manual (site and checklists).   make test: the whole test suite.
# Each target creates or refreshes .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench schemas clean

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

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python tools/bench_check.py
	$(BIN)/python tools/bench_site.py
	$(BIN)/python tools/bench_checklist.py

# The package carries a copy of the published schemas; a test fails when they differ.
schemas:
	cp schema/*.schema.json tools/opsmanual/schema/

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .hypothesis
