"""Markdown from items is rendered, and nothing in it can run."""
import pytest

from generator.markup import render_markdown


def test_markdown_is_rendered():
    out = render_markdown("客人反映 **空调噪音**。\n\n- 第一次来电\n- 第二次来电\n\n[说明](https://example.org/a)")
    assert "<strong>空调噪音</strong>" in out and "<li>第一次来电</li>" in out
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">说明</a>' in out


@pytest.mark.parametrize("payload, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x](JaVaScRiPt:alert(1))", "avascript:"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("<a href=\"javascript:alert(1)\">x</a>", "<a href"),
    ("![x](https://tracker.example/p.gif)", "<img"),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ("<style>body{display:none}</style>", "<style"),
])
def test_hostile_markdown_is_inert(payload, forbidden):
    out = render_markdown(payload)
    assert forbidden not in out
