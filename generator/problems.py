"""Problems are data: every check reports ``Problem`` objects; formatters render them.

The core never prints or exits. A ``ProblemList`` collects problems in the register's
language; the message templates live in :mod:`generator.messages`.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .messages import render

ERROR = "error"
WARNING = "warning"

# A value quoted in a message comes from an untrusted file: it is cut to this length, and characters
# that could forge another line of output or reorder it on screen are shown as escapes (\n, \u202e).
MAX_ARG = 300
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def defang(text: str) -> str:
    """``text`` with line breaks, control, bidi and zero-width characters shown as escapes."""
    return UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


def shown(value: object) -> object:
    """``value`` as a message may quote it (strings bounded and de-fanged; other values as they are)."""
    if not isinstance(value, str):
        return value
    return defang(value[:MAX_ARG] + "…" if len(value) > MAX_ARG else value)


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


class ProblemList:
    """Collects problems; ``add`` renders the message of ``code`` in ``lang``."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.items: list[Problem] = []

    def add(self, path: str, pos: tuple[int, int] | None, code: str, **args: object) -> Problem:
        severity, message = render(code, self.lang, {k: shown(v) for k, v in args.items()})
        line, col = pos if pos else (1, 1)
        problem = Problem(str(path), line, col, code, severity, message)
        self.items.append(problem)
        return problem

    def extend(self, other: "ProblemList") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.path, p.line, p.col, p.code))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


class SettingsError(Exception):
    """The register's settings cannot be used; carries the problems found in them."""

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.path}:{p.line}:{p.col}: {p.code} {p.message}" for p in problems.items))
