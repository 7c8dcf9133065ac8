"""The status of an imported row, and the last state its data supports.

A status column is read like any other choice (the ledger's words through ``values: status``, the
register's codes, labels and aliases). Without one, the status is inferred from what the row records
(:func:`infer`): a completion date and a result (or measures, or a reply) ⇒ closed; a result or
measures, or a completion date, alone ⇒ in-progress; a department alone ⇒ assigned; else new.

The item is then imported at the last state its data supports (:func:`settle`), never with a field
the ledger does not hold:

* closed needs a completion date (``closed_at``) and a verification: from a follow-up/verification
  column (its words read as effective, partly effective or not effective; its date, else the
  completion date; a follow-up after the completion moves the closure to it, since an item is closed
  after it is verified), or from the mapping's ``assume_verified`` (a statement made at import,
  written into the note). Without one the item is imported as *verifying*, with the completion date as
  the time measures were taken (``responded_at``, the actions' ``done_at``);
* closed without a completion date is imported as *in-progress*;
* a handled item (assigned or later) needs a department (a column or ``defaults.department``), else it
  is imported as *new*.

Each downgrade is a warning, counted per sheet.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..timestamps import format_timestamp

WITHOUT_DEPARTMENT = ("new", "rejected", "duplicate")


@dataclass
class Settled:
    status: str
    verification: dict | None
    closed_at: dt.datetime | None
    warnings: list[str] = field(default_factory=list)


def infer(completed: dt.datetime | None, handled: bool, department: str | None) -> str:
    """The status a row without a status column records."""
    if completed and handled:
        return "closed"
    if handled or completed:
        return "in-progress"
    return "assigned" if department else "new"


def settle(claimed: str, completed: dt.datetime | None, verified_at: dt.datetime | None, result: str | None,
           follow_up: str, assume: dict | None, department: str | None, lang: str) -> Settled:
    """The status the data supports, the verification (from the data or the mapping's statement) and
    the closing time."""
    out = Settled(claimed, None, completed)
    if claimed == "closed":
        if completed is None:
            out.status = "in-progress"
            out.warnings.append("import-closed-no-date")
        elif result is not None:
            out.verification = {"result": result, "at": format_timestamp(verified_at or completed)}
            if verified_at and verified_at > completed:
                out.closed_at = verified_at
        elif assume:
            note = ("导入时声明:" if lang == "zh" else "Stated at import: ") + assume["note"]
            out.verification = {"result": assume["result"], "at": format_timestamp(completed), "note": note}
            if assume.get("by"):
                out.verification["by"] = assume["by"]
        else:
            out.status = "verifying"
            out.warnings.append("import-closed-unverified")
    if out.verification is not None and follow_up:
        note = out.verification.get("note")
        out.verification["note"] = follow_up if note is None else note + "\n\n" + follow_up
    if out.status not in WITHOUT_DEPARTMENT and not department:
        out.warnings.append("import-no-department")
        out.status = "new"
    return out
