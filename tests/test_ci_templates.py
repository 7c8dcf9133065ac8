"""The CI templates the repository ships (and `fbreg init` copies into every new register):
`.github/workflows/*.yml`, `.gitlab-ci.yml`, `.pre-commit-hooks.yaml` and `.pre-commit-config.yaml`.

* Each is valid against its published JSON schema, vendored in tests/schemas/ (offline).
* Every fbreg command line in them parses with fbreg's own argument parser.
* They do what the README promises: whole history wherever the history is read, annotations on
  pull requests, the audit state cached between runs, a scheduled site with deploy permissions,
  pre-commit hooks that route every register file to a check.
* Their shell steps, run with bash in real temporary repositories, validate a merge request, name
  the fix for an id already taken on the target branch, and audit a trial merge (not the branch's
  own commits, which would look like direct pushes).
"""
import copy
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from ruamel.yaml import YAML

from conftest import FIXTURE_EN, ROOT
from generator import cli, formats
from generator.problems import Problem

SCHEMAS = ROOT / "tests" / "schemas"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
REGISTER_YML = ROOT / ".github" / "workflows" / "register.yml"
PAGES_YML = ROOT / ".github" / "workflows" / "pages.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
PRECOMMIT = ROOT / ".pre-commit-config.yaml"

TEMPLATES = [(p, "github-workflow.json") for p in WORKFLOWS] + [
    (GITLAB, "gitlab-ci.json"),
    (HOOKS, "pre-commit-hooks.json"),
    (PRECOMMIT, "pre-commit-config.json"),
]
# Actions and the major versions the workflows are pinned to.
PINNED = {"actions/checkout": "v4", "actions/setup-python": "v5", "actions/cache": "v4",
          "actions/cache/restore": "v4", "actions/cache/save": "v4",
          "actions/upload-pages-artifact": "v3", "actions/deploy-pages": "v4", "actions/configure-pages": "v5"}
# the tool's own checkout with its locked dependencies; `fbreg init` (generator.scaffold.adapt_ci) rewrites exactly this
INSTALL_LINE = ("python -m pip install --require-hashes -r requirements/site.lock"
                " && python -m pip install --no-deps --no-build-isolation .")
HISTORY_READERS = ("audit", "build", "reviewers", "renumber")   # and `validate --base`


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def load(path: Path):
    """YAML 1.2, as GitHub and GitLab read it: `on:` stays the string "on" (PyYAML's 1.1 makes it True)."""
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


# -- schemas ---------------------------------------------------------------------------------------

