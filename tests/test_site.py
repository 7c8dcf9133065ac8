"""The built site, read as a browser would get it: the English fixture register built once, as of a
fixed time; assertions on the generated HTML and data files."""
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_EN, ROOT, pagefind_pages
from generator.engine import build_site
from generator.itemform import edit_url

AS_OF = "2026-11-16T12:00:00+00:00"
MKDOCS_YML = f"""site_name: Harbour View feedback register
site_url: https://register.example.org/
theme:
  name: material
  custom_dir: {ROOT / 'site_theme'}
  language: en
  font: false
plugins:
  - search
  - feedback-register:
      register: register
      as_of: "{AS_OF}"
"""
HOSTILE = {
    "title": '"><img src=x onerror=alert(1)> <script>alert(2)</script>',
    "description": "[run](javascript:alert(3)) <iframe src=//evil.example></iframe> **kept**",
    "location": "<b>Lobby</b>",
    "analysis": '<a href="javascript:alert(4)">x</a>',
}


def make_project(root: Path, hostile: bool = False) -> Path:
    shutil.copytree(FIXTURE_EN, root / "register")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    if hostile:
        item = root / "register/items/2026/03/QF-2026-0002.yaml"
        text = item.read_text()
        text = re.sub(r"^title: .*$", "title: " + json.dumps(HOSTILE["title"]), text, flags=re.M)
        text += "location: " + json.dumps(HOSTILE["location"]) + "\n"
        text = re.sub(r"^description: .*?(?=^\w)", "description: " + json.dumps(HOSTILE["description"]) + "\n",
                      text, flags=re.M | re.S)
        text = re.sub(r"^analysis: .*$", "", text, flags=re.M) + "analysis: " + json.dumps(HOSTILE["analysis"]) + "\n"
        item.write_text(text)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("site"), hostile=True)
    return build_site(str(root / "mkdocs.yml"))


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_item_page_is_the_paper_form_in_order(site):
    html = page(site, "items/QF-2026-0001")
    sections = re.findall(r'<section class="fbr-box fbr-(sec_\w+)"', html)
    assert sections == ["sec_feedback", "sec_responsibility", "sec_analysis", "sec_actions", "sec_reply",
                        "sec_verification", "sec_closure", "sec_deadlines"]
    assert "Feedback handling form" in html and "<strong>QF-2026-0001</strong>" in html
    # actions with kind, owner (a department id shown by name) and dates
    actions = html.split('fbr-table fbr-actions')[1].split("</table>")[0]
    assert re.search(r"<td>Temporary</td><td><div class=\"fbr-text\"><p>Corrected the booking.*?</td>"
                     r"<td>Reception</td><td>2026-03-02</td><td>2026-03-02 15:00</td>", actions, re.S)
    assert "Corrective" in actions
    assert "We apologised, corrected the dates" in html            # reply
    assert "fbr-result-effective" in html and "Checked 40 phone bookings" in html   # verification
    assert "4/5" in html and "★★★★☆" in html                        # satisfaction
    # deadlines with their state, times in the register's zone (GMT in March)
    assert re.search(r"<td>Resolve</td><td>[^<]+</td><td>2026-03-13 11:00</td><td><span class=\"fbr-state fbr-state-met\">",
                     html)
    edit = "https://github.com/example/feedback-register-en/edit/main/register/items/2026/03/QF-2026-0001.yaml"
    assert f'href="{edit}"' in html and "Edit this item" in html


def test_blank_boxes_say_so_and_related_items_link(site):
    html = page(site, "items/QF-2026-0014")   # open, nothing done yet
    assert html.count("(not recorded)") >= 3
    assert "fbr-state-breached" in html


def test_hostile_fields_are_text_everywhere(site):
    for path in ("items/QF-2026-0002", "register", "", "departments/reception", "overdue"):
        html = page(site, path)
        assert "<script>alert(2)</script>" not in html and "onerror=alert(1)>" not in html, path
        assert not re.search(r"""<[a-z]+\b[^>]*\b(href|src)\s*=\s*["']?\s*javascript:""", html, re.I), path
        assert "<iframe" not in html, path
    html = page(site, "items/QF-2026-0002")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;b&gt;Lobby&lt;/b&gt;" in html
    assert "<strong>kept</strong>" in html                          # Markdown still works
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title.replace("&lt;", "") and "QF-2026-0002" in title
    # the index holds the text (Pagefind escapes its excerpts: tests/browser shows them inert)
    entry = pagefind_pages(site)["/items/QF-2026-0002/"]
    assert "<script>alert(2)</script>" in entry["content"] and "<" not in entry["meta"]["title"]
    rows = json.loads((site / "register/rows.json").read_text())["rows"]
    assert any(r["title"] == HOSTILE["title"] for r in rows)          # data, rendered with textContent
    feed = (site / "feed.xml").read_text()
    assert "<script>" not in feed and "&lt;script&gt;alert(2)&lt;/script&gt;" in feed


def test_dashboard_has_counts_charts_and_their_numbers(site):
    html = page(site, "")
    for chart in ("fbr-chart-intake", "fbr-chart-ontime", "fbr-chart-response"):
        figure = html.split(f'id="{chart}"')[1].split("</figure>")[0]
        assert "<svg" in figure and 'role="img"' in figure and '<table class="fbr-chart-data"' in figure, chart
    intake = html.split('id="fbr-chart-intake"')[1].split("</figure>")[0]
    # March 2026 is outside the last 12 months as of 2026-11? No: Dec 2025 .. Nov 2026, so March counts
    table = intake.split('<table class="fbr-chart-data"')[1]
    assert "2026-03" in table and "2025-12" in table and "2026-11" in table
    assert 'id="fbr-overdue_items">' in html and 'href="overdue/"' in html


