"""Per-item timelines from git: who changed which field when, and which merge approved it.

One ``git log`` pass (:mod:`generator.gitlog`) lists every commit reachable from HEAD with its
changes under the register folder. From the parents graph, in Python:

* the main line is the first-parent chain from HEAD;
* a merge on the main line approves the commits it brought in: those reachable from its other
  parents and not from its first (each commit is counted once, by the first merge that brought
  it in); a main-line commit that is not a merge may carry its own approval (a squash merge
  "title (#12)", or ``Reviewed-by:``/``Approved-by:`` trailers), otherwise it was pushed directly.

Item versions are parsed with the untrusted-YAML loader (:mod:`generator.safeyaml`); a version
that does not parse has ``data`` None. Each parsed version is reduced at once to its *summary*
(:func:`summary`: the values of the few fields the record shows, a short hash of every field's
value), so neither memory nor the cache holds every text of every version. Commits are cached as
JSON by HEAD (a later HEAD that descends from the cached one reads only the new commits) and
version summaries by blob id, under ``<repo>/.cache/fbreg/``. Warnings are data: nothing here prints.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import cachedir, gitlog, safeyaml
from .itemcache import parse_all
from .atomicfile import write_atomic
from .gitlog import Change, Commit

CACHE_VERSION = 1
BLOB_CACHE_VERSION = 3   # 2: summaries, not parsed values; 3: their fields as one shared list
BLOB_CHUNK = 20_000     # item versions read and parsed at a time (their texts are dropped after each)
SERVICE_EMAILS = frozenset({"noreply@github.com", "noreply@gitlab.com"})
SHALLOW_WARNING = ("the history is incomplete (shallow clone): fetch it whole "
                   "(git fetch --unshallow; actions/checkout with fetch-depth: 0)")
TRIAL_WARNING = ("HEAD is a trial merge of a pull request ({subject}): the commits it brings in "
                 "are not on the main line yet")

_GITHUB = re.compile(r"Merge pull request #(\d+) from \S+")
_GITLAB = re.compile(r"^See merge request \S*?!(\d+)\s*$", re.M)
_BITBUCKET = re.compile(r"Merged in \S+ \(pull request #(\d+)\)")
_TRIAL = re.compile(r"Merge [0-9a-f]{40} into [0-9a-f]{40}$")
_SQUASH = re.compile(r"\(#(\d+)\)$")
_TRAILER = re.compile(r"^(?:reviewed-by|approved-by)\s*:\s*(.+?)\s*$", re.I | re.M)


# What the index keeps of each version (the processing record and the audit read no more): the values
# of the short fields a change is shown with or checked by (VALUE_FIELDS), and of a version's data only
# KEPT_KEYS. A change of any other field (a description, a reply) keeps only that it was there before
# and after (CHANGED): the texts of every version of every item are not held in memory.
VALUE_FIELDS = frozenset({"id", "title", "location", "satisfaction", "status", "category", "channel", "severity",
                          "department", "received", "acknowledged_at", "responded_at", "closed_at"})
KEPT_KEYS = ("id", "status", "involves", "import")


class _Changed:
    """Stands for the value of a field the index does not keep (present, whatever it was)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return "CHANGED"


CHANGED = _Changed()


@dataclass(frozen=True)
class FieldChange:
    field: str        # a top-level field of the item
    old: object       # None when absent before; CHANGED for a field not in VALUE_FIELDS
    new: object       # None when absent after; CHANGED for a field not in VALUE_FIELDS


@dataclass(frozen=True)
class Approval:
    by: str | None           # who merged (a merge's author) or the first person a trailer names
    at: datetime             # the approving commit's committer date
    kind: str                # "merge", "squash" or "trailer"
    ref: str | None          # "#412" (GitHub, Bitbucket), "!17" (GitLab), None
    commit: str              # the merge / squash / trailer commit
    trusted: bool            # committed by the hosting service, or signed and verified (%G? = G)
    approvers: tuple[str, ...] = ()   # everyone named in Reviewed-by / Approved-by trailers


@dataclass(frozen=True)
class Version:
    commit: Commit
    change: Change
    fields: tuple[FieldChange, ...]   # against the previous blob (or the last that parsed); every field for
                                      # "A", every field removed for "D", () when this version did not parse
    data: dict | None                 # the item's KEPT_KEYS at this version (None: deleted, not YAML, or did not parse)
    approval: Approval | None         # the main-line merge / squash / trailer that brought it in
    on_main_at: datetime | None       # when it reached the main line (None: not yet, e.g. a trial merge)


