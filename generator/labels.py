"""UI labels of the site in the register's language (``zh`` or ``en``); ``register.yaml`` ``labels`` override them."""
from __future__ import annotations

LABELS = {
    "zh": {
        "new": "新登记", "assigned": "已分派", "in-progress": "处理中", "on-hold": "暂停(等待反馈人)",
        "verifying": "跟踪验证", "closed": "已结案", "rejected": "不予受理", "duplicate": "重复",
        "complaint": "投诉", "suggestion": "建议", "quality": "质量问题", "safety": "安全隐患", "praise": "表扬",
        "inquiry": "咨询", "internal": "内部工作",
        "phone": "电话", "email": "电子邮件", "comment-card": "意见卡", "walk-in": "来访", "online": "网络",
        "meeting": "会议", "inspection": "检查", "letter": "信函",
        "critical": "重大", "major": "较大", "minor": "一般",
        "acknowledge": "签收", "respond": "答复/措施", "resolve": "结案",
        "department": "责任部门", "department-head": "部门负责人", "general-manager": "总经理",
        "dashboard": "首页", "ledger": "台账", "departments": "部门", "overdue": "逾期",
        "as_of": "数据截至", "open": "未结", "overdue_items": "逾期事项", "closed_this_month": "本月结案",
        "recent": "最近登记", "id": "编号", "received": "接收时间", "channel": "渠道", "category": "类别",
        "title": "标题", "severity": "等级", "status": "状态", "deadline": "期限", "closed_at": "结案时间",
        "milestone": "节点", "due": "期限", "overdue_for": "逾期时长", "escalation": "升级",
        "no_overdue": "没有逾期事项。", "open_items": "未结事项", "assisting": "协办事项",
        "recently_closed": "近期结案", "on_time_rate": "按时结案率", "median_response": "答复时长中位数",
        "none": "无。", "page": "第 {n} 页", "hours": "小时", "description": "反馈内容", "analysis": "原因分析",
        "actions": "措施", "reply": "答复反馈人", "verification": "跟踪验证", "unassigned": "未分派",
        "state_met": "按时", "state_late": "超期完成", "state_open": "进行中", "state_breached": "已逾期",
        "state_paused": "暂停计时", "state_none": "—",
    },
    "en": {
        "new": "New", "assigned": "Assigned", "in-progress": "In progress", "on-hold": "On hold",
        "verifying": "Verifying", "closed": "Closed", "rejected": "Rejected", "duplicate": "Duplicate",
        "complaint": "Complaint", "suggestion": "Suggestion", "quality": "Quality problem", "safety": "Safety hazard",
        "praise": "Praise", "inquiry": "Inquiry", "internal": "Internal",
        "phone": "Phone", "email": "E-mail", "comment-card": "Comment card", "walk-in": "Walk-in", "online": "Online",
        "meeting": "Meeting", "inspection": "Inspection", "letter": "Letter",
        "critical": "Critical", "major": "Major", "minor": "Minor",
        "acknowledge": "Acknowledge", "respond": "Respond", "resolve": "Resolve",
        "department": "Department", "department-head": "Department head", "general-manager": "General manager",
        "dashboard": "Dashboard", "ledger": "Register", "departments": "Departments", "overdue": "Overdue",
        "as_of": "As of", "open": "Open", "overdue_items": "Overdue items", "closed_this_month": "Closed this month",
        "recent": "Recently received", "id": "Number", "received": "Received", "channel": "Channel",
        "category": "Category", "title": "Title", "severity": "Severity", "status": "Status", "deadline": "Deadline",
        "closed_at": "Closed", "milestone": "Milestone", "due": "Due", "overdue_for": "Overdue by",
        "escalation": "Escalation", "no_overdue": "Nothing is overdue.", "open_items": "Open items",
        "assisting": "Assisting on", "recently_closed": "Recently closed", "on_time_rate": "On-time closure",
        "median_response": "Median time to respond", "none": "None.", "page": "page {n}", "hours": "hours",
        "description": "Description", "analysis": "Analysis", "actions": "Actions", "reply": "Reply to the reporter",
        "verification": "Verification", "unassigned": "Unassigned",
        "state_met": "on time", "state_late": "met late", "state_open": "open", "state_breached": "breached",
        "state_paused": "paused", "state_none": "—",
    },
}


class Labels:
    def __init__(self, language: str, overrides: dict | None = None) -> None:
        self.table = dict(LABELS.get(language, LABELS["en"]))
        self.table.update(overrides or {})

    def __call__(self, key: object) -> str:
        key = "" if key is None else str(key)
        return self.table.get(key, key)