def test_ledger_filters_are_there_for_the_script_and_rows_carry_codes(site):
    html = page(site, "register")
    form = html.split('<form class="fbr-filter"')[1].split("</form>")[0]
    assert form.startswith(" hidden")                                # shown by the script only
    for name in ("q", "department", "status", "category", "severity", "year"):
        assert f'name="{name}"' in form
    assert '<option value="reception">Reception</option>' in form
    rows = re.findall(r'<tr data-department="([^"]*)" data-status="([^"]*)" data-category="([^"]*)"', html)
    assert len(rows) == 14
    data = json.loads((site / "register/rows.json").read_text())["rows"]
    assert [r["id"] for r in data] == re.findall(r'<td>\d+</td><td><a href="../items/([A-Z0-9-]+)/"', html)
    first = data[0]
    assert set(first["codes"]) == {"department", "status", "category", "severity", "year", "open"}


def test_overdue_page_data_lets_the_reader_clock_recheck(site):
    data = json.loads((site / "overdue/deadlines.json").read_text())
    assert data["as_of"] == "2026-11-16T12:00:00+00:00" and data["timezone"] == "Europe/London"
    ids = {(d["id"], d["milestone"]) for d in data["deadlines"]}
    assert ("QF-2026-0014", "Acknowledge") in ids and ("QF-2026-0001", "Resolve") not in ids  # met ones are not
    for d in data["deadlines"]:
        levels = [dt.datetime.fromisoformat(at) for at, _ in d["levels"]]
        assert levels == sorted(levels) and levels[0] == dt.datetime.fromisoformat(d["due"])
        assert [name for _, name in d["levels"]] == ["Department", "Department head", "General manager"]
    html = page(site, "overdue")
    assert 'data-deadlines="deadlines.json"' in html and 'class="fbr-recheck" hidden' in html


def test_listing_pages_stay_out_of_search_and_item_pages_are_one_entry(site):
    pages = pagefind_pages(site)
    assert not any(url.startswith(("/register/", "/overdue/", "/departments/")) or url == "/" for url in pages)
    item = pages["/items/QF-2026-0001/"]
    assert item["meta"]["title"].startswith("QF-2026-0001 ") and "Booking confirmation" in item["meta"]["title"]
    assert "date picker" in item["content"]
    assert "Verification" not in item["content"]                     # form labels are not indexed
    assert len([u for u in pages if u.startswith("/items/")]) == 14


def test_exports_and_feeds_are_published(site):
    csv = (site / "exports/register.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and csv.count(b"QF-2026-") >= 14
    assert len(json.loads((site / "exports/register.json").read_text())["items"]) == 14
    assert (site / "departments/reception/feed.xml").read_text().startswith("<?xml")
    assert 'href="https://register.example.org/items/' in (site / "feed.xml").read_text()
    assert 'type="application/atom+xml"' in page(site, "")


def test_nothing_is_loaded_from_another_origin(site):
    """Scripts, styles, images and frames come from the site itself (links to pages elsewhere are fine)."""
    checked = 0
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            checked += 1
            url = re.search(r'\b(?:src|href)="([^"]*)"', tag)
            if url and re.match(r"(?i)(https?:)?//", url.group(1)):
                if re.search(r'rel="(alternate|canonical)"', tag):
                    continue                      # names a URL, loads nothing
                pytest.fail(f"{path}: {tag}")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
    assert checked > 100


@pytest.mark.parametrize("repository, expected", [
    ("https://github.com/o/r", "https://github.com/o/r/edit/main/register/items/a.yaml"),
    ("https://gitlab.example.org/o/r.git", "https://gitlab.example.org/o/r/-/edit/main/register/items/a.yaml"),
    ("https://codeberg.org/o/r", "https://codeberg.org/o/r/_edit/main/register/items/a.yaml"),
    ("javascript:alert(1)", None), (None, None),
])
def test_edit_links(repository, expected):
    assert edit_url(repository, "main", "register/items/a.yaml") == expected


def test_site_builds_with_properdocs(tmp_path):
    """MkDocs 1.x is unmaintained: the same project must build with the ProperDocs fork."""
    root = make_project(tmp_path)
    exe = Path(sys.executable).with_name("properdocs")
    result = subprocess.run([str(exe), "build", "-f", "mkdocs.yml", "-d", "out"], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (root / "out/items/QF-2026-0001/index.html").read_text()
    assert "Feedback handling form" in html and (root / "out/exports/register.csv").exists()
    # and through our adapter, choosing the engine
    env = dict(os.environ, FBREG_ENGINE="properdocs")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-d", "out2"], cwd=root,
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert (root / "out2/overdue/index.html").exists()


def test_navigation_without_a_nav_lists_the_register_pages_never_the_items(site):
    html = page(site, "")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>',
                     html)
    pages = [link for link in nav if not link[0].startswith("#")]        # without the page's own headings
    assert pages == [(".", "Dashboard"), ("register/", "Register"), ("departments/", "Departments"),
                     ("overdue/", "Overdue"), ("submit/", "Submit feedback"), ("fields/", "Field reference")], nav
    nav_links = re.findall(r'<a href="([^"]*)" class="md-nav__link', html)
    assert nav_links and not [h for h in nav_links if "items/" in h or "departments/reception" in h]
    # an item page carries no list of items either
    assert page(site, "items/QF-2026-0001").count("items/QF-2026-00") < 5
