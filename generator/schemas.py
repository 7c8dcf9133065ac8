"""The JSON Schemas (draft 2020-12) and the translation of schema errors into plain-language problems.

The schemas in ``schema/`` are the field documentation as well as the contract. The item
schema is static; :func:`item_schema` adds the register's own lists (categories, channels,
severities, departments) as enumerations, so one validation pass checks both.
"""
from __future__ import annotations

import copy
import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from .problems import ProblemList
from .safeyaml import Document


def schema_dir() -> Path:
    """``schema/`` ships inside the package (wheel) or beside it (source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schema", here.parent / "schema"):
        if (candidate / "item.schema.json").is_file():
            return candidate
    raise FileNotFoundError("the JSON schemas (schema/*.schema.json) are missing from the installation")


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    """``name`` is ``item``, ``register`` or ``departments``."""
    with open(schema_dir() / f"{name}.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def item_schema(categories, channels, severities, departments) -> dict:
    """The item schema with the register's own enumerations filled in."""
    schema = copy.deepcopy(load_schema("item"))
    props = schema["properties"]
    depts = list(departments)
    props["category"]["enum"] = list(categories)
    props["channel"]["enum"] = list(channels)
    props["severity"]["enum"] = list(severities)
    props["department"]["enum"] = depts
    props["assisting"]["items"]["enum"] = depts
    props["actions"]["items"]["properties"]["owner"]["enum"] = depts
    props["verification"]["properties"]["by"]["enum"] = depts
    props["reply"]["properties"]["channel"]["enum"] = list(channels)
    return schema


def _canonical(value):
    """A hashable form of a JSON value: equal exactly when JSON Schema calls two values equal
    (``1`` equals ``1.0``; ``true`` does not equal ``1``)."""
    if isinstance(value, bool) or value is None:
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, list):
        return ("l", tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _canonical(v)) for k, v in value.items()))
    return ("s", str(value))


def _unique_items(validator, unique, instance, schema):
    """``uniqueItems`` in linear time. jsonschema's own falls back to comparing every pair when the
    items cannot be sorted (mappings, or numbers mixed with text): a list of 10 000 mappings in a
    hostile item would take minutes."""
    if unique and validator.is_type(instance, "array"):
        seen = set()
        for value in instance:
            key = _canonical(value)
            if key in seen:
                yield ValidationError("has non-unique elements")
                return
            seen.add(key)


@lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern:
    # ECMA-262 (JSON Schema's dialect): ``$`` is the end of the text; Python's also matches before a final
    # line break, so "FB-2026-0001\n" would pass ``^…$``.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _regex(pattern).search(instance):
        yield ValidationError(f"does not match {pattern!r}")


# Draft 2020-12 with the two keywords above made safe on hostile input.
_Draft = validators.extend(Draft202012Validator, {"uniqueItems": _unique_items, "pattern": _pattern})


class Validator:
    """``jsonschema`` for the messages, with ``jsonschema-rs`` (Rust, about 100 times faster) in front:
    almost every item is valid, and for those the fast validator's yes is the whole answer. When it
    says no, ``jsonschema`` finds the errors (and has the last word: where the two disagree, no error
    is reported; ``$`` in a pattern means the end of the text in both, see :func:`_regex`)."""

    def __init__(self, schema: dict) -> None:
        self.slow = _Draft(schema)
        try:
            import jsonschema_rs
            self.fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=False)
        except (ImportError, ValueError):  # optional: without it every document takes the slow path
            self.fast = None

    def is_valid(self, instance) -> bool:
        if self.fast is not None:
            try:
                if self.fast.is_valid(instance):
                    return True
            except (ValueError, TypeError, OverflowError):  # a value it cannot take (e.g. a huge integer)
                pass
        return self.slow.is_valid(instance)

    def iter_errors(self, instance):
        if self.fast is not None:
            try:
                if self.fast.is_valid(instance):
                    return iter(())
            except (ValueError, TypeError, OverflowError):
                pass
        return self.slow.iter_errors(instance)


def validator_for(schema: dict) -> Validator:
    return Validator(schema)


_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict,
          "null": type(None)}
WRONG = object()   # what :func:`typed` returns for a value of the wrong type
_COMPILED: dict[int, tuple] = {}


def typed(value: object, schema: dict) -> object:
    """``value`` without the parts whose type (or numeric range) ``schema`` does not allow, recursively;
    :data:`WRONG` when ``value`` itself does not fit; ``value`` itself when all of it fits. A register
    built despite its problems (``fail_on_problems: false``) is rendered from this, so the page code can
    trust the types it reads: a title that is a mapping, or a satisfaction of 10**17 stars, is left out
    instead of crashing the build."""
    entry = _COMPILED.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _COMPILED[id(schema)] = (schema, _compile(schema))
    return entry[1](value)


def _as_tuple(types) -> tuple:
    return types if isinstance(types, tuple) else (types,) if types else ()


def _compile(schema: dict):
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds or []
    types = tuple(t for k in kinds for t in _as_tuple(_TYPES.get(k))) if kinds else None
    numbers = not {"integer", "number"}.isdisjoint(kinds)
    bools = not kinds or "boolean" in kinds
    low, high = schema.get("minimum"), schema.get("maximum")
    props = {k: _compile(v) for k, v in schema.get("properties", {}).items() if isinstance(v, dict)}
    each = _compile(schema["items"]) if isinstance(schema.get("items"), dict) else None

    def check(value):
        if types is not None and (not isinstance(value, types) or (isinstance(value, bool) and not bools)):
            return WRONG
        if numbers and isinstance(value, (int, float)) and not isinstance(value, bool) and (
                value != value or (low is not None and value < low) or (high is not None and value > high)):
            return WRONG
        if props and isinstance(value, dict):
            out = value
            for key, item in value.items():
                sub = props.get(key)
                fixed = sub(item) if sub is not None else item
                if fixed is not item:
                    out = dict(value) if out is value else out
                    if fixed is WRONG:
                        del out[key]
                    else:
                        out[key] = fixed
            return out
        if each is not None and isinstance(value, list):
            fixed = [each(v) for v in value]
            if any(a is not b for a, b in zip(fixed, value)):
                return [v for v in fixed if v is not WRONG]
        return value

    return check


