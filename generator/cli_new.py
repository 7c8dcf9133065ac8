"""``fbreg new``: a thin adapter over :mod:`newitem` and :mod:`userinput`.

Options take what people type: a category, channel, severity or department by its code, its label in
the register's language or an alias, and the time received in the usual forms (``userinput``). Run
in a terminal without some of the options, it asks for each missing field in turn, offering the
register's labels as numbered choices; without a terminal a missing option is a usage error.
"""
from __future__ import annotations

import datetime as dt
import sys

from . import formats, userinput

WORDS = {
    "zh": {"title": "标题", "category": "类别", "channel": "反馈渠道", "severity": "等级", "department": "责任部门",
           "received": "接收时间", "description": "反馈内容", "choose": "请选择(编号、名称或代码)",
           "optional": "可留空", "received_hint": "如 2026-12-01 10:00、12月1日 10:00;留空为现在",
           "description_hint": "留空则同标题", "required": "此项必填", "cancelled": "已取消,未写入事项",
           "none": "(暂不分派)"},
    "en": {"title": "Title", "category": "Category", "channel": "Channel", "severity": "Severity",
           "department": "Responsible department", "received": "Received", "description": "Description",
           "choose": "choose (number, name or code)", "optional": "may be left empty",
           "received_hint": "e.g. 2026-12-01 10:00 or 2026/12/01 10:00; empty: now",
           "description_hint": "empty: the same as the title", "required": "this is required",
           "cancelled": "cancelled; no item was written", "none": "(not assigned yet)"},
}


class Cancelled(Exception):
    pass


class Prompter:
    """Asks on the terminal, in the register's language, until an answer can be used."""

    def __init__(self, settings, ask=input, say=print) -> None:
        self.settings = settings
        self.w = WORDS.get(settings.language, WORDS["en"])
        self.ask_line, self.say = ask, say

    def line(self, prompt: str) -> str:
        try:
            return self.ask_line(prompt).strip()
        except EOFError:
            raise Cancelled from None

    def text(self, key: str, optional: bool = False, hint: str = "") -> str:
        note = f"({hint})" if hint else (f"({self.w['optional']})" if optional else "")
        while True:
            value = self.line(f"{self.w[key]}{note}: ")
            if value or optional:
                return value
            self.say(self.w["required"])

    def choice(self, kind: str, key: str, optional: bool = False) -> str | None:
        choices = userinput.choices_for(self.settings, kind)
        menu = choices.menu()
        self.say(f"{self.w[key]}:")
        for n, (code, label) in enumerate(menu, 1):
            self.say(f"  {n}) {label}" + (f" ({code})" if label != code else ""))
        if optional:
            self.say(f"  0) {self.w['none']}")
        while True:
            value = self.line(f"{self.w['choose']}: ")
            if optional and value in ("", "0"):
                return None
            if value.isdigit() and 1 <= int(value) <= len(menu):
                return menu[int(value) - 1][0]
            if value:
                try:
                    return choices.resolve(value)
                except userinput.InputError as exc:
                    self.say(exc.message(self.settings.language))

    def when(self, now: dt.datetime) -> dt.datetime | None:
        while True:
            value = self.line(f"{self.w['received']}({self.w['received_hint']}): ")
            if not value:
                return None
            try:
                return userinput.parse_when(value, self.settings.tz, now=now)
            except userinput.InputError as exc:
                self.say(exc.message(self.settings.language))


def _resolve(settings, kind: str, text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return userinput.resolve(settings, kind, text)
    except userinput.InputError as exc:
        raise _usage(exc.message(settings.language)) from None


def _usage(message: str):
    from .cli import UsageError
    return UsageError(message)


def cmd_new(args) -> int:
    from .cli import EXIT_OK, EXIT_USAGE, _check_register_dir
    from .newitem import ItemNotCreated, NewItem, create_item
    from .validate import load_register

    register, _ = load_register(_check_register_dir(args.register))
    s = register.settings
    now = dt.datetime.now(dt.timezone.utc)
    category = _resolve(s, "category", args.category)
    channel = _resolve(s, "channel", args.channel)
    severity = _resolve(s, "severity", args.severity)
    department = _resolve(s, "department", args.department)
    received = None
    if args.received:
        try:
            received = userinput.parse_when(args.received, s.tz, now=now)
        except userinput.InputError as exc:
            raise _usage(exc.message(s.language)) from None
    missing = [n for n in ("title", "category", "channel", "severity") if not getattr(args, n)]
    interactive = bool(missing) and sys.stdin.isatty()
    if missing and not interactive:
        raise _usage("missing " + ", ".join(f"--{n}" for n in missing))
    description = args.description
    if description == "-":
        description = sys.stdin.read()
    try:
        if interactive:
            ask = Prompter(s)
            title = args.title or ask.text("title")
            category = category or ask.choice("category", "category")
            channel = channel or ask.choice("channel", "channel")
            severity = severity or ask.choice("severity", "severity")
            if args.department is None:
                department = ask.choice("department", "department", optional=True)
            if args.received is None:
                received = ask.when(now)
            if description is None:
                description = ask.text("description", optional=True, hint=ask.w["description_hint"])
        else:
            title = args.title
    except Cancelled:
        print(f"fbreg new: {WORDS.get(s.language, WORDS['en'])['cancelled']}", file=sys.stderr)
        return EXIT_USAGE
    new = NewItem(title=title, category=category, channel=channel, severity=severity,
                  description=description or title, department=department, received=received,
                  location=args.location, reporter_type=args.reporter_type, reporter_ref=args.reporter_ref,
                  anonymous=args.anonymous)
    try:
        path = create_item(register, new, now=now)
    except ItemNotCreated as exc:
        print(formats.text(exc.problems.sorted(), formats.PER_FILE, s.language), end="", file=sys.stderr)
        print("fbreg new: the item was not written.", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"fbreg new: cannot write the item: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(path)
    return EXIT_OK
