import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
FIXTURE_EN = ROOT / "tests" / "fixtures" / "register-en"
SAMPLE = ROOT / "register"


def case_header(path: Path) -> tuple[str, list[tuple[str, int]]]:
    """``# path: …`` and ``# expect: code@line …`` from a case file's first lines."""
    text = path.read_bytes().decode("utf-8", "replace")
    target = re.search(r"^# path: (\S+)", text, re.M).group(1)
    expect = re.search(r"^# expect: (.*)$", text, re.M)
    pairs = []
    if expect:
        for token in expect.group(1).split():
            code, line = token.split("@")
            pairs.append((code, int(line)))
    return target, pairs


@pytest.fixture
def case_register(tmp_path) -> Path:
    """A writable copy of the register the case files are checked against."""
    dest = tmp_path / "register"
    shutil.copytree(CASES / "register", dest)
    return dest


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def _run(*args, cwd=None):
        if cwd:
            monkeypatch.chdir(cwd)
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def pagefind_pages(site) -> dict:
    """The pages in a built site's Pagefind bundles (the primary and every shard): ``{url: fragment}``
    (url, content, meta.title); content as text again (the index's words are Chinese character
    pairs: generator/searchdocs.py), the words themselves in ``words``."""
    import gzip
    import json

    from generator.searchdocs import text_of

    pages = {}
    for path in (Path(site) / "pagefind").rglob("fragment/*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        fragment = json.loads(raw[len(b"pagefind_dcd"):])
        fragment["words"] = fragment["content"]
        fragment["content"] = text_of(fragment["content"])
        assert fragment["url"] not in pages, fragment["url"]      # every page in one bundle only
        pages[fragment["url"]] = fragment
    return pages
