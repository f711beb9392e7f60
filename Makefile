# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
export TONGXIN_DATA_DIR ?= $(CURDIR)/var

.PHONY: install bench-install run migrate demo test test-browser lint typecheck messages ci clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# The benchmarks' competitors (django-import-export, Splink with DuckDB), pinned beside the rest.
bench-install: install
	$(BIN)/python -m pip install --quiet -r requirements-bench.lock

migrate: install
	$(BIN)/tongxin migrate --noinput

demo: migrate
	$(BIN)/tongxin demo --if-empty

# The web server and one huey consumer (periodic scan); stopping the server stops both. Only
# the consumer is signalled: `kill 0` would also hit whatever script started make.
run: demo
	@$(BIN)/tongxin run_huey --workers 1 & huey_pid=$$!; \
	trap 'kill $$huey_pid 2>/dev/null' INT TERM EXIT; \
	$(BIN)/tongxin runserver $(HOST):$(PORT)

# Tests use their own data directory so they never touch the demo database's keys.
test: install
	TONGXIN_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

# Real-browser tests: Debian's Chromium driven by Playwright (.ci/run installs Chromium).
test-browser: install
	TONGXIN_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -m browser -p no:xdist $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	TONGXIN_DATA_DIR=$(CURDIR)/var/test $(BIN)/mypy tongxin

messages: install
	cd tongxin && ../$(BIN)/tongxin makemessages -l en --no-obsolete && ../$(BIN)/tongxin compilemessages -l en

ci:
	.ci/run

clean:
	rm -rf $(VENV) var
