# Coproduce: `make run` to try it, `make test` to check it. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ASSETS := static/dist/coproduce.css

.PHONY: run test install assets migrate seed lint format clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json static/src/coproduce.scss scripts/build-assets.mjs
	npm run --silent build

install: $(STAMP) $(ASSETS)

assets: $(ASSETS)

migrate: install
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

# The web app, the background worker and the scheduler together; one Ctrl-C stops all three.
# Without REDIS_URL the worker uses a broker folder under var/ and needs nothing installed.
run: seed
	@echo "Coproduce on http://127.0.0.1:8000 (worker and scheduler running too; Ctrl-C stops all)"
	@$(PY) scripts/run.py

# Unit, integration and browser suites. Suites whose service is missing are skipped and named,
# except under CI=true, where a missing service is a failure.
# Two or more processes (pytest-xdist): each has its own test database, worker queue and live
# server. PYTEST_ARGS= runs in one process.
PYTEST_ARGS ?= -n auto --maxprocesses=4
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# National-scale benchmarks, small (a few minutes): load on gunicorn, queries at two sizes,
# digests, a submission storm with faults. Needs PostgreSQL and Redis running; bench/README.md.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: install $(BENCH_STAMP)
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy accounts forums glossary consultations peer_network programmes library raised notifications dashboards privacy core front coproduce tests bench

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles var
