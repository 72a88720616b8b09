# Kiosk 110 — every entry point sets the machine up first (scripts/setup is idempotent).
VENV   := .venv
PY     := $(VENV)/bin/python
# Tests and benchmarks never need a display: Qt renders offscreen.
TESTENV := QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1

.PHONY: setup demo test lint unit bench screenshots clean

setup:
	@scripts/setup

demo: setup
	$(PY) -m devtools.demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# Lint, then every test; two workers for the two cores.
test: lint
	$(TESTENV) $(PY) -m pytest -n 2 --dist loadgroup -q

bench: setup
	$(TESTENV) $(PY) benchmarks/run_all.py

# Every screen, the technicians' screens, sample tickets and the command centre's pages.
screenshots: setup
	$(TESTENV) $(PY) -m devtools.kiosk_screens docs/screenshots
	$(TESTENV) $(PY) -m devtools.maintenance_screens docs/screenshots
	$(TESTENV) $(PY) -m simulators.printer_samples docs/screenshots
	$(TESTENV) $(PY) -m devtools.centre_screens docs/screenshots

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache var
