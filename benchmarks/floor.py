"""The floor: the least any site generator must do with a register.

    .venv/bin/python benchmarks/floor.py REGISTER_DIR OUT_DIR

reads every item file under ``REGISTER_DIR/items`` and parses it with PyYAML's CSafeLoader
(libyaml), then writes one minimal HTML page per item — title, a few fields and the description,
escaped, through one Jinja2 template — to ``OUT_DIR/items/<ID>/index.html``. No Markdown, no
navigation, no search index, no history. ``benchmarks/run.py`` runs it in a fresh process and
compares every other timing with it ("× floor"). Prints a JSON summary (items, pages, bytes,
seconds inside the process).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import jinja2
import yaml

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ item.id }} {{ item.title }}</title></head>
<body>
<h1>{{ item.id }} {{ item.title }}</h1>
<dl>
<dt>received</dt><dd>{{ item.received }}</dd>
<dt>status</dt><dd>{{ item.status }}</dd>
<dt>department</dt><dd>{{ item.department or "" }}</dd>
<dt>category</dt><dd>{{ item.category }} / {{ item.severity }}</dd>
</dl>
<div class="description">{{ item.description }}</div>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    started = time.perf_counter()
    register, out = Path(args[0]), Path(args[1])
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    pages = written = 0
    for folder, dirs, files in os.walk(register / "items"):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            with open(os.path.join(folder, name), "rb") as fh:
                item = yaml.load(fh.read(), Loader=Loader)
            if not isinstance(item, dict):
                continue
            page = out / "items" / str(item.get("id") or Path(name).stem)
            page.mkdir(parents=True, exist_ok=True)
            html = template.render(item=item, lang="zh").encode("utf-8")
            (page / "index.html").write_bytes(html)
            pages += 1
            written += len(html)
    print(json.dumps({"pages": pages, "bytes": written, "libyaml": Loader is not yaml.SafeLoader,
                      "seconds": round(time.perf_counter() - started, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
