"""Search benchmark: how Material's built-in search copes with a large register.

    .venv/bin/python benchmarks/search.py                       # 10 000 items, baseline 1 000
    .venv/bin/python benchmarks/search.py --items 3000 --baseline 500 --runs 2 --work /tmp/fbreg-bench
    .venv/bin/python benchmarks/search.py --write-readme        # also update benchmarks/README.md

For each size (the baseline first, measured in the same run) it generates a synthetic register
(benchmarks/generate_register.py, fixed seed), builds the site with ``fbreg build --as-of`` and
reports the build time, the size of ``search/search_index.json`` (raw and gzip) and its number of
documents. It then serves the site on 127.0.0.1 and drives headless Chromium (playwright) on the
home page:

* **ready**: from navigation start until the search worker answers READY, i.e. the index was
  fetched and parsed, posted to the worker and the lunr index built there (Material does this on
  every page load over http, not on first use);
* **cold**: a query typed as soon as the DOM is ready (DOMContentLoaded); time from typing until the
  first ``.md-search-result__item`` is in the DOM, and from navigation start;
* **warm**: a query typed after READY; time from typing until its first result is in the DOM;
* **heap**: the worker's JS heap (after a forced GC) and the page's, via the DevTools protocol;
* **long tasks**: main-thread tasks over 50 ms during load (the page is unresponsive meanwhile).

The server gzips text like GitHub Pages does. Each timing is the median of ``--runs`` page loads in
fresh browser contexts (no cache), after one uncounted warm-up load.

If a Python with the ``pagefind`` package is at hand (``pip install 'pagefind[extended]'``; this
venv, or ``--pagefind-python PY``), the same sites are also indexed with Pagefind and searched
through its JavaScript API from a blank page of the same origin, for comparison.

Results are printed, written as JSON into the work folder, and with ``--write-readme`` put into
benchmarks/README.md between the ``search-results`` markers.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import cpu_model, load, memory_kb, write_block  # benchmarks/ is first on sys.path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
AS_OF = "2026-11-21T09:00:00+08:00"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
QUERIES = {"zh": "空调", "id": "FB-2025-0123"}     # a common Chinese word (air conditioning); an item id
README = HERE / "README.md"
START, END = "<!-- search-results:start -->", "<!-- search-results:end -->"


def _load_generator():
    return load("generate_register")


# ---------------------------------------------------------------------------------------------
# build

def build(project: Path, retries: int = 3, wait: int = 60) -> dict:
    """``fbreg build`` in ``project``; retried after ``wait`` s if it fails (e.g. a half-finished edit)."""
    failures = []
    for attempt in range(retries + 1):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "generator", "build", "--as-of", AS_OF, "-d", "site"],
                              cwd=project, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if proc.returncode == 0:
            return {"seconds": round(seconds, 1), "failed_attempts": failures,
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
        failures.append({"at": dt.datetime.now().isoformat(timespec="seconds"), "exit": proc.returncode,
                         "stderr_tail": proc.stderr.strip().splitlines()[-5:]})
        print(f"  build failed (exit {proc.returncode}); {'retrying in %d s' % wait if attempt < retries else 'giving up'}:\n    "
              + "\n    ".join(failures[-1]["stderr_tail"]), file=sys.stderr)
        if attempt < retries:
            time.sleep(wait)
    raise SystemExit(f"build of {project} failed {retries + 1} times")


def index_stats(site: Path) -> dict:
    path = site / "search" / "search_index.json"
    raw = path.read_bytes()
    data = json.loads(raw)
    docs = data.get("docs", [])
    pages = {d["location"].split("#")[0] for d in docs}
    html_pages = sum(1 for _ in site.rglob("*.html"))
    site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6)), "docs": len(docs), "pages_indexed": len(pages),
            "item_docs": sum(1 for d in docs if d["location"].startswith("items/")),
            "config": data.get("config", {}), "html_pages": html_pages, "site_mb": round(site_bytes / 2 ** 20, 1)}


# ---------------------------------------------------------------------------------------------
# browser

# Search results in the DOM, of the site's dialog (assets/fbr/search.js), Material's search dialog or
# Pagefind's Default UI (any counts); a result counts once it has its link (Pagefind's UI first shows
# placeholders while it loads them).
RESULT_SELECTOR = ".fbr-search__result, .md-search-result__item, .pagefind-ui__result"
LINKED_SELECTOR = ".fbr-search__result a[href], .md-search-result__item a[href], .pagefind-ui__result a[href]"
# Where a query is typed, by preference: the site's dialog, Pagefind's Default UI, Material's header, any box.
INPUT_SELECTOR = "input.fbr-search__input, .pagefind-ui__search-input, input.md-search__input, input[type=search]"

# Recorded in the page, on the page's own clock (performance.now(), 0 = navigation start).
INIT_SCRIPT = """
(() => {
  const SEL = %s, LINKED = %s;
  const rec = window.__bench = {ready: null, results: [], first: null, typed: null, longtasks: [], worker: false};
  const W = window.Worker;
  window.Worker = function (url, opts) {          // listen to Material's search worker
    const w = new W(url, opts);
    if (/workers\\/search/.test(String(url))) {
      rec.worker = true;
      w.addEventListener('message', ev => {
        const t = performance.now(), m = ev.data || {};
        if (m.type === 1 && rec.ready === null) rec.ready = t;                  // READY
        if (m.type === 3) rec.results.push([t, (m.data && m.data.items || []).length]);  // RESULT
      });
    }
    return w;
  };
  window.Worker.prototype = W.prototype;
  try {
    new PerformanceObserver(list => { for (const e of list.getEntries()) rec.longtasks.push([e.startTime, e.duration]); })
      .observe({type: 'longtask', buffered: true});
  } catch (e) {}
  new MutationObserver(muts => {                  // first result item rendered after typing
    if (rec.typed === null || rec.first !== null) return;
    if (rec.engine === 'material' && rec.worker) {
      // Material: a result of the worker since typing (not a late render of the previous query)
      if (!rec.results.some(([t]) => t >= rec.typed)) return;
      for (const m of muts) for (const n of m.addedNodes)
        if (n.nodeType === 1 && (n.matches(SEL) || n.querySelector(SEL))) { rec.first = performance.now(); return; }
      return;
    }
    for (const a of document.querySelectorAll(LINKED))      // any other UI: a result link not there before
      if (!a.__benchStale) { rec.first = performance.now(); return; }
  }).observe(document, {childList: true, subtree: true});
})();
""" % (json.dumps(RESULT_SELECTOR), json.dumps(LINKED_SELECTOR))

# Open the search as a user does: Material's header button toggles the #__search checkbox (a dialog
# that loads its UI on first opening appears then; the site's dialog starts its worker). Not when the
# box is already on the page, visible (Material's header box on a wide screen).
OPEN = """(sel) => {
  const box = document.querySelector(sel);
  if (box && box.offsetParent !== null) return null;
  const toggle = document.getElementById('__search');
  if (!toggle) return null;
  const now = performance.now();
  if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event('change', {bubbles: true})); }
  return now;
}"""

TYPE = """([q, sel, linked]) => {
  const el = document.querySelector(sel);
  const rec = window.__bench;
  rec.engine = el.matches('.md-search__input') ? 'material' : el.matches('.pagefind-ui__search-input') ? 'pagefind'
    : el.matches('.fbr-search__input') ? 'pagefind (worker)' : 'other';
  document.querySelectorAll(linked).forEach(a => { a.__benchStale = true; });   // results of an earlier query
  el.focus(); el.value = q;
  rec.first = null; rec.typed = performance.now();
  el.dispatchEvent(new Event('input', {bubbles: true}));                         // Pagefind's UI reads input events
  el.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));   // Material reads the value on keyup
  return rec.engine;
}"""

RESULT = """([sel, linked]) => {
  const rec = window.__bench, nav = performance.getEntriesByType('navigation')[0];
  const idx = performance.getEntriesByType('resource').find(e => e.name.includes('search_index.json'));
  const last = rec.results.filter(([t]) => t >= rec.typed).pop();
  const message = document.querySelector('.fbr-search__message, .pagefind-ui__message');
  const said = message && /([0-9][0-9,]*)/.exec(message.textContent);
  const top = [...document.querySelectorAll(linked)].find(a => !a.__benchStale);
  return {typed: rec.typed, first: rec.first, ready: rec.ready, engine: rec.engine,
          count: last ? last[1] : said ? Number(said[1].replace(/,/g, '')) : document.querySelectorAll(sel).length,
          top: top ? new URL(top.href).pathname : null,
          dcl: nav.domContentLoadedEventStart, load: nav.loadEventEnd,
          index_fetched: idx ? idx.responseEnd : null, index_transfer: idx ? idx.transferSize : null,
          longtasks: rec.longtasks.filter(([s]) => s < (rec.ready || 1e12))};
}"""


def launch(playwright):
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_page(browser, url: str, timeout_ms: int = 180_000):
    """A fresh context (nothing cached) with the recorder; the page loaded up to DOMContentLoaded."""
    context = browser.new_context(bypass_csp=True)   # wait_for_function evaluates strings: the site forbids that
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    return context, page


def type_query(page, query: str, timeout_ms: int = 180_000, polling: int = 10) -> dict:
    """Open the search if its box is not there yet, type ``query`` once the box exists, and wait for
    the first result in the DOM. The page's record, in ms since navigation start: ``opened`` (None
    when the box was already there), ``typed``, ``first``, ``start`` (opened, else typed); and
    ``count``, ``top``, ``engine`` (material, pagefind or other), load figures."""
    opened = page.evaluate(OPEN, INPUT_SELECTOR)
    page.wait_for_function(f"document.querySelector({json.dumps(INPUT_SELECTOR)}) !== null",
                           timeout=timeout_ms, polling=polling)
    page.evaluate(TYPE, [query, INPUT_SELECTOR, LINKED_SELECTOR])
    page.wait_for_function("window.__bench.first !== null", timeout=timeout_ms, polling=polling)
    r = page.evaluate(RESULT, [RESULT_SELECTOR, LINKED_SELECTOR])
    r["opened"] = opened
    r["start"] = opened if opened is not None else r["typed"]
    return r


def cold_first_result(url: str, queries: dict[str, str], runs: int = 3, timeout_ms: int = 180_000) -> dict:
    """What a user who searches at once gets: for each query, in a fresh context, at DOMContentLoaded
    the search is opened if its box is not on the page yet (a dialog that loads its UI then) and the
    query typed as soon as the box exists; the time to the first result in the DOM from that start
    (``from_start_ms``), from typing and from navigation start (medians of ``runs`` page loads after
    one uncounted warm-up load). Works with Material's search and with Pagefind's Default UI."""
    from playwright.sync_api import sync_playwright

    times: dict = {k: {"from_start": [], "from_typing": [], "from_navigation": []} for k in queries}
    info: dict = {"counts": {}, "top": {}, "engine": None}
    with sync_playwright() as p:
        browser = launch(p)
        try:
            warm_up = browser.new_context(bypass_csp=True)
            warm_up.new_page().goto(url, wait_until="load", timeout=timeout_ms)
            warm_up.close()
            for _ in range(runs):
                for kind, query in queries.items():
                    context, page = open_page(browser, url, timeout_ms)
                    try:
                        r = type_query(page, query, timeout_ms, polling=10)
                    finally:
                        context.close()
                    times[kind]["from_start"].append(r["first"] - r["start"])
                    times[kind]["from_typing"].append(r["first"] - r["typed"])
                    times[kind]["from_navigation"].append(r["first"])
                    info["opened"] = r["opened"] is not None
                    info["counts"][kind], info["top"][kind], info["engine"] = r["count"], r["top"], r["engine"]
            info["chromium"] = browser.version
        finally:
            browser.close()
    med = statistics.median
    return {"from_start_ms": {k: round(med(v["from_start"]), 1) for k, v in times.items()},
            "from_typing_ms": {k: round(med(v["from_typing"]), 1) for k, v in times.items()},
            "from_navigation_ms": {k: round(med(v["from_navigation"]), 1) for k, v in times.items()},
            "all_from_start_ms": {k: [round(x, 1) for x in v["from_start"]] for k, v in times.items()},
            "opened_dialog": info.get("opened"),
            "result_counts": info["counts"], "top_result": info["top"], "engine": info["engine"],
            "chromium": info.get("chromium"), "runs": runs, "queries": queries}


class Server:
    """A static server on 127.0.0.1 that gzips text like GitHub Pages or nginx do (level 6, cached)."""

    def __init__(self, directory: Path):
        cache: dict = {}

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/__blank__.html":           # a page without Material's search, same origin
                    body = b"<!doctype html><html lang=zh><meta charset=utf-8><title>blank</title>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                path = Path(self.translate_path(self.path))
                if path.is_dir() and self.path.split("?")[0].endswith("/"):
                    path = path / "index.html"
                if (path.suffix not in (".html", ".json", ".js", ".css", ".xml", ".svg")
                        or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()):
                    return super().do_GET()
                if path not in cache:
                    cache[path] = gzip.compress(path.read_bytes(), 6)
                body = cache[path]
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        class Httpd(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                    super().handle_error(request, client_address)     # a closed page dropping a download is normal

        self.httpd = Httpd(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _worker_heap(browser, page) -> int | None:
    """Used JS heap (and array-buffer backing store) of the page's worker after a GC, through DevTools."""
    cdp = browser.new_browser_cdp_session()
    try:
        workers = [t for t in cdp.send("Target.getTargets")["targetInfos"] if t["type"] == "worker"]
        if not workers:
            return None
        replies = {}

        def on_message(ev):
            msg = json.loads(ev["message"])
            if "id" in msg:
                replies[msg["id"]] = msg.get("result")
        cdp.on("Target.receivedMessageFromTarget", on_message)
        sid = cdp.send("Target.attachToTarget", {"targetId": workers[0]["targetId"], "flatten": False})["sessionId"]
        for i, method in enumerate(("HeapProfiler.collectGarbage", "Runtime.getHeapUsage"), 1):
            cdp.send("Target.sendMessageToTarget", {"sessionId": sid, "message": json.dumps({"id": i, "method": method})})
        deadline = time.time() + 20
        while 2 not in replies and time.time() < deadline:
            page.wait_for_timeout(50)          # lets playwright deliver the CDP events (time.sleep would not)
        usage = replies.get(2) or {}
        if "usedSize" not in usage:
            return None
        return usage["usedSize"] + usage.get("backingStorageSize", 0)   # + ArrayBuffers (WebAssembly memory)
    finally:
        cdp.detach()