@dataclass
class ItemHistory:
    path: str                    # current repo-relative path (the last one if deleted)
    item_id: str | None          # from the latest version that parsed
    versions: list[Version] = field(default_factory=list)   # oldest first, across renames
    deleted: bool = False        # the last change was "D"
    _digest: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def digest(self) -> str:
        """A hash of the file's whole record: each version's commit, change, approval and when it
        reached the main line (what an item page's processing record is made of; a commit's id
        stands for its author, dates and message, a blob's for the file's contents)."""
        if self._digest is None:
            h = hashlib.sha256()
            for v in self.versions:
                a, c = v.approval, v.change
                h.update(repr((v.commit.sha, c.status, c.path, c.old_path, c.old_blob, c.new_blob,
                               (a.commit, a.by, a.at.isoformat(), a.kind, a.ref, a.trusted, a.approvers) if a else None,
                               v.on_main_at.isoformat() if v.on_main_at else None)).encode())
            self._digest = h.hexdigest()
        return self._digest


@dataclass
class HistoryIndex:
    root: Path
    head: str | None
    shallow: bool
    commits: dict[str, Commit] = field(default_factory=dict)
    mainline: list[str] = field(default_factory=list)        # first-parent chain, oldest first
    files: dict[str, ItemHistory] = field(default_factory=dict)        # item files (under items/), by path
    warnings: list[str] = field(default_factory=list)
    approvals: dict[str, Approval | None] = field(default_factory=dict)    # sha -> what approved it
    reached_main: dict[str, datetime | None] = field(default_factory=dict)  # sha -> when on the main line
    other_files: dict[str, ItemHistory] = field(default_factory=dict)  # register.yaml, departments.yaml, …
    register_path: str = "register"   # the register folder, repo-relative ("" = the whole tree)
    read_commits: int = 0             # commits read from git by this load (0 when the cache was current)
    parsed_blobs: int = 0             # item versions parsed by this load (the others came from the cache)
    _by_id: dict | None = field(default=None, init=False, repr=False, compare=False)

    def for_item(self, item_id: str) -> ItemHistory | None:
        if self._by_id is None:
            by_id: dict[str, ItemHistory] = {}
            for hist in sorted(self.files.values(), key=lambda h: not h.deleted):  # existing files win
                if hist.item_id:
                    by_id[hist.item_id] = hist
            self._by_id = by_id
        return self._by_id.get(item_id)

    def for_path(self, repo_relative: str | os.PathLike) -> ItemHistory | None:
        """The history of the file at this path (repo-relative, or absolute), item or not."""
        path = Path(repo_relative)
        if path.is_absolute():
            try:
                path = path.resolve().relative_to(self.root)
            except ValueError:
                return None
        key = path.as_posix()
        return self.files.get(key) or self.other_files.get(key)


def load_history(register_dir: Path, cache_dir: Path | None = None, *, signatures: bool = False,
                 service_emails: frozenset[str] = SERVICE_EMAILS) -> HistoryIndex | None:
    """The history of every file under ``register_dir``; ``None`` when it is not inside a git work tree.

    ``signatures``: also read ``%G?`` (gpg runs for each signed commit), so a merge signed with a
    trusted key counts as trusted. ``service_emails``: committer addresses of the hosting service.
    Raises :class:`gitlog.GitError` only when git fails inside a repository (e.g. a corrupt one).
    """
    register_dir = Path(register_dir)
    root = gitlog.repo_root(register_dir)
    if root is None:
        return None
    root = root.resolve()
    try:
        rel = register_dir.resolve().relative_to(root).as_posix()
    except ValueError:
        return None
    rel = "" if rel == "." else rel
    head = gitlog.head(root)
    index = HistoryIndex(root, head, gitlog.is_shallow(root), register_path=rel)
    if index.shallow:
        index.warnings.append(SHALLOW_WARNING)
    if head is None:
        return index
    scratch = None
    if cache_dir:
        cache = Path(cache_dir)
    elif cachedir.committed(register_dir) is not None:   # a committed cache is not trusted: read afresh
        cache = scratch = Path(tempfile.mkdtemp(prefix="fbreg-history-"))   # removed when done
        index.warnings.append("files under .cache/ are committed: the history cache is not used")
    else:
        cache = cachedir.folder(register_dir)
    try:
        return _load(index, cache, signatures, service_emails)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _load(index: HistoryIndex, cache: Path, signatures: bool, service_emails) -> HistoryIndex:
    paused = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, no cycles: collecting meanwhile costs a third
    try:
        order = _read_commits(index, cache, signatures)
        index.commits = {c.sha: c for c in order}
        _mainline(index, service_emails)
        blobs = _parsed_blobs(index, order, cache)
        _files(index, order, blobs)
    finally:
        if paused:
            gc.enable()
    return index


