# Two commands are the contract (see README): `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean system-packages load api-check fuzz

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/arna demo --out out

# Chromium and PostgreSQL from Debian, for the dashboard and PostgreSQL-store tests.
system-packages:
	./.ci/system-packages

test: $(STAMP) system-packages
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

# 10,000 mutated documents (bundled models and Pywr cases), fixed seed: totals by outcome; 0 failures expected.
FUZZ_COUNT ?= 10000
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run --count $(FUZZ_COUNT) --seed 16 --workers 2 --failures out/fuzz-failures.jsonl

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache

# Benchmarks against Pywr 1.31.1 (a benchmark-only dependency, in its own venv).
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml
	$(PY) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e '.[bench]'
	touch $@

# Arna is installed editable: its modules are compiled first, as installing a wheel does (with
# PYTHONDONTWRITEBYTECODE=1 in the environment no .pyc is ever written, and every `arna run` compiled
# ~80 modules again: ~0.3 s of CPU). Pywr, installed normally, has its .pyc files.
bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python -m compileall -q src
	$(BENCH_VENV)/bin/python benchmarks/bench.py

# The service under load on loopback: 100 clients for 60 s reading runs, results and indicators while
# two runs execute, then issue 16's attacks with /health watched (tools/load.py; docs/service.md).
load: $(STAMP)
	$(BIN)/python tools/load.py --clients 100 --duration 60

# schemathesis with all its checks against a running service (tools/service_check.py).
api-check: $(STAMP)
	$(BIN)/python tools/service_check.py