def _registry() -> Registry:
    """Every vendored schema under its $id (pre-commit-hooks.json has none: under the address the
    config schema refers to it by). No retrieval is configured: an unknown reference fails, offline."""
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        uri = schema.get("$id") or f"https://json.schemastore.org/{path.name}"
        resources.append((uri.rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator(schema_name: str):
    schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=REGISTRY, format_checker=cls.FORMAT_CHECKER)


def errors(schema_name: str, doc) -> list[str]:
    return [f"{e.json_path}: {e.message[:300]}" for e in validator(schema_name).iter_errors(doc)]


@pytest.mark.parametrize("template,schema", TEMPLATES, ids=[rel(p) for p, _ in TEMPLATES])
def test_each_template_is_valid_against_its_schema(template, schema):
    assert template.is_file(), f"{rel(template)} is missing"
    assert errors(schema, load(template)) == []


def test_the_vendored_schemas_refer_only_to_each_other():
    known = set(REGISTRY)
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        base = (schema.get("$id") or f"https://json.schemastore.org/{path.name}").rstrip("#")
        refs = re.findall(r'"\$ref":\s*"([^"#][^"]*)"', path.read_text(encoding="utf-8"))
        for ref in refs:
            target = ref.split("#", 1)[0]
            absolute = target if "://" in target else base.rsplit("/", 1)[0] + "/" + target
            assert absolute in known, f"{path.name} refers to {ref}, which is not vendored"


BREAKAGES = {   # one wrong thing per template: the schema must catch it (it is not a schema that accepts anything)
    "github-workflow.json": lambda d: next(iter(d["jobs"].values())).pop("runs-on"),
    "gitlab-ci.json": lambda d: d["pages"].update(when="sometimes"),
    "pre-commit-hooks.json": lambda d: d[0].update(language="cobol"),
    # (not a missing `entry`: under draft-07 the schema's `required` beside a `$ref` is ignored)
    "pre-commit-config.json": lambda d: d["repos"][0]["hooks"][0].update(language="cobol"),
}


@pytest.mark.parametrize("template,schema", TEMPLATES, ids=[rel(p) for p, _ in TEMPLATES])
def test_the_schema_catches_a_broken_copy(template, schema):
    doc = copy.deepcopy(load(template))
    BREAKAGES[schema](doc)
    assert errors(schema, doc)


def test_pre_commit_itself_accepts_the_hooks():
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is not installed (optional)")
    clientlib.load_manifest(str(HOOKS))
    clientlib.load_config(str(PRECOMMIT))


# -- the shell text of every template, and the fbreg command lines in it -----------------------------

def _gitlab_jobs(doc: dict) -> dict:
    return {name: job for name, job in doc.items() if isinstance(job, dict) and
            any(k in job for k in ("script", "before_script", "extends"))}


def _flatten(lines) -> list[str]:
    if isinstance(lines, str):
        return [lines]
    return [s for item in (lines or []) for s in _flatten(item)]


def shell_texts() -> list[tuple[str, str, str]]:
    """(template, where, shell text) for every run: of a workflow, script line of GitLab, hook entry."""
    found = []
    for wf in WORKFLOWS:
        for job_name, job in load(wf)["jobs"].items():
            for i, step in enumerate(job.get("steps", [])):
                if "run" in step:
                    found.append((rel(wf), f"{job_name}/{step.get('name', i)}", step["run"]))
    for job_name, job in _gitlab_jobs(load(GITLAB)).items():
        for key in ("before_script", "script", "after_script"):
            for line in _flatten(job.get(key)):
                found.append((rel(GITLAB), f"{job_name}/{key}", line))
    for path, hooks in ((HOOKS, load(HOOKS)), (PRECOMMIT, [h for r in load(PRECOMMIT)["repos"] for h in r["hooks"]])):
        for hook in hooks:
            args = " ".join(shlex.quote(a) for a in hook.get("args", []))
            files = " register/items/2026/11/FB-2026-0001.yaml" if hook.get("pass_filenames", True) else ""
            found.append((rel(path), hook["id"], f"{hook['entry']} {args}{files}"))
    return found


SHELL_OPERATORS = {"|", "||", "&&", ";", ";;", "&", ">", ">>", "<", "<<", "(", ")", "2>", "|&"}


def fbreg_commands(text: str) -> list[list[str]]:
    """The argument lists given to fbreg in a shell text (comments left out, continuations joined)."""
    commands = []
    for line in text.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            tokens = list(lexer)
        except ValueError:          # unbalanced quotes: test_every_shell_step_is_valid_bash names the line
            continue
        for i, token in enumerate(tokens):
            if token == "fbreg" or token.endswith("/fbreg"):
                argv = []
                for t in tokens[i + 1:]:
                    if t in SHELL_OPERATORS or set(t) <= set("|&;<>()"):
                        break
                    argv.append(t)
                commands.append(argv)
    return commands


ALL_COMMANDS = [(template, where, argv) for template, where, text in shell_texts() for argv in fbreg_commands(text)]


def subcommands() -> set[str]:
    parser = cli._parser()
    return {name for action in parser._actions if hasattr(action, "choices") and isinstance(action.choices, dict)
            for name in action.choices}


def parse(argv: list[str]):
    try:
        return cli._parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"`fbreg {' '.join(argv)}` is not a valid fbreg command line (see the usage above)")


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
@pytest.mark.parametrize("template,where,text", shell_texts(), ids=[f"{t}:{w}" for t, w, _ in shell_texts()])
def test_every_shell_step_is_valid_bash(template, where, text):
    done = subprocess.run(["bash", "-n", "-c", text], capture_output=True, text=True)
    assert done.returncode == 0, f"{template} ({where}): {done.stderr}"


def test_the_templates_call_fbreg():
    used = {argv[0] for _, _, argv in ALL_COMMANDS if argv}
    assert {"validate", "audit", "build", "reviewers"} <= used


@pytest.mark.parametrize("template,where,argv", ALL_COMMANDS,
                         ids=[f"{t}:{w}:{' '.join(a[:1])}" for t, w, a in ALL_COMMANDS])
def test_every_fbreg_command_line_parses(template, where, argv):
    assert argv, f"{template} ({where}) runs fbreg without a subcommand"
    assert argv[0] in subcommands(), f"{template} ({where}) uses `fbreg {argv[0]}`, which does not exist"
    parse(argv)


# -- GitHub Actions ----------------------------------------------------------------------------------

def steps_calling(job: dict, subcommand: str) -> list[tuple[int, dict, list]]:
    return [(i, step, argv) for i, step in enumerate(job.get("steps", [])) if "run" in step
            for argv in fbreg_commands(step["run"]) if argv and argv[0] == subcommand]


def _reads_history(argv: list[str]) -> bool:
    return argv[0] in HISTORY_READERS or (argv[0] == "validate" and "--base" in argv)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=rel)
def test_jobs_that_read_the_history_check_out_all_of_it(workflow):
    for name, job in load(workflow)["jobs"].items():
        steps = job.get("steps", [])
        readers = [i for i, step in enumerate(steps) if "run" in step
                   and any(_reads_history(a) for a in fbreg_commands(step["run"]) if a)]
        if not readers:
            continue
        checkouts = [i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith("actions/checkout@")]
        assert checkouts and checkouts[0] < readers[0], f"{name}: no checkout before fbreg reads the history"
        for i in checkouts:
            assert str(steps[i].get("with", {}).get("fetch-depth")) == "0", f"{name}: checkout without fetch-depth: 0"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=rel)
