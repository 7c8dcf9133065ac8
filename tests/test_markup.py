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


def test_the_block_forms_staff_type_render():
    """Quotes (a guest's own words), lists straight after a line of text, line breaks kept, fenced
    code showing < and & once, headings below the form's own (h2) headings."""
    out = render_markdown("客人原话:\n> 空调一直响,\n> 根本睡不着。\n\n处理经过:\n1. 前台接电话\n2. 工程部到场\n"
                          "\n第一行\n第二行\n\n# 经过\n\n```\nERR 42 <b> & x\n```\n")
    assert "<blockquote>\n<p>空调一直响,<br>\n根本睡不着。</p>\n</blockquote>" in out
    assert "<p>处理经过:</p>\n<ol>\n<li>前台接电话</li>\n<li>工程部到场</li>\n</ol>" in out
    assert "<p>第一行<br>\n第二行</p>" in out
    assert "<h3>经过</h3>" in out and "<h1>" not in out
    assert "<pre><code>ERR 42 &lt;b&gt; &amp; x\n</code></pre>" in out


@pytest.mark.parametrize("payload", [
    "> <script>alert(1)</script>", "> [x](javascript:alert(1))", "> > <img src=x onerror=alert(1)>",
    "```\n</code></pre><script>alert(1)</script>\n```", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\ue001script\ue000 alert(1)", "> &#106;avascript:alert(1)", "- <b onmouseover=alert(1)>x</b>",
])
def test_quotes_and_code_stay_inert(payload):
    out = render_markdown(payload)
    assert "<script" not in out and "<img" not in out and "javascript:" not in out.replace("&amp;#106;avascript:", "")
    assert "onmouseover=" not in out.replace("&lt;b onmouseover=", "") and "<b " not in out