# -- commits, cached by HEAD ---------------------------------------------------------------------

def _read_commits(index: HistoryIndex, cache: Path, signatures: bool) -> list[Commit]:
    """The commits, parents first: from the cache when HEAD is the cached one, plus the new ones
    when HEAD descends from it, else (history rewritten, no cache) from one full ``git log``."""
    key = hashlib.sha256(json.dumps([CACHE_VERSION, index.register_path, signatures]).encode()).hexdigest()[:16]
    file = cache / f"commits-{key}.jsonl"
    header = {"version": CACHE_VERSION, "path": index.register_path, "signatures": signatures}
    stored = None if index.shallow else _read_lines(file, header)
    if stored:
        cached_head, body, old = stored
        if cached_head == index.head:
            return old
        if gitlog.is_ancestor(index.root, cached_head, index.head):
            new = gitlog.log(index.root, cached_head, index.register_path, signatures)
            index.read_commits = len(new)
            _write_lines(file, dict(header, head=index.head, count=len(old) + len(new)), body, new, index.warnings)
            return old + new
    commits = gitlog.log(index.root, None, index.register_path, signatures)
    index.read_commits = len(commits)
    if not index.shallow:  # a shallow clone can deepen under the same HEAD: never cache it
        _write_lines(file, dict(header, head=index.head, count=len(commits)), b"", commits, index.warnings)
    return commits


def _read_lines(file: Path, expect: dict) -> tuple[str, memoryview, list[Commit]] | None:
    """(head, body, commits) of a commits cache file: a JSON header line, then one commit per line,
    read a line at a time (the file is not copied, nor held as rows besides the commits)."""
    try:
        data = file.read_bytes()
        cut = data.index(b"\n") + 1
        header = json.loads(data[:cut])
        if not isinstance(header, dict) or any(header.get(k) != v for k, v in expect.items()):
            return None
        commits, pos, end = [], cut, len(data)
        while pos < end:
            stop = data.find(b"\n", pos)
            stop = end if stop < 0 else stop
            if stop > pos:
                commits.append(Commit.from_row(json.loads(data[pos:stop])))   # JSON escapes newlines
            pos = stop + 1
        if len(commits) != header.get("count") or not isinstance(header.get("head"), str):
            return None
        return header["head"], memoryview(data)[cut:], commits
    except (OSError, ValueError, TypeError):
        return None


def _write_lines(file: Path, header: dict, body, commits: list[Commit], warnings: list[str]) -> None:
    """``body`` (bytes or a memoryview): the lines of the commits already cached, kept as they are."""
    parts = [json.dumps(header).encode(), b"\n", body]
    for c in commits:
        parts += [json.dumps(c.to_row(), separators=(",", ":")).encode(), b"\n"]
    _write(file, b"".join(parts), warnings)


