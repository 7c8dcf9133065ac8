"""The sample site's search index: Pagefind's bundle over the items and the docs' pages, nothing else."""
import json
import shutil

import pytest

from conftest import ROOT
from generator.engine import build_site
from generator.searchindex import item_document, page_document


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    for name in ("register", "docs", "site_theme"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_the_sample_site_builds_without_warnings(sample_site, caplog):
    """Broken links or other MkDocs warnings in the sample site are defects, not noise."""
    with caplog.at_level("WARNING"):
        site = build_site(str(sample_site / "mkdocs.yml"), str(sample_site / "site"))
    warnings = [r.getMessage() for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert not warnings
    items = sorted(p.name for p in (site / "items").iterdir())
    assert len(items) == 66 and "FBR-SHELL-0000" not in items
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    # every item, the docs' pages (about, how to submit, importing a ledger) and the submit page; no list pages
    # (nor the field reference: a table of the schema)
    assert entry["languages"]["zh"]["page_count"] == 66 + 4
    assert (site / "pagefind/pagefind.js").is_file() and (site / "pagefind/pagefind-ui.js").is_file()
    # Material's own index holds nothing (it would be downloaded and built on every page view)
    assert json.loads((site / "search/search_index.json").read_text())["docs"] == []
    sitemap = (site / "sitemap.xml").read_text()
    assert sitemap.count("<url>") == len(list(site.rglob("index.html")))   # every page (404.html is not one)
    assert "/items/FB-2026-0036/</loc>" in sitemap and "FBR-SHELL" not in sitemap
    assert not list(sample_site.glob(".fbr-search-*"))   # the staging folder is gone


def test_documents_for_the_index_keep_only_the_article():
    built = ('<html><head><title>关于 - 台账</title></head><body><nav>菜单</nav><div class="md-content">'
             '<article class="md-content__inner md-typeset"><h1>关于</h1><p>正文</p></article>\n</div></body></html>')
    doc = page_document("zh", built)
    assert '<html lang="zh">' in doc and "<title>关于 - 台账</title>" in doc
    assert "<p>正\u200b文</p>" in doc        # Han characters are indexed one by one (search.js queries so)
    assert "菜单" not in doc
    assert page_document("zh", "<html><body>no article</body></html>") is None
    assert item_document("en", "FB-1 Cold", "<p>x</p>").count("<main><h1>FB-1 Cold</h1><p>x</p>") == 1
    doc = item_document("zh", "FB-1 油烟", "<p>a油烟管道b</p>")
    assert 'content="FB-1 油烟">' in doc and "<p>a油\u200b烟\u200b管\u200b道b</p>" in doc


def test_the_policy_hashes_the_themes_inline_scripts_never_the_contents():
    from generator.csp import PLACEHOLDER, apply, script_hashes

    content = "<p>x</p><script>alert(1)</script>"
    page = (f'<meta http-equiv="Content-Security-Policy" content="script-src \'self\' {PLACEHOLDER}">'
            f'<script>theme()</script><script type="application/json">{{}}</script><script src="a.js"></script>'
            f"<article>{content}</article>")
    out = apply(page, content)
    assert script_hashes("<script>theme()</script>")[0] in out
    assert script_hashes("<script>alert(1)</script>")[0] not in out and PLACEHOLDER not in out
    assert len(script_hashes(out)) == 2      # theme() and the content's; only the first is allowed


def test_the_sample_pages_carry_the_policy(sample_site):
    site = sample_site / "site"
    if not site.exists():
        build_site(str(sample_site / "mkdocs.yml"), str(site))
    for page in ("index.html", "items/FB-2026-0036/index.html", "404.html", "register/index.html"):
        html = (site / page).read_text()
        assert "'fbr-csp-script-hashes'" not in html and "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in html, page
