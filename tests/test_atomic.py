"""Nothing lost: a build killed half-way or stopped by a full disk leaves the previous site as it was;
`fbreg new` and `fbreg set` on a full disk leave the register as it was, with no temporary file, and
say which file they could not write; and the read-only commands never touch the register."""
from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, git
from generator import atomicfile

FBREG = Path(sys.executable).with_name("fbreg")
AS_OF = "2026-11-21T09:00:00+08:00"
TRACEBACK = "Traceback (most recent call last)"


def sample_project(root: Path) -> Path:
    """A copy of the sample site's project: register, docs, theme and mkdocs.yml."""
    for name in ("register", "docs", "site_theme"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: relative path → SHA-256 of its bytes (links by their target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def build(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(FBREG), "build", "--as-of", AS_OF, *args], cwd=root, capture_output=True, text=True,
                          timeout=timeout)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


# ---------------------------------------------------------------- a build killed half-way

def kill_mid_build(root: Path, attempts: int = 5) -> None:
    """Start `fbreg build` and SIGKILL it (and anything it started) while it writes its temporary site."""
    for _ in range(attempts):
        proc = subprocess.Popen([str(FBREG), "build", "--as-of", AS_OF], cwd=root, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        try:
            while proc.poll() is None and time.monotonic() < deadline:
                work = [p for p in root.glob(".site.building-*") if p.is_dir()]
                if work and any(work[0].rglob("*.html")):     # pages are being written
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=30)
                    return
                time.sleep(0.005)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
        for stale in root.glob(".site.*"):   # it finished before it could be caught: try again
            shutil.rmtree(stale)
    pytest.skip("the build always finished before it could be killed")


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """A project whose second build was killed mid-way: (root, the first site's files)."""
    root = sample_project(tmp_path_factory.mktemp("killed"))
    first = build(root)
    assert first.returncode == 0, first.stderr
    before = tree(root / "site")
    kill_mid_build(root)
    return root, before


def test_a_killed_build_leaves_the_previous_site_byte_for_byte(killed):
    root, before = killed
    assert tree(root / "site") == before
    assert (root / "site/index.html").is_file() and len(before) > 50
    assert [n for n in leftovers(root) if n.startswith(".site.building-")]   # it was killed while writing


def test_the_next_build_succeeds_after_a_killed_one(killed):
    root, before = killed
    result = build(root)
    assert result.returncode == 0, result.stderr
    after = tree(root / "site")
    assert {p for p in after if p.endswith(".html")} == {p for p in before if p.endswith(".html")}


def test_the_next_build_removes_what_a_killed_build_left(killed):
    root, _ = killed
    assert build(root).returncode == 0
    assert leftovers(root) == []


# ---------------------------------------------------------------- a full disk (simulated)

class _FullDisk(io.RawIOBase):
    """A file that takes the first half of what is written, then fails as a full disk does."""

    def __init__(self, real) -> None:
        self.real = real

    def write(self, data) -> int:
        self.real.write(bytes(data[: len(data) // 2]))
        self.real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()


@pytest.fixture
def full_disk(monkeypatch):
    """Every file that generator.atomicfile opens fills the disk half-way through its first write."""
    real_fdopen = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real_fdopen(fd, mode, *args, **kwargs)
        return _FullDisk(fh) if "w" in mode else fh

    monkeypatch.setattr(atomicfile.os, "fdopen", fdopen)


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp")]


def test_fbreg_new_on_a_full_disk_writes_nothing_and_names_the_file(tmp_path, run, full_disk):
    register = shutil.copytree(SAMPLE, tmp_path / "register")
    before = tree(register)
    code, out, err = run("new", "--register", register, "--title", "Full disk", "--category", "complaint",
                         "--channel", "phone", "--severity", "minor", "--description", "x" * 5000,
                         "--received", "2026-11-20T10:00:00+08:00")
    assert code != 0 and out == ""
    assert "No space left on device" in err and "FB-2026-" in err and ".yaml" in err   # names the file
    assert tree(register) == before and temporaries(register) == []


def test_fbreg_set_on_a_full_disk_leaves_the_item_and_names_the_file(tmp_path, run, full_disk):
    register = shutil.copytree(SAMPLE, tmp_path / "register")
    before = tree(register)
    code, out, err = run("set", "--register", register, "FB-2026-0051", "location=Room 1208, by the window")
    assert code != 0
    assert TRACEBACK not in err and "No space left on device" in err and "FB-2026-0051.yaml" in err
    assert tree(register) == before and temporaries(register) == []


def test_a_build_stopped_by_a_full_disk_leaves_the_previous_site(tmp_path, run, monkeypatch):
    """The disk fills while the site's pages are written (in-process build): the build fails with a
    message, the previous site stays byte for byte, no temporary site is left."""
    root = sample_project(tmp_path)
    assert run("build", "--as-of", AS_OF, cwd=root)[0] == 0
    before = tree(root / "site")
    real_open = open
    written = []

    def filling_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax") and ".site.building-" in str(file):
            written.append(file)
            if len(written) > 20:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", filling_open)
    code, out, err = run("build", "--as-of", AS_OF, cwd=root)
    monkeypatch.undo()
    assert code != 0 and len(written) > 20
    assert "No space left on device" in err and TRACEBACK not in err
    assert tree(root / "site") == before
    assert leftovers(root) == []


# ---------------------------------------------------------------- a full disk (real: a 1 MB tmpfs)

@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs (root only; skipped where mounting is not permitted), filled but for ~8 KiB."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {result.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(disk: Path, leave: int) -> None:
    with open(disk / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    os.truncate(disk / "filler", max(0, (disk / "filler").stat().st_size - leave))


def test_fbreg_new_and_set_on_a_really_full_disk(small_disk):
    register = shutil.copytree(SAMPLE, small_disk / "register")
    fill(small_disk, leave=4096)
    before = tree(register)
    new = subprocess.run([str(FBREG), "new", "--register", str(register), "--title", "Full disk",
                          "--category", "complaint", "--channel", "phone", "--severity", "minor",
                          "--received", "2026-11-20T10:00:00+08:00", "--description", "x" * 19_000],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert new.returncode != 0 and TRACEBACK not in new.stderr, new.stderr
    assert "No space left on device" in new.stderr and ".yaml" in new.stderr
    edit = subprocess.run([str(FBREG), "set", "--register", str(register), "FB-2026-0051",
                           "analysis=" + "y" * 9_000], capture_output=True, text=True, timeout=60)
    assert edit.returncode != 0 and TRACEBACK not in edit.stderr, edit.stderr
    assert "No space left on device" in edit.stderr and "FB-2026-0051.yaml" in edit.stderr
    assert tree(register) == before and temporaries(register) == []


def test_a_build_onto_a_really_full_disk_leaves_the_previous_site(small_disk, tmp_path):
    root = sample_project(tmp_path / "project")
    site = small_disk / "site"
    (site / "items").mkdir(parents=True)
    (site / "index.html").write_text("the previous site\n")
    before = tree(site)
    fill(small_disk, leave=64 * 1024)
    result = build(root, "-d", str(site), timeout=300)
    assert result.returncode != 0 and TRACEBACK not in result.stderr, result.stderr[-2000:]
    assert tree(site) == before
    assert [p.name for p in small_disk.iterdir() if p.name.startswith(".site.")] == []


# ---------------------------------------------------------------- the read-only commands

def test_read_only_commands_never_modify_the_register(tmp_path):
    """validate, build, audit, export, report, overdue, reviewers and codeowners --check over the
    sample (in git, so the audit has a history): every file under register/ is the same, byte for
    byte, and no file appears or disappears there."""
    root = sample_project(tmp_path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Sample")
    before = tree(root / "register")
    reg = ["--register", "register"]
    commands = [
        ["validate", *reg], ["validate", *reg, "--format", "json"], ["build", "--as-of", AS_OF],
        ["audit", *reg], ["audit", *reg, "--format", "json", "--no-record"],
        ["export", *reg, "--format", "csv"], ["export", *reg, "--format", "json", "-o", "out.json"],
        ["report", *reg, "--period", "week", "--as-of", AS_OF], ["report", *reg, "--period", "month", "--as-of", AS_OF],
        ["overdue", *reg, "--as-of", AS_OF, "--format", "json"], ["reviewers", *reg, "--base", "HEAD"],
        ["codeowners", *reg, "--check"],
    ]
    for command in commands:
        result = subprocess.run([str(FBREG), *command], cwd=root, capture_output=True, text=True, timeout=300)
        assert TRACEBACK not in result.stderr, (command, result.stderr)
        assert tree(root / "register") == before, command
    assert git(root, "status", "--porcelain", "--", "register") == ""


def test_leftovers_of_dead_builds_go_and_a_lost_site_comes_back(tmp_path):
    from generator.engine import clean_leftovers, swap_in

    final = tmp_path / "site"
    old = tmp_path / ".site.old-99999999-abc"            # killed between the two renames: no site/
    old.mkdir()
    (old / "index.html").write_text("previous")
    dead = tmp_path / ".site.building-99999999-xyz"       # no such process
    alive = tmp_path / f".site.building-{os.getppid()}-xyz"   # a running build (our parent) is left alone
    staging = tmp_path / ".fbr-search-99999999-q"
    for folder in (dead, alive, staging):
        folder.mkdir()
    clean_leftovers(final)
    assert (final / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", alive.name])
    work = tmp_path / ".site.building-1-new"
    work.mkdir()
    (work / "index.html").write_text("new")
    swap_in(work, final)                                   # exchanged: never a moment without site/
    assert (final / "index.html").read_text() == "new" and not work.exists()
