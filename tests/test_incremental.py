"""A rebuild reuses what did not change and gives the same site as a full build.

The sample project in a real git repository with fixed commit dates: built, built again (the
first site becomes the spare the next build starts from), one item changed and committed, built
incrementally; then every cache and site removed and built from nothing. The two sites must be
the same files with the same bytes, and the incremental build must have rewritten only a few
item pages (the build's profile, ``FBREG_PROFILE``, says how many it wrote and kept).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git
from test_atomic import AS_OF, sample_project, tree

FBREG = Path(sys.executable).with_name("fbreg")
CHANGED = "register/items/2026/03/FB-2026-0012.yaml"


def build(root: Path, profile: Path | None = None, site: str = "site") -> dict:
    env = dict(os.environ)
    env.pop("FBREG_NO_CACHE", None)
    if profile is not None:
        env["FBREG_PROFILE"] = str(profile)
    result = subprocess.run([str(FBREG), "build", "--as-of", AS_OF, "--site-dir", site], cwd=root, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(profile.read_text()) if profile is not None else {}


def commit(root: Path, message: str, when: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=when)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = sample_project(tmp_path_factory.mktemp("incremental"))
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "The sample register (#1)", "2026-11-20T10:00:00+08:00")
    return root


def spares(root: Path) -> list[Path]:
    return sorted((root / ".cache/fbreg-site").glob("*"))


def change_description(root: Path, sentence: str) -> None:
    path = root / CHANGED
    text = path.read_text(encoding="utf-8")
    assert "\ndescription: " in text or "\ndescription: |" in text
    path.write_text(text.replace("\ndescription: ", f"\ndescription: {sentence}", 1) if "\ndescription: |" not in text
                    else text.replace("\ndescription: |\n", f"\ndescription: |\n  {sentence}\n", 1), encoding="utf-8")


def test_an_incremental_build_is_the_full_build_and_rewrites_only_what_changed(project, tmp_path):
    root = project
    first = build(root, tmp_path / "p1.json")
    assert first["notes"]["item pages kept"] == 0
    assert spares(root) == []                  # nothing replaced yet
    build(root, tmp_path / "p2.json")
    assert len(spares(root)) == 1              # the first site, kept for the next build
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")]   # nothing beside the site

    change_description(root, "补充:复查发现同一位置仍有滴水。")
    commit(root, "FB-2026-0012 补充说明 (#2)", "2026-11-20T15:00:00+08:00")
    third = build(root, tmp_path / "p3.json")
    items = len(list((root / "site/items").iterdir()))
    assert third["notes"]["item pages kept"] >= items - 3, third["notes"]
    assert 1 <= third["notes"]["item pages written"] <= 3
    assert third["notes"]["search bundles placed"] <= 2
    incremental = tree(root / "site")
    assert "复查发现同一位置仍有滴水" in (root / "site/items/FB-2026-0012/index.html").read_text(encoding="utf-8")

    shutil.rmtree(root / "site")
    shutil.rmtree(root / ".cache")
    full = build(root, tmp_path / "p4.json")
    assert full["notes"]["item pages kept"] == 0
    assert tree(root / "site") == incremental


def test_a_page_changed_in_the_kept_site_is_written_again(project, tmp_path):
    """The spare is trusted only for files that are still the ones its manifest describes."""
    root = project
    build(root)
    build(root)                                # now the spare is the site before this one
    (spare,) = spares(root)
    page = spare / "items/FB-2026-0001/index.html"
    page.write_text("<p>tampered</p>", encoding="utf-8")
    removed = spare / "items/FB-2026-0002/index.html"
    removed.unlink()
    stray = spare / "items/FB-2099-9999"
    stray.mkdir()
    (stray / "index.html").write_text("<p>no such item</p>", encoding="utf-8")
    profile = build(root, tmp_path / "p.json")
    assert profile["notes"]["item pages written"] >= 2
    assert "tampered" not in (root / "site/items/FB-2026-0001/index.html").read_text(encoding="utf-8")
    assert (root / "site/items/FB-2026-0002/index.html").is_file()
    assert not (root / "site/items/FB-2099-9999").exists()


def test_without_caches_no_spare_is_kept(project, tmp_path, monkeypatch):
    root = project
    shutil.rmtree(root / ".cache", ignore_errors=True)
    env = dict(os.environ, FBREG_NO_CACHE="1")
    for _ in range(2):
        result = subprocess.run([str(FBREG), "build", "--as-of", AS_OF], cwd=root, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    assert not (root / ".cache/fbreg-site").exists()


def test_mkdocs_build_in_place_keeps_the_unchanged_pages(project, tmp_path):
    """``mkdocs build`` (and ``mkdocs serve``) rebuild the same folder: its pages are reused too."""
    root = project
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = dict(os.environ, FBREG_PROFILE=str(tmp_path / "p.json"))
    env.pop("FBREG_NO_CACHE", None)
    for _ in range(2):
        result = subprocess.run([str(mkdocs), "build", "-q", "-d", str(tmp_path / "out")], cwd=root, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    notes = json.loads((tmp_path / "p.json").read_text())["notes"]
    assert notes["item pages written"] == 0 and notes["item pages kept"] > 50
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.reuse-")]


def test_serve_rebuilds_keep_the_history_of_the_same_head(project, tmp_path, monkeypatch):
    """mkdocs serve builds again after each save with the same plugin: with no new commit the history
    index and the audit are the last build's; a new commit is read."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    import generator.history as history

    loads = []
    real = history.load_history
    monkeypatch.setattr(history, "load_history", lambda *a, **k: loads.append(1) or real(*a, **k))
    monkeypatch.chdir(project)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    mkdocs_build(config)
    item = project / "register/items/2026/03/FB-2026-0011.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: 已保存:", 1), encoding="utf-8")
    mkdocs_build(config)                                     # a save, no commit
    assert len(loads) == 1
    assert "已保存:" in (tmp_path / "out/items/FB-2026-0011/index.html").read_text(encoding="utf-8")
    commit(project, "FB-2026-0011 标题 (#3)", "2026-11-20T16:00:00+08:00")
    mkdocs_build(config)                                     # a new head: read
    assert len(loads) == 2
    page = (tmp_path / "out/items/FB-2026-0011/index.html").read_text(encoding="utf-8")
    assert "#3" in page
