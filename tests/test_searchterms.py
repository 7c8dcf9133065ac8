"""The register's own words reach the search index whole (jieba would cut them apart)."""
import json
import shutil

from conftest import ROOT, SAMPLE
from generator.engine import build_site
from generator.searchterms import register_terms
from generator.validate import load_register


def test_terms_are_department_names_labels_tags_and_locations():
    register = load_register(SAMPLE)[0]
    items = [i.data for i in register.items if i.data]
    terms = register_terms(register.settings, items, SAMPLE)
    for word in ("前厅部", "质检办", "安全隐患", "意见卡", "油烟管道", "大堂前台"):
        assert word in terms, word
    assert "1620房、1520房" not in terms          # phrases with punctuation are not words
    assert all(len(t) >= 2 for t in terms) and terms == sorted(set(terms))


def test_a_terms_file_adds_words(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "register", ignore=shutil.ignore_patterns(".git"))
    (tmp_path / "register/search-terms.txt").write_text("# 本店用语\n行政酒廊\n宴会统筹 5\n\n", encoding="utf-8")
    register = load_register(tmp_path / "register")[0]
    terms = register_terms(register.settings, [], tmp_path / "register")
    assert "行政酒廊" in terms and "宴会统筹" in terms and "本店用语" not in terms


def test_the_index_holds_register_words_whole(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "register")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_theme", tmp_path / "site_theme")
    site = build_site(str(tmp_path / "mkdocs.yml"), str(tmp_path / "site"))
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    entry = next(d for d in index["docs"] if d["location"] == "items/FB-2026-0036/")
    assert "\u200b油烟管道\u200b" in entry["text"]     # one token, not 油烟 + 管道
    assert "FB-2026-0036" in entry["title"]


def test_the_sample_site_builds_without_warnings(tmp_path, caplog):
    """Broken links or other MkDocs warnings in the sample site are defects, not noise."""
    for name in ("register", "docs", "site_theme"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    with caplog.at_level("WARNING"):
        build_site(str(tmp_path / "mkdocs.yml"), str(tmp_path / "site"))
    warnings = [r.getMessage() for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert not warnings
