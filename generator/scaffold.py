"""``fbreg init DIR``: a new register repository, ready to record items and publish its site.

It writes the register's settings and two example departments (to be edited), mkdocs.yml with the
site theme, a Makefile whose ``make site`` installs the tool and builds the site, ``constraints.txt``
(the versions of the tool's dependencies it was tested with), the JSON schemas (for editors), the CI
templates (GitHub Actions, GitLab CI), the pre-commit hook, a README for the staff, and runs
``git init``. It never overwrites a file: an existing one is reported and left as it is.

What ``make site`` and CI install (``package``) defaults to where the running tool came from: its
folder for a checkout or a local install, ``git+URL@commit`` for an install from git, else the
released version (``feedback-register==X``).
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import gitlog

LANGUAGES = ("zh", "en")
DISTRIBUTION = "feedback-register"
# The tool's own tests (its locks, its newest-dependencies job): not a register's business.
TOOL_ONLY_WORKFLOWS = {"tests.yml"}
TOOL_ONLY_BLOCK = re.compile(r"\n# ── The tool's own tests \(fbreg init leaves this part out[^\n]*\n.*?"
                             r"\n# ── end of the tool's own tests[^\n]*\n?", re.S)
# the install line of the tool's own CI (its checkout, its lock); a register's installs the package
TOOL_INSTALL = ("python -m pip install --require-hashes -r requirements/site.lock"
                " && python -m pip install --no-deps --no-build-isolation .")


def resource(name: str) -> Path:
    """A file or folder shipped with the tool: inside the package (wheel) or beside it (checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources" / name, here.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} is missing from the installation")


@dataclass
class Scaffold:
    title: str
    language: str = "zh"
    timezone: str = "Asia/Shanghai"
    prefix: str = "FB"
    repository: str = ""
    package: str = ""            # empty: installed_package()
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


REGISTER_YAML = """\
# {title} — register settings. Every field is documented in the tool's schema/register.schema.json.
title: {title_q}
language: {language}              # zh | en — the site's labels and the command line's messages
timezone: {timezone}
id_prefix: {prefix}                # item ids look like {prefix}-2026-0001
repository: {repository_q}        # the web address of this repository (edit links, the submit page)
branch: main
owners: []                      # git user names who approve settings and items no department has taken
calendar:
  workdays: [mon, tue, wed, thu, fri]
  hours: "09:00-18:00"
{holidays}categories: [complaint, suggestion, quality, safety, praise, inquiry, internal]
channels: [phone, email, comment-card, walk-in, online, meeting, inspection, letter]
severities:                     # deadlines: h elapsed hours, d days, wh working hours, bd working days
  critical: {{acknowledge: 2h,  respond: 24h, resolve: 5bd}}
  major:    {{acknowledge: 1bd, respond: 48h, resolve: 10bd}}
  minor:    {{acknowledge: 1bd, respond: 3bd, resolve: 20bd}}
escalation:
  - {{after: 0h,  level: department}}
  - {{after: 1bd, level: department-head}}
  - {{after: 3bd, level: general-manager}}
backdating_tolerance: 2bd
# Other words staff type for a category, channel, severity or status (the label, e.g. 投诉, always works):
# aliases:
#   category: {{客诉: complaint}}
#   severity: {{严重: major}}
# 催办 (fbreg remind, the scheduled remind workflow): who is chased about deadlines due soon or breached.
# Secrets never go here, only the NAMES of the environment variables (CI secrets) that hold them; each
# department's contacts go under `remind:` in departments.yaml. The README's "Reminders" has every field.
# reminders:
#   remind_before: {{critical: 1wh, major: 4wh, minor: 4wh}}
#   levels: {{department-head: [quality]}}
#   email: {{host: smtp.example.com, port: 587, security: starttls, username: feedback@example.com,
#           password_env: FBREG_SMTP_PASSWORD, from: feedback@example.com}}
#   channels:
#     quality-wecom: {{type: wecom, key_env: FBREG_WECOM_QUALITY_KEY}}
"""

