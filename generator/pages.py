"""Page content generated from the register (no MkDocs import: another engine could use it).

For now the home page is a plain register table; the full site (dashboard, ledger,
departments, overdue, item forms) builds on this module.
"""
from __future__ import annotations

import datetime as dt
import html
from collections import Counter

from .validate import Register

STATUS_LABELS = {
    "zh": {"new": "新登记", "assigned": "已分派", "in-progress": "处理中", "on-hold": "暂停", "verifying": "验证中",
           "closed": "已结案", "rejected": "不予受理", "duplicate": "重复"},
    "en": {"new": "New", "assigned": "Assigned", "in-progress": "In progress", "on-hold": "On hold",
           "verifying": "Verifying", "closed": "Closed", "rejected": "Rejected", "duplicate": "Duplicate"},
}


def cell(value: object) -> str:
    """Untrusted text inside a Markdown table cell: HTML-escaped, pipes and line breaks neutralised."""
    return html.escape(str(value), quote=True).replace("|", "&#124;").replace("\n", " ").replace("\r", " ")


def home_page(register: Register, as_of: dt.datetime) -> str:
    s = register.settings
    zh = s.language == "zh"
    labels = STATUS_LABELS["zh" if zh else "en"]
    items = sorted((i.data for i in register.items if i.data), key=lambda d: str(d.get("received", "")), reverse=True)
    counts = Counter(str(d.get("status")) for d in items)
    lines = [f"# {cell(s.title)}", ""]
    as_of_text = as_of.astimezone(s.tz).strftime("%Y-%m-%d %H:%M")
    lines.append(f"{'数据截至' if zh else 'As of'} {as_of_text} ({s.timezone})")
    lines.append("")
    lines.append(" · ".join(f"{labels.get(k, cell(k))}: {counts[k]}" for k in labels if counts[k]))
    lines.append("")
    head = ["编号", "接收时间", "标题", "责任部门", "状态"] if zh else ["Number", "Received", "Title", "Department", "Status"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for d in items:
        dept = s.departments.get(str(d.get("department")))
        lines.append("| " + " | ".join([
            cell(d.get("id", "")), cell(str(d.get("received", ""))[:16].replace("T", " ")), cell(d.get("title", "")),
            cell(dept.name(s.language) if dept else ""), cell(labels.get(str(d.get("status")), d.get("status", ""))),
        ]) + " |")
    return "\n".join(lines) + "\n"
