# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
export TEST_POSTGRES_URL ?= postgresql+psycopg://tracker:tracker@127.0.0.1:5432/postgres

TRANSLATIONS := tracker/translations
AXE_VERSION := 4.14.1
AXE := tests/assets/axe.min.js

.PHONY: run test lint format bench install install-dev chromium postgres wrk clean translations messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

## make run: install, migrate, load demo data into an empty database, serve web + scheduler + mail dispatcher.
run: install translations
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops the web server, the scheduler and the dispatcher)"
	@trap 'kill 0' INT TERM EXIT; \
	$(FLASK) scheduler & \
	$(FLASK) dispatcher & \
	$(BIN)/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 2 wsgi:app

## make test: dev packages, Chromium and PostgreSQL for the browser and database tests, lint, the suite.
test: install-dev translations chromium postgres $(AXE)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make bench: the performance figures at full scale (docs/performance.md); BENCH_ARGS=--quick for a tenth.
bench: install-dev translations postgres wrk
	$(BIN)/python -m bench $(BENCH_ARGS)

## wrk drives the web figure; Debian packages it.
wrk:
	@if command -v wrk >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's wrk for the benchmarks"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
	  || { echo "ERROR: could not install wrk with apt-get; make bench needs it." >&2; exit 1; }; \
	else \
	  echo "ERROR: make bench needs wrk (https://github.com/wg/wrk)." >&2; \
	  echo "       Install it with: sudo apt-get install wrk   (make bench installs it itself when run as root)" >&2; \
	  exit 1; \
	fi

## Compile the gettext catalogs (the .mo files are build output, not committed).
translations: install
	$(BIN)/pybabel compile --use-fuzzy -d $(TRANSLATIONS) -f >/dev/null

## Re-extract every translatable string and merge it into the catalogs (for developers).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

## axe-core for the accessibility tests, from the npm registry, vendored at install time.
$(AXE):
	@command -v npm >/dev/null || { echo "ERROR: the accessibility tests need npm to fetch axe-core." >&2; exit 1; }
	mkdir -p tests/assets
	cd tests/assets && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	  && tar -xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js && mv package/axe.min.js axe.min.js \
	  && rm -rf package axe-core-$(AXE_VERSION).tgz

chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || { echo "ERROR: could not install chromium with apt-get; the browser tests need /usr/bin/chromium." >&2; exit 1; }; \
	else \
	  echo "ERROR: the browser tests need Debian's chromium at /usr/bin/chromium." >&2; \
	  echo "       Install it with: sudo apt-get install chromium   (make test installs it itself when run as root)" >&2; \
	  exit 1; \
	fi

postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('postgresql://tracker:tracker@127.0.0.1:5432/postgres', connect_timeout=2).close()" 2>/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v pg_lsclusters >/dev/null; then \
	  version=$$(pg_lsclusters --no-header | awk 'NR==1{print $$1}'); cluster=$$(pg_lsclusters --no-header | awk 'NR==1{print $$2}'); \
	  if [ -z "$$version" ]; then echo "ERROR: no PostgreSQL cluster found (pg_lsclusters)." >&2; exit 1; fi; \
	  pg_ctlcluster $$version $$cluster start 2>/dev/null || true; \
	  for i in $$(seq 1 30); do su postgres -c "psql -tAc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 1; done; \
	  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='tracker'\"" | grep -q 1 \
	    || su postgres -c "psql -qc \"CREATE ROLE tracker LOGIN SUPERUSER PASSWORD 'tracker'\""; \
	else \
	  echo "ERROR: the PostgreSQL tests need a server with role tracker/tracker on 127.0.0.1:5432," >&2; \
	  echo "       or TEST_POSTGRES_URL pointing at one (make test starts the local cluster when run as root)." >&2; \
	  exit 1; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache test-output
