"""Item pages on the lean path: the theme's shell filled per item, in workers, and safe ids only."""
import pytest

from generator import itempages
from generator.itempages import CONTENT_MARK, SHELL_ID, TITLE_MARK, Shell, ShellError, render_all
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
    jobs = [(f"FB-2026-{n:04d}", f"FB-2026-{n:04d} t{n}", n) for n in range(1, 41)]
    jobs += [("../../etc", "evil", 0), ("FB-2026-0001/../../x", "evil", 0)]
    written = render_all(Shell.from_page(SHELL), jobs, lambda n: f"<p>item {n}</p>", tmp_path / "site",
                         workers=workers)
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
