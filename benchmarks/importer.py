"""fbreg import at scale: a 20 000-row workbook into a copy of the sample register.

    python benchmarks/importer.py [--rows 20000] [--work DIR] [--keep] [--write-readme]

(with the project's ``.venv/bin/python``, made by ``make site``.) It writes a ledger as offices keep it
(12 monthly sheets of 2024, each with a merged title row and the usual headings; dates as date cells and
as text, Excel serial numbers, departments by their Chinese names, names and phone numbers in their
columns), then times, each in a fresh process (wall time and peak RSS from ``os.wait4``, as run.py does):

1. **baseline**: opening the workbook with openpyxl in read-only mode and reading every cell, the
   least any importer must do;
2. ``fbreg import --dry-run``: everything but writing (read, convert, ids, validation against the register);
3. ``fbreg import``: the same and writing every item (all or none);
4. ``fbreg import`` again: nothing new (every row recognised as imported before);
5. ``fbreg validate`` of the register with the 20 000 imported items.

With ``--write-readme`` the table goes into benchmarks/README.md between the ``import-results`` markers.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
from pathlib import Path

from common import HERE, load, write_block

ROOT = HERE.parent
README = HERE / "README.md"
START, END = "<!-- import-results:start -->", "<!-- import-results:end -->"
DEPARTMENTS = ["前厅部", "客房部", "餐饮部", "工程部", "保安部", "销售部", "财务部"]
CATEGORIES = ["投诉", "建议", "表扬", "咨询", "质量问题", "安全隐患"]
TEXTS = ["客房空调噪音大,影响休息。", "早餐品种少,希望增加粥类。", "前台办理入住等候时间过长。", "停车场照明不足。",
         "浴室地漏堵塞积水。", "会议室投影仪无法连接电脑。", "客房Wi-Fi信号弱。", "宴会上菜速度慢。"]
BASELINE = r"""
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for ws in book.worksheets:
    for row in ws.iter_rows():
        for cell in row:
            n += cell.value is not None
print(n)
"""
MAPPING = ROOT / "docs" / "examples" / "2025客户投诉台账.mapping.yaml"   # the same columns as the example ledger


def write_ledger(path: Path, rows: int, seed: int = 1) -> None:
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    per_month = -(-rows // 12)
    written = 0
    for month in range(1, 13):
        ws = book.create_sheet(f"{month}月")
        ws.append(["2024年客户投诉台账"])
        ws.append(["序号", "日期", "反馈人/来源", "联系电话", "反馈内容", "问题类别", "责任部门", "处理措施", "处理结果",
                   "完成时间", "回访情况", "备注"])
        for n in range(1, min(per_month, rows - written) + 1):
            day = dt.datetime(2024, month, rng.randint(1, 28), rng.choice([0, 9, 14, 20]), rng.choice([0, 30]))
            received = (day if rng.random() < 0.5 else day.strftime("%Y/%m/%d %H:%M") if day.hour
                        else f"{month}月{day.day}日" if rng.random() < 0.5 else (day - dt.datetime(1899, 12, 30)).days)
            done = rng.random() < 0.8
            finished = day + dt.timedelta(days=rng.randint(0, 6))
            ws.append([n, received, f"{rng.randint(1, 30)}{rng.randint(1, 40):02d}房 客人{rng.randint(1, 999)}",
                       f"13{rng.randint(100000000, 999999999)}", rng.choice(TEXTS) + f"(第{written + n}条)",
                       rng.choice(CATEGORIES), rng.choice(DEPARTMENTS), "已安排处理" if done else "",
                       "已解决" if done else "", finished.date() if done else None,
                       rng.choice(["满意", "基本满意", ""]) if done else "", ""])
        written += min(per_month, rows - written)
    book.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    run = load("run")
    work = args.work or Path(tempfile.mkdtemp(prefix="fbreg-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ledger, mapping, reg = work / "ledger.xlsx", MAPPING, work / "register"
    write_ledger(ledger, args.rows)
    shutil.rmtree(reg, ignore_errors=True)
    shutil.copytree(ROOT / "register", reg)
    py, logs = sys.executable, work / "logs"
    fbreg = [py, "-m", "generator"]
    env_key = ["env", "FBREG_IMPORT_KEY=benchmark"]
    steps = [("baseline: openpyxl read-only, every cell", [py, "-c", BASELINE, ledger]),
             ("fbreg import --dry-run", env_key + fbreg + ["import", ledger, "--mapping", mapping, "--register", reg,
                                                          "--dry-run"]),
             ("fbreg import (writes every item)", env_key + fbreg + ["import", ledger, "--mapping", mapping,
                                                                     "--register", reg]),
             ("fbreg import again (nothing new)", env_key + fbreg + ["import", ledger, "--mapping", mapping,
                                                                     "--register", reg]),
             ("fbreg validate (with the imported items)", fbreg + ["validate", "--register", reg])]
    results = []
    for n, (label, cmd) in enumerate(steps):
        step = run.timed(f"step{n}", cmd, ROOT, logs)
        results.append((label, step))
        print(f"{label}: {step['seconds']:.1f} s, peak {step['peak_rss_mb']:.0f} MB, exit {step['exit']}",
              file=sys.stderr)
    written = len(list((reg / "items").rglob("*.yaml"))) - len(list((ROOT / "register" / "items").rglob("*.yaml")))
    base = results[0][1]["seconds"]
    m = run.machine()
    lines = [f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%M}+00:00 with `benchmarks/importer.py --rows "
             f"{args.rows}`: a workbook of {args.rows:,} rows in 12 sheets ({ledger.stat().st_size / 2**20:.1f} MB), "
             f"imported into a copy of the sample register ({written:,} items written). Machine: {m['nproc']} CPUs, "
             f"{m['cpu']}; Python {m['python']}; load average {m['load_average']} when it started.", "",
             "| step | wall time | × baseline | peak RSS | exit |", "|---|---:|---:|---:|---:|"]
    for label, step in results:
        lines.append(f"| {label} | {step['seconds']:.1f} s | ×{step['seconds'] / base:.1f} | "
                     f"{step['peak_rss_mb']:.0f} MB | {step['exit']} |")
    table = "\n".join(lines)
    print(table)
    if args.write_readme:
        write_block(README, START, END, table, "## Importing a ledger (importer.py)\n\n")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(s["exit"] == 0 for _, s in results) else 1


if __name__ == "__main__":
    sys.exit(main())
