"""Atom 1.0 feeds of the register: one entry when an item is received, one when it is closed.

``atom_feed`` returns the feed document as UTF-8 bytes. Every text from an item is untrusted: it is
written only as XML character data by ElementTree (escaped), as ``type="text"`` (never HTML, and
never the description), after removing the characters XML 1.0 cannot carry, so the document is
well-formed whatever an item holds.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

from .labels import Labels
from .timestamps import format_timestamp
from .views import ItemView, RegisterView

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50

# Not allowed in XML 1.0 (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF),
# and the discouraged DEL and C1 controls.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """``value`` as text that XML 1.0 can carry: forbidden characters are removed."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def _one_line(value: object) -> str:
    return " ".join(xml_text(value).split())


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        node.text = xml_text(text)
    return node


def _urn(*parts: object) -> str:
    return "urn:feedback-register:" + ":".join(quote(str(p), safe="-._~") for p in parts)


def events(items: list[ItemView], as_of: dt.datetime) -> list[tuple[dt.datetime, str, ItemView]]:
    """``(when, kind, item)`` for every receipt and closure up to ``as_of``, newest first."""
    out = []
    for v in items:
        received = v.time("received")
        if received is not None:
            out.append((received, "received", v))
        closed = v.time("closed_at")
        if v.status == "closed" and closed is not None:
            out.append((closed, "closed", v))
    out = [e for e in out if e[0] <= as_of]
    # newest first; at the same instant a closure comes before a receipt, then by id
    out.sort(key=lambda e: (e[0], e[1] == "closed", e[2].id), reverse=True)
    return out


def atom_feed(view: RegisterView, department: str | None = None, site_url: str | None = None,
              limit: int = FEED_LIMIT) -> bytes:
    """The register's feed, or one department's (its items: those whose ``department`` it is).

    Links are absolute under ``site_url`` when given, otherwise relative to where the feed is
    published (``feed.xml`` at the top, ``departments/<dept>/feed.xml`` for a department)."""
    s = view.settings
    t = Labels(s.language, s.labels)
    tz = s.tz
    colon = "：" if s.language == "zh" else ": "
    if site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
    else:
        base = "../../" if department else ""
    here = f"departments/{quote(department, safe='-._~')}/" if department else ""

    items = [v for v in view.items if department is None or v.data.get("department") == department]
    chosen = events(items, view.as_of)[:limit]

    # tags are written unqualified under a default namespace declared here (ElementTree's own
    # default_namespace option refuses unqualified attributes such as rel and href)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": xml_text(s.language)})
    title = s.title if department is None else f"{s.title} — {s.department_name(department, department)}"
    _el(feed, "title", _one_line(title), type="text")
    _el(feed, "id", _urn(s.id_prefix, "feed") if department is None else _urn(s.id_prefix, "department", department))
    if site_url:
        _el(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{here}feed.xml")
        _el(feed, "link", rel="alternate", type="text/html", href=f"{base}{here}")
    else:
        _el(feed, "link", rel="self", type="application/atom+xml", href="feed.xml")
        _el(feed, "link", rel="alternate", type="text/html", href="./")
    newest = chosen[0][0] if chosen else view.as_of
    _el(feed, "updated", format_timestamp(newest.astimezone(tz)))
    author = _el(feed, "author")
    _el(author, "name", _one_line(s.title))
    _el(feed, "generator", "feedback-register")

    for when, kind, v in chosen:
        d = v.data
        entry = _el(feed, "entry")
        word = t("new") if kind == "received" else t("closed")
        _el(entry, "title", _one_line(f"{word} {v.id} {d.get('title') or ''}"), type="text")
        _el(entry, "id", _urn(v.id, kind))
        _el(entry, "link", rel="alternate", type="text/html", href=f"{base}items/{quote(v.id, safe='-._~')}/")
        stamp = format_timestamp(when.astimezone(tz))
        _el(entry, "published", stamp)
        _el(entry, "updated", stamp)
        summary = " · ".join([
            _one_line(d.get("title")),
            f"{t('department')}{colon}{_one_line(s.department_name(d.get('department'), t('unassigned')))}",
            f"{t('category')}{colon}{_one_line(t(d.get('category')))}",
            f"{t('severity')}{colon}{_one_line(t(d.get('severity')))}",
        ])
        _el(entry, "summary", summary, type="text")
    ET.indent(feed)  # whitespace between elements only; no element mixes text and children
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
