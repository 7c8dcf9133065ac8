"""``fbreg import``: a thin adapter over :mod:`generator.importer` (read, convert, validate, write, report)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from . import formats
from .cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError, _check_register_dir


def _since(text: str | None, settings) -> dt.datetime | None:
    if not text:
        return None
    from .userinput import InputError, parse_when

    try:
        return parse_when(text, settings.tz, now=dt.datetime.now(dt.timezone.utc))
    except InputError as exc:
        raise UsageError(f"--since: {exc.message(settings.language)}")


def cmd_import(args) -> int:
    from .importer import ImportRefused, recover, run_import
    from .importer import report
    from .settings import load_settings

    folder = _check_register_dir(args.register)
    if args.recover:
        removed = recover(folder)
        zh = load_settings(folder).language == "zh"
        if removed is None:
            print("没有被中断的导入。" if zh else "No interrupted import.")
        else:
            print(f"已撤销被中断的导入,删除了 {removed} 个文件。" if zh else f"Interrupted import undone: {removed} files removed.")
        return EXIT_OK
    if not args.files:
        raise UsageError("name the ledger file(s) to import (FILE…)")
    for name in args.files:
        if not Path(name).is_file():
            raise UsageError(f"no such file: {name}")
    settings = load_settings(folder)
    try:
        result = run_import(folder, [Path(f) for f in args.files],
                            mapping_path=Path(args.mapping) if args.mapping else None, sheets=args.sheet or None,
                            dry_run=args.dry_run, since=_since(args.since, settings), guess_only=args.guess_mapping)
    except ImportRefused as exc:
        print(formats.text(exc.problems.sorted()), end="", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(result, str):     # --guess-mapping
        sys.stdout.write(result)
        return EXIT_OK
    sys.stdout.write(report.text(result))
    unreadable = [f for f in result.findings.errors if f.code in ("import-xls", "import-format", "import-unreadable",
                                                                  "import-encoding", "import-sheet-unknown")]
    if unreadable:
        return EXIT_USAGE
    return EXIT_OK if result.ok else EXIT_PROBLEMS
