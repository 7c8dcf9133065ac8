"""Inline SVG charts: the drawing matches the numbers, the table repeats them, caller text is inert."""
import re
import xml.etree.ElementTree as ET

import pytest

from generator.charts import PALETTE, hbars, stacked_columns

S = "{http://www.w3.org/2000/svg}"
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
SERIES = [("投诉", [3, 1, 0, 5, 2, 7, 1, 0, 4, 2, 3, 9]),
          ("建议", [1, 2, 3, 0, 1, 1, 1, 2, 0, 0, 5, 1]),
          ("质量问题", [0] * 11 + [2])]
HOSTILE = '<script>alert("x")</script>'
RATE = {"maximum": 1.0, "unit_format": lambda v: f"{100 * v:.0f}%"}


def parse(fragment: str) -> ET.Element:
    """The fragment is well-formed XML; returns the <figure>."""
    root = ET.fromstring(f"<root>{fragment}</root>")
    assert len(root) == 1 and root[0].tag == "figure"
    return root[0]


def svg_of(fig):
    return fig.find(f"{S}svg")


def classes(el):
    return (el.get("class") or "").split()


def by_class(el, cls):
    return [e for e in el.iter() if cls in classes(e)]


def text(el):
    return "".join(el.itertext())


def table_rows(fig):
    table = fig.find("table")
    assert "fbr-chart-data" in classes(table)
    return [[text(c) for c in tr] for tr in table.iter("tr")]


def test_structure_is_accessible():
    fig = parse(stacked_columns("monthly-intake", "每月受理", MONTHS, SERIES, value_label="件数"))
    assert fig.get("id") == "monthly-intake" and "fbr-chart" in classes(fig)
    assert text(fig.find("figcaption")) == "每月受理"
    svg = svg_of(fig)
    assert svg.get("role") == "img" and svg.get("width") == "100%" and svg.get("viewBox").startswith("0 0 700 ")
    assert svg.get("aria-hidden") is None
    title = svg.find(f"{S}title")
    assert svg.get("aria-labelledby") == title.get("id") == "monthly-intake-title" and title.text == "每月受理"
    desc = svg.find(f"{S}desc")
    assert svg.get("aria-describedby") == desc.get("id") and "投诉 37" in desc.text and "2026-01" in desc.text
    assert fig.find("table/caption").text == "每月受理"
    assert [th.get("scope") for th in fig.find("table/thead/tr").iter("th")] == ["col"] * 3
    assert all(tr.find("th").get("scope") == "row" for tr in fig.find("table/tbody"))
    assert "件数" in [text(t) for t in svg.iter(f"{S}text")]


def test_column_heights_are_proportional_and_stacked_in_series_order():
    fig = parse(stacked_columns("c", "t", MONTHS, SERIES))
    columns = by_class(svg_of(fig), "fbr-column")
    assert len(columns) == 12
    baseline = float(next(e for e in by_class(svg_of(fig), "fbr-axis") if e.tag == f"{S}line").get("y1"))
    per_unit = []
    for i, col in enumerate(columns):
        rects = col.findall(f"{S}rect")
        drawn = [(s, values[i]) for s, (_, values) in enumerate(SERIES) if values[i]]
        assert [classes(r)[1] for r in rects] == [f"fbr-series-{s}" for s, _ in drawn]   # bottom to top
        assert [r.get("fill") for r in rects] == [PALETTE[s] for s, _ in drawn]
        bottom = baseline
        for rect, (_, value) in zip(rects, drawn):
            y, h = float(rect.get("y")), float(rect.get("height"))
            assert y + h == pytest.approx(bottom, abs=0.05)                 # sits on the one below
            per_unit.append(h / value)
            bottom = y
        total = sum(v for _, v in drawn)
        assert [text(t) for t in by_class(col, "fbr-total")] == [str(total)]
        assert baseline - bottom == pytest.approx(total * per_unit[0], abs=0.3)
    assert max(per_unit) - min(per_unit) < 0.2                               # same scale everywhere
    assert per_unit[0] > 10                                                  # bars are not tiny