def test_actions_are_pinned_to_major_versions(workflow):
    for job in load(workflow)["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert action in PINNED, f"unexpected action {step['uses']}"
                assert version == PINNED[action], f"{action} pinned to {version}, expected {PINNED[action]}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=rel)
def test_python_3_11_with_a_pip_cache_and_one_marked_install_step(workflow):
    doc = load(workflow)
    for job in doc["jobs"].values():
        steps = job.get("steps", [])
        if not any("run" in s and fbreg_commands(s["run"]) for s in steps):
            continue
        setup = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@")]
        assert setup and setup[0]["with"]["python-version"] == "3.11"     # a string: YAML would read 3.10 as 3.1
        assert setup[0]["with"]["cache"] == "pip"
        installs = [s for s in steps if "run" in s and "pip install" in s["run"]]
        assert [s["run"].strip() for s in installs] == [INSTALL_LINE]
        assert installs[0]["name"] == "Install fbreg"
    assert workflow.read_text(encoding="utf-8").count(INSTALL_LINE) == len(
        [j for j in doc["jobs"].values() if any("run" in s and "pip install" in s["run"] for s in j.get("steps", []))])


def test_fbreg_init_turns_the_install_line_into_the_package():
    from generator.scaffold import adapt_ci

    for template, schema in TEMPLATES[:-2]:     # the workflows and .gitlab-ci.yml
        adapted = adapt_ci(template.read_text(encoding="utf-8"), "feedback-register==0.1.0")
        installs = [line.strip() for line in adapted.splitlines() if "pip install" in line and not line.strip().startswith("#")]
        assert INSTALL_LINE not in adapted
        assert all(line.endswith('python -m pip install -c constraints.txt "feedback-register==0.1.0"')
                   for line in installs), installs
        assert errors(schema, YAML(typ="safe", pure=True).load(adapted)) == []


# -- the tool's own tests: locked on every change, the newest releases weekly ------------------------

TESTS_YML = ROOT / ".github" / "workflows" / "tests.yml"


def test_the_tool_tests_every_change_with_the_lock_and_the_newest_releases_weekly():
    doc = load(TESTS_YML)
    assert doc["on"]["schedule"][0]["cron"].split()[4] == "1"     # weekly, on Mondays
    assert {"push", "pull_request", "workflow_dispatch"} <= set(doc["on"])
    locked, newest = doc["jobs"]["tests"], doc["jobs"]["newest-dependencies"]
    assert locked["steps"][-1]["run"] == "bash .ci/run" and "schedule" in locked["if"]
    assert newest["steps"][-1]["run"] == "make test-newest" and "newest-dependencies" in newest["name"]
    assert "github.event_name == 'schedule'" in newest["if"]
    gitlab = load(GITLAB)
    assert gitlab["tests"]["script"] == ["bash .ci/run"]
    assert gitlab["newest-dependencies"]["script"] == ["make test-newest"]
    assert gitlab["newest-dependencies"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "schedule" && $NEWEST_DEPENDENCIES == "1"'}]


def test_the_newest_dependencies_job_runs_the_tests_without_the_lock_and_fails_with_them():
    """make -n shows what the job does: a venv of its own, no lock, the newest allowed releases, then
    pytest as the recipe's last command (make stops with pytest's failure: the job goes red)."""
    done = subprocess.run(["make", "-n", "-B", "test-newest"], cwd=ROOT, capture_output=True, text=True, check=True)
    lines = [line for line in done.stdout.splitlines() if ".venv-newest" in line]
    assert not any(".lock" in line or "constraints" in line for line in lines)
    assert any("--upgrade --upgrade-strategy eager -e '.[test]'" in line for line in lines)
    assert re.search(r"FBREG_BROWSER_TESTS=required \.venv-newest/bin/python -m pytest", lines[-1])
    done = subprocess.run(["make", "-n", "-B", "install-test"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "--require-hashes -r requirements/site.lock" in done.stdout
    assert "--require-hashes -r requirements/test.lock" in done.stdout


def test_the_locks_pin_every_dependency_by_hash_and_agree_with_each_other():
    def pins(path):
        text = (ROOT / path).read_text(encoding="utf-8")
        found = dict(re.findall(r"(?m)^([a-z0-9][a-z0-9._-]*)==(\S+)", text))
        blocks = re.split(r"(?m)^(?=[a-z0-9])", text)
        assert all("--hash=sha256:" in b for b in blocks if re.match(r"[a-z0-9]", b)), path
        return found

    site, test = pins("requirements/site.lock"), pins("requirements/test.lock")
    for name in ("pyyaml", "mkdocs", "mkdocs-material", "jsonschema", "hatchling", "editables"):
        assert name in site, name
    for name in ("pytest", "playwright", "hypothesis"):
        assert name in test and name not in site, name
    assert {k: v for k, v in test.items() if k in site} == site     # the site's versions are the tests'


def test_fbreg_init_leaves_the_tool_own_tests_out():
    from generator.scaffold import adapt_ci

    adapted = adapt_ci(GITLAB.read_text(encoding="utf-8"), "feedback-register==0.1.0")
    doc = YAML(typ="safe", pure=True).load(adapted)
    assert "tests" not in doc and "newest-dependencies" not in doc and ".tool-tests" not in doc
    assert {"register", "pages"} <= set(doc)


def test_register_workflow_triggers_and_permissions():
    doc = load(REGISTER_YML)
    assert "pull_request" in doc["on"] and "push" in doc["on"]
    assert doc["permissions"] == {"contents": "read"}
    for job in doc["jobs"].values():
        assert all(v in ("read", "none") for v in (job.get("permissions") or {}).values())


def test_register_workflow_annotates_and_checks_ids_against_the_target_branch():
    job = load(REGISTER_YML)["jobs"]["check"]
    validates = steps_calling(job, "validate")
    assert validates
    for _, step, argv in validates:
        args = parse(argv)
        assert args.format == "github", "annotations on the offending lines"
        assert args.base and args.base.startswith("origin/"), "ids already taken on the target branch"
    fetch = [s for s in job["steps"] if "run" in s and "git fetch" in s["run"]]
    assert fetch and job["steps"].index(fetch[0]) < validates[0][0], "the target branch is fetched first"
    for _, _, argv in steps_calling(job, "audit"):
        assert parse(argv).format == "github"


def test_register_workflow_writes_the_reviewers_to_the_job_summary():
    job = load(REGISTER_YML)["jobs"]["check"]
    [(_, step, argv)] = steps_calling(job, "reviewers")
    assert "$GITHUB_STEP_SUMMARY" in step["run"]
    assert parse(argv).format == "markdown" and parse(argv).base.startswith("origin/")
    assert step.get("continue-on-error") is True, "informational: it never fails the check"


def test_register_workflow_keeps_the_audit_state_between_runs():
    steps = load(REGISTER_YML)["jobs"]["check"]["steps"]
    audits = steps_calling({"steps": steps}, "audit")
    assert audits
    first_audit = audits[0][0]
    caches = [(i, s) for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/cache")]
    restores = [(i, s) for i, s in caches if not s["uses"].startswith("actions/cache/save@")]
    saves = [(i, s) for i, s in caches if not s["uses"].startswith("actions/cache/restore@")]
    assert restores and restores[0][0] < first_audit, "the state is restored before the audit"
    assert saves and saves[-1][0] > first_audit, "and saved after it"
    for _, step in caches:
        assert step["with"]["path"] == ".cache/fbreg"
        key = step["with"]["key"]
        assert key.endswith("-${{ github.run_id }}"), "a new key each run (a cache entry is never overwritten)"
    prefix = restores[0][1]["with"]["key"].removesuffix("${{ github.run_id }}")
    assert prefix in [k.strip() for k in restores[0][1]["with"]["restore-keys"].splitlines()]
    assert saves[-1][1]["with"]["key"].startswith(prefix), "what is saved is what the next run restores"
    assert "always()" in saves[-1][1]["if"] or "!cancelled()" in saves[-1][1]["if"], \
        "saved even when the audit found something"
    # a pull request (a trial merge) must not record its head: the next trial merge never descends from it
    script = steps[first_audit]["run"]
    pr_branch = script.split("else")[0]
    assert "--no-record" in pr_branch and "pull_request" in pr_branch


def _cron_values(field: str, low: int, high: int) -> set[int]:
    values = set()
    for part in field.split(","):
        rng, _, step = part.partition("/")
        if rng == "*":
            start, end = low, high
        elif "-" in rng:
            start, end = map(int, rng.split("-"))
        else:
            start = end = int(rng)
        assert low <= start <= end <= high, f"{field} is out of range {low}-{high}"
        values |= set(range(start, end + 1, int(step or 1)))
    return values


def test_pages_workflow_is_scheduled_and_may_deploy():
    doc = load(PAGES_YML)
    on = doc["on"]
    assert "main" in on["push"]["branches"] and "workflow_dispatch" in on
    weekday_hours, days = set(), set()
    for entry in on["schedule"]:
        minute, hour, dom, month, dow = entry["cron"].split()
        hours, weekdays = _cron_values(hour, 0, 23), _cron_values(dow, 0, 6)
        _cron_values(minute, 0, 59), _cron_values(dom, 1, 31), _cron_values(month, 1, 12)
        days |= weekdays
        if weekdays & {1, 2, 3, 4, 5}:
            weekday_hours |= hours
    assert len(weekday_hours) >= 8, "rebuilt through the working day, so the overdue page stays current"
    assert days == set(range(7)), "and at least daily at weekends"
    assert doc["concurrency"]["group"] == "pages"

    jobs = doc["jobs"]
    deploy = [j for j in jobs.values() if any(s.get("uses", "").startswith("actions/deploy-pages@")
                                              for s in j.get("steps", []))]
    assert len(deploy) == 1
    permissions = {**(doc.get("permissions") or {}), **(deploy[0].get("permissions") or {})}
    assert permissions.get("pages") == "write" and permissions.get("id-token") == "write"
    assert deploy[0]["environment"]["name"] == "github-pages"

    build = jobs[deploy[0]["needs"]] if isinstance(deploy[0]["needs"], str) else jobs[deploy[0]["needs"][0]]
    [(i, _, argv)] = steps_calling(build, "build")
    site_dir = parse(argv).site_dir
    uploads = [(j, s) for j, s in enumerate(build["steps"]) if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert uploads and uploads[0][0] > i and uploads[0][1]["with"]["path"] == site_dir
    restores = [j for j, s in enumerate(build["steps"]) if s.get("uses", "").startswith("actions/cache")
                and s["with"]["path"] == ".cache/fbreg"]
    assert restores and restores[0] < i, "the history cache is restored before the build"


# -- GitLab CI -----------------------------------------------------------------------------------------

def test_gitlab_fetches_the_whole_history_and_caches_pip_and_fbreg():
    doc = load(GITLAB)
    jobs = _gitlab_jobs(doc)
    for name, job in jobs.items():
        commands = [a for line in _flatten(job.get("script")) for a in fbreg_commands(line) if a]
        if any(_reads_history(a) for a in commands):
            depth = {**doc.get("variables", {}), **(job.get("variables") or {})}.get("GIT_DEPTH")
            assert str(depth) == "0", f"{name}: GIT_DEPTH must be 0"
    cache = jobs[".fbreg"]["cache"]
    assert ".cache/fbreg" in cache["paths"]
    assert doc["variables"]["PIP_CACHE_DIR"].removeprefix("$CI_PROJECT_DIR/") in cache["paths"]


def test_gitlab_checks_merge_requests_as_text_and_publishes_pages():
    doc = load(GITLAB)
    check = doc["register"]
    assert any("merge_request_event" in r.get("if", "") for r in check["rules"])
    commands = [a for line in _flatten(check["script"]) for a in fbreg_commands(line) if a]
    formats_used = {(a[0], parse(a).format) for a in commands if a[0] in ("validate", "audit")}
    assert ("validate", "text") in formats_used and ("audit", "text") in formats_used
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"

    pages = doc["pages"]
    [argv] = [a for line in _flatten(pages["script"]) for a in fbreg_commands(line) if a]
    assert argv[0] == "build" and parse(argv).site_dir == "public"
    assert pages["artifacts"]["paths"] == ["public"]
    assert any("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in r.get("if", "") for r in pages["rules"])
    assert any("schedule" in r.get("if", "") for r in doc["workflow"]["rules"]), "scheduled pipelines run"


def test_gitlab_code_quality_report_from_fbreg_json():
    program = load(GITLAB)["register"]["variables"]["CODE_QUALITY_PY"]["value"]
    problems = [Problem("register/items/2026/11/FB-2026-0001.yaml", 3, 11, "schema-enum", "error", "`severity` …"),
                Problem("register/items/2026/11/FB-2026-0002.yaml", 0, 0, "yaml-bom", "warning", "BOM")]
    done = subprocess.run([sys.executable, "-c", program], input=formats.as_json(problems, 2),
                          capture_output=True, text=True, encoding="utf-8", check=True)
    report = json.loads(done.stdout)
    assert [(r["check_name"], r["severity"], r["location"]["path"], r["location"]["lines"]["begin"]) for r in report] == [
        ("schema-enum", "major", "register/items/2026/11/FB-2026-0001.yaml", 3),
        ("yaml-bom", "minor", "register/items/2026/11/FB-2026-0002.yaml", 1)]
    assert all(r["description"] and len(r["fingerprint"]) == 64 for r in report)
    assert len({r["fingerprint"] for r in report}) == 2


# -- pre-commit ---------------------------------------------------------------------------------------

def test_pre_commit_hooks_route_every_register_file_to_a_check():
    hooks = {h["id"]: h for h in load(HOOKS)}
    items, whole = hooks["fbreg-validate"], hooks["fbreg-validate-all"]
    for hook in (items, whole):
        assert shlex.split(hook["entry"]) == ["fbreg", "validate"] and hook["language"] == "python"
    assert items["pass_filenames"] is True and whole["pass_filenames"] is False
    files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "register").rglob("*") if p.is_file()]
    assert any(f.startswith("register/items/") for f in files)
    for name in files:
        matching = [h["id"] for h in (items, whole) if re.search(h["files"], name)]
        expected = "fbreg-validate" if name.startswith("register/items/") else "fbreg-validate-all"
        assert matching == [expected], name
    for name in ("docs/index.md", "generator/cli.py", "mkdocs.yml", "tests/cases/register/register.yaml"):
        assert not any(re.search(h["files"], name) for h in (items, whole)), name


def test_the_repository_uses_its_own_hooks():
    manifest = {h["id"]: h for h in load(HOOKS)}
    [repo] = load(PRECOMMIT)["repos"]
    assert repo["repo"] == "local"
    for hook in repo["hooks"]:
        offered = manifest[hook["id"]]
        for key in ("files", "pass_filenames", "require_serial"):
            assert hook.get(key) == offered.get(key), f"{hook['id']}: {key} differs from .pre-commit-hooks.yaml"
        # the checkout's own fbreg, from the virtual environment the Makefile makes
        assert shlex.split(hook["entry"]) == [".venv/bin/fbreg", "validate"]
    assert "VENV   := .venv" in (ROOT / "Makefile").read_text(encoding="utf-8")


def hook_argv(hook: dict, files: list[str]) -> list[str]:
    argv = shlex.split(hook["entry"])[1:] + list(hook.get("args", []))
    return argv + (files if hook.get("pass_filenames", True) else [])


def test_the_item_hook_checks_the_files_it_is_given_against_the_whole_register(tmp_path, run):
    hook = {h["id"]: h for h in load(HOOKS)}["fbreg-validate"]
    shutil.copytree(FIXTURE_EN, tmp_path / "register")
    names = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "register/items").rglob("*.yaml"))
    code, out, err = run(*hook_argv(hook, names[:3]), cwd=tmp_path)
    assert code == 0, out + err
    # a staged item that takes another item's id
    twin = tmp_path / "register/items/2026/03/QF-2026-0099.yaml"
    twin.write_text((tmp_path / names[0]).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(*hook_argv(hook, [twin.relative_to(tmp_path).as_posix()]), cwd=tmp_path)
    assert code == 1 and "id-duplicate" in out and "QF-2026-0099.yaml" in out


# -- the merge request checks, run for real ------------------------------------------------------------

def git(cwd: Path, *args: str, who: str = "dev") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME=who, GIT_AUTHOR_EMAIL=f"{who}@example.org",
               GIT_COMMITTER_NAME=who, GIT_COMMITTER_EMAIL=f"{who}@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def new_item(repo: Path, title: str) -> None:
    code = cli.main(["new", "--register", str(repo / "register"), "--title", title, "--category", "complaint",
                     "--channel", "phone", "--severity", "minor", "--description", title])
    assert code == 0
    git(repo, "add", "-A")


def pull_request(repo: Path, branch: str, title: str, number: int) -> None:
    """Merged the way GitHub merges a pull request, by a reviewer."""
    git(repo, "checkout", "-q", "-b", branch)
    new_item(repo, title)
    git(repo, "commit", "-q", "-m", title)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{number} from dev/{branch}", branch, who="reviewer")


@pytest.fixture
def repos(tmp_path, capsys):
    """`origin`: a register whose main line uses merged pull requests; `work`: a clone with a branch
    `feature` adding one item; `bin`: `fbreg` and `python` for the shell steps."""
    if not shutil.which("bash") or not shutil.which("git"):
        pytest.skip("needs bash and git")
    origin, work, bindir = tmp_path / "origin", tmp_path / "work", tmp_path / "bin"
    shutil.copytree(FIXTURE_EN, origin / "register", ignore=shutil.ignore_patterns("items"))
    (origin / "register/items").mkdir()
    (origin / "register/items/.gitkeep").write_text("")
    (origin / ".gitignore").write_text(".cache/\n")   # as fbreg init writes it: caches are never committed
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "Set up the register")
    pull_request(origin, "first", "Dripping tap in room 3", 1)
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "feature")
    new_item(work, "Cold breakfast on the terrace")
    git(work, "commit", "-q", "-m", "Cold breakfast on the terrace")
    bindir.mkdir()
    (bindir / "fbreg").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n')
    (bindir / "fbreg").chmod(0o755)
    (bindir / "python").symlink_to(sys.executable)
    capsys.readouterr()
    return origin, work, bindir


def shell(script: str, cwd: Path, bindir: Path, **variables: str) -> subprocess.CompletedProcess:
    """A CI shell step: bash -eo pipefail, as both GitHub and GitLab run them, with only the given CI variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "CI_", "GITLAB_"))}
    env.update(PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(ROOT), **variables)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8")


def gitlab_merge_request(work: Path, bindir: Path) -> subprocess.CompletedProcess:
    job = load(GITLAB)["register"]
    head = git(work, "rev-parse", "HEAD")
    return shell("\n".join(_flatten(job["script"])), work, bindir, CI_MERGE_REQUEST_IID="1",
                 CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_COMMIT_SHA=head, CI_MERGE_REQUEST_EVENT_TYPE="detached",
                 CI_DEFAULT_BRANCH="main", CODE_QUALITY_PY=job["variables"]["CODE_QUALITY_PY"]["value"])


def test_gitlab_merge_request_is_audited_as_a_trial_merge(repos):
    origin, work, bindir = repos
    head, main = git(work, "rev-parse", "HEAD"), git(work, "rev-parse", "origin/main")
    # audited where GitLab checks it out, the branch's own commit looks like a direct push to main
    tip = shell("fbreg audit --format text --no-record", work, bindir)
    assert tip.returncode == 1 and "audit-direct-push" in tip.stdout

    done = gitlab_merge_request(work, bindir)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(work, "log", "-1", "--format=%s %P") == f"Merge {head} into {main} {main} {head}"
    assert "audit-direct-push" not in done.stdout
    assert json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    assert not (work / ".cache/fbreg/audit-state.json").exists(), "a merge request does not record its head"


def test_gitlab_merge_request_taking_an_id_already_on_the_target_branch(repos):
    origin, work, bindir = repos
    pull_request(origin, "second", "Lift out of order", 2)     # merged meanwhile, with the same next id
    done = gitlab_merge_request(work, bindir)
    assert done.returncode == 1
    assert "id-taken-on-base" in done.stdout and "fbreg renumber QF-" in done.stdout
    report = json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [r["check_name"] for r in report] == ["id-taken-on-base"]
    assert report[0]["location"]["path"].startswith("register/items/")
    assert "does not merge cleanly" in done.stdout          # same id, same month: the same file name


def github_steps() -> list[dict]:
    """The register workflow's shell steps, without the install (fbreg is the checkout's here)."""
    return [s for s in load(REGISTER_YML)["jobs"]["check"]["steps"] if "run" in s and s.get("id") != "install"]


def github_env(event: str, on_default_branch: bool, summary: Path) -> dict[str, str]:
    env = {k: str(v) for k, v in load(REGISTER_YML).get("env", {}).items() if "${{" not in str(v)}
    env.update(BASE="main", ON_DEFAULT_BRANCH=str(on_default_branch).lower(), GITHUB_EVENT_NAME=event,
               GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    if event == "pull_request":
        env["GITHUB_BASE_REF"] = "main"
    return env


def test_github_pull_request_steps_on_the_trial_merge(repos, tmp_path):
    origin, work, bindir = repos
    head, main = git(work, "rev-parse", "HEAD"), git(work, "rev-parse", "origin/main")
    # what actions/checkout gives a pull request: GitHub's trial merge, refs/pull/N/merge
    git(work, "checkout", "-q", "--detach", main)
    git(work, "merge", "-q", "--no-ff", "-m", f"Merge {head} into {main}", head, who="github")
    summary = tmp_path / "summary.md"
    env = github_env("pull_request", False, summary)
    for step in github_steps():
        done = shell(step["run"], work, bindir, **env)
        assert done.returncode == 0, f"{step['name']}: {done.stdout}{done.stderr}"
        assert "::error" not in done.stdout, step["name"]
    assert summary.read_text(encoding="utf-8").startswith("### ")          # who must approve
    assert not (work / ".cache/fbreg/audit-state.json").exists()


def test_github_branch_push_names_the_fix_for_an_id_taken_on_main(repos, tmp_path):
    origin, work, bindir = repos
    pull_request(origin, "second", "Lift out of order", 2)
    env = github_env("push", False, tmp_path / "summary.md")
    steps = [s for s in github_steps() if "git fetch" in s["run"] or steps_calling({"steps": [s]}, "validate")]
    assert len(steps) == 2
    assert shell(steps[0]["run"], work, bindir, **env).returncode == 0
    done = shell(steps[1]["run"], work, bindir, **env)
    assert done.returncode == 1
    assert re.search(r"^::error file=register/items/[^,]+,line=\d+,col=\d+,title=id-taken-on-base::.*fbreg renumber QF-",
                     done.stdout, re.M), done.stdout


def test_github_default_branch_audit_records_its_head(repos, tmp_path):
    origin, work, bindir = repos
    git(work, "checkout", "-q", "main")
    [audit_step] = [s for s in github_steps() if steps_calling({"steps": [s]}, "audit")]
    done = shell(audit_step["run"], work, bindir, **github_env("push", True, tmp_path / "summary.md"))
    assert done.returncode == 0, done.stdout + done.stderr
    state = json.loads((work / ".cache/fbreg/audit-state.json").read_text(encoding="utf-8"))
    assert state["head"] == git(work, "rev-parse", "HEAD")


def test_the_published_address_reaches_mkdocs():
    """Feeds and the sitemap need the real address: the pages builds pass SITE_URL, which mkdocs.yml reads."""
    assert "site_url: !ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    steps = [s for job in load(ROOT / ".github/workflows/pages.yml")["jobs"].values() for s in job.get("steps", [])]
    build = next(s for s in steps if "fbreg build" in s.get("run", ""))
    assert build["env"]["SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")
    assert 'SITE_URL="$CI_PAGES_URL/"' in (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")


# -- the scheduled reminders (fbreg remind), run for real ------------------------------------------------

REMIND_YML = ROOT / ".github" / "workflows" / "remind.yml"


def test_remind_workflow_runs_on_working_days_and_only_it_may_push():
    doc = load(REMIND_YML)
    hours, days = set(), set()
    for entry in doc["on"]["schedule"]:
        minute, hour, dom, month, dow = entry["cron"].split()
        hours |= _cron_values(hour, 0, 23)
        days |= _cron_values(dow, 0, 6)
    assert days == {1, 2, 3, 4, 5} and len(hours) >= 8, "through the working day on working days"
    assert "workflow_dispatch" in doc["on"]
    assert doc["permissions"] == {"contents": "read"}
    [job] = doc["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    assert doc["concurrency"] == {"group": "remind", "cancel-in-progress": False}
    [(_, step, argv)] = steps_calling(job, "remind")
    assert parse(argv).dry_run is False and step.get("shell") == "bash"
    assert 'exit "$status"' in step["run"], "fbreg's exit code is the step's"
    commit = next(s for s in job["steps"] if "git commit" in s.get("run", ""))
    assert "git add -- register/reminders" in commit["run"] and "git add -A" not in commit["run"]
    assert "always()" in commit["if"] or "!cancelled()" in commit["if"], "recorded even after a failed channel"


def test_gitlab_remind_job_runs_in_a_schedule_with_its_variable():
    doc = load(GITLAB)
    job = doc["remind"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $FBREG_REMIND == "1"'}]
    assert job["resource_group"] and job["interruptible"] is False
    [argv] = [a for line in _flatten(job["script"]) for a in fbreg_commands(line) if a]
    assert argv == ["remind"]
    assert job["variables"]["GIT_COMMITTER_EMAIL"] == "fbreg-remind@users.noreply.gitlab.com"


@pytest.fixture
def remind_repos(tmp_path, capsys, monkeypatch):
    """`origin` (bare) and `work` (its clone) of a register whose items are overdue now, every hour a working
    hour, reminders going to a local SMTP server and robot API; `bin`: fbreg and python for the steps."""
    if not shutil.which("bash") or not shutil.which("git"):
        pytest.skip("needs bash and git")
    sys.path.insert(0, str(ROOT / "tests"))
    import remind_servers as srv
    from remind_register import make_register

    stack = __import__("contextlib").ExitStack()
    robots = stack.enter_context(srv.robot_server())
    port, mailbox = stack.enter_context(srv.smtp_server())
    seed = tmp_path / "seed"
    make_register(seed, robots.url, port)
    settings = seed / "register/register.yaml"
    settings.write_text(settings.read_text().replace("workdays: [mon, tue, wed, thu, fri]",
                                                     "workdays: [mon, tue, wed, thu, fri, sat, sun]")
                        .replace('hours: "09:00-17:00"', 'hours: "00:00-24:00"'))
    settings.write_text(re.sub(r"(?m)^  holidays: \[[^\]]*\]", "  holidays: []", settings.read_text()))   # any day works
    (seed / ".gitignore").write_text(".cache/\n")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Set up the register")
    git(seed, "checkout", "-q", "-b", "tweak")
    (seed / "register/items/.keep").write_text("")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Keep the folder")
    git(seed, "checkout", "-q", "main")
    git(seed, "merge", "-q", "--no-ff", "-m", "Merge pull request #1 from dev/tweak", "tweak", who="reviewer")
    origin, work, bindir = tmp_path / "origin.git", tmp_path / "work", tmp_path / "bin"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(work))
    bindir.mkdir()
    (bindir / "fbreg").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n')
    (bindir / "fbreg").chmod(0o755)
    (bindir / "python").symlink_to(sys.executable)
    secrets = dict(srv.SECRETS)
    capsys.readouterr()
    with stack:
        yield origin, work, bindir, secrets, mailbox, robots


def _origin_log(origin: Path) -> list[tuple[str, str, list[str]]]:
    out = git(origin, "log", "--format=@%ce %s", "--name-only", "main")
    commits = []
    for line in out.splitlines():
        if line.startswith("@"):
            email, subject = line[1:].split(" ", 1)
            commits.append((email, subject, []))
        elif line.strip():
            commits[-1][2].append(line.strip())
    return commits


def test_github_remind_steps_send_and_commit_only_the_record(remind_repos):
    origin, work, bindir, secrets, mailbox, robots = remind_repos
    steps = [s for s in load(REMIND_YML)["jobs"]["remind"]["steps"] if "run" in s and "pip install" not in s["run"]]
    env = {"GITHUB_REF_NAME": "main", "GITHUB_STEP_SUMMARY": str(work.parent / "summary.md"), **secrets}

    def run_steps():
        for step in steps:
            done = shell(step["run"], work, bindir, **env, **{k: v for k, v in step.get("env", {}).items()
                                                                 if "${{" not in str(v)})
            assert done.returncode == 0, f"{step['name']}: {done.stdout}{done.stderr}"
        return done

    run_steps()
    assert {a for m in mailbox for a in m.to} >= {"reception@example.org", "quality@example.org"}
    email, subject, files = _origin_log(origin)[0]
    assert email == "41898299+github-actions[bot]@users.noreply.github.com" and "fbreg remind" in subject
    assert files and all(f.startswith("register/reminders/") and f.endswith(".jsonl") for f in files)
    # the record on the default branch is not a direct push for the audit
    check = origin.parent / "check"
    git(origin.parent, "clone", "-q", str(origin), str(check))
    audit = shell("fbreg audit --format json --no-record", check, bindir)
    codes = [f["code"] for f in json.loads(audit.stdout)["findings"]]
    assert codes and "audit-direct-push" not in codes, codes   # (the items, set up today, are backdated)
    # a second run: nothing new to send, nothing to commit
    sent = len(mailbox)
    done = run_steps()
    assert "Nothing was sent" in done.stdout and len(mailbox) == sent
    assert len(_origin_log(origin)) == 4


def test_gitlab_remind_job_sends_commits_and_pushes(remind_repos):
    origin, work, bindir, secrets, mailbox, robots = remind_repos
    job = load(GITLAB)["remind"]
    git(work, "checkout", "-q", "--detach", "HEAD")               # GitLab checks out a detached commit
    done = shell("\n".join(_flatten(job["script"])), work, bindir, CI_DEFAULT_BRANCH="main",
                 FBREG_PUSH_URL=str(origin), **job["variables"], **secrets)
    assert done.returncode == 0, done.stdout + done.stderr
    email, subject, files = _origin_log(origin)[0]
    assert email == "fbreg-remind@users.noreply.gitlab.com"
    assert files and all(f.startswith("register/reminders/") for f in files)
    assert mailbox
