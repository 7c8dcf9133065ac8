"""Render problems: one function per output format (text, json, github)."""
from __future__ import annotations

import json
import os

from .problems import Problem, defang

FORMATS = ("text", "json", "github")


def default_format(environ=os.environ) -> str:
    """``github`` under GitHub Actions, where annotations show on the pull request's lines."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def text(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        mark = "" if p.severity == "error" else " (warning)"
        # a file name can hold a line break: one problem, one line (messages are made safe in ProblemList)
        lines.append(f"{defang(p.path)}:{p.line}:{p.col}: {p.code}{mark} {p.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(problems: list[Problem], checked: int | None = None) -> str:
    payload = {"problems": [p.as_dict() for p in problems],
               "errors": sum(p.severity == "error" for p in problems),
               "warnings": sum(p.severity == "warning" for p in problems)}
    if checked is not None:
        payload["checked"] = checked
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""
    out = []
    for p in problems:
        props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in
                         (("file", p.path), ("line", p.line), ("col", p.col), ("title", p.code)))
        out.append(f"::{p.severity} {props}::{_escape_data(p.message)}")
    return "\n".join(out) + ("\n" if out else "")


def render(fmt: str, problems: list[Problem], checked: int | None = None) -> str:
    if fmt == "json":
        return as_json(problems, checked)
    if fmt == "github":
        return github(problems)
    return text(problems)


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
