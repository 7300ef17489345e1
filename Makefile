# invest-kg: set up, build, test, measure.
#   make all    set everything up, build and validate the graph, answer the competency
#               questions and write the exports to out/ (the embedded default)
#   make test   set everything up and run the whole test suite
#   make bench  measure invest-kg against plain rdflib and raw pyoxigraph (not part of tests)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
# Debian packages the tests and exports use: Graphviz's dot, headless Chromium, Virtuoso.
DEBS   := graphviz chromium virtuoso-opensource

.PHONY: all setup venv system assets run test lint bench clean

all: setup run

setup: venv system assets

venv: $(BIN)/kg

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

system:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The HTML export embeds cytoscape.js from the npm package pinned in package-lock.json;
# the library and its licence are copied next to the exporters, never committed.
VENDOR := kg/export/vendor

assets: $(VENDOR)/cytoscape.min.js

$(VENDOR)/cytoscape.min.js: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian package: npm"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null; }
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/cytoscape.min.js.tmp
	cp node_modules/cytoscape/LICENSE $(VENDOR)/cytoscape.LICENSE
	mv $(VENDOR)/cytoscape.min.js.tmp $@

run: venv assets
	$(BIN)/kg build --out $(OUT)
	$(BIN)/kg answers --out $(OUT)
	$(BIN)/kg export --all --build $(OUT) --out $(OUT)/exports

test: setup
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/mypy

bench: venv
	$(BIN)/python -m kg.bench --out $(OUT)/bench

clean:
	rm -rf $(OUT) dist build .pytest_cache
