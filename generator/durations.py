"""Durations as the register writes them: ``2h``, ``48h``, ``7d`` (elapsed) and ``4wh``, ``3bd`` (working time).

Only parsing lives here; counting working time on a calendar belongs to the deadlines stage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_DURATION = re.compile(r"([0-9]{1,4})(h|d|wh|bd)")

UNITS = {
    "h": "elapsed hours",
    "d": "elapsed days",
    "wh": "working hours",
    "bd": "working days",
}


@dataclass(frozen=True, slots=True)
class Duration:
    amount: int
    unit: str  # one of UNITS

    @property
    def working(self) -> bool:
        return self.unit in ("wh", "bd")

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


def parse_duration(text: object) -> Duration:
    """Parse ``"48h"`` into ``Duration(48, "h")``; raises ``ValueError`` on anything else."""
    if not isinstance(text, str):
        raise ValueError(f"not a duration: {text!r}")
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a duration: {text!r}")
    return Duration(int(match.group(1)), match.group(2))


def is_duration(text: object) -> bool:
    try:
        parse_duration(text)
    except ValueError:
        return False
    return True
