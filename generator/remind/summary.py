"""What ``fbreg remind`` says: the plan (``--dry-run``: exactly what would be sent to whom) or what
was sent and what failed, as text in the register's language or as JSON."""
from __future__ import annotations

import json

from ..deadlines import calendar_for
from ..labels import Labels
from ..settings import Settings
from .compose import Composer
from .deliver import RunResult
from .plan import site_base

TEXT = {
    "zh": {"title": "催办计划", "done": "催办结果", "as_of": "截至 {t}({tz})", "dry": "试运行:不发送任何消息,也不写记录。",
           "outside": "现在不在台账日历的工作时间内:正式运行不会发送(--any-time 可强制发送)。",
           "not_configured": "register.yaml 和 departments.yaml 中没有设置催办对象(reminders / remind),不发送任何消息。",
           "to": "发给 {name} · {via}(共 {n} 项)", "email": "电子邮件 {a}", "chat": "{type} {a}", "subject": "主题:",
           "nothing": "没有需要发送的催办。", "already": "已发送过、不再重复的:{n} 项。",
           "unreached": "无人可通知(请在 departments.yaml 中为该部门设置 remind):", "sent": "已发送", "failed": "发送失败",
           "failed_line": "发送失败:{name} · {via}:{error}(尝试 {n} 次;下次运行时重试)。涉及:{items}",
           "total_plan": "共 {m} 条消息、{l} 项。", "total": "已发送 {s} 条消息,失败 {f} 条。记录:{files}",
           "none_file": "(无)", "types": {"wecom": "企业微信群机器人", "dingtalk": "钉钉机器人", "feishu": "飞书机器人",
                                          "webhook": "Webhook"}},
    "en": {"title": "Reminder plan", "done": "Reminders", "as_of": "as of {t} ({tz})",
           "dry": "Dry run: nothing is sent and nothing recorded.",
           "outside": "This is outside the calendar's working hours: a real run would send nothing (--any-time sends anyway).",
           "not_configured": "No one to remind is configured (reminders in register.yaml, remind in departments.yaml): nothing is sent.",
           "to": "To {name} · {via} ({n} items)", "email": "e-mail {a}", "chat": "{type} {a}", "subject": "Subject: ",
           "nothing": "Nothing to send.", "already": "Already sent, not repeated: {n}.",
           "unreached": "Nobody to tell (set remind for the department in departments.yaml):", "sent": "sent",
           "failed": "failed", "failed_line": "FAILED: {name} · {via}: {error} ({n} tries; tried again next run). Items: {items}",
           "total_plan": "{m} messages, {l} item lines.", "total": "{s} messages sent, {f} failed. Record: {files}",
           "none_file": "(none)", "types": {"wecom": "WeCom robot", "dingtalk": "DingTalk robot", "feishu": "Feishu robot",
                                           "webhook": "webhook"}},
}


def _via(w, settings: Settings, message) -> str:
    if message.kind == "email":
        return w["email"].format(a=message.address)
    channel = settings.reminders.channels.get(message.address)
    return w["chat"].format(type=w["types"].get(channel.type if channel else "", ""), a=message.address).strip()


def text(settings: Settings, result: RunResult) -> str:
    w = TEXT["zh" if settings.language == "zh" else "en"]
    composer = Composer(settings, site_base(settings))
    day = calendar_for(settings).day_length
    plan = result.plan
    when = plan.as_of.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
    out = [f"{w['title'] if result.dry_run else w['done']} — {settings.title}",
           w["as_of"].format(t=when, tz=settings.timezone)]
    if result.dry_run:
        out.append(w["dry"])
    if result.skipped == "not-configured":
        return "\n".join(out + [w["not_configured"]]) + "\n"
    if result.skipped == "outside-working-hours":
        out.append(w["outside"])
        if not result.dry_run:
            return "\n".join(out) + "\n"
    failed = {id(f.message): f for f in result.failed}
    for m in plan.messages:
        name = composer.party_name(m.party)
        composed = composer.compose(m, plan.as_of, day)
        status = "" if result.dry_run else f" [{w['failed'] if id(m) in failed else w['sent']}]"
        out += ["", w["to"].format(name=name, via=_via(w, settings, m), n=len(m.lines)) + status,
                "  " + w["subject"] + composed.subject]
        out += ["  " + line for line in composed.lines]
    if not plan.messages:
        out += ["", w["nothing"]]
    if plan.already_sent:
        out += ["", w["already"].format(n=plan.already_sent)]
    if plan.unreached:
        out += ["", w["unreached"]] + ["  " + composer.item_line(ln, day, n) for n, ln in enumerate(plan.unreached, 1)]
    out.append("")
    if result.dry_run:
        out.append(w["total_plan"].format(m=len(plan.messages), l=plan.lines))
    else:
        for f in result.failed:
            out.append(w["failed_line"].format(name=composer.party_name(f.message.party), via=_via(w, settings, f.message),
                                               error=f.error, n=f.attempts,
                                               items=", ".join(dict.fromkeys(ln.item for ln, _ in f.message.lines))))
        files = ", ".join(str(p) for p in result.record_files) or w["none_file"]
        out.append(w["total"].format(s=len(result.sent), f=len(result.failed), files=files))
    return "\n".join(out) + "\n"


def as_json(settings: Settings, result: RunResult) -> str:
    composer = Composer(settings, site_base(settings))
    day = calendar_for(settings).day_length
    plan = result.plan
    failed = {id(f.message): f for f in result.failed}
    sent = {id(m) for m in result.sent}
    t = Labels(settings.language, settings.labels)
    messages = []
    for m in plan.messages:
        composed = composer.compose(m, plan.as_of, day)
        f = failed.get(id(m))
        messages.append({
            "via": m.via, "kind": m.kind, "to": composer.party_name(m.party), "department": m.party.department,
            "role": m.party.role, "subject": composed.subject,
            "status": "planned" if result.dry_run or result.skipped else ("sent" if id(m) in sent else "failed"),
            "error": f.error if f else None, "attempts": f.attempts if f else None,
            "items": [{"id": ln.item, "title": ln.title, "department": ln.department, "milestone": ln.milestone,
                       "due": ln.due.astimezone(settings.tz).isoformat(), "level": ln.level,
                       "level_label": t(ln.level), "count": ln.count,
                       "overdue_working_hours": round(ln.late.total_seconds() / 3600, 2),
                       "left_working_hours": round(ln.left.total_seconds() / 3600, 2), "url": ln.url}
                      for ln, _ in m.lines]})
    return json.dumps({"as_of": plan.as_of.astimezone(settings.tz).isoformat(), "dry_run": result.dry_run,
                       "skipped": result.skipped, "messages": messages, "already_sent": plan.already_sent,
                       "unreached": [{"id": ln.item, "milestone": ln.milestone, "level": ln.level}
                                     for ln in plan.unreached],
                       "record": [str(p) for p in result.record_files], "failed": len(result.failed)},
                      ensure_ascii=False, indent=2) + "\n"