def measure_browser(url: str, runs: int, timeout_ms: int = 180_000) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"cold": {k: [] for k in QUERIES}, "warm": {k: [] for k in QUERIES}, "ready": [], "dcl": [],
                 "load": [], "index_fetched": [], "longtask_total": [], "longtask_max": [], "counts": {}, "top": {}}
    with sync_playwright() as p:
        browser = launch(p)
        try:
            warm_up = browser.new_context(bypass_csp=True)                   # first load after launch is slower: not counted
            warm_up.new_page().goto(url, wait_until="load", timeout=timeout_ms)
            warm_up.close()
            for run in range(runs):
                for cold_kind, cold_query in QUERIES.items():
                    context, page = open_page(browser, url, timeout_ms)     # fresh: nothing cached
                    r = type_query(page, cold_query, timeout_ms, polling=50)   # typed at DOMContentLoaded
                    out["cold"][cold_kind].append({"from_typing": r["first"] - r["typed"], "from_navigation": r["first"]})
                    if cold_kind == "zh":                   # load figures once per run
                        out["ready"].append(r["ready"])
                        out["dcl"].append(r["dcl"])
                        out["load"].append(r["load"])
                        out["index_fetched"].append(r["index_fetched"])
                        out["index_transfer"] = r["index_transfer"]
                        out["longtask_total"].append(sum(d for _, d in r["longtasks"]))
                        out["longtask_max"].append(max([d for _, d in r["longtasks"]], default=0))
                    for kind in (k for k in QUERIES if k != cold_kind):   # then a warm query of the other kind
                        w = type_query(page, QUERIES[kind], timeout_ms)
                        out["warm"][kind].append(w["first"] - w["typed"])
                        out["counts"][kind], out["top"][kind] = w["count"], w["top"]
                    w = type_query(page, QUERIES[cold_kind] + " ", timeout_ms)   # and the cold one again, warm
                    out["warm"][cold_kind].append(w["first"] - w["typed"])
                    out["counts"][cold_kind], out["top"][cold_kind] = w["count"], w["top"]
                    if run == 0 and cold_kind == "zh":
                        cdp = context.new_cdp_session(page)
                        cdp.send("HeapProfiler.collectGarbage")
                        out["page_heap"] = cdp.send("Runtime.getHeapUsage")["usedSize"]
                        out["worker_heap"] = _worker_heap(browser, page)
                        out["chromium"] = browser.version
                    context.close()
        finally:
            browser.close()
    med = statistics.median
    return {
        "ready_ms": med(out["ready"]), "dcl_ms": med(out["dcl"]), "load_ms": med(out["load"]),
        "index_fetched_ms": med(out["index_fetched"]), "index_transfer_bytes": out.get("index_transfer"),
        "worker_build_ms": med(r - f for r, f in zip(out["ready"], out["index_fetched"])),
        "cold_from_typing_ms": {k: med(x["from_typing"] for x in v) for k, v in out["cold"].items()},
        "cold_from_navigation_ms": {k: med(x["from_navigation"] for x in v) for k, v in out["cold"].items()},
        "warm_ms": {k: med(v) for k, v in out["warm"].items()},
        "longtask_total_ms": med(out["longtask_total"]), "longtask_max_ms": med(out["longtask_max"]),
        "result_counts": out["counts"], "top_result": out["top"],
        "page_heap_mb": round(out.get("page_heap", 0) / 2 ** 20, 1),
        "worker_heap_mb": round(out["worker_heap"] / 2 ** 20, 1) if out.get("worker_heap") else None,
        "chromium": out.get("chromium"), "runs": runs,
    }


