"""The overdue list in pages, re-checked against the reader's clock: each page shows its share of the
list as it stands at the reader's time, and the last page also whatever became overdue since the build.
(The sample site built with three breached deadlines a page.)"""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import SAMPLE
from generator import pages as pages_module
from generator.validate import load_register
from generator.views import build_view

from .harness import AS_OF, Recorder, build_sample_site, serve

SIZE = 3
READER = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))   # three days after the build


@pytest.fixture(scope="module")
def paged_origin(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pages_module, "OVERDUE_PAGE_SIZE", SIZE)
        site = build_sample_site(tmp_path_factory.mktemp("paged") / "site", AS_OF)
    with serve(site) as origin:
        yield origin, site


def overdue_ids(as_of: dt.datetime) -> list[str]:
    """The overdue list's rows (item ids) as of ``as_of``, in its order."""
    register, _ = load_register(SAMPLE)
    view = build_view(register.settings, [i.data for i in register.items if i.data], as_of)
    order = {d: n for n, d in enumerate(register.settings.departments)}
    return [b.id for b in sorted(view.breach_rows(), key=lambda b: order.get(b.department, len(order)))]


def open_page(browser, origin: str, clock: dt.datetime):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True)
    page = context.new_page()
    recorder = Recorder(origin)
    recorder.attach(context, page)
    page.clock.install(time=clock)
    return context, page, recorder


def shown(page) -> list[str]:
    return page.locator(".fbr-overdue-list tbody tr td:first-child").all_inner_texts()


def test_each_page_shows_its_share_and_the_last_the_rest(browser, paged_origin):
    origin, site = paged_origin
    built = overdue_ids(dt.datetime.fromisoformat(AS_OF))
    later = overdue_ids(READER)
    count = -(-len(built) // SIZE)
    assert count >= 2 and len(later) > len(built)            # the reader's clock adds rows
    assert (site / f"overdue/{count}/index.html").is_file() and not (site / f"overdue/{count + 1}").exists()
    context, page, recorder = open_page(browser, origin, READER)
    try:
        for n in range(1, count + 1):
            page.goto(f"{origin}/overdue/{'' if n == 1 else f'{n}/'}", wait_until="networkidle")
            page.locator(".fbr-recheck").wait_for(state="visible")
            start = (n - 1) * SIZE
            expected = later[start:] if n == count else later[start:start + SIZE]
            assert shown(page) == expected, n
            # each department's heading carries its anchor (the department pages link to it)
            assert page.locator(".fbr-overdue-list h2[id^='dept-']").count() >= 1
        assert recorder.new_problems() == []
    finally:
        context.close()


def test_without_a_later_clock_each_page_stays_as_built(browser, paged_origin):
    origin, _ = paged_origin
    built = overdue_ids(dt.datetime.fromisoformat(AS_OF))
    context, page, recorder = open_page(browser, origin, dt.datetime.fromisoformat(AS_OF) - dt.timedelta(hours=1))
    try:
        page.goto(f"{origin}/overdue/2/", wait_until="networkidle")
        page.wait_for_timeout(300)
        assert page.locator(".fbr-recheck").is_hidden()
        assert shown(page) == built[SIZE:2 * SIZE]
        nav = page.locator("nav.fbr-pages")
        assert nav.locator("strong[aria-current=page]").inner_text() == "2"
        assert nav.locator("a").first.get_attribute("href") == "../../overdue/"
        assert recorder.new_problems() == []
    finally:
        context.close()
