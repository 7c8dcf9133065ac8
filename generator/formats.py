"""Render problems: one function per output format (text, json, github).

A broken or hostile file can hold thousands of problems: each format shows at most ``per_file`` of a
file's problems (``PER_FILE``, 50, unless told otherwise; ``None`` or 0: all), then one line saying how
many more there are and how many of them are errors. Counts and exit codes always cover them all.
"""
from __future__ import annotations

import json
import os
from collections import Counter

from .messages import render as message
from .problems import Problem, defang

FORMATS = ("text", "json", "github")
PER_FILE = 50


def capped(problems: list[Problem], per_file: int | None) -> tuple[list[Problem], dict[str, tuple[int, int]]]:
    """The problems shown (the first ``per_file`` of each file, in order) and, per file, how many were
    left out and how many of those are errors."""
    if not per_file:
        return list(problems), {}
    seen: Counter = Counter()
    shown, omitted = [], {}
    for p in problems:
        seen[p.path] += 1
        if seen[p.path] <= per_file:
            shown.append(p)
        else:
            n, e = omitted.get(p.path, (0, 0))
            omitted[p.path] = (n + 1, e + (p.severity == "error"))
    return shown, omitted


def _more(path: str, n: int, errors: int, lang: str) -> str:
    return message("problems-omitted", lang, {"n": n, "errors": errors, "path": defang(path)})[1]


def default_format(environ=os.environ) -> str:
    """``github`` under GitHub Actions, where annotations show on the pull request's lines."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def text(problems: list[Problem], per_file: int | None = None, lang: str = "en") -> str:
    shown, omitted = capped(problems, per_file)
    lines = []
    done: set[str] = set()
    for i, p in enumerate(shown):
        mark = "" if p.severity == "error" else " (warning)"
        # a file name can hold a line break: one problem, one line (messages are made safe in ProblemList)
        lines.append(f"{defang(p.path)}:{p.line}:{p.col}: {p.code}{mark} {p.message}")
        last_of_file = i + 1 == len(shown) or shown[i + 1].path != p.path
        if last_of_file and p.path in omitted and p.path not in done:
            done.add(p.path)
            lines.append(f"{defang(p.path)}: {_more(p.path, *omitted[p.path], lang)}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(problems: list[Problem], checked: int | None = None, per_file: int | None = None) -> str:
    shown, omitted = capped(problems, per_file)
    payload = {"problems": [p.as_dict() for p in shown],
               "errors": sum(p.severity == "error" for p in problems),
               "warnings": sum(p.severity == "warning" for p in problems)}
    if omitted:
        payload["omitted"] = [{"path": path, "problems": n, "errors": e} for path, (n, e) in omitted.items()]
    if checked is not None:
        payload["checked"] = checked
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], per_file: int | None = None, lang: str = "en") -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""
    shown, omitted = capped(problems, per_file)
    out = []
    for p in shown:
        props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in
                         (("file", p.path), ("line", p.line), ("col", p.col), ("title", p.code)))
        out.append(f"::{p.severity} {props}::{_escape_data(p.message)}")
    for path, (n, e) in omitted.items():
        props = f"file={_escape_property(path)},title=problems-omitted"
        out.append(f"::{'error' if e else 'warning'} {props}::{_escape_data(_more(path, n, e, lang))}")
    return "\n".join(out) + ("\n" if out else "")


def render(fmt: str, problems: list[Problem], checked: int | None = None, per_file: int | None = None,
           lang: str = "en") -> str:
    if fmt == "json":
        return as_json(problems, checked, per_file)
    if fmt == "github":
        return github(problems, per_file, lang)
    return text(problems, per_file, lang)


def summary(problems: list[Problem], checked: int, lang: str) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    if lang == "zh":
        if not problems:
            return f"已检查 {checked} 个事项,没有发现问题。"
        return f"已检查 {checked} 个事项:{files} 个文件中有 {errors} 个错误、{warnings} 个警告。"
    if not problems:
        return f"{checked} items checked, no problems."
    return (f"{checked} items checked: {errors} error{'s' * (errors != 1)} and "
            f"{warnings} warning{'s' * (warnings != 1)} in {files} file{'s' * (files != 1)}.")
