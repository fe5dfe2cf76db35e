# Two commands do all the set-up (see README):
#   make serve   install what is needed and start the dashboard on the built-in data
#   make test    install the test dependencies (Debian chromium, PostGIS, nginx where missing), lint, and run every test
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

# Debian packages the tests need, installed only where missing: chromium (browser tests),
# PostgreSQL with PostGIS (the shared store's tests run a throwaway cluster) and nginx (the balancer tests).
DEB_TEST_PACKAGES = chromium postgresql-15-postgis-3 nginx-light
POSTGIS_CONTROL = /usr/share/postgresql/15/extension/postgis.control

install-test: $(PY)
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -f $(POSTGIS_CONTROL) ] || missing="$$missing postgresql-15-postgis-3"; \
	command -v nginx >/dev/null 2>&1 || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	$(PY) -m pip install --quiet -e '.[test]'

test: install-test
	$(PY) -m ruff check .
	$(PY) -m dashboard validate
	$(PY) -m dashboard bench --check
	$(PY) -m pytest

validate: install
	$(PY) -m dashboard validate

bench: install
	$(PY) -m dashboard bench
