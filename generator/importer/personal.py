"""Personal data on the way in: names, phone numbers and room-plus-name columns are never written.

A row's personal cells (the columns mapped to ``reporter``, ``phone`` or ``contact``) become one
opaque reference, ``reporter.ref: P-3f9a0c7d21e4`` (12 hex digits): HMAC-SHA256 of the cells'
normalised text under a secret key. The same person (the same name and number) gets the same
reference in every row and every import run with the same key, so repeat reporters can still be
seen; without the key nobody can get from the reference back to the name or number (a plain hash
of a phone number could be reversed by trying all numbers). The key is read from the environment
variable ``FBREG_IMPORT_KEY`` (keep it with the office's other secrets, never in the repository);
without it a random key is made for the run and a warning says that references of this run will not
match those of another.

Free text (descriptions, measures, results) is searched with the register's privacy check
(:mod:`generator.privacy`): a phone number, e-mail address, ID or card number or licence plate is an
error at its cell, or, with ``redact: true`` in the mapping, replaced by ``[已删除]`` / ``[removed]``
and reported as a warning.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata

from .. import privacy

KEY_ENV = "FBREG_IMPORT_KEY"
REF_PREFIX = "P-"


class References:
    def __init__(self, key: str | None = None) -> None:
        key = key if key is not None else os.environ.get(KEY_ENV)
        self.random = not key
        self.key = (key or secrets.token_hex(32)).encode("utf-8")

    def ref(self, cells: list[str]) -> str | None:
        """The opaque reference for a row's personal cells; None when they are all blank."""
        parts = ["".join(unicodedata.normalize("NFKC", c).split()).casefold() for c in cells]
        if not any(parts):
            return None
        digest = hmac.new(self.key, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()
        return REF_PREFIX + digest[:12]


def redact(text: str, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with personal data replaced, and ``[(kind, masked)]`` of what was replaced."""
    found = privacy.findings(text)
    if not found:
        return text, []
    mark = "[已删除]" if lang == "zh" else "[removed]"
    out, pos = [], 0
    for _, start, end, _ in found:
        if start < pos:
            continue
        out.append(text[pos:start] + mark)
        pos = end
    out.append(text[pos:])
    return "".join(out), [(kind, masked) for kind, _, _, masked in found]
