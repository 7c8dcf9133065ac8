# The two set-up commands (README): `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

# Installs come from the committed locks (requirements/*.lock, every file pinned by hash), so a fresh
# clone gets exactly what CI passed with. `make lock` refreshes them from pyproject.toml's ranges;
# `make test-newest` runs the tests on the newest releases those ranges allow, without the locks.
SITE_LOCK := requirements/site.lock
TEST_LOCK := requirements/test.lock
UV_VERSION ?= 0.13.9
TOOLS     := .venv-tools
COMPILE   = $(TOOLS)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
            --custom-compile-command "make lock" pyproject.toml requirements/build.in

# The browser tests (tests/browser) drive Debian's Chromium and inject axe-core from npm.
BROWSER_DIR   := tests/browser
CHROMIUM      := /usr/bin/chromium
BROWSER_STAMP := $(BROWSER_DIR)/node_modules/.installed
SHOTS         ?= /tmp/shots

.PHONY: site test test-browser test-newest screenshots install install-test browser-deps lock clean

# The locked packages (hash-checked), then the project itself without resolving anything again
# (--no-deps; --no-build-isolation builds it with the locked hatchling, not whatever is newest).
$(VENV)/.installed: pyproject.toml $(SITE_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r $(SITE_LOCK)
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed $(TEST_LOCK)
	$(PIP) install --require-hashes -r $(TEST_LOCK)
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

# The newest releases pyproject.toml allows, no lock, in a venv of their own: the weekly scheduled CI job
# (newest-dependencies), so that a release that breaks us reaches us before it reaches a user.
test-newest: browser-deps
	rm -rf .venv-newest
	$(PYTHON) -m venv .venv-newest
	.venv-newest/bin/python -m pip --disable-pip-version-check -q install --upgrade pip
	.venv-newest/bin/python -m pip --disable-pip-version-check -q install --upgrade --upgrade-strategy eager -e '.[test]'
	@echo "make: the newest allowed releases:"; .venv-newest/bin/python -m pip --disable-pip-version-check freeze --exclude-editable
	FBREG_BROWSER_TESTS=required .venv-newest/bin/python -m pytest -q -p no:cacheprovider

# Refresh the locks from pyproject.toml (and requirements/build.in): run after changing a dependency
# and commit the locks with that change. uv resolves for every platform and pins every file by hash.
lock:
	test -x $(TOOLS)/bin/uv || { $(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/python -m pip -q --disable-pip-version-check install "uv==$(UV_VERSION)"; }
	$(COMPILE) --extra test --extra holidays -o $(TEST_LOCK)
	$(COMPILE) -c $(TEST_LOCK) -o $(SITE_LOCK)

test-browser: install-test browser-deps
	FBREG_BROWSER_TESTS=required $(PY) -m pytest -q $(BROWSER_DIR)

# Full-page screenshots of every page kind of the sample site (and print views) into $(SHOTS).
screenshots: install-test browser-deps
	$(PY) $(BROWSER_DIR)/screenshots.py $(SHOTS)

clean:
	rm -rf $(VENV) .venv-newest $(TOOLS) site .pytest_cache .hypothesis $(BROWSER_DIR)/node_modules
