"""The periodic (weekly / monthly) report the regulations require, as Markdown.

The period is the last *complete* week (Monday–Sunday) or calendar month before ``as_of``, in
the register's time zone; the overdue list is as of the end of that period.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from .deadlines import breaches, calendar_for, milestones
from .labels import Labels
from .remind.record import DUE_SOON
from .settings import Settings
from .timestamps import parse_timestamp

L = {
    "en": {"week": "Weekly report", "month": "Monthly report", "period": "Period", "asof": "Overdue as of",
           "new": "New items", "by_cat": "By category", "by_chan": "By channel", "closed": "Closed",
           "ontime": "On-time closure by department", "dept": "Department", "count": "Items", "rate": "On time",
           "overdue": "Overdue deadlines", "late": "Closed late", "none": "None.", "id": "Number",
           "title": "Title", "milestone": "Milestone", "due": "Due", "hours": "Hours overdue",
           "esc": "Escalation", "late_by": "Late by", "category": "Category", "channel": "Channel",
           "total": "Total", "closed_n": "Closed", "on_time_n": "On time",
           "reminders": "Reminders and escalations (fbreg remind)", "reminded": "Reminders",
           "escalated": "Escalations", "soon": "Due-soon notices", "items_reminded": "Items chased"},
    "zh": {"week": "周报", "month": "月报", "period": "统计期间", "asof": "逾期统计截至", "new": "新增事项",
           "by_cat": "按类别", "by_chan": "按反馈渠道", "closed": "结案", "ontime": "各部门按时结案率",
           "dept": "部门", "count": "件数", "rate": "按时率", "overdue": "逾期事项", "late": "逾期结案",
           "none": "无。", "id": "编号", "title": "标题", "milestone": "节点", "due": "期限", "hours": "逾期小时",
           "esc": "升级", "late_by": "超期", "category": "类别", "channel": "渠道", "total": "合计",
           "closed_n": "结案", "on_time_n": "按时",
           "reminders": "催办与升级", "reminded": "催办", "escalated": "升级上报", "soon": "即将到期提醒",
           "items_reminded": "被催办事项"},
}


def period_bounds(period: str, as_of: dt.datetime, tz) -> tuple[dt.datetime, dt.datetime]:
    local = as_of.astimezone(tz).date()
    if period == "week":
        end = local - dt.timedelta(days=local.weekday())          # this Monday
        start = end - dt.timedelta(days=7)
    else:
        end = local.replace(day=1)
        start = (end - dt.timedelta(days=1)).replace(day=1)
    return (dt.datetime.combine(start, dt.time(), tzinfo=tz), dt.datetime.combine(end, dt.time(), tzinfo=tz))


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def _hours(delta: dt.timedelta, lang: str) -> str:
    hours = delta.total_seconds() / 3600
    if lang == "zh":
        return f"{hours / 24:.1f} 天" if hours >= 48 else f"{hours:.1f} 小时"
    return f"{hours / 24:.1f} d" if hours >= 48 else f"{hours:.1f} h"


def reminder_rows(settings: Settings, items: list[dict], reminders, start, end) -> list[list]:
    """Per department: reminders (a milestone chased at a level), escalations (those beyond the first
    level), due-soon notices and the items chased, for what fbreg remind sent in [start, end)."""
    first = settings.escalation[0][1] if settings.escalation else None
    department = {d.get("id"): d.get("department") or "" for d in items}
    per: dict[str, list[set]] = {}
    for r in reminders or []:
        if not start <= r.at < end:
            continue
        sets = per.setdefault(department.get(r.item, ""), [set(), set(), set(), set()])
        key = (r.item, r.milestone, r.level)
        if r.level == DUE_SOON:
            sets[2].add(key)
            continue
        sets[0].add(key)
        if r.level != first:
            sets[1].add(key)
        sets[3].add(r.item)
    order = {d: n for n, d in enumerate(settings.departments)}
    unassigned = Labels(settings.language, settings.labels)("unassigned")
    return [[settings.department_name(k, unassigned), *(len(x) for x in v)]
            for k, v in sorted(per.items(), key=lambda kv: order.get(kv[0], len(order)))]


def periodic_report(settings: Settings, items: list[dict], period: str, as_of: dt.datetime,
                    reminders: list | None = None) -> str:
    """``reminders``: the record of what fbreg remind sent (remind.record.Sent), counted per department."""
    lang = settings.language
    t = L[lang]
    label = Labels(lang, settings.labels)   # codes (complaint, respond, general-manager) as the site shows them
    tz = settings.tz
    start, end = period_bounds(period, as_of, tz)
    cal = calendar_for(settings)

    def within(value) -> bool:
        try:
            return start <= parse_timestamp(value) < end
        except (TypeError, ValueError):
            return False

    def dept_name(dept_id):
        return settings.department_name(dept_id, label("unassigned"))

    new = [d for d in items if within(d.get("received"))]
    closed = [d for d in items if d.get("status") == "closed" and within(d.get("closed_at"))]
    last_day = (end - dt.timedelta(days=1)).date()
    lines = [f"# {_cell(settings.title)} — {t[period]}", "",
             f"**{t['period']}:** {start.date()} – {last_day}  ",
             f"**{t['new']}:** {len(new)} · **{t['closed']}:** {len(closed)}", ""]

    lines += [f"## {t['new']}", "", f"### {t['by_cat']}", ""]
    cats = Counter(d.get("category") for d in new)
    lines += _table([t["category"], t["count"]], [[label(c), cats[c]] for c in settings.categories if cats[c]]
                    + [[t["total"], len(new)]])
    chans = Counter(d.get("channel") for d in new)
    lines += [f"### {t['by_chan']}", ""]
    lines += _table([t["channel"], t["count"]], [[label(c), chans[c]] for c in settings.channels if chans[c]]
                    + [[t["total"], len(new)]])

    lines += [f"## {t['ontime']}", ""]
    per: dict[str, list[int]] = {}
    late_rows = []
    for d in closed:
        resolve = next(m for m in milestones(settings, cal, d, end) if m.name == "resolve")
        counts = per.setdefault(d.get("department") or "", [0, 0])
        counts[0] += 1
        counts[1] += resolve.state == "met"
        if resolve.state == "late":
            late_rows.append([d.get("id"), d.get("title", ""), dept_name(d.get("department")),
                              resolve.due.astimezone(tz).strftime("%Y-%m-%d %H:%M"), _hours(resolve.overdue, lang)])
    rows = [[dept_name(k), v[0], v[1], f"{100 * v[1] / v[0]:.0f}%"] for k, v in sorted(per.items())]
    lines += _table([t["dept"], t["closed_n"], t["on_time_n"], t["rate"]], rows) if rows else [t["none"], ""]

    lines += [f"## {t['late']}", ""]
    lines += _table([t["id"], t["title"], t["dept"], t["due"], t["late_by"]], late_rows) if late_rows \
        else [t["none"], ""]

    lines += [f"## {t['reminders']}", ""]
    sent = reminder_rows(settings, items, reminders, start, end)
    lines += _table([t["dept"], t["reminded"], t["escalated"], t["soon"], t["items_reminded"]], sent) if sent \
        else [t["none"], ""]

    lines += [f"## {t['overdue']}", "", f"{t['asof']} {end.strftime('%Y-%m-%d %H:%M')}", ""]
    over = breaches(settings, items, end)
    over_rows = [[b.id, b.title, dept_name(b.department), label(b.milestone),
                  b.due.astimezone(tz).strftime("%Y-%m-%d %H:%M"), f"{b.overdue_hours:.1f}",
                  label(b.escalation) if b.escalation else ""] for b in over]
    lines += _table([t["id"], t["title"], t["dept"], t["milestone"], t["due"], t["hours"], t["esc"]], over_rows) \
        if over_rows else [t["none"], ""]
    return "\n".join(lines).rstrip("\n") + "\n"
