"""`fbreg build`: the plugin generates pages from the register; a failed build keeps the previous site."""
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
    html = (root / "site/index.html").read_text()
    assert "QF-2026-0001" in html and "As of 2026-11-21 09:00 (Europe/London)" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
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
