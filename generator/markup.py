"""Untrusted Markdown (descriptions, analysis, actions, replies) to safe HTML.

Markdown is rendered with raw HTML *escaped* first (so ``<script>`` is text), then the result is
cleaned by ``nh3`` (a maintained HTML sanitiser, Rust's ammonia) with a small allow-list: no
scripts, no styles, no event attributes, links only to http(s) and mailto, never ``javascript:``
or ``data:``.
"""
from __future__ import annotations

import functools
import html

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td", "hr", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


_MD = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")

# Python-Markdown looks for the end of a link by scanning ahead from every "[" (and from every "]("
# for the address), so its work grows with the number of "[" times the length of the text: 10 000
# unmatched "[" take half a minute. Past this budget the brackets are written as the entity &#91;
# (shown the same, never a link), which bounds the work of any text within the schema's lengths.
LINK_SCAN_BUDGET = 2_000_000


def render_markdown(text: object) -> str:
    return _render("" if text is None else str(text))


@functools.lru_cache(maxsize=4096)
def _render(text: str) -> str:
    """Pure and deterministic, so repeated texts (and rebuilds within one process) are rendered once.
    One ``Markdown`` instance is reused (``reset()`` between texts): building one costs more than
    converting a typical field."""
    source = html.escape(text, quote=False)
    if source.count("[") * len(source) > LINK_SCAN_BUDGET:
        source = source.replace("[", "&#91;")
    try:
        rendered = _MD.reset().convert(source)
    except RecursionError:  # lists nested thousands deep ("- - - - … x"): shown as the text it is
        rendered = "<p>" + source.replace("\n", "<br>\n") + "</p>"
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")
