"""Untrusted Markdown (descriptions, analysis, actions, replies) to safe HTML.

Markdown is rendered with raw HTML *escaped* first (``<`` and ``&``, so ``<script>`` is text; ``>`` is
kept, since without ``<`` it cannot open a tag, and it starts the quotes people type), then the result is
cleaned by ``nh3`` (a maintained HTML sanitiser, Rust's ammonia) with a small allow-list: no
scripts, no styles, no event attributes, links only to http(s) and mailto, never ``javascript:``
or ``data:``. The work is bounded: text shaped to make the Markdown parser slow is shown as plain
text (see ``MARKDOWN_BUDGET``).
"""
from __future__ import annotations

import functools
import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td", "hr", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


# What staff type in a description: lists (1. / - ), quotes (> 客人原话), fenced code or log lines (```),
# tables, headings, and line breaks that stay line breaks (nl2br: a register entry is not prose).
_MD = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code", "nl2br"], output_format="html")
_AMP, _LT = "\ue000", "\ue001"
_STANDINS = re.compile("[\ue000\ue001]")
# A list or a quote straight after a line of text ("处理经过:" then "1. …"), as people type it, starts
# a block of its own (Markdown would otherwise run it into the paragraph).
_BLOCK_AFTER_TEXT = re.compile(r"(?m)^((?![ \t]*(?:[-*+]|\d{1,9}[.)]|>))[ \t]*\S.*)\n(?=[ \t]*(?:[-*+]|\d{1,9}[.)]|>)[ \t])")
# Headings inside a field sit below the form's own section headings (h2): # and ## become h3, the rest h4.
_HEADING = re.compile(r"<(/?)h([1-6])>")

# Python-Markdown's work on hostile text grows with the square of its length (measured on 20 000
# characters, the longest description: "[" × 20 000 takes half a minute, "=\n" × 10 000 ten seconds):
# * it looks for the end of a link by scanning ahead from every "[" (and every "](" for the address):
#   past LINK_SCAN_BUDGET (number of "[" × length) the brackets are written as the entity &#91;
#   (shown the same, never a link);
# * every inline match and every block rebuilds the rest of the text: past MARKDOWN_BUDGET (characters
#   that can start markup × length) or MAX_MARKUP_CHARS the text is shown as plain text, its lines
#   and paragraphs kept.
# So any field takes well under a second, and a whole item file (at most 256 KiB) a few seconds at
# worst; real texts stay below the limits (a Markdown-heavy 20 000-character text, the start of this
# project's README, has 1 475 such characters and costs three quarters of MARKDOWN_BUDGET).
LINK_SCAN_BUDGET = 2_000_000
MARKDOWN_BUDGET = 40_000_000
MAX_MARKUP_CHARS = 2_000
MARKUP_CHARS = "\n&[]!*_`\\#=-|<>"


def _plain(source: str) -> str:
    """Escaped text as HTML without Markdown: paragraphs at blank lines, line breaks kept."""
    paragraphs = [part.strip("\n") for part in re.split(r"\n[ \t]*\n", source)]
    return "".join("<p>" + part.replace("\n", "<br>\n") + "</p>\n" for part in paragraphs if part.strip())


def render_markdown(text: object) -> str:
    return _render("" if text is None else str(text))


@functools.lru_cache(maxsize=4096)
def _render(text: str) -> str:
    """Pure and deterministic, so repeated texts (and rebuilds within one process) are rendered once.
    One ``Markdown`` instance is reused (``reset()`` between texts): building one costs more than
    converting a typical field."""
    # "<" and "&" become private-use stand-ins that Markdown leaves alone (so nothing can open a tag or
    # spell an entity, and code blocks show them once, not as "&amp;lt;"); put back escaped at the end
    source = _STANDINS.sub("\ufffd", text).replace("&", _AMP).replace("<", _LT)
    source = _BLOCK_AFTER_TEXT.sub("\\1\n\n", source)
    if source.count("[") * len(source) > LINK_SCAN_BUDGET:
        source = source.replace("[", "&#91;")
    markup = sum(map(source.count, MARKUP_CHARS))
    if markup > MAX_MARKUP_CHARS or markup * len(source) > MARKDOWN_BUDGET:
        rendered = _plain(source)
    else:
        try:
            rendered = _MD.reset().convert(source)
        except RecursionError:  # lists nested thousands deep ("- - - - … x")
            rendered = _plain(source)
    rendered = rendered.replace(_AMP, "&amp;").replace(_LT, "&lt;")
    rendered = _HEADING.sub(lambda m: f"<{m[1]}h{3 if m[2] in '12' else 4}>", rendered)
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")
