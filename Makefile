# OKO Case: the two commands (`make run`, `make test`) and the benchmarks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := plugins/sverdlovsk plugins/krasnoyarsk
SETUP_FILES := setup.cfg pyproject.toml $(addsuffix /setup.cfg,$(PLUGINS))

.PHONY: run test test-quick bench bench-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python $(SETUP_FILES)
	$(BIN)/pip install -q -e . $(addprefix -e ,$(PLUGINS))
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

## make run: install, create the demo database if there is none (or bring an older one up to date), serve on 127.0.0.1:6543
run: $(VENV)/.installed
	mkdir -p var
	$(BIN)/oko -c development.ini demo --if-empty
	$(BIN)/oko -c development.ini evolve
	$(BIN)/pserve development.ini

## make test: the whole suite, browser and PostgreSQL tests included
test: $(VENV)/.installed-test system-deps
	$(BIN)/pytest -q -p no:cacheprovider

## make test-quick: only the quick tests (no slow, browser or PostgreSQL ones)
test-quick: $(VENV)/.installed-test
	$(BIN)/pytest -q -p no:cacheprovider -m "not slow and not browser and not postgres"

## make bench: every benchmark of the issues, as a table and var/bench/results.json
bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench

## make bench-load: only the national load over HTTP (and the national database it needs) and 1 vs 2 processes on PostgreSQL and ZEO; `make bench` runs them too
bench-load: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench -k bench_load -k bench_scaleout

# Debian's chromium (browser tests), LibreOffice (templates convert to PDF) and OpenLDAP's slapd (the
# directory log-in's test starts one);
# a test that needs a missing one says so and skips.
.PHONY: system-deps
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	[ -x /usr/sbin/slapd ] || missing="$$missing slapd"; \
	command -v ldapsearch >/dev/null 2>&1 || missing="$$missing ldap-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's$$missing for the tests"; \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing) >/dev/null 2>&1 || \
	  echo "Could not install$$missing: the tests that need them will say so and skip"; \
	fi

clean:
	rm -rf $(VENV) var/bench build *.egg-info
