"""An item's processing record (处理记录) from its git history: who recorded each change, who
approved it, when it reached the main line, and what changed field by field.

Times that rest only on a claim (a commit's own date, or a merge nobody can vouch for) carry a
mark; times of merges made by the hosting service or signed with a trusted key do not.
"""
from __future__ import annotations

from .audit import basis_of
from .hosting import commit_url
from .remind.compose import party_label
from .remind.record import DUE_SOON
from .timestamps import parse_timestamp

CODED = {"status", "category", "channel", "severity"}
TIMES = {"received", "acknowledged_at", "responded_at", "closed_at"}
SHORT = {"id", "title", "location", "satisfaction"}
FIELD_LABEL = {"assisting": "assisting_departments", "deadlines": "sec_deadlines", "related": "sec_related",
               "reply": "reply", "holds": "holds"}


class Timeline:
    def __init__(self, pages) -> None:
        self.p = pages
        self.t = pages.t

    def value(self, name: str, value: object) -> str:
        p, t = self.p, self.t
        if value is None:
            return "—"
        if name in CODED:
            return p.esc(t(value))
        if name == "department":
            return p.esc(p.dept(value))
        if name in TIMES:
            try:
                return p.esc(p.when(parse_timestamp(value)))
            except (TypeError, ValueError):
                return p.esc(value)
        return p.esc(value)

    def change(self, f) -> str:
        p, t = self.p, self.t
        label = p.esc(t(FIELD_LABEL.get(f.field, f.field)))
        if f.field in CODED | TIMES | SHORT | {"department"}:
            return f"{label}: {self.value(f.field, f.old)} → {self.value(f.field, f.new)}" if f.old is not None \
                else f"{label}: {self.value(f.field, f.new)}"
        word = "field_set" if f.old is None else "field_removed" if f.new is None else "field_changed"
        return f"{label} {p.esc(t(word))}"

    def when(self, version) -> str:
        at, basis = basis_of(version)
        mark = "" if basis == "merge-trusted" else f'<sup class="fbr-claim" title="{self.p.esc(self.t("claim_note"))}">' \
                                                   f'{self.p.esc(self.t("claim_mark"))}</sup>'
        return f'<time datetime="{at.isoformat()}">{self.p.esc(self.p.when(at))}</time>{mark}'

    def rows(self, history) -> list[list[str]]:
        p, t = self.p, self.t
        rows = []
        for v in history.versions:
            c = v.commit
            if v.change.status == "A":
                changes = [p.esc(t("file_created"))]
            elif v.change.status == "D":
                changes = [p.esc(t("file_deleted"))]
            else:
                changes = [self.change(f) for f in v.fields]
                if v.change.status == "R":
                    changes.insert(0, p.esc(t("file_renamed")))
            if v.change.status == "A":
                changes += [self.change(f) for f in v.fields if f.field in {"status", "department"}]
            a = v.approval
            approval = p.esc(t("not_approved"))
            if a is not None:
                approval = p.esc(a.by or "?") + (f" ({p.esc(a.ref)})" if a.ref else "")
            url = commit_url(p.s.repository, c.sha)
            sha = p.esc(c.sha[:8])
            link = f'<a href="{p.esc(url)}"><code>{sha}</code></a>' if url else f"<code>{sha}</code>"
            rows.append([self.when(v), p.esc(c.author_name), approval,
                         "<br>".join(changes) or "—", link])
        return rows

    def reminder_rows(self, v) -> list[tuple]:
        """(time, row) for each reminder sent about the item: when, the level and count, the milestone,
        and to whom by department or office name (never an address)."""
        p, t = self.p, self.t
        groups: dict[tuple, list[str]] = {}
        for r in v.reminders:
            names = groups.setdefault((r.at, r.milestone, r.level, r.count), [])
            name = party_label(p.s, t, r.to, r.role)
            if name not in names:
                names.append(name)
        rows = []
        for (at, milestone, level, count), names in groups.items():
            stage = t("reminder_soon") if level == DUE_SOON else f"{t('reminder_nth', n=count)} · {t(level)}"
            text = (f'<span class="fbr-reminder">{p.esc(stage)}</span>: {p.esc(t(milestone))} · '
                    f'{p.esc(t("reminder_to"))} {p.esc("、".join(names) if p.s.language == "zh" else ", ".join(names))}')
            rows.append((at, [f'<time datetime="{at.isoformat()}">{p.esc(p.when(at))}</time>',
                              p.esc(t("reminder_by")), "—", text, "—"]))
        return rows

    def render(self, v) -> str:
        p, t = self.p, self.t
        history = v.history
        if history is None or not history.versions:
            if not v.reminders:
                return ""
            table = p.table([t("recorded_at"), t("recorded_by"), t("approved_by"), t("changes"), t("commit")],
                            [row for _, row in self.reminder_rows(v)], "fbr-table fbr-timeline")
            return (f'<section class="fbr-box fbr-sec_timeline" data-search-exclude><h2 data-search-exclude>'
                    f'{p.esc(t("sec_timeline"))}</h2>\n{table}\n</section>')
        first = history.versions[0]
        status_first: dict[str, str] = {}
        for version in history.versions:
            status = (version.data or {}).get("status")
            if isinstance(status, str) and status not in status_first:
                status_first[status] = f"{p.esc(t(status))} {self.when(version)}"
        summary = (f'<p class="fbr-note"><strong>{p.esc(t("first_recorded"))}</strong> {self.when(first)} · '
                   f'{p.esc(first.commit.author_name)}<br><strong>{p.esc(t("status_first"))}</strong> '
                   + " · ".join(status_first.values()) + "</p>")
        # the commits in git's order, each reminder before the first commit recorded after it
        pending = sorted(self.reminder_rows(v), key=lambda r: r[0])
        rows = []
        for version, row in zip(history.versions, self.rows(history)):
            at = basis_of(version)[0]
            while pending and pending[0][0] < at:
                rows.append(pending.pop(0)[1])
            rows.append(row)
        rows += [row for _, row in pending]
        table = p.table([t("recorded_at"), t("recorded_by"), t("approved_by"), t("changes"), t("commit")],
                        rows, "fbr-table fbr-timeline")
        note = f'<p class="fbr-note">{p.esc(t("claim_note"))}</p>'
        return (f'<section class="fbr-box fbr-sec_timeline" data-search-exclude><h2 data-search-exclude>'
                f'{p.esc(t("sec_timeline"))}</h2>\n{summary}\n{table}\n{note}\n</section>')
