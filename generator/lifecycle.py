"""The status lifecycle: which changes of status are allowed. ``fbreg set`` refuses the others and
``fbreg audit`` reports them in the history, so both read the same rule.

* ``new`` is only ever the first status: nothing goes back to it.
* ``closed``, ``rejected`` and ``duplicate`` are final: leaving them is a *reopen*, which needs a
  reason (``fbreg set … --reopen REASON``, written into the commit message as ``Reopen: REASON``).
* Everything else moves freely (a failed verification goes back to in-progress, a hold ends).
* A closed item keeps its record: once final, only ``EDITABLE_WHEN_FINAL`` may still change
  (the reporter's rating arrives later) unless the item is reopened.
"""
from __future__ import annotations

import re

FINAL = frozenset({"closed", "rejected", "duplicate"})
EDITABLE_WHEN_FINAL = frozenset({"satisfaction", "tags", "related"})
REOPEN = re.compile(r"^(reopen(ed)?|重新打开|重开)\s*[:：]\s*\S", re.I | re.M)


def is_reopen(message: str) -> bool:
    """Whether a commit message gives a reason to reopen (a line ``Reopen: reason``)."""
    return bool(REOPEN.search(message or ""))


def transition_allowed(old: object, new: object, reopened: bool) -> bool:
    if old == new:
        return True
    if new == "new":
        return False
    return old not in FINAL or reopened


def final_edit_allowed(status: object, changed_fields: set[str], reopened: bool) -> bool:
    """Whether an item that stays in a final status may change ``changed_fields``."""
    return status not in FINAL or reopened or not (changed_fields - EDITABLE_WHEN_FINAL)
