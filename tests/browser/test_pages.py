"""The sample site in a real browser: every page kind loads cleanly, is accessible, and search works."""
import pytest

from .conftest import assert_accessible, assert_clean
from .harness import PAGES

# As of 2026-11-21T09:00+08:00 (harness.AS_OF) these items have breached deadlines (see test_sample.py).
OVERDUE = ["FB-2026-0036", "FB-2026-0041", "FB-2026-0042", "FB-2026-0048", "FB-2026-0049", "FB-2026-0050"]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_loads_cleanly_and_is_accessible(page, path):
    page.open(path)
    assert page.locator("h1").first.is_visible(), f"{path}: no visible h1"
    assert_clean(page)
    assert_accessible(page)
    assert_clean(page)


def test_overdue_page_lists_the_overdue_items(page):
    page.open(PAGES["overdue"])
    text = page.locator("article").inner_text()
    missing = [i for i in OVERDUE if i not in text]
    assert not missing, f"missing from the overdue page: {missing}"
    for item in OVERDUE:  # each is a link to the item's page
        assert page.locator(f'article a[href*="items/{item}/"]').count() >= 1, item
    assert_clean(page)


def search(page, query: str) -> list[tuple[str, str]]:
    """Open the search dialog with the header's button, type ``query``; the results as (link, text),
    best first (the dialog's own list, site_theme/assets/fbr/search.js)."""
    page.locator('.md-header label[for="__search"]').first.click()
    box = page.locator(".fbr-search input.fbr-search__input")
    box.wait_for(state="visible")
    assert page.evaluate("document.activeElement.classList.contains('fbr-search__input')")
    box.fill(query)
    page.wait_for_function(
        """q => [...document.querySelectorAll('.fbr-search__message')].some(m => m.textContent.includes(q))
               && document.querySelector('.fbr-search__link')""", arg=query)
    results = []
    for item in page.locator(".fbr-search__result").all():
        href = item.locator("a.fbr-search__link").first.get_attribute("href") or ""
        results.append((href, item.inner_text()))
    return results


def test_search_finds_an_item_by_its_id(page):
    page.open(PAGES["dashboard"])
    results = search(page, "FB-2026-0036")
    href, text = results[0]
    assert href.endswith("/items/FB-2026-0036/") and "FB-2026-0036" in text, results[:3]
    assert_clean(page)


def test_search_finds_an_item_by_a_chinese_word_of_its_title(page):
    # FB-2026-0031 "网评称客房床上有臭虫": 臭虫 (bedbug) is one word; no other title has it.
    page.open(PAGES["dashboard"])
    results = search(page, "臭虫")
    href, text = results[0]
    assert href.endswith("/items/FB-2026-0031/") and "网评称客房床上有臭虫" in text, results[:3]
    assert_clean(page)


def test_search_opens_with_the_keyboard_and_closes_with_escape(page):
    page.open(PAGES["about"])
    page.keyboard.press("/")
    page.locator(".fbr-search input.fbr-search__input").wait_for(state="visible")
    page.keyboard.type("FB-2026-0036")
    page.locator(".fbr-search__link").first.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert not page.locator(".fbr-search").is_visible()
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")                     # reopens, with the query kept
    assert page.locator(".fbr-search input.fbr-search__input").input_value() == "FB-2026-0036"
    assert_accessible(page)
    assert_clean(page)


def test_a_page_that_is_not_searched_loads_no_index(page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.open(PAGES["dashboard"])
    assert not [u for u in requests if "/pagefind/" in u or "search_index.json" in u], requests
