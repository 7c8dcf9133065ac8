"""The register's own words for Chinese word segmentation in the search index.

Material's search plugin cuts Chinese text into words with jieba when it is installed. jieba's
general dictionary does not know a register's department names, locations or tags (前厅部,
行政楼, 布草间), so they would be cut apart and a search for them would miss; this module lists
them, and the plugin adds them to jieba before any page is indexed.
"""
from __future__ import annotations

import re
from pathlib import Path

from .labels import Labels
from .settings import Settings

_HAN = re.compile(r"[\u3400-\u9fff]")
_TERM = re.compile(r"^\w{2,12}$")   # words, not phrases: no spaces or punctuation
TERMS_FILE = "search-terms.txt"   # optional, in the register folder: one term per line, # comments


def register_terms(settings: Settings, items: list[dict], register_dir: Path | None = None) -> list[str]:
    """Sorted distinct terms (at least two characters, at least one Chinese character)."""
    t = Labels(settings.language, settings.labels)
    found: set[str] = set()
    found.update(settings.department_name(d, "") for d in settings.departments)
    found.update(t(code) for code in [*settings.categories, *settings.channels, *settings.severities])
    for data in items:
        tags = data.get("tags")
        for value in [data.get("location"), *(tags if isinstance(tags, list) else [])]:
            if isinstance(value, str):
                found.add(value.strip())
    if register_dir is not None and (register_dir / TERMS_FILE).is_file():
        for line in (register_dir / TERMS_FILE).read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                found.add(line.split()[0])
    return sorted(term for term in found if _TERM.match(term) and _HAN.search(term))


def teach_segmenter(terms: list[str]) -> bool:
    """Add ``terms`` to jieba's dictionary (the one Material's search uses); False without jieba."""
    try:
        import jieba
    except ImportError:
        return False
    for term in terms:
        jieba.add_word(term)
    return True
