"""The only module that runs git: list arguments, no shell, C locale, no pager, no optional locks.

History is read in one ``git log`` pass (:func:`log`): every commit reachable from HEAD (merges
too, with their parents), and for each non-merge commit the raw changes under the register
folder against its first parent, renames followed (``-M``), paths NUL-separated (``-z``) so that
spaces, newlines and non-ASCII names arrive intact. ``--full-history --sparse`` walks and shows
every commit while the pathspec limits only the diff, so the parents graph is complete and the
diff work stays inside the register. Blob contents come from one ``git cat-file --batch`` process
(:func:`read_blobs`).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

NULL_SHA = "0" * 40

# %x1e starts a commit record; its fields end in NUL; the message (%B) comes last.
_FIELDS = ("%H", "%P", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%B")
_CONFIG = (
    "-c", "log.showSignature=false",   # would print gpg output into the log
    "-c", "log.follow=false",          # would turn on --follow for a single pathspec
    "-c", "core.quotePath=false",
)


class GitError(Exception):
    """git is missing, or a git command failed (the message carries its standard error)."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(LC_ALL="C", LANGUAGE="C", GIT_PAGER="cat", PAGER="cat", GIT_OPTIONAL_LOCKS="0",
               GIT_TERMINAL_PROMPT="0", GIT_LITERAL_PATHSPECS="1", GIT_NO_REPLACE_OBJECTS="1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # a caller's hook must not redirect us
        env.pop(name, None)
    return env


def _run(root: Path, args: tuple[str, ...], input: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "--no-pager", *args], cwd=root, input=input, env=_env(),
                              capture_output=True, check=False)
    except (OSError, ValueError) as exc:
        raise GitError(f"cannot run git: {exc}") from exc


def git(root: Path, *args: str, input: bytes | None = None) -> bytes:
    """Run ``git args…`` in ``root``; its standard output, or :class:`GitError` on failure."""
    done = _run(root, args, input)
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args[:2])} failed (exit {done.returncode}): {err}")
    return done.stdout


def repo_root(path: Path) -> Path | None:
    """The top folder of the work tree holding ``path``; ``None`` outside a repository or without git."""
    path = Path(path)
    start = path if path.is_dir() else path.parent
    while not start.exists() and start != start.parent:
        start = start.parent
    try:
        out = git(start, "rev-parse", "--show-toplevel")
    except GitError:
        return None
    text = out.decode("utf-8", "surrogateescape").strip()
    return Path(text) if text else None


def head(root: Path) -> str | None:
    """The commit HEAD names; ``None`` in a repository without commits."""
    done = _run(root, ("rev-parse", "--verify", "-q", "HEAD^{commit}"))
    if done.returncode != 0:
        return None
    return done.stdout.decode("ascii", "replace").strip() or None


def is_shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    """Whether ``older`` is reachable from ``newer`` (False also when either is unknown)."""
    return _run(root, ("merge-base", "--is-ancestor", older, newer)).returncode == 0


def verify_commit(root: Path, sha: str) -> bool:
    """Whether ``git verify-commit`` accepts the commit's signature (False when unsigned or no keys)."""
    return _run(root, ("verify-commit", sha)).returncode == 0


