# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
# The web server, scheduler and dispatcher all build links on it (config.py's development SITE_URL).
export PORT
# The Redis server `make run` starts (or reuses) for rate limits and the page cache shared by the workers.
REDIS_PORT ?= 6379
# The PostgreSQL server of the second test pass: TEST_DATABASE_URL if set, else the local one that
# `make postgres` starts. The suite creates, and drops, databases of its own on it.
LOCAL_POSTGRES_URL := postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker
POSTGRES_TEST_URL := $(or $(TEST_DATABASE_URL),$(LOCAL_POSTGRES_URL))
# Extra pytest arguments for both passes, e.g. PYTEST_ARGS="-x tests/core".
PYTEST_ARGS ?=

TRANSLATIONS := tracker/translations
AXE_VERSION := 4.14.1
AXE := tests/assets/axe.min.js
FONTSOURCE_VERSION := 5.2.10
FONTS := static/fonts/.fetched
EXPO_NOTO_VERSION := 0.4.2
CARD_FONTS := tracker/sharing/fonts/.fetched
# Lighthouse 13 needs Node 22; 12.2.3 runs on Debian's Node 20. Installed into .tools/ (not committed).
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := .tools/.lighthouse-$(LIGHTHOUSE_VERSION)
WORLD_ATLAS_VERSION := 2.0.2
WORLD := tracker/events/world/countries-110m.json
# The stylesheets pages link: static/css/*.css minified (rcssmin) beside them as *.min.css (not committed).
STYLES := static/css/site.min.css static/css/pages.min.css

.PHONY: run test audit lint format bench soak install install-dev chromium pango postgres redis wrk clean translations messages

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
run: install pango translations $(STYLES) $(FONTS) $(CARD_FONTS) $(WORLD)
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops the web server, the scheduler and the dispatcher)"
	@trap 'kill 0' INT TERM EXIT; \
	if [ -z "$$REDIS_URL" ] && command -v redis-server >/dev/null; then \
	  if ! redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1; then \
	    redis-server --bind 127.0.0.1 --port $(REDIS_PORT) --save '' --appendonly no \
	      --maxmemory 256mb --maxmemory-policy allkeys-lru >instance/redis.log 2>&1 & \
	    for i in $$(seq 1 50); do redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1 && break; sleep 0.1; done; \
	  fi; \
	  export REDIS_URL=redis://127.0.0.1:$(REDIS_PORT)/0; echo "Rate limits and the page cache: Redis on port $(REDIS_PORT)"; \
	elif [ -z "$$REDIS_URL$$RATELIMIT_STORAGE_URI" ]; then \
	  echo "No redis-server: rate limits count per worker (make redis as root, or set REDIS_URL)"; \
	fi; \
	$(FLASK) scheduler & \
	$(FLASK) dispatcher & \
	$(BIN)/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 2 wsgi:app

