"""An item's page, laid out like the paper feedback form (信息反馈处理单).

Numbered header, then the form's boxes in the order the paper form has them: the feedback,
responsibility, cause analysis, actions, reply to the reporter, verification and closure, with
the deadlines and related items after. Every value is untrusted: text goes through ``esc``, the
description, analysis and notes through :func:`render_markdown` (sanitised).
"""
from __future__ import annotations

from urllib.parse import quote

from .hosting import edit_url
from .markup import render_markdown
from .timeline import Timeline
from .views import ItemView


# the attachments box's heading when register.yaml's labels do not name one (key sec_attachments)
ATTACHMENT_LABELS = {"zh": ("照片", "照片 {n}({id})"), "en": ("Photos", "Photo {n} of {id}")}


class ItemForm:
    """Renders one item; ``pages`` is the :class:`generator.pages.Pages` helper (labels, times, names);
    ``attachments``: ``{item id: [file names]}`` of the photos published under ``attachments/<ID>/``
    (:func:`generator.attachments.by_item`)."""

    def __init__(self, pages, attachments: dict[str, list[str]] | None = None) -> None:
        self.p = pages
        self.t = pages.t
        self.known_ids: set[str] = {v.id for v in pages.view.items}
        self.timeline = Timeline(pages)
        self.attachments = attachments or {}

    # -- pieces
    def box(self, label: str, value_html: str, wide: bool = False, search: bool = False) -> tuple:
        """One labelled box of the form; only boxes with ``search`` go into the search index."""
        return label, value_html, wide, search

    def cells(self, box: tuple, span: int = 1) -> str:
        label, value_html, _, search = box
        skip = "" if search else " data-search-exclude"
        colspan = f' colspan="{span}"' if span > 1 else ""
        return (f'<th scope="row" data-search-exclude>{self.p.esc(label)}</th>'
                f'<td{colspan}{skip}>{value_html or self.blank()}</td>')

    def blank(self) -> str:
        return f'<span class="fbr-blank">{self.p.esc(self.t("not_recorded"))}</span>'

    def text(self, value: object) -> str:
        """Free text (Markdown, sanitised) in its box; "" when there is none, so the box shows as blank."""
        if not (isinstance(value, str) and value.strip()):
            return ""
        return f'<div class="fbr-text">{render_markdown(value)}</div>'

    def who(self, value: object) -> str:
        """A department id becomes its name; anything else (a person, a role) is shown as written."""
        if value in self.p.s.departments:
            return self.p.esc(self.p.dept(value))
        return self.p.esc(value) if value else ""

    def section(self, key: str, body: str, search: bool = False) -> str:
        """A box of the form. Headings carry no id, so the search index keeps one entry per item;
        sections without ``search`` stay out of the index (labels and dates would only add noise)."""
        skip = "" if search else " data-search-exclude"
        return (f'<section class="fbr-box fbr-{key}"{skip}><h2 data-search-exclude>{self.p.esc(self.t(key))}</h2>\n'
                f'{body}\n</section>')

    def grid(self, boxes: list[tuple]) -> str:
        """Boxes two to a row like the paper form; a wide box (free text) takes a whole row."""
        rows, pending = [], []
        for box in boxes:
            if box[2]:
                if pending:
                    rows.append(self.cells(pending.pop(), 3))
                rows.append(self.cells(box, 3))
            else:
                pending.append(box)
                if len(pending) == 2:
                    rows.append(self.cells(pending[0]) + self.cells(pending[1]))
                    pending = []
        if pending:
            rows.append(self.cells(pending[0], 3))
        cols = '<colgroup><col class="fbr-l"><col><col class="fbr-l"><col></colgroup>'
        return f'<table class="fbr-form">{cols}' + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"

    # -- sections
    def feedback(self, v: ItemView) -> str:
        p, t, d = self.p, self.t, v.data
        reporter = d.get("reporter") if isinstance(d.get("reporter"), dict) else {}
        who = t("reporter_" + str(reporter.get("type"))) if reporter.get("type") else ""
        if reporter.get("anonymous"):
            who += f" ({t('anonymous')})"
        elif reporter.get("ref"):
            who += f" · {t('reference')} {reporter.get('ref')}"
        tags = " ".join(f'<span class="fbr-tag">{p.esc(tag)}</span>' for tag in d.get("tags") or [])
        return self.section("sec_feedback", self.grid([
            self.box(t("received"), p.esc(p.when(v.time("received")))),
            self.box(t("channel"), p.esc(t(d.get("channel")))),
            self.box(t("category"), p.esc(t(d.get("category")))),
            self.box(t("severity"), f'<span class="fbr-sev fbr-sev-{p.esc(d.get("severity"))}">'
                                    f'{p.esc(t(d.get("severity")))}</span>'),
            self.box(t("reporter"), p.esc(who)),
            self.box(t("location"), p.esc(d.get("location")), search=True),
            self.box(t("description"), self.text(d.get("description")), wide=True,
                     search=True),
        ] + ([self.box(t("tags"), tags, search=True)] if tags else [])), search=True)

    def responsibility(self, v: ItemView) -> str:
        p, t, d = self.p, self.t, v.data
        assisting = "、".join(p.dept(a) for a in d.get("assisting") or [])
        rows = [self.box(t("department"), p.esc(p.dept(d.get("department")) if d.get("department") else ""),
                         search=True),
                self.box(t("acknowledged_at"), p.esc(p.when(v.time("acknowledged_at")))),
                self.box(t("responded_at"), p.esc(p.when(v.time("responded_at"))))]
        if assisting:
            rows.insert(1, self.box(t("assisting_departments"), p.esc(assisting)))
        return self.section("sec_responsibility", self.grid(rows), search=True)

    def actions(self, v: ItemView) -> str:
        p, t = self.p, self.t
        rows = []
        for a in v.data.get("actions") or []:
            if isinstance(a, dict):
                rows.append([p.esc(t(a.get("kind"))), self.text(a.get("text")),
                             self.who(a.get("owner")), p.esc(a.get("due") or ""),
                             p.esc(p.when(p.ts(a.get("done_at")))) or self.blank()])
        head = [t("kind"), t("text"), t("owner"), t("planned"), t("done_at")]
        return self.section("sec_actions", p.table(head, rows, "fbr-table fbr-actions"))

    def reply(self, v: ItemView) -> str:
        p, t = self.p, self.t
        r = v.data.get("reply") if isinstance(v.data.get("reply"), dict) else {}
        return self.section("sec_reply", self.grid([
            self.box(t("reply_text"), self.text(r.get("text")), wide=True),
            self.box(t("reply_at"), p.esc(p.when(p.ts(r.get("at"))))),
            self.box(t("reply_channel"), p.esc(t(r.get("channel")) if r.get("channel") else ""))]))

    def verification(self, v: ItemView) -> str:
        p, t = self.p, self.t
        r = v.data.get("verification") if isinstance(v.data.get("verification"), dict) else {}
        result = r.get("result")
        return self.section("sec_verification", self.grid([
            self.box(t("result"), f'<span class="fbr-result fbr-result-{p.esc(result)}">{p.esc(t(result))}</span>'
                     if result else ""),
            self.box(t("verified_by"), self.who(r.get("by"))),
            self.box(t("verified_at"), p.esc(p.when(p.ts(r.get("at"))))),
            self.box(t("note"), self.text(r.get("note")), wide=True)]))

    def closure(self, v: ItemView) -> str:
        p, t, d = self.p, self.t, v.data
        score = d.get("satisfaction")
        stars = ""
        if isinstance(score, int) and not isinstance(score, bool):
            stars = (f'<span class="fbr-stars" aria-hidden="true">{"★" * score}{"☆" * (5 - score)}</span> '
                     f'{score}/5')
        return self.section("sec_closure", self.grid([
            self.box(t("status"), f'<span class="fbr-status fbr-status-{p.esc(v.status)}">{p.esc(t(v.status))}</span>'),
            self.box(t("closed_at"), p.esc(p.when(v.time("closed_at")))),
            self.box(t("satisfaction"), stars)]))

    def deadlines(self, v: ItemView) -> str:
        p, t, d = self.p, self.t, v.data
        rows = []
        source = {"acknowledge": "acknowledged_at", "respond": "responded_at", "resolve": "closed_at"}
        for m in v.milestones:
            state = f'<span class="fbr-state fbr-state-{m.state}">{p.esc(t("state_" + m.state))}</span>'
            if m.state in ("breached", "late"):
                state += f" ({p.esc(p.hours(m.overdue_hours))})"
            doubt = v.flags.get(source[m.name]) or v.flags.get("received")
            if doubt:   # the audit found the time this rests on recorded late or early
                state += f' <span class="fbr-flag" title="{p.esc(doubt)}">⚑ {p.esc(t("flagged"))}</span>'

            rows.append([p.esc(t(m.name)), p.esc(p.when(m.due)) or "—", p.esc(p.when(m.met_at)), state])
        out = [p.table([t("milestone"), t("due"), t("met_at"), t("status")], rows, "fbr-table fbr-deadlines")]
        reason = (d.get("deadlines") or {}).get("reason") if isinstance(d.get("deadlines"), dict) else None
        if reason:
            out.append(f'<p class="fbr-note"><strong>{p.esc(t("deadline_reason"))}</strong> {p.esc(reason)}</p>')
        holds = [h for h in d.get("holds") or [] if isinstance(h, dict)]
        if holds:
            out.append(f'<h3>{p.esc(t("holds"))}</h3>')
            out.append(p.table([t("from"), t("until"), t("reason")], [
                [p.esc(p.when(p.ts(h.get("from")))), p.esc(p.when(p.ts(h.get("until"))) or t("open_pause")),
                 p.esc(h.get("reason"))] for h in holds]))
        return self.section("sec_deadlines", "\n".join(out))

    def photos(self, v: ItemView) -> str:
        """Thumbnails of the item's attachments, each a link to the image ("" when there are none)."""
        names = self.attachments.get(v.id) or []
        if not names:
            return ""
        esc = self.p.esc
        heading, alt = ATTACHMENT_LABELS["zh" if self.p.s.language == "zh" else "en"]
        heading = self.t.table.get("sec_attachments", heading)
        cells = []
        for n, name in enumerate(names, 1):
            url = esc(f"../../attachments/{quote(v.id, safe='')}/{quote(str(name), safe='')}")
            cells.append(f'<li><a href="{url}"><img src="{url}" alt="{esc(alt.format(n=n, id=v.id))}" '
                         f'width="160" loading="lazy"></a></li>')
        return (f'<section class="fbr-box fbr-sec_attachments" data-search-exclude><h2 data-search-exclude>'
                f'{esc(heading)}</h2>\n<ul class="fbr-attachments">{"".join(cells)}</ul>\n</section>')

    def related(self, v: ItemView) -> str:
        links = []
        for other in v.data.get("related") or []:
            other = str(other)
            if other in self.known_ids:
                links.append(f'<li>{self.p.link("../../", other)} {self.p.esc(self.p.view_title(other))}</li>')
            else:
                links.append(f"<li>{self.p.esc(other)}</li>")
        return self.section("sec_related", f"<ul>{''.join(links)}</ul>") if links else ""

    # -- the page
    def render(self, v: ItemView) -> str:
        p, t, d = self.p, self.t, v.data
        url = edit_url(p.s.repository, p.s.branch, v.source)
        edit = (f'<a class="fbr-edit md-button" href="{p.esc(url)}" rel="nofollow">{p.esc(t("edit_item"))}</a>'
                if url else "")
        head = (f'<header class="fbr-sheet-head" data-search-exclude><p class="fbr-sheet-org">{p.esc(p.s.title)}</p>'
                f'<p class="fbr-sheet-name">{p.esc(t("form_title"))}</p>'
                f'<p class="fbr-sheet-no">{p.esc(t("id"))} <strong>{p.esc(v.id)}</strong></p></header>')
        analysis = self.section("sec_analysis", self.text(d.get("analysis")) or self.blank(),
                                search=True)
        parts = [head, f'<h1 class="fbr-sheet-title">{p.esc(d.get("title"))}</h1>', self.feedback(v),
                 self.photos(v), self.responsibility(v), analysis, self.actions(v), self.reply(v),
                 self.verification(v), self.closure(v), self.deadlines(v), self.related(v), self.timeline.render(v)]
        body = "\n".join(x for x in parts if x)
        return (f'<article class="fbr-sheet" data-item="{p.esc(v.id)}">\n{body}\n</article>\n\n'
                f'<p class="fbr-item-tools" data-search-exclude>{edit}</p>\n')