def test_legend_lists_every_series_with_its_colour():
    fig = parse(stacked_columns("c", "t", MONTHS, SERIES))
    items = by_class(svg_of(fig), "fbr-legend-item")
    assert [text(i) for i in items] == ["投诉", "建议", "质量问题"]
    assert [i.find(f"{S}rect").get("fill") for i in items] == list(PALETTE[:3])
    assert [classes(i.find(f"{S}rect")) for i in items] == [[f"fbr-series-{s}"] for s in range(3)]


def test_table_repeats_the_numbers():
    fig = parse(stacked_columns("c", "t", MONTHS, SERIES, x_header="月份", total_label="合计", data_caption="数据"))
    rows = table_rows(fig)
    assert fig.find("table/caption").text == "数据"
    assert rows[0] == ["月份", "投诉", "建议", "质量问题", "合计"]
    for i, row in enumerate(rows[1:]):
        values = [v[i] for _, v in SERIES]
        assert row == [MONTHS[i]] + [str(v) for v in values] + [str(sum(values))]


def test_hbars_widths_are_proportional_and_values_labelled():
    rows = [("工程部", 0.8, "n=10"), ("前厅部", 0.4, "n=5"), ("餐饮部", 1.5, "n=2")]
    fig = parse(hbars("on-time", "按时率", rows, headers=("部门", "按时率"), **RATE))
    bars = by_class(svg_of(fig), "fbr-bar")
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)
    assert widths[2] == pytest.approx(widths[0] / 0.8, abs=0.1)              # clamped at the maximum
    assert [text(v) for v in by_class(svg_of(fig), "fbr-value")] == ["80%n=10", "40%n=5", "150%n=2"]
    ticks = [text(t) for t in by_class(svg_of(fig), "fbr-axis") if t.tag == f"{S}text"]
    assert ticks[0] == "0%" and ticks[-1] == "100%"
    assert table_rows(fig) == [["部门", "按时率", ""], ["工程部", "80%", "n=10"], ["前厅部", "40%", "n=5"],
                               ["餐饮部", "150%", "n=2"]]


def test_hbars_without_maximum_scale_to_a_round_number_above_the_data():
    fig = parse(hbars("hours", "中位响应时间", [("工程部", 37.5, ""), ("餐饮部", 2, "")]))
    widths = [float(b.get("width")) for b in by_class(svg_of(fig), "fbr-bar")]
    assert widths[0] / widths[1] == pytest.approx(37.5 / 2, rel=0.01)
    ticks = [text(t) for t in by_class(svg_of(fig), "fbr-axis") if t.tag == f"{S}text"]
    assert ticks == ["0", "10", "20", "30", "40"]
    assert table_rows(fig)[1:] == [["工程部", "38"], ["餐饮部", "2"]]       # no note column when no notes
    assert table_rows(fig)[0] == ["", "中位响应时间"]                         # value header falls back to title


def test_none_is_a_dash_without_a_bar():
    fig = parse(hbars("r", "t", [("工程部", 0.5, "n=2"), ("前厅部", None, "")], **RATE))
    assert len(by_class(svg_of(fig), "fbr-bar")) == 1
    assert [text(t) for t in by_class(svg_of(fig), "fbr-missing")] == ["\u2014"]
    assert table_rows(fig)[2] == ["前厅部", "\u2014", ""]


