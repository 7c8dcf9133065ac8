"""Untrusted Markdown (descriptions, analysis, actions, replies) to safe HTML.

Markdown is rendered with raw HTML *escaped* first (so ``<script>`` is text), then the result is
cleaned by ``nh3`` (a maintained HTML sanitiser, Rust's ammonia) with a small allow-list: no
scripts, no styles, no event attributes, links only to http(s) and mailto, never ``javascript:``
or ``data:``.
"""
from __future__ import annotations

import html

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td", "hr", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: object) -> str:
    source = html.escape("" if text is None else str(text), quote=False)
    rendered = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")
