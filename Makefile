# Consult: `make run` to try it, `make test` to prove it. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app consult
VENDOR := consult/static/vendor

.PHONY: run test setup static translations messages db bench lint clean

setup: $(VENV)/.installed static translations

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

static: $(VENDOR)/htmx.min.js

$(VENDOR)/htmx.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $@

translations: $(VENV)/.installed
	@if ls consult/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d consult/translations; fi

# After changing UI text: refresh the catalogue, then translate the new entries in messages.po.
messages: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".* node_modules" \
		-o consult/translations/messages.pot .
	$(BIN)/pybabel -q update -i consult/translations/messages.pot -d consult/translations -l fr

db: setup
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty

# The web server and a jobs worker together; Ctrl-C (or either one stopping) stops both.
run: db
	$(FLASK) demo-sign-ins
	@trap 'kill $$(jobs -p) 2>/dev/null' INT TERM EXIT; \
	$(FLASK) jobs worker & \
	$(FLASK) run --host 127.0.0.1 --port 5000

# One pytest-xdist worker per core, each on its own databases; `make test TEST_WORKERS=0` runs in
# one process, and PYTEST_ARGS come last, so they may override these too.
TEST_WORKERS ?= auto
test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Load a large consultation (PostgreSQL at BENCH_DATABASE_URL), measure, write BENCHMARKS.md.
# `make bench ARGS=--quick` for a tenth of the sizes while developing.
bench: setup
	$(BIN)/python bench/run.py $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
