"""The field reference page (/fields/): every field of the item schema, in the register's language,
required or not, with the register's own values; register data stays text."""
import datetime as dt
import html

import pytest

from generator import fieldref, schemas
from generator.pages import Pages, site_pages
from generator.validate import validate_register
from generator.views import build_view
from conftest import SAMPLE
from test_submitpage import HOSTILE_DEPT, HOSTILE_LABELS, site  # noqa: F401 - the hostile English site


def test_every_field_has_a_chinese_title_and_description():
    paths = [path for path, *_ in fieldref.fields()]
    zh = fieldref.translations()
    assert sorted(zh) == sorted(paths)
    assert all(zh[p]["title"] and zh[p]["description"] for p in paths)
    assert {"reporter.ref", "actions[].owner", "import.key", "holds[].until"} <= set(paths)


@pytest.fixture(scope="module")
def english(site):  # noqa: F811
    return (site / "fields/index.html").read_text(encoding="utf-8")


def test_the_english_page_lists_every_field_from_the_schema(english):
    for path, sub, required, depth in fieldref.fields():
        assert f">{path}</code>" in english
        assert html.escape(sub["title"], quote=False) in english
    item = schemas.load_schema("item")
    assert item["required"] == ["id", "title", "received", "channel", "category", "severity", "status",
                                "description"]
    row = english.split(">received</code>", 1)[1].split("</tr>", 1)[0]
    assert '<span class="fbr-req">required</span>' in row
    row = english.split(">reply.text</code>", 1)[1].split("</tr>", 1)[0]
    assert "required in reply" in row
    row = english.split(">location</code>", 1)[1].split("</tr>", 1)[0]
    assert "optional" in row and "at most 200 characters" in row


def test_values_come_from_the_register_and_stay_text(english):
    row = english.split(">department</code>", 1)[1].split("</tr>", 1)[0]
    assert "<code>reception</code> Reception" in row and "<code>hostile</code>" in row
    assert html.escape(HOSTILE_DEPT) in row and HOSTILE_DEPT not in english
    row = english.split(">category</code>", 1)[1].split("</tr>", 1)[0]
    assert html.escape(HOSTILE_LABELS["complaint"]) in row and HOSTILE_LABELS["complaint"] not in english
    row = english.split(">status</code>", 1)[1].split("</tr>", 1)[0]
    assert "<code>on-hold</code> On hold" in row


def test_the_submit_page_links_to_it(site):  # noqa: F811
    submit = (site / "submit/index.html").read_text(encoding="utf-8")
    assert '<a href="../fields/">Field reference</a>' in submit


def test_the_chinese_page_uses_the_translations():
    register, _ = validate_register(SAMPLE)
    view = build_view(register.settings, [i.data for i in register.items],
                      dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc))
    pages, titles = site_pages(view, Pages(view), items=False)
    page = pages["fields/index.md"]
    assert titles["fields/index.md"] == "字段说明"
    row = page.split(">department</code>", 1)[1].split("</tr>", 1)[0]
    assert "责任部门" in row and "选填" in row and "<code>housekeeping</code> 客房部" in row
    row = page.split(">import.file</code>", 1)[1].split("</tr>", 1)[0]
    assert "填写 import 时必填" in row and "台账文件名" in row
