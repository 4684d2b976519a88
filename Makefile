# OKO Case: the two commands (`make run`, `make test`) and the benchmarks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := plugins/sverdlovsk plugins/krasnoyarsk
SETUP_FILES := setup.cfg pyproject.toml $(addsuffix /setup.cfg,$(PLUGINS))

.PHONY: run test test-quick bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python $(SETUP_FILES)
	$(BIN)/pip install -q -e . $(addprefix -e ,$(PLUGINS))
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

## make run: install, create the demo database if there is none, serve on 127.0.0.1:6543
run: $(VENV)/.installed
	mkdir -p var
	$(BIN)/oko -c development.ini demo --if-empty
	$(BIN)/pserve development.ini

## make test: the whole suite, browser and PostgreSQL tests included
test: $(VENV)/.installed-test chromium
	$(BIN)/pytest -q -p no:cacheprovider

## make test-quick: only the quick tests (no slow, browser or PostgreSQL ones)
test-quick: $(VENV)/.installed-test
	$(BIN)/pytest -q -p no:cacheprovider -m "not slow and not browser and not postgres"

## make bench: every benchmark of the issues, as a table and var/bench/results.json
bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench

.PHONY: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -q && apt-get install -y -q chromium) >/dev/null 2>&1 || \
	  echo "chromium could not be installed: the browser tests will say so and skip"; }

clean:
	rm -rf $(VENV) var/bench build *.egg-info
