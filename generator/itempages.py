"""Item pages on a lean path: one theme render for all of them, then string assembly, on every core.

A register has thousands of item pages and a handful of other pages. Sent through the site engine
one by one, each item page would be converted from Markdown (its HTML block parsed again), rendered
through the whole theme (navigation, header, footer) and indexed for search: about 10 ms a page.
All item pages share the same chrome: same depth (``items/<ID>/``), same navigation, no table of
contents. So the engine renders one *shell* page whose title, address and content are markers
(:data:`SHELL_PATH`); :class:`Shell` cuts it at the markers, and every item page is the shell with
the item's title, id and content put in. Rendering runs in forked worker processes when there are
enough items to pay for them (``fork`` shares the register without copying it).

No engine import here: the plugin adapts this to MkDocs.
"""
from __future__ import annotations

import gzip
import hashlib
import html as _html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .workers import fork_map

SHELL_ID = "FBR-SHELL-0000"
SHELL_PATH = f"items/{SHELL_ID}/index.md"
TITLE_MARK = "FBRSHELLTITLEMARK"
CONTENT_MARK = '<div class="fbr-shell-content"><h1>FBRSHELLCONTENTMARK</h1></div>'
SAFE_ID = re.compile(r"[A-Z][A-Z0-9]{0,9}-[0-9]{4}-[0-9]{4,6}")   # validate.ID_FORM: never a path
PARALLEL_FROM = 400   # items: below this a worker process costs more than it saves
SITEMAP_ONE_FILE = 1_000   # addresses: more, and sitemap.xml is an index of files (add_to_sitemap)
SITEMAP_MAX = 50_000       # addresses in one sitemap file (the sitemap protocol's limit)


class ShellError(Exception):
    pass


@dataclass
class Shell:
    """The theme's page around an item's content, cut at the markers."""

    before: str
    after: str

    @classmethod
    def from_page(cls, html: str) -> "Shell":
        if html.count(CONTENT_MARK) != 1:
            raise ShellError("the theme's item page shell lost its content marker (a template override?)")
        before, after = html.split(CONTENT_MARK)
        return cls(before, after)

    def digest(self) -> str:
        """What every item page shares: the theme's chrome around the content (navigation, scripts,
        the site's name and address)."""
        return hashlib.sha256((self.before + "\0" + self.after).encode()).hexdigest()

    def page(self, item_id: str, title: str, content: str) -> str:
        """``title`` must already be safe HTML text (:func:`generator.pages.page_title`)."""
        def fill(part: str) -> str:
            return part.replace(TITLE_MARK, title).replace(SHELL_ID, item_id)
        return fill(self.before) + content + fill(self.after)


def page_key(content_key: str, shell_digest: str, title: str) -> str:
    """The key of a whole item page: its content's (pagecache.key), the chrome's and its title."""
    return hashlib.sha256(f"{content_key}\0{shell_digest}\0{title}".encode()).hexdigest()


def write_pages(shell: Shell, jobs: list[tuple[str, str, object, str]], render, site_dir: Path, current,
                workers: int | None = None) -> int:
    """Write ``items/<id>/index.html`` for each ``(id, title, view, key)`` whose page is not already
    in ``site_dir`` for that key (``current(id, key)``: the previous build's page, kept); a page
    there that is not current is replaced by a new file. Returns the number of pages written."""
    base = Path(site_dir) / "items"
    todo = [job for job in jobs if SAFE_ID.fullmatch(job[0]) and not current(job[0], job[3])]

    def one(job) -> None:
        item_id, title, view, _ = job
        text = shell.page(item_id, title, render(view))
        path = base / item_id / "index.html"
        if path.exists():    # the previous build's page, out of date: a new file in its place
            tmp = path.with_name(f".index.html.{os.getpid()}.tmp")
            _write(tmp, text)
            os.replace(tmp, path)
        else:
            _write(path, text)

    fork_map(one, todo, PARALLEL_FROM, workers)
    return len(todo)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8", errors="xmlcharrefreplace"))


def add_to_sitemap(site_dir: Path, urls: list[str], base: str = "") -> None:
    """Put the item pages into the engine's ``sitemap.xml`` (and ``.gz``) and take the shell out.

    Past :data:`SITEMAP_ONE_FILE` addresses, ``sitemap.xml`` becomes a sitemap index of
    ``sitemap-pages.xml`` (the engine's pages) and ``sitemap-items-<n>.xml`` (at most
    :data:`SITEMAP_MAX` addresses each, the protocol's limit): search engines read either form, and
    Material's script, which fetches ``sitemap.xml`` and parses it on every page view (a quarter of a
    second at 10 000 items), then reads a short file. ``base``: the site's address (site_url)."""
    path = Path(site_dir) / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\s*<url>(?:(?!</url>).)*" + re.escape(SHELL_ID) + r".*?</url>", "", text, flags=re.S)
    lastmod = re.search(r"<lastmod>([^<]*)</lastmod>", text)
    stamp = f"\n         <lastmod>{lastmod.group(1)}</lastmod>" if lastmod else ""

    def entries(chunk):
        return "".join(f"\n    <url>\n         <loc>{_html.escape(u)}</loc>{stamp}\n    </url>" for u in chunk)

    if text.count("<url>") + len(urls) <= SITEMAP_ONE_FILE:
        text = text.replace("\n</urlset>", entries(urls) + "\n</urlset>", 1)
    else:
        head = text[:text.index("<urlset")]
        opening = text[text.index("<urlset"):text.index(">", text.index("<urlset")) + 1]
        parts = {"sitemap-pages.xml": text}
        for n in range(0, len(urls), SITEMAP_MAX):
            parts[f"sitemap-items-{n // SITEMAP_MAX + 1}.xml"] = (f"{head}{opening}{entries(urls[n:n + SITEMAP_MAX])}"
                                                                  "\n</urlset>\n")
        for name, body in parts.items():
            (Path(site_dir) / name).write_text(body, encoding="utf-8")
        listed = "".join(f"\n    <sitemap>\n         <loc>{_html.escape(f'{base}/{name}')}</loc>{stamp}\n    </sitemap>"
                         for name in parts)
        text = (f'{head}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{listed}'
                "\n</sitemapindex>\n")
    path.write_text(text, encoding="utf-8")
    gz = path.with_name("sitemap.xml.gz")
    if gz.exists():
        gz.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
