"""One ledger row → the fields of one item, every problem at its cell.

The status rules are status.py's; dates without times values.py's.

Deadlines are the register's usual ones, counted from the time of receipt (see values.py for
dates without times): imported closed items are met or late by their real dates; imported open items
keep their deadlines and show as overdue when they are (the dry run counts them).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from .. import privacy
from ..timestamps import format_timestamp
from ..userinput import ChoiceError, InputError
from . import values as V
from .cells import CellReader, Context
from .headers import Header
from .mapping import PERSONAL, REQUIRED_DEFAULTS
from .sources import Value
from .status import infer, settle

TEXT_TARGETS = ("title", "description", "note", "location", "analysis", "action", "temporary_action",
                "preventive_action", "result", "reply", "verification", "tags")
TIME_TARGETS = ("closed_at", "acknowledged_at", "responded_at", "reply_at", "verification_at")
_SPLIT = re.compile(r"[,,、;;/|\n]+")
TITLE_MAX = 40

@dataclass
class Row:
    """A converted row. ``columns``: top-level item field → the letter of the column it came from."""

    file: str
    sheet: str
    number: int
    fields: dict
    columns: dict[str, str]
    received: dt.datetime
    key_text: str
    first_column: str = "A"
    status_claimed: str | None = None
    warnings: list = field(default_factory=list)     # codes summarised per sheet

    @property
    def key(self) -> str:
        return "k-" + hashlib.sha256(self.key_text.encode("utf-8")).hexdigest()[:20]


class SheetConverter(CellReader):
    def __init__(self, ctx: Context, file: str, sheet: str, header: Header, year: int | None, epoch) -> None:
        self.ctx, self.file, self.sheet, self.header, self.year, self.epoch = ctx, file, sheet, header, year, epoch
        self.s = ctx.settings
        self.lang = self.s.language
        m = ctx.mapping
        self.targets = m.targets(header)
        self.names = {c.index: c.name for c in header.columns}
        self.letters = {c.index: c.letter for c in header.columns}
        key_columns = set(m.key) if m.key else None
        from .mapping import KEY_TARGETS
        self.key_indexes = [i for i, t in sorted(self.targets.items()) if t not in PERSONAL and
                            (self.names[i] in key_columns if key_columns is not None else t in KEY_TARGETS)]
        self.reported_unmapped: set[int] = set()
        present = set(self.targets.values())
        self.missing_defaults = [k for k in REQUIRED_DEFAULTS if k not in present and k not in m.defaults]
        for kind in self.missing_defaults:
            self.add(None, None, "import-needs-default", kind=kind)

    # -- one row
    def convert(self, number: int, cells: list[Value], since: dt.datetime | None) -> Row | str | None:
        """A :class:`Row`, or the reason it is not an item (``blank``, ``subtotal``, ``note``, ``since``),
        or None when it has problems (recorded)."""
        from .headers import is_subtotal

        texts = {i: V.text(c.value) for i, c in enumerate(cells)}
        filled = [i for i, t in texts.items() if t]
        if not filled:
            return "blank"
        if is_subtotal([texts[i] for i in sorted(texts)]):
            return "subtotal"
        ok = True
        for i in filled:
            if i not in self.targets and i not in self.reported_unmapped:
                self.reported_unmapped.add(i)
                name = self.names.get(i)
                if name is None:
                    self.add(number, i, "import-column-no-heading")
                else:
                    self.add(number, i, "import-column-unmapped", name=name)
        if any(i not in self.targets for i in filled):
            ok = False
        by: dict[str, list[int]] = {}
        for i in filled:
            if i in self.targets:
                by.setdefault(self.targets[i], []).append(i)
        content = by.get("description", []) + by.get("title", [])
        if not content:
            meaningful = [i for i in filled if self.targets.get(i) != "ignore"]
            if len(meaningful) <= 1:
                return "note"           # a footer or a lone remark (制表人: …): reported in the counts
            self.add(number, None, "import-no-content")
            return None
        if not ok:
            return None
        return self._fields(number, cells, texts, by, since)

    def _fields(self, number, cells, texts, by, since) -> Row | str | None:
        self.failed = False
        self.warned: list[str] = []
        s, lang = self.s, self.lang
        cols: dict[str, str] = {}

        def col(name, indexes):
            if indexes:
                cols.setdefault(name, self.letter(indexes[0]))

        # when
        received = None
        r_idx, t_idx = by.get("received", []), by.get("received_time", [])
        if r_idx or t_idx:
            first = (r_idx or t_idx)[0]
            value, has_time = self._when(number, first, cells) if r_idx else (None, False)
            if not r_idx:   # only a 时间 column: it must hold the date too
                value, has_time = self._when(number, first, cells)
            if value is not None and r_idx and t_idx and not has_time and texts[t_idx[0]]:
                try:
                    c = V.clock(cells[t_idx[0]], s.tz, self.ctx.now)
                    value = value.replace(hour=c.hour, minute=c.minute, second=c.second)
                except InputError as exc:
                    self.ctx.findings.add_text(self.file, self.sheet, number, self.letter(t_idx[0]), exc.code, "error",
                                               exc.message(lang))
                    self.failed = True
            received = value
            col("received", [first])
        else:
            self.add(number, None, "import-no-received")
            return None
        if received is None:
            return None
        if since is not None and received < since:
            return "since"

        fields: dict = {"title": None, "received": format_timestamp(received)}
        for kind in ("channel", "category", "severity"):
            fields[kind] = self._choice(number, kind, by.get(kind, []), texts)
            col(kind, by.get(kind, []))
        department = self._choice(number, "department", by.get("department", []), texts)
        col("department", by.get("department", []))
        assisting = []
        for i in by.get("assisting", []):
            for part in [p.strip() for p in _SPLIT.split(texts[i]) if p.strip()]:
                try:
                    code = self.ctx.choices["department"].resolve(part)
                    if code != department and code not in assisting:
                        assisting.append(code)
                except ChoiceError as exc:
                    self.ctx.findings.add_text(self.file, self.sheet, number, self.letter(i), exc.code, "error",
                                               exc.message(lang))
                    self.failed = True
        col("assisting", by.get("assisting", []))
        claimed = self._choice(number, "status", by.get("status", []), texts) if by.get("status") else None
        col("status", by.get("status", []))

        def joined(target) -> tuple[str, list[int]]:
            parts = self._texts(number, texts, by.get(target, []))
            return "\n\n".join(t for _, t in parts if t), [i for i, _ in parts]

        description, d_idx = joined("description")
        title, ti_idx = joined("title")
        notes = self._texts(number, texts, sorted(by.get("note", []) + by.get("result", [])))
        location, l_idx = joined("location")
        analysis, a_idx = joined("analysis")
        reply_text, rp_idx = joined("reply")
        follow_up, f_idx = joined("verification")
        actions = []
        for target, kind in (("temporary_action", "temporary"), ("action", "corrective"),
                             ("preventive_action", "preventive")):
            for i, t in self._texts(number, texts, by.get(target, [])):
                if t:
                    actions.append(({"kind": kind, "text": t}, i))
        result_given = any(texts[i] for i in by.get("result", []))

        # times, each date-only one at the start of its working day but not before the one before it
        times: dict[str, dt.datetime | None] = {}
        floor = received
        for target in ("acknowledged_at", "responded_at", "reply_at", "verification_at", "closed_at"):
            idx = by.get(target, [])
            value = None
            if idx and texts[idx[0]]:
                value, _ = self._when(number, idx[0], cells, floor)
                if value is not None:
                    floor = max(floor, value) if target != "reply_at" else floor
            times[target] = value
        completed = times["closed_at"]

        # status: claimed (a column) or inferred, then the last state the data supports
        result_code = V.verification_result(follow_up, self.ctx.mapping.values.get("verification", {})) \
            if follow_up else None
        if follow_up and result_code is None:
            self.add(number, f_idx[0], "import-verification-unknown", value=follow_up[:60])
        claimed = claimed or infer(completed, bool(actions or result_given or reply_text), department)
        settled = settle(claimed, completed, times["verification_at"], result_code, follow_up,
                         self.ctx.mapping.assume_verified, department, lang)
        status, verification, completed = settled.status, settled.verification, settled.closed_at
        self.warned += settled.warnings
        if verification is not None and result_code is not None:
            col("verification", f_idx)
        if verification is not None and by.get("verified_by") and texts[by["verified_by"][0]]:
            code = self._choice(number, "department", by["verified_by"], texts)
            if code:
                verification["by"] = code

        # the description: its own columns, then every note, result and unplaced text, labelled
        extra = []
        for i, t in notes:
            if t:
                extra.append(f"{self.names.get(i, '')}:{t}" if lang == "zh" else f"{self.names.get(i, '')}: {t}")
        if completed is not None and status not in ("closed", "verifying") and by.get("closed_at"):
            i = by["closed_at"][0]
            extra.append(f"{self.names[i]}:{texts[i]}" if lang == "zh" else f"{self.names[i]}: {texts[i]}")
        if reply_text and not times["reply_at"] and not (status == "closed" and completed):
            extra.append(("答复:" if lang == "zh" else "Reply: ") + reply_text)
        if follow_up and verification is None:
            i = f_idx[0]
            extra.append(f"{self.names[i]}:{follow_up}" if lang == "zh" else f"{self.names[i]}: {follow_up}")
        body = description or title
        if extra:
            body = (body + "\n\n" if body else "") + "\n".join(f"- {e}" for e in extra)
        fields["description"] = body
        col("description", d_idx or ti_idx)
        if title:
            fields["title"] = title.splitlines()[0][:200]
            col("title", ti_idx)
        else:
            fields["title"] = make_title(description)
            col("title", d_idx)

        # assemble in the register's field order
        out: dict = {"title": fields["title"], "received": fields["received"]}
        for kind in ("channel", "category", "severity"):
            out[kind] = fields[kind]
        if department and status != "new":
            out["department"] = department
        if assisting and status != "new":
            out["assisting"] = assisting
        out["status"] = status
        reporter = self._reporter(number, by, texts, cols)
        if reporter:
            out["reporter"] = reporter
        if location:
            out["location"] = location[:200]
            col("location", l_idx)
        tags = []
        for i in by.get("tags", []):
            tags += [t.strip()[:40] for t in _SPLIT.split(texts[i]) if t.strip() and t.strip()[:40] not in tags]
        if tags:
            out["tags"] = tags[:20]
            col("tags", by["tags"])
        out["description"] = fields["description"]
        if status != "new":
            if times["acknowledged_at"]:
                out["acknowledged_at"] = format_timestamp(times["acknowledged_at"])
                col("acknowledged_at", by["acknowledged_at"])
            responded = times["responded_at"] or (completed if status == "verifying" else None)
            if responded:
                out["responded_at"] = format_timestamp(responded)
                col("responded_at", by.get("responded_at") or by.get("closed_at"))
        if analysis:
            out["analysis"] = analysis
            col("analysis", a_idx)
        if actions:
            done = completed if status in ("closed", "verifying") else None
            listed = []
            for action, i in actions:
                if department and status != "new":
                    action["owner"] = department
                if done:
                    action["done_at"] = format_timestamp(done)
                listed.append(action)
            out["actions"] = listed
            cols.setdefault("actions", self.letter(actions[0][1]))
        if reply_text and times["reply_at"]:
            out["reply"] = {"text": reply_text, "at": format_timestamp(times["reply_at"])}
            col("reply", rp_idx)
        elif reply_text and status == "closed" and completed:
            out["reply"] = {"text": reply_text, "at": format_timestamp(completed)}
            col("reply", rp_idx)
        if status == "closed":
            out["verification"] = verification
            out["closed_at"] = format_timestamp(completed)
            col("closed_at", by.get("closed_at"))
        sat_idx = by.get("satisfaction", [])
        if sat_idx and texts[sat_idx[0]]:
            score = V.satisfaction(texts[sat_idx[0]], self.ctx.mapping.values.get("satisfaction", {}))
            if score is None:
                self.add(number, sat_idx[0], "import-satisfaction", value=texts[sat_idx[0]])
                self.failed = True
            else:
                out["satisfaction"] = score
                col("satisfaction", sat_idx)
        if self.failed:
            return None
        key_text = "\x1e".join([self.sheet] + [texts.get(i, "") for i in self.key_indexes])
        return Row(self.file, self.sheet, number, out, cols, received, key_text, self.letter(0), claimed, self.warned)

    def _reporter(self, number, by, texts, cols) -> dict | None:
        personal = [texts[i] for target in PERSONAL for i in by.get(target, [])]
        reporter: dict = {}
        t_idx = by.get("reporter_type", [])
        kind = self._choice(number, "reporter_type", t_idx, texts) if t_idx and texts[t_idx[0]] else \
            self.ctx.mapping.defaults.get("reporter_type")
        if kind:
            reporter["type"] = kind
        ref_idx = by.get("reporter_ref", [])
        ref = texts[ref_idx[0]] if ref_idx and texts[ref_idx[0]] else None
        if ref is not None:
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}", ref) or privacy.findings(ref):
                self.add(number, ref_idx[0], "import-ref-form", value=privacy.mask("mobile", ref) if ref.isdigit()
                         else ref[:30])
                self.failed = True
                ref = None
            else:
                cols["reporter"] = self.letter(ref_idx[0])
        if ref is None:
            ref = self.ctx.refs.ref(personal)
            if ref:
                self.count("import-personal-ref")
        if ref:
            reporter["anonymous"] = False
            reporter["ref"] = ref
        return reporter or None


def make_title(description: str) -> str:
    """A title from the description: its first sentence, at most 40 characters."""
    first = description.strip().split("\n", 1)[0].strip().lstrip("-*# ").strip()
    cut = re.split(r"(?<=[。!?!?;;])", first, maxsplit=1)[0].rstrip("。;;")
    if len(cut) > TITLE_MAX:
        cut = cut[:TITLE_MAX - 1].rstrip() + "…"
    return cut if len(cut) >= 2 else (cut + "…" if cut else "—")
