# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local use: DEBUG on, secret key generated under var/. Production sets DEBUG=false and SECRET_KEY.
export DEBUG ?= true
# Feed and image URLs printed and published by `make run` point at this server unless SITE_URL says otherwise.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test lint format lock bench clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py feed_urls
	PIM_WEB_ADDRESS=$(HOST):$(PORT) $(BIN)/honcho start -f Procfile

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks, never part of `make test` (options and their defaults: bench/run.py). Catalogs go to databases named
# after DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pim_bench) plus the size (pim_bench_10000, ...),
# created on first use and kept for the next run. No DATABASE_URL is assigned here: a makefile that assigns it,
# even for one target, stops passing the caller's DATABASE_URL to every other recipe (`make test` ran on SQLite).
bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the lock file after changing pyproject.toml (needs network access to the package index).
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
