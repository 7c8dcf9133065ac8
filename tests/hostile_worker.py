"""Run by tests/test_hostile.py in a child process under a time and memory limit: validate a register
(or some of its files) and render what the site would publish from it, then print the result as JSON.

    python tests/hostile_worker.py REGISTER [--only PATH] [--force]

``--force`` renders even when validation found errors, as a build with ``fail_on_problems: false``
does. The result: ``{"problems": [...], "seconds": …}`` plus, when something was rendered,
``"html"`` (page path → HTML as the site serves it inside the theme), ``"titles"`` (page path →
the page title the theme prints), ``"files"`` (data files, feeds and exports as text) and
``"items"`` (item id → its stored data), or ``"render_error"`` (a traceback) when rendering failed.
A crash while validating is a traceback on standard error and a non-zero exit.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import traceback
from pathlib import Path

AS_OF = dt.datetime.fromisoformat("2026-11-21T09:00:00+00:00")


def _page_html(markdown_text: str) -> str:
    """A generated page's Markdown as MkDocs turns it into HTML (raw HTML blocks kept)."""
    from generator import pages

    raw = getattr(pages, "raw_html", None)      # the plugin's shortcut for pages that are all HTML
    html = raw(markdown_text) if raw else None
    if html is None:
        import markdown
        html = markdown.markdown(markdown_text, extensions=["toc", "tables", "fenced_code"])  # MkDocs' defaults
    return html


def render(register) -> dict:
    from generator.clientdata import site_data
    from generator.exports import site_files
    from generator.pages import Pages, site_pages
    from generator.views import build_view

    items = [i.data for i in register.items if i.data]
    view = build_view(register.settings, items, AS_OF)
    helper = Pages(view)
    pages, titles = site_pages(view, helper)
    # item pages are the form's HTML put into the theme's page as it is (generator.itempages)
    html = {path: text if path.startswith("items/") else _page_html(text) for path, text in pages.items()}
    files = {path: data.decode("utf-8") for path, data in {**site_data(helper), **site_files(view)}.items()}
    return {"html": html, "titles": titles, "files": files,
            "items": {v.id: v.data for v in view.items}}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("register")
    parser.add_argument("--only", action="append", default=None)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)

    from generator.validate import validate_register

    start = time.monotonic()
    only = [Path(p) for p in args.only] if args.only else None
    register, problems = validate_register(Path(args.register), only=only, now=AS_OF)
    out: dict = {"problems": [p.as_dict() for p in problems.sorted()]}
    if args.force or not problems.has_errors():
        try:
            out.update(render(register))
        except Exception:  # reported, so the test can say what broke
            out["render_error"] = traceback.format_exc()
    out["seconds"] = time.monotonic() - start
    json.dump(out, sys.stdout, ensure_ascii=True, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
