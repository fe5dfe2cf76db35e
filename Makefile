# Two commands do all the set-up (see README):
#   make serve   install what is needed and start the dashboard on the built-in data
#   make test    install the test dependencies (Debian chromium where missing), lint, and run every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: serve serve-offline test install install-test validate bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e .

serve: install
	$(PY) -m dashboard serve --port $(PORT)

serve-offline: install
	$(PY) -m dashboard serve --port $(PORT) --offline

install-test: $(PY)
	command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	$(PY) -m pip install --quiet -e '.[test]'

test: install-test
	$(PY) -m ruff check .
	$(PY) -m dashboard validate
	$(PY) -m pytest

validate: install
	$(PY) -m dashboard validate

bench: install
	$(PY) -m dashboard bench