@pytest.mark.parametrize("make", [
    lambda: stacked_columns("c", HOSTILE, [HOSTILE], [(HOSTILE, [1])], value_label=HOSTILE, x_header=HOSTILE),
    lambda: hbars("c", HOSTILE, [(HOSTILE, 1.0, HOSTILE)], headers=(HOSTILE, HOSTILE)),
])
def test_caller_text_is_escaped_everywhere(make):
    out = make()
    assert "<script" not in out and 'alert("x")' not in out
    fig = parse(out)
    svg_texts = [text(t) for t in svg_of(fig).iter(f"{S}text")]
    assert HOSTILE in svg_texts or any(HOSTILE in t for t in svg_texts)
    assert svg_of(fig).find(f"{S}title").text == HOSTILE and text(fig.find("figcaption")) == HOSTILE
    assert fig.find("table/caption").text == HOSTILE
    assert HOSTILE in [text(th) for th in fig.iter("th")]


@pytest.mark.parametrize("make", [
    lambda **kw: stacked_columns("e", "t", [], [], **kw),
    lambda **kw: stacked_columns("e", "t", MONTHS, [("a", [0] * 12), ("b", [0] * 12)], **kw),
    lambda **kw: stacked_columns("e", "t", MONTHS, [], **kw),
    lambda **kw: hbars("e", "t", [], **kw),
])
def test_empty_data_says_so(make):
    fig = parse(make(no_data="暂无数据"))
    assert [text(t) for t in by_class(svg_of(fig), "fbr-empty")] == ["暂无数据"]
    assert not by_class(svg_of(fig), "fbr-bar")
    assert fig.find("table/caption").text == "t"
    assert "No data" in make()


def test_all_zero_or_missing_bars_do_not_divide_by_zero():
    fig = parse(hbars("z", "t", [("a", 0, ""), ("b", 0.0, "")]))
    assert [float(b.get("width")) for b in by_class(svg_of(fig), "fbr-bar")] == [0, 0]
    fig = parse(hbars("z", "t", [("a", None, ""), ("b", None, "")]))
    assert not by_class(svg_of(fig), "fbr-bar") and len(by_class(svg_of(fig), "fbr-missing")) == 2


def left_edge(label):
    fig = parse(hbars("m", "t", [(label, 1.0, "")], maximum=1.0))
    return float(by_class(svg_of(fig), "fbr-bar")[0].get("x"))


def test_margin_grows_with_label_width_counting_cjk_double():
    assert left_edge("前厅部客房服务中心") > left_edge("工程部") > left_edge("IT")
    assert left_edge("客房服务中心") > left_edge("Rooms!")                 # 6 CJK chars outweigh 6 Latin
    assert left_edge("Housekeeping & Laundry") > left_edge("Front Office")


def test_long_x_labels_are_turned_and_the_chart_grows():
    long = [f"Department number {i}" for i in range(12)]
    short = parse(stacked_columns("c", "t", MONTHS, SERIES))
    turned = parse(stacked_columns("c", "t", long, SERIES))
    assert not [t for t in svg_of(short).iter(f"{S}text") if t.get("transform")]
    assert len([t for t in svg_of(turned).iter(f"{S}text") if "rotate(-45" in (t.get("transform") or "")]) == 12
    height = lambda fig: float(svg_of(fig).get("viewBox").split()[3])  # noqa: E731
    assert height(turned) > height(short)


def test_output_is_deterministic_and_rounded():
    outputs = [stacked_columns("c", "t", MONTHS, SERIES, value_label="件数") + hbars("h", "t", [
        ("工程部", 1 / 3, "n=3"), ("前厅部", 2 / 7, "")], **RATE) for _ in range(2)]
    assert outputs[0] == outputs[1]
    coords = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"%]+)"', outputs[0])
    assert coords and all(re.fullmatch(r"-?\d+(\.\d)?", c) for c in coords)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        stacked_columns("Bad id", "t", ["a"], [("s", [1])])
    with pytest.raises(ValueError):
        hbars("x\"><script>", "t", [("a", 1, "")])
    with pytest.raises(ValueError):
        stacked_columns("c", "t", ["a", "b"], [("s", [1])])
    with pytest.raises(ValueError):
        stacked_columns("c", "t", ["a"], [("s", [-1])])
