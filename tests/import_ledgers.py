"""Realistic ledgers for the import tests, built with openpyxl (and the csv module) in the tests."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

D = dt.datetime
HEAD = ["序号", "日期", "反馈人/来源", "联系电话", "反馈内容", "问题类别", "责任部门", "处理情况", None, None, "回访情况", "备注"]
SUB = [None] * 7 + ["处理措施", "处理结果", "完成时间"] + [None, None]

# sheet → rows (None: a blank row; a string: a subtotal row's first cell)
MARCH = [
    [1, D(2025, 3, 3), "1206房 王先生", "13800138000", "客人反映房间空调制冷效果差,夜间室温28度。", "投诉", "工程部",
     "更换空调滤网并补充冷媒", "已修复", D(2025, 3, 4), "满意", ""],
    [2, "2025/3/5 14:30", "前台转 李女士", "", "早餐厅咖啡机故障,客人排队等候超过15分钟。", "投诉", "餐饮部",
     "临时启用备用咖啡机", "已修复", "2025/3/5", "基本满意", "厂家保修"],
    None,
    [3, "3月12日", "OTA点评", "", "建议在大堂增加手机充电设施。", "建议", "前厅部", "", "", None, "", "已列入采购计划"],
    [4, 45735, "1508房 赵先生", "", "浴室地漏堵塞,洗澡时积水。", "投诉", "工程部", "疏通地漏", "已处理", 45736, "", ""],
    "本月合计",
]
APRIL = [
    [1, "2025年4月2日 下午3点", "2109房 周女士", "", "客房清洁不及时,下午3点仍未打扫。", "投诉", "客房部",
     "调整楼层清扫顺序", "已改进", D(2025, 4, 4), "电话回访,客人表示满意", ""],
    [2, "2025-04-15 20:10", "来电", "", "停车场夜间照明不足。", "安全隐患", "保安部", "", "", None, "", ""],
    None,
    "小计",
]


def write_ledger(path: Path, sheets: dict[str, list] | None = None) -> Path:
    """A workbook as offices keep it: a merged title row, a unit line, a two-row header with
    处理情况 merged over three columns, one sheet per month, blank and subtotal rows."""
    sheets = sheets if sheets is not None else {"3月": MARCH, "4月": APRIL}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        ws.append(["前卫大酒店2025年客户投诉台账"])
        ws.merge_cells("A1:L1")
        ws.append(["填报单位:质检办"])
        ws.append(HEAD)
        ws.append(SUB)
        ws.merge_cells("H3:J3")
        for col in "ABCDEFGKL":
            ws.merge_cells(f"{col}3:{col}4")
        for row in rows:
            if row is None:
                ws.append([])
            elif isinstance(row, str):
                ws.append([row, None, None, None, "共 N 件"])
            else:
                ws.append(row)
        for cells in ws.iter_rows(min_row=5):
            for cell in cells:
                if isinstance(cell.value, D):
                    cell.number_format = "yyyy-mm-dd hh:mm" if cell.value.time() != dt.time(0) else "yyyy/m/d"
    book.save(path)
    return path


MAPPING = """\
columns:
  序号: ignore
  日期: received
  反馈人/来源: reporter
  联系电话: phone
  反馈内容: description
  问题类别: category
  责任部门: department
  处理措施: action
  处理结果: result
  完成时间: closed_at
  回访情况: verification
  备注: note
defaults:
  channel: phone
  severity: minor
  reporter_type: guest
"""
