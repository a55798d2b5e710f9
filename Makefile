# SLA Portal. `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# `make test` runs the suite on these services (started, or installed, by scripts/ensure-services).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/slaportal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
WEB_ADDR ?= 127.0.0.1:8000

# Instants the suite must pass at, whatever the real clock says (New York is UTC-5 then).
SATURDAY_3AM_NY := 2026-11-28 08:00:00
TUESDAY_11AM_NY := 2026-12-01 16:00:00

.PHONY: install run test test-postgres test-sqlite test-anytime lint bench lock services

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo
	@echo "SLA Portal: http://$(WEB_ADDR)/   (health: http://$(WEB_ADDR)/health/)"
	@echo "Log in as any user above with password $${DEMO_PASSWORD:-demo}. Ctrl-C stops web, worker and beat."
	@echo
	DEBUG=$${DEBUG:-1} WEB_ADDR=$(WEB_ADDR) $(BIN)/honcho --no-prefix start --procfile Procfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

services:
	bash scripts/ensure-services

# PostgreSQL at the real clock; the embedded default with the clock at 03:00 on a Saturday in
# New York, so every run proves that no test depends on business hours.
test: install services lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) test-postgres
	scripts/at "$(SATURDAY_3AM_NY)" $(MAKE) test-sqlite

# Both passes run on every core (pytest-xdist); the tests that start real processes share one
# Redis database, so they run one after another on one of them (xdist group real_processes).
PYTEST := $(BIN)/pytest --numprocesses auto --dist loadgroup

# The whole suite on PostgreSQL, with the integration tests' real worker and beat on Redis.
test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(PYTEST)

# The embedded default (SQLite); the integration tests already ran it above, the concurrency
# tests need PostgreSQL, and the OpenAPI conformance run is the PostgreSQL pass's.
test-sqlite: install
	env -u DATABASE_URL $(PYTEST) -m "not integration and not postgres and not openapi"

# Both passes with the clock (of pytest and of the web, worker and beat it starts) at a
# Saturday night and at a Tuesday morning in New York.
test-anytime: install services
	scripts/at "$(SATURDAY_3AM_NY)" $(MAKE) test-postgres test-sqlite
	scripts/at "$(TUESDAY_11AM_NY)" $(MAKE) test-postgres test-sqlite

bench: install services
	@for script in bench/[!_]*.py; do echo "== $$script"; PYTHONPATH=. $(BIN)/python $$script || exit 1; done
	@for script in bench/*.sh; do echo "== $$script"; bash $$script || exit 1; done

# Refresh requirements.lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" -o requirements.lock
