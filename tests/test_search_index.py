"""The sample site's search index: Pagefind's bundles over the items and the docs' pages, nothing else;
Chinese written as character pairs, and the text read back from them."""
import json
import shutil

import pytest
from hypothesis import given, strategies as st

from conftest import ROOT, pagefind_pages
from generator.engine import build_site
from generator.searchdocs import SPACE, item_document, page_document, pairs, text_of


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
    # the primary bundle: the docs' pages (about, how to submit, importing a ledger) and the submit page; no list
    # pages (nor the field reference: a table of the schema)
    assert entry["languages"]["und"]["page_count"] == 4
    shards = json.loads((site / "pagefind/fbr-shards.json").read_text())["shards"]
    assert shards == ["open", "y2025", "y2026"]
    counts = [json.loads((site / f"pagefind/shards/{s}/pagefind-entry.json").read_text())["languages"]["und"]["page_count"]
              for s in shards]
    assert sum(counts) == 66                       # every item, each in one shard
    pages = pagefind_pages(site)
    assert len([u for u in pages if u.startswith("/items/")]) == 66 and len(pages) == 70
    # what the dialog loads, and not Pagefind's own UI (the dialog is ours)
    assert (site / "pagefind/pagefind.js").is_file() and (site / "pagefind/wasm.unknown.pagefind").is_file()
    assert not (site / "pagefind/pagefind-ui.js").exists() and not (site / "pagefind/shards/open/pagefind.js").exists()
    # Material's own index holds nothing (it would be downloaded and built on every page view)
    assert json.loads((site / "search/search_index.json").read_text())["docs"] == []
    sitemap = (site / "sitemap.xml").read_text()
    assert sitemap.count("<url>") == len(list(site.rglob("index.html")))   # every page (404.html is not one)
    assert "/items/FB-2026-0036/</loc>" in sitemap and "FBR-SHELL" not in sitemap
    assert not list(sample_site.glob(".fbr-search-*"))   # the staging folder is gone


def test_closed_items_are_sharded_by_year_and_block_of_numbers():
    from types import SimpleNamespace

    from generator.searchindex import SHARD_ITEMS, shard_of

    def shard(item_id, is_open=False):
        return shard_of(SimpleNamespace(id=item_id, is_open=is_open))

    assert shard("FB-2025-0123", is_open=True) == "open"
    assert shard("FB-2025-0123") == shard(f"FB-2025-{SHARD_ITEMS - 1:04d}") == "y2025"
    assert shard(f"FB-2025-{SHARD_ITEMS}") == "y2025-1" and shard(f"FB-2025-{3 * SHARD_ITEMS + 7}") == "y2025-3"
    assert shard("FB-2026-0001") == "y2026"


def test_documents_for_the_index_keep_only_the_article():
    built = ('<html><head><title>关于 - 台账</title></head><body><nav>菜单</nav><div class="md-content">'
             '<article class="md-content__inner md-typeset"><h1>关于</h1><p>正文</p></article>\n</div></body></html>')
    doc = page_document("und", built)
    assert '<html lang="und">' in doc and "<title>关于 - 台账</title>" in doc
    assert f"<p>{SPACE}正文 文{SPACE}</p>" in doc   # Han text as character pairs (search-worker.js asks so), blocks' edges marked
    assert "菜单" not in doc
    assert page_document("und", "<html><body>no article</body></html>") is None
    doc = item_document("und", {"id": "FB-1", "title": "油烟", "description": "a油烟管道b\n\n**重要** [见](http://x)",
                                "department": "kitchen", "status": "new"}, {"kitchen": "厨房"}.get)
    assert 'content="FB-1 油烟">' in doc and f"<h1>FB-1 {SPACE}油烟 烟{SPACE}</h1>" in doc
    # Markdown's marks and the link's address left out
    assert f"<p>a 油烟 烟管 管道 道 b {SPACE}重要 要{SPACE} {SPACE}见{SPACE}</p>" in doc
    assert f"<p>厨房 房{SPACE}</p>" in doc
    assert "status" not in doc and "new" not in doc                       # codes and labels are not searched


@given(st.text(st.sampled_from("空调坏了油烟 \n\tabAB12-,.:。,“”\"<>&"), max_size=40))
def test_the_text_comes_back_from_its_pairs(text):
    assert text_of(pairs(text)) == " ".join(text.split())


def test_pairs_make_every_character_the_start_of_a_word():
    assert pairs("空调坏了") == "空调 调坏 坏了 了"          # 空调坏了 is asked as 空调 调坏 坏了; 坏 alone finds 坏了
    assert pairs("1208房空调 Wi-Fi") == f"1208 房空 空调 调{SPACE} Wi-Fi"
    assert pairs(f"x{SPACE}y") == "x\ufffdy"              # the marker never comes from the text


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
