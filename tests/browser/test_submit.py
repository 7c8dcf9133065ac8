"""The submit page (/submit/) in a real browser: the form writes an item file that `fbreg validate`
accepts (and that says what `fbreg new` would), hands it to GitHub's new-file page through the
address, refuses what the validator would refuse with errors next to the fields, and works out
`received` with the register's UTC offset whatever the reader's own time zone, daylight saving
included (the English fixture register is in Europe/London)."""
from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.cli import main
from generator.newitem import NewItem, build_fields
from generator.problems import ProblemList
from generator.safeyaml import load as load_yaml
from generator.validate import load_register

from .conftest import assert_accessible, assert_clean
from .harness import AS_OF, ROOT, VIEWPORT, Recorder, serve

SUBMIT = "/submit/"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
BUILT = dt.datetime.fromisoformat(AS_OF)                     # the sample site's as-of time
# Record what the page would open instead of opening it.
RECORD_OPEN = "() => { window.__opened = []; window.open = (url) => { window.__opened.push(String(url)); return null; }; }"


def fill(page, **values) -> None:
    for name, value in values.items():
        control = page.locator(f"#fbr-f-{name}")
        if name == "anonymous":
            control.set_checked(bool(value))
        elif control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def open_form(page, when: dt.datetime = BUILT) -> None:
    page.clock.install(time=when)
    page.open(SUBMIT)
    page.locator("#fbr-submit-form").wait_for(state="visible")
    page.evaluate(RECORD_OPEN)


def opened(page) -> list[str]:
    return page.evaluate("window.__opened")


def preview(page) -> str:
    return page.locator("#fbr-submit-preview").input_value()


def parse(text: str) -> dict:
    problems = ProblemList("en")
    doc = load_yaml(text.encode("utf-8"), "submitted.yaml", problems)
    assert doc is not None and not problems.items, [p.message for p in problems.items]
    return doc.value


def validate_in_copy(tmp_path: Path, register: Path, filename: str, content: str, as_of: str, capsys) -> Path:
    """Write ``content`` at ``filename`` (relative to the repository root) in a copy of ``register``
    and run ``fbreg validate`` on the whole copy: it must pass."""
    root = tmp_path / "repo"
    shutil.copytree(register, root / "register")
    target = (root / filename).resolve()
    assert target.is_relative_to((root / "register" / "items").resolve()), filename
    assert not target.exists(), f"{filename} is already taken"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode("utf-8"))
    capsys.readouterr()
    code = main(["validate", "--register", str(root / "register"), "--as-of", as_of])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    return target


# --------------------------------------------------------------------------- the sample (zh, GitHub)
def test_submit_page_loads_cleanly_and_is_accessible(page):
    open_form(page)
    assert page.locator("h1").first.inner_text() == "提交反馈"
    assert page.locator("#fbr-submit-nojs").is_hidden()            # shown only without the script
    assert page.locator("#fbr-f-received").input_value() == "2026-11-21T09:00"
    text = preview(page)
    assert "id: FB-2026-0054\n" in text and "received: 2026-11-21T09:00:00+08:00\n" in text
    assert "register/items/2026/11/FB-2026-0054.yaml" in page.locator("#fbr-submit-path").inner_text()
    assert page.locator("#fbr-f-status").inner_text() == "登记后状态:新登记"
    assert_clean(page)
    assert_accessible(page)
    assert_clean(page)


def test_a_filled_form_opens_github_with_an_item_that_validates_and_matches_fbreg_new(page, tmp_path, capsys):
    open_form(page)
    description = "客人反映1208房空调夜间噪音大,影响休息。\n\n- 前台22:30接到电话\n- 要求:今晚换房"
    fill(page, title="1208房空调夜间噪音大", description=description, category="complaint", severity="major",
         channel="phone", received="2026-11-20T22:15", location="1208房", reporter_type="guest",
         ref="CRM-90001", department="engineering", tags="空调, 噪音,空调")
    assert page.locator("#fbr-f-status").inner_text() == "登记后状态:已分派"
    page.locator("#fbr-submit-go").click()
    urls = opened(page)
    assert len(urls) == 1
    url = urlsplit(urls[0])
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/example/feedback-register/new/main")
    query = parse_qs(url.query, keep_blank_values=True)
    assert query["filename"] == ["register/items/2026/11/FB-2026-0054.yaml"]
    content = query["value"][0]
    assert content == preview(page)
    link = page.locator("#fbr-submit-link")
    assert link.is_visible() and link.get_attribute("href") == urls[0] and "GitHub" in link.inner_text()
    assert "FB-2026-0054" in page.locator("#fbr-submit-id-note").inner_text()

    # what `fbreg new` would record for the same answers (it has no tags option)
    register, _ = load_register(ROOT / "register")
    new = NewItem(title="1208房空调夜间噪音大", category="complaint", channel="phone", severity="major",
                  description=description, department="engineering",
                  received=dt.datetime(2026, 11, 20, 22, 15, tzinfo=SHANGHAI), location="1208房",
                  reporter_type="guest", reporter_ref="CRM-90001")
    item_id, fields = build_fields(register, new, BUILT)
    data = parse(content)
    assert item_id == data["id"] == "FB-2026-0054"
    assert data.pop("tags") == ["空调", "噪音"]
    assert data == fields and list(data) == list(fields)           # the same values in the same order
    validate_in_copy(tmp_path, ROOT / "register", query["filename"][0], content, AS_OF, capsys)
    assert_clean(page)
    assert_accessible(page)
    assert_clean(page)


