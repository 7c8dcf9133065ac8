"""The import's report in the register's language: a line per sheet (rows read, items written or to
be written, rows skipped and why), then every problem as ``FILE:SHEET!ROW:COLUMN: CODE message``,
then a closing line."""
from __future__ import annotations

from ..labels import Labels
from .plan import ImportResult

WORDS = {
    "zh": {"sheet": "{file}:{sheet}{encoding}(表头第 {header} 行):读取 {read} 行,{verb} {items} 条{extra}",
           "would": "将写入", "wrote": "写入", "blank": "空行 {n}", "subtotal": "合计/小计 {n}", "notes": "备注行 {n}",
           "since": "早于 --since {n}", "before": "已导入过 {n}", "failed": "有问题 {n}", "skipped": ",跳过 {parts}",
           "noheader": "{file}:{sheet}:没有表头,已跳过", "encoding": "({enc})", "sep": "、",
           "ok_dry": "试运行:将写入 {n} 个事项({statuses}),没有写入任何文件。",
           "ok": "已写入 {n} 个事项({statuses})。", "none": "没有新的行需要导入。",
           "overdue": "其中 {n} 个未结事项导入后即为逾期。",
           "bad": "有 {n} 个错误:没有写入任何文件。请修正台账或映射文件后重新导入。",
           "recovered": "已先撤销一次被中断的导入(删除了 {n} 个文件)。"},
    "en": {"sheet": "{file}:{sheet}{encoding} (header at row {header}): {read} rows read, {items} items {verb}{extra}",
           "would": "would be written", "wrote": "written", "blank": "{n} blank", "subtotal": "{n} subtotal",
           "notes": "{n} notes", "since": "{n} before --since", "before": "{n} imported before",
           "failed": "{n} with problems", "skipped": "; skipped: {parts}",
           "noheader": "{file}:{sheet}: no header row, skipped", "encoding": " ({enc})", "sep": ", ",
           "ok_dry": "Dry run: {n} items would be written ({statuses}); no file was written.",
           "ok": "{n} items written ({statuses}).", "none": "No new rows to import.",
           "overdue": "{n} of the open items are overdue as soon as they are imported.",
           "bad": "{n} errors: no file was written. Correct the ledger or the mapping and import again.",
           "recovered": "An interrupted import was undone first ({n} files removed)."},
}


def text(result: ImportResult) -> str:
    w = WORDS.get(result.lang, WORDS["en"])
    t = Labels(result.lang)
    lines = []
    if result.rolled_back is not None:
        lines.append(w["recovered"].format(n=result.rolled_back))
    for s in result.summaries:
        if s.header_row is None:
            lines.append(w["noheader"].format(file=s.file, sheet=s.sheet))
            continue
        parts = [w[k].format(n=getattr(s, k)) for k in ("blank", "subtotal", "notes", "since", "before", "failed")
                 if getattr(s, k)]
        extra = w["skipped"].format(parts=w["sep"].join(parts)) if parts else ""
        enc = w["encoding"].format(enc=s.encoding) if s.encoding else ""
        lines.append(w["sheet"].format(file=s.file, sheet=s.sheet, encoding=enc, header=s.header_row, read=s.read,
                                       items=s.items, verb=w["would"] if result.dry_run or not result.ok else w["wrote"],
                                       extra=extra))
    for f in result.findings.items:
        lines.append(f.line())
    errors = len(result.findings.errors)
    statuses = w["sep"].join(f"{t(k)} {n}" for k, n in sorted(result.by_status.items(), key=lambda kv: -kv[1]))
    n = len(result.planned)
    if errors:
        lines.append(w["bad"].format(n=errors))
    elif not n:
        lines.append(w["none"])
    else:
        lines.append((w["ok_dry"] if result.dry_run else w["ok"]).format(n=n, statuses=statuses))
        if result.overdue:
            lines.append(w["overdue"].format(n=result.overdue))
    return "\n".join(lines) + "\n"
