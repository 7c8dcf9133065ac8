"""Long lists stay under 200 KB a page: the overdue list in pages, a department page's lists cut with
a link to the rest. (The sample register with the page sizes made small, so its breaches fill pages.)"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import SAMPLE
from generator import pages as pages_module
from generator.pages import Pages, site_pages
from generator.validate import load_register
from generator.views import build_view

AS_OF = dt.datetime(2027, 1, 15, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))   # late: much is overdue


@pytest.fixture
def view():
    register, _ = load_register(SAMPLE)
    return build_view(register.settings, [i.data for i in register.items if i.data], AS_OF)


def breach_links(markdown: str) -> list[str]:
    tables = "".join(t.split("</table>")[0] for t in markdown.split('class="fbr-table fbr-breaches"')[1:])
    return re.findall(r'<a href="[./]*items/([A-Z0-9-]+)/">', tables)


def test_the_overdue_list_is_cut_into_pages_in_its_order(view, monkeypatch):
    monkeypatch.setattr(pages_module, "OVERDUE_PAGE_SIZE", 4)
    breaches = view.breach_rows()
    assert len(breaches) > 8, "the sample needs breaches enough for three pages"
    order = {d: n for n, d in enumerate(view.settings.departments)}
    expected = [b.id for b in sorted(breaches, key=lambda b: order.get(b.department, len(order)))]
    generated, _ = site_pages(view, items=False)
    count = -(-len(breaches) // 4)
    paths = ["overdue/index.md"] + [f"overdue/{n}/index.md" for n in range(2, count + 1)]
    assert [p for p in generated if p.startswith("overdue/")] == paths
    assert [i for p in paths for i in breach_links(generated[p])] == expected   # every row once, in order
    for n, path in enumerate(paths):
        page = generated[path]
        assert len(breach_links(page)) == (4 if n < count - 1 else len(breaches) - 4 * (count - 1))
        prefix = "../" if n == 0 else "../../"
        assert f'data-deadlines="{"deadlines.json" if n == 0 else "../deadlines.json"}"' in page
        assert f'data-start="{4 * n}" data-size="4"' in page
        assert ("data-last" in page) == (n == count - 1)
        assert f'<strong aria-current="page">{n + 1}</strong>' in page           # where the reader is
        assert f'<a href="{prefix}overdue/">1</a>' in page or n == 0
        assert f'<a href="{prefix}overdue/{count}/">{count}</a>' in page or n == count - 1


def test_a_short_overdue_list_is_one_page_without_paging(view):
    generated, _ = site_pages(view, items=False)
    assert [p for p in generated if p.startswith("overdue/")] == ["overdue/index.md"]
    page = generated["overdue/index.md"]
    assert "data-start" not in page and "fbr-pages" not in page
    assert len(breach_links(page)) == len(view.breach_rows())


def test_department_lists_are_cut_with_a_link_to_the_rest(view, monkeypatch):
    monkeypatch.setattr(pages_module, "OVERDUE_PAGE_SIZE", 4)
    monkeypatch.setattr(pages_module, "DEPARTMENT_ROWS", 2)
    p = Pages(view)
    generated, _ = site_pages(view, p, items=False)
    dept = max(view.settings.departments, key=lambda d: len(view.breach_rows(d)))
    breached = view.breach_rows(dept)
    assert len(breached) > 2
    page = generated[f"departments/{dept}/index.md"]
    overdue_section = page.split(f"## {p.t('overdue')}")[1].split("## ")[0]
    assert len(breach_links(overdue_section)) == 2
    assert p.t("shown_of", n=2, total=len(breached)) in overdue_section
    first = p.overdue_page_of(dept)
    target = f"../../overdue/{'' if first == 0 else f'{first + 1}/'}#dept-{dept}"
    assert f'href="{target}"' in overdue_section
    # the anchor is on that page of the overdue list, and that department's rows begin there
    listing = generated["overdue/index.md" if first == 0 else f"overdue/{first + 1}/index.md"]
    assert f'<h2 id="dept-{dept}">' in listing
    open_items = [v for v in view.items if v.data.get("department") == dept and v.is_open]
    if len(open_items) > 2:
        open_section = page.split(f"## {p.t('open_items')}")[1].split("## ")[0]
        assert f'href="../../register/?department={dept}"' in open_section
        assert p.t("shown_of", n=2, total=len(open_items)) in open_section
