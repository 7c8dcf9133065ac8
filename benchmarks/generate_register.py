"""A deterministic synthetic feedback register, for benchmarks (build time, search, scale).

    python benchmarks/generate_register.py OUT_DIR --items 10000 [--seed 1] [--language zh|en]

writes a complete project into OUT_DIR:

    OUT_DIR/register/register.yaml      settings derived from the sample register (zh) or the English fixture (en)
    OUT_DIR/register/departments.yaml   the sample register's departments
    OUT_DIR/register/items/YYYY/MM/<ID>.yaml   N items, received over ~3 years up to --as-of
    OUT_DIR/mkdocs.yml                  the repository's mkdocs.yml (site name and, for en, language changed)
    OUT_DIR/docs/, OUT_DIR/<custom_dir>/ copies of the repository's docs_dir and theme overrides

so that ``fbreg validate --register OUT_DIR/register --as-of AS_OF`` is clean and
``cd OUT_DIR && fbreg build --as-of AS_OF`` builds the site.

Items are built from phrase fragments typical of a hotel (rooms, air conditioning, noise, breakfast,
invoices, parking, Wi-Fi, …) and go through a simulated life: receipt → acknowledgement (签收) →
response with analysis and measures → actions done → verification → closure, with late milestones,
pauses (on hold), rejected and duplicate items, and a few stalled items that end up overdue. The
same seed gives the same bytes. Library use::

    from benchmarks.generate_register import generate     # or importlib from this file's path
    summary = generate("/tmp/big", 10_000, seed=1, language="zh")
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "register"
FIXTURE_EN = ROOT / "tests" / "fixtures" / "register-en"
MKDOCS_YML = ROOT / "mkdocs.yml"
DEFAULT_AS_OF = "2026-11-21T09:00:00+08:00"
MARKER = ".synthetic-register"          # marks a folder this script wrote (and may overwrite)

# Public holidays falling on weekdays, and make-up working days (调休), for the years before the
# sample's 2026 calendar; only weekdays matter to the calendar, so weekend dates are left out.
CN_HOLIDAYS = {
    2024: ["2024-01-01", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16", "2024-04-04",
           "2024-04-05", "2024-05-01", "2024-05-02", "2024-05-03", "2024-06-10", "2024-09-16", "2024-09-17",
           "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"],
    2025: ["2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-03", "2025-02-04",
           "2025-04-04", "2025-05-01", "2025-05-02", "2025-05-05", "2025-06-02", "2025-10-01", "2025-10-02",
           "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08"],
}
CN_EXTRA_WORKDAYS = ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
                     "2024-09-29", "2024-10-12", "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28",
                     "2025-10-11"]
UK_HOLIDAYS = ["2023-12-25", "2023-12-26", "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27",
               "2024-08-26", "2024-12-25", "2024-12-26", "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05",
               "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"]

# ---------------------------------------------------------------------------------------------
# Phrase fragments. A topic has the responsible department, usual assisting departments, category
# and severity weights, channels, location and tags; its cases ``C`` keep title, description,
# analysis and measures about the same problem; prev/reply/note are shared by the topic's cases.
# Templates use the slots of ``Gen.slots``. Department ids missing from departments.yaml are
# replaced by existing ones.


def T(**kw):
    return kw


def C(titles, body, analysis=None, corr=(), temp=(), **kw):
    return dict(titles=list(titles), body=body, analysis=analysis, corr=list(corr), temp=list(temp), **kw)


ZH_TOPICS = [
    T(dept="engineering", assist=["housekeeping", "front-office"], cats={"complaint": 6, "quality": 2},
      sev={"major": 4, "minor": 5, "critical": 0.2}, channels=["phone", "walk-in", "online", "comment-card"],
      loc="{room}房", tags=["空调", "噪音", "工程维修", "夜班", "客房设施"], room=True,
      cases=[C(["{room}房空调夜间噪音大", "{room}房空调异响影响休息"],
               "房间空调**噪音很大**,像是风扇叶片碰到外壳,{time}左右开始无法入睡。",
               "空调风机盘管轴承磨损,运转时摩擦发出异响;该房上次保养已是{n}个月前。",
               ["更换{room}房风机盘管轴承,测试运行噪音正常。"],
               ["工程值班员{minutes}分钟内到场,临时关闭风机,送去落地风扇。", "为客人换至{room2}房,赠送次日早餐。"]),
             C(["{room}房空调不制冷,室温{temp}度", "{room}房空调温度调不下来"],
               "空调开到最低温度仍不制冷,房间温度一直在{temp}度左右,要求尽快维修。",
               "温控面板接线松动,面板显示正常但水阀没有动作;同批次面板已有{n}间出现类似问题。",
               ["更换温控面板并检查同楼层{n}间客房的面板接线。"], ["为客人换至{room2}房。"]),
             C(["{room}房空调出风口滴水"],
               "空调出风口持续滴水,床头柜和地毯被打湿,担心漏电。\n\n- 已把贵重物品移开;\n- 要求派人检查线路。",
               "冷凝水盘排水管堵塞,冷凝水从出风口溢出;楼层巡检表没有排水检查项。",
               ["疏通冷凝水排水管,清洗接水盘。"], ["客房部当即清理积水,更换地毯垫。"])],
      prev=["空调风机盘管保养周期由半年改为季度,纳入客房维保计划。", "楼层巡检表增加空调运行和冷凝水排水检查项。"],
      reply=["已向客人致歉,说明维修情况并赠送早餐,客人表示理解。", "电话回访客人,告知空调已修复,客人表示满意。"],
      note=["复查{room}房空调运行一周,噪音和温度正常;抽查同楼层{n}间客房无异常。", "连续{n}天检查,未再出现同类问题。"]),
    T(dept="housekeeping", assist=["front-office"], cats={"complaint": 6, "quality": 3},
      sev={"major": 3, "minor": 6}, channels=["phone", "walk-in", "online", "comment-card"],
      loc="{room}房", tags=["卫生", "布草", "客房清洁", "网评"], room=True,
      cases=[C(["{room}房床单有污渍", "{room}房枕套有明显污迹"],
               "入住后发现床单上有一块明显污渍,要求立即更换,认为酒店卫生管理有问题。",
               "布草洗涤厂送回的一批床单有残留污渍,客房部收货时没有逐件检查。",
               ["退回洗涤厂问题布草,要求对方整改并书面说明。"], ["立即更换全部布草,客房经理上门致歉。"]),
             C(["{room}房卫生间有头发,清洁不到位", "{room}房卫生间不干净"],
               "卫生间洗脸台和淋浴间有头发,马桶边有水渍,**清洁明显不到位**。",
               "当天退房集中,{n}名服务员负责{n2}间客房,清扫时间不足,领班查房只抽查了一半。",
               ["对当班服务员和领班进行再培训,查房改为逐间检查。"], ["立即重新清洁,赠送果盘。"]),
             C(["{room}房入住时垃圾未清理"],
               "入住时发现垃圾桶未清空,桌面还有上一位客人留下的饮料瓶。",
               "新入职服务员未按清扫程序操作,领班查房流于形式,把未清扫房报成了空净房。",
               ["房态改为领班查房后才能放为空净房。"], ["为客人升级至行政楼层{room2}房。"])],
      prev=["退房高峰日临时增加计件钟点工,保证每间房清扫时间。", "布草收货增加抽检比例并记录。"],
      reply=["客房经理当面向客人致歉并赠送果盘,客人接受。", "已在点评网站回复客人,说明整改措施。"],
      note=["质检办连续一周抽查{n2}间客房,卫生合格。", "抽查布草{n2}件无污渍,收货记录完整。"]),
    T(dept="food-beverage", assist=["quality"], cats={"complaint": 5, "quality": 4, "suggestion": 1},
      sev={"major": 3, "minor": 6, "critical": 0.3}, channels=["comment-card", "walk-in", "online", "phone"],
      loc="{restaurant}", tags=["早餐", "餐饮", "出品质量", "自助餐"],
      cases=[C(["早餐{dish}偏凉,补餐慢", "早餐自助区{dish}断档{minutes}分钟无人补充"],
               "早餐时{dish}已经凉了,向服务员反映后{minutes}分钟才补上。",
               "当天团队客人集中用餐,厨房按平日备餐量准备,保温炉数量不足。",
               ["团队入住信息提前一天通知厨房,按入住人数调整备餐量。", "增加两台保温炉,自助台每{minutes}分钟巡视一次。"],
               ["当场为客人重新制作并免除当日早餐费用。"]),
             C(["{restaurant}早餐排队时间过长", "早餐等位{minutes}分钟,无人解释"],
               "早上{time}到{restaurant}用早餐,排队等位超过{minutes}分钟,服务员没有任何解释。",
               "早班服务员{n}人请假,未及时调配人手;餐厅领班没有按规定安排等位登记。",
               ["早餐高峰由值班经理统一调配人手,排队超过10分钟启用备用餐区。"], ["餐厅经理向客人致歉,赠送下午茶券。"]),
             C(["早餐{dish}中发现异物"],
               "在{dish}中发现一根疑似头发,拍照后交给服务员,要求酒店说明。",
               "厨房员工未按规定佩戴帽子,出品检查环节缺失。",
               ["厨房重申着装规定,出品前由领班检查。"], ["当场致歉并免除早餐费用。"])],
      prev=["早餐高峰时段(7:30-9:00)增加一名传菜员。", "每月检查厨房员工着装及卫生习惯并记录。"],
      reply=["已向客人致歉并说明整改措施,客人表示理解。", "感谢您的反馈,我们已调整早餐备餐和巡视安排。"],
      note=["抽查连续{n}天早餐,出品温度和补餐及时。", "检查厨房员工着装{n2}人次,均符合要求。"]),
    T(dept="finance", assist=["front-office"], cats={"complaint": 4, "inquiry": 2, "quality": 1},
      sev={"minor": 6, "major": 3}, channels=["phone", "email", "walk-in", "letter"],
      loc="大堂前台", tags=["发票", "账单", "财务", "协议客户"],
      cases=[C(["退房{days}天后仍未收到电子发票", "电子发票迟迟未开出"],
               "{days}天前退房时申请了电子发票,至今未收到,多次致电前台均答复\"已提交财务\"。",
               "前台把开票申请写在交接本上,没有录入系统,财务未收到申请。",
               ["开票申请一律在系统登记,财务每日下午对未开票申请逐条处理。"], ["财务当天补开发票并发送至客人邮箱。"]),
             C(["发票抬头开错,要求重开"],
               "收到的发票抬头与提供的公司名称不一致,报销被退回,要求尽快重开。",
               "前台录入抬头时手工输入,未与客人核对;系统没有抬头校验。",
               ["前台开票改为从客户档案选择抬头,开具前与客人核对。"], ["作废原发票,重新开具并快递给客人。"]),
             C(["月结发票金额与账单不符", "协议公司对账差额{amount}元"],
               "本月月结发票金额比对账单多出{amount}元,要求核对。",
               "月结账单中有一笔{amount}元的消费已由客人现场付清,重复计入。",
               ["更正月结账单并重开发票。"], [])],
      prev=["每月对开票申请的处理时长进行统计通报。", "月结账单出账前增加一次与现付记录的比对。"],
      reply=["已向客人致歉,发票已重新发送,请查收。", "已说明差额原因并更正账单。"],
      note=["抽查本月开票申请{n2}笔,均在一个工作日内开出。", "本月月结账单核对无差错。"]),
    T(dept="security", assist=["front-office", "engineering"], cats={"complaint": 4, "suggestion": 2, "safety": 1},
      sev={"minor": 6, "major": 3}, channels=["phone", "walk-in", "online", "comment-card"],
      loc="B1车库", tags=["停车", "车库", "保安"],
      cases=[C(["车库显示有车位实际已满,等待{minutes}分钟", "停车位不足,无人引导"],
               "{time}左右驾车回酒店,车库显示有空位但实际已满,保安没有引导,等待{minutes}分钟。",
               "车位显示屏与车位传感器通讯故障,显示数量不准;高峰时段保安只有一人值守。",
               ["维修车位显示屏通讯线路,逐个测试传感器。"], ["安排保安引导客人停入员工车位。"]),
             C(["车辆在车库被剐蹭"],
               "车辆停在B1车库时左后门被剐蹭,要求调取监控并赔偿。",
               "剐蹭位置处于监控盲区,车库转角没有反光镜。",
               ["车库转角加装反光镜,补装{n}个监控摄像头。"], ["调取监控,协助客人向保险公司报案。"]),
             C(["停车费减免未生效,被收费{amount}元", "住店客人离店时被收取停车费"],
               "住店享有免费停车,但离开时被收取停车费{amount}元,与保安发生争执。",
               "前台未把住店客人车牌录入停车系统,系统按临时车收费。",
               ["前台入住时同步登记车牌,停车系统自动减免。"], ["当场退还停车费并致歉。"])],
      prev=["每周测试车库显示屏和道闸并记录。", "车库照明改为感应灯,增加区域标识。"],
      reply=["已退还停车费并向客人致歉,客人表示接受。", "已向客人说明调查结果及处理方案。"],
      note=["连续一周检查车位显示与实际一致,道闸运行正常。", "抽查{n2}辆住店客人车辆,均已自动减免。"]),
    T(dept="engineering", assist=["front-office"], cats={"complaint": 5, "quality": 2, "suggestion": 1},
      sev={"minor": 6, "major": 3}, channels=["phone", "online", "comment-card", "email"],
      loc="{floor}楼客房区", tags=["Wi-Fi", "网络", "弱电"],
      cases=[C(["{floor}楼客房Wi-Fi信号差,频繁掉线", "{room}房Wi-Fi时断时续"],
               "房间Wi-Fi信号只有一格,视频会议频繁掉线,影响工作,前台只让客人重启手机。",
               "{floor}楼走廊无线接入点损坏,相邻楼层接入点覆盖不到房间内。",
               ["更换{floor}楼损坏的无线接入点并调整信道。"], ["为客人提供有线网线和随身Wi-Fi。"]),
             C(["Wi-Fi认证页面打不开", "{room}房无法连接Wi-Fi"],
               "连接Wi-Fi后认证页面无法打开,换了两台设备都不行。",
               "认证服务器证书过期,部分设备无法打开认证页面。",
               ["更新认证服务器证书,设置到期提醒。"], ["临时开放免认证网络。"]),
             C(["酒店网速太慢,无法视频会议"],
               "网速太慢,下载一个{n2}MB的文件用了十几分钟,晚上视频会议无法进行。",
               "酒店出口带宽为{n2}0Mbps,晚高峰使用率超过95%。",
               ["出口带宽扩容并启用流量限速策略。"], ["为客人换至信号较好的{room2}房。"])],
      prev=["工程部每月巡检无线接入点状态并记录。", "网络设备纳入维保合同,故障4小时内响应。"],
      reply=["已告知客人网络已修复,并致歉。", "已向客人说明原因并提供有线网络,客人表示满意。"],
      note=["在{floor}楼{n}间客房测速,信号和速度正常。", "连续一周晚高峰带宽使用率低于80%。"]),
    T(dept="front-office", assist=["sales"], cats={"complaint": 6, "quality": 1},
      sev={"major": 4, "minor": 5}, channels=["phone", "walk-in", "online", "email"],
      loc="大堂前台", tags=["入住", "前台", "服务态度", "等候"],
      cases=[C(["入住等候{minutes}分钟,前台态度冷淡", "办理入住排长队"],
               "{time}到达酒店,前台只有一人办理入住,排队等候{minutes}分钟,期间无人解释。",
               "晚班排班只安排了{n}名接待员,团队到店时没有从礼宾调配人手。",
               ["团队到店前一小时增加一名接待员,礼宾协助发放房卡。"], ["值班经理向客人致歉,免费升级房型。"]),
             C(["预订的大床房入住时变成双床房"],
               "通过官网预订大床房,入住时被告知只剩双床房,前台没有任何补偿措施。",
               "夜审时超订未及时处理,大床房被OTA订单占用。",
               ["收益管理每日复核超订情况,提前安排升级或外转。"], ["为客人免费升级至豪华大床房。"]),
             C(["前台未按约定提供延迟退房"],
               "提前一天电话申请延迟退房至14:00并获同意,退房当天中午却被催促离开。",
               "延迟退房只在电话中答应,没有录入系统,早班不知情。",
               ["延迟退房、特殊要求一律录入系统备注。"], ["为客人办理延迟退房并赠送欢迎水果。"])],
      prev=["前台每月进行服务态度和沟通技巧培训。", "每周统计入住等候时长,超过10分钟的逐单分析。"],
      reply=["已电话向客人致歉,说明整改措施,客人表示接受。", "已在网站公开回复客人,赠送下次入住升级券。"],
      note=["抽查晚高峰入住{n2}单,等候时间均在10分钟以内。", "抽查系统备注,延迟退房记录完整。"]),
    T(dept="housekeeping", assist=["engineering", "security"], cats={"complaint": 5, "quality": 2},
      sev={"major": 4, "minor": 4}, channels=["phone", "walk-in", "online"],
      loc="{room}房", tags=["噪音", "隔音", "客房", "夜间"], room=True,
      cases=[C(["{room}房隔壁深夜喧哗,前台处理不及时"],
               "{time}左右隔壁房间大声喧哗,向前台投诉后前台答复会处理,但{minutes}分钟后仍很吵。",
               "夜班保安巡楼路线不经过该楼层,前台只打了一次电话劝阻。",
               ["夜间噪音投诉由保安到场处理,15分钟内回复投诉客人。"], ["保安上门劝阻喧哗客人。"], dept="security"),
             C(["{room}房走廊施工噪音影响休息", "{floor}楼施工电钻声吵醒客人"],
               "早上8点前走廊就开始施工,电钻声很大,入住时没有人提醒。",
               "楼层改造施工时间未按规定安排在10:00以后,也未提前告知住客。",
               ["施工时间调整为10:00-17:00,入住时告知客人。"], ["为客人换至安静的{room2}房,赠送次日早餐。"]),
             C(["{room}房可以听到电梯运行声", "{room}房紧邻电梯井,夜间噪音大"],
               "房间紧邻电梯井,夜里电梯运行声明显,无法入睡,要求换房。",
               "该房紧邻电梯机房,隔音条老化;预订系统没有标注\"靠近电梯\"。",
               ["更换电梯井一侧房门隔音条,预订系统标注靠近电梯的房间。"], ["为客人换至安静的{room2}房。"])],
      prev=["每周检查楼层施工安排并在前台公示。", "靠近电梯的房间只在满房时出售并提前告知。"],
      reply=["已向客人致歉并说明整改措施,客人接受换房安排。", "回访客人,告知已调整施工时间,客人表示满意。"],
      note=["抽查一周夜间噪音投诉处理记录,均在15分钟内回复。", "复查{room}房,噪音明显降低。"]),
    T(dept="engineering", assist=["housekeeping"], cats={"complaint": 4, "quality": 3, "safety": 1},
      sev={"major": 4, "minor": 4, "critical": 0.3}, channels=["phone", "walk-in", "online"],
      loc="{room}房卫生间", tags=["热水", "漏水", "卫生间", "工程维修"], room=True,
      cases=[C(["{room}房早上没有热水", "高区客房热水供应中断"],
               "早上{time}洗澡时只有冷水,放水{minutes}分钟仍不热,致电工程部无人接听。",
               "热水循环泵故障停机,高区客房热水供应中断约{n}小时;工程值班电话转接失败。",
               ["维修热水循环泵并检查控制线路。"], ["启用备用循环泵,恢复热水供应。"]),
             C(["{room}房卫生间漏水渗到楼下"],
               "楼下客人反映卫生间天花板滴水,查看后发现是{room}房淋浴间防水层破损。",
               "淋浴间防水层老化开裂,已超过{n}年未检修。",
               ["重做{room}房淋浴间防水层。"], ["为两间客人换房并清理漏水。"]),
             C(["{room}房淋浴水压太小", "{room}房马桶堵塞"],
               "淋浴水压很小,洗头都困难,要求换房或维修。",
               "淋浴喷头水垢堵塞,减压阀设定压力偏低。",
               ["清洗淋浴喷头,调整减压阀压力。"], []),
             C(["{room}房卫生间地漏返臭味"],
               "卫生间地漏返臭味,无法入睡。\n\n前台答复\"马上安排工程部\",但{minutes}分钟后仍无人到场。",
               "该房连续空置{n}天,地漏存水弯水封干涸,下水道气味上返。",
               ["更换防臭地漏芯,并检查同楼层空置房地漏。"], ["值班经理为客人换房,赠送次日早餐。"])],
      prev=["循环泵故障加装报警,接入工程值班手机。", "空置超过3天的客房,每周由楼层服务员放水一次并记录。"],
      reply=["已向客人致歉并说明维修情况,赠送早餐一份。", "已电话回访,客人表示问题已解决。"],
      note=["连续一周早晚测试高区热水温度,均高于45度。", "复查{n}间客房,无渗漏、无异味。"]),
    T(dept="front-office", assist=["security"], cats={"complaint": 3, "safety": 1, "quality": 1},
      sev={"major": 4, "minor": 3, "critical": 0.3}, channels=["walk-in", "phone"],
      loc="礼宾部行李寄存处", tags=["行李寄存", "遗失物品", "礼宾"],
      cases=[C(["寄存的行李箱不见了", "行李寄存处丢失客人一件行李"],
               "退房后寄存了{n}件行李,今天来取时少了一件(灰色24寸拉杆箱)。",
               "寄存记录显示多件行李挂同一张行李牌,疑似被其他客人错领。",
               ["每件行李单独挂牌,取件时核对存根和证件。"], ["调取监控,联系当天取行李的客人核实。"], dept="security"),
             C(["遗留物品未按约定寄回", "房间遗留的{item}{days}天未寄出"],
               "退房时把{item}遗留在房间,电话联系后前台答应邮寄,{days}天后仍未收到。",
               "遗留物品登记后没有指定专人跟进邮寄。",
               ["遗留物品邮寄由礼宾主管跟进,每日核对。"], ["当天安排快递寄出遗留物品。"]),
             C(["行李员搬运时损坏客人行李箱"],
               "行李员搬运时把行李箱轮子摔坏,要求赔偿。",
               "行李车老化,搬运时行李箱滑落。",
               ["按价赔偿客人行李箱。"], [])],
      prev=["寄存处监控覆盖全部货架。", "更换行李车并培训搬运规范。"],
      reply=["已向客人说明调查进展及处理结果。", "物品已寄出并向客人致歉。"],
      note=["抽查寄存记录{n2}条,均一件一牌。", "遗留物品登记本核对,均在两日内处理。"]),
    T(dept="food-beverage", assist=["sales", "engineering"], cats={"complaint": 4, "quality": 3},
      sev={"major": 4, "minor": 4}, channels=["phone", "email", "meeting", "letter"],
      loc="{hall}", tags=["宴会", "会议", "团队"],
      cases=[C(["婚宴上菜间隔过长", "{hall}宴会上菜慢,宴会经理不在现场"],
               "在{hall}举办婚宴,两道菜之间等了{minutes}分钟,宴会经理不在现场。",
               "当晚同时有{n}场宴会,厨房出菜顺序安排不当。",
               ["同时多场宴会时由行政总厨统一调度出菜顺序。"], ["宴会经理向客人致歉,赠送果盘和酒水。"]),
             C(["会议茶歇未按约定时间提供"],
               "在{hall}开会,合同约定10:00茶歇,实际10:40才送到。",
               "宴会通知单上的茶歇时间写错,餐饮部未与销售核对。",
               ["宴会通知单发出后由销售和餐饮双方签字确认。"], ["赠送下次会议茶歇。"]),
             C(["宴会菜单与合同不符", "宴会少上{n}道菜"],
               "宴会实际上菜与确认菜单不一致,少了{n}道菜。",
               "菜单变更后没有重新签字确认,厨房按旧菜单出品。",
               ["宴会菜单变更必须重新签字。"], ["按少上的菜品退还费用{amount}元。"]),
             C(["{hall}投影设备中途故障"],
               "会议进行到一半投影仪黑屏,{minutes}分钟后才有工程人员到场。",
               "投影仪灯泡超过使用寿命,会前检查只开机未试播放。",
               ["更换投影仪灯泡,会前检查改为完整试播放。"], ["临时换用备用投影仪。"], dept="engineering")],
      prev=["每场宴会结束后24小时内回访客户。", "宴会设备每周检查并记录使用时长。"],
      reply=["已向客户致歉并退还部分费用,客户表示接受。", "已与客户沟通整改措施并赠送下次会议茶歇。"],
      note=["抽查本月{n}场宴会,上菜间隔符合标准。", "宴会通知单双方签字率100%。"]),
    T(dept="security", assist=["engineering", "housekeeping"], cats={"safety": 8, "internal": 1},
      sev={"critical": 3, "major": 5, "minor": 2}, channels=["inspection", "meeting"],
      loc="{place}", tags=["消防", "安全检查", "隐患", "灭火器"], reporter="employee",
      cases=[C(["{place}消防通道被杂物堵塞,灭火器压力不足"],
               "月度安全检查:\n\n- {place}消防通道堆放杂物,通道宽度不足1米;\n- 旁边{n}具灭火器压力表指针处于红区。\n\n已现场拍照留存,要求立即整改。",
               "临时周转点未划定,员工图方便把物品放在消防通道;灭火器月检记录为代签,实际未检查。",
               ["更换压力不足的灭火器,全面复查同区域灭火器。", "对代签检查记录的员工进行处理,月检改为扫码打卡。"],
               ["当场清理杂物,恢复通道畅通。"]),
             C(["{place}应急照明不亮", "{place}安全出口指示灯损坏"],
               "{place}应急照明灯不亮,按测试按钮无反应。",
               "应急照明蓄电池已使用{n}年,无法充电。",
               ["更换应急照明蓄电池并全面测试。"], ["临时放置应急手电。"]),
             C(["{place}防火门被木楔顶住常开"],
               "{place}防火门被木楔顶住常开,门上闭门器损坏。",
               "闭门器损坏后员工为方便通行用木楔顶门,未报修。",
               ["维修闭门器,拆除木楔。"], ["当场拆除木楔,关闭防火门。"])],
      prev=["消防通道施划禁停线,保安每日巡查两次。", "应急照明每月测试一次并记录。"],
      reply=["已向质检办书面报告整改结果。"],
      note=["复查消防通道畅通,灭火器均在有效期。", "抽查{n2}具应急照明,断电测试正常。"]),
    T(dept="food-beverage", assist=["quality", "general-office"], cats={"quality": 5, "safety": 3},
      sev={"critical": 4, "major": 4, "minor": 1}, channels=["phone", "walk-in", "inspection"],
      loc="{restaurant}", tags=["食品安全", "应急", "留样"],
      cases=[C(["客人用餐后腹泻,疑似食源性疾病"],
               "{room}房客人当晚在{restaurant}用餐后出现腹泻、腹痛,要求酒店说明情况。\n\n- 客人已自行服药,暂未就医;\n- 要求酒店承担责任。",
               "同批次就餐{n2}0人,只有该客人出现症状;留样检测未检出致病菌,但冰台温度记录缺一次。",
               ["留样送第三方检测并出具报告。", "冰台改为每30分钟补冰测温。"], ["值班经理陪同客人就医,封存留样。"],
               channels=["phone", "walk-in"]),
             C(["{restaurant}冷库温度超标"],
               "{restaurant}冷库温度显示{temp}度,高于规定的8度。",
               "冷库压缩机故障,温度报警器电池耗尽未报警。",
               ["维修冷库压缩机,更换报警器电池。"], ["冷库食材转移至备用冷库,检查是否变质。"], channels=["inspection"]),
             C(["厨房库房发现过期食材"],
               "厨房库房有{n}包已过期的调料仍在货架上。",
               "库房先进先出执行不严,过期食材未及时清理。",
               ["全面清理库房过期食材。"], ["当场下架过期食材并销毁。"], channels=["inspection"]),
             C(["{restaurant}后厨排烟罩油烟积聚,未按期清洗", "客人投诉{restaurant}油烟味重"],
               "消防检查发现{restaurant}后厨排烟罩滤网和管道油烟油污积聚,厚度约{n}毫米;就餐区能闻到油烟味。",
               "油烟管道清洗外包合同到期未续签,清洗周期由每季度拖到半年。",
               ["续签油烟管道清洗合同,每季度清洗并留存照片。"], ["当天停用两个灶位,临时清洗滤网。"],
               channels=["inspection", "phone"])],
      prev=["冷库温度接入监控系统,超标自动报警。", "库房每周检查保质期并记录。"],
      reply=["向客人说明检测结果和整改措施,承担医疗费用。"],
      note=["检测报告未检出致病菌,抽查测温记录完整。", "连续两周冷库温度记录正常。"]),
    T(dept="sales", assist=["front-office", "finance"], cats={"complaint": 4, "inquiry": 1},
      sev={"major": 3, "minor": 5}, channels=["email", "phone", "online"],
      loc=None, tags=["预订", "协议价", "OTA", "团队"],
      cases=[C(["OTA预订价格与官网不一致"],
               "在OTA平台预订的价格比官网高出{amount}元,认为酒店价格混乱。",
               "渠道价格调整未同步到OTA平台。",
               ["渠道价格调整由收益经理统一发布并当天核对。"], ["退还差价{amount}元并致歉。"]),
             C(["协议价未生效,按门市价付款"],
               "协议公司员工入住时未享受协议价,按门市价支付了{amount}元。",
               "协议价到期续签后未录入系统。",
               ["协议价续签后48小时内录入系统并通知前台。"], ["退还差价并致歉。"]),
             C(["团队房超售,{n}间客人被转住其他酒店"],
               "会议团队{n}间房到店时无房,被安排到附近酒店,客户非常不满。",
               "销售确认团队房时未核对当日可售房数量。",
               ["团队房确认前必须查询可售房数量并签字。"], ["为转住客人承担交通费用并赠送下次入住。"])],
      prev=["每月核对各渠道价格一致性。"],
      reply=["已退还差价并向客人致歉。", "已向协议公司说明原因及整改措施。"],
      note=["抽查各渠道价格一致。", "本月协议价录入无差错。"]),
    T(dept="hr", assist=["general-office", "food-beverage"], cats={"internal": 5, "suggestion": 3},
      sev={"minor": 7, "major": 2}, channels=["meeting", "letter", "email"],
      loc="员工区域", tags=["员工", "员工餐厅", "排班", "培训"], reporter="employee",
      cases=[C(["员工餐厅饭菜品种单一", "晚班员工吃不上热菜"],
               "多名员工反映员工餐厅连续{n}周菜品重复,晚班员工到餐厅时已无热菜。",
               "员工餐厅采购预算按人头固定,未根据在岗人数调整。",
               ["员工餐厅每周公布菜单,每月征求意见。"], ["晚班时段保留热菜,员工餐厅延长供应30分钟。"]),
             C(["夜班补贴发放不及时"],
               "客房部员工反映{month}月夜班补贴至今未发放。",
               "考勤数据未及时提交财务,补贴核算延误。",
               ["考勤数据每月3日前提交,补贴随工资发放。"], []),
             C(["员工建议增加晚班班车"],
               "员工建议晚班结束后增加一班班车,目前最后一班为22:00。",
               "晚班23:00下班的员工有{n2}人,没有合适的公共交通。",
               ["增加23:15一班员工班车。"], [])],
      prev=["每季度召开员工座谈会。"],
      reply=["已在员工大会上通报处理结果。"],
      note=["抽查员工满意度问卷,员工餐厅满意率提高。", "本月夜班补贴按时发放。"]),
    T(dept="front-office", assist=[], cats={"praise": 1}, sev={"minor": 1},
      channels=["comment-card", "online", "letter", "email"], loc=None, tags=["表扬", "服务之星"], praise=True,
      cases=[C(["表扬前台接待员热情周到"], "入住时前台接待员主动介绍周边景点,还帮忙预约了出租车,\"服务非常贴心\"。",
               corr=["在部门例会上通报表扬,推荐参加本月\"服务之星\"评选。"]),
             C(["表扬礼宾员帮忙找回遗失的{item}"], "感谢礼宾员帮忙找回遗失在出租车上的{item}。",
               corr=["在部门例会上通报表扬。"]),
             C(["表扬客房服务员细心"], "客房服务员把房间整理得很干净,还留了手写欢迎卡片。",
               corr=["在部门例会上通报表扬,推荐参加本月\"服务之星\"评选。"], dept="housekeeping"),
             C(["表扬{restaurant}服务员照顾带婴儿的客人"],
               "带着8个月大的孩子用餐,服务员主动送来婴儿椅、温水和软烂的粥,\"服务非常贴心,值得表扬\"。",
               corr=["在部门例会上通报表扬,推荐参加本月\"服务之星\"评选。"], dept="food-beverage")],
      prev=[], reply=["感谢您的肯定,我们已将您的表扬转达给员工本人。"],
      note=["该员工已获评本月\"服务之星\"。", "已在员工通讯中刊登表扬信。"]),
    T(dept="front-office", assist=[], cats={"inquiry": 1}, sev={"minor": 1},
      channels=["phone", "online", "email"], loc=None, tags=["咨询", "入住政策"], inquiry=True,
      cases=[C(["咨询是否可以携带宠物入住"], "计划下月自驾入住{n}晚,想带一只小型犬,询问酒店是否接待宠物、有什么要求。"),
             C(["咨询机场接送服务价格"], "询问从机场到酒店的接送费用和预约方式。"),
             C(["咨询能否提前入住"], "询问早上{time}到店能否办理入住,是否需要额外付费。"),
             C(["咨询会员积分兑换规则"], "询问会员积分能否兑换房晚和早餐。")],
      prev=[], reply=["已答复客人相关政策和费用,客人表示清楚。", "已通过邮件发送详细说明。"],
      note=["回访客人,已了解相关政策。"]),
    T(dept="general-office", assist=["sales", "front-office"], cats={"suggestion": 5},
      sev={"minor": 8, "major": 1}, channels=["comment-card", "online", "email", "meeting"],
      loc=None, tags=["建议", "服务改进"],
      cases=[C(["建议客房提供多国转换插头"], "建议房间配备多国转换插头,方便外国客人使用。",
               "经评估,建议可行,成本可控。", ["采购{n2}0个转换插头,放在客房中心备借。"], dept="housekeeping"),
             C(["建议早餐增加素食选择"], "建议早餐增加素食和低糖选择。",
               "经评估,建议可行,可在现有菜单中调整。", ["早餐增设素食区。"], dept="food-beverage"),
             C(["建议延长健身房开放时间"], "健身房22:00关闭太早,建议延长至23:00。",
               "统计显示22:00后使用需求集中在商务客人。", ["健身房开放时间延长至23:00。"])],
      prev=["每季度整理客人建议并评估实施。"],
      reply=["感谢您的建议,我们已采纳并实施。"], note=["已实施,客人反馈良好。"]),
    T(dept="housekeeping", assist=["front-office", "engineering"], cats={"complaint": 4, "quality": 2},
      sev={"minor": 6, "major": 2}, channels=["phone", "walk-in"],
      loc="{room}房", tags=["客用品", "客房", "补充"], room=True,
      cases=[C(["{room}房缺少洗漱用品", "{room}房加床{minutes}分钟未送到"],
               "入住时发现房间没有牙刷和拖鞋,致电客房中心后{minutes}分钟才送到。",
               "夜班客房中心只有一人,同时处理多个需求。",
               ["客房中心夜班增加一名服务员。"], ["立即送去洗漱用品并致歉。"]),
             C(["{room}房迷你吧饮料过期"],
               "发现迷你吧里的{n}瓶饮料已过期,担心已经喝过的一瓶有问题。",
               "迷你吧补货时没有检查保质期。",
               ["迷你吧每周检查保质期。"], ["更换迷你吧全部饮料并致歉。"]),
             C(["{room}房保险箱打不开"],
               "保险箱密码输入正确但打不开,护照锁在里面,急于外出。",
               "保险箱电池电量不足。",
               ["更换同楼层保险箱电池。"], ["工程部用应急钥匙打开保险箱。"], dept="engineering")],
      prev=["客用品配置纳入查房检查表。", "保险箱电池每半年统一更换。"],
      reply=["已向客人致歉并赠送饮品。", "已电话回访,客人表示满意。"],
      note=["抽查{n2}间客房客用品齐全。", "抽查迷你吧,无过期商品。"]),
    T(dept="engineering", assist=["security"], cats={"safety": 4, "complaint": 2, "quality": 1},
      sev={"critical": 3, "major": 4, "minor": 1}, channels=["phone", "walk-in", "online"],
      loc="{lift}号电梯", tags=["电梯", "困梯", "维保"],
      cases=[C(["{lift}号电梯困人{minutes}分钟"],
               "{time}乘坐{lift}号电梯时电梯停在{floor}楼与上一层之间,按紧急呼叫后{minutes}分钟才有人回应。",
               "电梯门锁回路接触不良导致急停;紧急呼叫转接至消控室,值班员离岗。",
               ["维修门锁回路,全面检查电梯安全回路。"], ["维保人员到场放人,值班经理陪同客人并致歉。"]),
             C(["{lift}号电梯运行时异响"],
               "{lift}号电梯运行时有明显异响,担心安全。",
               "导轨润滑不足,维保单位未按计划保养。",
               ["督促维保单位补做保养。"], ["暂停{lift}号电梯运行待检修。"]),
             C(["早餐高峰客梯停运检修,排队严重"],
               "早餐高峰时段{lift}号电梯停运检修,其余电梯排队严重。",
               "维保单位把检修安排在高峰时段。",
               ["电梯检修时间调整至凌晨。"], [])],
      prev=["消控室紧急呼叫设置双人接听。", "每月核对电梯维保记录。"],
      reply=["已向客人致歉并说明处理情况。"],
      note=["电梯运行一个月无故障。", "抽查维保记录完整。"]),
    T(dept="food-beverage", assist=["front-office"], cats={"complaint": 5, "quality": 1},
      sev={"minor": 6, "major": 2}, channels=["phone", "online", "comment-card"],
      loc="{room}房", tags=["送餐", "客房送餐", "餐饮"], room=True,
      cases=[C(["客房送餐等待{minutes}分钟", "送餐太慢,菜已凉"],
               "{time}点了客房送餐,等了{minutes}分钟才送到,菜已经凉了。",
               "夜间送餐与酒吧共用一名服务员,订单高峰时无法及时送达。",
               ["夜间送餐单独配备一名服务员。"], ["为客人免单并致歉。"]),
             C(["客房送餐送错菜品"],
               "点的是{dish},送来的却是别的菜,重新送又等了很久。",
               "点单员手写单据,厨房看错菜名。",
               ["点单改为系统录入,厨房打印。"], ["立即重新制作并送达。"]),
             C(["深夜送餐电话无人接听"],
               "{time}打送餐电话一直无人接听,只好转打前台。",
               "送餐电话夜间未转接到值班手机。",
               ["送餐电话夜间转接值班手机。"], [])],
      prev=["每周统计送餐时长,超过30分钟逐单分析。"],
      reply=["已向客人致歉并免除餐费。"], note=["抽查一周送餐时长,平均22分钟。"]),
    T(dept="security", assist=["front-office"], cats={"complaint": 3, "safety": 3},
      sev={"major": 5, "minor": 3, "critical": 0.5}, channels=["phone", "walk-in"],
      loc="{floor}楼", tags=["门禁", "房卡", "安全"],
      cases=[C(["{room}房房卡多次失效"],
               "一天内房卡失效{n}次,每次都要下楼重新制卡。",
               "房卡靠近手机存放导致消磁;该批房卡芯片质量不稳定。",
               ["更换该批次房卡。"], ["为客人更换房卡并加装卡套。"], dept="front-office"),
             C(["陌生人尾随进入{floor}楼客房区"],
               "{time}有陌生人跟随进入电梯并到达{floor}楼,在走廊徘徊,感到不安。",
               "电梯门禁未启用,客房楼层任何人都可到达。",
               ["启用电梯刷卡控制。"], ["保安陪同检查房间并加强巡逻。"]),
             C(["前台未核对证件就补办房卡"],
               "发现他人凭口头报房号就在前台补办了自己房间的房卡。",
               "前台员工未按规定核对证件。",
               ["补办房卡必须核对证件并登记。"], ["为客人更换门锁密钥并致歉。"])],
      prev=["每月抽查补办房卡登记。", "客房楼层夜间每小时巡查一次。"],
      reply=["已向客人致歉并说明整改措施。"], note=["抽查补办登记,均已核对证件。"]),
    T(dept="sales", assist=["food-beverage", "engineering"], cats={"complaint": 3, "suggestion": 1},
      sev={"minor": 6, "major": 2}, channels=["phone", "walk-in", "online"],
      loc="{place2}", tags=["健身房", "泳池", "康乐"],
      cases=[C(["泳池水温过低"], "泳池水温只有{temp2}度左右,孩子下水后冻得发抖。",
               "泳池加热器温控故障。", ["维修泳池加热器。"], ["为客人提供康乐中心免费券。"], dept="engineering"),
             C(["健身房跑步机损坏多日未修"], "健身房{n}台跑步机中有两台贴着\"维修中\",已经一周。",
               "跑步机配件需厂家订货,无人跟进。", ["联系厂家更换跑步机配件。"], []),
             C(["泳池更衣室卫生差"], "泳池更衣室地面湿滑,垃圾桶满了没人清理。",
               "更衣室清洁安排在客流高峰之前,之后无人巡视。", ["更衣室每两小时清洁一次并签到。"], [])],
      prev=["康乐设施每周检查并公示维修进度。"],
      reply=["已向客人致歉并说明维修进度。"], note=["泳池水温连续一周保持在27度以上。", "复查设施运行正常。"]),
]

EN_TOPICS = [
    T(dept="engineering", assist=["housekeeping"], cats={"complaint": 6, "quality": 2},
      sev={"major": 4, "minor": 5}, channels=["phone", "walk-in", "online"], loc="Room {room}",
      tags=["air conditioning", "noise", "maintenance"], room=True,
      cases=[C(["Noisy air conditioning in room {room}"], "The air conditioning rattles loudly; they **cannot sleep**.",
               "Worn fan bearing in the fan coil unit; last serviced {n} months ago.",
               ["Replaced the fan bearing and tested the unit."], ["Moved the guest to room {room2} and offered breakfast."]),
             C(["Air conditioning not cooling in room {room}"], "The room stays at {temp} degrees on the lowest setting.",
               "Loose wiring in the thermostat; the valve never opened.", ["Replaced the thermostat."], ["Brought a fan."])],
      prev=["Fan coil servicing every quarter instead of every six months."],
      reply=["Apologised to the guest and explained the repair."], note=["Checked the unit for a week: quiet and cool."]),
    T(dept="housekeeping", assist=["front-office"], cats={"complaint": 6, "quality": 3},
      sev={"major": 3, "minor": 6}, channels=["phone", "walk-in", "online", "comment-card"], loc="Room {room}",
      tags=["cleanliness", "linen", "housekeeping"], room=True,
      cases=[C(["Stained bed sheet in room {room}"], "A stain on the bed sheet on arrival; the guest asked for a change.",
               "A batch of linen came back stained from the laundry and was not checked.",
               ["Returned the batch; the laundry must report on it."], ["Changed all linen at once."]),
             C(["Hair in the bathroom of room {room}"], "Hair in the shower and on the basin: **not cleaned properly**.",
               "{n} attendants had {n2} rooms that day; the supervisor checked only half.",
               ["Retrained the attendant; every room is now checked."], ["Cleaned the room again."])],
      prev=["Extra attendants on heavy check-out days."], reply=["The housekeeping manager apologised in person."],
      note=["Quality checked {n2} rooms over a week: all clean."]),
    T(dept="food-beverage", assist=["quality"], cats={"complaint": 5, "quality": 4},
      sev={"major": 3, "minor": 6}, channels=["comment-card", "walk-in", "online"], loc="{restaurant}",
      tags=["breakfast", "restaurant"],
      cases=[C(["Cold {dish} at breakfast", "Breakfast buffet ran out of {dish}"],
               "The {dish} was cold and took {minutes} minutes to be replaced.",
               "A tour group arrived and the kitchen prepared for an ordinary day.",
               ["Group arrivals are sent to the kitchen a day ahead."], ["Served a fresh plate and waived the charge."]),
             C(["Long queue for breakfast in the {restaurant}"], "Queued for {minutes} minutes at {time}; nobody explained.",
               "Two servers off sick and nobody called in.", ["The duty manager covers breakfast gaps."], [])],
      prev=["An extra runner from 07:30 to 09:00."], reply=["Apologised and explained the changes."],
      note=["Breakfast checked on {n} days: hot food, no gaps."]),
    T(dept="finance", assist=["front-office"], cats={"complaint": 4, "inquiry": 2},
      sev={"minor": 6, "major": 3}, channels=["phone", "email", "letter"], loc="Front desk",
      tags=["invoice", "billing"],
      cases=[C(["Invoice not received {days} days after check-out"], "Asked for an invoice {days} days ago; nothing yet.",
               "The request was written in the handover book, not in the system.",
               ["Invoice requests are logged in the system and cleared daily."], ["Issued the invoice the same day."]),
             C(["Charged {amount} too much at check-out"], "The bill is {amount} more than the booking.",
               "A minibar charge of another room was posted to this one.", ["Postings are checked against the room."],
               ["Refunded the difference."])],
      prev=["Monthly report of invoice turnaround."], reply=["Sent the corrected invoice with an apology."],
      note=["{n2} invoice requests this month, all within a working day."]),
    T(dept="security", assist=["front-office"], cats={"complaint": 4, "suggestion": 2},
      sev={"minor": 6, "major": 3}, channels=["phone", "walk-in", "online"], loc="Car park",
      tags=["parking", "car park"],
      cases=[C(["No parking space for {minutes} minutes"], "Arrived at {time}; the sign showed free spaces but it was full.",
               "The space counter lost contact with the sensors.", ["Repaired the counter wiring and tested every sensor."],
               ["A guard showed the guest to a staff space."]),
             C(["Charged {amount} for parking despite free parking"], "Free parking was not applied; charged {amount}.",
               "The car was not registered at check-in.", ["The plate is registered at check-in."], ["Refunded the charge."])],
      prev=["Weekly test of the counter and barrier."], reply=["Refunded and apologised."],
      note=["Counter matched the spaces for a week."]),
    T(dept="engineering", assist=["front-office"], cats={"complaint": 5, "suggestion": 1},
      sev={"minor": 6, "major": 3}, channels=["phone", "online", "email"], loc="Floor {floor}",
      tags=["Wi-Fi", "network"],
      cases=[C(["Wi-Fi drops out on floor {floor}"], "Video calls keep dropping; the desk only said to restart the phone.",
               "A broken access point on floor {floor}.", ["Replaced the access point."], ["Gave the guest a cable."]),
             C(["Cannot connect to the Wi-Fi in room {room}"], "The Wi-Fi login page does not open on two devices.",
               "The login server's certificate had expired.", ["Renewed the certificate with a reminder."], [])],
      prev=["Monthly check of all access points."], reply=["Told the guest the network is fixed."],
      note=["Speed tested in {n} rooms: fine."]),
    T(dept="front-office", assist=["sales"], cats={"complaint": 6}, sev={"major": 4, "minor": 5},
      channels=["phone", "walk-in", "online", "email"], loc="Front desk", tags=["check-in", "front desk"],
      cases=[C(["Waited {minutes} minutes to check in"], "Arrived at {time}; one receptionist and a {minutes}-minute queue.",
               "Only {n} receptionists on the evening shift when a group arrived.",
               ["A second receptionist an hour before group arrivals."], ["Upgraded the guest and apologised."]),
             C(["Late check-out not honoured"], "The late check-out agreed by phone was not in the system.",
               "Agreed by phone and never recorded.", ["Special requests are always recorded in the system."], [])],
      prev=["Weekly review of check-in waiting times."], reply=["Apologised by phone and offered an upgrade."],
      note=["{n2} evening check-ins sampled: all under 10 minutes."]),
    T(dept="security", assist=["engineering"], cats={"safety": 8}, sev={"critical": 3, "major": 5, "minor": 2},
      channels=["inspection", "meeting"], loc="{place}", tags=["fire safety", "inspection"], reporter="employee",
      cases=[C(["Fire exit blocked at {place}"],
               "Monthly safety inspection:\n\n- boxes stored in the fire exit at {place};\n- {n} extinguishers in the red zone.",
               "No storage area for linen trolleys; staff used the fire exit.",
               ["Replaced the extinguishers and checked all others."], ["Cleared the exit at once."]),
             C(["Emergency light out at {place}"], "The emergency light at {place} is out.",
               "The battery is {n} years old.", ["Replaced the battery and tested all lights."], [])],
      prev=["Twice-daily patrol of fire exits."], reply=["Reported the fix to the quality office."],
      note=["Re-inspected: exits clear, extinguishers in date."]),
    T(dept="front-office", assist=[], cats={"praise": 1}, sev={"minor": 1},
      channels=["comment-card", "online", "letter"], loc=None, tags=["praise"], praise=True,
      cases=[C(["Praise for the receptionist"], "\"The receptionist recommended a wonderful restaurant and booked a taxi.\"",
               corr=["Shared at the team briefing; nominated as employee of the month."]),
             C(["Praise for the concierge who found a lost {item}"], "Thanks to the concierge who found the {item} left in a taxi.",
               corr=["Shared at the team briefing."])],
      prev=[], reply=["Thank you; we passed your words on to the team."], note=["Nominated as employee of the month."]),
    T(dept="front-office", assist=[], cats={"inquiry": 1}, sev={"minor": 1},
      channels=["phone", "online", "email"], loc=None, tags=["inquiry"], inquiry=True,
      cases=[C(["Are dogs allowed?"], "Plans a stay of {n} nights with a small dog and asks about the rules."),
             C(["Early check-in possible?"], "Asks whether check-in at {time} is possible and at what cost.")],
      prev=[], reply=["Answered with the policy and prices."], note=["Follow-up call: the guest has what they need."]),
]

OPENINGS = {   # by language, reporter group (guest, customer, staff) and channel
    "zh": {"guest": {"phone": ["客人{time}致电前台:", "客人来电反映:"], "walk-in": ["客人到前台反映:", "客人到大堂副理处反映:"],
                     "online": ["客人在点评网站留言:", "客人在官网留言:", "客人通过小程序反馈:"],
                     "comment-card": ["客人在意见卡上写道:"], "email": ["客人来邮件:"], "letter": ["收到客人来信:"]},
           "customer": {"phone": ["协议公司来电:"], "email": ["协议公司来邮件:"], "letter": ["协议公司来函:"],
                        "online": ["协议公司在企业客户平台留言:"]},
           "staff": {"meeting": ["部门例会上提出:", "员工座谈会上提出:"], "inspection": ["质检办巡查发现:", "保安部夜间巡查发现:"],
                     "phone": ["员工来电反映:"], "email": ["员工来邮件:"], "letter": ["员工来信:"], "walk-in": ["员工到办公室反映:"]}},
    "en": {"guest": {"phone": ["Phone call at {time}:", "The guest called:"], "walk-in": ["At the front desk:"],
                     "online": ["Online review:", "Message through the website:"], "comment-card": ["Comment card:"],
                     "email": ["E-mail from the guest:"], "letter": ["Letter from the guest:"]},
           "customer": {"email": ["E-mail from a corporate client:"], "phone": ["A corporate client called:"]},
           "staff": {"meeting": ["Raised at the team meeting:"], "inspection": ["Inspection:"], "email": ["E-mail from staff:"]}},
}
CLOSINGS = {
    "zh": ["", "", "客人要求酒店给出说法。", "客人表示理解,希望尽快处理。", "客人要求换房并退还部分房费。",
           "客人称这是第二次反映同类问题。"],
    "en": ["", "", "The guest wants an explanation.", "The guest asks for a partial refund."],
}
SUFFIXES = {"zh": ["", "", "", "", ",前台处理延误", ",客人要求退款", ",客人第二次反映", ",要求酒店给出说法", ",夜班无人跟进"],
            "en": ["", "", "", "", ", slow response", ", refund requested"]}
ROOM_SUFFIXES = {"zh": [",客人要求换房"], "en": [", guest asked to move"]}
HOLD_REASONS = {"zh": ["等待客人提供消费凭证照片", "等待客人确认回访时间", "等待客人补充入住日期和房号",
                       "等待客人提供行李牌存根照片和物品清单", "等待客人提供发票抬头和税号"],
                "en": ["Waiting for the guest's receipt", "Waiting for the guest to confirm the dates",
                       "Waiting for the guest's photos"]}
REJECT = {"zh": (["核对记录后,反映的情况不属实,不予受理。", "经调查核实,反映的情况与事实不符,不予受理;调查记录存档备查。",
                  "经核对监控和交接记录,反映的情况不属实,不予受理。"],
                 ["已向客人出示相关记录并说明情况,客人表示认可。", "已公开回复,说明核查经过及结果。"]),
          "en": (["The records do not support the complaint; not upheld.",
                  "CCTV and the handover log show otherwise; not upheld, the check is on file."],
                 ["Showed the reporter the records; they accepted.", "Replied publicly with what was checked."])}
DUPLICATE = {"zh": ("与已登记事项为同一事件,合并处理。", "已告知对方该问题已登记处理,并说明处理进展。"),
             "en": ("Same event as an item already recorded; handled there.", "Told the reporter it is being handled.")}
DEADLINE_REASONS = {"zh": [("respond", "4h", "疑似食品安全事件,按应急预案须在4小时内提出处置措施"),
                           ("resolve", "30bd", "需外委厂家维修,配件订货周期约4周"),
                           ("resolve", "15bd", "需协议公司财务配合对账,对方月底才能提供单据")],
                    "en": [("respond", "4h", "Suspected food safety incident: measures within 4 hours under the plan"),
                           ("resolve", "30bd", "Parts must be ordered from the manufacturer (about 4 weeks)"),
                           ("resolve", "15bd", "The client's accounts department sends its records at month end")]}
SLOT_VALUES = {
    "zh": dict(restaurant=["中餐厅", "全日餐厅", "大堂吧", "日料餐厅", "西餐厅"],
               hall=["宴会厅", "多功能厅", "3号会议室", "5号会议室", "行政酒廊"],
               dish=["煎蛋", "粥", "点心", "牛排", "海鲜", "果汁", "咖啡", "面条", "包子"],
               item=["手机", "钱包", "笔记本电脑", "充电器", "证件夹", "手表"],
               place=["B1车库东侧", "3楼员工通道", "厨房后门", "洗衣房", "{floor}楼消防楼梯", "宴会厅后区", "配电室"],
               place2=["泳池", "健身房", "康乐中心"]),
    "en": dict(restaurant=["restaurant", "lobby bar", "brasserie"], hall=["ballroom", "meeting room 3"],
               dish=["eggs", "porridge", "pastries", "coffee", "toast"], item=["phone", "wallet", "laptop", "charger"],
               place=["the car park", "the staff corridor", "the kitchen back door", "the laundry"],
               place2=["pool", "gym"]),
}
REPLY_CHANNELS = ("phone", "email", "walk-in", "online", "letter")
REPORTERS = [("guest", "CRM", 5, 70), ("customer", "CORP", 4, 8), ("visitor", "VIS", 5, 4),
             ("public", "PUB", 5, 2), ("supplier", "SUP", 4, 1)]

# ---------------------------------------------------------------------------------------------
# YAML text (written by hand: 10 000 files in seconds, and the layout of hand-written items)

_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@` ")
_SPECIAL = re.compile(r"(?i)^(~|null|true|false|yes|no|on|off|y|n|[-+]?(\.?\d[\d_.,:e+-]*|\.inf|\.nan))$")


def q(text: str, flow: bool = False) -> str:
    """A scalar: plain when that reads back as the same string, else double-quoted (JSON is valid YAML)."""
    if (text and text[0] not in _PLAIN_BAD_START and text == text.strip() and "\n" not in text
            and ": " not in text and " #" not in text and not text.endswith(":") and not _SPECIAL.match(text)
            and "\t" not in text and not (flow and any(c in text for c in ",[]{}"))):
        return text
    return json.dumps(text, ensure_ascii=False)


def block(key: str, text: str, indent: str = "") -> str:
    if "\n" not in text:
        return f"{indent}{key}: {q(text)}\n"
    body = "\n".join((indent + "  " + line) if line else "" for line in text.split("\n"))
    return f"{indent}{key}: |\n{body}\n"


def flow_list(values) -> str:
    return "[" + ", ".join(q(v, flow=True) for v in values) + "]"


# ---------------------------------------------------------------------------------------------

NEVER = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


class Gen:
    def __init__(self, seed: int, language: str, tz: ZoneInfo, departments: list[str], settings: dict):
        self.rng = random.Random(seed)
        self.lang = language
        self.tz = tz
        self.departments = departments
        self.categories = list(settings["categories"])
        self.channels = list(settings["channels"])
        self.severities = list(settings["severities"])
        topics = ZH_TOPICS if language == "zh" else EN_TOPICS
        self.topics = [self._fit(t, i) for i, t in enumerate(topics)]
        self.topic_weights = [3 if t.get("room") else 1.5 if (t.get("praise") or t.get("inquiry")) else 2
                              for t in self.topics]

    def _fit(self, topic: dict, i: int) -> dict:
        """Adapt a topic to the register's lists (departments, categories, channels, severities)."""
        t = dict(topic)
        deps = self.departments

        def dep(d, k):
            return d if d in deps else deps[(i + k) % len(deps)]
        t["dept"] = dep(t["dept"], 0)
        t["channels"] = [c for c in t["channels"] if c in self.channels] or self.channels
        t["cases"] = [dict(c, dept=dep(c.get("dept") or t["dept"], 0),
                           channels=[x for x in c.get("channels") or () if x in self.channels] or t["channels"])
                      for c in t["cases"]]
        t["deadline"] = {"food-beverage": 0, "engineering": 1, "finance": 2}.get(topic["dept"]) if not (
            topic.get("praise") or topic.get("inquiry")) else None
        if t["deadline"] == 0 and "critical" not in topic["sev"]:
            t["deadline"] = None
        t["assist"] = [a for a in dict.fromkeys(dep(a, k + 1) for k, a in enumerate(t["assist"])) if a != t["dept"]]
        cats = {c: w for c, w in t["cats"].items() if c in self.categories}
        t["cats"] = cats or {self.categories[i % len(self.categories)]: 1}
        sev = {s: w for s, w in t["sev"].items() if s in self.severities}
        t["sev"] = sev or {self.severities[-1]: 1}
        t["verifier"] = dep("quality", 3)
        return t

    # -- random helpers
    def pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def weighted(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def hours(self, lo: float, hi: float) -> dt.timedelta:
        """A duration between lo and hi hours, uniform on a log scale (many quick, a few slow)."""
        return dt.timedelta(hours=math.exp(self.rng.uniform(math.log(lo), math.log(hi))))

    def daytime(self, t: dt.datetime) -> dt.datetime:
        """Office work happens 08:00–22:00 local: move night-time events to the next morning."""
        local = t.astimezone(self.tz)
        if local.hour < 8:
            local = local.replace(hour=8, minute=self.rng.randrange(0, 60, 5))
        elif local.hour >= 22:
            local = (local + dt.timedelta(days=1)).replace(hour=8, minute=self.rng.randrange(0, 60, 5))
        return local

    def grid(self, t: dt.datetime, minutes: int = 5) -> dt.datetime:
        """Round up to the minute grid, in local time (keeps order)."""
        local = t.astimezone(self.tz)
        extra = (-local.minute) % minutes
        if local.second or local.microsecond:
            extra = extra or minutes
        out = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=extra)
        return out.astimezone(self.tz)

    def ts(self, t: dt.datetime) -> str:
        return t.astimezone(self.tz).replace(microsecond=0).isoformat()

    def slots(self, received: dt.datetime) -> dict:
        r = self.rng
        local = received.astimezone(self.tz)
        floor = r.randint(3, 22)
        vals = {k: self.pick(v) for k, v in SLOT_VALUES[self.lang].items()}
        vals.update(room=f"{floor}{r.randint(1, 36):02d}", room2=f"{r.randint(3, 22)}{r.randint(1, 36):02d}",
                    floor=floor, n=r.randint(2, 9), n1=1, n2=r.randint(10, 60), temp=r.randint(26, 31),
                    temp2=r.randint(22, 25), minutes=r.choice([15, 20, 25, 30, 40, 45, 50, 60, 90]),
                    amount=r.choice([68, 88, 128, 200, 268, 300, 388, 500, 680, 1000]), days=r.randint(3, 12),
                    lift=r.randint(1, 6), month=local.month, time=local.strftime("%H:%M"))
        vals["place"] = vals["place"].format(floor=floor)
        return vals

    def text(self, template: str, slots: dict) -> str:
        return template.format_map(slots)

    # -- one item
    def received_times(self, n: int, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        span = (end - start).total_seconds()
        days = int(span // 86400)
        out = []
        for _ in range(n):
            day = start + dt.timedelta(days=self.rng.randrange(days))
            # hour of receipt: mostly during the day, some in the evening and at night
            hour = self.rng.choices(range(24), weights=[1, 1, 0.5, 0.5, 0.5, 1, 2, 4, 6, 8, 8, 8,
                                                         7, 7, 8, 8, 7, 6, 6, 6, 6, 5, 4, 2])[0]
            local = day.astimezone(self.tz).replace(hour=hour, minute=self.rng.randrange(0, 60, 5),
                                                    second=0, microsecond=0)
            local = local.astimezone(self.tz)       # normalise the offset (daylight saving)
            if start <= local < end:
                out.append(local)
            else:
                out.append(start + dt.timedelta(seconds=self.rng.uniform(0, span - 3600)))
                out[-1] = self.grid(out[-1])
        out.sort()
        return out

    def item(self, item_id: str, received: dt.datetime, as_of: dt.datetime, by_topic: dict) -> tuple:
        r, lang = self.rng, self.lang
        ti = r.choices(range(len(self.topics)), weights=self.topic_weights)[0]
        t = self.topics[ti]
        s = self.slots(received)
        category = self.weighted(t["cats"])
        severity = self.weighted(t["sev"])
        praise_or_inquiry = t.get("praise") or t.get("inquiry")

        # outcome and the events of the item's life (simulated; those after as_of did not happen yet)
        roll = r.random()
        outcome = "normal"
        if not praise_or_inquiry and category in ("complaint", "quality") and roll < 0.06:
            outcome = "rejected"
        elif not praise_or_inquiry and roll > 0.965 and by_topic.get(ti):
            outcome = "duplicate"
        age = as_of - received
        stall = None
        if r.random() < (0.004 if age > dt.timedelta(days=365) else 0.012 if age > dt.timedelta(days=60) else 0.05):
            stall = r.choice(["new", "assigned", "in-progress", "in-progress", "on-hold", "verifying"])

        crit, major = severity == "critical", severity == "major"
        ack_h = (0.05, 1.5) if crit else (0.1, 8) if major else (0.2, 20)
        late = 1.0 if r.random() > 0.07 else r.uniform(3, 10)
        ack = received + self.hours(*ack_h) * late
        ack = self.grid(ack if crit else self.daytime(ack))
        resp_h = (0.3, 12) if crit else (1, 40) if major else (2, 72)
        late = 1.0 if r.random() > 0.08 else r.uniform(2, 5)
        responded = self.grid(max(ack, self.daytime(ack + self.hours(*resp_h) * late)))

        data: dict = {"id": item_id}
        case = self.pick(t["cases"])
        channel = self.pick(case["channels"])
        title = self.text(self.pick(case["titles"]), s)
        if category == "complaint":
            title += self.pick(SUFFIXES[lang] + (ROOM_SUFFIXES[lang] if t.get("room") else []))
        data["title"] = title
        data["received"] = self.ts(received)
        data["channel"] = channel
        data["category"] = category
        data["severity"] = severity

        reporter_type = t.get("reporter")
        if reporter_type == "employee" or channel in ("inspection", "meeting"):
            reporter = {"type": "employee", "anonymous": False, "ref": f"EMP-{r.randint(1, 2999):04d}"}
        else:
            kind, prefix, digits, _ = r.choices(REPORTERS, weights=[w[3] for w in REPORTERS])[0]
            if channel == "online" and kind == "guest" and r.random() < 0.5:
                prefix = "REV"
            if r.random() < 0.08:
                reporter = {"type": kind, "anonymous": True}
            else:
                reporter = {"type": kind, "anonymous": False, "ref": f"{prefix}-{r.randrange(10 ** (digits - 1), 10 ** digits)}"}
        location = self.text(t["loc"], s) if t.get("loc") else None
        tags = r.sample(t["tags"], k=min(len(t["tags"]), r.randint(1, 3)))

        group = "staff" if reporter["type"] == "employee" else "customer" if reporter["type"] == "customer" else "guest"
        openings = OPENINGS[lang][group].get(channel) or OPENINGS[lang]["guest"].get(channel) or [""]
        opening = self.text(self.pick(openings), s)
        body = self.text(case["body"], s)
        closing = self.pick(CLOSINGS[lang]) if category == "complaint" else ""
        sep = "" if lang == "zh" else " "
        if "\n" in body:
            description = f"{opening}\n\n{body}" + (f"\n\n{closing}" if closing else "")
        else:
            description = sep.join(x for x in (opening, body, closing) if x)
            if len(description) > 60 and lang == "zh" and r.random() < 0.5:
                description = f"{opening}\n\n{body}" + (f"\n\n{closing}" if closing else "")

        deadline = None
        if (crit or major) and t.get("deadline") is not None and r.random() < 0.05:
            name, value, reason = DEADLINE_REASONS[lang][t["deadline"]]
            deadline = {name: value, "reason": reason}

        dept = case["dept"]
        assisting = []
        if t["assist"] and r.random() < 0.45:
            assisting = [a for a in r.sample(t["assist"], k=r.randint(1, len(t["assist"]))) if a != dept]
        if stall:     # rejected or duplicate items stall before their decision
            stall = stall if outcome == "normal" else ("new" if stall == "new" else "assigned")

        # the timeline: every event's time, NEVER for what a stall keeps from happening
        if stall == "new":
            ack = responded = NEVER
        elif stall == "assigned":
            responded = NEVER
        timeline = [(ack, "assigned")]
        holds, actions, related = [], [], []
        reply = verification = closed = analysis = None
        if outcome == "rejected":
            analysis = self.pick(REJECT[lang][0])
            if responded != NEVER:
                reply = (self.grid(responded + self.hours(0.1, 4)), self.pick(REJECT[lang][1]))
            timeline.append((responded, "rejected"))
        elif outcome == "duplicate":
            related = [self.pick(by_topic[ti][-5:])]
            decided = NEVER if NEVER in (ack, responded) else self.grid(self.daytime(ack + self.hours(0.2, 24)))
            responded = NEVER                    # a duplicate gets no response of its own
            analysis, reply_text = DUPLICATE[lang]
            reply = (decided, reply_text) if decided != NEVER else None
            timeline.append((decided, "duplicate"))
        elif responded != NEVER:
            if not praise_or_inquiry and case["analysis"]:
                analysis = self.text(case["analysis"], s)
            timeline.append((responded, "in-progress"))
            hold_from = hold_until = None
            if stall == "on-hold" or (not praise_or_inquiry and r.random() < 0.05):
                hold_from = self.grid(self.daytime(responded + self.hours(2, 72)))
                hold_until = NEVER if stall == "on-hold" else self.grid(self.daytime(hold_from + self.hours(20, 300)))
                holds.append((hold_from, hold_until, self.pick(HOLD_REASONS[lang])))
                timeline += [(hold_from, "on-hold"), (hold_until, "in-progress")]
            plan = []
            if case["temp"] and r.random() < 0.75:
                plan.append(("temporary", self.pick(case["temp"]), ack + self.hours(0.1, 6)))
            for text in case["corr"]:
                span = (12, 100) if crit else (24, 240) if major else (24, 400)
                plan.append(("corrective", text, responded + self.hours(*span)))
            if t["prev"] and r.random() < 0.6:
                plan.append(("preventive", self.pick(t["prev"]), responded + self.hours(72, 700)))
            never_done = stall == "in-progress" and any(k != "temporary" for k, _, _ in plan)
            all_done = max(responded, hold_until or responded)
            for kind, text, planned in plan:
                late = 1.0 if r.random() > 0.1 else r.uniform(1.5, 3)
                done = planned if kind == "temporary" else responded + (planned - responded) * late
                if hold_from and kind != "temporary" and done >= hold_from:
                    done = NEVER if hold_until == NEVER else done + (hold_until - hold_from)
                if never_done and kind != "temporary":
                    done, never_done = NEVER, False
                done = NEVER if done == NEVER else self.grid(self.daytime(done))
                due = (planned + dt.timedelta(hours=8)).astimezone(self.tz).date().isoformat()
                owner = dept if kind == "temporary" or not assisting or r.random() < 0.6 else self.pick(assisting)
                actions.append({"kind": kind, "text": self.text(text, s), "owner": owner, "due": due, "done": done})
                all_done = max(all_done, done)
            if stall == "in-progress":
                all_done = NEVER
            if t["reply"] and (r.random() < 0.85 or not plan):   # a closed item has actions or a reply
                reply = (self.grid(self.daytime(responded + self.hours(0.1, 30))), self.text(self.pick(t["reply"]), s))
            timeline.append((all_done, "verifying"))
            if all_done != NEVER:
                ver_at = self.grid(self.daytime(all_done + self.hours(8, 170)))
                result = "effective" if r.random() < 0.93 else "partly-effective"
                verification = (ver_at, result, t["verifier"], self.text(self.pick(t["note"]), s))
                closed = NEVER if stall == "verifying" else self.grid(self.daytime(ver_at + self.hours(0.2, 48)))
                timeline.append((closed, "closed"))

        # the status is the last stage reached by as_of; fields show what happened by then
        status = "new"
        for when, stage in timeline:
            if when <= as_of:
                status = stage

        def seen(when):
            return when is not None and when <= as_of

        if status != "new":
            data["department"] = dept
            if assisting:
                data["assisting"] = assisting
        data["status"] = status
        data["reporter"] = reporter
        if location:
            data["location"] = location
        data["tags"] = tags
        data["description"] = description
        if deadline:
            data["deadlines"] = deadline
        if status != "new":
            data["acknowledged_at"] = self.ts(ack)
        handled = status not in ("new", "assigned")
        if handled and seen(responded):
            data["responded_at"] = self.ts(responded)
        if holds and seen(holds[0][0]):
            h_from, h_until, reason = holds[0]
            entry = {"from": self.ts(h_from)}
            if seen(h_until):
                entry["until"] = self.ts(h_until)
            entry["reason"] = reason
            data["holds"] = [entry]
        if analysis and handled:
            data["analysis"] = analysis
        if actions and "responded_at" in data:
            data["actions"] = [dict({k: a[k] for k in ("kind", "text", "owner", "due")},
                                    **({"done_at": self.ts(a["done"])} if seen(a["done"]) else {}))
                               for a in actions]
        if reply and handled and seen(reply[0]):
            data["reply"] = {"text": reply[1], "at": self.ts(reply[0]),
                             "channel": channel if channel in REPLY_CHANNELS else "phone"}
        if verification and status in ("verifying", "closed") and seen(verification[0]):
            data["verification"] = {"result": verification[1], "at": self.ts(verification[0]),
                                    "by": verification[2], "note": verification[3]}
        if status == "closed":
            data["closed_at"] = self.ts(closed)
            if reporter["type"] in ("guest", "customer") and not reporter["anonymous"] and r.random() < 0.6:
                data["satisfaction"] = r.choices([5, 4, 3, 2, 1], weights=[40, 35, 15, 7, 3])[0]
        if related:
            data["related"] = related
        elif by_topic.get(ti) and r.random() < 0.02:
            data["related"] = [self.pick(by_topic[ti][-20:])]
        return data, ti

    def render(self, d: dict) -> str:
        out = [f"id: {d['id']}\n", f"title: {q(d['title'])}\n", f"received: {d['received']}\n",
               f"channel: {d['channel']}\n", f"category: {d['category']}\n", f"severity: {d['severity']}\n"]
        if "department" in d:
            out.append(f"department: {d['department']}\n")
        if d.get("assisting"):
            out.append(f"assisting: {flow_list(d['assisting'])}\n")
        out.append(f"status: {d['status']}\n")
        rep = d["reporter"]
        ref = f", ref: {rep['ref']}" if "ref" in rep else ""
        out.append(f"reporter: {{type: {rep['type']}, anonymous: {'true' if rep['anonymous'] else 'false'}{ref}}}\n")
        if "location" in d:
            out.append(f"location: {q(d['location'])}\n")
        if d.get("tags"):
            out.append(f"tags: {flow_list(d['tags'])}\n")
        out.append(block("description", d["description"]))
        if "deadlines" in d:
            out.append("deadlines:\n")
            for k, v in d["deadlines"].items():
                out.append(f"  {k}: {q(v)}\n")
        for key in ("acknowledged_at", "responded_at"):
            if key in d:
                out.append(f"{key}: {d[key]}\n")
        if "holds" in d:
            out.append("holds:\n")
            for h in d["holds"]:
                out.append(f"  - from: {h['from']}\n")
                if "until" in h:
                    out.append(f"    until: {h['until']}\n")
                out.append(f"    reason: {q(h['reason'])}\n")
        if "analysis" in d:
            out.append(block("analysis", d["analysis"]))
        if d.get("actions"):
            out.append("actions:\n")
            for a in d["actions"]:
                out.append(f"  - kind: {a['kind']}\n    text: {q(a['text'])}\n    owner: {a['owner']}\n    due: {a['due']}\n")
                if "done_at" in a:
                    out.append(f"    done_at: {a['done_at']}\n")
        if "reply" in d:
            rp = d["reply"]
            out.append("reply:\n" + block("text", rp["text"], "  ") + f"  at: {rp['at']}\n  channel: {rp['channel']}\n")
        if "verification" in d:
            v = d["verification"]
            out.append(f"verification:\n  result: {v['result']}\n  at: {v['at']}\n  by: {v['by']}\n"
                       + block("note", v["note"], "  "))
        if "closed_at" in d:
            out.append(f"closed_at: {d['closed_at']}\n")
        if "satisfaction" in d:
            out.append(f"satisfaction: {d['satisfaction']}\n")
        if d.get("related"):
            out.append(f"related: {flow_list(d['related'])}\n")
        return "".join(out)


# ---------------------------------------------------------------------------------------------
# settings, departments, mkdocs.yml

def _register_yaml(language: str, n: int, seed: int) -> str:
    header = f"# Synthetic register for benchmarks: {n} items, seed {seed} (benchmarks/generate_register.py).\n"
    if language == "zh":
        text = (SAMPLE / "register.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title: .*$", "title: 前卫大酒店信息反馈台账(合成数据)", text, count=1)

        def extend(match, dates):
            old = re.findall(r"\d{4}-\d{2}-\d{2}", match.group(0))
            new = sorted(set(old) | set(dates))
            new = [d for d in new if d in old or dt.date.fromisoformat(d).weekday() < 5 or match.group(1) == "extra_workdays"]
            return f"  {match.group(1)}: [" + ", ".join(new) + "]"
        holidays = [d for year in CN_HOLIDAYS.values() for d in year]
        text = re.sub(r"(?ms)^  (holidays): \[[^\]]*\]", lambda m: extend(m, holidays), text, count=1)
        text = re.sub(r"(?ms)^  (extra_workdays): \[[^\]]*\]", lambda m: extend(m, CN_EXTRA_WORKDAYS), text, count=1)
    else:
        text = (FIXTURE_EN / "register.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title: .*$", "title: Harbour View Hotel feedback register (synthetic)", text, count=1)
        text = re.sub(r"(?ms)^  (holidays): \[([^\]]*)\]",
                      lambda m: "  holidays: [" + ", ".join(sorted(set(UK_HOLIDAYS) | set(
                          re.findall(r"\d{4}-\d{2}-\d{2}", m.group(2))))) + "]", text, count=1)
    return header + text


def _tolerant_load(text: str):
    class Loader(yaml.SafeLoader):
        pass

    def unknown(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)
    Loader.add_multi_constructor("!", unknown)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", unknown)
    return yaml.load(text, Loader=Loader)


def _mkdocs_yml(out: Path, language: str, title: str) -> None:
    """The repository's mkdocs.yml, with its docs_dir and theme overrides copied next to it."""
    text = MKDOCS_YML.read_text(encoding="utf-8")
    conf = _tolerant_load(text) or {}
    theme = conf.get("theme") if isinstance(conf.get("theme"), dict) else {}
    for rel in [conf.get("docs_dir", "docs"), theme.get("custom_dir")]:
        if rel and not Path(rel).is_absolute() and (ROOT / rel).is_dir():
            shutil.copytree(ROOT / rel, out / rel, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    for hook in conf.get("hooks") or []:
        if isinstance(hook, str) and (ROOT / hook).is_file():
            (out / hook).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / hook, out / hook)
    text = re.sub(r"(?m)^site_name: .*$", "site_name: " + json.dumps(title, ensure_ascii=False), text, count=1)
    if language == "en":
        from generator.labels import LABELS  # the plugin's own English labels for the nav
        en = LABELS["en"]
        names = {"index.md": en["dashboard"], "register/index.md": en["ledger"],
                 "departments/index.md": en["departments"], "overdue/index.md": en["overdue"], "about.md": "About",
                 "fields/index.md": en["fields"], "import.md": "Importing a ledger"}
        text = re.sub(r"(?m)^(\s*- )[^:\n]+: (\S+\.md)\s*$",
                      lambda m: f"{m.group(1)}{names.get(m.group(2), Path(m.group(2)).stem)}: {m.group(2)}", text)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} is not empty and was not written by this script; choose an empty folder")
    if (out / "register").exists():
        shutil.rmtree(out / "register")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by benchmarks/generate_register.py; may be overwritten\n")


def generate(out_dir, n: int, seed: int = 1, language: str = "zh", as_of: str | dt.datetime = DEFAULT_AS_OF,
             years: float = 3.0, mkdocs: bool = True) -> dict:
    """Write a synthetic project into ``out_dir``; return a summary (paths, counts, seconds)."""
    started = time.perf_counter()
    if language not in ("zh", "en"):
        raise ValueError("language must be zh or en")
    out = Path(out_dir)
    _prepare(out)
    reg = out / "register"
    (reg / "items").mkdir(parents=True)
    settings_text = _register_yaml(language, n, seed)
    (reg / "register.yaml").write_text(settings_text, encoding="utf-8")
    shutil.copy2(SAMPLE / "departments.yaml", reg / "departments.yaml")
    if "\nreminders:" not in settings_text:   # the English settings have no reminder channels: no contacts either
        text = (reg / "departments.yaml").read_text(encoding="utf-8")
        (reg / "departments.yaml").write_text(re.sub(r"\n    remind:\n(?:      .*\n)*", "\n", text), encoding="utf-8")
    settings = yaml.safe_load(settings_text)
    departments = [d["id"] for d in yaml.safe_load((SAMPLE / "departments.yaml").read_text(encoding="utf-8"))["departments"]]
    tz = ZoneInfo(settings["timezone"])
    prefix = settings["id_prefix"]
    as_of_dt = as_of if isinstance(as_of, dt.datetime) else dt.datetime.fromisoformat(as_of)
    if as_of_dt.tzinfo is None:
        raise ValueError(f"as_of needs a time zone, e.g. {as_of_dt.isoformat()}+08:00")
    end = as_of_dt - dt.timedelta(hours=2)
    start = (end - dt.timedelta(days=round(365.25 * years))).astimezone(tz).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0)
    start = start.replace(month=start.month % 12 + 1, year=start.year + (start.month == 12))  # first full month

    g = Gen(seed, language, tz, departments, settings)
    received = g.received_times(n, start, end)
    seq: Counter = Counter()
    by_topic: dict[int, list[str]] = {}
    statuses: Counter = Counter()
    made_dirs: set = set()
    for when in received:
        local = when.astimezone(tz)
        seq[local.year] += 1
        item_id = f"{prefix}-{local.year}-{seq[local.year]:04d}"
        data, ti = g.item(item_id, local, as_of_dt, by_topic)
        by_topic.setdefault(ti, []).append(item_id)
        statuses[data["status"]] += 1
        folder = reg / "items" / f"{local.year:04d}" / f"{local.month:02d}"
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        (folder / f"{item_id}.yaml").write_text(g.render(data), encoding="utf-8")
    if mkdocs:
        _mkdocs_yml(out, language, settings["title"])
    return {"out": str(out), "register": str(reg), "items": n, "seed": seed, "language": language,
            "as_of": as_of_dt.isoformat(), "first": received[0].isoformat() if received else None,
            "last": received[-1].isoformat() if received else None, "statuses": dict(sorted(statuses.items())),
            "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write a deterministic synthetic feedback register (and mkdocs.yml).")
    p.add_argument("out_dir", metavar="OUT_DIR", help="project folder to write (register/, mkdocs.yml, docs/)")
    p.add_argument("--items", type=int, default=1000, help="number of items (default 1000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--language", choices=("zh", "en"), default="zh")
    p.add_argument("--as-of", default=DEFAULT_AS_OF, metavar="ISO",
                   help=f"no event after this time; validate and build with the same --as-of (default {DEFAULT_AS_OF})")
    p.add_argument("--years", type=float, default=3.0, help="how many years the items span (default 3)")
    args = p.parse_args(argv)
    summary = generate(args.out_dir, args.items, args.seed, args.language, args.as_of, args.years)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
