"""Item pages on the lean path: the theme's shell filled per item, in workers, and safe ids only."""
import pytest

from generator import itempages
from generator.itempages import CONTENT_MARK, SHELL_ID, TITLE_MARK, Shell, ShellError, write_pages
from generator.pages import raw_html
from generator.workers import can_fork

SHELL = (f'<html><head><title>{TITLE_MARK} - Site</title><link rel="canonical" href="https://x/items/{SHELL_ID}/">'
         f'</head><body><span class="md-ellipsis">{TITLE_MARK}</span>{CONTENT_MARK}<footer>f</footer></body></html>')


def test_the_shell_is_filled_with_title_id_and_content():
    page = Shell.from_page(SHELL).page("FB-2026-0001", "FB-2026-0001 Cold", "<article>x</article>")
    assert "<title>FB-2026-0001 Cold - Site</title>" in page and 'href="https://x/items/FB-2026-0001/"' in page
    assert '<span class="md-ellipsis">FB-2026-0001 Cold</span><article>x</article><footer>' in page
    assert TITLE_MARK not in page and SHELL_ID not in page and "FBRSHELL" not in page


def test_a_shell_without_its_marker_is_refused():
    with pytest.raises(ShellError):
        Shell.from_page("<html>an override dropped page.content</html>")


@pytest.mark.parametrize("workers", [1, 2])
def test_every_safe_item_is_written_once_and_unsafe_ids_never(tmp_path, monkeypatch, workers):
    if workers > 1 and not can_fork():
        pytest.skip("fork only on Linux")
    monkeypatch.setattr(itempages, "PARALLEL_FROM", 2)
    jobs = [(f"FB-2026-{n:04d}", f"FB-2026-{n:04d} t{n}", n, f"k{n}") for n in range(1, 41)]
    jobs += [("../../etc", "evil", 0, "k"), ("FB-2026-0001/../../x", "evil", 0, "k")]
    written = write_pages(Shell.from_page(SHELL), jobs, lambda n: f"<p>item {n}</p>", tmp_path / "site",
                          lambda item_id, key: False, workers=workers)
    assert written == 40
    pages = sorted(p.parent.name for p in (tmp_path / "site/items").glob("*/index.html"))
    assert pages == [j[0] for j in jobs[:40]]
    assert "<p>item 7</p>" in (tmp_path / "site/items/FB-2026-0007/index.html").read_text()
    assert not (tmp_path / "etc").exists() and not (tmp_path / "x").exists()


def test_generated_pages_of_headings_and_html_skip_markdown():
    assert raw_html("# Ledger\n\n<table><tr><td>1</td></tr></table>\n## Open &amp; late\n") == (
        "<h1>Ledger</h1>\n\n<table><tr><td>1</td></tr></table>\n<h2>Open &amp; late</h2>\n")
    assert raw_html("# Title\n\nSome *Markdown* text\n") is None
    assert raw_html("- a list\n") is None


def test_a_large_sitemap_becomes_an_index_of_files_within_the_protocols_limit(tmp_path, monkeypatch):
    from xml.etree import ElementTree

    from generator.itempages import add_to_sitemap

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    site = tmp_path / "site"
    site.mkdir()
    engine = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              "\n    <url>\n         <loc>https://r.example/</loc>\n         <lastmod>2026-11-21</lastmod>\n    </url>"
              f"\n    <url>\n         <loc>https://r.example/items/{itempages.SHELL_ID}/</loc>\n    </url>\n</urlset>")
    (site / "sitemap.xml").write_text(engine)
    (site / "sitemap.xml.gz").write_bytes(b"")
    small = [f"https://r.example/items/FB-2026-{n:04d}/" for n in range(1, 4)]
    add_to_sitemap(site, small, "https://r.example")
    tree = ElementTree.parse(site / "sitemap.xml").getroot()
    assert tree.tag.endswith("urlset") and len(tree) == 4 and not list(site.glob("sitemap-*.xml"))

    (site / "sitemap.xml").write_text(engine)
    monkeypatch.setattr(itempages, "SITEMAP_ONE_FILE", 10)
    monkeypatch.setattr(itempages, "SITEMAP_MAX", 7)
    urls = [f"https://r.example/items/FB-2026-{n:04d}/" for n in range(1, 21)]
    add_to_sitemap(site, urls, "https://r.example")
    index = ElementTree.parse(site / "sitemap.xml").getroot()
    assert index.tag.endswith("sitemapindex")
    listed = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert listed == ["https://r.example/sitemap-pages.xml"] + [f"https://r.example/sitemap-items-{n}.xml" for n in (1, 2, 3)]
    found = []
    for name in ["sitemap-pages.xml"] + [f"sitemap-items-{n}.xml" for n in (1, 2, 3)]:
        part = ElementTree.parse(site / name).getroot()
        assert part.tag.endswith("urlset") and len(part) <= 7
        found += [e.text for e in part.findall("s:url/s:loc", ns)]
    assert found == ["https://r.example/"] + urls and itempages.SHELL_ID not in "".join(found)
    import gzip
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()
