"""The words of a reminder, in the register's language: subject, plain text and HTML.

Each item line carries its id, title, department, milestone, deadline, how late it is in working
time (or how much working time is left), the reminder's level and count (第2次催办) and the link to
its page on the published site. Only what the site publishes: never the reporter, the description
or an address. Titles are untrusted: one line each, control and bidi characters shown as escapes,
and HTML-escaped in the HTML part.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from ..labels import Labels
from ..problems import defang
from ..settings import Settings
from .plan import OFFICE, Line, Message, Party
from .record import DUE_SOON

TEXT = {
    "zh": {"subject": "[{title}] 催办:{summary}", "overdue_n": "{n} 项逾期", "soon_n": "{n} 项即将到期",
           "hello": "{name}:", "intro": "以下事项需要处理(截至 {as_of}):", "due": "期限", "late": "已逾期 {t}",
           "left": "剩余 {t}", "nth": "第{n}次催办", "soon": "即将到期提醒", "level": "级别:{level}",
           "link": "查看", "dept": "责任部门", "footer": "本消息由信息反馈台账自动发送(fbreg remind)。逾期事项:{url}",
           "footer_nourl": "本消息由信息反馈台账自动发送(fbreg remind)。", "days": "{d} 个工作日", "hours": "{h} 工作小时",
           "and": " ", "more": "……另有 {n} 项,见逾期页。", "head_of": "{name}({level})", "sep": "、"},
    "en": {"subject": "[{title}] Reminder: {summary}", "overdue_n": "{n} overdue", "soon_n": "{n} due soon",
           "hello": "{name}:", "intro": "These items need action (as of {as_of}):", "due": "due", "late": "{t} overdue",
           "left": "{t} left", "nth": "reminder {n}", "soon": "due soon", "level": "level: {level}",
           "link": "open", "dept": "department", "footer": "Sent by the feedback register (fbreg remind). Overdue items: {url}",
           "footer_nourl": "Sent by the feedback register (fbreg remind).", "days": "{d} working day(s)",
           "hours": "{h} working hours", "and": " ", "more": "… and {n} more: see the overdue page.",
           "head_of": "{name} ({level})", "sep": ", "},
}


def party_label(settings: Settings, t: Labels, department: str, role: str) -> str:
    """A department or office by name (never an address): 工程部, 工程部(部门负责人), 质检办."""
    name = settings.department_name(department, t("unassigned"))
    levels = [level for _, level in settings.escalation]
    if role == OFFICE or (levels and role == levels[0]):
        return name
    return TEXT["zh" if settings.language == "zh" else "en"]["head_of"].format(name=name, level=t(role))


def one_line(text: object) -> str:
    return defang(" ".join(str(text or "").split()))[:200]


@dataclass
class Composed:
    subject: str
    text: str
    html: str
    lines: list[str]      # one text line per item (the robots' messages are made of these)
    header: str
    footer: str


class Composer:
    def __init__(self, settings: Settings, site_url: str | None = None) -> None:
        self.s = settings
        self.lang = "zh" if settings.language == "zh" else "en"
        self.w = TEXT[self.lang]
        self.t = Labels(settings.language, settings.labels)
        self.site_url = site_url

    def when(self, value) -> str:
        return value.astimezone(self.s.tz).strftime("%Y-%m-%d %H:%M")

    def span(self, delta, day_length) -> str:
        hours = delta.total_seconds() / 3600
        day = day_length.total_seconds() / 3600
        days, rest = divmod(hours, day) if day else (0, hours)
        parts = []
        if days >= 1:
            parts.append(self.w["days"].format(d=int(days)))
        if rest >= 0.05 or not parts:
            parts.append(self.w["hours"].format(h=f"{rest:.1f}".rstrip("0").rstrip(".")))
        return self.w["and"].join(parts)

    def party_name(self, party: Party) -> str:
        return party_label(self.s, self.t, party.department, party.role)

    def stage(self, line: Line) -> str:
        if line.level == DUE_SOON:
            return self.w["soon"]
        return f"{self.w['nth'].format(n=line.count)}({self.t(line.level)})" if self.lang == "zh" else \
            f"{self.w['nth'].format(n=line.count)} ({self.t(line.level)})"

    def item_line(self, line: Line, day_length, n: int) -> str:
        dept = self.s.department_name(line.department, self.t("unassigned"))
        timing = (self.w["left"].format(t=self.span(line.left, day_length)) if line.level == DUE_SOON
                  else self.w["late"].format(t=self.span(line.late, day_length)))
        text = (f"{n}. {line.item} {one_line(line.title)} | {dept} | {self.t(line.milestone)} "
                f"{self.w['due']} {self.when(line.due)} | {timing} | {self.stage(line)}")
        return text + (f" | {line.url}" if line.url else "")

    def compose(self, message: Message, as_of, day_length) -> Composed:
        w = self.w
        lines = [ln for ln, _ in message.lines]
        overdue = sum(ln.level != DUE_SOON for ln in lines)
        soon = len(lines) - overdue
        summary = w["sep"].join(([w["overdue_n"].format(n=overdue)] if overdue else [])
                                + ([w["soon_n"].format(n=soon)] if soon else []))
        subject = w["subject"].format(title=one_line(self.s.title), summary=summary)
        name = self.party_name(message.party)
        header = w["hello"].format(name=name) + "\n" + w["intro"].format(as_of=self.when(as_of))
        footer = (w["footer"].format(url=f"{self.site_url}overdue/") if self.site_url else w["footer_nourl"])
        texts = [self.item_line(ln, day_length, n) for n, ln in enumerate(lines, 1)]
        text = header + "\n\n" + "\n".join(texts) + "\n\n" + footer + "\n"
        return Composed(subject, text, self.html(name, as_of, lines, day_length, footer), texts, header, footer)

    def html(self, name, as_of, lines, day_length, footer) -> str:
        e, w, t = html.escape, self.w, self.t
        rows = []
        for n, ln in enumerate(lines, 1):
            timing = (w["left"].format(t=self.span(ln.left, day_length)) if ln.level == DUE_SOON
                      else w["late"].format(t=self.span(ln.late, day_length)))
            ident = f'<a href="{e(ln.url)}">{e(ln.item)}</a>' if ln.url else e(ln.item)
            rows.append(f"<tr><td>{n}</td><td>{ident}</td><td>{e(one_line(ln.title))}</td>"
                        f"<td>{e(self.s.department_name(ln.department, t('unassigned')))}</td>"
                        f"<td>{e(t(ln.milestone))}</td><td>{e(self.when(ln.due))}</td><td>{e(timing)}</td>"
                        f"<td>{e(self.stage(ln))}</td></tr>")
        head = "".join(f"<th>{e(h)}</th>" for h in ("#", t("id"), t("title"), t("department"), t("milestone"),
                                                        t("due"), t("overdue_for"), t("escalation")))
        return (f'<!DOCTYPE html><html lang="{e(self.s.language)}"><head><meta charset="utf-8"></head><body>'
                f"<p>{e(w['hello'].format(name=name))}</p><p>{e(w['intro'].format(as_of=self.when(as_of)))}</p>"
                f'<table border="1" cellpadding="4" cellspacing="0"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table><p>{e(footer)}</p></body></html>")

    def fitted(self, composed: Composed, limit: int) -> str:
        """The plain text, cut to at most ``limit`` bytes of UTF-8: as many item lines as fit, then a
        line saying how many more there are (the overdue page's link is in the footer)."""
        if len(composed.text.encode("utf-8")) <= limit:
            return composed.text
        kept = []
        for n, line in enumerate(composed.lines):
            more = self.w["more"].format(n=len(composed.lines) - n - 1)
            candidate = "\n".join([composed.header, "", *kept, line, more, "", composed.footer])
            if len(candidate.encode("utf-8")) > limit:
                break
            kept.append(line)
        more = self.w["more"].format(n=len(composed.lines) - len(kept))
        text = "\n".join([composed.header, "", *kept, more, "", composed.footer])
        return text.encode("utf-8")[:limit].decode("utf-8", "ignore")
