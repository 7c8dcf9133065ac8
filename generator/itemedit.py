"""Edit items in place: ``fbreg set`` (fields) and ``fbreg renumber`` (a new id for a branch's item).

Edits go through ruamel.yaml's round-trip mode, so comments, key order and quoting of the fields
not touched stay as they were. Every edit is validated against the whole register before it is
written; the file is replaced atomically (:mod:`generator.atomicfile`); nothing is deleted
except the old name of a renumbered item, after its new file is in place.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from . import userinput
from .atomicfile import write_atomic
from .lifecycle import final_edit_allowed, transition_allowed
from .loader import Item, display_path
from .problems import ProblemList
from .safeyaml import load as load_yaml
from .timestamps import format_timestamp
from .newitem import next_id
from .validate import ID_FORM, Register, check_items

TIMESTAMP_FIELDS = {"received", "acknowledged_at", "responded_at", "closed_at", "reply.at", "verification.at"}
INTEGER_FIELDS = {"satisfaction"}
BOOLEAN_FIELDS = {"reporter.anonymous"}
LIST_FIELDS = {"tags", "assisting", "related"}
CHOICE_FIELDS = {"category": "category", "channel": "channel", "severity": "severity", "status": "status",
                 "department": "department", "verification.by": "department"}


class EditRefused(Exception):
    """The edit would make the register invalid or break the lifecycle; carries the problems."""

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass
class Edit:
    path: Path
    changes: list[tuple[str, object, object]]     # (field, old, new)
    new_path: Path | None = None                 # renumber: the item's new file


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.allow_unicode = True
    return y


def find_item(register: Register, item_id: str, problems: ProblemList) -> Item:
    for item in register.items:
        if item.id == item_id:
            return item
    problems.add(str(register.settings.root), None, "edit-unknown-id", id=item_id)
    raise EditRefused(problems)


def parse_value(name: str, text: str, now: dt.datetime, settings) -> object:
    """A command-line value for field ``name``, read as people type it (:mod:`userinput`): times in
    any accepted form (``now``, ``2026/12/01 10:00``, ``12月1日 10:00``) written as ISO 8601 in the
    register's zone; categories, channels, severities, statuses and departments by code, label or
    alias, written as the code; numbers, yes/no, comma lists. An empty value removes the field.
    Raises ``userinput.InputError``."""
    if text == "":
        return None
    leaf = name.split(".")[-1]
    if name in TIMESTAMP_FIELDS or leaf in ("done_at", "from", "until"):
        return format_timestamp(userinput.parse_when(text, settings.tz, now=now))
    kind = CHOICE_FIELDS.get(name)
    if kind:
        return userinput.resolve(settings, kind, text)
    if name in INTEGER_FIELDS and text.lstrip("-").isdigit():
        return int(text)
    if name in BOOLEAN_FIELDS and text.lower() in ("true", "false", "yes", "no"):
        return text.lower() in ("true", "yes")
    if name in LIST_FIELDS:
        parts = [part.strip() for part in re.split(r"[,,、]", text) if part.strip()]
        if name == "assisting":
            return [userinput.resolve(settings, "department", part) for part in parts]
        return parts
    return text


def _apply(doc: CommentedMap, name: str, value: object) -> object:
    """Set (or with None remove) a possibly dotted field; returns the old value."""
    *parents, leaf = name.split(".")
    target = doc
    for part in parents:
        if not isinstance(target.get(part), dict):
            if value is None:
                return None
            target[part] = CommentedMap()
        target = target[part]
    old = target.get(leaf)
    if value is None:
        target.pop(leaf, None)
    else:
        if isinstance(value, str) and "\n" in value:
            value = LiteralScalarString(value if value.endswith("\n") else value + "\n")
        target[leaf] = value
    return old


def _plain(value: object) -> object:
    """ruamel's containers and quoted-string types as plain Python values (for comparing)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def _check(register: Register, item: Item, path: Path, text: str, now: dt.datetime, problems: ProblemList) -> None:
    doc = load_yaml(text.encode("utf-8"), display_path(path), problems)
    if doc is not None:
        candidate = Item(path, display_path(path), doc)
        others = [i for i in register.items if i.path.resolve() != item.path.resolve()]
        check_items(register.settings, [candidate], others + [candidate], problems, now=now)
    if problems.has_errors():
        raise EditRefused(problems)


def set_fields(register: Register, item_id: str, assignments: list[str], now: dt.datetime | None = None,
               reopen: str | None = None) -> Edit:
    """Apply ``field=value`` assignments to one item, validate, and write it back in place."""
    now = now or dt.datetime.now(dt.timezone.utc)
    problems = ProblemList(register.settings.language)
    item = find_item(register, item_id, problems)
    y = _yaml()
    doc = y.load(item.path.read_text(encoding="utf-8"))
    before = _plain(dict(doc))
    changes = []
    for assignment in assignments:
        name, sep, text = assignment.partition("=")
        name = name.strip()
        if not sep or not name or name == "id":
            problems.add(item.shown, None, "edit-bad-assignment", assignment=assignment)
            raise EditRefused(problems)
        try:
            value = parse_value(name, text.strip(), now, register.settings)
        except userinput.InputError as exc:
            problems.add(item.shown, None, exc.code, **exc.args_for(problems.lang))
            raise EditRefused(problems) from None
        old = _apply(doc, name, value)
        changes.append((name, _plain(old), value))
    old_status, new_status = before.get("status"), doc.get("status")
    changed = {name.split(".")[0] for name, old, new in changes if old != new}
    if not transition_allowed(old_status, new_status, bool(reopen)):
        problems.add(item.shown, None, "edit-status-transition", old=old_status, new=new_status)
    elif old_status == new_status and not final_edit_allowed(old_status, changed, bool(reopen)):
        problems.add(item.shown, None, "edit-final", status=old_status, fields=", ".join(sorted(changed)))
    if problems.has_errors():
        raise EditRefused(problems)
    out = io.StringIO()
    y.dump(doc, out)
    _check(register, item, item.path, out.getvalue(), now, problems)
    write_atomic(item.path, out.getvalue())
    return Edit(item.path, changes)


def renumber(register: Register, item_id: str, taken: set[str], now: dt.datetime | None = None) -> Edit:
    """Give the item ``item_id`` the next id free here and in ``taken``: a new file with the new id
    (references in other items of this work tree follow), then the old file removed."""
    now = now or dt.datetime.now(dt.timezone.utc)
    problems = ProblemList(register.settings.language)
    item = find_item(register, item_id, problems)
    match = ID_FORM.fullmatch(item_id)
    year = int(match.group(2)) if match else now.year
    new_id = next_id(register, year, taken | {item_id})
    y = _yaml()
    doc = y.load(item.path.read_text(encoding="utf-8"))
    doc["id"] = new_id
    new_path = item.path.with_name(f"{new_id}.yaml")
    out = io.StringIO()
    y.dump(doc, out)
    _check(register, item, new_path, out.getvalue(), now, problems)
    write_atomic(new_path, out.getvalue(), exclusive=True)
    item.path.unlink()
    for other in register.items:        # items that point at the old id now point at the new one
        related = (other.data or {}).get("related")
        if other is not item and isinstance(related, list) and item_id in related:
            odoc = y.load(other.path.read_text(encoding="utf-8"))
            odoc["related"] = [new_id if r == item_id else r for r in odoc["related"]]
            text = io.StringIO()
            y.dump(odoc, text)
            write_atomic(other.path, text.getvalue())
    return Edit(item.path, [("id", item_id, new_id)], new_path)
