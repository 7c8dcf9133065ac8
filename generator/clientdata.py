"""Data files the site's small scripts read: the ledger's rows (filter and sort across every page)
and the open deadlines (the overdue page re-checked against the reader's clock).

Plain JSON files, fetched by the scripts and rendered with ``textContent``, never as HTML.
"""
from __future__ import annotations

import json

from .deadlines import escalation_thresholds


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ledger_rows(pages) -> bytes:
    """Every item as a ledger row (:meth:`generator.pages.Pages.ledger_row`): the cells as shown,
    plus the codes the filter matches."""
    return _dump({"rows": [pages.ledger_row(v) for v in pages.view.items]})


def open_deadlines(pages) -> bytes:
    """Every deadline not yet met (open or breached), with the instants at which each escalation
    level starts, so a script can tell what is overdue at the reader's time."""
    view, t = pages.view, pages.t
    counts = pages.reminder_counts
    rows = []
    for v in view.items:
        for m in v.milestones:
            if m.state not in ("open", "breached") or m.due is None:
                continue
            levels = [[at.isoformat(), t(level)]
                      for at, level in escalation_thresholds(view.settings, view.calendar, m.due)]
            rows.append({"id": v.id, "title": str(v.data.get("title", "")),
                         "department": v.data.get("department") or "", "department_name": pages.dept(v.data.get("department")),
                         "milestone": t(m.name), "due": m.due.isoformat(), "due_text": pages.when(m.due), "levels": levels,
                         "reminders": counts.get(v.id, 0)})
    rows.sort(key=lambda r: (r["department"], r["due"], r["id"]))
    order = list(view.settings.departments)
    rows.sort(key=lambda r: order.index(r["department"]) if r["department"] in order else len(order))
    return _dump({"as_of": view.as_of.isoformat(), "timezone": view.settings.timezone,
                  "labels": {k: t(k) for k in ("id", "title", "milestone", "due", "overdue_for", "escalation",
                                                "reminders", "no_overdue", "rechecked", "as_of")},
                  "deadlines": rows})


def site_data(pages) -> dict[str, bytes]:
    return {"register/rows.json": ledger_rows(pages), "overdue/deadlines.json": open_deadlines(pages)}
