# The README's commands. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Calendar replies (iMIP) are received here; links in mail and calendars use the address
# served, unless MEETINGS_BASE_URL says otherwise.
REPLY_PORT ?= $(or $(MEETINGS_REPLY_SMTP_PORT),2525)
MEETINGS_BASE_URL ?= http://$(HOST):$(PORT)
export FLASK_APP := meetings

CATALOGS := meetings/translations
LOCALES  := cs sk hu lv

.PHONY: run worker test bench setup setup-dev translations extract-translations update-translations \
        compile-translations lint format clean screenshots

## run: set up, migrate, load the demo data, start the background worker (mail, timed
## jobs) and the receiver of calendar replies (SMTP on $(HOST):$(REPLY_PORT)), and serve
## on http://$(HOST):$(PORT); Ctrl+C stops them all
run: export MEETINGS_BASE_URL := $(MEETINGS_BASE_URL)
run: setup compile-translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	$(BIN)/flask search rebuild --if-empty
	@echo "Serving on $(MEETINGS_BASE_URL) with a background worker and the reply receiver on smtp://$(HOST):$(REPLY_PORT) (Ctrl+C stops them)"
	$(BIN)/huey_consumer meetings.worker.huey --workers 2 --worker-type thread --quiet & \
	worker=$$!; \
	$(BIN)/flask replies serve --host $(HOST) --port $(REPLY_PORT) & \
	receiver=$$!; trap 'kill $$worker $$receiver 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app

## worker: only the background worker (for production-like setups)
worker: setup
	$(BIN)/huey_consumer meetings.worker.huey --workers 2 --worker-type thread

## test: set up with the dev extras (and ical.js and axe-core for the interoperability and
## browser tests), run the suite
test: setup-dev compile-translations tests/js/node_modules/.package-lock.json
	$(BIN)/pytest $(PYTEST_ARGS)

## screenshots: the README's pictures (docs/screenshots/), taken by the browser tests from
## the demo data at a desktop's and a phone's width
screenshots: setup-dev compile-translations tests/js/node_modules/.package-lock.json
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_screenshots.py

# npm writes node_modules/.package-lock.json: older than the lock file, the packages changed.
tests/js/node_modules/.package-lock.json: tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error

## bench: the ten-year archive (24,000 meetings over 200 groups) on SQLite and on a fresh
## PostgreSQL database of BENCH_DATABASE_URL's server, served by gunicorn and measured with
## wrk; regenerates its section of docs/performance.md (BENCH_ARGS=--quick: a fast check)
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
bench: setup compile-translations
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.load --database-url $(BENCH_DATABASE_URL) $(BENCH_ARGS)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

## Translations: extract marked strings, merge them into the catalogs, compile them.
extract-translations: setup
	$(BIN)/pybabel -q extract -F babel.cfg -k lazy_gettext -k _l -k lazy_pgettext:1c,2 -k _lp:1c,2 --no-location \
		--sort-by-file -o $(CATALOGS)/messages.pot . templates/_macros

update-translations: extract-translations
	$(BIN)/pybabel -q update --no-fuzzy-matching -i $(CATALOGS)/messages.pot -d $(CATALOGS)

# One file rule per catalog: a .mo is written only when its .po changed, so `make run` in a
# test (tests/test_make_run.py) leaves alone the .mo files a concurrent test run reads. A
# new one is written beside and renamed over the old, so a reader never sees half of it.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(CATALOGS)/*/LC_MESSAGES/messages.po))

compile-translations: $(MO_FILES)

$(CATALOGS)/%/LC_MESSAGES/messages.mo: $(CATALOGS)/%/LC_MESSAGES/messages.po | setup
	$(BIN)/pybabel -q compile -l $* -i $< -o $@.tmp
	mv $@.tmp $@

translations: update-translations compile-translations

lint: setup-dev
	$(BIN)/ruff check meetings tests
	$(BIN)/ruff format --check meetings tests
	$(BIN)/lint-imports

format: setup-dev
	$(BIN)/ruff check --fix meetings tests
	$(BIN)/ruff format meetings tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
