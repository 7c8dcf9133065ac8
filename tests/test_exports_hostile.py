"""Exports and feeds under hostile text: the CSV never hands a spreadsheet a formula, the JSON gives every
string back exactly, JSON inside HTML cannot close its element, and the Atom feeds stay well-formed
(read back by a real feed parser) whatever an item holds, even one built despite its problems."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from generator.clientdata import site_data
from generator.exports import register_csv, register_json
from generator.feeds import atom_feed, xml_text
from generator.pages import Pages, site_pages
from generator.settings import load_settings
from generator.tables import safe_cell
from generator.views import build_view

from conftest import CASES
from htmlcheck import parse_html

SETTINGS = load_settings(CASES / "register")
AS_OF = dt.datetime(2026, 11, 21, 9, tzinfo=dt.timezone.utc)
A = "{http://www.w3.org/2005/Atom}"
BOM = "\ufeff"

HOSTILE = [
    '<script>alert("xss")</script>', '"><img src=x onerror=alert(1)>', "' onfocus='alert(1)' x='", "</script><!--",
    "]]><x>", "&amp; &lt; &#60; &#x3C;", "[x](javascript:alert(1))", "{{7*7}} ${7*7}", "=HYPERLINK(\"http://x\")",
    "中文 标题 ‹›", "\u202eevil\u202c", "a\u2028b\u2029c", "emoji 😀", 'back\\slash "quotes" \'single\'', "\t tab",
]


def item(n: int, **fields) -> dict:
    base = {"id": f"QF-2026-{n:04d}", "title": f"Item {n}", "received": f"2026-03-{1 + n % 27:02d}T10:00:00+00:00",
            "channel": "phone", "category": "complaint", "severity": "minor", "status": "new",
            "description": "A description."}
    base.update(fields)
    return base


def view_of(items, settings=SETTINGS):
    return build_view(settings, items, AS_OF)


def csv_rows(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


# ---------------------------------------------------------------- CSV: formulas

RISKY = ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1", "\n=1", "  =1", "=cmd|' /C calc'!A0", "-2+3", "+CMD"]
# Left alone: not formulas to a spreadsheet. Full-width ＝ (U+FF1D) and ＠ are text to Excel, LibreOffice
# and Google Sheets when a CSV is opened (only typing converts them, through the input method), so
# prefixing them would only disfigure Chinese text that starts with them.
SAFE = ["1-2", "a=b", "2026-11-21", "", "＝1+1", "＠SUM(1)", "＋1", "－1", "中文=1", "'=already quoted"]


@pytest.mark.parametrize("value", RISKY)
def test_a_cell_a_spreadsheet_would_run_is_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", SAFE)
def test_a_cell_that_is_not_a_formula_is_left_alone(value):
    assert safe_cell(value) == value


def test_every_text_column_of_the_csv_is_neutralised():
    """Title, location, tags and description of real items, through the whole export."""
    items = [item(n, title=v, location=v, tags=[v, "ok"], description=v or "x") for n, v in enumerate(RISKY + SAFE, 1)]
    for row in csv_rows(register_csv(view_of(items))):
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n"), row
            assert not re.match(r"\s*[=+\-@]", cell), row
    by_id = {r["Number"]: r for r in csv_rows(register_csv(view_of(items)))}
    for n, value in enumerate(RISKY + SAFE, 1):
        row = by_id[f"QF-2026-{n:04d}"]
        assert row["Title"] == (("'" + value) if value in RISKY else value)
        assert row["Tags"].endswith("; ok")


# ---------------------------------------------------------------- JSON: exact round trip

def test_hostile_strings_round_trip_exactly_through_the_json_export_and_the_data_files():
    items = [item(n, title=v, location=v, analysis=v, description=v, tags=[v]) for n, v in enumerate(HOSTILE, 1)]
    view = view_of(items)
    exported = {i["id"]: i for i in json.loads(register_json(view))["items"]}
    for data in items:
        got = dict(exported[data["id"]])
        got.pop("milestones")
        assert got == data                                  # every character as stored
    rows = {r["id"]: r for r in json.loads(site_data(Pages(view))["register/rows.json"])["rows"]}
    for data in items:
        assert rows[data["id"]]["title"] == data["title"]   # the ledger script renders it as text


def test_json_in_generated_pages_cannot_close_its_element():
    """JSON that sits inside a page (the submit form's configuration, the ledger's labels) carries
    names from register.yaml: markup there stays inside its element and parses back exactly. Item data
    never goes into a page as JSON: the ledger's rows are a separate file (register/rows.json)."""
    settings = load_settings(CASES / "register")
    settings.labels.update({"phone": "</script><script>alert(1)</script>", "matching": '"><!--', "submit_intro": "&"})
    items = [item(n, title=v) for n, v in enumerate(HOSTILE, 1)]
    view = view_of(items, settings)
    pages, _ = site_pages(view, Pages(view))
    seen = 0
    for path, page in pages.items():
        doc = parse_html(page)
        for tag, content in doc.raw_text:
            assert tag == "script"
            data = json.loads(content)                      # the whole element's content is the JSON
            assert not re.search(r"[<>&]", content)
            seen += "</script><script>alert(1)</script>" in json.dumps(data, ensure_ascii=False)
        for tag, attrs in doc.elements:
            for name, value in attrs:
                if name == "data-labels":
                    assert json.loads(value)["matching"] == '"><!--'
        for data in items:                                  # titles appear as text only
            assert json.dumps(data["title"]) not in page or path == "register/rows.json"
    assert seen >= 1


