"""Message catalogue: every problem code with its severity and its text in English and Chinese.

Codes are stable (tests, CI annotations and users' scripts rely on them); texts may improve.
Templates use ``str.format`` fields named after the arguments the checks pass.
"""
from __future__ import annotations

E, W = "error", "warning"

# how to fix personal data found in an item (privacy-*)
_PRIVACY_FIX = ("; the register is published: remove it or replace it by an opaque reference (like reporter.ref), "
                "or, if it is deliberate and may be published, mark an exception: "
                "privacy_exceptions: {{\"{field}\": reason}}",
                ";台账是公开发布的:请删除或改用不透明编号(如 reporter.ref);如确属有意且可以公开,请标注例外:"
                "privacy_exceptions: {{\"{field}\": 原因}}")

# code: (severity, English, Chinese)
MESSAGES: dict[str, tuple[str, str, str]] = {
    # files and YAML
    "file-unreadable": (E, "cannot read the file: {reason}", "无法读取文件:{reason}"),
    "cache-committed": (E, "files under .cache/ are committed to git: a cache is local, never part of a change; "
                        "remove them (git rm -r --cached .cache) — until then no cache is used",
                        "git 中提交了 .cache/ 下的文件:缓存只属于本机,不能随变更提交;请移除(git rm -r --cached .cache),"
                        "在此之前不使用任何缓存"),
    "file-symlink": (E, "symbolic links are not allowed in the register; replace it by the file itself",
                     "台账中不允许符号链接,请换成文件本身"),
    "file-too-large": (E, "the file is {size} bytes; an item may be at most {limit} bytes",
                       "文件有 {size} 字节,单个事项最多 {limit} 字节"),
    "file-extension": (E, "item files must end in .yaml; rename it to {suggestion}",
                       "事项文件须以 .yaml 结尾,请改名为 {suggestion}"),
    "file-location": (E, "item files belong in items/YYYY/MM/<id>.yaml; this one is at {where}",
                      "事项文件应放在 items/YYYY/MM/<编号>.yaml,此文件位于 {where}"),
    "file-stray": (W, "not an item file; only .yaml items belong under items/", "不是事项文件;items/ 下只应有 .yaml 事项"),
    "yaml-encoding": (E, "the file is not UTF-8 text{hint}; save it as UTF-8",
                      "文件不是 UTF-8 编码{hint};请以 UTF-8 保存"),
    "yaml-bom": (W, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
                 "文件以字节顺序标记(BOM)开头;请保存为无 BOM 的 UTF-8"),
    "yaml-control-char": (E, "invisible control character {char} is not allowed; delete it",
                          "不允许不可见的控制字符 {char},请删除"),
    "yaml-syntax": (E, "YAML syntax error: {detail}", "YAML 语法错误:{detail}"),
    "yaml-empty": (E, "the file is empty", "文件为空"),
    "yaml-multi-document": (E, "the file holds more than one YAML document (a second '---'); keep one",
                            "文件含有多个 YAML 文档(第二个 '---');只保留一个"),
    "yaml-not-mapping": (E, "the file must be a mapping of fields (key: value), not {got}",
                         "文件内容必须是“字段: 值”的映射,而不是 {got}"),
    "yaml-duplicate-key": (E, "field `{key}` appears twice (first at line {first_line}); keep one",
                           "字段 `{key}` 出现了两次(第一次在第 {first_line} 行);只保留一个"),
    "yaml-alias": (E, "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
                   "不允许使用 YAML 锚点和别名(&name、*name);请直接写出值"),
    "yaml-tag": (E, "YAML tags such as `{tag}` are not allowed; write a plain value",
                 "不允许使用 `{tag}` 这样的 YAML 标签;请写普通的值"),
    "yaml-key-type": (E, "field names must be plain text, not a list or mapping", "字段名必须是普通文本,不能是列表或映射"),
    "yaml-too-deep": (E, "values are nested more than {limit} levels deep", "值的嵌套超过 {limit} 层"),
    "yaml-too-many-nodes": (E, "the file has more than {limit} values", "文件中的值超过 {limit} 个"),
    "settings-alias-unknown": (E, "alias `{alias}` names {kind} `{target}`, which the register does not have ({allowed})",
                               "别名 `{alias}` 指向的{kind} `{target}` 不存在(可选:{allowed})"),
    # what people type (userinput.py): fbreg new, fbreg set, fbreg import
    "input-when": (E, "cannot read `{value}` as a date and time; write e.g. 2026-12-01 10:00, 2026/12/01 10:00,"
                   " 2026年12月1日 10:00, 2026-12-01 (00:00) or now",
                   "无法识别日期时间“{value}”;请写成 2026-12-01 10:00、2026/12/01 10:00、2026年12月1日 10:00、"
                   "2026-12-01(即 0 点)或 now"),
    "input-choice-unknown": (E, "unknown {kind} `{value}`; did you mean {suggestions}?",
                             "没有“{value}”这个{kind};您是不是要写:{suggestions}?"),
    "input-choice-none": (E, "unknown {kind} `{value}`; choose one of {suggestions}",
                          "没有“{value}”这个{kind};请从以下选择:{suggestions}"),
    "input-choice-ambiguous": (E, "`{value}` could mean more than one {kind}: {suggestions}; write the code",
                               "“{value}”可能指多个{kind}:{suggestions};请写代码"),
    "input-kind-category": (E, "category", "类别"),
    "input-kind-channel": (E, "channel", "渠道"),
    "input-kind-severity": (E, "severity", "等级"),
    "input-kind-status": (E, "status", "状态"),
    "input-kind-department": (E, "department", "部门"),
    "calendar-year-missing": (W, "the calendar lists no holidays or make-up working days for {year} (it has {listed});"
                              " deadlines in {year} ({n} items) count every working weekday, holidays included:"
                              " add {year}'s holidays and extra_workdays (调休) to calendar in register.yaml",
                              "日历中没有 {year} 年的节假日和调休上班日(现有:{listed});{year} 年的期限({n} 个事项)"
                              "按每个工作日计算,节假日也算在内:请在 register.yaml 的 calendar 中补上 {year} 年的"
                              " holidays 和 extra_workdays(调休)"),
    "problems-omitted": (E, "… and {n} more problems in this file ({errors} of them errors), not shown; fix these"
                         " first, or see them all with --max-per-file 0",
                         "……此文件另有 {n} 个问题未显示(其中 {errors} 个错误);请先修正以上问题,"
                         "或用 --max-per-file 0 显示全部"),
    # schema
    "schema-required": (E, "missing required field `{field}`{where}", "缺少必填字段 `{field}`{where}"),
    "schema-unknown-field": (E, "unknown field `{field}`{hint}", "未知字段 `{field}`{hint}"),
    "schema-type": (E, "`{field}` must be {expected}; got {got}", "`{field}` 必须是{expected};实际是 {got}"),
    "schema-ambiguous-bool": (E, "`{field}` must be true or false; `{value}` is ambiguous in YAML, write {suggestion}",
                              "`{field}` 必须是 true 或 false;`{value}` 在 YAML 中有歧义,请写 {suggestion}"),
    "schema-enum": (E, "`{field}` must be one of {allowed}; got `{value}`{hint}", "`{field}` 必须是以下之一:{allowed};实际是 `{value}`{hint}"),
    "schema-pattern": (E, "`{field}` has the wrong form: {rule}; got `{value}`", "`{field}` 格式不对:{rule};实际是 `{value}`"),
    "schema-too-short": (E, "`{field}` is too short (at least {limit})", "`{field}` 太短(至少 {limit})"),
    "schema-too-long": (E, "`{field}` is too long (at most {limit})", "`{field}` 太长(最多 {limit})"),
    "schema-range": (E, "`{field}` must be between {low} and {high}; got {value}", "`{field}` 必须在 {low} 到 {high} 之间;实际是 {value}"),
    "schema-unique": (E, "`{field}` lists the same entry twice", "`{field}` 中有重复的条目"),
    "schema-invalid": (E, "`{field}` is not valid: {detail}", "`{field}` 无效:{detail}"),
    # rules
    "id-file-name": (E, "id `{id}` does not match the file name `{name}`; they must be equal",
                     "编号 `{id}` 与文件名 `{name}` 不一致,两者必须相同"),
    "id-prefix": (E, "id `{id}` must start with the register's prefix `{prefix}-`", "编号 `{id}` 必须以本台账的前缀 `{prefix}-` 开头"),
    "id-year": (E, "id `{id}` carries year {id_year} but the item was received in {year}",
                "编号 `{id}` 的年份是 {id_year},但事项接收于 {year} 年"),
    "id-duplicate": (E, "id `{id}` is also used by {other}; every id must be unique (give this item the next free id)",
                     "编号 `{id}` 已被 {other} 使用;编号必须唯一(请改用下一个空闲编号)"),
    "file-month": (E, "the item was received in {month} ({tz}), so the file belongs in items/{folder}/",
                   "事项接收于 {month}({tz}),文件应放在 items/{folder}/ 下"),
    "timestamp-format": (E, "`{field}` must be a date and time like 2026-11-18T21:40:00+08:00; got `{value}`",
                         "`{field}` 必须是形如 2026-11-18T21:40:00+08:00 的日期时间;实际是 `{value}`"),
    "timestamp-no-zone": (E, "`{field}` has no time zone; add it, e.g. `{example}`", "`{field}` 缺少时区;请补上,例如 `{example}`"),
    "date-format": (E, "`{field}` must be a date like 2026-11-25 or a date and time with time zone; got `{value}`",
                    "`{field}` 必须是形如 2026-11-25 的日期或带时区的日期时间;实际是 `{value}`"),
    "timestamp-order": (E, "`{field}` ({value}) is earlier than `{other}` ({other_value})",
                        "`{field}`({value})早于 `{other}`({other_value})"),
    "timestamp-future": (E, "`{field}` ({value}) is in the future", "`{field}`({value})是将来的时间"),
    "duration-format": (E, "`{field}` must be a date and time with time zone or a duration like 48h or 3bd; got `{value}`",
                        "`{field}` 必须是带时区的日期时间或形如 48h、3bd 的时长;实际是 `{value}`"),
    "department-missing": (E, "status `{status}` needs a responsible `department`", "状态为 `{status}` 时必须填写责任部门 `department`"),
    "closed-without-closed-at": (E, "a closed item needs `closed_at`", "已结案的事项必须填写 `closed_at`"),
    "closed-without-verification": (E, "a closed item needs a `verification` of the actions' effect",
                                    "已结案的事项必须填写措施效果的跟踪验证 `verification`"),
    "closed-at-not-closed": (E, "`closed_at` is set but the status is `{status}`; set status to closed or remove closed_at",
                             "填写了 `closed_at` 但状态是 `{status}`;请把状态改为 closed 或删除 closed_at"),
    "new-but-handled": (W, "status is `new` but `{field}` is set; set the status to assigned or later",
                        "状态是 `new` 但已填写 `{field}`;请把状态改为 assigned 或之后的状态"),
    "duplicate-without-original": (E, "a duplicate must name the item it duplicates first in `related`",
                                   "重复事项必须在 `related` 的第一项写明原事项"),
    "related-unknown": (E, "`{field}` names `{id}`, which is not in the register", "`{field}` 引用的 `{id}` 不在台账中"),
    "related-self": (E, "`{field}` names the item itself", "`{field}` 引用了事项本身"),
    "hold-missing": (E, "status is on-hold but no pause in `holds` is open (a pause without `until`)",
                     "状态是 on-hold,但 `holds` 中没有未结束的暂停(没有 `until` 的暂停)"),
    "hold-open": (E, "a pause in `holds` has no `until` but the status is `{status}`; add when the pause ended",
                  "`holds` 中有暂停没有 `until`,但状态是 `{status}`;请填写暂停结束时间"),
    "hold-overlap": (E, "pause {n} starts before the previous pause ended", "第 {n} 次暂停在上一次暂停结束前开始"),
    "text-invisible-char": (E, "`{field}` contains the invisible character {char}, which can disguise text; delete it",
                            "`{field}` 含有可伪装文字的不可见字符 {char},请删除"),
    # personal data (generator/privacy.py); {value} is always masked
    "privacy-phone": (E, "`{field}` contains a phone number ({value})" + _PRIVACY_FIX[0],
                      "`{field}` 含有电话号码({value})" + _PRIVACY_FIX[1]),
    "privacy-email": (E, "`{field}` contains an e-mail address ({value})" + _PRIVACY_FIX[0],
                      "`{field}` 含有电子邮件地址({value})" + _PRIVACY_FIX[1]),
    "privacy-id-number": (E, "`{field}` contains a resident ID number ({value})" + _PRIVACY_FIX[0],
                          "`{field}` 含有居民身份证号码({value})" + _PRIVACY_FIX[1]),
    "privacy-bank-card": (E, "`{field}` contains a bank card number ({value})" + _PRIVACY_FIX[0],
                          "`{field}` 含有银行卡号({value})" + _PRIVACY_FIX[1]),
    "privacy-licence-plate": (E, "`{field}` contains a licence plate ({value})" + _PRIVACY_FIX[0],
                              "`{field}` 含有车牌号({value})" + _PRIVACY_FIX[1]),
    "privacy-exception-stale": (W, "`privacy_exceptions` names `{field}`, where no personal data is found (any more); "
                                "remove the exception",
                                "`privacy_exceptions` 列出的 `{field}` 中(已)没有个人信息;请删除这条例外"),
    # attachments (generator/attachments.py)
    "attachment-unknown-item": (E, "`{folder}` is not the id of an item in the register; an item's photos belong in "
                                "attachments/<its id>/",
                                "`{folder}` 不是台账中事项的编号;事项的照片应放在 attachments/<事项编号>/ 下"),
    "attachment-location": (E, "attachments go directly in attachments/<item id>/, one file per photo: no files in "
                            "attachments/ itself and no subfolders",
                            "附件应直接放在 attachments/<事项编号>/ 下,每张照片一个文件:attachments/ 本身不放文件,也不要建子文件夹"),
    "attachment-name": (E, "the file name `{name}` is not allowed: use letters, digits, `.`, `_` and `-` (starting with a "
                        "letter or digit, no `..`, at most 100 characters), ending in .jpg, .jpeg, .png, .webp or .gif",
                        "文件名 `{name}` 不允许:只能用字母、数字和 `.`、`_`、`-`(以字母或数字开头,不含 `..`,"
                        "最多 100 个字符),并以 .jpg、.jpeg、.png、.webp 或 .gif 结尾"),
    "attachment-too-large": (E, "the file is {size} bytes; an attachment may be at most {limit} bytes: make the photo smaller",
                             "文件有 {size} 字节,单个附件最多 {limit} 字节:请缩小照片"),
    "attachment-too-many": (E, "item {id} has {count} attachments; at most {limit} per item",
                            "事项 {id} 有 {count} 个附件;每个事项最多 {limit} 个"),
    "attachment-type": (E, "the file is {what}, not a JPEG, PNG, WebP or GIF image (checked by its content, not its name); "
                        "only photos are published",
                        "文件是{what},不是 JPEG、PNG、WebP 或 GIF 图片(按内容而非文件名判断);只发布照片"),
    "attachment-extension": (E, "the file is a {actual} image but its name ends in `{ext}`; rename it to `{suggestion}`",
                             "文件是 {actual} 图片,但文件名以 `{ext}` 结尾;请改名为 `{suggestion}`"),
    "attachment-metadata": (W, "the photo carries metadata (EXIF, XMP, comments or other data, which can hold the place "
                            "it was taken, the camera and its owner); the site leaves it out, but the repository and "
                            "its history keep it: strip it before committing: {command}",
                            "照片带有元数据(EXIF、XMP、注释等,可能含拍摄地点、相机及其所有人);网站不会发布这些数据,"
                            "但仓库及其历史会保留:请在提交前去除:{command}"),
    "attachment-corrupt": (E, "the {format} image cannot be read safely ({detail}); save it again from a photo editor",
                           "无法安全读取此 {format} 图片({detail});请用图片软件重新保存"),
    # settings
    "settings-missing": (E, "the register's settings file is missing: {file}", "缺少台账设置文件:{file}"),
    "settings-timezone": (E, "unknown time zone `{value}`; use an IANA name such as Asia/Shanghai",
                          "未知时区 `{value}`;请使用 Asia/Shanghai 这样的 IANA 名称"),
    "settings-date": (E, "`{field}` is not a real date: `{value}`", "`{field}` 不是有效日期:`{value}`"),
    "settings-hours": (E, "working hours must start before they end; got `{value}`", "工作时间的开始必须早于结束;实际是 `{value}`"),
    "settings-department-duplicate": (E, "department id `{id}` is used twice", "部门编号 `{id}` 重复"),
    "settings-department-parent": (E, "department `{id}` names an unknown parent `{parent}`", "部门 `{id}` 的上级 `{parent}` 不存在"),
    "settings-holiday-workday": (E, "{value} is listed both as a holiday and as a make-up working day",
                                 "{value} 同时列为节假日和调休工作日"),
    "settings-public-holidays": (E, "cannot add public holidays for `{value}`: {reason}", "无法添加 `{value}` 的法定节假日:{reason}"),
    "settings-escalation-order": (E, "escalation levels must be listed from the shortest `after` to the longest",
                                  "升级规则必须按 `after` 从短到长排列"),
    # reminders (generator/remind): settings and the record of what was sent
    "settings-secret": (E, "`{field}` holds {what}: secrets never go into the repository (it is shared, with its "
                        "history); put it in an environment variable (a CI secret) and name the variable here, "
                        "e.g. `{fix}`",
                        "`{field}` 中写有密钥或其类似物({what}):密钥不能写进仓库(仓库及其历史是共享的);"
                        "请把它放进环境变量(CI 的 secret),这里只写变量名,例如 `{fix}`"),
    "settings-reminder-level": (E, "`{value}` is not an escalation level of register.yaml (levels: {levels})",
                                "`{value}` 不是 register.yaml 中的升级级别(已有:{levels})"),
    "settings-reminder-severity": (E, "`{value}` is not a severity of register.yaml", "`{value}` 不是 register.yaml 中的等级"),
    "settings-reminder-office": (E, "`{value}` is not a department in departments.yaml", "`{value}` 不是 departments.yaml 中的部门"),
    "settings-reminder-channel": (E, "`{value}` is not a channel of register.yaml reminders.channels (known: {known})",
                                  "`{value}` 不是 register.yaml reminders.channels 中的渠道(已有:{known})"),
    "settings-reminder-channel-field": (E, "channel `{name}` ({type}) needs `{field}`", "渠道 `{name}`({type})需要填写 `{field}`"),
    "settings-reminder-no-smtp": (E, "e-mail addresses are given, but register.yaml has no reminders.email (the mail server)",
                                  "填写了电子邮件地址,但 register.yaml 没有设置 reminders.email(邮件服务器)"),
    "reminder-record-line": (E, "not a record of a sent reminder: {detail}", "不是一条催办发送记录:{detail}"),
    "reminder-record-name": (E, "records of reminders are named after the month they were sent, YYYY-MM.jsonl; "
                             "this one is {name}", "催办记录文件按发送月份命名为 YYYY-MM.jsonl;此文件名为 {name}"),
    "reminder-record-month": (E, "`at` ({at}) is not in {month}, the month of this file", "`at`({at})不在本文件的月份 {month} 内"),
    "reminder-record-item": (E, "names the item `{id}`, which is not in the register", "记录的事项 `{id}` 不在台账中"),
    "reminder-record-stray": (W, "not a record of reminders; only YYYY-MM.jsonl files belong in reminders/",
                              "不是催办记录;reminders/ 下只应有 YYYY-MM.jsonl 文件"),
    # history (fbreg audit); {commit} is the commit that caused the finding
    "audit-shallow": (W, "this is a shallow clone, so the audit trail is incomplete; fetch the whole history "
                      "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout)",
                      "这是浅克隆,审计记录不完整;请获取完整历史(git fetch --unshallow,或在 actions/checkout 中设 fetch-depth: 0)"),
    "audit-item-deleted": (E, "the item file was deleted in commit {commit}; items are withdrawn by status "
                           "(rejected or duplicate), never deleted",
                           "事项文件在提交 {commit} 中被删除;事项只能通过状态(不予受理、重复)撤销,不能删除"),
    "audit-id-reused": (E, "commit {commit} gives this file the id {id}, already used by {other}; an id is never reused",
                        "提交 {commit} 使用了编号 {id},而 {other} 已用过此编号;编号不得重复使用"),
    "audit-status-transition": (E, "commit {commit} changes the status {old} → {new}, which is not allowed "
                                "(a closed item is reopened with a `Reopen: reason` line in the commit message; "
                                "`new` is only the first status)",
                                "提交 {commit} 将状态由 {old} 改为 {new},这是不允许的(已结案事项须在提交说明中写"
                                "“重新打开: 原因”才能重新打开;“新登记”只能是最初状态)"),
    "audit-closed-edited": (E, "commit {commit} edits the {status} item ({fields}) without reopening it",
                            "提交 {commit} 修改了状态为 {status} 的事项({fields}),但没有重新打开"),
    "audit-backdated": (E, "`{field}` says {claimed}, but commit {commit} recorded it only at {recorded} ({basis}), "
                        "more than {tolerance} later: deadlines measured from it are not reliable",
                        "`{field}` 填写为 {claimed},但提交 {commit} 直到 {recorded}({basis})才记录,晚于允许的 {tolerance}:"
                        "据此计算的期限不可靠"),
    "audit-timestamp-after-record": (E, "`{field}` says {claimed}, later than commit {commit} that recorded it "
                                     "({recorded}, {basis}): it was written before it happened",
                                     "`{field}` 填写为 {claimed},晚于记录它的提交 {commit}({recorded},{basis}):"
                                     "记录时尚未发生"),
    "audit-direct-push": (E, "commit {commit} ({when}) changed the register on {branch} without a merge or approval",
                          "提交 {commit}({when})未经合并或批准直接修改了 {branch} 上的台账"),
    "audit-history-rewritten": (E, "the history was rewritten: {previous}, the head the last audit checked ({when}), "
                                "is no longer in the history of {head}",
                                "历史被改写:上次审计检查的 {previous}({when})已不在 {head} 的历史中"),
    # branches and edits
    "id-taken-on-base": (E, "id {id} is already taken on {base} (by {other}); give this item the next free id: "
                         "fbreg renumber {id} --base {base}",
                         "编号 {id} 在 {base} 上已被占用({other});请给本事项换用下一个空闲编号:"
                         "fbreg renumber {id} --base {base}"),
    "edit-unknown-id": (E, "no item has the id {id}", "没有编号为 {id} 的事项"),
    "edit-bad-assignment": (E, "`{assignment}` is not a field=value assignment (the id cannot be set; use fbreg renumber)",
                            "`{assignment}` 不是“字段=值”的形式(编号不能这样修改,请用 fbreg renumber)"),
    "edit-status-transition": (E, "the status cannot change {old} → {new}: `new` is only the first status, and a "
                               "closed, rejected or duplicate item is reopened with --reopen REASON",
                               "状态不能由 {old} 改为 {new}:“新登记”只能是最初状态;已结案、不予受理或重复的事项须用 "
                               "--reopen 原因 重新打开"),
    "edit-final": (E, "the item is {status}: {fields} cannot change unless it is reopened (--reopen REASON)",
                   "事项状态为 {status}:除非重新打开(--reopen 原因),否则 {fields} 不能修改"),
    "audit-recusal": (E, "commit {commit} was approved by {person}, whom the item involves; someone else must approve it",
                      "提交 {commit} 由本事项涉及的 {person} 批准;应由其他人批准"),
    # fbreg import (generator/importer): the ledger's cells are named FILE:SHEET!ROW:COLUMN
    "import-xls": (E, "{file} is an old Excel 97–2003 workbook (.xls), which is not read (the libraries for it are "
                   "unmaintained); open it in Excel or WPS and save it as an Excel workbook (.xlsx), or export CSV",
                   "{file} 是旧版 Excel 97–2003 工作簿(.xls),不能直接读取(读取它的程序库已无人维护);请在 Excel 或 WPS "
                   "中打开,另存为“Excel 工作簿(.xlsx)”,或导出为 CSV"),
    "import-format": (E, "{file}: cannot import a `{suffix}` file; give an .xlsx workbook or a .csv/.tsv file",
                      "{file}:不能导入 `{suffix}` 文件;请提供 .xlsx 工作簿或 .csv/.tsv 文件"),
    "import-unreadable": (E, "cannot read {file}: {reason}", "无法读取 {file}:{reason}"),
    "import-encoding": (E, "{file} is neither UTF-8 nor GB18030/GBK text (an unreadable byte at {position}); save it "
                        "as CSV UTF-8", "{file} 既不是 UTF-8 也不是 GB18030/GBK 文本(第 {position} 字节无法识别);"
                        "请另存为“CSV UTF-8”"),
    "import-sheet-unknown": (E, "there is no sheet `{sheet}` (sheets: {sheets})", "没有名为“{sheet}”的工作表(现有:{sheets})"),
    "import-no-header": (W, "no header row found in the first 30 rows (headings such as 日期, 反馈内容, 责任部门); "
                         "the sheet is skipped; give header_row in the mapping if it has one",
                         "前 30 行中没有找到表头(如 日期、反馈内容、责任部门);已跳过此工作表;如确有表头,请在映射文件中写明 header_row"),
    "import-column-unmapped": (E, "column `{name}` holds data but is not in the mapping: map it to a field, to note "
                               "(added to the description) or to ignore", "“{name}”列有数据,但映射文件中没有它:"
                               "请把它对应到某个字段、note(附在反馈内容后)或 ignore(不导入)"),
    "import-column-no-heading": (E, "this column holds data but has no heading: give it one in the header row, so the "
                                 "mapping can name it", "此列有数据但没有表头:请在表头行为它写上列名,以便在映射文件中对应"),
    "import-needs-default": (E, "the ledger has no {kind} column: give one in the mapping, e.g. defaults: {{{kind}: …}}",
                             "台账没有{kind}列:请在映射文件中给出默认值,例如 defaults: {{{kind}: …}}"),
    "import-no-received": (E, "the row has no date of receipt", "此行没有接收日期"),
    "import-no-content": (E, "the row has values but no feedback text (description or title)",
                          "此行有数据,但没有反馈内容(描述或标题)"),
    "import-year-unknown": (E, "`{value}` has no year, and none is in the sheet's name, its title rows or the file's "
                            "name; give year: in the mapping", "“{value}”没有写年份,工作表名、标题行和文件名中也没有;"
                            "请在映射文件中写明 year:"),
    "import-reporter-type": (E, "unknown reporter type `{value}`; one of {allowed}", "没有“{value}”这种反馈人类型;可选:{allowed}"),
    "import-ref-form": (E, "`{value}` is not an opaque reference (letters, digits and . _ : / -, never a phone number or "
                        "name); map this column to reporter (turned into a reference) instead",
                        "“{value}”不是不透明编号(只能由字母、数字和 . _ : / - 组成,不能是电话或姓名);请把此列对应为 reporter"
                        "(会转换为编号)"),
    "import-satisfaction": (E, "cannot read `{value}` as a satisfaction from 1 to 5; add it under values: satisfaction:",
                            "无法把“{value}”识别为 1–5 的满意度;请在映射文件 values: satisfaction: 中写明"),
    "import-verification-unknown": (W, "cannot tell from `{value}` whether the measures worked; the text goes into the "
                                    "description (add the wording under values: verification:)",
                                    "无法从“{value}”判断措施是否有效;这段文字已附在反馈内容后(可在映射文件 values: "
                                    "verification: 中写明)"),
    "import-personal-data": (E, "`{name}` contains a {what} ({value}): the register is published; remove it from the "
                             "ledger, or set redact: true in the mapping to replace such data by [removed]",
                             "“{name}”中含有个人信息({what}:{value}):台账是公开发布的;请从台账中删除,或在映射文件中设 "
                             "redact: true,将其替换为[已删除]"),
    "import-redacted": (W, "a {what} ({value}) was replaced by [removed] (redact: true)",
                        "{what}({value})已替换为[已删除](redact: true)"),
    "import-personal-columns": (W, "columns {columns} hold personal data: they are not written; each reporter is "
                                "referenced by an opaque reference ({example}, a keyed hash: see {env})",
                                "{columns} 列含有个人信息:不会写入台账;反馈人以不透明编号表示({example},带密钥的哈希,见 {env})"),
    "import-key-random": (W, "{env} is not set: this run's reporter references are made with a random key and will not "
                          "match those of another run (set {env} to a secret kept outside the repository)",
                          "未设置 {env}:本次导入的反馈人编号使用随机密钥生成,与其他次导入的编号对不上(请把 {env} 设为"
                          "保存在仓库之外的密钥)"),
    "import-closed-unverified": (W, "{n} row(s) are completed in the ledger but record no verification: imported as "
                                 "verifying (map a follow-up column to verification, or state assume_verified in the mapping)",
                                 "{n} 行在台账中已完成,但没有验证记录:按“跟踪验证”状态导入(可把回访/验证列对应为 verification,"
                                 "或在映射文件中写明 assume_verified)"),
    "import-closed-no-date": (W, "{n} row(s) are closed in the ledger without a completion date: imported as in-progress",
                              "{n} 行在台账中已结案,但没有完成时间:按“处理中”状态导入"),
    "import-no-department": (W, "{n} row(s) were handled but name no department: imported as new (give a department "
                             "column or defaults: {{department: …}})",
                             "{n} 行已处理但没有责任部门:按“新登记”状态导入(请提供责任部门列或 defaults: {{department: …}})"),
    "import-personal-ref": (W, "{n} reporter(s) referenced by an opaque reference instead of their name or number",
                            "{n} 个反馈人以不透明编号代替姓名或电话"),
    "import-interrupted": (E, "an import was interrupted and left some files: run fbreg import --recover to undo it "
                           "(the next fbreg import does it too)", "有一次导入被中断,留下了部分文件:请运行 "
                           "fbreg import --recover 撤销(下一次 fbreg import 也会先撤销)"),
    "import-recovered": (W, "an interrupted import was undone first ({n} file(s) removed)",
                         "已先撤销一次被中断的导入(删除了 {n} 个文件)"),
    "import-busy": (E, "another import is running in this register (or was interrupted: fbreg import --recover)",
                    "此台账正在进行另一次导入(或导入被中断:请运行 fbreg import --recover)"),
    "import-clash": (E, "{file} appeared while importing (someone recorded an item meanwhile): nothing was imported; "
                     "run the import again", "导入期间出现了 {file}(有人同时登记了事项):本次没有导入任何内容;请重新导入"),
    "import-mapping-missing": (E, "the mapping file {file} does not exist", "映射文件 {file} 不存在"),
    "import-mapping-code": (E, "{detail}", "{detail}"),
    "import-mapping-twice": (E, "`{target}` can come from one column only; it is given for {columns}",
                             "`{target}` 只能对应一列,但有多列对应它:{columns}"),
    "import-mapping-key": (E, "key names `{column}`, which is not among the columns or is a personal column (reporter, "
                           "phone, contact: never part of the key)", "key 中的“{column}”不在 columns 中,或是个人信息列"
                           "(reporter、phone、contact 不能作为 key)"),
}


def render(code: str, lang: str, args: dict) -> tuple[str, str]:
    severity, en, zh = MESSAGES[code]
    template = zh if lang == "zh" else en
    try:
        return severity, template.format(**args)
    except (KeyError, IndexError):  # a missing argument must never hide the problem itself
        return severity, template
