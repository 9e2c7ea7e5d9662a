# make demo: build the example manual (site and checklists).   make test: the whole test suite.
# Each target creates or refreshes .venv itself, with the versions in constraints.txt (the ones CI tested).
# make lock: refresh constraints.txt from the newest releases.   make test-latest: the suite on the newest releases.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := tests/axe/node_modules/axe-core/axe.min.js
LOCALE := tools/opsmanual/i18n/locale

.PHONY: demo test test-fast test-latest lint lock bench schemas messages clean axe

$(STAMP): pyproject.toml constraints.txt $(wildcard $(LOCALE)/*/LC_MESSAGES/*.po)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	$(BIN)/python -m compileall -q tools/opsmanual  # as pip compiles an installed package: every command starts faster
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/opsmanual check .
	$(BIN)/opsmanual build . --offline
	$(BIN)/python tools/records_demo.py .
	@echo
	@echo "The site:       site/index.html   (opens from the folder, search included; preview it live: $(BIN)/opsmanual serve)"
	@echo "In Spanish:     site/es/index.html   (three procedures, the closing checklist and the names translated)"
	@echo "The checklists: site/checklists/*.pdf"
	@echo "The records:    site/records-example.html   (opening checklists filled in, imported, reported)"
	@echo "The training:   site/training-example.html  (read-and-sign sheets signed, imported, one procedure bumped)"

lint: $(STAMP)
	$(BIN)/ruff check tools tests
	$(BIN)/ruff format --check tools tests
	$(BIN)/mypy

test: lint axe
	$(BIN)/pytest

# axe-core (npm), at the version in tests/axe/package-lock.json, for the accessibility tests in Chromium.
axe: $(AXE)
$(AXE): tests/axe/package.json tests/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/axe --no-audit --no-fund --silent; \
	else echo "npm is not installed: the accessibility tests will skip (apt-get install npm)"; fi

test-fast: $(STAMP)
	$(BIN)/pytest -m "not e2e"

bench: $(STAMP)
	$(BIN)/python tools/bench_check.py
	$(BIN)/python tools/bench_site.py
	$(BIN)/python tools/bench_checklist.py
	$(BIN)/python tools/bench_trust.py
	$(BIN)/python tools/bench_records.py
	$(BIN)/python tools/bench_app.py --postgres

# The languages (tools/opsmanual/i18n) into the schemas, then the schemas into the package; tests guard both.
schemas: $(STAMP)
	$(BIN)/python tools/make_schemas.py

# The command line's messages: extracted into the template, merged into every language's catalog, compiled
# (by tools/hatch_build.py, as the build compiles them). A new language: make messages NEW_LANGUAGE=fr
messages: $(STAMP)
	$(BIN)/pybabel --quiet extract -F tools/babel.cfg --add-location=file --sort-by-file --no-wrap \
		--project=opsmanual --copyright-holder="the opsmanual authors" -o $(LOCALE)/opsmanual.pot tools/opsmanual
	@if [ -n "$(NEW_LANGUAGE)" ]; then \
		$(BIN)/pybabel init -D opsmanual -i $(LOCALE)/opsmanual.pot -d $(LOCALE) --no-wrap -l $(NEW_LANGUAGE); fi
	$(BIN)/pybabel --quiet update -D opsmanual -i $(LOCALE)/opsmanual.pot -d $(LOCALE) --no-wrap --ignore-pot-creation-date
	$(BIN)/python tools/hatch_build.py

# Resolve the newest releases that pyproject.toml allows, in a scratch environment, and pin them.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[test,bench]'
	echo "# The versions make test and CI install (pip install -c constraints.txt). Refresh: make lock" > constraints.txt
	.venv-lock/bin/python -m pip freeze --exclude-editable >> constraints.txt
	rm -rf .venv-lock

# The suite against the newest releases, so that drift is seen on purpose, not on a landing.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade -e '.[test,bench]'
	.venv-latest/bin/pytest

clean:
	rm -rf $(VENV) .venv-lock .venv-latest site .pytest_cache .mypy_cache .ruff_cache .hypothesis