# ---------------------------------------------------------------------------------------------
# the alternative: Pagefind (chunked index), measured on the same site when it is installed

PAGEFIND_ROOT = "article.md-content__inner"       # index the page content, not Material's header and nav

PAGEFIND_JS = """async q => {
  const t0 = performance.now();
  const pf = window.__pf || (window.__pf = await import('/pagefind/pagefind.js'));
  await pf.init();
  const s = await pf.search(q);
  const top = s.results.length ? await s.results[0].data() : null;   // what a result list shows first
  return {ms: performance.now() - t0, count: s.results.length, top: top && top.url};
}"""


def pagefind_python(explicit: str | None) -> str | None:
    """A Python that has the ``pagefind`` package (``pip install 'pagefind[extended]'``), or None."""
    for candidate in ([explicit] if explicit else []) + [sys.executable]:
        if candidate and subprocess.run([candidate, "-c", "import pagefind"], capture_output=True).returncode == 0:
            return candidate
    return None


def pagefind_index(python: str, site: Path) -> dict:
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.run([python, "-m", "pagefind", "--site", str(site), "--root-selector", PAGEFIND_ROOT],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError("pagefind failed:\n" + proc.stdout[-2000:] + proc.stderr[-2000:])
    bundle = site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    chunks = list(bundle.glob("index/*.pf_index"))
    words = re.search(r"Indexed (\d+) words", proc.stdout)
    return {"seconds": round(seconds, 1), "extended": "Extended" in proc.stdout,
            "bundle_mb": round(sum(p.stat().st_size for p in files) / 2 ** 20, 1), "files": len(files),
            "index_chunks": len(chunks), "chunk_kb_median": round(statistics.median(p.stat().st_size for p in chunks) / 1024, 1)
            if chunks else None, "fragments": len(list(bundle.glob("fragment/*"))),
            "meta_kb": round(sum(p.stat().st_size for p in bundle.glob("*.pf_meta")) / 1024, 1),
            "words": int(words.group(1)) if words else None}


def measure_pagefind(url: str, runs: int, timeout_ms: int = 120_000) -> dict:
    """Cold: a fresh context, a blank page of the same origin, import pagefind.js, search, first result's data."""
    from playwright.sync_api import sync_playwright

    cold = {k: [] for k in QUERIES}
    warm = {k: [] for k in QUERIES}
    transferred = {k: [] for k in QUERIES}
    requests = {k: [] for k in QUERIES}
    counts, tops, heap = {}, {}, None
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for run in range(runs):
                for kind, query in QUERIES.items():
                    context = browser.new_context(bypass_csp=True)   # wait_for_function evaluates strings: the site forbids that
                    page = context.new_page()
                    page.goto(url + "__blank__.html", wait_until="load", timeout=timeout_ms)
                    seen = []
                    page.on("requestfinished", lambda req: seen.append(req))
                    r = page.evaluate(PAGEFIND_JS, query)
                    cold[kind].append(r["ms"])
                    counts[kind], tops[kind] = r["count"], r["top"]
                    size = 0
                    for req in seen:
                        if "/pagefind/" in req.url:
                            sizes = req.sizes()
                            size += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    transferred[kind].append(size)
                    requests[kind].append(sum(1 for req in seen if "/pagefind/" in req.url))
                    for other in (k for k in QUERIES if k != kind):
                        warm[other].append(page.evaluate(PAGEFIND_JS, QUERIES[other])["ms"])
                    if run == 0 and kind == "zh":
                        heap = _worker_heap(browser, page)
                    context.close()
        finally:
            browser.close()
    med = statistics.median
    return {"cold_ms": {k: med(v) for k, v in cold.items()}, "warm_ms": {k: med(v) for k, v in warm.items()},
            "transferred_bytes": {k: med(v) for k, v in transferred.items()},
            "requests": {k: med(v) for k, v in requests.items()}, "result_counts": counts, "top_result": tops,
            "worker_heap_mb": round(heap / 2 ** 20, 1) if heap else None, "runs": runs}


# ---------------------------------------------------------------------------------------------
# machine and report

def machine() -> dict:
    cpu = cpu_model()
    kb = memory_kb()
    mem = round(kb / 2 ** 20, 1) if kb else None
    import material
    import mkdocs
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": mem, "python": platform.python_version(),
            "os": platform.platform(), "mkdocs": mkdocs.__version__,
            "material": getattr(material, "__version__", None) or _dist_version("mkdocs-material")}


