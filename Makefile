# Kiosk 110 — every entry point sets the machine up first (scripts/setup is idempotent).
VENV   := .venv
PY     := $(VENV)/bin/python
# Tests and benchmarks never need a display: Qt renders offscreen.
TESTENV := QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1

.PHONY: setup demo test lint unit bench screenshots cage-screenshots lock wheelhouse clean \
        centre-translations alert-sound

setup:
	@scripts/setup

demo: setup
	$(PY) -m devtools.demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# Lint, then every test; two workers for the two cores; the 20 slowest are printed.
test: lint
	$(TESTENV) $(PY) -m pytest -n 2 --dist loadgroup -q --durations=20

bench: setup
	$(TESTENV) $(PY) benchmarks/run_all.py

# Every screen, the technicians' screens, sample tickets and the command centre's pages.
screenshots: setup
	$(TESTENV) $(PY) -m devtools.kiosk_screens docs/screenshots
	$(TESTENV) $(PY) -m devtools.maintenance_screens docs/screenshots
	$(TESTENV) $(PY) -m simulators.printer_samples docs/screenshots
	$(TESTENV) $(PY) -m devtools.centre_screens docs/screenshots

# The operator pages' catalogues (Bahasa Indonesia, English): extract, merge, compile.
# Translate what is new in command_center/locale/id/LC_MESSAGES/messages.po, run again.
centre-translations: setup
	$(PY) -m devtools.centre_translations

# The operators' emergency alarm sound, made from numbers (devtools/alert_sound.py).
alert-sound: setup
	$(PY) -m devtools.alert_sound

# The public screens under real cage (grim; needs root for the throw-away user).
cage-screenshots: setup
	$(TESTENV) $(PY) -m devtools.cage_screens docs/screenshots

# Relock after changing a dependency in pyproject.toml (needs the package index).
lock: setup
	scripts/lock

# The kiosk's release wheelhouse: copy it to the kiosk beside the checkout, then
# `sudo scripts/install --wheelhouse DIR` there (docs/deploy.md). Same for the centre.
wheelhouse: setup
	scripts/wheelhouse --target kiosk --out dist/wheelhouse-kiosk
	scripts/wheelhouse --target server --out dist/wheelhouse-server

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache var dist