def test_hostile_text_stays_text(page, tmp_path, capsys):
    open_form(page)
    title = "\"x\" 'y': #z & *a !b |c >d {e} [f] %g @h \\n \u200bzero\u202e"
    lines = ["---", "...", "  indented: yes", "\ttabbed", "key: value", "- [ ] list", "# heading",
             "split\u2028line", "emoji 😀 and \U00020000", "bell\x07 and del\x7f", "<script>alert(1)</script>",
             "!!python/object:os.system", "&anchor *alias", "\"\"\" ''' `"]
    fill(page, title=title, description="\n".join(lines) + "\n\n\n", category="safety", severity="critical",
         channel="walk-in", received="2026-11-21T08:59", location="- [x]: {y} # z", reporter_type="visitor",
         ref="CRM-1", anonymous=True, tags="a: b, \"c\", #d, ✓, null, yes")
    page.locator("#fbr-submit-go").click()
    urls = opened(page)
    assert len(urls) == 1, page.locator("#fbr-submit-errors").inner_text()
    query = parse_qs(urlsplit(urls[0]).query, keep_blank_values=True)
    data = parse(query["value"][0])
    assert data["title"] == "\"x\" 'y': #z & *a !b |c >d {e} [f] %g @h \\n zero"   # invisible characters gone
    expected = "\n".join(lines).replace("\u2028", "\n").replace("\x07", "").replace("\x7f", "") + "\n"
    assert data["description"] == expected
    assert data["location"] == "- [x]: {y} # z"
    assert data["tags"] == ["a: b", "\"c\"", "#d", "✓", "null", "yes"]
    assert data["reporter"] == {"type": "visitor", "anonymous": True}     # no reference when anonymous
    assert data["status"] == "new" and "department" not in data
    validate_in_copy(tmp_path, ROOT / "register", query["filename"][0], query["value"][0], AS_OF, capsys)
    assert_clean(page)


def test_an_invalid_form_shows_its_errors_next_to_the_fields_and_opens_nothing(page):
    open_form(page)
    fill(page, description="说明", category="complaint", severity="minor", channel="phone")
    page.locator("#fbr-submit-go").click()
    title, error = page.locator("#fbr-f-title"), page.locator("#fbr-f-title-error")
    assert error.is_visible() and error.inner_text() == "请填写“标题”。"
    assert title.get_attribute("aria-invalid") == "true"
    assert "fbr-f-title-error" in title.get_attribute("aria-describedby").split()
    summary = page.locator("#fbr-submit-errors")
    assert summary.is_visible() and "标题" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "fbr-submit-errors"
    assert opened(page) == [] and page.locator("#fbr-submit-result").is_hidden()
    assert page.locator("#fbr-submit-link").get_attribute("href") is None
    assert_accessible(page)                                           # errors shown are accessible too

    # the validator's other rules, checked in the browser
    cases = [
        ({"title": "空"}, "title", "至少"),
        ({"title": "长" * 201}, "title", "最多 200"),
        ({"ref": "13812345678"}, "ref", "电话"),
        ({"ref": "+86 138-1234-5678"}, "ref", "电话"),
        ({"ref": "wang@example.com"}, "ref", "邮箱"),
        ({"ref": "王先生"}, "ref", "字母"),
        ({"received": "2026-11-22T10:00"}, "received", "晚于现在"),
        ({"tags": "x" * 41}, "tags", "太长"),
    ]
    for values, field, words in cases:
        fill(page, **{"title": "空调噪音大", "ref": "", "received": "2026-11-21T08:00", "tags": ""})
        fill(page, **values)
        page.locator("#fbr-submit-go").click()
        message = page.locator(f"#fbr-f-{field}-error")
        assert message.is_visible() and words in message.inner_text(), (values, message.inner_text())
        assert opened(page) == [], values
    # corrected, the errors go as the fields change, and the form can be submitted
    fill(page, title="空调噪音大", ref="", received="2026-11-21T08:00", tags="")
    assert page.locator("#fbr-submit-errors").is_hidden()
    assert title.get_attribute("aria-invalid") is None
    page.locator("#fbr-submit-go").click()
    assert len(opened(page)) == 1
    assert_clean(page)


