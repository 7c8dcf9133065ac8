"""The submit page (/submit/) as built: the form's choices come from the register with their labels,
the script's configuration carries the highest ids and the schema's limits, and whatever the
register's settings hold (department names, labels) stays text. What the form does in a browser is
tested in tests/browser/test_submit.py."""
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.engine import build_site
from generator.labels import Labels
from generator.submitpage import repository_target, script_json
from conftest import pagefind_pages
from test_site import make_project

HOSTILE_DEPT = "</script><script>alert(1)</script>"
HOSTILE_LABELS = {
    "complaint": '"><img src=x onerror=alert(2)>',
    "phone": "<!--</script>&amp;",
    "submit_hint_title": "{max} {nope} {0} <b>bold</b>",          # braces: not str.format
    "submit_err_required": "</script><img src=x>{field}",
}


class Form(HTMLParser):
    """The selects (name → [(value, text)]), the labels' targets and the config script's raw text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.selects: dict[str, list[tuple[str, str]]] = {}
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self._select = self._option = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self._select = a["name"]
            self.selects[self._select] = []
        elif tag == "option" and self._select:
            self._option, self._text = a.get("value"), ""
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a.get("id", ""))

    def handle_data(self, data):
        if self._option is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "option" and self._select and self._option is not None:
            self.selects[self._select].append((self._option, self._text))
            self._option = None
        elif tag == "select":
            self._select = None


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("submit"))
    reg = root / "register"
    labels = "".join(f"  {key}: {json.dumps(value)}\n" for key, value in HOSTILE_LABELS.items())
    (reg / "register.yaml").write_text((reg / "register.yaml").read_text() + "labels:\n" + labels)
    (reg / "departments.yaml").write_text((reg / "departments.yaml").read_text()
                                          + f"  - id: hostile\n    name: {{en: {json.dumps(HOSTILE_DEPT)}}}\n")
    return build_site(str(root / "mkdocs.yml"))


@pytest.fixture(scope="module")
def page(site) -> str:
    return (site / "submit/index.html").read_text(encoding="utf-8")


def config(page: str) -> tuple[str, dict]:
    raw = re.search(r'<script type="application/json" id="fbr-submit-config">(.*?)</script>', page, re.S).group(1)
    return raw, json.loads(raw)


def test_every_choice_of_the_register_is_an_option_with_its_label(page):
    t = Labels("en", HOSTILE_LABELS)
    form = Form()
    form.feed(page)
    categories = ["complaint", "suggestion", "quality", "safety", "praise", "inquiry", "internal"]
    channels = ["phone", "email", "comment-card", "walk-in", "online", "meeting", "inspection", "letter"]
    assert form.selects["category"] == [("", "— choose —")] + [(c, t(c)) for c in categories]
    assert form.selects["channel"] == [("", "— choose —")] + [(c, t(c)) for c in channels]
    assert form.selects["severity"] == [("", "— choose —"), ("critical", "Critical"), ("major", "Major"),
                                        ("minor", "Minor")]
    assert form.selects["department"] == [("", "— not decided yet —"), ("reception", "Reception"),
                                          ("kitchen", "Kitchen"), ("maintenance", "Maintenance"),
                                          ("quality", "Quality"), ("hostile", HOSTILE_DEPT)]
    assert [v for v, _ in form.selects["reporter_type"]][1:] == [
        "guest", "customer", "student", "parent", "employee", "supplier", "visitor", "public", "other"]
    assert ("complaint", HOSTILE_LABELS["complaint"]) in form.selects["category"]   # text, as written
    # every control has a label (the form's 13 and the site's search box); the other fields are there too
    ours = {c for c in form.controls if c.startswith("fbr-")}
    assert len(ours - {"fbr-search-input"}) == 13 and "fbr-search-input" in ours and ours <= form.labels
    for name in ("title", "description", "received", "location", "ref", "anonymous", "tags"):
        assert f'id="fbr-f-{name}"' in page, name
    assert 'type="datetime-local"' in page and "Europe/London" in page


def test_the_form_waits_for_its_script_and_says_so_without_it(site, page):
    assert re.search(r'<form class="fbr-submit" id="fbr-submit-form" hidden', page)
    assert 'id="fbr-submit-nojs"' in page and "<code>fbreg new</code>" in page and "needs JavaScript" in page
    assert "What happens next" in page and "pull request" in page
    assert re.search(r'<script src="\.\./assets/fbr/submit\.js" defer></script>', page)
    assert (site / "assets/fbr/submit.js").is_file()
    # reached from every page's navigation (the default nav of a project without its own)
    assert 'href="submit/"' in (site / "index.html").read_text(encoding="utf-8")


def test_the_scripts_configuration_has_the_highest_ids_limits_and_repository(page):
    raw, c = config(page)
    assert c["prefix"] == "QF" and c["timezone"] == "Europe/London"
    assert c["highest"] == {"2026": 14}
    assert c["items_dir"] == "register/items"
    assert c["limits"]["title_min"] == 2 and c["limits"]["title_max"] == 200
    assert c["limits"]["ref_max"] == 64 and c["limits"]["ref_pattern"].startswith("^[A-Za-z0-9]")
    assert c["limits"]["description_max"] == 20000 and c["limits"]["tags_max"] == 20
    assert c["host"] == {"kind": "github", "name": "GitHub", "template":
                         "https://github.com/example/feedback-register-en/new/main?filename={path}&value={value}"}
    assert ["reception", "Reception"] in c["options"]["department"]
    assert c["messages"]["assigned"] == "Assigned" and "{id}" in c["messages"]["id_note"]


def test_hostile_names_and_labels_stay_text(page):
    raw, c = config(page)
    for char in "<>&":                                    # nothing can end the script element or open a comment
        assert char not in raw
    assert ["hostile", HOSTILE_DEPT] in c["options"]["department"]
    assert ["complaint", HOSTILE_LABELS["complaint"]] in c["options"]["category"]
    assert c["messages"]["err_required"] == HOSTILE_LABELS["submit_err_required"]
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold</b>" not in page
    assert html.escape(HOSTILE_DEPT) in page
    # a label's own braces are left as they are; only the page's placeholders are filled
    assert "200 {nope} {0} &lt;b&gt;bold&lt;/b&gt;" in page


def test_the_configuration_is_not_in_the_search_index(site):
    pages = pagefind_pages(site)
    text = json.dumps(pages)
    assert "ref_pattern" not in text and "items_dir" not in text
    # the form (its examples, its choices) is left out; the explanation can be found
    entry = pages["/submit/"]["content"]
    assert "Reporter type" not in entry and "Reception" not in entry
    assert "pull request" in entry


@pytest.mark.parametrize("repository, branch, kind, template", [
    ("https://github.com/o/r", "main", "github", "https://github.com/o/r/new/main?filename={path}&value={value}"),
    ("https://github.com/o/r.git/", "release/2026", "github",
     "https://github.com/o/r/new/release/2026?filename={path}&value={value}"),
    ("https://codeberg.org/o/r", "main", "gitea",
     "https://codeberg.org/o/r/_new/main/{dir}/?filename={file}&value={value}"),
    ("https://gitea.example.org/o/r", "main", "gitea",
     "https://gitea.example.org/o/r/_new/main/{dir}/?filename={file}&value={value}"),
    ("https://gitlab.example.org/g/r.git", "main", "gitlab", "https://gitlab.example.org/g/r/-/new/main/{dir}"),
    ("https://git.example.org/o/r", "main", "", ""),
    ("https://github.com/o/{value}", "main", "github",
     "https://github.com/o/%7Bvalue%7D/new/main?filename={path}&value={value}"),
    ("http://github.com/o/r", "main", "", ""), ("javascript:alert(1)", "main", "", ""), (None, "main", "", ""),
])
def test_repository_targets(repository, branch, kind, template):
    target = repository_target(repository, branch)
    assert target["kind"] == kind and target["template"] == template


def test_script_json_cannot_close_its_element():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}
