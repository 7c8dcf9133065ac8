"""Write the example ledger of the import docs: docs/examples/2025客户投诉台账.xlsx.

A ledger as a hotel's quality office keeps it before adopting the register: a title row merged
across the table, a line naming the office, a two-row header (处理情况 merged over 处理措施, 处理结果
and 完成时间), one sheet per month, dates written in several ways (date cells, Excel serial numbers,
2025/7/3, 7月12日, 2025年8月2日 下午3点), blank rows and a 本月合计 row. Its mapping is
docs/examples/2025客户投诉台账.mapping.yaml (written by hand; `fbreg import … --guess-mapping` starts it).

The file is made, never edited by hand: ``python scripts/make_example_ledger.py [OUT.xlsx]``. The
same script always writes the same bytes (fixed document times, fixed times inside the archive), and
tests/test_import_docs.py checks that the committed workbook is what it writes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "examples" / "2025客户投诉台账.xlsx"
HEAD = ["序号", "日期", "反馈人/来源", "联系电话", "反馈内容", "问题类别", "责任部门", "处理情况", None, None,
        "回访情况", "备注"]
SUB = [None, None, None, None, None, None, None, "处理措施", "处理结果", "完成时间", None, None]
D = dt.datetime
# (日期, 反馈人/来源, 电话, 反馈内容, 类别, 部门, 措施, 结果, 完成时间, 回访, 备注)
MONTHS = {
    "7月": [
        (D(2025, 7, 3), "1206房 王先生", "13800138000", "客人反映房间空调制冷效果差,夜间室温28度。", "投诉", "工程部",
         "更换空调滤网并补充冷媒", "已修复,室温降至24度", D(2025, 7, 3), "满意", ""),
        ("2025/7/8", "前台转 李女士", "", "早餐厅咖啡机故障,客人排队等候超过15分钟。", "投诉", "餐饮",
         "临时启用备用咖啡机;联系厂家维修", "已修复", "2025/7/9", "基本满意", "厂家保修期内"),
        (None, None, None, None, None, None, None, None, None, None, None),
        ("7月12日", "OTA点评", "", "建议在大堂增加手机充电设施。", "建议", "前台",
         "", "", None, "", "已列入四季度采购计划"),
        (45854, "1508房 赵先生", "", "浴室地漏堵塞,洗澡时积水。", "投诉", "工程部",
         "疏通地漏,检查同楼层排水", "已处理", 45855, "", ""),
        ("2025年7月28日 下午3点半", "会议客户 孙经理", "", "表扬宴会厅服务员小刘服务周到。", "表扬", "餐饮",
         "", "", None, "", ""),
        ("本月合计", None, None, "5 件", None, None, None, None, None, None, None),
    ],
    "8月": [
        (D(2025, 8, 2, 15, 0), "2109房 周女士", "", "客房清洁不及时,下午3点仍未打扫。", "投诉", "客房部",
         "调整楼层清扫顺序,增派一名服务员", "已改进", D(2025, 8, 4), "电话回访,客人表示满意", ""),
        ("2025-08-15 20:10", "来电", "0755-88886666", "停车场夜间照明不足,客人险些摔倒。", "安全隐患", "保安部",
         "更换停车场损坏灯具,增加巡查", "", None, "", "灯具已下单"),
        ("8月20日", "住客", "", "客人询问发票开具时间。", "咨询", "前台",
         "", "已当场答复", "8月20日", "", ""),
        (None, None, None, None, None, None, None, None, None, None, None),
        ("小计", None, None, "3 件", None, None, None, None, None, None, None),
    ],
}


def build() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in MONTHS.items():
        ws = book.create_sheet(name)
        ws.append(["前卫大酒店2025年客户投诉台账"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(["填报单位:质检办"])
        ws.append(HEAD)
        ws.append(SUB)
        for col in range(1, len(HEAD) + 1):
            if HEAD[col - 1] and not SUB[col - 1]:
                ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        ws.merge_cells("H3:J3")
        number = 0
        for row in rows:
            if row[0] is None or str(row[0]).endswith("计"):
                ws.append([row[0], None, *row[1:]])      # a blank row, or the month's count
                continue
            number += 1
            ws.append([number, *row])
        for cells in ws.iter_rows(min_row=5):
            for cell in cells:
                if isinstance(cell.value, D):
                    cell.number_format = "yyyy-mm-dd hh:mm" if cell.value.time() != dt.time(0) else "yyyy/m/d"
        for letter, width in zip("ABCDEFGHIJKL", (6, 20, 18, 14, 40, 10, 10, 28, 16, 12, 20, 16)):
            ws.column_dimensions[letter].width = width
    stamp = D(2025, 10, 8, 9, 0)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "质检办"
    return book


def deterministic(book: openpyxl.Workbook) -> bytes:
    """The workbook's bytes with every archive member dated 2025-10-08 09:00 (zip stores local times)."""
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 10, 8, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":   # openpyxl stamps the time of saving as "modified"
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-10-08T09:00:00Z", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(deterministic(build()))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
