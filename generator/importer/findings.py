"""Problems of an import, each at its place in the ledger: ``FILE:SHEET!ROW:COLUMN`` (Excel's own
way of naming a cell, with the file before it), in the register's language."""
from __future__ import annotations

from dataclasses import dataclass

from ..messages import render
from ..problems import ERROR, defang, shown


@dataclass(frozen=True)
class Finding:
    file: str
    sheet: str | None
    row: int | None
    column: str | None          # a letter (C) or None for the whole row
    code: str
    severity: str
    message: str

    @property
    def where(self) -> str:
        out = defang(self.file)
        if self.sheet is not None:
            out += f":{defang(self.sheet)}"
            if self.row is not None:
                out += f"!{self.row}"
                if self.column:
                    out += f":{self.column}"
        return out

    def line(self) -> str:
        mark = "" if self.severity == ERROR else " (warning)"
        return f"{self.where}: {self.code}{mark} {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column, "code": self.code,
                "severity": self.severity, "message": self.message}


class Findings:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: list[Finding] = []

    def add(self, file: str, sheet: str | None, row: int | None, column: str | None, code: str, /,
            **args: object) -> Finding:
        severity, message = render(code, self.lang, {k: shown(v) for k, v in args.items()})
        found = Finding(file, sheet, row, column, code, severity, message)
        self.items.append(found)
        return found

    def add_text(self, file, sheet, row, column, code: str, severity: str, message: str) -> None:
        """A problem whose message is already rendered (from userinput or the validator)."""
        self.items.append(Finding(file, sheet, row, column, code, severity, defang(message)))

    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == ERROR]
