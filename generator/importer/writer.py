"""Writing an import: every file or none, never over an existing one.

1. A journal, ``register/.fbreg-import.json``, is created exclusively (a second import at the same
   time stops here). It lists every file to write, under its temporary name and its final name, and
   the month folders the import creates.
2. Every item is written to its temporary name in its month folder (``.FB-2025-0007.yaml.<token>.tmp``,
   which the loader passes over: it starts with a dot and does not end in .yaml) and flushed to disk.
3. Each temporary file is *linked* to its final name: a link fails when the name exists, so nothing
   is ever overwritten (a clash undoes the whole import). When all are linked, the journal says
   ``done``; the temporary names and the journal are removed.

A crash (or a kill) before step 3 leaves the register's items as they were (only hidden temporary
files, removed by the next run). A crash during step 3 leaves a journal that says the import is not
done: ``fbreg validate`` reports it (``import-interrupted``: so CI refuses a half import), and the
next ``fbreg import`` (or ``fbreg import --recover``) rolls it back first — it removes each final
file that is still the same file as its temporary one (the same inode: what this import wrote, never
anything else), the temporary files, the folders it created if they are empty, and the journal.
A journal that says ``done`` is only tidied (its temporary names removed).

``FBREG_IMPORT_PAUSE=staged:N`` or ``linked:N`` (for tests) stops the import after its N-th file is
written or linked: it prints ``fbreg-import-paused`` to standard error and sleeps, so a test can kill
it there with a signal.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import sys
import time
from pathlib import Path

from ..atomicfile import write_atomic

JOURNAL = ".fbreg-import.json"
PAUSE_ENV = "FBREG_IMPORT_PAUSE"


class ImportBusy(Exception):
    """Another import is running, or an interrupted one must be rolled back first."""


class WriteClash(Exception):
    """A final name exists (someone wrote the same id meanwhile); the import was undone."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


# A plain scalar only when no YAML reader (1.1 or 1.2) could take it for anything but this text; else quoted.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9.+~][^\n\t\"'#]*")
_NOT_PLAIN = re.compile(r": |:$| #|\s$|^(?:y|n|yes|no|on|off|true|false|null)$", re.I)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _TIMESTAMP.fullmatch(text):
        return text                 # plain, as people (and fbreg new) write them: the loader keeps it text
    unsafe = _UNSAFE_BLOCK.search(text) is not None
    if not unsafe and _PLAIN.fullmatch(text) and not _NOT_PLAIN.search(text):
        return text
    # a JSON string is a YAML double-quoted scalar; control and separator characters as \u escapes
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE_BLOCK.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted) if unsafe else quoted


def _block(text: str, indent: str) -> str | None:
    """A multi-line text as a literal block (``|-``), or None when one cannot hold it exactly."""
    lines = text.split("\n")
    if not lines[0] or lines[0][0] == " " or any(line != line.rstrip(" \t") for line in lines) or "\t" in text \
            or text.endswith("\n") or _UNSAFE_BLOCK.search(text):
        return None
    return "|-\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)


_UNSAFE_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _value(value, indent: str) -> str:
    if isinstance(value, str) and "\n" in value:
        return _block(value, indent + "  ") or _scalar(value)
    return _scalar(value)


def item_text(fields: dict) -> str:
    """YAML for an item: the fields in their order, block style, lists indented under their key,
    multi-line texts as ``|-`` blocks (written here, not by PyYAML's emitter: about 20 times faster, and
    every file is read back by the loader and validated before it is written)."""
    out = []
    for key, value in fields.items():
        if isinstance(value, dict):
            out.append(f"{key}:")
            out += [f"  {k}: {_value(v, '  ')}" for k, v in value.items()]
        elif isinstance(value, list):
            out.append(f"{key}:")
            for entry in value:
                if isinstance(entry, dict):
                    first = True
                    for k, v in entry.items():
                        out.append(f"  {'- ' if first else '  '}{k}: {_value(v, '    ')}")
                        first = False
                else:
                    out.append(f"  - {_scalar(entry)}")
        else:
            out.append(f"{key}: {_value(value, '')}")
    return "\n".join(out) + "\n"


def journal_path(register_dir: Path) -> Path:
    return Path(register_dir) / JOURNAL


