"""Screenshots of every page kind of the sample site, for people reviewing the pages.

    .venv/bin/python tests/browser/screenshots.py OUTDIR

Builds the sample register as of harness.AS_OF (like the browser tests), serves it on 127.0.0.1 and
saves full-page screenshots 1280 px wide as OUTDIR/<kind>.png, plus print-emulated ones of the
ledger and an item page (OUTDIR/<kind>-print.png). Requests to other origins are aborted and listed.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project root, for `generator`
from harness import AS_OF, CHROMIUM, PAGES, VIEWPORT, Recorder, build_sample_site, launch, serve  # noqa: E402

PRINT = ("ledger", "item")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    problems = []
    with tempfile.TemporaryDirectory(prefix="fbreg-shots-") as tmp:
        site = build_sample_site(Path(tmp) / "site", AS_OF)
        with serve(site) as origin, sync_playwright() as pw:
            browser = launch(pw)
            context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
            page = context.new_page()
            recorder = Recorder(origin)
            recorder.attach(context, page)
            shots = [(name, path, "screen") for name, path in PAGES.items()]
            shots += [(name, PAGES[name], "print") for name in PRINT]
            for name, path, media in shots:
                page.emulate_media(media=media)
                page.goto(origin + path, wait_until="networkidle")
                file = out / (f"{name}-print.png" if media == "print" else f"{name}.png")
                page.screenshot(path=str(file), full_page=True)
                problems += [f"{path} ({media}): {p}" for p in recorder.new_problems()]
                print(file)
            browser.close()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