# The holidays a register starts with: mainland China's (the same block as the sample register's, a
# test keeps them equal) for zh; none for en (list yours, or public_holidays: GB with the holidays package).
HOLIDAYS = {
    "zh": """\
  # 法定节假日与调休 (State Council notices): the working days that are holidays, and the weekend days
  # that are working days. 2027: the statutory days only, until the State Council's 2027 notice is
  # added with its make-up working days (调休).
  holidays: [
    # 2025: 元旦 1/1; 春节 1/28–2/4; 清明 4/4; 劳动节 5/1–5/5; 端午 6/2; 国庆·中秋 10/1–10/8
    2025-01-01, 2025-01-28, 2025-01-29, 2025-01-30, 2025-01-31, 2025-02-03, 2025-02-04, 2025-04-04,
    2025-05-01, 2025-05-02, 2025-05-05, 2025-06-02, 2025-10-01, 2025-10-02, 2025-10-03, 2025-10-06,
    2025-10-07, 2025-10-08,
    # 2026: 元旦 1/1–1/3; 春节 2/15–2/23; 清明 4/4–4/6; 劳动节 5/1–5/5; 端午 6/19–6/21; 中秋 9/25–9/27; 国庆 10/1–10/7
    2026-01-01, 2026-01-02, 2026-02-16, 2026-02-17, 2026-02-18, 2026-02-19, 2026-02-20, 2026-02-23,
    2026-04-06, 2026-05-01, 2026-05-04, 2026-05-05, 2026-06-19, 2026-09-25, 2026-10-01, 2026-10-02,
    2026-10-05, 2026-10-06, 2026-10-07,
    # 2027 (statutory): 元旦 1/1; 春节 2/5–2/10; 清明 4/5; 劳动节 5/3–5/4; 端午 6/9; 中秋 9/15; 国庆 10/1–10/5
    2027-01-01, 2027-02-05, 2027-02-08, 2027-02-09, 2027-02-10, 2027-04-05, 2027-05-03, 2027-05-04,
    2027-06-09, 2027-09-15, 2027-10-01, 2027-10-04, 2027-10-05,
  ]
  extra_workdays: [
    2025-01-26, 2025-02-08, 2025-04-27, 2025-09-28, 2025-10-11,   # 2025 调休上班
    2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09, 2026-09-20, 2026-10-10,   # 2026 调休上班
  ]
""",
    "en": """\
  holidays: []                  # YYYY-MM-DD; or public_holidays: CN / GB / … with the holidays package
  extra_workdays: []            # make-up working days on weekends
""",
}

DEPARTMENTS_YAML = {
    "zh": """\
# 部门:事项分派给这些部门。reviewers 是审批本部门事项变更的 git 用户名。请改成贵单位的部门。
departments:
  - id: front-office
    name: {zh: 前厅部, en: Front Office}
    aliases: [前台, 总台]          # 其他叫法:fbreg new / set / import 都认,文件里写 id
    head: 前厅部经理
    reviewers: []
  - id: quality
    name: {zh: 质检办, en: Quality Office}
    aliases: [质检, 品质部]
    head: 质检办主任
    reviewers: []
""",
    "en": """\
# Departments that items are assigned to. `reviewers` are the git users who approve changes to their items.
departments:
  - id: front-office
    name: {en: Front Office}
    head: Front Office Manager
    reviewers: []
  - id: quality
    name: {en: Quality Office}
    head: Quality Manager
    reviewers: []
""",
}

NAV = {"zh": ["首页", "台账", "部门", "逾期", "提交反馈", "如何提交", "字段说明", "导入旧台账", "关于"],
       "en": ["Dashboard", "Register", "Departments", "Overdue", "Submit feedback", "How to submit", "Field reference",
              "Importing a ledger", "About"]}

MKDOCS_YML = """\
site_name: {title_q}
site_url: !ENV [SITE_URL, "{site_url}"]   # the published address; CI sets SITE_URL (feeds, sitemap)
docs_dir: docs
theme:
  name: material
  custom_dir: site_theme        # the site's language comes from register/register.yaml (language:)
  font: false                   # no web fonts: nothing is loaded from another origin
  features: [navigation.tabs, search.suggest]
nav:
{nav}
not_in_nav: |
  /items/
  /register/*/
  /departments/*/
plugins:
  - search
  - feedback-register:
      register: register
"""

