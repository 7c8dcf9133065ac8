"""``fbreg`` subcommands for the register's git workflow: audit, set, renumber, reviewers,
codeowners and init. Thin adapters like the rest of :mod:`generator.cli`, kept apart to keep that
module small."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from . import formats
from .atomicfile import write_atomic
from .cli import EXIT_OK, EXIT_PROBLEMS, UsageError, _as_of, _check_register_dir


def cmd_audit(args) -> int:
    from .audit import audit, record_state
    from .history import load_history
    from .validate import load_register

    folder = _check_register_dir(args.register)
    register, _ = load_register(folder)
    lang = register.settings.language
    index = load_history(folder, signatures=args.verify_signatures)
    if index is None:
        raise UsageError(f"{folder} is not in a git repository (or git cannot read it): the audit reads its history")
    state = Path(args.state) if args.state else index.root / ".cache" / "fbreg" / "audit-state.json"
    result = audit(register.settings, index, folder, state, lang)
    problems = [f.problem for f in result.findings]
    fmt = args.format or formats.default_format()
    if fmt == "json":
        import json
        print(json.dumps({"head": result.head, "items": result.checked_items, "commits": result.checked_commits,
                          "findings": [f.as_dict() for f in result.findings]}, ensure_ascii=False, indent=2))
    else:
        print(formats.render(fmt, problems), end="")
        if fmt == "text":
            n = len(problems)
            print(f"审计了 {result.checked_items} 个事项的 {result.checked_commits} 个提交:"
                  + (f"发现 {n} 个问题。" if n else "没有发现问题。") if lang == "zh" else
                  f"{result.checked_items} item histories, {result.checked_commits} commits audited: "
                  + (f"{n} finding{'s' * (n != 1)}." if n else "no findings."))
    if not args.no_record:
        record_state(index, state, dt.datetime.now(dt.timezone.utc))
    return EXIT_PROBLEMS if problems else EXIT_OK


def _edit_refused(exc) -> int:
    print(formats.text(exc.problems.sorted()), end="", file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_set(args) -> int:
    from .itemedit import EditRefused, set_fields
    from .validate import load_register

    register, _ = load_register(_check_register_dir(args.register))
    try:
        edit = set_fields(register, args.item_id, args.assignments, now=_as_of(args.as_of), reopen=args.reopen)
    except EditRefused as exc:
        return _edit_refused(exc)
    from .loader import display_path
    for name, old, new in edit.changes:
        print(f"{display_path(edit.path)}: {name}: {'—' if old is None else old} → {'—' if new is None else new}")
    if args.reopen:
        print(f"commit it with the line: Reopen: {args.reopen}")
    return EXIT_OK


def cmd_renumber(args) -> int:
    from .branch import ids_on
    from .gitlog import GitError
    from .itemedit import EditRefused, renumber
    from .loader import display_path
    from .validate import load_register

    folder = _check_register_dir(args.register)
    register, _ = load_register(folder)
    try:
        taken = set(ids_on(folder, args.base))
    except GitError as exc:
        raise UsageError(str(exc))
    try:
        edit = renumber(register, args.item_id, taken)
    except EditRefused as exc:
        return _edit_refused(exc)
    print(f"{args.item_id} → {edit.changes[0][2]}: {display_path(edit.new_path)} (was {display_path(edit.path)})")
    print(f"next: git add -A {display_path(folder)} && git commit -m 'Renumber {args.item_id} to {edit.changes[0][2]}'")
    return EXIT_OK


def cmd_reviewers(args) -> int:
    from .branch import reviewers
    from .gitlog import GitError
    from .validate import load_register

    register, _ = load_register(_check_register_dir(args.register))
    s = register.settings
    try:
        needed = reviewers(s, args.base)
    except GitError as exc:
        raise UsageError(str(exc))
    if args.format == "json":
        import json
        print(json.dumps([{"department": a.department, "reviewers": a.reviewers, "items": a.items,
                           "recused": a.recused} for a in needed], ensure_ascii=False, indent=2))
        return EXIT_OK
    md = args.format == "markdown"
    zh = s.language == "zh"
    if md:
        print("### 需要批准的人" if zh else "### Who must approve")
    if not needed:
        print("(本变更不涉及台账)" if zh else "(this change does not touch the register)")
    for a in needed:
        name = s.department_name(a.department, "台账负责人" if zh else "register owners")
        people = ", ".join(f"@{p}" for p in a.reviewers) or ("(没有指定)" if zh else "(none listed)")
        print(f"{'- ' if md else ''}{name}: {people} — {', '.join(a.items)}")
        for what, left_out in a.recused.items():
            print(f"{'  - ' if md else '    '}{what}: " + ("回避 " if zh else "recused (the item involves them): ")
                  + ", ".join(f"@{p}" for p in left_out))
    return EXIT_OK


def cmd_codeowners(args) -> int:
    from .branch import codeowners
    from .gitlog import repo_root
    from .validate import load_register

    folder = _check_register_dir(args.register)
    register, _ = load_register(folder)
    root = repo_root(folder) or folder.resolve().parent
    text = codeowners(register, root)
    target = Path(args.output) if Path(args.output).is_absolute() else root / args.output
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is not current: run fbreg codeowners", file=sys.stderr)
            return EXIT_PROBLEMS
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    print(f"wrote {target}")
    return EXIT_OK


def cmd_init(args) -> int:
    import re

    from .scaffold import Scaffold, init_register, installed_package

    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,9}", args.prefix):
        raise UsageError("--prefix must be capital letters and digits, starting with a letter (e.g. FB)")
    zone = args.timezone or ("Asia/Shanghai" if args.language == "zh" else "Europe/London")
    try:
        import zoneinfo
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--timezone {zone!r} is not an IANA time zone (e.g. Asia/Shanghai)")
    package = args.package or installed_package()
    done = init_register(Path(args.directory), Scaffold(args.title, args.language, zone, args.prefix,
                                                       args.repository, package))
    for path in done.kept:
        print(f"kept (exists): {path}")
    print(f"wrote {len(done.written)} files in {args.directory}")
    print(f"make site and CI install: {package}")
    if Path(package).is_absolute():
        print("  (a folder on this computer: CI runners do not have it; before pushing, set PACKAGE in the"
              " Makefile and the install lines of the CI files to a release or a git URL, or run"
              " fbreg init again with --package)")
    print("next: edit register/register.yaml and register/departments.yaml, then run `make site`;"
          " commit and push, and switch on GitHub Pages (Settings → Pages → GitHub Actions)")
    return EXIT_OK
