"""Real-browser fixtures: the sample site built once, served on 127.0.0.1, opened in Debian's Chromium.

Without /usr/bin/chromium (or without playwright) the browser tests are skipped, unless
FBREG_BROWSER_TESTS=required (``make test`` sets it): then they fail.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .harness import (AS_OF, AXE_JS, CHROMIUM, VIEWPORT, Recorder, browser_tests_required, build_sample_site,
                      describe_violations, launch, run_axe, serve)


def unavailable(reason: str):
    if browser_tests_required():
        pytest.fail(f"{reason} (FBREG_BROWSER_TESTS=required)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} not found: install it with `apt-get install chromium fonts-noto-cjk` (make test does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: pip install -e '.[test]' (make test does)")
    with sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The sample register's site, built once per session as of AS_OF."""
    return build_sample_site(tmp_path_factory.mktemp("sample-site") / "site", AS_OF)


@pytest.fixture(scope="session")
def site_origin(site_dir):
    """The served site's origin, e.g. ``http://127.0.0.1:41234``."""
    with serve(site_dir) as origin:
        yield origin


@pytest.fixture
def page(browser, site_origin):
    """A page in a fresh context, recording console errors, uncaught exceptions and other-origin requests.

    ``page.open(path)`` loads a path of the served site. Anything recorded that the test did not
    check with ``assert_clean(page)`` fails the test at teardown.
    """
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the site's policy forbids;
    # test_search.py::test_the_content_security_policy_holds checks the policy itself
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    recorder = Recorder(site_origin)
    recorder.attach(context, page)
    page.fbreg_recorder = recorder
    page.open = lambda path: _open(page, site_origin, path)
    yield page
    context.close()
    left = recorder.new_problems()
    if left:
        pytest.fail("unchecked browser problems:\n" + "\n".join(left), pytrace=False)


def _open(page, origin: str, path: str):
    response = page.goto(origin + path, wait_until="networkidle")
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else 'no response'}"
    return response


def assert_clean(page) -> None:
    """No console errors, no uncaught exceptions and no requests to other origins since the last check."""
    problems = page.fbreg_recorder.new_problems()
    if problems:
        raise AssertionError(f"{page.url}:\n" + "\n".join(problems))


def axe(page) -> list[dict]:
    """The page's serious and critical axe-core violations (each a dict: id, impact, help, helpUrl, nodes)."""
    if not AXE_JS.exists():
        unavailable(f"{AXE_JS} not found: run `npm ci` in tests/browser (make test does)")
    return run_axe(page)


def assert_accessible(page) -> None:
    violations = axe(page)
    if violations:  # raised, not asserted: pytest's repr of the list would bury the readable message
        raise AssertionError(f"{page.url}: axe found serious/critical violations:\n" + describe_violations(violations))