# ---------------------------------------------------------------- Atom feeds

def hostile_view():
    items = [item(n, title=v, department="kitchen") for n, v in enumerate(HOSTILE, 1)]
    items.append(item(90, title="Closed one", status="closed", department="kitchen", closed_at="2026-03-20T10:00:00+00:00",
                      verification={"result": "effective", "at": "2026-03-19T10:00:00+00:00", "by": "quality"}))
    return view_of(items)


def test_feedparser_reads_the_feeds_and_gets_every_title_back():
    view = hostile_view()
    for department in (None, "kitchen"):
        feed = feedparser.parse(atom_feed(view, department))
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert feed.version == "atom10"
        titles = {e.id: e.title for e in feed.entries}
        for n, value in enumerate(HOSTILE, 1):
            expected = " ".join(f"New QF-2026-{n:04d} {value}".split())      # one line
            assert titles[f"urn:feedback-register:QF-2026-{n:04d}:received"] == expected
        for entry in feed.entries:
            assert entry.title_detail.type == "text/plain" and entry.summary_detail.type == "text/plain"
            assert entry.link.startswith(("items/", "../../items/"))


def test_feed_summaries_are_text_and_carry_no_element_from_the_data():
    view = hostile_view()
    root = ET.fromstring(atom_feed(view))
    assert all(e.tag.startswith(A) for e in root.iter())
    for summary in root.iter(f"{A}summary"):
        assert summary.get("type") == "text" and len(summary) == 0
    parsed = feedparser.parse(atom_feed(view))
    entry = next(e for e in parsed.entries if e.id.endswith("QF-2026-0001:received"))
    assert entry.summary.startswith('<script>alert("xss")</script> · ')   # text, shown as typed
    assert "A description." not in atom_feed(view).decode()               # never the description


# every character class XML 1.0 cannot carry, or that could reorder a reader's display
NOT_XML = "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13)) + "\x7f\x85\x9f\ud800\udfff\ufffe\uffff"


def test_feeds_are_well_formed_whatever_an_item_holds():
    """As built with ``fail_on_problems: false``: control characters (C0, DEL, C1), lone surrogates,
    non-characters, bidi controls and line separators in titles, and in the register's own names."""
    settings = load_settings(CASES / "register")
    settings.title = f"Register {NOT_XML} \u202e"
    items = [item(1, title=f"a{NOT_XML}b \u202e c\u2028d", department="kitchen"),
             item(2, title=NOT_XML, department="kitchen"), item(3, title="", department="kitchen")]
    view = view_of(items, settings)
    for department in (None, "kitchen"):
        feed = atom_feed(view, department)
        root = ET.fromstring(feed)                          # well-formed XML 1.0
        parsed = feedparser.parse(feed)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        titles = [e.findtext(f"{A}title") for e in root.iter(f"{A}entry")]
        assert " ".join(xml_text(f"New QF-2026-0001 a{NOT_XML}b \u202e c\u2028d").split()) in titles
