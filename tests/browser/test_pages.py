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
    """Type ``query`` into Material's search; the results as (link, text), best first.

    The search index separates words with zero-width spaces (jieba's segmentation); they are removed.
    """
    box = page.locator("input.md-search__input")
    box.click()  # at 1280 px the search box is in the header; clicking it opens the search
    box.fill(query)
    box.press("End")  # Material reads the query on keyup; fill() alone (like an IME) sends none
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="visible")
    results = []
    for item in items.all():
        href = item.locator("a.md-search-result__link").first.get_attribute("href") or ""
        results.append((href, item.inner_text().replace("\u200b", "")))
    return results


def test_search_finds_an_item_by_its_id(page):
    page.open(PAGES["dashboard"])
    results = search(page, "FB-2026-0036")
    href, text = results[0]
    assert href.endswith("/items/FB-2026-0036/") and "FB-2026-0036" in text, results[:3]
    assert_clean(page)


def test_search_finds_an_item_by_a_chinese_word_of_its_title(page):
    # FB-2026-0031 "网评称客房床上有臭虫": jieba makes 臭虫 (bedbug) one word; no other title has it.
    page.open(PAGES["dashboard"])
    results = search(page, "臭虫")
    href, text = results[0]
    assert href.endswith("/items/FB-2026-0031/") and "网评称客房床上有臭虫" in text, results[:3]
    assert_clean(page)
