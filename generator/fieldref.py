"""The field reference page (``/fields/``): every field of ``schema/item.schema.json`` with its title
and description in the register's language (English from the schema, Chinese from
``schema/item.zh.json``), whether it is required, its type and the values it allows (the
register's own categories, channels, severities and departments from register.yaml and
departments.yaml, with their labels). Linked from the submit page and the import docs.

Everything shown comes from files in the repository (labels and department names are register data):
it goes into the page only through ``esc``.
"""
from __future__ import annotations

import json
from functools import lru_cache

from . import schemas

# fields whose values are the register's own lists (the validator adds them to the schema)
SETTINGS_LISTS = {"channel": "channels", "reply.channel": "channels", "category": "categories",
                  "severity": "severities"}
DEPARTMENT_FIELDS = ("department", "assisting", "actions[].owner", "verification.by")
_TYPES = {"en": {"string": "text", "integer": "whole number", "boolean": "true or false", "array": "list",
                 "object": "group of fields", "date-time": "date and time with time zone"},
          "zh": {"string": "文本", "integer": "整数", "boolean": "true 或 false", "array": "列表", "object": "一组字段",
                 "date-time": "带时区的日期时间"}}
WORDS = {"en": {"required": "required", "optional": "optional", "required_in": "required in {parent}",
                "from": "{low} to {high}", "max": "at most {n} characters", "see": "see"},
         "zh": {"required": "必填", "optional": "选填", "required_in": "填写 {parent} 时必填", "from": "{low} 到 {high}",
                "max": "最多 {n} 个字", "see": "见"}}


@lru_cache(maxsize=None)
def translations() -> dict:
    with open(schemas.schema_dir() / "item.zh.json", encoding="utf-8") as fh:
        data = json.load(fh)
    data.pop("$comment", None)
    return data


def fields(schema: dict | None = None) -> list[tuple[str, dict, bool, int]]:
    """``(path, schema of the field, required, depth)`` for every field, in the schema's order;
    list entries are written ``actions[].kind``."""
    schema = schema or schemas.load_schema("item")
    out = []

    def walk(props: dict, required: list, prefix: str, depth: int) -> None:
        for name, sub in props.items():
            path = prefix + name
            out.append((path, sub, name in required, depth))
            if sub.get("type") == "object" and "properties" in sub:
                walk(sub["properties"], sub.get("required", []), path + ".", depth + 1)
            items = sub.get("items")
            if sub.get("type") == "array" and isinstance(items, dict) and "properties" in items:
                walk(items["properties"], items.get("required", []), path + "[].", depth + 1)

    walk(schema["properties"], schema.get("required", []), "", 0)
    return out


class FieldReference:
    """``pages`` is a :class:`generator.pages.Pages` (labels, department names, escaping)."""

    def __init__(self, pages) -> None:
        self.p, self.t, self.s, self.esc = pages, pages.t, pages.s, pages.esc
        self.lang = "zh" if self.s.language == "zh" else "en"
        self.w = WORDS[self.lang]

    def text(self, path: str, sub: dict, key: str) -> str:
        if self.lang == "zh":
            return translations().get(path, {}).get(key) or sub.get(key, "")
        return sub.get(key, "")

    def values(self, path: str, sub: dict) -> str:
        esc, t, s = self.esc, self.t, self.s
        pairs: list[tuple[str, str]] = []
        if path in SETTINGS_LISTS:
            codes = getattr(s, SETTINGS_LISTS[path])
            pairs = [(c, t(c)) for c in codes]
        elif path in DEPARTMENT_FIELDS:
            pairs = [(d, self.p.dept(d)) for d in s.departments]
        else:
            enum = sub.get("enum") or (sub.get("items") or {}).get("enum")
            if enum:
                label = (lambda c: t(f"reporter_{c}")) if path == "reporter.type" else t
                pairs = [(c, label(c)) for c in enum]
        if pairs:
            sep = "、" if self.lang == "zh" else ", "
            return sep.join(f"<code>{esc(c)}</code> {esc(label)}" if label != c else f"<code>{esc(c)}</code>"
                            for c, label in pairs)
        kind = "date-time" if sub.get("format") == "date-time" else sub.get("type", "")
        out = esc(_TYPES[self.lang].get(kind, kind))
        if "minimum" in sub and "maximum" in sub:
            out += ", " + esc(self.w["from"].format(low=sub["minimum"], high=sub["maximum"]))
        elif sub.get("type") == "string" and "maxLength" in sub:
            out += ", " + esc(self.w["max"].format(n=sub["maxLength"]))
        return out

    def render(self) -> str:
        esc, t = self.esc, self.t
        rows = []
        for path, sub, required, depth in fields():
            parent = path.rsplit(".", 1)[0].removesuffix("[]") if depth else ""
            need = (self.w["required"] if not depth else self.w["required_in"].format(parent=parent)) if required \
                else self.w["optional"]
            mark = ' class="fbr-req"' if required and not depth else ""
            rows.append([f'<code id="field-{esc(path.replace("[]", "").replace(".", "-"))}">{esc(path)}</code>',
                         esc(self.text(path, sub, "title")), f"<span{mark}>{esc(need)}</span>",
                         self.values(path, sub), esc(self.text(path, sub, "description"))])
        head = [t("fields_field"), t("fields_name"), t("fields_required"), t("fields_values"), t("fields_about")]
        table = self.p.table(head, rows, "fbr-table fbr-fields")
        intro = esc(t("fields_intro"))
        return (f"<h1>{esc(t('fields'))}</h1>\n\n<p>{intro}</p>\n\n"
                f'<div class="fbr-ledger-wrap">{table}</div>\n')


def field_reference(pages) -> str:
    """The page ``fields/index.md`` (raw HTML, which Markdown leaves alone)."""
    return FieldReference(pages).render()