MAKEFILE = """\
# `make site` installs the feedback-register tool into .venv and builds the site into site/.
# PACKAGE is what is installed (a pip requirement: a version, a folder or a git URL); its
# dependencies are held at the versions in constraints.txt, the ones the tool was tested with.
PYTHON  ?= python3
VENV    ?= .venv
PACKAGE ?= {package}
FBREG   ?= $(VENV)/bin/fbreg

.PHONY: site validate clean

$(VENV)/bin/fbreg: constraints.txt
\t$(PYTHON) -m venv $(VENV)
\t$(VENV)/bin/pip install --disable-pip-version-check -q -c constraints.txt "$(PACKAGE)"
\ttouch $@

validate: $(FBREG)
\t$(FBREG) validate

site: $(FBREG)
\t$(FBREG) validate
\t$(FBREG) build -d site

clean:
\trm -rf site .cache
"""

GITIGNORE = "site/\npublic/\n.cache/\n.venv/\n"

README = {
    "zh": """\
# {title}

本仓库是{title}:每条反馈是 `register/items/` 下的一个 YAML 文件,经审核合并后发布到网站。

- **提交反馈**:打开网站的“提交反馈”页,填写表单后按提示在代码托管平台上确认;或在本地运行 `fbreg new`。
- **更新事项**:点击事项页下方的“编辑此事项”,或运行 `fbreg set <编号> status=in-progress responded_at=now`。
- **生成网站**:`make site`(安装工具并生成 `site/`)。
- **设置**:`register/register.yaml`(期限、节假日、负责人)和 `register/departments.yaml`(部门与审批人)。
- **工具版本**:`make site` 安装 `Makefile` 中 `PACKAGE` 指定的 feedback-register,其依赖固定为
  `constraints.txt` 中经过测试的版本;`schema/` 是字段说明(供编辑器提示),校验以所安装工具自带的为准。
""",
    "en": """\
# {title}

This repository is the {title}: every piece of feedback is one YAML file under `register/items/`,
reviewed, merged and published on the site.

- **Submit feedback**: the site's *Submit* page (fill in the form, then confirm on the hosting
  service), or `fbreg new` on your computer.
- **Update an item**: the item page's *Edit this item* link, or `fbreg set <ID> status=in-progress responded_at=now`.
- **Build the site**: `make site` (installs the tool and builds `site/`).
- **Settings**: `register/register.yaml` (deadlines, holidays, owners) and `register/departments.yaml`
  (departments and their reviewers).
- **The tool's version**: `make site` installs the feedback-register named by `PACKAGE` in the
  `Makefile`, its dependencies held at the tested versions in `constraints.txt`. `schema/` documents
  the fields (editors use it for hints); `fbreg validate` uses the schemas of the installed tool.
""",
}


