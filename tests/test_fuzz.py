"""Property-based tests: arbitrary bytes, YAML-shaped text and item structures never raise, only give
Problems; items that look right but carry hostile text in every field are rendered inert (the item
page, its ledger row, the feed and the exports). Bounded: the whole file runs in well under 30 s."""
import csv
import datetime as dt
import functools
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.loader import Item
from generator.problems import ProblemList
from generator.safeyaml import load
from generator.settings import load_settings
from generator.validate import check_items

from conftest import CASES

SETTINGS = load_settings(CASES / "register")
NOW = dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_chars = st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,?\n\t 0123456789.+~") + ["\u202e", "é", "中", "\x00", "\ufeff"])
yaml_text = st.lists(yaml_chars, max_size=200).map("".join)


def _validate(data: bytes):
    problems = ProblemList("en")
    doc = load(data, "items/2026/03/QF-2026-0005.yaml", problems)
    if doc is not None:
        item = Item(Path("items/2026/03/QF-2026-0005.yaml"), "x.yaml", doc)
        check_items(SETTINGS, [item], [item], problems, now=NOW)
    for p in problems:
        assert p.line >= 1 and p.col >= 1 and p.code and p.message
    return doc, problems


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    _validate(data)


@FUZZ
@given(yaml_text)
def test_yaml_shaped_text(text):
    _validate(text.encode("utf-8", "surrogatepass"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.sampled_from(["2026-03-05T10:00:00+00:00", "2026-03-05T10:00:00", "no", "QF-2026-0001", "kitchen"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "title", "received", "status", "actions", "holds", "related", "reply", "at",
                         "due", "done_at", "from", "until", "department", "closed_at", "verification", "deadlines",
                         "resolve", "reason", "reporter", "anonymous"]), children, max_size=6),
    max_leaves=25)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "title", "received", "status", "actions", "holds", "related",
                                        "reply", "department", "closed_at", "verification", "deadlines",
                                        "acknowledged_at", "reporter", "satisfaction", "description"]),
                       json_values, max_size=10))
def test_arbitrary_item_structures(fields):
    import yaml

    _validate(yaml.safe_dump(fields, allow_unicode=True).encode("utf-8"))


# ---------------------------------------------------------------- items that look right, with hostile text

PAYLOADS = [
    '<script>alert("xss")</script>', "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "' onfocus='alert(1)' x='",
    "[x](javascript:alert(1))", '<a href="javascript:alert(1)">x</a>', "![x](data:text/html,<script>alert(1)</script>)",
    "<javascript:alert(1)>", "[x][r]\n\n[r]: javascript:alert(1)\n", "[x](jav&#x61;script:alert(1))", "&lt;b&gt;",
    "&#60;script&#62;", "</textarea></script></title></style>", "]]>", "<!--", "{{7*7}}", "${7*7}",
    '=HYPERLINK("http://x")', "@SUM(1)", "+1", "-1", "\u202e", "\u200b", "\x00", "\x1b[2J", "\x85", "\n", "\r", "\t",
    "*", "_", "`", "# ", "- ", "1. ", "> ", "|a|b|\n|-|-|\n", "<style>*{display:none}</style>", "<iframe src=//evil>",
    "<form action=//evil><button>x</button></form>", '<base href="//evil/">', "[", "]", "(", ")", "&", "\\",
]
hostile = (st.sampled_from(PAYLOADS) | st.text(max_size=30)
           | st.lists(st.sampled_from(PAYLOADS) | st.text(max_size=6), min_size=2, max_size=5).map("".join))


def code(values):
    """Mostly one of the register's codes, sometimes hostile text (schema errors, escaped when forced)."""
    return st.sampled_from(values) | hostile