def _read_json(file: Path):
    try:
        with open(file, "rb") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _write(file: Path, data: bytes, warnings: list[str]) -> None:
    """Write under a temporary name and rename over ``file``: readers never see half a file."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file, data, durable=False)      # a cache: lost on a crash, read again
    except OSError as exc:
        msg = f"the history cache could not be written ({file.parent}): {exc.strerror or exc}"
        if msg not in warnings:
            warnings.append(msg)


# -- the main line and approvals -------------------------------------------------------------------

def _mainline(index: HistoryIndex, service_emails: frozenset[str]) -> None:
    commits, chain, sha = index.commits, [], index.head
    while sha in commits:
        chain.append(sha)
        parents = commits[sha].parents
        sha = parents[0] if parents else None
    chain.reverse()
    index.mainline = chain
    seen: set[str] = set()
    for sha in chain:
        commit = commits[sha]
        approval = _approval(commit, service_emails)
        if commit.is_merge:
            trial = approval is None and _TRIAL.fullmatch(commit.subject)
            if trial and sha == index.head:
                index.warnings.append(TRIAL_WARNING.format(subject=commit.subject))
            at = None if trial else commit.committer_date
            stack = [p for p in commit.parents[1:] if p in commits and p not in seen]
            while stack:
                s = stack.pop()
                if s in seen:
                    continue
                seen.add(s)
                index.approvals[s], index.reached_main[s] = approval, at
                stack.extend(p for p in commits[s].parents if p in commits and p not in seen)
            index.reached_main[sha] = at
        else:
            index.reached_main[sha] = commit.committer_date
        seen.add(sha)
        index.approvals[sha] = approval


def _approval(commit: Commit, service_emails: frozenset[str]) -> Approval | None:
    """What a main-line commit says about its approval (None: a direct push or a trial merge)."""
    named = tuple(dict.fromkeys(_name(m) for m in _TRAILER.findall(_last_paragraph(commit.message))))
    service = commit.committer_email.lower() in service_emails
    trusted = service or commit.signed == "G"
    subject, at, sha = commit.subject, commit.committer_date, commit.sha
    if commit.is_merge:
        if _TRIAL.fullmatch(subject):
            return None
        m = _GITHUB.match(subject) or _BITBUCKET.match(subject)
        ref = f"#{m.group(1)}" if m else None
        if not m and (gl := _GITLAB.search(commit.message)):
            ref = f"!{gl.group(1)}"
        return Approval(commit.author_name or None, at, "merge", ref, sha, trusted, named)
    if m := _SQUASH.search(subject):
        by = named[0] if named else (None if service else commit.committer_name or None)
        return Approval(by, at, "squash", f"#{m.group(1)}", sha, trusted, named)
    if named:
        return Approval(named[0], at, "trailer", None, sha, trusted, named)
    return None


def _last_paragraph(message: str) -> str:
    parts = [p for p in re.split(r"\n[ \t]*\n", message.strip()) if p.strip()]
    return parts[-1] if len(parts) > 1 else ""   # a subject alone carries no trailers


def _name(value: str) -> str:
    name = value.split("<", 1)[0].strip()
    return name or value.strip("<> ")


# -- item versions ----------------------------------------------------------------------------------

def _is_yaml(path: str | None) -> bool:
    return bool(path) and path.endswith((".yaml", ".yml"))


def _parsed_blobs(index: HistoryIndex, order: list[Commit], cache: Path) -> dict[str, object]:
    """The summary (or None) of every item blob in the history: from the cache, else parsed now."""
    wanted = {b for c in order for ch in c.changes
              for b, p in ((ch.old_blob, ch.old_path or ch.path), (ch.new_blob, ch.path)) if b and _is_yaml(p)}
    folder = cache / f"blobs-v{BLOB_CACHE_VERSION}"
    shards: dict[str, dict] = {}
    keysets: dict[tuple, tuple] = {}
    for prefix in sorted({b[:2] for b in wanted}):
        stored = _read_json(folder / f"{prefix}.json")
        shards[prefix] = stored if isinstance(stored, dict) else {}
        _shared_fields(shards[prefix].values(), keysets)
    missing = sorted(b for b in wanted if b not in shards[b[:2]])
    touched = set()
    unread = []
    for start in range(0, len(missing), BLOB_CHUNK):   # a chunk's texts at a time, not the whole history's
        chunk = missing[start:start + BLOB_CHUNK]
        contents = gitlog.read_blobs(index.root, chunk, limit=safeyaml.MAX_BYTES)
        unread += [b for b in chunk if contents.get(b) is None]  # not in the repository (a partial clone?):
        present = [b for b in chunk if contents.get(b) is not None]  # not cached, read again next time
        summaries = parse_all([(contents[b], b) for b in present], "en", then=summary)   # on every core
        del contents
        _shared_fields(summaries, keysets)
        for blob, value in zip(present, summaries):
            shards[blob[:2]][blob] = value
            touched.add(blob[:2])
    if unread:
        index.warnings.append(f"{len(unread)} file versions are missing from the repository (a partial clone?): "
                              "their contents are unknown")
    index.parsed_blobs = len(missing) - len(unread)
    for prefix in sorted(touched):
        _write(folder / f"{prefix}.json", json.dumps(shards[prefix], ensure_ascii=False,
                                                     separators=(",", ":")).encode(), index.warnings)
    return {b: shards[b[:2]].get(b) for b in wanted}


HASH_WIDTH = 12   # hex digits of a field value's hash in a summary (48 bits: a change missed once in 10^14)


def _value_hash(value: object) -> str:
    """Of a field's value: equal for equal values of the same types all the way down (YAML's 1 is not
    true, nor 1.0, nor "1"), whatever the order of a mapping's keys."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=repr)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=HASH_WIDTH // 2).hexdigest()


