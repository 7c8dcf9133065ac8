"""The sample register's reminders: its settings, its record (replayed), and a plan a quality manager reads."""
import json

from generator.remind import record
from generator.settings import load_settings

from conftest import SAMPLE


def test_the_sample_plan_reads_in_chinese(run):
    code, out, err = run("remind", "--register", SAMPLE, "--dry-run", "--as-of", "2026-11-23T10:30:00+08:00")
    assert code == 0, err
    assert out.startswith("催办计划 — 前卫大酒店信息反馈台账\n截至 2026-11-23 10:30(Asia/Shanghai)\n试运行:不发送任何消息")
    # the third reminder of FB-2026-0049 must reach the general manager's office (第三次时必须通知总经办)
    gm = out.split("发给 总经理办公室 · 电子邮件 gm-office@example.com(共 1 项)")[1].split("\n\n")[0]
    assert "FB-2026-0049 地下二层配电室门禁失效,门可直接推开 | 保安部 | 结案 期限 2026-11-18 10:00" in gm
    assert "已逾期 3 个工作日 0.5 工作小时 | 第3次催办(总经理)" in gm
    assert "https://example.github.io/feedback-register/items/FB-2026-0049/" in gm
    assert "发给 质检办 · 企业微信群机器人 quality-wecom(共 1 项)" in out            # 督办
    assert "FB-2026-0047 员工电梯轿厢应急照明失效 | 工程部 | 结案 期限 2026-11-23 09:30 | 已逾期 1 工作小时 | 第1次催办(责任部门)" in out
    assert "已发送过、不再重复的:34 项。" in out and out.rstrip().endswith("共 8 条消息、8 项。")


def test_the_sample_record_follows_the_escalation():
    sent = record.load(SAMPLE)
    assert len(sent) == 78
    levels = [(s.level, s.count) for s in sent if s.item == "FB-2026-0041" and s.via == "email:quality@example.com"]
    assert levels == [("department-head", 2), ("general-manager", 3)]     # the department alone got the first
    assert {s.via for s in sent if s.item == "FB-2026-0041" and s.level == "department"} == {
        "email:engineering@example.com", "chat:engineering-feishu"}
    settings = load_settings(SAMPLE).reminders
    assert settings.levels == {"department-head": ("quality",), "general-manager": ("general-office",)}
    assert settings.email.password_env == "FBREG_SMTP_PASSWORD"


def test_the_sample_json_plan(run):
    code, out, err = run("remind", "--register", SAMPLE, "--dry-run", "--as-of", "2026-11-23T10:30:00+08:00",
                         "--format", "json")
    data = json.loads(out)
    assert {m["to"] for m in data["messages"]} == {"工程部", "保安部", "保安部(部门负责人)", "质检办", "总经理办公室"}
    assert all(i["level_label"] for m in data["messages"] for i in m["items"])


def test_the_sample_sends_in_chinese_to_real_servers(tmp_path, run, monkeypatch):
    """The sample register (a copy, its record included) with its mail server and robots pointed at local ones."""
    import shutil

    import remind_servers as srv

    folder = tmp_path / "register"
    shutil.copytree(SAMPLE, folder)
    with srv.robot_server() as robots, srv.smtp_server() as (port, mailbox):
        text = (folder / "register.yaml").read_text(encoding="utf-8")
        text = (text.replace("host: smtp.example.com", "host: 127.0.0.1").replace("port: 587", f"port: {port}")
                .replace("security: starttls", "security: none").replace("    username: feedback@example.com\n", "")
                .replace("{type: dingtalk,", f"{{type: dingtalk, url: {robots.url}/dingtalk/send,")
                .replace("{type: wecom,", f"{{type: wecom, url: {robots.url}/wecom/send,")
                .replace("{type: feishu,", f"{{type: feishu, url: {robots.url}/feishu/hook/,"))
        (folder / "register.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setenv("FBREG_WECOM_QUALITY_KEY", srv.WECOM_KEY)
        monkeypatch.setenv("FBREG_DINGTALK_GM_TOKEN", srv.DINGTALK_TOKEN)
        monkeypatch.setenv("FBREG_DINGTALK_GM_SECRET", srv.DINGTALK_SECRET)
        monkeypatch.setenv("FBREG_FEISHU_ENGINEERING_HOOK", srv.FEISHU_HOOK)
        monkeypatch.setenv("FBREG_FEISHU_ENGINEERING_SECRET", srv.FEISHU_SECRET)
        code, out, err = run("remind", "--register", folder, "--as-of", "2026-11-23T10:30:00+08:00")
        assert code == 0, out + err
        assert "已发送 8 条消息,失败 0 条。" in out
        [gm] = [m for m in mailbox if m.to == ["gm-office@example.com"]]
        assert gm.subject == "[前卫大酒店信息反馈台账] 催办:1 项逾期"
        assert "总经理办公室:" in gm.part("plain") and "第3次催办(总经理)" in gm.part("plain")
        assert gm.message["From"].addresses[0].display_name == "前卫大酒店信息反馈台账"
        [ding] = robots.texts("/dingtalk")
        assert "FB-2026-0049 地下二层配电室门禁失效" in ding
        assert "FB-2026-0047" in robots.texts("/feishu")[0] and "FB-2026-0049" in robots.texts("/wecom")[0]
        # and the copy's record now holds them: the next run sends nothing
        code, out, err = run("remind", "--register", folder, "--as-of", "2026-11-23T11:00:00+08:00")
        assert code == 0 and "没有需要发送的催办。" in out
