"""Page content generated from the register (no MkDocs import: another engine could use it).

``site_pages`` returns ``{path: markdown}``. Every value from an item is untrusted: it is written
only through :func:`esc` (HTML-escaped) inside raw-HTML blocks, which Markdown leaves alone, so
neither HTML nor Markdown syntax in a field can become markup or a link.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from urllib.parse import quote

from . import charts
from .itemform import ItemForm
from .labels import Labels
from .timestamps import timestamp_or_none
from .views import ItemView, RegisterView

LEDGER_PAGE_SIZE = 300   # rows: a page stays under 200 KB of HTML
OVERDUE_PAGE_SIZE = 300  # breached deadlines a page of the overdue list shows (under 200 KB too)
DEPARTMENT_ROWS = 100    # rows a department page's list shows at most (the rest: the ledger, the overdue list)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_TITLE_SAFE = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "\n": " ", "\r": " "})


def page_title(text: object) -> str:
    """A page title that is safe where themes print it unescaped (``{{ page.title }}``, ``striptags``):
    markup characters become look-alikes, so no entity or tag can be smuggled through."""
    return ("" if text is None else str(text)).translate(_TITLE_SAFE)


class Pages:
    esc = staticmethod(esc)

    def __init__(self, view: RegisterView) -> None:
        self.view = view
        self.s = view.settings
        self.t = Labels(self.s.language, self.s.labels)
        self.tz = self.s.tz
        self.titles = {v.id: str(v.data.get("title", "")) for v in view.items}
        self._figures: dict[str | None, object] = {}
        self._rows: dict[int, tuple] = {}      # id(view) -> (view, its ledger row)

    def figures(self, department: str | None = None):
        """The view's figures, computed once per department (the charts and the pages share them)."""
        if department not in self._figures:
            self._figures[department] = self.view.figures(department)
        return self._figures[department]

    def view_title(self, item_id: str) -> str:
        return self.titles.get(item_id, "")

    @staticmethod
    def ts(value: object) -> dt.datetime | None:
        return timestamp_or_none(value)

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

    def table(self, head: list[str], rows: list[list[str]], cls: str = "fbr-table", attrs: list[str] | None = None,
              table_attrs: str = "", keep_empty: bool = False) -> str:
        """``rows`` cells are already-escaped HTML; ``attrs`` optional attribute strings per row."""
        if not rows and not keep_empty:
            return f"<p>{esc(self.t('none'))}</p>"
        out = [f'<table class="{cls}"{table_attrs} data-search-exclude><thead><tr>'
               + "".join(f'<th scope="col">{esc(h)}</th>' for h in head) + "</tr></thead><tbody>"]
        out += [f"<tr{attrs[n] if attrs else ''}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
                for n, row in enumerate(rows)]
        return "\n".join(out) + "\n</tbody></table>"

    def ledger_row(self, v: ItemView) -> dict:
        """One item as the ledger shows it (plain text) and the codes its filter matches: the one
        row model of the HTML tables here and of the script's rows.json (clientdata). Made once per
        item and build (the ledger's cells, its filter's codes and rows.json all read it)."""
        known = self._rows.get(id(v))
        if known is not None and known[0] is v:
            return known[1]
        row = self._ledger_row(v)
        self._rows[id(v)] = (v, row)
        return row

    def _ledger_row(self, v: ItemView) -> dict:
        d, t = v.data, self.t
        received = self.when(v.time("received"))
        return {
            "id": v.id, "received": received, "channel": t(d.get("channel")), "category": t(d.get("category")),
            "title": str(d.get("title", "")), "department": self.dept(d.get("department")),
            "severity": t(d.get("severity")), "deadline": self.when(v.next_due), "overdue": bool(v.breaches),
            "status": t(v.status), "closed": self.when(v.time("closed_at")),
            "codes": {"department": d.get("department") or "", "status": v.status, "category": d.get("category"),
                      "severity": d.get("severity"), "year": received[:4], "open": v.is_open},
        }

    def item_rows(self, items: list[ItemView], prefix: str, numbered: int | None = None) -> list[list[str]]:
        rows = []
        for n, v in enumerate(items, start=numbered or 1):
            r = self.ledger_row(v)
            mark = ' class="fbr-overdue"' if r["overdue"] else ""
            row = [self.link(prefix, v.id), esc(r["received"]), esc(r["channel"]), esc(r["category"]),
                   f'<span class="fbr-t">{esc(r["title"])}</span>', esc(r["department"]), esc(r["severity"]),
                   f"<span{mark}>{esc(r['deadline'])}</span>",
                   f'<span class="fbr-status fbr-status-{esc(v.status)}">{esc(r["status"])}</span>', esc(r["closed"])]
            rows.append([str(n)] + row if numbered else row)
        return rows

    def row_attrs(self, items: list[ItemView]) -> list[str]:
        """The codes the ledger's filter reads from each row (the cells show labels)."""
        out = []
        for v in items:
            c = self.ledger_row(v)["codes"]
            out.append(f' data-department="{esc(c["department"])}" data-status="{esc(c["status"])}"'
                       f' data-category="{esc(c["category"])}" data-severity="{esc(c["severity"])}"'
                       f' data-year="{esc(c["year"])}"')
        return out

    def item_head(self, numbered: bool = False) -> list[str]:
        head = [self.t(k) for k in ("id", "received", "channel", "category", "title", "department", "severity",
                                    "deadline", "status", "closed_at")]
        return (["#"] + head) if numbered else head

    @functools.cached_property
    def reminder_counts(self) -> dict[str, int]:
        """How often each item was chased (fbreg remind's record), for the overdue lists."""
        return {v.id: v.reminder_count for v in self.view.items if v.reminders}

    def breach_table(self, rows, prefix: str) -> str:
        counts = self.reminder_counts
        return self.table(
            [self.t(k) for k in ("id", "title", "milestone", "due", "overdue_for", "escalation", "reminders")],
            [[self.link(prefix, b.id), f'<span class="fbr-t">{esc(b.title)}</span>', esc(self.t(b.milestone)), esc(self.when(b.due)),
              esc(self.hours(b.overdue_hours)), esc(self.t(b.escalation)), str(counts.get(b.id, 0))] for b in rows],
            "fbr-table fbr-breaches")

    # -- pages
    def charts(self) -> str:
        v, t = self.view, self.t
        months, by_category = v.monthly_intake(12)
        intake = charts.stacked_columns("fbr-chart-intake", t("intake_chart"), months,
                                        [(t(c), counts) for c, counts in by_category.items()],
                                        value_label=t("items_n"))
        on_time, response = [], []
        for dept_id in self.s.departments:
            f = self.figures(dept_id)
            on_time.append((self.dept(dept_id), f.on_time_rate, t("closed_n", n=f.closed)))
            response.append((self.dept(dept_id), f.median_response_hours, f"n={len(f.response_hours)}"))
        rate = charts.hbars("fbr-chart-ontime", t("on_time_chart"), on_time, maximum=1.0,
                            unit_format=lambda x: f"{100 * x:.0f}%", headers=(t("department"), t("on_time_rate")))
        median = charts.hbars("fbr-chart-response", t("response_chart"), response, unit_format=lambda x: f"{x:.0f} h",
                              headers=(t("department"), t("median_response")))
        return f'<div class="fbr-charts">\n{intake}\n{rate}\n{median}\n</div>'

    def dashboard(self) -> str:
        v, t = self.view, self.t
        figures = self.figures()
        month = v.as_of.astimezone(self.tz).strftime("%Y-%m")
        closed_month = sum(1 for i in v.items if i.status == "closed"
                           and self.when(i.time("closed_at")).startswith(month))
        cards = []
        for key, n, href in (("open", figures.open, "register/?status=open"),
                             ("overdue_items", figures.overdue, "overdue/"), ("closed_this_month", closed_month, "")):
            inner = (f'<span class="fbr-card-n" id="fbr-{key}">{n}</span>'
                     f'<span class="fbr-card-label">{esc(t(key))}</span>')
            cards.append(f'<a class="fbr-card" href="{href}">{inner}</a>' if href else f'<div class="fbr-card">{inner}</div>')
        cards = "".join(cards)
        recent = self.table(self.item_head(), self.item_rows(v.items[:15], ""), "fbr-table fbr-ledger")
        return (f"<h1>{esc(self.s.title)}</h1>\n\n{self.as_of_line()}\n\n<div class=\"fbr-cards\">{cards}</div>\n\n"
                f"{self.charts()}\n\n## {esc(t('recent'))}\n\n{recent}\n")

    @functools.cached_property
    def filter_form(self) -> str:
        """The ledger's filter controls, the same on every ledger page (made once); hidden until the
        script runs (a static page cannot filter itself)."""
        t, v = self.t, self.view
        years = sorted({self.when(i.time("received"))[:4] for i in v.items} - {""}, reverse=True)
        choices = {
            "department": [(d, self.dept(d)) for d in self.s.departments],
            "status": [("open", t("open"))] + [(k, t(k)) for k in ("new", "assigned", "in-progress", "on-hold",
                                                                    "verifying", "closed", "rejected", "duplicate")],
            "category": [(c, t(c)) for c in self.s.categories],
            "severity": [(k, t(k)) for k in self.s.severities],
            "year": [(y, y) for y in years],
        }
        fields = [f'<label>{esc(t("filter_text"))} <input type="search" name="q" autocomplete="off"></label>']
        for name, options in choices.items():
            opts = "".join(f'<option value="{esc(code)}">{esc(label)}</option>' for code, label in options)
            fields.append(f'<label>{esc(t(name))} <select name="{name}"><option value="">{esc(t("all"))}</option>'
                          f"{opts}</select></label>")
        return (f'<form class="fbr-filter" hidden role="search" aria-label="{esc(t("filter"))}">'
                + "".join(fields) + f'<button type="reset" class="md-button">{esc(t("clear"))}</button>'
                f'<output class="fbr-count" aria-live="polite"></output></form>')

    def ledger(self) -> dict[str, str]:
        items = self.view.items
        pages = {}
        count = max(1, -(-len(items) // LEDGER_PAGE_SIZE))
        for n in range(count):
            chunk = items[n * LEDGER_PAGE_SIZE:(n + 1) * LEDGER_PAGE_SIZE]
            path = "register/index.md" if n == 0 else f"register/{n + 1}/index.md"
            prefix = "../" if n == 0 else "../../"
            nav = page_links(f"{prefix}register/", count, n)
            data = (f' data-rows="{prefix}register/rows.json" data-prefix="{prefix}"'
                    f' data-labels="{esc(self.script_labels())}"')
            body = self.table(self.item_head(True), self.item_rows(chunk, prefix, n * LEDGER_PAGE_SIZE + 1),
                              "fbr-table fbr-ledger", self.row_attrs(chunk), data, keep_empty=True)
            nav = f'<nav class="fbr-pages" aria-label="{esc(self.t("ledger"))}">{nav}</nav>\n\n' if count > 1 else ""
            pages[path] = (f"# {esc(self.t('ledger'))}\n\n{self.as_of_line()}\n\n{self.filter_form}\n\n"
                           f'{nav}<div class="fbr-ledger-wrap">{body}</div>\n')
        return pages

    def script_labels(self) -> str:
        keys = ("matching", "loading", "sort_by")
        return json.dumps({k: self.t(k) for k in keys}, ensure_ascii=False)

    @functools.cached_property
    def overdue_pages(self) -> list[list]:
        """The breached deadlines as the overdue list shows them (by department as departments.yaml
        lists them, then oldest due first), cut into pages of OVERDUE_PAGE_SIZE."""
        order = {d: n for n, d in enumerate(self.s.departments)}
        rows = sorted(self.view.breach_rows(), key=lambda b: order.get(b.department, len(order)))
        return [rows[k:k + OVERDUE_PAGE_SIZE] for k in range(0, len(rows), OVERDUE_PAGE_SIZE)] or [[]]

    def overdue_page_of(self, dept_id: str) -> int | None:
        """The page (0-based) of the overdue list where ``dept_id``'s rows begin, None without any."""
        return next((n for n, rows in enumerate(self.overdue_pages) if any(b.department == dept_id for b in rows)),
                    None)

    def overdue(self) -> dict[str, str]:
        chunks = self.overdue_pages
        count, pages = len(chunks), {}
        for n, rows in enumerate(chunks):
            path = "overdue/index.md" if n == 0 else f"overdue/{n + 1}/index.md"
            prefix = "../" if n == 0 else "../../"
            paging = (f' data-start="{n * OVERDUE_PAGE_SIZE}" data-size="{OVERDUE_PAGE_SIZE}"'
                      f'{" data-last" if n == count - 1 else ""}' if count > 1 else "")
            out = [f"# {esc(self.t('overdue'))}", "", self.as_of_line(),
                   '<p class="fbr-recheck" hidden aria-live="polite"></p>', ""]
            if count > 1:
                out += [f'<nav class="fbr-pages" aria-label="{esc(self.t("overdue"))}">'
                        f'{page_links(f"{prefix}overdue/", count, n)}</nav>', ""]
            deadlines = "deadlines.json" if n == 0 else "../deadlines.json"    # overdue/deadlines.json
            out.append(f'<div class="fbr-overdue-list" data-deadlines="{deadlines}" data-prefix="{prefix}"{paging}>')
            if not rows:
                out.append(f"<p>{esc(self.t('no_overdue'))}</p>")
            for dept_id in dict.fromkeys(b.department for b in rows):
                out += [f'<h2 id="{esc(dept_anchor(dept_id))}">{esc(self.dept(dept_id))}</h2>',
                        self.breach_table([b for b in rows if b.department == dept_id], prefix)]
            out.append("</div>")
            pages[path] = "\n".join(out) + "\n"
        return pages

    def departments(self) -> dict[str, str]:
        t = self.t
        rows = []
        pages = {}
        for dept_id, dept in self.s.departments.items():
            f = self.figures(dept_id)
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
        links = (f'<p class="fbr-links"><a href="{p}register/?department={esc(dept_id)}">{esc(t("ledger"))}</a> · '
                 f'<a href="feed.xml" type="application/atom+xml">{esc(t("feed"))}</a></p>')
        ledger = f"{p}register/?department={quote(dept_id, safe='')}"
        breached = self.view.breach_rows(dept_id)
        first = self.overdue_page_of(dept_id)
        overdue_list = (f"{p}overdue/{'' if not first else f'{first + 1}/'}#{quote(dept_anchor(dept_id), safe='')}"
                        if first is not None else f"{p}overdue/")
        return "\n".join([
            f"<h1>{esc(self.dept(dept_id))}</h1>", "", self.as_of_line(), "", figures, links, "",
            f"## {esc(t('open_items'))}", "", self.table(self.item_head(), self.item_rows(open_items[:DEPARTMENT_ROWS], p)),
            self.more(len(open_items), ledger, "all_in_ledger"), "",
            f"## {esc(t('overdue'))}", "", self.breach_table(breached[:DEPARTMENT_ROWS], p),
            self.more(len(breached), overdue_list, "all_overdue"), "",
            f"## {esc(t('assisting'))}", "", self.table(self.item_head(), self.item_rows(assisting[:DEPARTMENT_ROWS], p)),
            self.more(len(assisting), f"{p}register/", "ledger"), "",
            f"## {esc(t('recently_closed'))}", "", self.table(self.item_head(), self.item_rows(closed, p)), ""])

    def more(self, total: int, href: str, label: str) -> str:
        """Under a list cut at DEPARTMENT_ROWS: how many it shows of how many, and where the rest are."""
        if total <= DEPARTMENT_ROWS:
            return ""
        return (f'<p class="fbr-more">{esc(self.t("shown_of", n=DEPARTMENT_ROWS, total=total))} · '
                f'<a href="{esc(href)}">{esc(self.t(label))}</a></p>\n')


def page_links(base: str, count: int, n: int) -> str:
    """``1 · 2 · 3`` for page ``n`` (0-based) of ``count``: page 1 at ``base``, page k at ``base + "k/"``."""
    return " · ".join(
        (f'<strong aria-current="page">{k + 1}</strong>' if k == n else
         f'<a href="{base}{"" if k == 0 else f"{k + 1}/"}">{k + 1}</a>') for k in range(count))


def dept_anchor(dept_id: str | None) -> str:
    return f"dept-{dept_id or 'none'}"


_HEADING = re.compile(r"(#{1,6}) (.*)")


def raw_html(markdown: str) -> str | None:
    """The HTML of a generated page made only of ``#`` heading lines and HTML blocks (most are), so the
    engine need not parse it as Markdown (its HTML-block parser costs ~0.3 s for a 500-row ledger page);
    None when the page has other Markdown."""
    out = []
    for line in markdown.split("\n"):
        if not line or line[0] in "< ":
            out.append(line)
            continue
        heading = _HEADING.fullmatch(line)
        if heading is None:
            return None
        level = len(heading.group(1))
        out.append(f"<h{level}>{heading.group(2).strip()}</h{level}>")
    return "\n".join(out)


def item_title(v: ItemView) -> str:
    return page_title(f"{v.id} {v.data.get('title', '')}")


def site_pages(view: RegisterView, p: Pages | None = None,
               items: bool = True) -> tuple[dict[str, str], dict[str, str]]:
    """Every generated page ``{path relative to docs: markdown}``, and the item pages' titles
    ``{path: safe title}`` (the other pages' titles are labels, not data). ``p``: the
    :class:`Pages` helper when the caller has one (the data files are made from the same).
    ``items=False``: without the item pages (the plugin renders those on a lean path:
    :mod:`generator.itempages`, with :func:`item_title`)."""
    from .fieldref import field_reference
    from .submitpage import submit_page

    p = p or Pages(view)
    form = ItemForm(p)
    pages = {"index.md": p.dashboard(), "submit/index.md": submit_page(p), "fields/index.md": field_reference(p)}
    pages.update(p.overdue())
    pages.update(p.ledger())
    pages.update(p.departments())
    titles = {}
    for v in view.items if items else ():
        path = f"items/{v.id}/index.md"
        pages[path] = form.render(v)
        titles[path] = item_title(v)
    for path in pages:
        first = pages[path].split("\n", 1)[0]
        titles.setdefault(path, page_title(html.unescape(first.removeprefix("<h1>").removesuffix("</h1>").lstrip("# "))))
    return pages, titles
