"""``fbreg``: the command line. A thin adapter: parse arguments, call the library, print, return an exit code."""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import logging
import os
import sys
from pathlib import Path

from . import cli_new, formats
from .atomicfile import write_atomic
from .problems import SettingsError
from .timestamps import NoTimeZone, parse_timestamp

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _as_of(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return parse_timestamp(text)
    except NoTimeZone:
        raise UsageError(f"--as-of needs a time zone, e.g. {text}+08:00")
    except ValueError:
        raise UsageError(f"--as-of must be a date and time like 2026-11-21T09:00:00+08:00, not {text!r}")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--register", default="register", metavar="DIR",
                        help="the register folder (default: ./register)")
    parser = argparse.ArgumentParser(prog="fbreg", description="Feedback register: validate, record and publish.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("validate", parents=[common], help="check item files against the schema and the rules")
    p.add_argument("paths", nargs="*", metavar="PATH", help="item files or folders (default: the whole register)")
    p.add_argument("--format", choices=formats.FORMATS, default=None,
                   help="output format (default: github under GitHub Actions, else text)")
    p.add_argument("--as-of", metavar="ISO", help="treat this as the current time (for future-date checks)")
    p.add_argument("--max-per-file", metavar="N", type=int, default=formats.PER_FILE,
                   help=f"show at most N problems of each file, then how many more (default: {formats.PER_FILE}; 0: all)")
    p.add_argument("--base", metavar="REF", help="also check that no item takes an id already used on REF "
                   "(the branch a pull request merges into, e.g. origin/main)")

    p = sub.add_parser("new", parents=[common], help="record a new item with the next free id (in a terminal,"
                       " asks for each field not given)")
    p.add_argument("--title")
    p.add_argument("--category", help="its code, its label (e.g. 投诉) or an alias from register.yaml")
    p.add_argument("--channel", help="its code, its label (e.g. 电话) or an alias")
    p.add_argument("--severity", help="its code, its label (e.g. 较大) or an alias")
    p.add_argument("--department", help="the responsible department by id, name (e.g. 工程部) or alias"
                   " (status becomes assigned)")
    p.add_argument("--description", help="Markdown text; '-' reads it from standard input")
    p.add_argument("--received", metavar="WHEN",
                   help="when it was received, in the register's time zone unless an offset is given: "
                        "2026-12-01T10:00, 2026-12-01 10:00, 2026/12/01 10:00, 2026年12月1日 10:00, 12月1日 10:00,"
                        " 昨天 21:40, now; a date alone means 00:00 of that day (default: now)")
    p.add_argument("--location")
    p.add_argument("--reporter-type")
    p.add_argument("--reporter-ref", help="an opaque reference (CRM or booking number), never a name or phone")
    p.add_argument("--anonymous", action="store_true")

    p = sub.add_parser("overdue", parents=[common], help="list breached deadlines")
    p.add_argument("--as-of", metavar="ISO", help="evaluate as of this time (default: now)")
    p.add_argument("--department", metavar="D")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")

    p = sub.add_parser("remind", parents=[common], help="chase what is due soon or overdue (催办): e-mail and chat "
                       "robots, recorded in register/reminders/")
    p.add_argument("--as-of", metavar="ISO", help="evaluate as of this time (default: now)")
    p.add_argument("--dry-run", action="store_true", help="print exactly what would be sent to whom; send nothing")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--any-time", action="store_true",
                   help="send even outside the calendar's working hours (reminders.working_hours_only)")

    p = sub.add_parser("report", parents=[common], help="the weekly or monthly report, as Markdown")
    p.add_argument("--period", choices=("week", "month"), default="week")
    p.add_argument("--as-of", metavar="ISO", help="report on the last complete period before this time")

    p = sub.add_parser("export", parents=[common], help="the whole register as one table (CSV) or as data (JSON)")
    p.add_argument("--format", choices=("csv", "json"), default="csv",
                   help="csv: for spreadsheets, in the register's language; json: the data, with codes (default: csv)")
    p.add_argument("--as-of", metavar="ISO", help="compute deadlines as of this time (default: now)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (replaced only when complete) "
                   "instead of standard output")

    p = sub.add_parser("audit", parents=[common], help="check the register's git history (the audit trail)")
    p.add_argument("--format", choices=formats.FORMATS, default=None,
                   help="output format (default: github under GitHub Actions, else text)")
    p.add_argument("--state", metavar="FILE", default=None,
                   help="where the last audited head is kept, to tell a rewritten history "
                        "(default: .cache/fbreg/audit-state.json in the repository)")
    p.add_argument("--no-record", action="store_true", help="do not record this audit's head in --state")
    p.add_argument("--verify-signatures", action="store_true",
                   help="check commit signatures with the keys git is configured to trust (gpg or ssh "
                        "allowed signers): a merge signed with a good key counts as trusted")

    p = sub.add_parser("set", parents=[common], help="change fields of an item in place (keeps comments)")
    p.add_argument("item_id", metavar="ID")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE",
                   help="e.g. status=in-progress responded_at=now reply.text='…'; FIELD= removes a field")
    p.add_argument("--reopen", metavar="REASON", help="reopen a closed, rejected or duplicate item "
                   "(put `Reopen: REASON` in the commit message)")
    p.add_argument("--as-of", metavar="ISO", help="the time `now` stands for (default: now)")

    p = sub.add_parser("renumber", parents=[common], help="give an item of this branch the next id free here and on BASE")
    p.add_argument("item_id", metavar="ID")
    p.add_argument("--base", metavar="REF", default="origin/main", help="the branch it merges into (default: origin/main)")

    p = sub.add_parser("reviewers", parents=[common], help="which departments' reviewers must approve this change")
    p.add_argument("--base", metavar="REF", default="origin/main", help="compare with REF (default: origin/main)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    p = sub.add_parser("codeowners", parents=[common], help="write a CODEOWNERS file from departments.yaml")
    p.add_argument("-o", "--output", metavar="FILE", default=".github/CODEOWNERS",
                   help="where (default: .github/CODEOWNERS in the repository)")
    p.add_argument("--check", action="store_true", help="only check that FILE is current (exit 1 if not)")

    p = sub.add_parser("init", help="start a new register repository in DIR")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--title", required=True, help="the register's name, e.g. 'Harbour View feedback register'")
    p.add_argument("--language", choices=("zh", "en"), default="zh")
    p.add_argument("--timezone", default=None, help="IANA zone (default: Asia/Shanghai for zh, Europe/London for en)")
    p.add_argument("--prefix", default="FB", help="id prefix: capital letters (default: FB)")
    p.add_argument("--repository", default="", help="the repository's web address, e.g. https://github.com/org/register")
    p.add_argument("--package", default="",
                   help="what `make site` and CI install: a pip requirement (feedback-register==0.1.0, a folder,"
                        " git+https://…@v0.1.0); default: where this fbreg was installed from")

    p = sub.add_parser("import", parents=[common], help="bring an existing ledger in from Excel (.xlsx) or CSV")
    p.add_argument("files", nargs="*", metavar="FILE", help=".xlsx workbooks or .csv/.tsv files")
    p.add_argument("--mapping", metavar="MAP.yaml", help="column → field, the ledger's words → codes, defaults "
                   "(default: the mapping guessed from the headings)")
    p.add_argument("--sheet", action="append", metavar="NAME", help="only this sheet (repeat for more)")
    p.add_argument("--dry-run", action="store_true", help="report what would be written; write nothing")
    p.add_argument("--since", metavar="DATE", help="only rows received on or after DATE")
    p.add_argument("--guess-mapping", action="store_true", help="print a mapping guessed from the headings, "
                   "with sample values (fbreg import FILE --guess-mapping > MAP.yaml)")
    p.add_argument("--recover", action="store_true", help="undo an interrupted import and exit")

    p = sub.add_parser("build", parents=[common], help="build the site (same as mkdocs build)")
    p.add_argument("-d", "--site-dir", metavar="DIR", help="where to write the site (default: site/)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE")
    p.add_argument("--as-of", metavar="ISO", help="build the site as of this time")
    return parser


def console() -> None:
    """The ``fbreg`` command: :func:`main`, then out of the process at once. Tearing down what a big
    register's build or validation holds (hundreds of thousands of objects, freed one by one as the
    interpreter exits) takes seconds and does nothing: every file is written and closed by then, so
    the output is flushed and the process ends without it."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):   # a closed pipe (fbreg … | head): the normal exit would say so too
        code = code or 1
    logging.shutdown()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    from . import cli_workflow as wf
    from .cli_import import cmd_import
    from .cli_remind import cmd_remind

    try:
        return {"validate": cmd_validate, "new": cli_new.cmd_new, "build": cmd_build,
                "overdue": cmd_overdue, "report": cmd_report, "export": cmd_export,
                "audit": wf.cmd_audit, "set": wf.cmd_set, "renumber": wf.cmd_renumber,
                "reviewers": wf.cmd_reviewers, "codeowners": wf.cmd_codeowners, "init": wf.cmd_init,
                "remind": cmd_remind, "import": cmd_import}[args.command](args)
    except UsageError as exc:
        print(f"fbreg {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SettingsError as exc:
        print(formats.text(exc.problems.sorted()), end="", file=sys.stderr)
        print(f"fbreg {args.command}: the register's settings have problems; fix them first.", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except OSError as exc:   # a full disk, a file that cannot be written: said plainly, never a traceback
        where = f": {exc.filename}" if exc.filename else ""
        print(f"fbreg {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_USAGE


def _check_register_dir(path: str) -> Path:
    folder = Path(path)
    if not (folder / "register.yaml").is_file():
        raise UsageError(f"no register at {folder}/ (register.yaml not found); use --register DIR")
    return folder


def cmd_validate(args) -> int:
    from .validate import validate_register

    folder = _check_register_dir(args.register)
    only = None
    if args.paths:
        only = []
        for name in args.paths:
            path = Path(name)
            if path.is_dir() and not path.is_symlink():
                only += sorted(p for p in path.rglob("*.y*ml"))
            elif path.exists() or path.is_symlink():
                only.append(path)
            else:
                raise UsageError(f"no such file: {name}")
    register, problems = validate_register(folder, only=only, now=_as_of(args.as_of))
    if args.base:
        from .branch import collisions
        from .gitlog import GitError
        try:
            collisions(register, args.base, problems)
        except GitError as exc:
            raise UsageError(str(exc))
    checked = len(only) if only is not None else len(register.items)
    fmt = args.format or formats.default_format()
    found = problems.sorted()
    sys.stdout.write(formats.render(fmt, found, checked, per_file=max(args.max_per_file, 0), lang=problems.lang))
    if fmt == "text":
        print(formats.summary(found, checked, problems.lang), file=sys.stderr)
    return EXIT_PROBLEMS if problems.has_errors() else EXIT_OK


def _valid_items(args):
    """The register's readable items; an invalid register is reported, not half-evaluated."""
    from .validate import validate_register

    register, problems = validate_register(_check_register_dir(args.register), now=_as_of(getattr(args, "as_of", None)))
    if problems.has_errors():
        print(formats.text(problems.sorted(), formats.PER_FILE, problems.lang), end="", file=sys.stderr)
        raise UsageError("the register has problems; fix them first (fbreg validate)")
    # deadlines counted in a year without holidays: said, since every figure below depends on it
    print(formats.text([p for p in problems.sorted() if p.code == "calendar-year-missing"]), end="", file=sys.stderr)
    return register.settings, [i.data for i in register.items if i.data]


def cmd_overdue(args) -> int:
    from . import tables
    from .deadlines import breaches
    from .labels import Labels

    settings, items = _valid_items(args)
    if args.department and args.department not in settings.departments:
        raise UsageError(f"unknown department {args.department!r}; one of {', '.join(settings.departments)}")
    as_of = _as_of(args.as_of) or dt.datetime.now(dt.timezone.utc)
    rows = breaches(settings, items, as_of, args.department)
    labels = Labels(settings.language, settings.labels)
    dept_name = functools.partial(settings.department_name, missing=labels("unassigned"))
    sys.stdout.write(tables.overdue(rows, args.format, settings.tz, as_of, labels, dept_name))
    return EXIT_OK


def cmd_report(args) -> int:
    from .remind import record
    from .report import periodic_report

    settings, items = _valid_items(args)
    as_of = _as_of(args.as_of) or dt.datetime.now(dt.timezone.utc)
    sent = record.load(_check_register_dir(args.register))
    sys.stdout.write(periodic_report(settings, items, args.period, as_of, sent))
    return EXIT_OK


def cmd_export(args) -> int:
    from .exports import register_csv, register_json
    from .views import build_view

    settings, items = _valid_items(args)
    as_of = _as_of(args.as_of) or dt.datetime.now(dt.timezone.utc)
    view = build_view(settings, items, as_of)
    data = register_csv(view) if args.format == "csv" else register_json(view)
    if args.output is None or args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    target = Path(args.output)
    if target.is_dir():
        raise UsageError(f"{args.output} is a folder; name a file")
    try:
        write_atomic(target, data)
    except OSError as exc:
        print(f"fbreg export: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_build(args) -> int:
    from .engine import BuildFailed, build_site

    if not Path(args.config_file).is_file():
        raise UsageError(f"{args.config_file} not found; run fbreg build in the folder that holds mkdocs.yml")
    as_of = _as_of(args.as_of)
    try:
        site = build_site(args.config_file, site_dir=args.site_dir, register=args.register, as_of=as_of)
    except BuildFailed as exc:
        print(f"fbreg build: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"site built in {site}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
