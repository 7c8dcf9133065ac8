"""Live preview: ``mkdocs serve`` on a register, one item's YAML saved, the time until the new page is served.

    .venv/bin/python benchmarks/serve.py PROJECT [--item register/items/…yaml] [--saves 3]

Starts ``mkdocs serve -a 127.0.0.1:<free port>`` in PROJECT (a project of ``make_register.py``),
waits for its first build (the item's page answers), then saves the item's file with one more
sentence in its description (not committed: what an editor does) and polls the item's page every
20 ms until the sentence is in it. The figure is the time from the write to that response (the
server holds requests while it rebuilds, so the first answer after the rebuild is the new page).
Each save adds a different sentence; the file is put back afterwards. ``run.py`` calls
:func:`serve_reload`.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
MKDOCS = Path(sys.executable).with_name("mkdocs")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 120) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _add_sentence(path: Path, sentence: str) -> None:
    text = path.read_text(encoding="utf-8")
    for head in ("\ndescription: |\n", "\ndescription: |-\n"):
        if head in text:
            path.write_text(text.replace(head, f"{head}  {sentence}\n\n", 1), encoding="utf-8")
            return
    if "\ndescription: " in text:
        path.write_text(text.replace("\ndescription: ", f"\ndescription: {sentence}", 1), encoding="utf-8")
        return
    raise ValueError(f"{path}: no description to add to")


def serve_reload(project: Path, item: Path, logs: Path, saves: int = 3, first_timeout: float = 900) -> dict:
    """``{"first_build_seconds", "reload_seconds": [...], "median_seconds", "peak_rss_mb"}`` or ``{"skipped": why}``."""
    if not MKDOCS.exists():
        return {"skipped": f"no {MKDOCS}"}
    item_id = item.stem
    port = _free_port()
    url = f"http://127.0.0.1:{port}/items/{item_id}/"
    logs.mkdir(parents=True, exist_ok=True)
    original = item.read_bytes()
    err = open(logs / "serve.err", "wb")
    env = dict(os.environ, FBREG_PROFILE=str(logs / "serve.profile.json"))
    # Ctrl-C's signal as a terminal sends it: a harness started in the background (nohup … &) has
    # SIGINT ignored, and a child inherits that, so serve would not stop on it
    proc = subprocess.Popen([str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}"], cwd=project, stdout=err,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    out: dict = {}
    try:
        started = time.perf_counter()
        while _get(url, timeout=5) is None:
            if proc.poll() is not None:
                return {"skipped": f"mkdocs serve exited ({proc.returncode}); see {logs / 'serve.err'}"}
            if time.perf_counter() - started > first_timeout:
                return {"skipped": f"no page after {first_timeout:.0f} s"}
            time.sleep(0.2)
        out["first_build_seconds"] = round(time.perf_counter() - started, 3)
        reloads, profiles = [], []
        for n in range(saves):
            time.sleep(1.5)                  # past the watcher's debounce, like a person saving again
            sentence = f"预览测试第{n + 1}次保存:{os.urandom(4).hex()}。"
            t0 = time.perf_counter()
            _add_sentence(item, sentence)
            while True:
                page = _get(url)
                if page is not None and sentence in page:
                    break
                if proc.poll() is not None:
                    return {"skipped": f"mkdocs serve exited ({proc.returncode}) after a save"}
                if time.perf_counter() - t0 > first_timeout:
                    return {"skipped": f"the saved change was not served after {first_timeout:.0f} s"}
                time.sleep(0.02)
            reloads.append(round(time.perf_counter() - t0, 3))
            try:
                profiles.append(json.loads((logs / "serve.profile.json").read_text(encoding="utf-8")))
            except (OSError, ValueError):
                pass
        out["reload_seconds"] = reloads
        out["median_seconds"] = statistics.median(reloads)
        if profiles:
            out["profile"] = profiles[-1]
    finally:
        item.write_bytes(original)
        proc.send_signal(signal.SIGINT)   # what Ctrl-C does (and a kill after 20 s, should it not stop)
        try:
            deadline = time.monotonic() + 20
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    proc.kill()
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.2)
            out["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
            proc.returncode = os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            pass
        err.close()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="mkdocs serve: the time from saving an item to its new page being served")
    p.add_argument("project", type=Path)
    p.add_argument("--item", type=Path, help="the item file to save (default: the first in-progress item)")
    p.add_argument("--saves", type=int, default=3)
    args = p.parse_args(argv)
    project = args.project.resolve()
    item = args.item
    if item is None:
        sys.path.insert(0, str(HERE))
        from run import pick_items
        item = pick_items(project / "register")[0]
    item = (project / item).resolve() if not item.is_absolute() else item
    print(json.dumps(serve_reload(project, item, project / ".serve-logs", args.saves), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
