# Kinship Campaigns. The two set-up commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install demo test lint check typecheck pytest-sqlite pytest-postgres assets messages bench clean

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	npm run --silent build

demo: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo
	@echo "Kinship Campaigns demo: http://127.0.0.1:8000  (captured mail: http://127.0.0.1:8000/dev/mail/)"
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py rundemo 127.0.0.1:8000

test: install lint check typecheck pytest-sqlite pytest-postgres

# ruff (with mccabe complexity 12), formatting, and the floor plan (import-linter, pyproject.toml).
lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check . || { echo "Run: .venv/bin/ruff format ."; exit 1; }
	$(VENV)/bin/lint-imports

# What Django itself checks: system checks, and models without a migration.
check:
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

typecheck:
	$(VENV)/bin/mypy kinship config

pytest-sqlite:
	env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

pytest-postgres:
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(TEST_DATABASE_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL reachable: running the suite again on it"; \
		DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL not reachable at $(TEST_DATABASE_URL): skipping the PostgreSQL run"; \
	fi

# Welsh: one catalogue per app (kinship/<app>/locale/cy/LC_MESSAGES/django.po), made by running
# makemessages inside each app, then every catalogue compiled. Commit the .po and the .mo.
messages:
	for app in kinship/*/apps.py; do \
		dir=$$(dirname $$app); mkdir -p $$dir/locale; \
		(cd $$dir && DJANGO_SETTINGS_MODULE=config.settings.dev $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l cy --no-obsolete) || exit 1; \
	done
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py compilemessages --ignore=node_modules --ignore=.venv

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules kinship/core/static/kinship/dist staticfiles
