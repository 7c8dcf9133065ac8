"""What the site's script does in a real browser: ledger filters and sorting over the whole register,
filters kept in the address, the overdue page re-checked against the reader's clock, and search for
the register's own words."""
import datetime as dt
import re

from .conftest import assert_clean
from .harness import PAGES
from .test_pages import search


def ledger_ids(page) -> list[str]:
    return page.locator("table.fbr-ledger tbody tr td:nth-child(2)").all_inner_texts()


def wait_rows(page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('table.fbr-ledger tbody tr').length === {count}")


def test_ledger_filters_narrow_the_rows_and_clear_restores_them(page):
    page.open(PAGES["ledger"])
    everything = ledger_ids(page)
    assert len(everything) == 66
    form = page.locator("form.fbr-filter")
    assert form.is_visible()                                  # hidden without the script
    form.locator("select[name=department]").select_option("engineering")
    wait_rows(page, 10)
    departments = set(page.locator("table.fbr-ledger tbody tr td:nth-child(7)").all_inner_texts())
    assert departments == {"工程部"}
    assert "department=engineering" in page.url and "10" in form.locator(".fbr-count").inner_text()
    form.locator("input[name=q]").fill("空调")
    wait_rows(page, 1)
    assert "空调" in page.locator("table.fbr-ledger tbody tr td:nth-child(6)").inner_text()
    form.locator("button[type=reset]").click()
    wait_rows(page, 66)
    assert ledger_ids(page) == everything and "?" not in page.url
    assert_clean(page)


def test_ledger_filters_combine_and_come_from_the_address(page):
    page.open(PAGES["ledger"] + "?status=open&severity=major&year=2026")
    page.wait_for_function("document.querySelector('.fbr-count').textContent !== ''")
    ids = ledger_ids(page)
    assert ids and all(i.startswith("FB-2026-") for i in ids)
    severities = set(page.locator("table.fbr-ledger tbody tr td:nth-child(8)").all_inner_texts())
    statuses = set(page.locator("table.fbr-ledger tbody tr td:nth-child(10)").all_inner_texts())
    assert severities == {"较大"} and not statuses & {"已结案", "不予受理", "重复"}
    assert page.locator("select[name=status]").input_value() == "open"
    assert_clean(page)


def test_ledger_sorts_by_a_column_both_ways(page):
    page.open(PAGES["ledger"])
    header = page.locator("table.fbr-ledger thead th").nth(2)        # received
    header.locator("button").click()
    page.wait_for_function("document.querySelector('table.fbr-ledger thead th:nth-child(3)')"
                           ".getAttribute('aria-sort') === 'ascending'")
    times = page.locator("table.fbr-ledger tbody tr td:nth-child(3)").all_inner_texts()
    assert times == sorted(times) and len(times) == 66
    header.locator("button").click()
    page.wait_for_function("document.querySelector('table.fbr-ledger thead th:nth-child(3)')"
                           ".getAttribute('aria-sort') === 'descending'")
    times = page.locator("table.fbr-ledger tbody tr td:nth-child(3)").all_inner_texts()
    assert times == sorted(times, reverse=True)
    assert_clean(page)


def test_overdue_page_is_rechecked_against_the_readers_clock(page):
    # Built as of 2026-11-21 09:00 (+08:00). Three days later FB-2026-0047's resolve deadline
    # (2026-11-23 09:30) has passed too, and FB-2026-0049 has escalated further.
    page.clock.install(time=dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    page.open(PAGES["overdue"])
    note = page.locator(".fbr-recheck")
    note.wait_for(state="visible")
    assert "2026" in note.inner_text() and "24" in note.inner_text()
    text = page.locator(".fbr-overdue-list").inner_text()
    assert "FB-2026-0047" in text
    for item in ("FB-2026-0036", "FB-2026-0041", "FB-2026-0042", "FB-2026-0048", "FB-2026-0049", "FB-2026-0050"):
        assert item in text, item
    row = page.locator(".fbr-overdue-list tr", has_text="FB-2026-0047")
    assert re.search(r"\d+\.\d h|\d+\.\d d", row.inner_text())
    # the count of reminders sent (fbreg remind's record) stays in the re-checked list
    assert "催办次数" in page.locator(".fbr-overdue-list thead").first.inner_text()
    assert page.locator(".fbr-overdue-list tr", has_text="FB-2026-0049").locator("td").last.inner_text() == "2"
    assert_clean(page)


def test_overdue_page_as_built_when_the_clock_is_not_later(page):
    page.clock.install(time=dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    page.open(PAGES["overdue"])
    page.wait_for_timeout(300)
    assert page.locator(".fbr-recheck").is_hidden()
    assert "FB-2026-0047" not in page.locator(".fbr-overdue-list").inner_text()
    assert_clean(page)


def test_search_finds_the_registers_own_words(page):
    # 油烟管道 (a tag of FB-2026-0036) is not in jieba's dictionary; the plugin teaches it, so the
    # index holds it as one word (tests/test_searchterms.py checks the index itself).
    page.open(PAGES["dashboard"])
    results = search(page, "油烟管道")
    assert any(href.endswith("/items/FB-2026-0036/") for href, _ in results[:3]), results[:3]
    assert_clean(page)


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF Chromium printed."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def test_print_item_is_a4_portrait_and_ledger_a4_landscape_with_its_header_on_each_page(page):
    page.open(PAGES["item"])
    assert set(pdf_pages(page.pdf(prefer_css_page_size=True))) == {(595, 842)}
    page.open(PAGES["ledger"])
    sizes = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert len(sizes) >= 2 and set(sizes) == {(842, 595)}
    page.emulate_media(media="print")
    styles = page.evaluate("""() => ({
        thead: getComputedStyle(document.querySelector('table.fbr-ledger thead')).display,
        button: getComputedStyle(document.querySelector('table.fbr-ledger th button')).display,
        filter: getComputedStyle(document.querySelector('form.fbr-filter')).display,
        header: getComputedStyle(document.querySelector('.md-header')).display })""")
    # a header row repeats on each printed page only as a table-header-group without buttons in it
    assert styles == {"thead": "table-header-group", "button": "contents", "filter": "none", "header": "none"}
    assert_clean(page)


def test_every_item_page_of_the_sample_shows_its_processing_record(site_dir):
    """The sample's history: each item page lists the commits that changed it, with who approved them."""
    pages = sorted(site_dir.glob("items/*/index.html"))
    assert len(pages) == 66
    for path in pages:
        html = path.read_text(encoding="utf-8")
        record = html.split("fbr-sec_timeline", 1)[1].split("</section>", 1)[0]
        rows = record.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr")
        assert rows >= 1 and re.search(r"\(#\d+\)", record), path.parent.name
        assert ("建档" in record) and ("状态" in record), path.parent.name
