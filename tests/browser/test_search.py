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
        found = page.locator(".fbr-search__results")
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
    box = page.locator(".fbr-search input.fbr-search__input")
    box.fill("臭虫")
    page.locator('.fbr-search__link[href$="/items/FB-2026-0031/"]').wait_for()   # WebAssembly ran (in the worker)
    assert_clean(page)
    page.evaluate("""() => { const s = document.createElement("script");      // as content's inline script
                             s.textContent = "window.fbrInjected = 1"; document.body.appendChild(s); }""")
    assert page.evaluate("window.fbrInjected") is None
    assert any("Content Security Policy" in p for p in recorder.new_problems())
    context.close()


# A fixed set of queries over the sample register: the item each must return first, and every item
# it must return (found by reading the items: each has every character pair of the query in its
# title, description, analysis, actions, reply or location; the id query also finds the page that names it).
QUERIES = {
    "臭虫": ("FB-2026-0031", {"FB-2026-0031"}),                    # a word of one title
    "油烟": ("FB-2026-0036", {"FB-2026-0036"}),                    # cut differently by Pagefind's and ICU's dictionaries
    "空调 噪音": ("FB-2026-0051", {"FB-2026-0051"}),                # two words: both must be there (噪音 alone: three items)
    "FB-2026-0036": ("FB-2026-0036", {"FB-2026-0036", "/about/"}),  # an id: the item itself first
    "烟": ("FB-2026-0050", {"FB-2026-0050", "FB-2026-0036", "FB-2025-0009"}),   # one character: 吸烟, 油烟, 烟感
    "1208房空调": ("FB-2026-0051", {"FB-2026-0051"}),               # Chinese and ASCII mixed
    "B1车库": ("FB-2025-0003", {"FB-2025-0003"}),
    "羊毛衫": ("FB-2026-0028", {"FB-2026-0028"}),                   # three characters: 羊毛 and 毛衫
    "空调 臭虫": (None, set()),                                      # in different items (and shards): none
}


def _found(href: str) -> str:
    from urllib.parse import urlsplit

    path = urlsplit(href).path
    return path.rstrip("/").rsplit("/", 1)[-1] if "/items/" in path else path


@pytest.mark.parametrize("query", QUERIES)
def test_search_returns_the_right_items_first(page, query):
    from .test_pages import search

    first, expected = QUERIES[query]
    page.open("/")
    if first is None:
        page.locator('.md-header label[for="__search"]').first.click()
        page.locator(".fbr-search__input").fill(query)
        page.wait_for_function("q => document.querySelector('.fbr-search__message').textContent.includes(q)", arg=query)
        assert page.locator(".fbr-search__result").count() == 0
        assert_clean(page)
        return
    results = search(page, query)
    found = [_found(href) for href, _ in results]
    assert found[0] == first, (query, found)
    assert set(found) == expected, (query, found)
    assert_clean(page)


def test_excerpts_show_the_original_text_with_the_query_marked(page):
    from .test_pages import search

    page.open("/")
    results = search(page, "空调")
    assert results[0][0].endswith("/items/FB-2026-0051/")
    excerpt = page.locator(".fbr-search__excerpt").first
    # the text as written (spaces beside ASCII kept, no pairs), the query's characters marked
    assert "客人 21:40 来电:房间空调开启后有持续的" in excerpt.inner_text()
    assert excerpt.locator("mark").all_inner_texts()[:1] == ["空调"]
    assert_clean(page)
