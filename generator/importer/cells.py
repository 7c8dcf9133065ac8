"""Reading one cell of a ledger row (a text, a date and time, a choice), with any problem reported at
that cell (``FILE:SHEET!ROW:COLUMN``): what every row of a sheet shares (:class:`Context`) and the
readers (:class:`CellReader`, the base of the row converter)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from .. import privacy, schemas
from ..labels import LABELS
from ..userinput import ChoiceError, InputError, choices_for
from . import values as V
from .mapping import Mapping
from .personal import References, redact

REPORTER_TYPES = tuple(schemas.load_schema("item")["properties"]["reporter"]["properties"]["type"]["enum"])
KIND_WORDS = {"phone": ("phone number", "电话号码"), "email": ("e-mail address", "电子邮件地址"),
              "id-number": ("resident ID number", "居民身份证号码"), "bank-card": ("bank card number", "银行卡号"),
              "licence-plate": ("licence plate", "车牌号")}


@dataclass
class Context:
    """What every row of one import shares."""

    settings: object
    mapping: Mapping
    now: dt.datetime
    refs: References
    source: str                          # the name import.file records
    findings: object

    def __post_init__(self):
        self.choices = {k: choices_for(self.settings, k) for k in ("channel", "category", "severity", "department",
                                                                     "status")}
        types = {}
        for code in REPORTER_TYPES:
            types[code] = code
            for lang in LABELS:
                types[LABELS[lang].get(f"reporter_{code}", code).casefold()] = code
        types.update({"客人": "guest", "住客": "guest", "顾客": "customer", "职工": "employee", "游客": "visitor"})
        self.reporter_types = types



class CellReader:
    """Needs ``ctx``, ``file``, ``sheet``, ``s`` (settings), ``lang``, ``letters``, ``names``, ``year``, ``epoch``;
    sets ``failed`` when a cell cannot be read and collects warnings in ``warned``."""

    # -- reporting
    def add(self, row, index, code, **args):
        letter = self.letter(index)
        return self.ctx.findings.add(self.file, self.sheet, row, letter, code, **args)

    def letter(self, index):
        if index is None:
            return None
        return self.letters.get(index) or get_column_letter(index + 1)

    def count(self, code: str) -> None:
        """A warning summarised per sheet (counted for the rows actually imported)."""
        self.warned.append(code)

    def _texts(self, number, texts, indexes) -> list[tuple[int, str]]:
        """Free-text cells, checked (or redacted) for personal data."""
        out = []
        for i in indexes:
            t = texts[i]
            if privacy.findings(t):
                if self.ctx.mapping.redact:
                    t, found = redact(t, self.lang)
                    for kind, masked in found:
                        self.add(number, i, "import-redacted", what=KIND_WORDS[kind][self.lang == "zh"], value=masked)
                else:
                    for kind, _, _, masked in privacy.findings(t):
                        self.add(number, i, "import-personal-data", name=self.names.get(i, ""),
                                 what=KIND_WORDS[kind][self.lang == "zh"], value=masked)
                    self.failed = True
            out.append((i, t))
        return out

    def _when(self, number, index, cells, floor=None) -> tuple[dt.datetime | None, bool]:
        s, tz = self.s, self.s.tz
        try:
            value, has_time = V.when(cells[index], tz, self.ctx.now, self.year, self.epoch)
        except V.YearUnknown as exc:
            self.add(number, index, "import-year-unknown", value=str(exc))
            self.failed = True
            return None, False
        except InputError as exc:
            self.ctx.findings.add_text(self.file, self.sheet, number, self.letter(index), exc.code, "error",
                                       exc.message(self.lang))
            self.failed = True
            return None, False
        if not has_time:
            value = V.at_day_start(value, s.calendar.start, floor)
        return value.astimezone(tz), has_time

    def _choice(self, number, kind, indexes, texts) -> str | None:
        if not indexes:
            return self.ctx.mapping.defaults.get(kind)
        i = indexes[0]
        t = texts[i]
        words = self.ctx.mapping.values.get(kind, {})
        for word, code in words.items():
            if V.text(word).casefold() == t.casefold():
                return code
        if kind == "reporter_type":
            code = self.ctx.reporter_types.get(t.casefold())
            if code is None:
                self.add(number, i, "import-reporter-type", value=t, allowed=", ".join(REPORTER_TYPES))
                self.failed = True
            return code
        try:
            return self.ctx.choices[kind].resolve(t)
        except ChoiceError as exc:
            self.ctx.findings.add_text(self.file, self.sheet, number, self.letter(i), exc.code, "error",
                                       exc.message(self.lang))
            self.failed = True
            return None