def _dist_version(name):
    from importlib.metadata import version
    try:
        return version(name)
    except Exception:
        return None


def _mb(n):
    return f"{n / 2 ** 20:.2f} MB" if n >= 2 ** 20 else f"{n / 1024:.0f} KB"


def _ms(v):
    return "—" if v is None else (f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.0f} ms")


def _ratio(a, b):
    return "—" if not a or not b else f"×{b / a:.1f}"


def report(results: dict) -> str:
    base, big = results["sizes"]
    b, g = results["results"][str(base)], results["results"][str(big)]
    m = results["machine"]
    rows = [
        ("items", f"{base:,}", f"{big:,}", _ratio(base, big)),
        ("generate register", f"{b['generate_s']:.1f} s", f"{g['generate_s']:.1f} s", _ratio(b["generate_s"], g["generate_s"])),
        ("`fbreg build` (validate + pages + search index)", f"{b['build']['seconds']:.1f} s", f"{g['build']['seconds']:.1f} s",
         _ratio(b["build"]["seconds"], g["build"]["seconds"])),
        ("HTML pages / site size", f"{b['index']['html_pages']:,} / {b['index']['site_mb']} MB",
         f"{g['index']['html_pages']:,} / {g['index']['site_mb']} MB", _ratio(b["index"]["site_mb"], g["index"]["site_mb"])),
        ("`search_index.json`", _mb(b["index"]["bytes"]), _mb(g["index"]["bytes"]), _ratio(b["index"]["bytes"], g["index"]["bytes"])),
        ("… gzip -6 (what is transferred)", _mb(b["index"]["gzip_bytes"]), _mb(g["index"]["gzip_bytes"]),
         _ratio(b["index"]["gzip_bytes"], g["index"]["gzip_bytes"])),
        ("index docs (sections) / of them item pages", f"{b['index']['docs']:,} / {b['index']['item_docs']:,}",
         f"{g['index']['docs']:,} / {g['index']['item_docs']:,}", _ratio(b["index"]["docs"], g["index"]["docs"])),
    ]
    bb, gb = b["browser"], g["browser"]
    rows += [
        ("page DOMContentLoaded", _ms(bb["dcl_ms"]), _ms(gb["dcl_ms"]), _ratio(bb["dcl_ms"], gb["dcl_ms"])),
        ("index downloaded (loopback, gzip), from navigation start", _ms(bb["index_fetched_ms"]), _ms(gb["index_fetched_ms"]),
         _ratio(bb["index_fetched_ms"], gb["index_fetched_ms"])),
        ("index downloaded → READY (parse, post to worker, build lunr index)", _ms(bb["worker_build_ms"]),
         _ms(gb["worker_build_ms"]), _ratio(bb["worker_build_ms"], gb["worker_build_ms"])),
        ("**search ready** (navigation → worker READY)", _ms(bb["ready_ms"]), _ms(gb["ready_ms"]), _ratio(bb["ready_ms"], gb["ready_ms"])),
    ]
    for kind, q in QUERIES.items():
        label = "Chinese word" if kind == "zh" else "id"
        rows.append((f"**cold {label} query** `{q}` typed at DOMContentLoaded → first result",
                     _ms(bb["cold_from_typing_ms"][kind]), _ms(gb["cold_from_typing_ms"][kind]),
                     _ratio(bb["cold_from_typing_ms"][kind], gb["cold_from_typing_ms"][kind])))
        rows.append((f"… the same, from navigation start", _ms(bb["cold_from_navigation_ms"][kind]),
                     _ms(gb["cold_from_navigation_ms"][kind]),
                     _ratio(bb["cold_from_navigation_ms"][kind], gb["cold_from_navigation_ms"][kind])))
    for kind, q in QUERIES.items():
        label = "Chinese word" if kind == "zh" else "id"
        rows.append((f"warm {label} query `{q}` (index ready) → first result", _ms(bb["warm_ms"][kind]),
                     _ms(gb["warm_ms"][kind]), _ratio(bb["warm_ms"][kind], gb["warm_ms"][kind])))
        rows.append((f"… results / top hit", f"{bb['result_counts'].get(kind)} / `{bb['top_result'].get(kind)}`",
                     f"{gb['result_counts'].get(kind)} / `{gb['top_result'].get(kind)}`", ""))
    rows += [
        ("main-thread long tasks until ready (total / longest)", f"{_ms(bb['longtask_total_ms'])} / {_ms(bb['longtask_max_ms'])}",
         f"{_ms(gb['longtask_total_ms'])} / {_ms(gb['longtask_max_ms'])}", _ratio(bb["longtask_total_ms"], gb["longtask_total_ms"])),
        ("JS heap + buffers: search worker (after GC)", f"{bb['worker_heap_mb']} MB", f"{gb['worker_heap_mb']} MB",
         _ratio(bb["worker_heap_mb"], gb["worker_heap_mb"])),
        ("JS heap: page (after GC)", f"{bb['page_heap_mb']} MB", f"{gb['page_heap_mb']} MB", _ratio(bb["page_heap_mb"], gb["page_heap_mb"])),
    ]
    if "pagefind" in b and "pagefind" in g:
        pb, pg = b["pagefind"], g["pagefind"]
        rows += [
            ("*Pagefind (same site, measured for comparison)*", "", "", ""),
            ("Pagefind indexing after the build", f"{pb['index']['seconds']:.1f} s", f"{pg['index']['seconds']:.1f} s",
             _ratio(pb["index"]["seconds"], pg["index"]["seconds"])),
            ("bundle on disk / index chunks / fragments", f"{pb['index']['bundle_mb']} MB / {pb['index']['index_chunks']} / "
             f"{pb['index']['fragments']:,}", f"{pg['index']['bundle_mb']} MB / {pg['index']['index_chunks']} / "
             f"{pg['index']['fragments']:,}", _ratio(pb["index"]["bundle_mb"], pg["index"]["bundle_mb"])),
        ]
        for kind, q in QUERIES.items():
            label = "Chinese word" if kind == "zh" else "id"
            bb_, gb_ = pb["browser"], pg["browser"]
            rows.append((f"**cold {label} query** `{q}`: load pagefind.js → first result's data",
                         _ms(bb_["cold_ms"][kind]), _ms(gb_["cold_ms"][kind]), _ratio(bb_["cold_ms"][kind], gb_["cold_ms"][kind])))
            rows.append(("… transferred (requests)", f"{_mb(bb_['transferred_bytes'][kind])} ({bb_['requests'][kind]:.0f})",
                         f"{_mb(gb_['transferred_bytes'][kind])} ({gb_['requests'][kind]:.0f})",
                         _ratio(bb_["transferred_bytes"][kind], gb_["transferred_bytes"][kind])))
            rows.append((f"warm {label} query → first result's data", _ms(bb_["warm_ms"][kind]), _ms(gb_["warm_ms"][kind]),
                         _ratio(bb_["warm_ms"][kind], gb_["warm_ms"][kind])))
            rows.append(("… results / top hit", f"{bb_['result_counts'].get(kind)} / `{bb_['top_result'].get(kind)}`",
                         f"{gb_['result_counts'].get(kind)} / `{gb_['top_result'].get(kind)}`", ""))
        rows.append(("JS heap + buffers: Pagefind worker (after GC)", f"{pb['browser']['worker_heap_mb']} MB",
                     f"{pg['browser']['worker_heap_mb']} MB", _ratio(pb["browser"]["worker_heap_mb"], pg["browser"]["worker_heap_mb"])))
    lines = [f"Measured {results['when']} with `benchmarks/search.py --items {big} --baseline {base} --runs {bb['runs']}`"
             f" (seed {results['seed']}, `--as-of {AS_OF}`; timings are medians of {bb['runs']} page loads in fresh contexts).",
             "",
             f"Machine: {m['nproc']} CPUs (`nproc`), {m['cpu']}, {m['memory_gb']} GB RAM; {m['os']}; Python {m['python']}, "
             f"MkDocs {m['mkdocs']}, Material {m['material']}, Chromium {bb.get('chromium')} (headless).",
             "", f"| | {base:,} items | {big:,} items | ratio |", "|---|---:|---:|---:|"]
    lines += [f"| {a} | {x} | {y} | {r} |" for a, x, y, r in rows]
    retried = [f"{n}: {len(results['results'][str(n)]['build']['failed_attempts'])} failed build attempt(s) before success"
               for n in results["sizes"] if results["results"][str(n)]["build"]["failed_attempts"]]
    if retried:
        lines += ["", "Retries: " + "; ".join(retried) + "."]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    write_block(README, START, END, text)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Build time, index size and browser search latency for a large register.")
    p.add_argument("--items", type=int, default=10_000)
    p.add_argument("--baseline", type=int, default=1_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=5, help="page loads per size and query (median reported)")
    p.add_argument("--work", type=Path, help="working folder (default: a new temporary folder, removed unless --keep)")
    p.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    p.add_argument("--reuse", action="store_true", help="reuse sites already built in --work (skip generate and build)")
    p.add_argument("--write-readme", action="store_true", help="put the results into benchmarks/README.md")
    p.add_argument("--pagefind-python", metavar="PY",
                   help="a Python with the pagefind package, to compare Pagefind on the same sites (default: this one, if it has it)")
    p.add_argument("--no-pagefind", action="store_true", help="do not compare with Pagefind")
    args = p.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="fbreg-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    gen = _load_generator()
    pf_python = None if args.no_pagefind else pagefind_python(args.pagefind_python)
    if not pf_python and not args.no_pagefind:
        print("Pagefind not found (pip install 'pagefind[extended]', or --pagefind-python PY): not compared", flush=True)
    results = {"when": dt.datetime.now().astimezone().isoformat(timespec="minutes"), "seed": args.seed,
               "sizes": [args.baseline, args.items], "machine": machine(), "results": {}}
    try:
        for n in (args.baseline, args.items):
            project = work / f"register-{n}"
            r: dict = {}
            previous = work / f"register-{n}.json"
            if args.reuse and (project / "site" / "search" / "search_index.json").exists() and previous.exists():
                old = json.loads(previous.read_text())
                r["generate_s"], r["build"] = old["generate_s"], old["build"]
                print(f"[{n}] reusing {project}/site", flush=True)
            else:
                print(f"[{n}] generating {n} items …", flush=True)
                started = time.perf_counter()
                gen.generate(project, n, seed=args.seed, language="zh", as_of=AS_OF)
                r["generate_s"] = round(time.perf_counter() - started, 1)
                print(f"[{n}] building the site …", flush=True)
                r["build"] = build(project)
                print(f"[{n}] built in {r['build']['seconds']} s", flush=True)
            r["index"] = index_stats(project / "site")
            print(f"[{n}] index {_mb(r['index']['bytes'])} ({_mb(r['index']['gzip_bytes'])} gzip), "
                  f"{r['index']['docs']} docs; measuring in Chromium …", flush=True)
            server = Server(project / "site")
            try:
                r["browser"] = measure_browser(server.url, args.runs)
            finally:
                server.close()
            print(f"[{n}] ready {_ms(r['browser']['ready_ms'])}, cold zh {_ms(r['browser']['cold_from_typing_ms']['zh'])}, "
                  f"warm zh {_ms(r['browser']['warm_ms']['zh'])}, worker heap {r['browser']['worker_heap_mb']} MB", flush=True)
            if pf_python:
                print(f"[{n}] Pagefind: indexing and measuring …", flush=True)
                r["pagefind"] = {"index": pagefind_index(pf_python, project / "site")}
                server = Server(project / "site")
                try:
                    r["pagefind"]["browser"] = measure_pagefind(server.url, args.runs)
                finally:
                    server.close()
                    shutil.rmtree(project / "site" / "pagefind", ignore_errors=True)
                print(f"[{n}] Pagefind: cold zh {_ms(r['pagefind']['browser']['cold_ms']['zh'])}, "
                      f"{_mb(r['pagefind']['browser']['transferred_bytes']['zh'])} transferred", flush=True)
            results["results"][str(n)] = r
            previous.write_text(json.dumps({"generate_s": r["generate_s"], "build": r["build"]}))
        text = report(results)
        (work / "search-benchmark.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
        print("\n" + text)
        print(f"\nraw figures: {work / 'search-benchmark.json'}")
        if args.write_readme:
            write_readme(text)
            print(f"updated {README}")
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