def _pause(phase: str, n: int) -> None:
    wanted = os.environ.get(PAUSE_ENV, "")
    if wanted == f"{phase}:{n}":
        print("fbreg-import-paused", file=sys.stderr, flush=True)
        time.sleep(120)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _flush(plan) -> None:
    """Every temporary file's data on disk: one ``sync()`` where there is one (one call instead of an
    ``fsync`` per file: 20 000 files in well under a second instead of about ten), else each file."""
    if hasattr(os, "sync") and len(plan) > 50:
        os.sync()
        return
    for tmp, _ in plan:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    for folder in {os.path.dirname(final) for _, final in plan}:
        _fsync_dir(Path(folder))


def write_all(register_dir: Path, files: list[tuple[Path, str]]) -> list[Path]:
    """Write ``[(final path, text)]`` all or none (see the module's text); returns the paths written."""
    register_dir = Path(register_dir)
    token = secrets.token_hex(6)
    plan, folders = [], []
    files = [(os.path.abspath(final), text) for final, text in files]
    checked: set[str] = set()
    for final, _ in files:
        parent, name = os.path.split(final)
        if parent not in checked:
            missing, folder = [], parent
            while not os.path.exists(folder) and folder != str(register_dir):
                missing.append(folder)
                folder = os.path.dirname(folder)
            folders += [f for f in reversed(missing) if f not in folders]
            checked.add(parent)
        plan.append((os.path.join(parent, f".{name}.{token}.tmp"), final))
    journal = journal_path(register_dir)
    record = {"token": token, "pid": os.getpid(), "state": "writing", "folders": folders, "files": plan}
    try:
        write_atomic(journal, json.dumps(record, ensure_ascii=False, indent=1), exclusive=True)
    except FileExistsError:
        raise ImportBusy(str(journal)) from None
    try:
        for folder in folders:
            Path(folder).mkdir(exist_ok=True)
        for n, ((tmp, _), (_, text)) in enumerate(zip(plan, files), start=1):
            with open(tmp, "xb") as fh:
                fh.write(text.encode("utf-8"))
            _pause("staged", n)
        _flush(plan)      # every temporary file on disk before the first link: no link to an empty file
        for n, (tmp, final) in enumerate(plan, start=1):
            try:
                os.link(tmp, final)
            except FileExistsError:
                raise WriteClash(Path(final)) from None
            _pause("linked", n)
        for folder in {os.path.dirname(final) for _, final in plan}:
            _fsync_dir(Path(folder))
        record["state"] = "done"
        write_atomic(journal, json.dumps(record, ensure_ascii=False, indent=1))
    except BaseException:
        rollback(register_dir)
        raise
    tidy(register_dir)
    return [Path(final) for _, final in plan]


def _read(register_dir: Path) -> dict | None:
    try:
        return json.loads(journal_path(register_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"state": "unreadable", "files": [], "folders": []}


def pending(register_dir: Path) -> bool:
    """An import was interrupted here (a journal not marked done)."""
    record = _read(Path(register_dir))
    return record is not None and record.get("state") != "done"


def tidy(register_dir: Path) -> None:
    """Remove a finished import's temporary names and its journal."""
    record = _read(register_dir) or {}
    for tmp, _ in record.get("files", []):
        Path(tmp).unlink(missing_ok=True)
    journal_path(register_dir).unlink(missing_ok=True)


def rollback(register_dir: Path) -> int:
    """Undo an interrupted import (see the module's text); the number of item files removed."""
    register_dir = Path(register_dir)
    record = _read(register_dir)
    if record is None:
        return 0
    if record.get("state") == "done":
        tidy(register_dir)
        return 0
    removed = 0
    for tmp, final in record.get("files", []):
        tmp_p, final_p = Path(tmp), Path(final)
        try:
            if tmp_p.exists() and final_p.exists() and os.path.samefile(tmp_p, final_p):
                final_p.unlink()
                removed += 1
        except OSError:
            pass
        tmp_p.unlink(missing_ok=True)
    for folder in reversed(record.get("folders", [])):
        try:
            Path(folder).rmdir()      # only when empty
        except OSError:
            pass
    journal_path(register_dir).unlink(missing_ok=True)
    return removed