def read_blobs(root: Path, ids: Iterable[str], limit: int | None = None) -> dict[str, bytes]:
    """Contents of the blobs ``ids`` (missing ones left out), from ONE ``git cat-file --batch``.

    With ``limit``, a blob longer than that is cut to ``limit + 1`` bytes: enough for a size check
    to refuse it, without holding a huge file in memory.
    """
    wanted = list(dict.fromkeys(i for i in ids if i and i != NULL_SHA))
    if not wanted:
        return {}
    try:
        proc = subprocess.Popen(["git", "--no-pager", "cat-file", "--batch"], cwd=root, env=_env(),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from exc

    def feed() -> None:  # a thread, so a full output pipe never blocks our writing
        try:
            proc.stdin.write("".join(f"{i}\n" for i in wanted).encode("utf-8", "surrogateescape"))
        except OSError:
            pass
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    found: dict[str, bytes] = {}
    out = proc.stdout
    try:
        for wanted_id in wanted:
            header = out.readline()
            if not header:
                break
            parts = header.split()
            if len(parts) != 3:  # "<id> missing" or "<id> ambiguous"
                continue
            size = int(parts[2])
            keep = size if limit is None else min(size, limit + 1)
            data = out.read(keep)
            rest = size - keep
            while rest > 0:
                chunk = out.read(min(rest, 1 << 20))
                if not chunk:
                    break
                rest -= len(chunk)
            out.read(1)  # the newline after the contents
            if parts[1] == b"blob":
                found[wanted_id] = data
    finally:
        out.close()
        writer.join()
        proc.wait()
    return found


@dataclass(frozen=True)
class Change:
    """One file change under the register in one non-merge commit, against its first parent."""

    status: str            # "A" added, "M" modified, "D" deleted, "R" renamed, "T" type changed
    path: str              # repo-relative posix path after the change (the old path for "D")
    old_path: str | None   # for "R": the path before
    old_blob: str | None   # None for "A"
    new_blob: str | None   # None for "D"
    old_mode: str = ""
    new_mode: str = ""


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_date: datetime
    committer_name: str
    committer_email: str
    committer_date: datetime
    message: str
    changes: tuple[Change, ...]
    signed: str = ""        # %G? when asked for (G good, B bad, U unknown validity, N none, E cannot check…)

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def to_row(self) -> list:
        """A JSON-ready list (for caches); :meth:`from_row` reads it back."""
        return [self.sha, list(self.parents), self.author_name, self.author_email, self.author_date.isoformat(),
                self.committer_name, self.committer_email, self.committer_date.isoformat(), self.message,
                self.signed, [[ch.status, ch.path, ch.old_path, ch.old_blob, ch.new_blob, ch.old_mode, ch.new_mode]
                              for ch in self.changes]]

    @classmethod
    def from_row(cls, row: list) -> "Commit":
        sha, parents, an, ae, ad, cn, ce, cd, message, signed, changes = row
        i = _intern
        return cls(i(sha), tuple(i(p) for p in parents), i(an), i(ae), datetime.fromisoformat(ad), i(cn), i(ce),
                   datetime.fromisoformat(cd), message, tuple(_change_of(*ch) for ch in changes), signed)


def _intern(text):
    """One object for each distinct name, e-mail, path, id and mode: a history repeats them in every
    commit (a file's path in each of its versions, a blob as one version's new and the next's old)."""
    return sys.intern(text) if type(text) is str else text


def _change_of(status, path, old_path, old_blob, new_blob, old_mode="", new_mode="") -> "Change":
    i = _intern
    return Change(i(status), i(path), i(old_path), i(old_blob), i(new_blob), i(old_mode), i(new_mode))


def _under(path: str, prefix: str) -> bool:
    return not prefix or path == prefix or path.startswith(prefix + "/")


def _change(meta: bytes, paths: list[str]) -> Change:
    old_mode, new_mode, old_blob, new_blob, status = meta[1:].decode("ascii").split(" ")
    kind = status[0]
    old = None if old_blob == NULL_SHA else old_blob
    new = None if new_blob == NULL_SHA else new_blob
    if kind in "RC":
        return _change_of("R" if kind == "R" else "A", paths[1], paths[0] if kind == "R" else None,
                          old if kind == "R" else None, new, old_mode, new_mode)
    return _change_of(kind, paths[0], None, old, new, old_mode, new_mode)


def parse_log(out: bytes, prefix: str, signatures: bool = False) -> list[Commit]:
    """Commits from the output of :func:`log`'s ``git log`` command, in output order.

    The output is NUL-separated: a record starts with ``\x1e`` and has one token per field (the
    message last); raw entries follow as ``:modes blobs status`` tokens and one or two path tokens.
    Paths are consumed by count, so a path may hold any byte but NUL.
    """
    nfields = len(_FIELDS) + (1 if signatures else 0)
    tokens = out.split(b"\0")
    commits: list[Commit] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if not tok.startswith(b"\x1e"):
            i += 1
            continue
        fields = [tok[1:], *tokens[i + 1:i + nfields]]
        i += nfields
        changes: list[Change] = []
        while i < n:
            meta = tokens[i].lstrip(b"\n")
            if not meta:
                i += 1
                continue
            if meta[:1] != b":":
                break
            count = 2 if meta[meta.rfind(b" ") + 1:][:1] in (b"R", b"C") else 1
            paths = [t.decode("utf-8", "surrogateescape") for t in tokens[i + 1:i + 1 + count]]
            i += 1 + count
            change = _change(meta, paths)
            if _under(change.path, prefix) or (change.old_path and _under(change.old_path, prefix)):
                changes.append(change)
        text = [f.decode("utf-8", "replace") for f in fields]
        signed = text.pop(8) if signatures else ""
        sha, parents, an, ae, ad, cn, ce, cd, message = text
        commits.append(Commit(_intern(sha), tuple(_intern(p) for p in parents.split()), _intern(an), _intern(ae),
                              datetime.fromisoformat(ad), _intern(cn), _intern(ce), datetime.fromisoformat(cd),
                              message, tuple(changes), signed))
    return commits


def log(root: Path, since: str | None = None, path: str = "register", signatures: bool = False) -> list[Commit]:
    """Every commit reachable from HEAD (not from ``since``), parents before children, in ONE ``git log``.

    ``path`` is the register folder relative to ``root`` ("" for the whole tree): only changes
    under it are kept, but every commit is listed, so merges and the first-parent chain are whole.
    ``signatures`` adds ``%G?`` (git then runs gpg for each signed commit: slow on large histories).
    """
    fields = list(_FIELDS)
    if signatures:
        fields.insert(8, "%G?")
    fmt = "%x1e" + "".join(f + "%x00" for f in fields)
    rev = f"{since}..HEAD" if since else "HEAD"
    args = [*_CONFIG, "log", "--full-history", "--sparse", "--topo-order", "--reverse", "--raw", "-M",
            "--no-abbrev", "-z", "--no-color", "--no-ext-diff", "--no-relative", f"--format={fmt}", rev, "--"]
    path = path.strip("/")
    args.append(path or ".")
    return parse_log(git(root, *args), path, signatures)


# -- a branch against its base (ids taken on the target branch, the files a change touches)

def resolve(root: Path, ref: str) -> str | None:
    """The commit ``ref`` names, or None when it names none (a typo, a branch not fetched)."""
    done = _run(root, ("rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{commit}}"))
    return done.stdout.decode("ascii", "replace").strip() or None if done.returncode == 0 else None


def merge_base(root: Path, a: str, b: str) -> str | None:
    """The commit where ``a`` and ``b`` parted (None when they share none, or HEAD is unborn)."""
    done = _run(root, ("merge-base", a, b))
    return done.stdout.decode("ascii", "replace").strip() or None if done.returncode == 0 else None


def tracked(root: Path, path: str) -> bool:
    """Whether git tracks any file under ``path`` (repo-relative)."""
    return bool(git(root, "ls-files", "-z", "--", path).strip(b"\0"))


def ls_tree(root: Path, ref: str, path: str) -> list[str]:
    """Repo-relative paths of the files under ``path`` in commit ``ref``."""
    out = git(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", ref, "--", path)
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def changed_files(root: Path, base: str, path: str) -> list[tuple[str, str | None, str]]:
    """``(status, old path, new path)`` for files under ``path`` that differ between ``base`` and the
    work tree (tracked changes, renames followed, and new files git does not ignore)."""
    out = git(root, "diff", "--name-status", "-M", "-z", base, "--", path)
    parts = [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]
    found, i = [], 0
    while i < len(parts):
        status = parts[i][:1]
        if status in ("R", "C"):
            found.append((status, parts[i + 1], parts[i + 2]))
            i += 3
        else:
            found.append((status, parts[i + 1] if status == "D" else None, parts[i + 1]))
            i += 2
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", path)
    found += [("A", None, p.decode("utf-8", "surrogateescape")) for p in untracked.split(b"\0") if p]
    return found


def read_at(root: Path, ref: str, paths: Iterable[str]) -> dict[str, bytes]:
    """Contents of ``paths`` in commit ``ref`` (missing ones left out), from one ``cat-file --batch``."""
    wanted = list(dict.fromkeys(paths))
    found = read_blobs(root, [f"{ref}:{p}" for p in wanted])
    return {p: found[f"{ref}:{p}"] for p in wanted if f"{ref}:{p}" in found}
