"""The register as downloadable files: a spreadsheet (CSV), data (JSON) and Atom feeds.

* ``register_csv`` is for people opening it in a spreadsheet: headers and coded values (channel,
  category, severity, status, departments, reporter type) in the register's language, times as
  ``YYYY-MM-DD HH:MM`` in its time zone, UTF-8 with a byte-order mark and CRLF line ends (so Excel
  reads Chinese correctly), every cell neutralised against formula injection.
* ``register_json`` is for programs: each item's data as stored (codes, not labels) plus its
  computed ``milestones`` (the stored ``deadlines`` field keeps its own meaning).
* ``site_files`` is every such file the site publishes, ``{path: bytes}``.

Nothing here prints or writes files.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

from . import schemas
from .feeds import atom_feed
from .labels import Labels
from .tables import safe_cell
from .timestamps import format_timestamp
from .views import ItemView, RegisterView

# Column keys of the CSV, in order: labels of the site where it has them (so ``labels`` in
# register.yaml rename a column on the site and in the export alike).
CSV_COLUMNS = ["id", "title", "received", "channel", "category", "severity", "department", "assisting_departments",
               "status", "reporter", "location", "acknowledged_at", "responded_at", "closed_at",
               "export_next_deadline", "export_overdue", "satisfaction", "tags", "description"]

LIST_SEPARATOR = "; "


def export_labels(settings) -> Labels:
    """The site's labels (``labels`` of register.yaml over them): one vocabulary for site and export."""
    return Labels(settings.language, settings.labels)


class _Csv:
    def __init__(self, view: RegisterView) -> None:
        self.s = view.settings
        self.t = export_labels(self.s)

    def when(self, v: ItemView, key: str) -> str:
        value = v.time(key)
        if value is not None:
            return value.astimezone(self.s.tz).strftime("%Y-%m-%d %H:%M")
        raw = v.data.get(key)
        return "" if raw is None else str(raw)

    def dept(self, dept_id: object) -> str:
        return self.s.department_name(dept_id, "")

    def reporter(self, d: dict) -> str:
        rep = d.get("reporter")
        if not isinstance(rep, dict):
            return self.t("anonymous")
        kind = self.t(f"reporter_{rep['type']}") if rep.get("type") else ""
        if rep.get("anonymous") is True:
            return f"{kind} ({self.t('anonymous')})" if kind else self.t("anonymous")
        return kind

    def next_deadline(self, v: ItemView) -> str:
        pending = [m for m in v.milestones if m.state in ("open", "breached") and m.due]
        if pending:
            m = min(pending, key=lambda m: m.due)
            return f"{self.t(m.name)} {m.due.astimezone(self.s.tz).strftime('%Y-%m-%d %H:%M')}"
        if any(m.state == "paused" for m in v.milestones):
            return self.t("state_paused")
        return ""

    @staticmethod
    def many(value: object, each=str) -> str:
        if isinstance(value, list):
            return LIST_SEPARATOR.join(each(x) for x in value)
        return "" if value is None else each(value)

    def row(self, v: ItemView) -> list[str]:
        d, t = v.data, self.t
        return [
            v.id, d.get("title"), self.when(v, "received"), t(d.get("channel")), t(d.get("category")),
            t(d.get("severity")), self.dept(d.get("department")), self.many(d.get("assisting"), self.dept),
            t(d.get("status")), self.reporter(d), d.get("location"), self.when(v, "acknowledged_at"),
            self.when(v, "responded_at"), self.when(v, "closed_at"), self.next_deadline(v),
            t("export_yes") if v.breaches else t("export_no"), d.get("satisfaction"), self.many(d.get("tags")),
            d.get("description"),
        ]


def register_csv(view: RegisterView) -> bytes:
    """The whole register as one table, newest first (UTF-8 with BOM, CRLF)."""
    table = _Csv(view)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(table.t(key)) for key in CSV_COLUMNS])
    for v in view.items:
        writer.writerow([safe_cell(cell) for cell in table.row(v)])
    return out.getvalue().encode("utf-8-sig", errors="replace")


def _public_data(data: dict, field_order: list[str]) -> dict:
    """The item as stored, top-level fields in the schema's order; an anonymous reporter's
    reference is left out (the site never shows it)."""
    rank = {name: n for n, name in enumerate(field_order)}
    out = {k: data[k] for k in sorted(data, key=lambda k: (rank.get(k, len(rank)), str(k)))}
    rep = out.get("reporter")
    if isinstance(rep, dict) and rep.get("anonymous") is True and "ref" in rep:
        out["reporter"] = {k: v for k, v in rep.items() if k != "ref"}
    return out


def _finite(value: object) -> object:
    """``value`` with every infinite number written as text: YAML can spell one (``1.0e999``) and a
    build that ignores problems would put it into a JSON file no parser must accept (``Infinity``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _iso(value: dt.datetime | None, tz) -> str | None:
    return format_timestamp(value.astimezone(tz)) if value is not None else None


def register_json(view: RegisterView) -> bytes:
    """``{"register", "as_of", "timezone", "items"}``: each item's stored data (codes) plus
    ``milestones``: ``[{"milestone", "due", "met_at", "state"}]`` as of ``as_of``."""
    s = view.settings
    order = list(schemas.load_schema("item")["properties"])
    lines = []
    for v in view.items:
        entry = _public_data(v.data, order)
        entry["milestones"] = [{"milestone": m.name, "due": _iso(m.due, s.tz), "met_at": _iso(m.met_at, s.tz),
                                "state": m.state} for m in v.milestones]
        # one item per line: readable and diffable, and written by json's C encoder (indent= is pure Python)
        try:
            lines.append(json.dumps(entry, ensure_ascii=False, allow_nan=False, separators=(",", ":")))
        except ValueError:   # an infinite number (rare: walked through only then)
            lines.append(json.dumps(_finite(entry), ensure_ascii=False, allow_nan=False, separators=(",", ":")))
    head = {"register": s.title, "as_of": _iso(view.as_of, s.tz), "timezone": s.timezone}
    text = json.dumps(head, ensure_ascii=False, allow_nan=False)[:-1] + ', "items": [\n' + ",\n".join(lines) + "\n]}\n"
    return text.encode("utf-8", errors="replace")


def site_files(view: RegisterView, site_url: str | None = None) -> dict[str, bytes]:
    """Every non-page file the site publishes, ``{path relative to the site: bytes}``."""
    files = {
        "exports/register.csv": register_csv(view),
        "exports/register.json": register_json(view),
        "feed.xml": atom_feed(view, site_url=site_url),
    }
    for dept_id in view.settings.departments:
        files[f"departments/{dept_id}/feed.xml"] = atom_feed(view, dept_id, site_url=site_url)
    return files
