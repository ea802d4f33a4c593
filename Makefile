# CarbonPeak — set-up, run and test from the project's own files.
#   make run    set up, migrate, load the Jinshan plan and demo data, serve on :8000 with the jobs loop
#   make test   the whole suite: lint, types, architecture contract, tests on SQLite,
#               browser tests in headless Chromium, and tests on PostgreSQL when CI=true
#               or CARBONPEAK_TEST_POSTGRES=1

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := carbonpeak.settings

.PHONY: setup run test lint typecheck contracts test-sqlite test-postgres system-deps lock messages clean

setup: $(VENV)/.installed node_modules/.installed

# The lock is the whole resolved set: --no-deps keeps pip from resolving again (the pip a
# fresh venv bundles trips over dependencies with extras, e.g. httpx[http2], under hashes).
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The jobs loop runs beside the web server (docs/operations.md) and stops with it.
run: setup
	$(BIN)/carbonpeak setup
	$(BIN)/carbonpeak jobs run --loop & loop=$$!; trap 'kill $$loop 2>/dev/null' EXIT INT TERM; $(BIN)/carbonpeak serve

# Debian packages the tests need (Chromium for browser tests, PostgreSQL for the server
# database); installed only where missing, and only when we may (root).
system-deps:
	scripts/ensure-system-packages.sh

lint: setup
	$(BIN)/ruff check src tests bench
	DATABASE_URL=sqlite://:memory: $(BIN)/carbonpeak manage makemigrations --check --dry-run
	$(BIN)/python scripts/check_translations.py

typecheck: setup
	$(BIN)/mypy

contracts: setup
	$(BIN)/lint-imports

test-sqlite: setup system-deps
	$(BIN)/python -m pytest

test-postgres: setup system-deps
	scripts/with-postgres.sh $(BIN)/python -m pytest -m "not e2e and not spark"

# The two database runs go side by side (scripts/test-databases.sh): one core each.
test: lint typecheck contracts setup system-deps
	scripts/test-databases.sh $(BIN)/python

# Regenerate the lock after changing pyproject.toml dependencies.
lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

# Refresh the message catalogues after changing translatable strings.
messages: setup
	cd src/carbonpeak && ../../$(BIN)/carbonpeak manage makemessages -l zh_Hans -l en --no-obsolete
	cd src/carbonpeak && ../../$(BIN)/carbonpeak manage compilemessages

clean:
	rm -rf $(VENV) node_modules var