def summary(value: object) -> dict | None:
    """What the index keeps of a parsed version, None when it is not a mapping: ``{"v": the values of
    VALUE_FIELDS and KEPT_KEYS, "f": the fields' names in the file's order, "x": their value hashes,
    end to end in that order}``. (One string of hashes, and one list of names that versions with the
    same fields share once loaded: a tenth of the memory of a hash string per field.)"""
    if not isinstance(value, dict):
        return None
    keep = VALUE_FIELDS.union(KEPT_KEYS)
    return {"v": {k: v for k, v in value.items() if k in keep},
            "f": [str(k) for k in value],
            "x": "".join(_value_hash(v) for v in value.values())}


def _shared_fields(summaries, keysets: dict) -> None:
    """Make the summaries that list the same fields in the same order share one tuple of them (most
    versions of most items do): a list of twenty names a version is most of what a summary holds."""
    for s in summaries:
        if isinstance(s, dict) and isinstance(s.get("f"), (list, tuple)):
            names = tuple(s["f"])
            s["f"] = keysets.setdefault(names, names)


def _hashes(s: dict | None) -> dict[str, str]:
    if not s:
        return {}
    x = s.get("x") or ""
    return {k: x[n * HASH_WIDTH:(n + 1) * HASH_WIDTH] for n, k in enumerate(s.get("f") or ())}


def _field_changes(old: dict | None, new: dict | None) -> tuple[FieldChange, ...]:
    """The fields that differ between two summaries (either may be None: absent)."""
    old_h, new_h = _hashes(old), _hashes(new)
    old_v, new_v = (old or {}).get("v") or {}, (new or {}).get("v") or {}
    changed = []
    for key in [*new_h, *(k for k in old_h if k not in new_h)]:
        if old_h.get(key) == new_h.get(key):
            continue
        if key in VALUE_FIELDS:
            a, b = old_v.get(key), new_v.get(key)
        else:
            a, b = (None if key not in old_h else CHANGED), (None if key not in new_h else CHANGED)
        changed.append(FieldChange(key, a, b))
    return tuple(changed)


def _files(index: HistoryIndex, order: list[Commit], blobs: dict[str, object]) -> None:
    files: dict[str, ItemHistory] = {}
    moved: dict[str, ItemHistory] = {}   # earlier paths of renamed files, for changes on older branches
    last: dict[int, dict] = {}           # id(history) -> the summary of its last version that parsed
    for commit in order:
        approval, at = index.approvals.get(commit.sha), index.reached_main.get(commit.sha)
        for ch in commit.changes:
            source = ch.old_path if ch.status == "R" else ch.path
            hist = files.get(source) or (moved.get(source) if ch.status != "A" else None)
            if hist is None:
                hist = files[source] = ItemHistory(source, None)
            old = blobs.get(ch.old_blob) if ch.old_blob else None
            new = blobs.get(ch.new_blob) if ch.new_blob else None
            if ch.old_blob and not isinstance(old, dict):  # compare with the last version that parsed
                old = last.get(id(hist))
            new = new if isinstance(new, dict) else None
            fields = () if ch.new_blob and new is None else _field_changes(old, new)
            if new is not None:
                last[id(hist)] = new
            kept = None if new is None else {k: new["v"][k] for k in KEPT_KEYS if k in new["v"]}
            hist.versions.append(Version(commit, ch, fields, kept, approval, at))
            if ch.status == "R" and files.get(source) is hist:
                del files[source]
                moved[source] = hist
                hist.path = ch.path
                files[ch.path] = hist
            if hist.path == ch.path:
                hist.deleted = ch.status == "D"
    for hist in files.values():
        hist.item_id = next((v.data["id"] for v in reversed(hist.versions)
                             if v.data and isinstance(v.data.get("id"), str)), None)
    items = f"{index.register_path}/items/" if index.register_path else "items/"
    index.files = {p: h for p, h in files.items() if p.startswith(items)}
    index.other_files = {p: h for p, h in files.items() if not p.startswith(items)}