def field_name(path) -> str:
    """``("actions", 1, "due")`` → ``actions[1].due``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


_TYPES_EN = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "a mapping (key: value)", "null": "empty"}
_TYPES_ZH = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "true 或 false",
             "array": "列表", "object": "映射(键: 值)", "null": "空"}

_PATTERN_RULES = {
    "id": ("like FB-2026-0042 (prefix, year, number)", "形如 FB-2026-0042(前缀-年份-序号)"),
    "title": ("one line", "只能有一行"),
    "ref": ("an opaque reference of letters, digits and . _ : / - (never a name, phone or e-mail)",
            "由字母、数字和 . _ : / - 组成的不透明编号(不能是姓名、电话或邮箱)"),
    "id_prefix": ("upper-case letters and digits, starting with a letter", "以字母开头的大写字母和数字"),
    "repository": ("an https:// address", "https:// 开头的网址"),
    "hours": ("HH:MM-HH:MM, e.g. 09:00-18:00", "HH:MM-HH:MM,例如 09:00-18:00"),
}


def _describe(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _short_list(values) -> str:
    values = [str(v) for v in values]
    return ", ".join(values) if len(values) <= 12 else ", ".join(values[:12]) + ", …"


def check(doc: Document, validator: Validator, path: str, problems: ProblemList) -> bool:
    """Validate ``doc`` with ``validator``; record a problem per error. Returns True when clean."""
    zh = problems.lang == "zh"
    clean = True
    seen_missing: set = set()
    for error in sorted(validator.iter_errors(doc.value), key=lambda e: [str(p) for p in e.absolute_path]):
        clean = False
        where = tuple(error.absolute_path)
        name = field_name(where)
        kw, value, instance = error.validator, error.validator_value, error.instance
        if kw == "required":
            for missing in [r for r in value if isinstance(instance, dict) and r not in instance]:
                if (where, missing) in seen_missing:  # jsonschema reports each missing field with the whole list
                    continue
                seen_missing.add((where, missing))
                suffix = "" if not where else (f"(在 {name} 中)" if zh else f" in {name}")
                problems.add(path, doc.at(where), "schema-required", field=missing, where=suffix)
        elif kw == "additionalProperties":
            known = list(error.schema.get("properties", {}))
            for n, extra in enumerate(k for k in instance if k not in known):
                # "did you mean" for the first few plausible names only: a hostile file with 20 000
                # unknown fields would otherwise spend seconds in difflib
                close = difflib.get_close_matches(extra, known, n=1) if n < 50 and len(extra) <= 64 else []
                hint = ""
                if close:
                    hint = f";是否应为 `{close[0]}`?" if zh else f"; did you mean `{close[0]}`?"
                problems.add(path, doc.key_at(where + (extra,)), "schema-unknown-field",
                             field=field_name(where + (extra,)), hint=hint)
        elif kw == "type":
            if where in doc.ambiguous and "boolean" in (value if isinstance(value, list) else [value]):
                suggestion = "true" if str(instance).lower() in ("yes", "y", "on") else "false"
                problems.add(path, doc.at(where), "schema-ambiguous-bool", field=name, value=instance,
                             suggestion=suggestion)
            else:
                names = _TYPES_ZH if zh else _TYPES_EN
                expected = " / ".join(names.get(t, t) for t in (value if isinstance(value, list) else [value]))
                problems.add(path, doc.at(where), "schema-type", field=name, expected=expected,
                             got=_describe(instance))
        elif kw in ("enum", "const"):
            allowed = value if kw == "enum" else [value]
            close = difflib.get_close_matches(str(instance), [str(a) for a in allowed], n=1)
            hint = (f";是否应为 `{close[0]}`?" if zh else f"; did you mean `{close[0]}`?") if close else ""
            problems.add(path, doc.at(where), "schema-enum", field=name, allowed=_short_list(allowed),
                         value=str(instance)[:80], hint=hint)
        elif kw == "pattern":
            key = next((p for p in reversed(where) if isinstance(p, str)), "")
            rule = _PATTERN_RULES.get(key, (f"must match {value}", f"须符合 {value}"))[1 if zh else 0]
            problems.add(path, doc.at(where), "schema-pattern", field=name, rule=rule, value=str(instance)[:80])
        elif kw in ("minLength", "minItems", "minProperties"):
            problems.add(path, doc.at(where), "schema-too-short", field=name, limit=value)
        elif kw in ("maxLength", "maxItems", "maxProperties"):
            problems.add(path, doc.at(where), "schema-too-long", field=name, limit=value)
        elif kw in ("minimum", "maximum"):
            sub = error.schema
            problems.add(path, doc.at(where), "schema-range", field=name, low=sub.get("minimum", "…"),
                         high=sub.get("maximum", "…"), value=instance)
        elif kw == "uniqueItems":
            problems.add(path, doc.at(where), "schema-unique", field=name)
        else:
            problems.add(path, doc.at(where), "schema-invalid", field=name, detail=error.message[:200])
    return clean