DEPARTMENTS = list(SETTINGS.departments)
AT = ["2026-03-05T11:00:00+00:00", "2026-03-06T09:00:00+00:00", "2026-03-09T10:00:00+00:00", "not a time"]
items = st.fixed_dictionaries(
    {"id": st.just("QF-2026-0005"), "title": hostile, "received": st.just("2026-03-05T10:00:00+00:00"),
     "channel": code(list(SETTINGS.channels)), "category": code(list(SETTINGS.categories)),
     "severity": code(list(SETTINGS.severities)),
     "status": st.sampled_from(["new", "assigned", "in-progress", "on-hold", "verifying", "closed", "rejected", "duplicate"]),
     "description": hostile},
    optional={
        "department": code(DEPARTMENTS), "assisting": st.lists(code(DEPARTMENTS), max_size=2),
        "location": hostile, "analysis": hostile, "acknowledged_at": st.sampled_from(AT),
        "reporter": st.fixed_dictionaries({"type": st.just("guest"), "anonymous": st.booleans(),
                                           "ref": st.just("CRM-1") | hostile}),
        "deadlines": st.fixed_dictionaries({"resolve": st.just("15bd") | hostile, "reason": hostile}),
        "holds": st.lists(st.fixed_dictionaries({"from": st.sampled_from(AT), "reason": hostile},
                                                optional={"until": st.sampled_from(AT)}), max_size=2),
        "actions": st.lists(st.fixed_dictionaries({"kind": code(["temporary", "corrective", "preventive"]), "text": hostile},
                                                  optional={"owner": code(DEPARTMENTS), "due": st.just("2026-03-06") | hostile,
                                                            "done_at": st.sampled_from(AT)}), max_size=3),
        "reply": st.fixed_dictionaries({"text": hostile, "at": st.sampled_from(AT), "channel": code(list(SETTINGS.channels))}),
        "verification": st.fixed_dictionaries({"result": code(["effective", "partly-effective", "not-effective"]),
                                               "at": st.sampled_from(AT), "by": code(DEPARTMENTS)},
                                              optional={"note": hostile}),
        "closed_at": st.sampled_from(AT), "satisfaction": st.integers(0, 6),
        "related": st.lists(st.just("QF-2026-0001") | hostile, max_size=2), "tags": st.lists(hostile, max_size=3),
    })


@functools.cache
def _allowed() -> tuple[frozenset, frozenset]:
    """The elements and attributes an item page of a benign item has, and what Markdown may add."""
    from generator import markup
    from htmlcheck import parse_html

    value = load((CASES / "valid/full-closed.yaml").read_bytes(), "x.yaml", ProblemList("en")).value
    tags, attributes = set(markup.ALLOWED_TAGS), {"href", "title", "rel"}
    for html in _render(value)[0]:
        for tag, attrs in parse_html(html).elements:
            tags.add(tag)
            attributes.update(name for name, _ in attrs)
    return frozenset(tags), frozenset(attributes)


def _render(value: dict):
    """The item's page, its ledger row, the feed, the CSV and JSON exports: as the site makes them."""
    from generator.exports import register_csv, register_json
    from generator.feeds import atom_feed
    from generator.itemform import ItemForm
    from generator.pages import Pages
    from generator.views import build_view

    view = build_view(SETTINGS, [value], NOW)
    pages = Pages(view)
    form = ItemForm(pages)
    html = [form.render(v) for v in view.items]
    html.append("".join("".join(row) for row in pages.item_rows(view.items, "../")))
    return html, atom_feed(view), register_csv(view), register_json(view)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items)
def test_hostile_text_in_every_field_is_validated_and_rendered_inert(fields):
    """Only Problems from validation, never an exception; rendered (as the site does for a valid
    item, and as a build that ignores problems does for any other) no element, attribute or link
    comes from the text, the feed is well-formed and the JSON strict."""
    import yaml
    from htmlcheck import markup_problems

    doc, problems = _validate(yaml.safe_dump(fields, allow_unicode=True, width=1 << 20).encode("utf-8"))
    for p in problems:
        assert len(p.message) < 1000 and "\n" not in p.message
    if doc is None:  # PyYAML writes some controls (NEL) as they are: refused as bytes
        assert problems.has_errors()
        return
    tags, attributes = _allowed()
    pages, feed, table, data = _render(doc.value)
    for html in pages:
        assert not markup_problems(html, set(tags), set(attributes)), html
    root = ET.fromstring(feed)
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert len(titles) >= 2 and all(t is not None or not doc.value.get("title") for t in titles)
    json.loads(data, parse_constant=lambda c: pytest.fail(c))
    for row in csv.reader(io.StringIO(table.decode("utf-8-sig"), newline="")):
        assert all(cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n") for cell in row), row


@FUZZ
@given(st.dictionaries(st.sampled_from(["title", "received", "status", "actions", "holds", "related", "reply",
                                        "department", "assisting", "closed_at", "verification", "deadlines",
                                        "acknowledged_at", "responded_at", "reporter", "satisfaction", "description",
                                        "tags", "channel", "category", "severity", "location", "analysis"]),
                       json_values, max_size=12))
def test_any_structure_renders_without_crashing(fields):
    """A build that ignores problems (``fail_on_problems: false``) renders whatever an item holds:
    values of the wrong type are left out (schemas.typed), never a crash, never markup."""
    from htmlcheck import markup_problems

    fields["id"] = "QF-2026-0005"
    tags, attributes = _allowed()
    pages, feed, _, data = _render(fields)
    for html in pages:
        assert not markup_problems(html, set(tags), set(attributes)), html
    ET.fromstring(feed)
    json.loads(data, parse_constant=lambda c: pytest.fail(c))
