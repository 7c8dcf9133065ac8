"""Page content generated from the register (no MkDocs import: another engine could use it).

``site_pages`` returns ``{path: markdown}``. Every value from an item is untrusted: it is written
only through :func:`esc` (HTML-escaped) inside raw-HTML blocks, which Markdown leaves alone, so
neither HTML nor Markdown syntax in a field can become markup or a link.
"""
from __future__ import annotations

import datetime as dt
import html

from .labels import Labels
from .markup import render_markdown
from .views import ItemView, RegisterView

LEDGER_PAGE_SIZE = 500


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_TITLE_SAFE = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "\n": " ", "\r": " "})


def page_title(text: object) -> str:
    """A page title that is safe where themes print it unescaped (``{{ page.title }}``, ``striptags``):
    markup characters become look-alikes, so no entity or tag can be smuggled through."""
    return ("" if text is None else str(text)).translate(_TITLE_SAFE)


class Pages:
    def __init__(self, view: RegisterView) -> None:
        self.view = view
        self.s = view.settings
        self.t = Labels(self.s.language, self.s.labels)
        self.tz = self.s.tz

    # -- small pieces
    def when(self, value: dt.datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%Y-%m-%d %H:%M") if value else ""

    def dept(self, dept_id: object) -> str:
        return self.s.department_name(dept_id, self.t("unassigned"))

    def as_of_line(self) -> str:
        return (f'<p class="fbr-asof"><strong>{esc(self.t("as_of"))}</strong> '
                f'<time datetime="{self.view.as_of.isoformat()}">{esc(self.when(self.view.as_of))}</time> '
                f'({esc(self.s.timezone)})</p>')

    @staticmethod
    def link(prefix: str, item_id: str) -> str:
        return f'<a href="{prefix}items/{esc(item_id)}/">{esc(item_id)}</a>'

    def hours(self, h: float) -> str:
        return f"{h / 24:.1f} d" if h >= 48 else f"{h:.1f} h"

    def table(self, head: list[str], rows: list[list[str]], cls: str = "fbr-table") -> str:
        """``rows`` cells are already-escaped HTML."""
        if not rows:
            return f"<p>{esc(self.t('none'))}</p>"
        out = [f'<table class="{cls}"><thead><tr>' + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
               + "</tr></thead><tbody>"]
        out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
        return "\n".join(out) + "\n</tbody></table>"

    def item_rows(self, items: list[ItemView], prefix: str, numbered: int | None = None) -> list[list[str]]:
        rows = []
        for n, v in enumerate(items, start=numbered or 1):
            d = v.data
            mark = ' class="fbr-overdue"' if v.breaches else ""
            row = [self.link(prefix, v.id), esc(self.when(v.time("received"))), esc(self.t(d.get("channel"))),
                   esc(self.t(d.get("category"))), esc(d.get("title")), esc(self.dept(d.get("department"))),
                   esc(self.t(d.get("severity"))), f"<span{mark}>{esc(self.when(v.next_due))}</span>",
                   f'<span class="fbr-status fbr-status-{esc(v.status)}">{esc(self.t(v.status))}</span>',
                   esc(self.when(v.time("closed_at")))]
            rows.append([str(n)] + row if numbered else row)
        return rows

    def item_head(self, numbered: bool = False) -> list[str]:
        head = [self.t(k) for k in ("id", "received", "channel", "category", "title", "department", "severity",
                                    "deadline", "status", "closed_at")]
        return (["#"] + head) if numbered else head

    def breach_table(self, rows, prefix: str) -> str:
        return self.table(
            [self.t(k) for k in ("id", "title", "milestone", "due", "overdue_for", "escalation")],
            [[self.link(prefix, b.id), esc(b.title), esc(self.t(b.milestone)), esc(self.when(b.due)),
              esc(self.hours(b.overdue_hours)), esc(self.t(b.escalation))] for b in rows], "fbr-table fbr-breaches")

    # -- pages
    def dashboard(self) -> str:
        v, t = self.view, self.t
        figures = v.figures()
        month = v.as_of.astimezone(self.tz).strftime("%Y-%m")
        closed_month = sum(1 for i in v.items if i.status == "closed"
                           and self.when(i.time("closed_at")).startswith(month))
        cards = "".join(f'<div class="fbr-card"><span class="fbr-card-n" id="fbr-{key}">{n}</span>'
                        f'<span class="fbr-card-label">{esc(t(key))}</span></div>'
                        for key, n in (("open", figures.open), ("overdue_items", figures.overdue),
                                       ("closed_this_month", closed_month)))
        recent = self.table(self.item_head(), self.item_rows(v.items[:15], ""), "fbr-table fbr-ledger")
        return (f"<h1>{esc(self.s.title)}</h1>\n\n{self.as_of_line()}\n\n<div class=\"fbr-cards\">{cards}</div>\n\n"
                f"## {esc(t('recent'))}\n\n{recent}\n")

    def ledger(self) -> dict[str, str]:
        items = self.view.items
        pages = {}
        count = max(1, -(-len(items) // LEDGER_PAGE_SIZE))
        for n in range(count):
            chunk = items[n * LEDGER_PAGE_SIZE:(n + 1) * LEDGER_PAGE_SIZE]
            path = "register/index.md" if n == 0 else f"register/{n + 1}/index.md"
            prefix = "../" if n == 0 else "../../"
            nav = " · ".join(
                (f"<strong>{k + 1}</strong>" if k == n else
                 f'<a href="{prefix}register/{"" if k == 0 else f"{k + 1}/"}">{k + 1}</a>') for k in range(count))
            body = self.table(self.item_head(True), self.item_rows(chunk, prefix, n * LEDGER_PAGE_SIZE + 1),
                              "fbr-table fbr-ledger")
            pages[path] = (f"# {esc(self.t('ledger'))}\n\n{self.as_of_line()}\n\n<nav class=\"fbr-pages\">{nav}</nav>"
                           f"\n\n{body}\n")
        return pages

    def overdue(self) -> str:
        rows = self.view.breach_rows()
        out = [f"# {esc(self.t('overdue'))}", "", self.as_of_line(), ""]
        if not rows:
            out.append(f"<p>{esc(self.t('no_overdue'))}</p>")
        for dept_id in dict.fromkeys(b.department for b in rows):
            out += [f"## {esc(self.dept(dept_id))}", "",
                    self.breach_table([b for b in rows if b.department == dept_id], "../"), ""]
        return "\n".join(out) + "\n"

    def departments(self) -> dict[str, str]:
        t = self.t
        rows = []
        pages = {}
        for dept_id, dept in self.s.departments.items():
            f = self.view.figures(dept_id)
            rate = f"{100 * f.on_time_rate:.0f}%" if f.on_time_rate is not None else "—"
            median = self.hours(f.median_response_hours) if f.median_response_hours is not None else "—"
            rows.append([f'<a href="{esc(dept_id)}/">{esc(dept.name(self.s.language))}</a>', str(f.open),
                         str(f.overdue), esc(rate), esc(median)])
            pages[f"departments/{dept_id}/index.md"] = self.department(dept_id, f, rate, median)
        head = [t("departments"), t("open"), t("overdue_items"), t("on_time_rate"), t("median_response")]
        pages["departments/index.md"] = (f"# {esc(t('departments'))}\n\n{self.as_of_line()}\n\n"
                                         f"{self.table(head, rows)}\n")
        return pages

    def department(self, dept_id: str, f, rate: str, median: str) -> str:
        t, p = self.t, "../../"
        mine = [v for v in self.view.items if v.data.get("department") == dept_id]
        far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
        open_items = sorted((v for v in mine if v.is_open), key=lambda v: (v.next_due or far, v.id))
        assisting = [v for v in self.view.items if dept_id in (v.data.get("assisting") or []) and v.is_open]
        closed = sorted((v for v in mine if v.status == "closed"), key=lambda v: v.time("closed_at") or far,
                        reverse=True)[:20]
        figures = self.table([t("open"), t("overdue_items"), t("on_time_rate"), t("median_response")],
                             [[str(f.open), str(f.overdue), esc(rate), esc(median)]])
        return "\n".join([
            f"<h1>{esc(self.dept(dept_id))}</h1>", "", self.as_of_line(), "", figures, "",
            f"## {esc(t('open_items'))}", "", self.table(self.item_head(), self.item_rows(open_items, p)), "",
            f"## {esc(t('overdue'))}", "", self.breach_table(self.view.breach_rows(dept_id), p), "",
            f"## {esc(t('assisting'))}", "", self.table(self.item_head(), self.item_rows(assisting, p)), "",
            f"## {esc(t('recently_closed'))}", "", self.table(self.item_head(), self.item_rows(closed, p)), ""])

    def item(self, v: ItemView) -> str:
        t, d = self.t, v.data
        facts = [(t("received"), self.when(v.time("received"))), (t("channel"), t(d.get("channel"))),
                 (t("category"), t(d.get("category"))), (t("severity"), t(d.get("severity"))),
                 (t("department"), self.dept(d.get("department"))), (t("status"), t(v.status))]
        dl = "".join(f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(val)}</td></tr>" for k, val in facts)
        stones = self.table([t("milestone"), t("due"), t("status")],
                            [[esc(t(m.name)), esc(self.when(m.due)), esc(t("state_" + m.state))] for m in v.milestones])
        blocks = []
        for key in ("description", "analysis"):
            if d.get(key):
                blocks.append(f"## {esc(t(key))}\n\n<div class=\"fbr-text\">{render_markdown(d[key])}</div>")
        return (f"<h1>{esc(v.id)} {esc(d.get('title'))}</h1>\n\n<table class=\"fbr-form\">{dl}</table>\n\n"
                f"## {esc(t('deadline'))}\n\n{stones}\n\n" + "\n\n".join(blocks) + "\n")


def site_pages(view: RegisterView) -> tuple[dict[str, str], dict[str, str]]:
    """Every generated page ``{path relative to docs: markdown}``, and the item pages' titles
    ``{path: safe title}`` (the other pages' titles are labels, not data)."""
    p = Pages(view)
    pages = {"index.md": p.dashboard(), "overdue/index.md": p.overdue()}
    pages.update(p.ledger())
    pages.update(p.departments())
    titles = {}
    for v in view.items:
        path = f"items/{v.id}/index.md"
        pages[path] = p.item(v)
        titles[path] = page_title(f"{v.id} {v.data.get('title', '')}")
    for path in pages:
        first = pages[path].split("\n", 1)[0]
        titles.setdefault(path, page_title(html.unescape(first.removeprefix("<h1>").removesuffix("</h1>").lstrip("# "))))
    return pages, titles
