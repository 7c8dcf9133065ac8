"""The site's search index: Pagefind, over small documents made for it, not over the built pages.

Why Pagefind (benchmarks/README.md has the figures): Material's search downloads the whole index
and builds it in the browser on every page view (about 3 s and 120 MB at 10 000 items); Pagefind
writes an index cut into chunks by word, and the browser loads only the chunks of the words it
looks for (0.3 s at 10 000 items, growing little). Its *extended* build segments Chinese words.

Pagefind indexes HTML files. The built pages carry the theme's chrome (header, navigation, footer)
that would have to be parsed and thrown away, so the build writes a bare document per searchable
page into a staging folder (:func:`item_document`, :func:`page_document`), with the same relative
paths as the site, and Pagefind writes its bundle into ``<site>/pagefind/``. Boxes marked
``data-search-exclude`` (labels, dates) are left out of the index.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"
EXCLUDE = "[data-search-exclude]"


class SearchIndexError(Exception):
    pass


# Chinese is indexed character by character. Pagefind's index cuts Chinese into words with its own
# dictionary, but the browser cuts the query with another (ICU's): 油烟 indexed as one word, queried
# as 油 + 烟, is never found. A zero-width space between Han characters makes every character a word
# in the index (and stays invisible in result excerpts); search.js cuts queries the same way, so any
# run of characters a page contains finds it.
_HAN_PAIR = re.compile("([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def item_document(language: str, title: str, content: str, heading: bool = True) -> str:
    """A bare page for the index: the title (safe text: id and title for an item, which is what a
    result shows and what an id search finds) and the content HTML."""
    h1 = f"<h1>{title}</h1>" if heading else ""
    body = _HAN_PAIR.sub("\\1\u200b", f"{h1}{content}")
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'<title>{title}</title><meta data-pagefind-meta="title[content]" content="{title}">'
            f"</head><body><main>{body}</main></body></html>")


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>\s*</div>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def page_document(language: str, built: str) -> str | None:
    """The bare page for one built page of the theme (its article and title); None if it has none."""
    article, title = _ARTICLE.search(built), _TITLE.search(built)
    if not article:
        return None
    return item_document(language, title.group(1) if title else "", article.group(1), heading=False)


def pagefind_command() -> list[str] | None:
    """How to run Pagefind: the Python package's binary (``pagefind[extended]``), else None."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pagefind"]


def build_index(staging: Path, site_dir: Path, language: str) -> Path:
    """Index every document under ``staging`` into ``<site_dir>/pagefind``; its path."""
    command = pagefind_command()
    if command is None:
        raise SearchIndexError("Pagefind is not installed: pip install 'pagefind[extended]'")
    out = Path(site_dir) / BUNDLE
    args = [*command, "--site", str(staging), "--output-path", str(out), "--exclude-selectors", EXCLUDE,
            "--force-language", language, "--silent"]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip()[-2000:]
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {detail}")
    return out
