"""What the benchmark scripts share: importing a sibling script, the machine's description from
/proc, and replacing a marked block of benchmarks/README.md. (benchmarks/ is not a package: the
scripts run as files, so this folder is first on ``sys.path``.)"""
from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(name: str):
    """A script of benchmarks/ as a module, imported once."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def cpu_model() -> str:
    try:
        return next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name"))
    except (OSError, StopIteration):
        return "unknown"


def memory_kb() -> int | None:
    try:
        return int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    except (OSError, AttributeError):
        return None


def write_block(readme: Path, start: str, end: str, text: str, section: str = "") -> None:
    """Replace the block between the ``start`` and ``end`` markers of ``readme`` with ``text``, or
    append ``section`` and the block at the end; re-read just before writing, replaced atomically."""
    current = readme.read_text(encoding="utf-8") if readme.exists() else ""
    block = f"{start}\n{text}\n{end}"
    if start in current and end in current:
        current = current[:current.index(start)] + block + current[current.index(end) + len(end):]
    else:
        current = current.rstrip() + "\n\n" + section + block + "\n"
    tmp = readme.with_name(f".{readme.name}.tmp")
    tmp.write_text(current, encoding="utf-8")
    os.replace(tmp, readme)
