"""Render the overdue list as text, JSON or CSV (the CLI's ``fbreg overdue``)."""
from __future__ import annotations

import csv
import io
import json

from .deadlines import Breach

COLUMNS = ["id", "department", "milestone", "due", "overdue_hours", "escalation", "severity", "status", "title"]


def _row(b: Breach, tz) -> dict:
    return {"id": b.id, "department": b.department, "milestone": b.milestone,
            "due": b.due.astimezone(tz).isoformat(), "overdue_hours": b.overdue_hours,
            "escalation": b.escalation, "severity": b.severity, "status": b.status, "title": b.title}


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: = + - @ tab CR or LF at the start,
    or = + - @ after leading white space (some spreadsheets skip it)."""
    text = "" if value is None else str(value)
    risky = text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") or text.lstrip()[:1] in ("=", "+", "-", "@")
    return "'" + text if risky else text


def overdue(rows: list[Breach], fmt: str, tz, as_of, labels=None, dept_name=None) -> str:
    """JSON and CSV keep the stable codes (for scripts); text uses ``labels`` and ``dept_name``
    (the register's language)."""
    label = labels or (lambda key: "" if key is None else str(key))
    dept_name = dept_name or (lambda dept_id: dept_id or "-")
    data = [_row(b, tz) for b in rows]
    if fmt == "json":
        return json.dumps({"as_of": as_of.astimezone(tz).isoformat(), "overdue": data},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in data:
            writer.writerow([safe_cell(row[c]) if isinstance(row[c], str) else row[c] for c in COLUMNS])
        return out.getvalue()
    lines = [f"{label('as_of')} {as_of.astimezone(tz).strftime('%Y-%m-%d %H:%M %z')}: "
             f"{len(rows)} × {label('overdue')}"]
    for row in data:
        lines.append(f"{row['id']}  {dept_name(row['department'])}  {label(row['milestone'])}  "
                     f"{label('due')} {row['due'][:16].replace('T', ' ')}  {label('overdue_for')} "
                     f"{row['overdue_hours']:.1f} h  {label(row['escalation'])}  {row['title']}")
    return "\n".join(lines) + "\n"
