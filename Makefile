# The two set-up commands (README): `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

# The browser tests (tests/browser) drive Debian's Chromium and inject axe-core from npm.
BROWSER_DIR   := tests/browser
CHROMIUM      := /usr/bin/chromium
BROWSER_STAMP := $(BROWSER_DIR)/node_modules/.installed
SHOTS         ?= /tmp/shots

.PHONY: site test test-browser screenshots install install-test browser-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@

install-test: $(VENV)/.installed-test

# $(call apt_install,PACKAGES): apt-get update + install, as root or through sudo; a clear message without apt.
apt_install = \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make: the browser tests need: $(1); apt-get is not available here, so install them yourself" >&2; \
	  echo "      (Chromium must be at $(CHROMIUM)), then run make again." >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
	else echo "make: installing $(1) needs root, and sudo is not available: run make as root or install them yourself." >&2; exit 1; \
	fi; \
	echo "make: installing $(1) with apt-get (needed by the browser tests)"; \
	$$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(1)

# Only when Chromium is missing (the file is the target, so an installed Chromium is never touched).
$(CHROMIUM):
	@$(call apt_install,chromium fonts-noto-cjk)
	@test -x $(CHROMIUM) || { echo "make: $(CHROMIUM) is still missing after installing chromium" >&2; exit 1; }

# axe-core, pinned by the committed lockfile; reinstalled only when the lockfile (or package.json) changes.
$(BROWSER_STAMP): $(BROWSER_DIR)/package-lock.json $(BROWSER_DIR)/package.json
	@command -v npm >/dev/null 2>&1 || { $(call apt_install,nodejs npm); }
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund
	touch $@

browser-deps: $(CHROMIUM) $(BROWSER_STAMP)

site: install
	$(VENV)/bin/fbreg build -d site
	@echo "Open $(CURDIR)/site/index.html, or run: $(VENV)/bin/mkdocs serve"

# FBREG_BROWSER_TESTS=required: a browser test that cannot run fails instead of being skipped.
test: install-test browser-deps
	FBREG_BROWSER_TESTS=required $(PY) -m pytest -q

test-browser: install-test browser-deps
	FBREG_BROWSER_TESTS=required $(PY) -m pytest -q $(BROWSER_DIR)

# Full-page screenshots of every page kind of the sample site (and print views) into $(SHOTS).
screenshots: install-test browser-deps
	$(PY) $(BROWSER_DIR)/screenshots.py $(SHOTS)

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis $(BROWSER_DIR)/node_modules