VSCODE_SETTINGS = {
    "yaml.schemas": {
        "./schema/item.schema.json": "register/items/**/*.yaml",
        "./schema/register.schema.json": "register/register.yaml",
        "./schema/departments.schema.json": "register/departments.yaml",
    },
    "files.encoding": "utf8",
}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def installed_package() -> str:
    """A pip requirement for the tool as it is installed here (PEP 610's direct_url.json)."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:   # run from a checkout that was never installed
        return str(Path(__file__).resolve().parent.parent)
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        direct = None
    if isinstance(direct, dict) and isinstance(direct.get("url"), str):
        url = direct["url"]
        vcs = direct.get("vcs_info")
        if isinstance(vcs, dict) and vcs.get("vcs") == "git":
            commit = vcs.get("commit_id") or vcs.get("requested_revision")
            return f"git+{url}@{commit}" if commit else f"git+{url}"
        if url.startswith("file://") and "dir_info" in direct:
            return unquote(urlparse(url).path)
        return url
    return f"{DISTRIBUTION}=={dist.version}"


def constraints(lock_text: str) -> str:
    """constraints.txt for a register: the tool's lock (requirements/site.lock) without its hashes,
    so pip holds each dependency at the tested version whatever the source of the tool itself."""
    pins = []
    for line in lock_text.splitlines():
        line = line.strip().removesuffix("\\").strip()
        if line and not line.startswith(("#", "--")):
            pins.append(line)
    return ("# The versions of feedback-register's dependencies that the tool was tested with (its\n"
            "# requirements/site.lock). `make site` and CI install with `pip install -c constraints.txt`,\n"
            "# so a new release of a dependency never reaches this register before the tool has passed with it.\n"
            "# To update: install the new tool version and run `fbreg init .` again after deleting this file.\n"
            + "\n".join(pins) + "\n")


def files(s: Scaffold) -> dict[str, str]:
    """Path (relative to the new repository) → text."""
    nav_files = ["index.md", "register/index.md", "departments/index.md", "overdue/index.md", "submit/index.md",
                 "how-to-submit.md", "fields/index.md", "import.md", "about.md"]
    nav = "\n".join(f"  - {label}: {path}" for label, path in zip(NAV[s.language], nav_files))
    out = {
        "register/register.yaml": REGISTER_YAML.format(title=s.title, title_q=_q(s.title), language=s.language,
                                                      holidays=HOLIDAYS[s.language],
                                                      timezone=s.timezone, prefix=s.prefix,
                                                      repository_q=_q(s.repository) if s.repository else '""'),
        "register/departments.yaml": DEPARTMENTS_YAML[s.language],
        "register/items/.gitkeep": "",
        "mkdocs.yml": MKDOCS_YML.format(title_q=_q(s.title), language=s.language, nav=nav,
                                        site_url="http://localhost:8000/"),
        "Makefile": MAKEFILE.format(package=s.package or installed_package()),
        ".gitignore": GITIGNORE,
        "README.md": README[s.language].format(title=s.title),
        "constraints.txt": constraints(resource("requirements/site.lock").read_text(encoding="utf-8")),
        ".vscode/settings.json": json.dumps(VSCODE_SETTINGS, indent=2) + "\n",
    }
    if not s.repository:
        out["register/register.yaml"] = out["register/register.yaml"].replace('repository: ""', "# repository: https://github.com/<owner>/<repo>")
    return out


def copied(s: Scaffold) -> dict[str, Path]:
    """Files copied from the tool: the site theme, the docs pages, CI templates, the pre-commit hook."""
    out: dict[str, Path] = {}
    theme = resource("site_theme")
    for path in theme.rglob("*"):
        if path.is_file():
            out[f"site_theme/{path.relative_to(theme).as_posix()}"] = path
    docs = resource("docs")
    for path in docs.rglob("*"):
        if path.is_file() and (path.suffix == ".md" or "howto" in path.parts):
            out[f"docs/{path.relative_to(docs).as_posix()}"] = path
    from .schemas import schema_dir

    for path in sorted(schema_dir().glob("*.schema.json")):
        out[f"schema/{path.name}"] = path
    for name in (".gitlab-ci.yml", ".pre-commit-config.yaml"):
        try:
            out[name] = resource(name)
        except FileNotFoundError:
            pass
    try:
        workflows = resource(".github/workflows")
        for path in workflows.glob("*.yml"):
            if path.name not in TOOL_ONLY_WORKFLOWS:
                out[f".github/workflows/{path.name}"] = path
    except FileNotFoundError:
        pass
    return out


def adapt_ci(text: str, package: str) -> str:
    """The tool's own CI installs its checkout from its lock; a register installs the package, held
    to the tested versions by constraints.txt. The tool's own test jobs are left out."""
    return TOOL_ONLY_BLOCK.sub("\n", text).replace(TOOL_INSTALL, f'python -m pip install -c constraints.txt "{package}"')


def init_register(dest: Path, s: Scaffold) -> Scaffold:
    dest.mkdir(parents=True, exist_ok=True)
    plan: dict[str, str | Path] = {**copied(s), **files(s)}
    for rel, source in sorted(plan.items()):
        target = dest / rel
        if target.exists():
            s.kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            if rel.startswith((".github/", ".gitlab-ci")):
                target.write_text(adapt_ci(source.read_text(encoding="utf-8"), s.package or installed_package()),
                                  encoding="utf-8")
            else:
                shutil.copyfile(source, target)
        else:
            target.write_text(source, encoding="utf-8", newline="\n")
        s.written.append(target)
    if gitlog.repo_root(dest) is None:
        gitlog.git(dest, "init", "-q", "-b", "main")
    return s
