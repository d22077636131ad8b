# Every target sets up what it needs: `make test` on a fresh machine creates .venv and installs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
RT := $(VENV)/bin/refactor-tools
STAMP := $(VENV)/.installed
# The dev environment's lock: exact versions of every third-party package `make install` puts in
# .venv. `make install CONSTRAINTS=` resolves the newest allowed versions instead (a CI job does);
# `make lock` rewrites the file from such a resolution.
CONSTRAINTS ?= constraints.txt
ENABLED_MODULES ?= all
HOST ?= 127.0.0.1
PORT ?= 8000
OUT ?= .

.PHONY: install lock dev test test-fast test-boundaries test-shared test-datafeed test-broker test-integration \
        test-module export-openapi-spec export-asyncapi-spec demo bench clean

install: $(STAMP)

# Both distributions of this repository, editable: refactor-tools (with the dev tools) and the
# Trading API (trading_api + typed_ws, from distributions/trading-api).
$(STAMP): pyproject.toml distributions/trading-api/pyproject.toml $(CONSTRAINTS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# The former single distribution (trading-api-refactor) would still be found: remove it.
	rm -rf src/*.egg-info
	$(PY) -m pip uninstall --quiet --yes trading-api-refactor 2>/dev/null || true
	$(PY) -m pip install --quiet --upgrade $(if $(CONSTRAINTS),-c $(CONSTRAINTS),) pip
	$(PY) -m pip install --quiet $(if $(CONSTRAINTS),-c $(CONSTRAINTS),) -e '.[dev]' -e distributions/trading-api
	@touch $(STAMP)

# Resolve the newest allowed versions in a scratch venv and write them to constraints.txt.
lock:
	rm -rf .venv-lock src/*.egg-info
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[dev]' -e distributions/trading-api
	{ echo "# The dev environment's lock (make lock writes it; make install uses it). Python 3.11."; \
	  .venv-lock/bin/python -m pip freeze --all --exclude-editable | grep -v -i -E '^(setuptools|wheel)==| @ '; \
	} > constraints.txt
	rm -rf .venv-lock

dev: install
	ENABLED_MODULES=$(ENABLED_MODULES) $(PY) -m uvicorn trading_api.main:app --host $(HOST) --port $(PORT) --reload

# The whole suite, in parallel, a file per worker (the end-to-end files each share one demo run,
# so no worker waits on another's), the heaviest files first (conftest.py orders them by their
# `slow(seconds=N)` marks); the slowest tests are listed at the end.
test: install
	$(RT) check-boundaries
	$(PYTEST) -n auto --dist loadfile --no-loadscope-reorder -q --durations=15

# The edit-test loop: everything but the files and tests marked `slow` (the two end-to-end demo
# runs, the clean-venv wheel install, the SQL example's symbol moves, the load tests). It is not
# the proof: `make test` runs those too.
test-fast: install
	$(PYTEST) -n auto --dist loadfile --no-loadscope-reorder -q -m "not slow"

# Import rules of [tool.refactor-tools.boundaries]: zero violations, empty baseline.
test-boundaries: install
	$(RT) check-boundaries

# One suite per target, each in parallel. A module's suite runs with the isolation guard of the
# refactor-tools pytest plugin: it fails if code of another module was imported.
# These suites use neither hypothesis nor schemathesis (only tests/app does): their pytest plugins
# stay off, about 0.75 s of imports saved in each of the three processes of a run.
MODULE_PYTEST := $(PYTEST) -n auto -q -p no:hypothesispytest -p no:schemathesis
test-shared: install
	$(MODULE_PYTEST) src/trading_api/shared

test-datafeed: install
	$(MODULE_PYTEST) --isolated-module datafeed src/trading_api/modules/datafeed

test-broker: install
	$(MODULE_PYTEST) --isolated-module broker src/trading_api/modules/broker

# Any module of the registry: make test-module MODULE=<name> (CI derives the list from the registry).
test-module: install
	@test -n "$(MODULE)" || { echo "usage: make test-module MODULE=<name>; modules: $$($(PY) -m trading_api.shared.module_registry)" >&2; exit 2; }
	$(MODULE_PYTEST) --isolated-module $(MODULE) src/trading_api/modules/$(MODULE)

test-integration: install
	$(MODULE_PYTEST) tests/integration

export-openapi-spec: install
	$(PY) -m trading_api.scripts.export_openapi_spec $(OUT)/openapi.json

export-asyncapi-spec: install
	$(PY) -m trading_api.scripts.export_asyncapi_spec $(OUT)/asyncapi.json

# The main job: migrate the bundled legacy monolith, phase by phase, in a fresh git repository
# (a new temp directory, or DEMO_DIR=<new or empty dir>). EXAMPLE=sql migrates the
# database-backed monolith with its own plan instead (EXAMPLE=trading is the default).
demo: install
	$(RT) demo $(if $(EXAMPLE),--example $(EXAMPLE),) $(if $(DEMO_DIR),--workdir $(DEMO_DIR),)

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache .refactor-tools build dist src/*.egg-info
