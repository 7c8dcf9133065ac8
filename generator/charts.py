"""Charts as inline SVG, rendered at build time: no JavaScript, works offline and in print.

Each function returns one ``<figure class="fbr-chart" id=chart_id>`` holding a ``<figcaption>`` (the
title), an ``<svg role="img">`` and the same numbers as a ``<table class="fbr-chart-data">``.

Accessibility choice: the svg is *not* ``aria-hidden``. It is one image whose accessible name is its
``<title>`` (``aria-labelledby``) and whose ``<desc>`` (``aria-describedby``) is a short summary; under
``role="img"`` its text elements are presentational, so a screen reader hears the name and the summary
once, and the table that follows gives every number. The page's CSS decides whether the table shows.

Every caller text is escaped (``html.escape(quote=True)``); ids derive from ``chart_id``. Shapes carry
both CSS classes (``fbr-series-N``, ``fbr-bar``, ``fbr-axis``, ``fbr-grid``, ``fbr-label``) and explicit
``fill``/``stroke`` attributes, so the chart looks right without a stylesheet. Coordinates are rounded to
one decimal; the same input gives the same string.
"""
from __future__ import annotations

import html
import math
import re
import unicodedata

# Okabe-Ito, ordered so that the first colours are the most distinct; _INK is the text colour on each.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
_INK = ("#FFFFFF", "#000000", "#000000", "#000000", "#000000", "#000000", "#000000", "#FFFFFF")
TEXT, MUTED, AXIS, GRID = "#222222", "#595959", "#555555", "#DDDDDD"
WIDTH, FONT, SMALL = 700, 13, 12
_ID = re.compile(r"[a-z0-9-]+")


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _n(x: float) -> str:
    s = f"{x:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


