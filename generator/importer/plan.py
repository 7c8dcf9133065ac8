"""``fbreg import``: read the ledgers, convert their rows, validate the items against the whole
register, then write them all or none (writer.py). Nothing here prints: the result is data
(:class:`ImportResult`), worded by report.py.

Re-import: each item keeps its source, ``import: {file, sheet, row, key}``. ``key`` is a hash of the
sheet's name and the row's identifying cells (the date and time of receipt, title, description and
location, or the mapping's ``key`` columns; never personal columns), with ``-2``, ``-3`` … for identical
rows of the same sheet (so importing one sheet alone gives its rows the keys a whole import gives
them). A row whose ``(file, key)`` is already in the register is counted as imported before and not
written again: running the same import twice adds nothing, and a ledger that gained rows adds only those. (An old row edited since, e.g. a completion date filled in, keeps its key; the item is not
updated: use fbreg set.)
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from .. import safeyaml
from ..deadlines import calendar_for, milestones
from ..loader import Item, display_path
from ..newitem import next_id
from ..problems import ProblemList
from ..validate import check_items, load_register
from . import mapping as M
from .convert import Context, Row, SheetConverter
from .findings import Findings
from .headers import SCAN_ROWS, find_header
from .personal import KEY_ENV, References
from .sources import SourceError, open_sheets
from .values import year_in
from .writer import ImportBusy, WriteClash, item_text, pending, rollback, write_all


CHUNK = 2000                              # items validated at a time
FINAL = {"closed", "rejected", "duplicate"}   # no deadline can be breached any more


class ImportRefused(Exception):
    """The import cannot start (mapping, interrupted import); ``problems`` say why."""

    def __init__(self, problems: ProblemList) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class SheetSummary:
    file: str
    sheet: str
    encoding: str | None = None
    header_row: int | None = None
    read: int = 0
    items: int = 0
    blank: int = 0
    subtotal: int = 0
    notes: int = 0
    since: int = 0
    before: int = 0              # imported by an earlier run
    failed: int = 0


@dataclass
class ImportResult:
    lang: str
    summaries: list[SheetSummary]
    findings: Findings
    planned: list[tuple[Path, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    overdue: int = 0             # open items that are overdue as soon as they are imported
    by_status: dict = field(default_factory=dict)
    rolled_back: int | None = None

    @property
    def ok(self) -> bool:
        return not self.findings.has_errors()


def recover(register_dir: Path) -> int | None:
    """Undo an interrupted import; the number of files removed, None when there was none."""
    if not pending(register_dir):
        return None
    return rollback(register_dir)


def _rows(sheet, header_row):
    head = list(itertools.islice(sheet.rows, SCAN_ROWS if header_row is None else max(SCAN_ROWS, header_row + 1)))
    header = find_header(head, header_row)
    return header, head, sheet.rows


def run_import(register_dir, files: list[Path], mapping_path: Path | None = None, sheets: list[str] | None = None,
               dry_run: bool = False, since: dt.datetime | None = None, now: dt.datetime | None = None,
               guess_only: bool = False):
    """Import ``files`` into the register (see the module's text). With ``guess_only``, return the
    guessed mapping's YAML text instead (nothing is converted)."""
    register_dir = Path(register_dir)
    register, _ = load_register(register_dir)
    settings = register.settings
    lang = settings.language
    now = now or dt.datetime.now(dt.timezone.utc)
    rolled = None
    if not guess_only and pending(register_dir):
        if dry_run:
            problems = ProblemList(lang)
            problems.add(display_path(register_dir / ".fbreg-import.json"), None, "import-interrupted")
            raise ImportRefused(problems)
        rolled = rollback(register_dir)
        register, _ = load_register(register_dir)
    mapping = None
    if mapping_path is not None:
        problems = ProblemList(lang)
        mapping = M.load(Path(mapping_path), settings, problems)
        if mapping is None:
            raise ImportRefused(problems)
    findings = Findings(lang)
    refs = References()
    summaries: list[SheetSummary] = []
    rows: list[tuple[Row, str]] = []
    headers, samples = [], {}
    wanted = sheets or (mapping.sheets if mapping else None)
    personal_columns: list[str] = []
    for path in files:
        path = Path(path)
        label = path.name
        try:
            names, found = open_sheets(path, wanted)
        except SourceError as exc:
            findings.add(label, None, None, None, exc.code, **exc.args_)
            continue
        for name in wanted or []:
            if name not in names and sheets:
                findings.add(label, None, None, None, "import-sheet-unknown", sheet=name, sheets=", ".join(names))
        try:
            for sheet in found:
                summary = SheetSummary(label, sheet.name, sheet.encoding)
                summaries.append(summary)
                header, head, rest = _rows(sheet, mapping.header_row if mapping else None)
                if header is None:
                    findings.add(label, sheet.name, None, None, "import-no-header")
                    continue
                summary.header_row = header.row
                body = itertools.chain((r for r in head if r[0] > header.row), rest)
                if guess_only:
                    headers.append(header)
                    for n, cells in itertools.islice(body, 5):
                        for c in header.columns:
                            if c.index < len(cells):
                                samples.setdefault(c.name, []).append(_sample(cells[c.index].value))
                    continue
                use = mapping or M.guessed([header])
                source = (mapping.source if mapping and mapping.source else label)
                ctx = Context(settings, use, now, refs, source, findings)
                year = (use.year or year_in(sheet.name) or year_in(*header.above) or year_in(path.stem))
                conv = SheetConverter(ctx, label, sheet.name, header, year, sheet.epoch)
                personal = [c.name for c in header.columns if use.targets(header).get(c.index) in M.PERSONAL]
                for n, cells in body:
                    summary.read += 1
                    got = conv.convert(n, cells, since)
                    if isinstance(got, Row):
                        rows.append((got, source))
                    elif got is None:
                        summary.failed += 1
                    else:
                        setattr(summary, {"note": "notes"}.get(got, got),
                                getattr(summary, {"note": "notes"}.get(got, got)) + 1)
                if personal and summary.read:
                    personal_columns.append((label, sheet.name, personal))
        except SourceError as exc:
            findings.add(label, None, None, None, exc.code, **exc.args_)
    if guess_only:
        return M.render_guess(M.guessed(headers), samples, lang, settings)

    # what the register already holds from these sources
    before = set()
    for item in register.items:
        imp = (item.data or {}).get("import")
        if isinstance(imp, dict):
            before.add((str(imp.get("file")), str(imp.get("key"))))
    seen: dict[tuple[str, str], int] = {}
    fresh: list[tuple[Row, str, str]] = []
    by_sheet = {(s.file, s.sheet): s for s in summaries}
    for row, source in rows:
        base = row.key
        n = seen[(source, base)] = seen.get((source, base), 0) + 1
        key = base if n == 1 else f"{base}-{n}"
        if (source, key) in before:
            by_sheet[(row.file, row.sheet)].before += 1
            continue
        fresh.append((row, source, key))

    # warnings summarised per sheet, for the rows this run imports
    counts: dict = {}
    for row, _, _ in fresh:
        for code in row.warnings:
            counts[(row.file, row.sheet, code)] = counts.get((row.file, row.sheet, code), 0) + 1
    for (file, sheet, code), n in sorted(counts.items()):
        if code != "import-personal-ref":
            findings.add(file, sheet, None, None, code, n=n)
    fresh_sheets = {(r.file, r.sheet) for r, _, _ in fresh}
    personal_columns = [p for p in personal_columns if (p[0], p[1]) in fresh_sheets]
    if personal_columns:
        example = next((r.fields["reporter"]["ref"] for r, _, _ in fresh
                        if str((r.fields.get("reporter") or {}).get("ref", "")).startswith("P-")), "P-…")
        for file, sheet, columns in personal_columns:
            findings.add(file, sheet, None, None, "import-personal-columns", columns="、".join(columns)
                         if lang == "zh" else ", ".join(columns), example=example, env=KEY_ENV)
        if refs.random:
            findings.add(personal_columns[0][0], None, None, None, "import-key-random", env=KEY_ENV)

    # ids in the register's sequence, per year of receipt, in order of receipt
    fresh.sort(key=lambda t: t[0].received)
    next_number: dict[int, int] = {}
    planned: list[tuple[Path, str, Row]] = []
    items_dir = register_dir / "items"
    for row, source, key in fresh:
        local = row.received.astimezone(settings.tz)
        year = local.year
        if year not in next_number:
            first = next_id(register, year)
            next_number[year] = int(first.rsplit("-", 1)[1])
        number = next_number[year]
        next_number[year] += 1
        item_id = f"{settings.id_prefix}-{year:04d}-{number:04d}"
        fields = {"id": item_id, **row.fields, "import": {"file": source, "sheet": row.sheet, "row": row.number,
                                                           "key": key}}
        path = items_dir / f"{year:04d}" / f"{local.month:02d}" / f"{item_id}.yaml"
        planned.append((path, item_text(fields), row))

    # validate against the whole register before anything is written, in chunks (the parsed documents of
    # one chunk at a time are kept: memory stays bounded by the texts to write)
    problems = ProblemList(lang)
    stubs = [Item(path, display_path(path), safeyaml.Document({"id": path.stem})) for path, _, _ in planned]
    result = ImportResult(lang, summaries, findings, [(p, t) for p, t, _ in planned], dry_run=dry_run,
                          rolled_back=rolled)
    cal = calendar_for(settings)
    for start in range(0, len(planned), CHUNK):
        chunk, everything = [], register.items + stubs
        origin = {}
        for n, (path, text, row) in enumerate(planned[start:start + CHUNK], start=start):
            shown = stubs[n].shown
            doc = safeyaml.load(text.encode("utf-8"), shown, problems)
            origin[shown] = (row, text)
            if doc is not None:
                item = Item(path, shown, doc)
                chunk.append(item)
                everything[len(register.items) + n] = item
        check_items(settings, chunk, everything, problems, now=now)
        for p in problems:
            row, text = origin.get(p.path, (None, ""))
            if row is None:
                findings.add_text(p.path, None, None, None, p.code, p.severity, p.message)
                continue
            top = _line_fields(text).get(p.line)
            findings.add_text(row.file, row.sheet, row.number, row.columns.get(top) if top else None,
                              p.code, p.severity, p.message)
        problems.items.clear()
        for c in chunk:
            status = c.data.get("status")
            result.by_status[status] = result.by_status.get(status, 0) + 1
            if status not in FINAL and any(m.state == "breached" for m in milestones(settings, cal, c.data, now)):
                result.overdue += 1
    for row, _, _ in fresh:
        by_sheet[(row.file, row.sheet)].items += 1
    if not result.ok or dry_run or not planned:
        return result
    try:
        result.written = write_all(register_dir, [(p, t) for p, t, _ in planned])
    except ImportBusy:
        findings.add(display_path(register_dir), None, None, None, "import-busy")
    except WriteClash as exc:
        findings.add(display_path(exc.path), None, None, None, "import-clash", file=display_path(exc.path))
    return result


def _sample(value) -> str:
    from .values import text
    return text(value)


def _line_fields(text: str) -> dict[int, str]:
    """Line number → the top-level field whose text it is (to place a validator's problem in the ledger)."""
    out, current = {}, None
    for n, line in enumerate(text.split("\n"), start=1):
        if line and not line[0].isspace() and not line.startswith("-") and ":" in line:
            current = line.split(":", 1)[0].strip("'\"")
        out[n] = current
    return out
