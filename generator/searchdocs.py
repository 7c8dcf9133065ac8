"""The documents the search index is made of: one per item, from its data, and one per page of
``docs/`` (and the submit page), with Chinese written as overlapping character pairs.

**Why pairs.** Indexed character by character, a common character's postings cover most of the
register (at 100 000 items a query for 空调 loaded the postings of 空 and of 调: seconds). Indexed
as words, Pagefind's dictionary and the browser's disagree (油烟 indexed as one word, queried as
油 + 烟, was never found). So a run of Han characters c1 … cn becomes the words
``c1c2 c2c3 … c(n-1)cn cn``: every pair of neighbours is a word, and every character begins one.
The search dialog asks for a query's pairs (空调坏了 → 空调 调坏 坏了, all of them must be there),
whose postings stay small; a one-character query is a prefix of every word that begins with it
(Pagefind matches prefixes), so it still finds every item that has the character. Pagefind is
told a language it neither segments nor stems (:data:`INDEX_LANGUAGE`), so these words arrive
as they are.

**Excerpts.** Pagefind keeps no text besides its words, so the dialog writes the original text
back from them (``site_theme/assets/fbr/search-worker.js``): a Han word stands for its first
character, and :data:`SPACE` (a private-use character, which Pagefind keeps in the text and
leaves out of words) marks white space beside Han text and the end of each field.

An item's document holds what people look for: id and title, description, analysis, the
actions' texts, the reply, the verification note, location, tags and the department, as plain
text (Markdown's marks taken out). Labels, dates and codes are not in it.
"""
from __future__ import annotations

import html
import re

from .pages import page_title

SPACE = "\ue000"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"     # search-worker.js has the same class
INDEX_LANGUAGE = {"zh": "und", "en": "en"}           # what Pagefind is told (und: no segmentation, no stemming)
CODE_VERSION = 1                                     # bump when a document changes for the same item

_RUN = re.compile(f"[{HAN}]+")
_HAN1 = re.compile(f"[{HAN}]")
_WS = re.compile(r"\s+")
_TAG = re.compile(r"(<[^>]*>)")
_BLOCK = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|dl|dt|dd|div|pre|table|thead|tbody|tr|td|th|blockquote|section|br|hr)\b", re.I)
# Markdown's marks that are not text: block starts, emphasis, code fences, a link's address
_MD_BLOCK = re.compile(r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+|```.*$|~~~.*$)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MD_MARKS = re.compile(r"\*\*|__|~~|`")


def index_language(language: str) -> str:
    return INDEX_LANGUAGE.get(language, "und")


def pairs(text: str, edges: tuple[bool, bool] | None = None) -> str:
    """``text`` as the index's words: Han runs as overlapping pairs, white space beside Han text as
    :data:`SPACE`, the rest as it is. ``edges``: the text is a piece of a longer one (text between
    two tags); (whether a block starts before it, whether one ends after it): white space or a
    block's edge at its start or end is marked too."""
    text = _WS.sub(" ", str(text).replace(SPACE, "\ufffd"))
    lead = edges is not None and (text[:1] == " " or edges[0])
    trail = edges is not None and (text[-1:] == " " or edges[1])
    text = text.strip()
    units: list[str] = []
    pos = 0
    for m in _RUN.finditer(text):
        units += text[pos:m.start()].split()
        run = m.group()
        words = [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]
        if m.start() and text[m.start() - 1] == " ":
            words[0] = SPACE + words[0]
        if m.end() < len(text) and text[m.end()] == " ":
            words[-1] += SPACE
        units += words
        pos = m.end()
    units += text[pos:].split()
    if units:
        if lead and not units[0].startswith(SPACE):
            units[0] = SPACE + units[0]
        if trail and not units[-1].endswith(SPACE):
            units[-1] += SPACE
    return " ".join(units)


def text_of(words: str) -> str:
    """The text that :func:`pairs` wrote ``words`` from (white space as one space): what the dialog's
    script does for excerpts (``search-worker.js`` ``decode``), here for tests and tools."""
    out, prev_han, pending, first = [], False, False, True
    for unit in words.split(" "):
        if not unit:
            continue
        before, after = unit.startswith(SPACE), unit.endswith(SPACE)
        unit = unit.strip(SPACE)
        if not unit:
            pending = pending or before or after
            continue
        han = bool(_HAN1.match(unit))
        text = unit[0] + unit[2 if _HAN1.match(unit[1:]) else 1:] if han else unit
        if not first and (before or pending or (not han and not prev_han)):
            out.append(" ")
        out.append(text)
        prev_han, pending, first = han, after, False
    return "".join(out)


def field(text: object) -> str:
    """One field as an HTML paragraph of the index's words, ending in :data:`SPACE` ("" when empty)."""
    words = pairs(plain(text)) if text else ""
    return f"<p>{html.escape(words + SPACE, quote=False)}</p>" if words else ""


def plain(markdown: object) -> str:
    """Markdown as the text a reader sees (marks taken out, a link's text kept)."""
    text = _MD_BLOCK.sub("", str(markdown))
    return _MD_MARKS.sub("", _MD_LINK.sub(r"\1", text))


def _document(language: str, title: str, body: str) -> str:
    safe = html.escape(title)
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'<title>{safe}</title><meta data-pagefind-meta="title[content]" content="{safe}">'
            f"</head><body><main>{body}</main></body></html>")


def item_document(language: str, data: dict, department_name) -> str:
    """The document of one item; ``department_name(id) -> str``. The title results show is the item
    page's (markup characters as look-alikes: :func:`generator.pages.page_title`); the text searched
    is the title as written."""
    written = f"{data.get('id')} {data.get('title', '')}"
    title = page_title(written)
    texts = [data.get("description"), data.get("analysis")]
    actions = data.get("actions") if isinstance(data.get("actions"), list) else []
    texts += [a.get("text") for a in actions if isinstance(a, dict)]
    for name, key in (("reply", "text"), ("verification", "note")):
        part = data.get(name)
        texts.append(part.get(key) if isinstance(part, dict) else None)
    tags = data.get("tags") if isinstance(data.get("tags"), list) else []
    texts += [data.get("location"), " ".join(str(t) for t in tags),
              department_name(data.get("department")) if data.get("department") else None]
    body = "".join(field(t) for t in texts if isinstance(t, (str, int, float)) and str(t).strip())
    heading = html.escape(pairs(written) + SPACE, quote=False)
    return _document(language, title, f"<h1>{heading}</h1>{body}")


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>\s*</div>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def page_document(language: str, built: str) -> str | None:
    """The document of one built page of the theme (its article, its title); None if it has none."""
    article, title = _ARTICLE.search(built), _TITLE.search(built)
    if not article:
        return None
    parts = _TAG.split(article.group(1))
    for n in range(0, len(parts), 2):     # text between tags (entities stay as they are: no Han in them)
        if parts[n].strip():
            # beside a block's start or end there is a break the reader sees: a space in the excerpt
            block = (n > 0 and bool(_BLOCK.match(parts[n - 1])), n + 1 < len(parts) and bool(_BLOCK.match(parts[n + 1])))
            parts[n] = pairs(parts[n], edges=block)
    return _document(language, html.unescape(title.group(1)) if title else "", "".join(parts))