def text_units(text: str) -> int:
    """Width of ``text`` in half-em units: East Asian wide/full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text_width(text: str, size: float = FONT) -> float:
    """Estimated rendered width in px (generous: 0.58 em per unit)."""
    return text_units(text) * size * 0.58


def _fit(text: str, units: int) -> str:
    """``text`` cut to at most ``units`` wide, ending in an ellipsis when cut (the table keeps it whole)."""
    if text_units(text) <= units:
        return text
    out, used = "", 1
    for c in text:
        used += text_units(c)
        if used > units:
            break
        out += c
    return out + "\u2026"


def _text(x, y, content, *, size=FONT, anchor="start", fill=TEXT, cls="fbr-label", extra="") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" class="{cls}" fill="{fill}" font-size="{size}" '
            f'text-anchor="{anchor}"{extra}>{content}</text>')


def _rect(x, y, w, h, series, cls="fbr-bar") -> str:
    classes = f"{cls} fbr-series-{series % 8}".strip()
    return (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" class="{classes}" '
            f'fill="{PALETTE[series % 8]}"/>')


def _line(x1, y1, x2, y2, cls, stroke) -> str:
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" class="{cls}" '
            f'stroke="{stroke}" stroke-width="1"/>')


def _ticks(top: float, *, integer: bool = False, count: int = 4) -> tuple[float, list[float]]:
    """A round axis maximum >= ``top`` and the tick values from 0 to it (never a zero range)."""
    if top <= 0:
        return 1.0, [0.0, 1.0]
    raw = max(top / count, 1.0) if integer else top / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s for s in (m * mag for m in (1, 2, 2.5, 5, 10)) if s >= raw and (not integer or s == int(s)))
    n = math.ceil(top / step - 1e-9)
    return n * step, [round(i * step, 10) for i in range(n + 1)]


def _figure(chart_id, title, height, body, desc, table) -> str:
    if not _ID.fullmatch(chart_id):
        raise ValueError(f"chart id must match [a-z0-9-]+: {chart_id!r}")
    return "\n".join([
        f'<figure class="fbr-chart" id="{chart_id}">',
        f"<figcaption>{_esc(title)}</figcaption>",
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fbr-svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="inherit">',
        f'<title id="{chart_id}-title">{_esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{_esc(desc)}</desc>',
        *body, "</svg>", table, "</figure>"])


def _empty(message: str) -> tuple[float, list[str]]:
    return 120, [_text(WIDTH / 2, 65, _esc(message), anchor="middle", fill=MUTED, cls="fbr-label fbr-empty")]


def _table(caption: str, corner: str, headers: list[str], rows: list[tuple[str, list[str]]], no_data: str) -> str:
    """The numbers as a table; with no rows, one cell saying ``no_data`` (no headers without data)."""
    out = [f'<table class="fbr-chart-data"><caption>{_esc(caption)}</caption>']
    if not rows:
        return "\n".join(out + [f"<tbody><tr><td>{_esc(no_data)}</td></tr></tbody></table>"])
    head = [f'<th scope="col">{_esc(h)}</th>' if h else "<td></td>" for h in [corner] + headers]
    out += ["<thead><tr>" + "".join(head) + "</tr></thead>", "<tbody>"]
    out += [f'<tr><th scope="row">{_esc(label)}</th>' + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>"
            for label, cells in rows]
    return "\n".join(out + ["</tbody></table>"])


def _legend(names: list[str], y: float) -> tuple[float, list[str]]:
    """Swatch + name per series, wrapping onto new lines; returns the height used and the elements."""
    out, x = [], 0.0
    for i, name in enumerate(names):
        label = _fit(name, 30)
        w = 18 + text_width(label) + 18
        if x and x + w > WIDTH:
            x, y = 0.0, y + 20
        out.append(f'<g class="fbr-legend-item">{_rect(x, y, 12, 12, i, "")}{_text(x + 18, y + 10.5, _esc(label))}</g>')
        x += w
    return (y + 20 if names else y), out


def stacked_columns(chart_id: str, title: str, x_labels: list[str], series: list[tuple[str, list[int]]],
                    *, value_label: str = "", data_caption: str = "", x_header: str = "",
                    total_label: str = "", no_data: str = "No data", desc: str | None = None) -> str:
    """One column per x label, the series stacked in order (the first at the bottom), the total on top.

    ``value_label`` names the value axis (shown above it); ``x_header`` heads the table's label column and
    ``total_label``, when given, adds a total column to the table. With no x labels, no series or only
    zeros the svg shows ``no_data``. More than 8 series reuse the colours (keep to 8).
    """
    n = len(x_labels)
    for name, values in series:
        if len(values) != n or any(v < 0 for v in values):
            raise ValueError(f"series {name!r} needs {n} non-negative values")
    totals = [sum(values[i] for _, values in series) for i in range(n)]
    names = [name for name, _ in series]
    rows = [(x, [str(v[i]) for _, v in series] + ([str(totals[i])] if total_label else []))
            for i, x in enumerate(x_labels)]
    table = _table(data_caption or title, x_header, names + ([total_label] if total_label else []), rows,
                   no_data)
    if desc is None:
        span = f"{x_labels[0]}\u2013{x_labels[-1]}: " if n else ""
        desc = span + (", ".join(f"{name} {sum(v)}" for name, v in series) if sum(totals) else no_data)
    if not sum(totals):
        height, body = _empty(no_data)
        return _figure(chart_id, title, height, body, desc, table)

    top, body = _legend(names, 4)
    if value_label:
        body.append(_text(0, top + 12, _esc(_fit(value_label, 40)), size=SMALL, fill=MUTED, cls="fbr-label fbr-axis"))
        top += 20
    top += 18                                   # room for the totals above the tallest column
    axis_max, ticks = _ticks(max(totals), integer=True)
    tick_text = [f"{t:.0f}" for t in ticks]
    left = max(28, max(text_width(t, SMALL) for t in tick_text) + 12)
    slot = (WIDTH - left - 8) / n
    bar = slot * 0.62
    shown = [_fit(x, 24) for x in x_labels]
    label_w = max(text_width(x, SMALL) for x in shown)
    rotate = label_w > slot - 4
    if rotate:                                  # the first turned label reaches left of its column
        left = max(left, label_w * 0.72 - slot / 2 + 2)
        slot = (WIDTH - left - 8) / n
        bar = slot * 0.62
    plot_h = 240
    base = top + plot_h
    height = base + (label_w * 0.72 + 24 if rotate else 28)

    def y(v):
        return base - v / axis_max * plot_h

    for t, label in zip(ticks, tick_text):
        body.append(_line(left, y(t), WIDTH - 8, y(t), "fbr-grid", GRID))
        body.append(_text(left - 6, y(t) + 4, label, size=SMALL, anchor="end", fill=MUTED, cls="fbr-axis"))
    body.append(_line(left, base, WIDTH - 8, base, "fbr-axis", AXIS))
    for i, x_label in enumerate(shown):
        cx = left + slot * (i + 0.5)
        x0 = cx - bar / 2
        body.append('<g class="fbr-column">')
        cum = 0
        for s, (_, values) in enumerate(series):
            v = values[i]
            if v <= 0:
                continue
            y_top, y_bottom = round(y(cum + v), 1), round(y(cum), 1)
            cum += v
            body.append(_rect(x0, y_top, bar, y_bottom - y_top, s))
            if y_bottom - y_top >= SMALL + 3 and text_width(str(v), SMALL) <= bar - 2:
                body.append(_text(cx, (y_top + y_bottom) / 2 + 4, v, size=SMALL, anchor="middle",
                                  fill=_INK[s % 8], cls="fbr-label fbr-value"))
        if totals[i]:
            body.append(_text(cx, y(totals[i]) - 5, totals[i], size=SMALL, anchor="middle", cls="fbr-label fbr-total"))
        body.append("</g>")
        turn = f' transform="rotate(-45 {_n(cx + 4)} {_n(base + 14)})"' if rotate else ""
        body.append(_text(cx + 4 if rotate else cx, base + (14 if rotate else 18), _esc(x_label), size=SMALL,
                          anchor="end" if rotate else "middle", cls="fbr-label fbr-axis", extra=turn))
    return _figure(chart_id, title, height, body, desc, table)


def hbars(chart_id: str, title: str, rows: list[tuple[str, float | None, str]], *, maximum: float | None = None,
          unit_format=lambda v: f"{v:.0f}", data_caption: str = "", headers: tuple[str, ...] = ("", ""),
          no_data: str = "No data", desc: str | None = None) -> str:
    """One horizontal bar per row ``(label, value or None, note)``, the value and note after the bar.

    The scale runs from 0 to ``maximum`` (or a round number above the largest value); values are clamped to
    it for drawing but printed as given. ``None`` is drawn as "—" without a bar. ``headers`` are the
    label and value column headings (shown above the chart and in the table; an empty value heading falls
    back to the title); a third entry heads the note column. No rows: the svg shows ``no_data``.
    """
    def fmt(v):
        return "\u2014" if v is None else str(unit_format(v))
    heads = list(headers) + ["", "", ""]
    has_notes = any(note for _, _, note in rows)
    cells = [(label, [fmt(v)] + ([note] if has_notes else [])) for label, v, note in rows]
    table = _table(data_caption or title, heads[0], [heads[1] or title] + ([heads[2]] if has_notes else []),
                   cells, no_data)
    if desc is None:
        desc = "; ".join(f"{label} {fmt(v)}" + (f" ({note})" if note else "") for label, v, note in rows) or no_data
    if not rows:
        height, body = _empty(no_data)
        return _figure(chart_id, title, height, body, desc, table)

    numbers = [max(0.0, v) for _, v, _ in rows if v is not None]
    if maximum is not None and maximum > 0:
        axis_max = float(maximum)
        ticks = [t for t in _ticks(axis_max)[1] if t <= axis_max + 1e-9]
    else:
        axis_max, ticks = _ticks(max(numbers, default=0.0))
    labels = [_fit(label, 36) for label, _, _ in rows]
    notes = [_fit(note, 24) for _, _, note in rows]
    left = max(40, max(text_width(label) for label in labels) + 16)
    right = max(text_width(fmt(v)) + (text_width(note, SMALL) + 6 if note else 0)
                for (_, v, _), note in zip(rows, notes)) + 28   # the width estimate is rough: keep room
    plot_w = max(120, WIDTH - left - right)
    row_h, bar_h = 26, 16
    body = []
    top = 6
    for head, hx, anchor in ((heads[0], left - 8, "end"), (heads[1], left, "start")):
        if head:
            body.append(_text(hx, 16, _esc(_fit(head, 36)), anchor=anchor, cls="fbr-label fbr-header",
                              extra=' font-weight="600"'))
            top = 28
    base = top + row_h * len(rows)
    height = base + 26

    def x(v):
        return left + min(max(v, 0.0), axis_max) / axis_max * plot_w

    previous = None
    for t in ticks:
        body.append(_line(x(t), top, x(t), base, "fbr-grid", GRID))
        label = str(unit_format(t))
        if label != previous:                   # a coarse unit_format may print two ticks alike
            body.append(_text(x(t), base + 16, _esc(label), size=SMALL, anchor="middle", fill=MUTED, cls="fbr-axis"))
        previous = label
    body.append(_line(left, top, left, base, "fbr-axis", AXIS))
    for i, ((_, v, _), label, note) in enumerate(zip(rows, labels, notes)):
        cy = top + row_h * (i + 0.5)
        body.append('<g class="fbr-row">')
        body.append(_text(left - 8, cy + 4.5, _esc(label), anchor="end"))
        end = left
        if v is not None:
            end = x(v)
            body.append(_rect(left, cy - bar_h / 2, end - left, bar_h, 0))
        value = _esc(fmt(v))
        if note:
            value += f'<tspan class="fbr-note" fill="{MUTED}" font-size="{SMALL}" dx="6">{_esc(note)}</tspan>'
        body.append(_text(end + 6, cy + 4.5, value, cls="fbr-label fbr-value" if v is not None
                          else "fbr-label fbr-missing"))
        body.append("</g>")
    return _figure(chart_id, title, height, body, desc, table)
