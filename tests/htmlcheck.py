"""What "inert" means for HTML made from untrusted text (shared by test_hostile and test_fuzz):
:func:`markup_problems` lists everything in a page that could be markup from the input."""
from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "srcset",
                  "xlink:href", "longdesc", "usemap", "manifest", "ping", "icon", "codebase", "archive"}
TEXT_ATTRIBUTES = {"title", "alt", "aria-label"}          # shown as text: may quote the input
# never in a page made from the register (the theme's own pages have scripts and links: tested apart)
FORBIDDEN_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
                  "link", "img", "image", "math", "template", "noscript", "xmp", "plaintext", "portal", "details",
                  "dialog", "marquee", "audio", "video", "source", "track"}
THEME_TAGS = {"script", "link", "meta", "style", "noscript", "img"}   # the theme's own page around the content
C0_AND_SPACE = "".join(map(chr, range(0x21)))
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_problem(value: str) -> str | None:
    """A URL is fine when it is relative (no scheme) or http(s)/mailto, read as a browser reads it
    (tabs and line breaks inside are dropped, leading spaces and controls ignored)."""
    url = re.sub(r"[\t\n\r]", "", value).strip(C0_AND_SPACE)
    scheme = SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
        return f"URL with scheme {scheme.group(1)!r}: {value[:80]!r}"
    return None


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list]] = []
        self.raw_text: list[tuple[str, str]] = []   # (script|style, content)
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.lasttag in ("script", "style") and self.cdata_elem is not None:
            self.raw_text.append((self.lasttag, data))
        else:
            self.text.append(data)


def parse_html(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def markup_problems(html: str, allowed_tags: set[str] | None, allowed_attributes: set[str] | None,
                    scripts_allowed: bool = False) -> list[str]:
    """What in ``html`` could be markup from an item: forbidden or unknown elements and attributes,
    event handlers, styles, URLs other than relative/http(s)/mailto, the corpus's markers (``xss``,
    ``alert(``) anywhere but in text."""
    found = []
    doc = parse_html(html)
    for tag, attrs in doc.elements:
        if tag in FORBIDDEN_TAGS and not (scripts_allowed and tag in THEME_TAGS):
            found.append(f"<{tag}> element")
        elif allowed_tags is not None and tag not in allowed_tags:
            found.append(f"unexpected <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"event handler {name}= on <{tag}>")
            if name in ("style", "srcdoc", "formaction") or "xss" in name:
                found.append(f"attribute {name}= on <{tag}>")
            if allowed_attributes is not None and name not in allowed_attributes and not name.startswith("data-"):
                found.append(f"unexpected attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES:
                problem = url_problem(value)
                if problem:
                    found.append(f"<{tag} {name}>: {problem}")
            # item text may sit, escaped, in a text attribute, a URL (checked above) or, in a build
            # that ignores problems, a data attribute or class; anywhere else it is out of place
            if (name not in TEXT_ATTRIBUTES | URL_ATTRIBUTES | {"class"} and not name.startswith("data-")
                    and re.search(r"xss|alert\(", value, re.I)):
                found.append(f"input in attribute {name}= of <{tag}>: {value[:80]!r}")
    for tag, content in doc.raw_text:
        if re.search(r"xss|alert\(|</?script", content, re.I):
            found.append(f"input inside <{tag}>: {content[:80]!r}")
    if not scripts_allowed and re.search(r"<script", html, re.I):
        found.append("<script in the HTML")
    return found
