"""The mapping file (``--mapping MAP.yaml``): column → field, the ledger's words → codes, defaults,
the row key. Checked against ``schema/import-mapping.schema.json`` (clear errors with line and
column), then against the register: every code it names must exist. Without a mapping file the
guessed one (:func:`guess`) is used as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import safeyaml, schemas
from ..problems import ProblemList
from ..userinput import ChoiceError, resolve
from .headers import Header, guess_target

# targets a row can have once (the others collect every column that names them)
SINGLE = ("received", "received_time", "title", "channel", "category", "severity", "department", "status",
          "closed_at", "acknowledged_at", "responded_at", "reply_at", "verification_at", "verified_by",
          "satisfaction", "reporter_ref", "reporter_type", "location")
PERSONAL = ("reporter", "phone", "contact")
CHOICE_KINDS = ("channel", "category", "severity", "department", "status")
# the default row key: what was received, when and where (not what happened since). Personal columns
# never count: the key is stored in the item, and a hash of a name or phone number could be reversed.
KEY_TARGETS = ("received", "received_time", "title", "description", "location")
REQUIRED_DEFAULTS = ("channel", "category", "severity")


@dataclass
class Mapping:
    columns: dict[str, str]
    values: dict[str, dict] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    key: list[str] | None = None
    source: str | None = None
    sheets: list[str] | None = None
    header_row: int | None = None
    year: int | None = None
    assume_verified: dict | None = None
    redact: bool = False
    path: str | None = None           # the mapping file, as problems name it
    guessed: bool = False

    def targets(self, header: Header) -> dict[int, str]:
        """Column index → target for a sheet's header (columns the mapping does not name are absent)."""
        return {c.index: self.columns[c.name] for c in header.columns if c.name in self.columns}


def load(path: Path, settings, problems: ProblemList) -> Mapping | None:
    """Read and check a mapping file; None (with the problems) when it cannot be used."""
    shown = str(path)
    try:
        data = safeyaml.read_bounded(path, safeyaml.MAX_BYTES)
    except FileNotFoundError:
        problems.add(shown, None, "import-mapping-missing", file=shown)
        return None
    except OSError as exc:
        problems.add(shown, None, "file-unreadable", reason=exc.strerror or str(exc))
        return None
    doc = safeyaml.load(data, shown, problems)
    if doc is None:
        return None
    if not schemas.check(doc, schemas.validator_for(schemas.load_schema("import-mapping")), shown, problems):
        return None
    raw = doc.value
    values = {kind: dict(words) for kind, words in (raw.get("values") or {}).items()}
    # the codes it names must be the register's (a label or alias is taken for its code)
    for kind, words in values.items():
        if kind in CHOICE_KINDS:
            for word, target in list(words.items()):
                try:
                    words[word] = resolve(settings, kind, target)
                except ChoiceError as exc:
                    problems.add(shown, doc.at(("values", kind, word)), "import-mapping-code",
                                 detail=exc.message(problems.lang))
    defaults = dict(raw.get("defaults") or {})
    for kind, target in list(defaults.items()):
        if kind in CHOICE_KINDS:
            try:
                defaults[kind] = resolve(settings, kind, target)
            except ChoiceError as exc:
                problems.add(shown, doc.at(("defaults", kind)), "import-mapping-code", detail=exc.message(problems.lang))
    assume = raw.get("assume_verified")
    if assume and assume.get("by"):
        try:
            assume = dict(assume, by=resolve(settings, "department", assume["by"]))
        except ChoiceError as exc:
            problems.add(shown, doc.at(("assume_verified", "by")), "import-mapping-code",
                         detail=exc.message(problems.lang))
    counts: dict[str, list[str]] = {}
    for column, target in raw["columns"].items():
        counts.setdefault(target, []).append(column)
    for target, columns in counts.items():
        if target in SINGLE and len(columns) > 1:
            problems.add(shown, doc.key_at(("columns", columns[1])), "import-mapping-twice", target=target,
                         columns="、".join(columns) if problems.lang == "zh" else ", ".join(columns))
    for k in raw.get("key") or []:
        if k not in raw["columns"] or raw["columns"][k] in PERSONAL:
            problems.add(shown, doc.at(("key",)), "import-mapping-key", column=k)
    if problems.has_errors():
        return None
    return Mapping(columns=dict(raw["columns"]), values=values, defaults=defaults, key=raw.get("key"),
                   source=raw.get("source"), sheets=raw.get("sheets"), header_row=raw.get("header_row"),
                   year=raw.get("year"), assume_verified=assume, redact=bool(raw.get("redact", False)), path=shown)


def guessed(headers: list[Header]) -> Mapping:
    """A mapping from the headings alone: the dictionary's guess for each column, ``note`` (appended
    to the description, so nothing is lost) for a heading it does not know."""
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        for column in header.columns:
            if column.name in columns:
                continue
            target = guess_target(column.name) or "note"
            if target in SINGLE and target in taken:
                target = "note"
            taken.add(target)
            columns[column.name] = target
    return Mapping(columns=columns, guessed=True)


def render_guess(mapping: Mapping, samples: dict[str, list[str]], lang: str, settings) -> str:
    """The guessed mapping as a YAML file to edit, with sample values of each column as comments."""
    zh = lang == "zh"
    from .. import newitem

    def q(text) -> str:
        return newitem._scalar(str(text))

    lines = ["# fbreg import 的映射文件:每一列导入到哪个字段。请核对后使用:fbreg import 文件 --mapping 本文件"
             if zh else "# fbreg import mapping: what each column holds. Check it, then: fbreg import FILE --mapping THIS",
             "# 字段说明见网站的“字段说明”页;列名须与表头一致。" if zh else
             "# Targets: see the site's field reference; column names must equal the headings.",
             "columns:"]
    present = set(mapping.columns.values())
    from .personal import redact
    for column, target in mapping.columns.items():
        shown = [redact(s, lang)[0] for s in samples.get(column, []) if s][:3]
        note = ("  # 例:" if zh else "  # e.g. ") + " | ".join(s[:30].replace("\n", " ") for s in shown) if shown else ""
        if target in PERSONAL:   # never copied into the mapping file, which may well be committed
            note = "  # 个人信息:不写入台账,转为不透明编号" if zh else "  # personal: never written, made an opaque reference"
        lines.append(f"  {q(column)}: {target}{note}")
    lines.append("defaults:" if any(t not in present for t in REQUIRED_DEFAULTS) else
                 ("# defaults:   # 台账没有的字段的默认值" if zh else "# defaults:   # values for what the ledger lacks"))
    for kind, code in (("channel", settings.channels[0]), ("category", settings.categories[0]),
                       ("severity", list(settings.severities)[-1])):
        if kind not in present:
            lines.append(f"  {kind}: {code}   # " + ("台账没有此列:请确认" if zh else "the ledger has no such column: check it"))
    lines += ["# values:     # " + ("台账里的写法 → 代码,例如:" if zh else "the ledger's words → codes, e.g."),
              "#   department: {客房: housekeeping}",
              "#   status: {已完成: closed, 处理中: in-progress}",
              "# assume_verified: {result: effective, by: quality, note: " +
              ("纸质台账由质检办签字验证}   # 只在台账没有回访/验证列时" if zh else
               "verified and signed off in the paper ledger}   # only when the ledger has no follow-up column"),
              "redact: false   # " + ("true:正文里的电话等个人信息替换为[已删除];false:报错,不导入" if zh else
                                   "true: personal data in texts replaced by [removed]; false: an error, nothing imported")]
    return "\n".join(lines) + "\n"
