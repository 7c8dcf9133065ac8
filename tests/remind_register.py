"""The small register the reminder tests run on (see tests/test_remind.py for its deadlines)."""
import shutil
from pathlib import Path

from conftest import FIXTURE_EN

ITEMS = {
    "2026/11/QF-2026-0201.yaml": """\
id: QF-2026-0201
title: Shower in room 12 runs cold
received: 2026-11-16T10:00:00+00:00
channel: phone
category: complaint
severity: major
department: reception
status: in-progress
acknowledged_at: 2026-11-16T10:30:00+00:00
reporter: {type: guest, ref: BK-7781}
description: The guest in room 12 had no hot water.
""",
    "2026/11/QF-2026-0202.yaml": """\
id: QF-2026-0202
title: Loose handrail on the terrace <b>stairs</b>
received: 2026-11-17T09:00:00+00:00
channel: walk-in
category: safety
severity: minor
status: new
description: A loose handrail.
""",
    "2026/11/QF-2026-0203.yaml": """\
id: QF-2026-0203
title: Fridge in the cold kitchen at 9 °C
received: 2026-11-18T09:00:00+00:00
channel: inspection
category: quality
severity: critical
department: kitchen
status: assigned
acknowledged_at: 2026-11-18T09:30:00+00:00
description: The fridge holds 9 °C.
""",
}

DEPARTMENTS = """\
departments:
  - id: reception
    name: {en: Reception}
    head: Front Office Manager
    reviewers: [amy-reed]
    remind:
      department: {email: [reception@example.org], chat: [reception-wecom]}
      department-head: {email: [fom@example.org]}
  - id: kitchen
    name: {en: Kitchen}
    head: Head Chef
    reviewers: [ben-okafor]
    remind:
      department: {email: [kitchen@example.org], chat: [kitchen-dingtalk]}
  - id: maintenance
    name: {en: Maintenance}
    head: Chief Engineer
    reviewers: [carl-jones]
    remind:
      department: {chat: [ops-webhook]}
  - id: quality
    name: {en: Quality}
    head: Quality Manager
    reviewers: [cleo-hart]
    remind:
      department: {email: [quality@example.org], chat: [quality-feishu]}
"""


def reminders_block(robots_url: str, smtp_port: int, security: str = "none", extra: str = "") -> str:
    auth = ("    username: register@example.org\n    password_env: TEST_SMTP_PASSWORD\n" if security != "none" else "")
    return f"""
reminders:
  site_url: https://register.example.org/
  remind_before: {{critical: 8wh, major: 4wh}}
  working_hours_only: true
  levels: {{department-head: [quality]}}
  unassigned: [quality]
  email:
    host: 127.0.0.1
    port: {smtp_port}
    security: {security}
{auth}    from: Harbour View register <register@example.org>
  channels:
    reception-wecom: {{type: wecom, url: {robots_url}/wecom/send, key_env: TEST_WECOM_KEY}}
    kitchen-dingtalk: {{type: dingtalk, url: {robots_url}/dingtalk/send, token_env: TEST_DINGTALK_TOKEN, secret_env: TEST_DINGTALK_SECRET}}
    quality-feishu: {{type: feishu, url: {robots_url}/feishu/hook/, hook_env: TEST_FEISHU_HOOK, secret_env: TEST_FEISHU_SECRET}}
    ops-webhook: {{type: webhook, url: {robots_url}/webhook, token_env: TEST_WEBHOOK_TOKEN, secret_env: TEST_WEBHOOK_SECRET}}
  retry: {{attempts: 3, backoff_seconds: 0.01}}
  timeout_seconds: 0.5
{extra}"""


def make_register(tmp_path: Path, robots_url: str, smtp_port: int, security: str = "none", extra: str = "") -> Path:
    folder = tmp_path / "register"
    shutil.copytree(FIXTURE_EN, folder, ignore=shutil.ignore_patterns("items"))
    (folder / "register.yaml").write_text((folder / "register.yaml").read_text()
                                          + reminders_block(robots_url, smtp_port, security, extra))
    (folder / "departments.yaml").write_text(DEPARTMENTS)
    for rel, text in ITEMS.items():
        path = folder / "items" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


