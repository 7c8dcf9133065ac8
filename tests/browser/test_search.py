"""Search over hostile item text, in a real browser: results show the text, never run it."""
import datetime as dt
import sys
from pathlib import Path

import pytest

from generator.engine import build_site

from .conftest import assert_clean
from .harness import VIEWPORT, Recorder, serve
from .test_pages import search

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_site import make_project  # noqa: E402


@pytest.fixture(scope="module")
def hostile_origin(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile"), hostile=True)
    site = build_site(str(root / "mkdocs.yml"), str(root / "site"),
                      as_of=dt.datetime(2026, 11, 21, 9, tzinfo=dt.timezone.utc))
    with serve(site) as origin:
        yield origin


def test_hostile_text_in_results_stays_text(browser, hostile_origin):
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    recorder = Recorder(hostile_origin)
    recorder.attach(context, page)
    page.fbreg_recorder = recorder
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_origin + "/", wait_until="networkidle")
    for query in ("onerror", "Lobby", "javascript"):
        results = search(page, query)
        assert any(href.endswith("/items/QF-2026-0002/") for href, _ in results), (query, results)
        found = page.locator(".pagefind-ui__results")
        assert found.locator("img, script, iframe, b, a[href^='javascript']").count() == 0, found.inner_html()
        assert "<script>alert(2)</script>" in found.inner_text() or "alert(2)" in found.inner_text()
        page.keyboard.press("Escape")
    assert dialogs == []
    assert_clean(page)
    context.close()


def test_the_content_security_policy_holds(browser, site_origin):
    """Every page kind and the search work under the site's policy (no violation is logged), and an
    inline script is refused."""
    from .harness import PAGES

    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    recorder = Recorder(site_origin)
    recorder.attach(context, page)
    page.fbreg_recorder = recorder
    for path in PAGES.values():
        page.goto(site_origin + path, wait_until="networkidle")
        assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in page.locator(
            'meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert_clean(page)
    page.keyboard.press("/")
    box = page.locator(".fbr-search input.pagefind-ui__search-input")
    box.fill("臭虫")
    page.locator('.pagefind-ui__result-link[href$="/items/FB-2026-0031/"]').wait_for()   # WebAssembly ran
    assert_clean(page)
    page.evaluate("""() => { const s = document.createElement("script");      // as content's inline script
                             s.textContent = "window.fbrInjected = 1"; document.body.appendChild(s); }""")
    assert page.evaluate("window.fbrInjected") is None
    assert any("Content Security Policy" in p for p in recorder.new_problems())
    context.close()
