"""Finding a ledger's header row and guessing what each column holds.

A ledger sheet starts with a title row or two (“2025年客户投诉台账”, merged across the table), maybe a
line like “单位:客房部”, then the header row, sometimes with a second header row under merged group
cells (“处理情况” over “处理措施 | 处理结果 | 完成时间”). The header row is the row among the first
:data:`SCAN_ROWS` whose cells match the most headings of the built-in dictionary (:data:`HEADINGS`,
at least two); a row right under it is a second header row when its cells are headings too and it holds
no dates or numbers. A column is named by its lowest header cell (“处理措施”), or ``group/name`` when a
name repeats; a column without any heading gets its letter (“H”).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

SCAN_ROWS = 30

# target → headings (compared without spaces, punctuation and case). The targets are those of a
# mapping's ``columns`` (see mapping.py); the first match in this order wins.
HEADINGS: dict[str, tuple[str, ...]] = {
    "ignore": ("序号", "编号", "no", "no.", "#", "sn", "number", "行号", "序"),
    "received_time": ("时间", "接收时间点", "来电时间", "time"),
    "received": ("日期", "反馈日期", "接收日期", "登记日期", "受理日期", "投诉日期", "发生日期", "反馈时间", "接收时间",
                 "登记时间", "受理时间", "投诉时间", "来电日期", "date", "received", "datereceived", "receivedon",
                 "reportdate", "dateofcomplaint"),
    "title": ("标题", "事由", "主题", "问题摘要", "摘要", "事项", "title", "subject", "summary"),
    "description": ("反馈内容", "内容", "投诉内容", "问题描述", "问题", "反馈问题", "情况说明", "意见内容", "建议内容",
                    "事件经过", "具体内容", "反馈意见", "description", "details", "feedback", "complaint", "issue",
                    "content"),
    "channel": ("来源", "渠道", "反馈渠道", "反馈方式", "来源渠道", "投诉渠道", "方式", "channel", "source", "via"),
    "category": ("问题类别", "类别", "类型", "分类", "反馈类型", "问题类型", "性质", "category", "type", "kind"),
    "severity": ("等级", "严重程度", "级别", "程度", "重要程度", "severity", "priority", "level"),
    "department": ("责任部门", "部门", "处理部门", "责任单位", "承办部门", "归口部门", "主办部门", "department",
                   "responsible", "responsibledepartment", "owner", "dept"),
    "assisting": ("协办部门", "配合部门", "assisting", "assistingdepartments"),
    "status": ("状态", "处理状态", "进度", "办理状态", "是否完成", "status", "state", "progress"),
    "location": ("地点", "位置", "区域", "发生地点", "location", "place", "area"),
    "reporter": ("反馈人", "投诉人", "反馈人来源", "反馈人/来源", "客人姓名", "姓名", "宾客姓名", "来访人", "联系人",
                 "reporter", "name", "guest", "guestname", "customer", "complainant", "contactperson"),
    "phone": ("电话", "联系电话", "联系方式", "手机", "手机号", "电话号码", "phone", "tel", "mobile", "contact",
              "telephone", "email", "邮箱"),
    "contact": ("房号姓名", "房号/姓名", "房号及姓名", "客人房号姓名", "roomandname", "roomname", "room/name"),
    "reporter_ref": ("客户编号", "会员号", "crm", "crm号", "订单号", "预订号", "客户号", "reference", "ref",
                     "customerid", "bookingno", "bookingnumber"),
    "reporter_type": ("反馈人类型", "人员类型", "客户类型", "reportertype"),
    "analysis": ("原因分析", "原因", "分析", "问题原因", "cause", "rootcause", "analysis"),
    "action": ("处理措施", "措施", "整改措施", "纠正措施", "处理意见", "处理方法", "处理过程", "处理情况", "整改情况",
               "action", "actions", "measures", "correctiveaction", "actiontaken"),
    "temporary_action": ("临时措施", "应急措施", "temporaryaction", "immediateaction"),
    "preventive_action": ("预防措施", "preventiveaction"),
    "result": ("处理结果", "结果", "办理结果", "处理结论", "result", "outcome", "resolution"),
    "closed_at": ("完成时间", "完成日期", "结案时间", "结案日期", "办结时间", "办结日期", "关闭时间", "处理完成时间",
                  "closed", "closedon", "completed", "completedon", "datecompleted", "dateclosed", "resolvedon"),
    "acknowledged_at": ("签收时间", "签收日期", "接单时间", "acknowledged"),
    "responded_at": ("答复时间", "回复时间", "答复日期", "回复日期", "responded", "repliedon"),
    "reply": ("答复内容", "回复内容", "答复", "回复", "答复意见", "reply", "response"),
    "verification": ("回访情况", "回访", "回访结果", "验证情况", "验证结果", "跟踪验证", "效果验证", "回访意见",
                     "verification", "followup", "follow-up", "verified"),
    "verification_at": ("回访时间", "回访日期", "验证时间", "验证日期", "verifiedon", "followupdate"),
    "verified_by": ("验证部门", "回访部门", "verifiedby"),
    "satisfaction": ("满意度", "满意程度", "客户满意度", "satisfaction", "rating", "score"),
    "tags": ("标签", "关键词", "tags", "keywords"),
    "note": ("备注", "说明", "其他", "附注", "备注说明", "note", "notes", "remarks", "comment", "comments"),
}
# Columns named after people (验证人, 处理人, 经办人, 记录人, 登记人, 填表人): personal, never written.
PEOPLE = ("验证人", "处理人", "经办人", "记录人", "登记人", "填表人", "负责人", "责任人", "回访人", "接待人", "受理人",
          "handledby", "recordedby", "staff", "person", "verifiedbyperson")
SUBTOTAL = re.compile(r"^(?:本月|本页|本年)?(?:合计|小计|总计|共计|累计|total|subtotal|sum|grandtotal)(?![a-z])", re.I)
_NOT_KEY = re.compile(r"[\s\W_]+", re.U)


def key(text: object) -> str:
    """A heading as compared: NFKC, no spaces or punctuation, case-folded."""
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", str(text))).casefold()


_LOOKUP: dict[str, str] = {}
for _target, _words in HEADINGS.items():
    for _word in _words:
        _LOOKUP.setdefault(key(_word), _target)
for _word in PEOPLE:
    _LOOKUP.setdefault(key(_word), "contact")


def guess_target(name: str) -> str | None:
    """The target a heading names, or None when the dictionary does not know it. A heading that
    contains a known one (“客人反馈内容”) counts when nothing matches exactly."""
    k = key(name)
    if not k:
        return None
    if k in _LOOKUP:
        return _LOOKUP[k]
    best = None
    for word, target in _LOOKUP.items():
        if len(word) >= 2 and word in k and (best is None or len(word) > len(best[0])):
            best = (word, target)
    return best[1] if best else None


@dataclass(frozen=True)
class Column:
    index: int          # 0-based
    name: str           # as the mapping names it

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Header:
    row: int                  # the (last) header row's number
    columns: list[Column]
    above: list[str]          # text of the rows above the header (title, unit): a year may be there


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _is_heading_row(cells: list) -> int:
    return sum(1 for c in cells if isinstance(c, str) and guess_target(c) is not None)


def find_header(rows: list[tuple[int, list]], header_row: int | None = None) -> Header | None:
    """The header among ``rows`` (the first rows of a sheet: ``(number, [values])``); ``header_row``
    forces it. None when no row looks like a header."""
    values = [(n, [getattr(v, "value", v) for v in cells]) for n, cells in rows]
    if header_row is not None:
        pick = next((i for i, (n, _) in enumerate(values) if n == header_row), None)
        if pick is None:
            return None
    else:
        scores = [(_is_heading_row(cells), -i) for i, (_, cells) in enumerate(values)]
        best = max(scores, default=(0, 0))
        if best[0] < 2:
            return None
        pick = -best[1]
    number, top = values[pick]
    names = [_text(c) for c in top]
    last = number
    # a second header row under merged group cells
    if pick + 1 < len(values):
        below = values[pick + 1][1]
        texts = [c for c in below if c not in (None, "")]
        if texts and all(isinstance(c, str) for c in texts) and _is_heading_row(below) >= max(1, len(texts) // 2) \
                and len(texts) < max(1, sum(1 for n in names if n)):
            names = [(_text(below[i]) if i < len(below) else "") or (names[i] if i < len(names) else "")
                     for i in range(max(len(names), len(below)))]
            last = values[pick + 1][0]
    columns = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        name = re.sub(r"\s+", " ", name).strip()
        if not name:
            name = get_column_letter(i + 1)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({get_column_letter(i + 1)})"
        columns.append(Column(i, name))
    above = [" ".join(_text(c) for c in cells if _text(c)) for n, cells in values[:pick]]
    return Header(last, columns, [a for a in above if a])


def is_subtotal(cells: list) -> bool:
    """A 合计 / 小计 / Total row (the word in one of the first three filled cells)."""
    filled = [c for c in cells if _text(c)][:3]
    return any(isinstance(c, str) and SUBTOTAL.match(re.sub(r"\s+", "", c)) for c in filled)