@contextlib.contextmanager
def own_page(browser, origin: str, **options):
    """A page in a context of its own (another time zone or locale), checked like the ``page`` fixture."""
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True, **options)   # see conftest.page
    context.set_default_timeout(15_000)
    page = context.new_page()
    recorder = Recorder(origin)
    recorder.attach(context, page)
    page.fbreg_recorder = recorder
    page.open = lambda path: page.goto(origin + path, wait_until="networkidle")
    try:
        yield page
    finally:
        context.close()
    assert not recorder.new_problems()


def test_received_is_in_the_registers_zone_whatever_the_readers(browser, site_origin):
    with own_page(browser, site_origin, locale="en-US", timezone_id="America/Los_Angeles") as page:
        open_form(page, dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.timezone.utc))   # 17:00 the day before in LA
        assert page.locator("#fbr-f-received").input_value() == "2026-11-21T09:00"
        assert "received: 2026-11-21T09:00:00+08:00\n" in preview(page)
        fill(page, received="2025-12-31T23:30")                                      # another year, another id
        assert "id: FB-2025-0014\n" in preview(page)
        assert "register/items/2025/12/FB-2025-0014.yaml" in page.locator("#fbr-submit-path").inner_text()
        assert_clean(page)


def test_without_javascript_the_page_explains_and_says_the_form_needs_it(browser, site_origin):
    with own_page(browser, site_origin, locale="zh-CN", java_script_enabled=False) as page:
        page.open(SUBMIT)
        note = page.locator("#fbr-submit-nojs")
        assert note.is_visible() and "JavaScript" in note.inner_text() and "fbreg new" in note.inner_text()
        assert page.locator("#fbr-submit-form").is_hidden()
        steps = page.locator(".fbr-submit-next")
        assert steps.is_visible() and "合并请求" in steps.inner_text() and "fbreg renumber" in steps.inner_text()
        assert_clean(page)


# --------------------------------------------------------------------------- English, Europe/London, GitLab
@pytest.fixture(scope="module")
def london_site(tmp_path_factory):
    """The English fixture register (Europe/London) with a GitLab repository: no pre-filled page."""
    from test_site import make_project

    root = make_project(tmp_path_factory.mktemp("london"))
    settings = root / "register" / "register.yaml"
    settings.write_text(settings.read_text().replace("https://github.com/example/feedback-register-en",
                                                     "https://gitlab.example.org/hotel/register"))
    from generator.engine import build_site

    site = build_site(str(root / "mkdocs.yml"))
    with serve(Path(site)) as origin:
        yield root, origin


def test_london_daylight_saving_and_a_host_without_prefilling(browser, london_site, tmp_path, capsys):
    root, origin = london_site
    with own_page(browser, origin, locale="en-GB", timezone_id="Asia/Tokyo") as page:
        open_form(page, dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.timezone.utc))
        assert page.locator("#fbr-f-received").input_value() == "2026-07-01T13:00"   # BST
        assert "received: 2026-07-01T13:00:00+01:00\n" in preview(page)
        assert_clean(page)

    with own_page(browser, origin, locale="en-GB", timezone_id="Asia/Tokyo") as page:
        open_form(page, dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.timezone.utc))
        assert page.locator("#fbr-f-received").input_value() == "2026-11-16T12:00"   # GMT
        for typed, recorded in [("2026-03-29T00:30", "2026-03-29T00:30:00+00:00"),
                                ("2026-03-29T01:30", "2026-03-29T01:30:00+00:00"),   # skipped: read as before
                                ("2026-03-29T02:30", "2026-03-29T02:30:00+01:00"),
                                ("2026-10-25T01:30", "2026-10-25T01:30:00+01:00"),   # twice: the first
                                ("2026-10-25T02:30", "2026-10-25T02:30:00+00:00")]:
            fill(page, received=typed)
            assert f"received: {recorded}\n" in preview(page), typed
        fill(page, title="Shower drain blocked in room 12", description="Water pooled in the shower tray.",
             category="quality", severity="minor", channel="walk-in", received="2026-11-10T10:00",
             department="maintenance", reporter_type="guest", ref="BK-2026-778")
        page.locator("#fbr-submit-go").click()
        assert opened(page) == []                                     # GitLab: nothing opened by itself
        link = page.locator("#fbr-submit-link")
        assert link.get_attribute("href") == "https://gitlab.example.org/hotel/register/-/new/main/register/items/2026/11"
        assert "QF-2026-0015.yaml" in page.locator("#fbr-submit-manual").inner_text()
        with page.expect_download() as download:
            page.locator("#fbr-submit-download").click()
        assert download.value.suggested_filename == "QF-2026-0015.yaml"
        content = Path(download.value.path()).read_text(encoding="utf-8")
        assert content == preview(page) and "received: 2026-11-10T10:00:00+00:00\n" in content
        validate_in_copy(tmp_path, root / "register", "register/items/2026/11/QF-2026-0015.yaml", content,
                         "2026-11-16T12:00:00+00:00", capsys)
        assert_clean(page)
        assert_accessible(page)
        assert_clean(page)
