# Two commands set up everything on a fresh machine: `make play` and `make test`.
# `make quick` is the loop while working: everything but the slow and end-to-end tests
# (`make test` runs them all). Its time on 2 cores is in docs/performance.md, "Test suite":
# 55.7 s for the whole target (pytest 54.6 s, 1,177 tests) on a quiet machine, 2026-12-04.
PYTHON ?= python3
# Python keeps each module's bytecode beside it, so a process after the first skips
# compiling. An environment that turns that off (PYTHONDONTWRITEBYTECODE) makes every
# process compile the game again: the suite starts some 400 of them, and its hostile
# stories took 60 s of CPU without the cache against 38 s with it (2026-12-03).
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Three pytest workers per core: the tests spend much of their time waiting (a TUI test
# waits for a quiet 20 ms after every key, on the story loading in a thread, on timers,
# on the subprocesses of the end-to-end tests), and more workers fill those waits. On 2
# cores, quiet (2026-12-04, alternating): `make quick`'s pytest took 56.5-57.8 s with six
# workers against 60.8-62.0 s with four, and the whole suite 138 s against 154 s. (On
# 2026-12-02, with fewer TUI tests, four had beaten six.)
# loadgroup keeps an xdist_group's tests on one worker, so the wheel is built once
# (tests/e2e/test_wheel_install.py) and the campaign's proof is made once
# (story_helpers.campaign_proof).
WORKERS := $(shell $(PYTHON) -c 'import os; print(3 * (os.cpu_count() or 1))' 2>/dev/null || echo 3)
# The campaign's proof takes about 9 s of CPU on a quiet core, 20 s beside other work;
# the playtest's default 60-s limit is for a writer at the keyboard. A check must prove
# the whole story, not stop early because the machine is busy, so it gets ten minutes.
PROOF_LIMIT := --time-limit 600
PYTEST_PARALLEL ?= -n $(WORKERS) --dist loadgroup
# Test folders in memory where the machine has room there (2 GB; the wheel test installs
# a venv): every save is fsynced, and an fsync on a busy disk can stall a test for seconds.
SHM_FREE := $(shell df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $$4 }')
PYTEST := $(if $(shell [ "$(SHM_FREE)" -gt 2000000 ] 2>/dev/null && echo y),TMPDIR=/dev/shm )$(BIN)/python -m pytest

.PHONY: play test quick typecheck lint format check bench dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

play: $(STAMP)
	$(BIN)/deniable

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/deniable check --strict scenes
	$(BIN)/deniable playtest --story scenes $(PROOF_LIMIT)
	$(MAKE) --no-print-directory dist
	$(PYTEST) $(PYTEST_PARALLEL)

quick: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PYTEST) $(PYTEST_PARALLEL) -m "not slow and not e2e"

# mypy, strict over the whole package (pyproject.toml [tool.mypy]); `make test` and
# `make quick` run it too.
typecheck: $(TEST_STAMP)
	$(BIN)/mypy

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)
	$(BIN)/deniable check --strict scenes
	$(BIN)/deniable playtest --story scenes $(PROOF_LIMIT)

# The sdist and wheel a packager would build, checked as PyPI would read their metadata.
dist: $(TEST_STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist . >/dev/null
	$(BIN)/twine check --strict dist/*

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
