# SLA Portal. `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# `make test` runs the suite on these services (started, or installed, by scripts/ensure-services).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/slaportal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
WEB_ADDR ?= 127.0.0.1:8000

.PHONY: install run test test-postgres test-sqlite lint bench lock services

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

test: install services lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) test-postgres test-sqlite

# The whole suite on PostgreSQL, with the integration tests' real worker and beat on Redis.
test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest

# The embedded default (SQLite); the integration tests already ran it above, and the
# concurrency tests need PostgreSQL.
test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -m "not integration and not postgres"

bench: install services
	@for script in bench/*.py; do echo "== $$script"; PYTHONPATH=. $(BIN)/python $$script || exit 1; done
	@for script in bench/*.sh; do echo "== $$script"; bash $$script || exit 1; done

# Refresh requirements.lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" -o requirements.lock
