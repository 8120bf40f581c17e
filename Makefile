# cxresearch: two commands on a fresh machine
#   make report   creates .venv, installs, writes the HTML reports of the bundled survey to reports/
#   make test     lint, unit, doctest, CLI and notebook tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install report test test-fast lab lint browser benchmarks clean

$(STAMP): pyproject.toml requirements-lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# requirements-lock.txt pins the versions the tests last passed with (regenerate with
	# `$(BIN)/pip freeze --exclude-editable > requirements-lock.txt` after an upgrade)
	$(BIN)/python -m pip install --quiet -c requirements-lock.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

report: install
	$(BIN)/cx demo --out reports
	$(BIN)/cx batch notebooks/batches/by_region.yaml

# Debian's Chromium for the browser tests of the HTML reports (skipped when not root)
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	   fonts-dejavu-core >/dev/null) || echo "chromium could not be installed: browser tests skip"; \
	fi

lint: install
	$(BIN)/ruff check cxresearch tests $(wildcard benchmarks)

test: install browser lint
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

lab: install
	$(BIN)/python -m ipykernel install --sys-prefix --name cxresearch --display-name "Python (cxresearch)"
	# JupyterLab refuses to start as root (as in many containers) unless told it may
	$(BIN)/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

benchmarks: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf reports/*.html data/processed/*.parquet
