# Two commands on a fresh machine: `make run` and `make test`.
# Each creates the virtual environment .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= 127.0.0.1

$(VENV)/.run-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.run-installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

.PHONY: run test lint bench sample-data
run: $(VENV)/.run-installed
	$(PY) cli.py serve --port $(PORT) --address $(ADDRESS)

test: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -n 2

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(VENV)/.test-installed
	$(PY) bench/ingest.py
	$(PY) bench/pages.py

sample-data: $(VENV)/.test-installed
	$(PY) scripts/make_sample_data.py
