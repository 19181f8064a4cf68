# Two commands for people: `make run` and `make test`. Both build .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STORE ?= .demo-store
ARGS ?=

.PHONY: run test demo lint bench package package-test clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@if [ "$$(uname)" = "Linux" ] && [ -z "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ]; then \
	  echo "No screen found (neither DISPLAY nor WAYLAND_DISPLAY is set)."; \
	  echo "Run it on a desktop, or offscreen (nothing will be visible) with:"; \
	  echo "  QT_QPA_PLATFORM=offscreen make run"; \
	  echo "or under a virtual screen: xvfb-run make run"; \
	  exit 1; \
	fi
	$(BIN)/facilitator-app $(ARGS)

# Fictional data to explore: the passphrase is printed, it protects nothing real.
demo: $(STAMP)
	@test -e $(DEMO_STORE)/keys.json || \
	  FACILITATOR_APP_PASSPHRASE="demo passphrase only" $(BIN)/facilitator-app demo --store $(DEMO_STORE)
	@echo "Demo store: $(DEMO_STORE)   passphrase: demo passphrase only"
	$(MAKE) run ARGS="--store $(DEMO_STORE)"

lint: $(STAMP)
	$(BIN)/ruff check facilitator_app tests benchmarks packaging
	$(BIN)/ruff format --check facilitator_app tests benchmarks packaging
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

# Every benchmark at full size (a few minutes); the table is printed and kept as JSON.
# BENCH_ARGS adds options, e.g. BENCH_ARGS="--dataset .bench/dataset --only lists".
BENCH_ARGS ?=
bench: $(STAMP)
	mkdir -p .bench
	$(BIN)/python -m benchmarks --json .bench/latest.json $(BENCH_ARGS)

# The Linux download in dist/ (packaging/README.md); PRODUCT_NAME="..." for a neutral name.
PACKAGE_STAMP := $(VENV)/.package-stamp
$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	PYTHON=$(BIN)/python bash packaging/linux/build.sh

# Builds, then checks the download as a volunteer would use it (packaging/smoke_test.py).
package-test: package
	$(BIN)/python packaging/smoke_test.py "$$(ls -t dist/*-linux-*.tar.gz | head -n 1)"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
