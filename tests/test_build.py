"""`fbreg build`: the plugin generates pages from the register; a failed build keeps the previous site."""
import json
import shutil

from conftest import CASES

MKDOCS_YML = """site_name: Case register
site_url: http://localhost/
theme:
  name: material
  font: false
plugins:
  - feedback-register:
      register: register
"""


def project(tmp_path):
    shutil.copytree(CASES / "register", tmp_path / "register")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    return tmp_path


def test_build_generates_the_home_page_with_escaped_titles(tmp_path, run):
    root = project(tmp_path)
    item = root / "register/items/2026/03/QF-2026-0001.yaml"
    item.write_text(item.read_text().replace("title: Cold breakfast served in the restaurant",
                                             'title: "<script>alert(1)</script> | cold"'))
    code, out, err = run("build", "--as-of", "2026-11-21T09:00:00+00:00", cwd=root)
    assert code == 0, err
    for page in ("index.html", "register/index.html", "items/QF-2026-0001/index.html",
                 "departments/kitchen/index.html", "overdue/index.html"):
        html = (root / "site" / page).read_text()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    html = (root / "site/index.html").read_text()
    assert "QF-2026-0001" in html and "As of</strong>" in html and "2026-11-21 09:00</time> (Europe/London)" in html
    assert not list(root.glob(".site.*"))  # no temporary folders left behind


def test_failed_build_leaves_the_previous_site(tmp_path, run):
    root = project(tmp_path)
    assert run("build", cwd=root)[0] == 0
    before = (root / "site/index.html").read_text()
    (root / "register/items/2026/03/QF-2026-0001.yaml").write_text("id: [broken\n")
    code, out, err = run("build", cwd=root)
    assert code == 1
    assert (root / "site/index.html").read_text() == before
    assert not list(root.glob(".site.*"))


def test_build_needs_mkdocs_yml(tmp_path, run):
    code, _, err = run("build", cwd=tmp_path)
    assert code == 2 and "mkdocs.yml not found" in err


def test_markdown_in_titles_never_becomes_a_link(tmp_path, run):
    root = project(tmp_path)
    item = root / "register/items/2026/03/QF-2026-0001.yaml"
    item.write_text(item.read_text().replace("title: Cold breakfast served in the restaurant",
                                             'title: "[click](javascript:alert(1)) **bold**"'))
    assert run("build", cwd=root)[0] == 0
    for page in ("index.html", "items/QF-2026-0001/index.html"):
        html = (root / "site" / page).read_text()
        assert 'href="javascript:' not in html and "[click](javascript:alert(1)) **bold**" in html


def test_site_pages_agree_with_fbreg_overdue(tmp_path, run):
    """The overdue page, the department page and the dashboard count the same breaches as the CLI."""
    import json
    import re

    root = project(tmp_path)
    as_of = "2026-03-05T09:00:00+00:00"
    extra = root / "register/items/2026/03/QF-2026-0002.yaml"
    extra.write_text("id: QF-2026-0002\ntitle: Lift stuck\nreceived: 2026-03-03T10:00:00+00:00\nchannel: phone\n"
                     "category: safety\nseverity: critical\nstatus: new\ndescription: Lift stuck at floor 2.\n")
    assert run("build", "--as-of", as_of, cwd=root)[0] == 0
    code, out, _ = run("overdue", "--register", root / "register", "--as-of", as_of, "--format", "json")
    cli = [(r["id"], r["milestone"]) for r in json.loads(out)["overdue"]]
    assert len(cli) >= 3

    def rows(page):
        html = (root / "site" / page).read_text()
        html = "".join(t.split("</table>")[0] for t in html.split('class="fbr-table fbr-breaches"')[1:])
        found = re.findall(r'<a href="[./]*items/([A-Z0-9-]+)/">[^<]*</a></td><td><span class="fbr-t">[^<]*</span></td>'
                           r'<td>([^<]*)</td>', html)
        return sorted(found)

    milestone_label = {"Acknowledge": "acknowledge", "Respond": "respond", "Resolve": "resolve"}
    on_page = sorted((i, milestone_label[m]) for i, m in rows("overdue/index.html"))
    assert on_page == sorted(cli)
    kitchen = sorted((i, milestone_label[m]) for i, m in rows("departments/kitchen/index.html"))
    assert kitchen == sorted(r for r in cli if r[0] == "QF-2026-0001")
    dashboard = (root / "site/index.html").read_text()
    assert f'id="fbr-overdue_items">{len({i for i, _ in cli})}<' in dashboard


def test_the_site_speaks_the_register_language_without_a_second_setting(tmp_path, run, caplog):
    """mkdocs.yml says nothing of the language: register.yaml's `language:` sets the theme's labels,
    <html lang> and the search index's language; a contradicting theme.language is overridden, loudly."""
    root = project(tmp_path)
    settings = root / "register/register.yaml"
    settings.write_text(settings.read_text().replace("language: en", "language: zh"))
    assert run("build", "--as-of", "2026-11-21T09:00:00+00:00", cwd=root)[0] == 0
    home = (root / "site/index.html").read_text()
    assert '<html lang="zh"' in home and 'aria-label="页眉"' in home   # Material's own zh labels
    item = (root / "site/items/QF-2026-0001/index.html").read_text()
    assert '<html lang="zh"' in item
    pagefind = json.loads((root / "site/pagefind/pagefind-entry.json").read_text())
    assert list(pagefind["languages"]) == ["und"]     # Chinese: character pairs, which Pagefind must not cut again

    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  font: false\n", "  font: false\n  language: en\n"))
    caplog.clear()
    assert run("build", "--as-of", "2026-11-21T09:00:00+00:00", cwd=root)[0] == 0
    assert '<html lang="zh"' in (root / "site/index.html").read_text()
    assert "theme.language: en" in caplog.text and "language: zh" in caplog.text
