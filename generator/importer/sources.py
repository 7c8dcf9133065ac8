"""Readers of the ledgers offices keep: one :class:`Sheet` of rows per worksheet (or CSV file).

* ``.xlsx`` / ``.xlsm``: openpyxl in read-only mode (rows are streamed, so a 50 000-row workbook stays
  small in memory), values as Excel stored them (text, numbers, dates). defusedxml guards its XML
  parsing; the archive's uncompressed size is checked first, so a zip bomb is refused unopened.
* ``.csv`` / ``.tsv`` / ``.txt``: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
  "Unicode text"), else GB18030 (a superset of GBK and GB2312, what Chinese Excel and WPS save as
  "CSV"); the encoding found is named in the report. The delimiter is sniffed (comma, tab, semicolon).
* ``.xls`` (Excel 97–2003) is not read: the libraries that read it are unmaintained, so the
  message says how to save it as ``.xlsx`` (or CSV) in Excel or WPS.

Rows come as ``(row number, [values])`` with row numbers as the spreadsheet shows them (1-based).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_CSV_BYTES = 200 * 1024 * 1024          # a CSV is read whole (to find its encoding)
MAX_XLSX_UNPACKED = 2 * 1024 * 1024 * 1024  # the archive's contents, uncompressed
MAX_RATIO = 200                             # uncompressed : compressed for one member (sheet XML is ~10–30)
EXCEL_TYPES = (".xlsx", ".xlsm")
CSV_TYPES = (".csv", ".tsv", ".txt")


class SourceError(Exception):
    """A ledger file that cannot be read; ``code`` and ``args`` name the message (messages.py)."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(f"{code}: {args}")
        self.code = code
        self.args_ = args


@dataclass(frozen=True)
class Value:
    """A cell: its value and, for dates, whether the cell's format shows a time of day."""

    value: object
    shows_time: bool = False


@dataclass
class Sheet:
    file: Path
    name: str
    rows: Iterator[tuple[int, list[Value]]]
    encoding: str | None = None            # CSV: the encoding found
    epoch: dt.datetime = dt.datetime(1899, 12, 30)   # Excel's day 0 (the 1904 system: 1904-01-01)
    extra: dict = field(default_factory=dict)


def open_sheets(path: Path, wanted: list[str] | None = None) -> tuple[list[str], Iterator[Sheet]]:
    """The sheet names of ``path`` and its sheets (those in ``wanted``, or all), read lazily."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SourceError("import-xls", file=path.name)
    if suffix == ".et":
        raise SourceError("import-xls", file=path.name)
    if suffix in EXCEL_TYPES:
        return _excel(path, wanted)
    if suffix in CSV_TYPES:
        sheet = _csv(path)
        return [sheet.name], iter([sheet])
    raise SourceError("import-format", file=path.name, suffix=path.suffix or "—")


# -- Excel -----------------------------------------------------------------------------------------

def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise SourceError("import-unreadable", file=path.name, reason="suspicious compression (zip bomb)")
            if total > MAX_XLSX_UNPACKED:
                raise SourceError("import-unreadable", file=path.name, reason=f"{total} bytes when unpacked")
    except zipfile.BadZipFile:
        raise SourceError("import-unreadable", file=path.name, reason="not an .xlsx workbook (not a zip archive)")
    except OSError as exc:
        raise SourceError("import-unreadable", file=path.name, reason=exc.strerror or str(exc))


def _excel(path: Path, wanted: list[str] | None) -> tuple[list[str], Iterator[Sheet]]:
    import warnings

    import openpyxl

    _check_archive(path)
    try:
        with warnings.catch_warnings():   # "Data Validation extension is not supported": irrelevant here
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean "cannot read it"
        raise _unreadable(path, exc) from exc
    names = list(book.sheetnames)

    def sheets() -> Iterator[Sheet]:
        try:
            for name in names:
                if wanted is not None and name not in wanted:
                    continue
                ws = book[name]
                if not hasattr(ws, "iter_rows"):    # a chart sheet
                    continue
                ws.reset_dimensions()   # some writers record a wrong size: read what is there
                yield Sheet(path, name, _excel_rows(ws, path), epoch=book.epoch)
        finally:
            book.close()

    return names, sheets()


def _unreadable(path: Path, exc: Exception) -> SourceError:
    root = exc.__cause__ or exc          # defusedxml's EntitiesForbidden behind openpyxl's ValueError, say
    return SourceError("import-unreadable", file=path.name, reason=f"{type(root).__name__}: {root}"[:160])


def _excel_rows(ws, path: Path) -> Iterator[tuple[int, list[Value]]]:
    try:
        yield from _cells(ws)
    except SourceError:
        raise
    except Exception as exc:   # damaged XML met while streaming the rows
        raise _unreadable(path, exc) from exc


def _cells(ws) -> Iterator[tuple[int, list[Value]]]:
    for number, row in enumerate(ws.iter_rows(), start=1):
        values = []
        for cell in row:
            value = getattr(cell, "value", None)
            if isinstance(value, (dt.datetime, dt.time)):
                fmt = (getattr(cell, "number_format", None) or "").lower()
                values.append(Value(value, "h" in fmt or (isinstance(value, dt.datetime) and value.time() != dt.time(0))))
            else:
                values.append(Value(value))
        yield number, values


def excel_serial(number: float, epoch: dt.datetime) -> dt.datetime:
    """An Excel serial date (days since the workbook's epoch, the fraction the time of day), e.g.
    45721 → 2025-03-05 and 45721.6042 → 2025-03-05 14:30 (to the minute). Day 60 of the 1900 system
    is Excel's fictitious 1900-02-29; registers start long after it."""
    value = epoch + dt.timedelta(days=float(number))
    seconds = round((value - value.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds() / 60) * 60
    return value.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(seconds=seconds)


# -- CSV -------------------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in (as the report names it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030 (GBK)"
    except UnicodeDecodeError as exc:
        raise SourceError("import-encoding", position=exc.start) from None


def _csv(path: Path) -> Sheet:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise SourceError("import-unreadable", file=path.name, reason=f"{size} bytes (at most {MAX_CSV_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError("import-unreadable", file=path.name, reason=exc.strerror or str(exc))
    try:
        text, encoding = decode(data)
    except SourceError as exc:
        raise SourceError("import-encoding", file=path.name, position=exc.args_["position"]) from None
    except UnicodeDecodeError as exc:
        raise SourceError("import-encoding", file=path.name, position=exc.start) from None
    sample = text[:20000]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else None
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[Value]]]:
        for number, row in enumerate(reader, start=1):
            yield number, [Value(v) for v in row]

    return Sheet(path, path.stem, rows(), encoding=encoding)
