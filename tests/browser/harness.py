"""Shared by the browser tests (conftest.py) and screenshots.py: build the sample site, serve it, drive Chromium.

Nothing here reaches the network: the site is served from 127.0.0.1 and every request to another
origin is recorded and aborted.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
AS_OF = "2026-11-21T09:00:00+08:00"
VIEWPORT = {"width": 1280, "height": 800}

# One URL per page kind of the sample site.
PAGES = {
    "dashboard": "/",
    "ledger": "/register/",
    "departments": "/departments/",
    "department": "/departments/front-office/",
    "overdue": "/overdue/",
    "item": "/items/FB-2026-0036/",
    "about": "/about/",
    "submit": "/submit/",
    "how-to-submit": "/how-to-submit/",
    "fields": "/fields/",
    "import": "/import/",
}


def browser_tests_required() -> bool:
    return os.environ.get("FBREG_BROWSER_TESTS", "").strip().lower() == "required"


def build_sample_site(dest: Path, as_of: str = AS_OF) -> Path:
    """Build the sample register (register/, the project's mkdocs.yml) into ``dest`` as of ``as_of``."""
    from generator.engine import build_site

    return build_site(str(ROOT / "mkdocs.yml"), site_dir=str(dest), as_of=dt.datetime.fromisoformat(as_of))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the origin, e.g. ``http://127.0.0.1:41234``."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fbreg-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def is_local(url: str, origin: str) -> bool:
    """Same origin as the served site (data: and blob: URLs are local too)."""
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return url == origin or url.startswith(origin + "/")


class Recorder:
    """Console errors, uncaught exceptions and requests to other origins seen by one page."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        self.reported = 0

    def attach(self, context, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception on {page.url}: {exc}"))
        page.on("websocket", lambda ws: self._request(ws.url, "websocket"))
        context.on("request", lambda req: self._request(req.url, req.resource_type))
        # Never let a request leave the machine: record it (above) and abort it.
        context.route(lambda url: not is_local(url, self.origin), lambda route: route.abort())

    def _console(self, msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
            self.problems.append(f"console error: {msg.text}{where}")

    def _request(self, url: str, kind: str) -> None:
        if not is_local(url, self.origin):
            self.problems.append(f"request to another origin ({kind}): {url}")

    def new_problems(self) -> list[str]:
        """Problems not yet reported, and mark them reported."""
        found = self.problems[self.reported:]
        self.reported = len(self.problems)
        return found


def run_axe(page) -> list[dict]:
    """Inject axe-core into the page and return its serious and critical violations."""
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", []):
            target = " > ".join(str(t) for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            html = " ".join((node.get("html") or "").split())
            lines.append(f"    at {target}: {html[:200]}")
            if summary:
                lines.append(f"       {summary[:400]}")
    return "\n".join(lines)
