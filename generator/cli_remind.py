"""``fbreg remind``: a thin adapter over :mod:`generator.remind` (plan, send, record, report)."""
from __future__ import annotations

import sys

from .cli import EXIT_OK, EXIT_PROBLEMS, _as_of, _check_register_dir, _valid_items


def cmd_remind(args) -> int:
    from .remind import summary
    from .remind.deliver import remind

    folder = _check_register_dir(args.register)
    settings, items = _valid_items(args)
    result = remind(settings, items, folder, as_of=_as_of(args.as_of), dry_run=args.dry_run, any_time=args.any_time)
    sys.stdout.write(summary.as_json(settings, result) if args.format == "json" else summary.text(settings, result))
    return EXIT_OK if result.ok else EXIT_PROBLEMS
