# Every target sets up what it needs: `make test` on a fresh machine creates .venv and installs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
RT := $(VENV)/bin/refactor-tools
STAMP := $(VENV)/.installed
ENABLED_MODULES ?= all
HOST ?= 127.0.0.1
PORT ?= 8000
OUT ?= .

.PHONY: install dev test test-fast test-boundaries test-shared test-datafeed test-broker test-integration \
        test-module export-openapi-spec export-asyncapi-spec demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

dev: install
	ENABLED_MODULES=$(ENABLED_MODULES) $(PY) -m uvicorn trading_api.main:app --host $(HOST) --port $(PORT) --reload

# The whole suite, in parallel.
test: install
	$(RT) check-boundaries
	$(PYTEST) -n auto -q

# Import rules of [tool.refactor-tools.boundaries]: zero violations, empty baseline.
test-boundaries: install
	$(RT) check-boundaries

# One suite per target, each in parallel. A module's suite runs with the isolation guard of the
# refactor-tools pytest plugin: it fails if code of another module was imported.
test-shared: install
	$(PYTEST) -n auto -q src/trading_api/shared

test-datafeed: install
	$(PYTEST) -n auto -q --isolated-module datafeed src/trading_api/modules/datafeed

test-broker: install
	$(PYTEST) -n auto -q --isolated-module broker src/trading_api/modules/broker

# Any module of the registry: make test-module MODULE=<name> (CI derives the list from the registry).
test-module: install
	@test -n "$(MODULE)" || { echo "usage: make test-module MODULE=<name>; modules: $$($(PY) -m trading_api.shared.module_registry)" >&2; exit 2; }
	$(PYTEST) -n auto -q --isolated-module $(MODULE) src/trading_api/modules/$(MODULE)

test-integration: install
	$(PYTEST) -n auto -q tests/integration

export-openapi-spec: install
	$(PY) -m trading_api.scripts.export_openapi_spec $(OUT)/openapi.json

export-asyncapi-spec: install
	$(PY) -m trading_api.scripts.export_asyncapi_spec $(OUT)/asyncapi.json

# The main job: migrate the bundled legacy monolith, phase by phase, in a fresh git repository
# (a new temp directory, or DEMO_DIR=<new or empty dir>).
demo: install
	$(RT) demo $(if $(DEMO_DIR),--workdir $(DEMO_DIR),)

clean:
	rm -rf $(VENV) .pytest_cache .refactor-tools build dist src/*.egg-info
