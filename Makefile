# The two set-up commands (README): `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: site test install install-test clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@

install-test: $(VENV)/.installed-test

site: install
	$(VENV)/bin/fbreg build -d site
	@echo "Open $(CURDIR)/site/index.html, or run: $(VENV)/bin/mkdocs serve"

test: install-test
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis
