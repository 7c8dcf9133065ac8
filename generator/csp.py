"""The site's content security policy: scripts only from the site itself, plus the theme's own inline
scripts by hash; never an inline script from page content, never anything from another origin.

``site_theme/main.html`` puts the policy in a ``<meta http-equiv>`` at the top of every page with
:data:`PLACEHOLDER` where the hashes go; :func:`apply` fills in the SHA-256 of each inline script
that is part of the theme's page *around* the content (hosts such as GitHub Pages cannot send
headers, so the meta element is the only place). ``'wasm-unsafe-eval'`` lets Pagefind's WebAssembly
run; ``style-src 'unsafe-inline'`` is needed by Material's and Pagefind's style attributes.
"""
from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "'fbr-csp-script-hashes'"
_INLINE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def _executable(attrs: str) -> bool:
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
    return kind is None or kind.group(1).lower() in ("text/javascript", "module", "application/javascript")


def script_hashes(html: str) -> list[str]:
    return sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
                   for attrs, body in _INLINE.findall(html) if _executable(attrs)})


def apply(output: str, content: str | None = None) -> str:
    """``output`` with the placeholder replaced by the hashes of the inline scripts outside ``content``."""
    if PLACEHOLDER not in output:
        return output
    chrome = output
    if content:
        at = output.find(content)
        if at >= 0:
            chrome = output[:at] + output[at + len(content):]
    hashes = script_hashes(chrome)
    return output.replace(PLACEHOLDER, " ".join(hashes) if hashes else "", 1)