## make test: dev packages, Chromium and (as root) a local PostgreSQL; lint; the whole suite on SQLite
## and, at the same time, on PostgreSQL when a server answers at TEST_DATABASE_URL (default: the local
## one). The two passes share nothing but the machine: each keeps its log in test-output/, printed
## when both are done. The SQLite pass includes the Lighthouse gate (tests/audit): accessibility,
## best practices and SEO at 100.
test: install-dev pango translations chromium redis $(AXE) $(STYLES) $(FONTS) $(CARD_FONTS) $(WORLD) $(LIGHTHOUSE)
	$(BIN)/ruff check .
	@if [ "$$(id -u)" = 0 ] && [ '$(POSTGRES_TEST_URL)' = '$(LOCAL_POSTGRES_URL)' ]; then $(MAKE) --no-print-directory postgres; fi
	@mkdir -p test-output; status=0; postgres_pid=; \
	env -u TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS) >test-output/pass-sqlite.log 2>&1 & sqlite_pid=$$!; \
	if reachable=$$($(BIN)/python -m tests.databases '$(POSTGRES_TEST_URL)'); then \
	  echo "=== make test: the whole suite on SQLite and on $$reachable, side by side ==="; \
	  TEST_DATABASE_URL='$(POSTGRES_TEST_URL)' $(BIN)/pytest $(PYTEST_ARGS) >test-output/pass-postgresql.log 2>&1 & postgres_pid=$$!; \
	else \
	  echo "=== make test: the whole suite on SQLite; PostgreSQL: $$reachable ==="; \
	fi; \
	wait $$sqlite_pid && sqlite=passed || { sqlite=FAILED; status=1; }; \
	echo "=== make test, pass 1 of 2: the whole suite on SQLite ($$sqlite) ==="; cat test-output/pass-sqlite.log; \
	if [ -n "$$postgres_pid" ]; then \
	  wait $$postgres_pid && postgres=passed || { postgres=FAILED; status=1; }; \
	  echo "=== make test, pass 2 of 2: the whole suite on $$reachable ($$postgres) ==="; cat test-output/pass-postgresql.log; \
	elif [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "=== make test, pass 2 of 2 FAILED: TEST_DATABASE_URL is set, but $$reachable ===" >&2; \
	  postgres=FAILED; status=1; \
	else \
	  echo "=== make test, pass 2 of 2 NOT RUN: $$reachable ==="; \
	  echo "    Start one with 'make postgres' as root, or set TEST_DATABASE_URL=postgresql+psycopg://user:password@host/db"; \
	  postgres="NOT RUN (no server)"; \
	fi; \
	echo "=== make test: SQLite pass $$sqlite, PostgreSQL pass $$postgres ==="; \
	exit $$status

## make audit: Lighthouse's four scores (mobile preset) on the main public pages, served by gunicorn over the
## demo data; fails when accessibility, best practices or SEO is under 100 (AUDIT_ARGS="--url http://…").
audit: install-dev pango translations chromium $(STYLES) $(FONTS) $(CARD_FONTS) $(WORLD) $(LIGHTHOUSE)
	CHROME_PATH=/usr/bin/chromium $(BIN)/python -m tests.audit $(AUDIT_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## $(call debian_package,package,test that it is there,who needs it): as root, apt-get installs a
## missing package; otherwise a clear message says how to install it.
define debian_package
	@if $(2); then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's $(1): $(3) it"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null \
	  || { echo "ERROR: could not install $(1) with apt-get; $(3) it." >&2; exit 1; }; \
	else \
	  echo "ERROR: $(3) Debian's $(1)." >&2; \
	  echo "       Install it with: sudo apt-get install $(1)   (make installs it itself when run as root)" >&2; \
	  exit 1; \
	fi
endef

## make bench: the performance figures at full scale (docs/performance.md); BENCH_ARGS=--quick for a tenth.
bench: install-dev pango translations postgres redis wrk $(STYLES)
	$(BIN)/python -m bench $(BENCH_ARGS)

## wrk drives the web figure; Debian packages it.
wrk:
	$(call debian_package,wrk,command -v wrk >/dev/null,make bench needs)

## make soak: real gunicorn, the scheduler and two mail dispatchers on a fresh PostgreSQL database, 50 clients for 60 s
## (SOAK_ARGS="--clients 10 --duration 10" or "--database sqlite" to change it).
soak: install-dev translations postgres redis $(STYLES)
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

## Compile the gettext catalogs (the .mo files are build output, not committed).
translations: install
	$(BIN)/pybabel compile --use-fuzzy -d $(TRANSLATIONS) -f >/dev/null

## Re-extract every translatable string and merge it into the catalogs (for developers).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k counted:1,2 --no-location --sort-output -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

## axe-core for the accessibility tests, from the npm registry, vendored at install time.
$(AXE):
	@command -v npm >/dev/null || { echo "ERROR: the accessibility tests need npm to fetch axe-core." >&2; exit 1; }
	mkdir -p tests/assets
	cd tests/assets && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	  && tar -xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js && mv package/axe.min.js axe.min.js \
	  && rm -rf package axe-core-$(AXE_VERSION).tgz

## Noto Sans (Latin and Cyrillic subsets, regular and bold) from the npm registry, served by the app
## itself so that no page loads a font from another host.
static/css/%.min.css: static/css/%.css | $(VENV)/.runtime
	$(BIN)/python -m rcssmin < $< > $@

$(FONTS):
	@command -v npm >/dev/null || { echo "ERROR: the site's typeface comes from npm; install Node.js and npm." >&2; exit 1; }
	rm -rf static/fonts && mkdir -p static/fonts
	cd static/fonts && npm pack --silent @fontsource/noto-sans@$(FONTSOURCE_VERSION) >/dev/null \
	  && tar -xzf fontsource-noto-sans-$(FONTSOURCE_VERSION).tgz \
	  && for script in latin cyrillic; do for weight in 400 700; do \
	       mv package/files/noto-sans-$$script-$$weight-normal.woff2 package/files/noto-sans-$$script-$$weight-normal.woff . ; done; done \
	  && mv package/LICENSE LICENSE.txt && rm -rf package fontsource-noto-sans-$(FONTSOURCE_VERSION).tgz
	touch $@

## Noto Sans as whole TrueType files (Latin, Latin Extended and Cyrillic in one font, regular and bold)
## for the share cards the app draws with Pillow, which has no fallback between the web subsets.
$(CARD_FONTS):
	@command -v npm >/dev/null || { echo "ERROR: the share cards' typeface comes from npm; install Node.js and npm." >&2; exit 1; }
	rm -rf tracker/sharing/fonts && mkdir -p tracker/sharing/fonts
	cd tracker/sharing/fonts && npm pack --silent @expo-google-fonts/noto-sans@$(EXPO_NOTO_VERSION) >/dev/null \
	  && tar -xzf expo-google-fonts-noto-sans-$(EXPO_NOTO_VERSION).tgz \
	     package/400Regular/NotoSans_400Regular.ttf package/700Bold/NotoSans_700Bold.ttf package/LICENSE_FONT \
	  && mv package/400Regular/NotoSans_400Regular.ttf package/700Bold/NotoSans_700Bold.ttf . \
	  && mv package/LICENSE_FONT LICENSE.txt && rm -rf package expo-google-fonts-noto-sans-$(EXPO_NOTO_VERSION).tgz
	touch $@

## Lighthouse from the npm registry into .tools/, for make audit and its gate in make test.
$(LIGHTHOUSE):
	@command -v npm >/dev/null || { echo "ERROR: the Lighthouse audit needs Node.js and npm." >&2; exit 1; }
	rm -rf .tools && mkdir -p .tools
	npm install --prefix .tools --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

## Country shapes for the day pages' map (Natural Earth 1:110m via world-atlas), read by the app at run time.
$(WORLD):
	@command -v npm >/dev/null || { echo "ERROR: the map's country shapes come from npm; install Node.js and npm." >&2; exit 1; }
	rm -rf tracker/events/world && mkdir -p tracker/events/world
	cd tracker/events/world && npm pack --silent world-atlas@$(WORLD_ATLAS_VERSION) >/dev/null \
	  && tar -xzf world-atlas-$(WORLD_ATLAS_VERSION).tgz package/countries-110m.json package/LICENSE \
	  && mv package/countries-110m.json package/LICENSE . && rm -rf package world-atlas-$(WORLD_ATLAS_VERSION).tgz

## Debian's redis-server: the tests, the soak and the benchmark start private servers of their own on free
## ports (bench/redis_server.py); `make run` starts one on REDIS_PORT.
redis:
	$(call debian_package,redis-server,command -v redis-server >/dev/null,the rate-limit and page-cache tests need)

## Debian's pango for WeasyPrint, which draws the organiser kits' PDFs (tracker/kits).
pango:
	$(call debian_package,libpango-1.0-0 libpangoft2-1.0-0,{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q libpangoft2-1.0,the organiser kits need)

## Debian's chromium for the browser tests (Playwright drives it; no browser download).
chromium:
	$(call debian_package,chromium,[ -x /usr/bin/chromium ],the browser tests need)

## A local PostgreSQL for the second test pass: start the cluster (root only), role and database tracker/tracker.
postgres: install
	@if $(BIN)/python -m tests.databases '$(LOCAL_POSTGRES_URL)' >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "ERROR: no PostgreSQL with role and database tracker/tracker on 127.0.0.1:5432." >&2; \
	  echo "       As root, 'make postgres' installs Debian's postgresql if needed, starts it and creates them." >&2; \
	  exit 1; \
	fi; \
	if ! command -v pg_lsclusters >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
	  echo "Installing Debian's postgresql for the PostgreSQL test pass"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
	  || { echo "ERROR: could not install postgresql with apt-get." >&2; exit 1; }; \
	fi; \
	if [ -z "$$(pg_lsclusters --no-header)" ]; then \
	  version=$$(ls /usr/lib/postgresql | sort -V | tail -1); \
	  echo "Creating PostgreSQL $$version cluster main"; pg_createcluster "$$version" main >/dev/null; \
	fi; \
	version=$$(pg_lsclusters --no-header | awk 'NR==1{print $$1}'); cluster=$$(pg_lsclusters --no-header | awk 'NR==1{print $$2}'); \
	echo "Starting PostgreSQL $$version/$$cluster"; \
	pg_ctlcluster $$version $$cluster start 2>/dev/null || true; \
	for i in $$(seq 1 30); do su postgres -c "psql -tAc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 1; done; \
	su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='tracker'\"" | grep -q 1 \
	  || su postgres -c "psql -qc \"CREATE ROLE tracker LOGIN CREATEDB PASSWORD 'tracker'\""; \
	su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='tracker'\"" | grep -q 1 \
	  || su postgres -c "psql -qc 'CREATE DATABASE tracker OWNER tracker'"; \
	$(BIN)/python -m tests.databases '$(LOCAL_POSTGRES_URL)'

clean:
	rm -rf $(VENV) .pytest_cache test-output .tools
