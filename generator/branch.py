"""A branch against the branch it will merge into: ids already taken there, and who must approve.

**Ids.** ``fbreg new`` takes the next free id *on the branch*; two people preparing items at the
same time can take the same one. Whichever pull request merges second then has an item whose id is
already on the base branch in another file. ``collisions`` finds exactly that (``fbreg validate
--base origin/main`` in CI, with the command that fixes it), and ``fbreg renumber ID --base
origin/main`` gives the item the next id free on both.

**Reviewers.** A change needs the reviewers (``departments.yaml``) of every department of every
item it touches, before and after the change (an item moving from sales to quality needs both);
settings files and items no department has taken need the register's ``owners``. People an item
``involves`` are left out for that item (recusal).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import gitlog
from .problems import ProblemList
from .safeyaml import load as load_yaml
from .settings import Settings
from .validate import ID_FORM, Register


def _repo(register_dir: Path) -> tuple[Path, str]:
    root = gitlog.repo_root(register_dir)
    if root is None:
        raise gitlog.GitError(f"{register_dir} is not in a git repository")
    return root, Path(os.path.relpath(register_dir.resolve(), root.resolve())).as_posix()


def ids_on(register_dir: Path, ref: str) -> dict[str, str]:
    """``{id: repo-relative path}`` of the item files in commit ``ref`` (ids are the file names)."""
    root, rel = _repo(register_dir)
    if gitlog.resolve(root, ref) is None:
        raise gitlog.GitError(f"{ref!r} names no commit here (fetch it first: git fetch origin)")
    found = {}
    for path in gitlog.ls_tree(root, ref, f"{rel}/items"):
        stem = Path(path).stem
        if path.endswith(".yaml") and ID_FORM.fullmatch(stem):
            found[stem] = path
    return found


def collisions(register: Register, ref: str, problems: ProblemList) -> int:
    """Add ``id-taken-on-base`` for every item whose id the base has in another file; returns the count."""
    register_dir = register.settings.root
    root, _ = _repo(register_dir)
    taken = ids_on(register_dir, ref)
    fork = gitlog.merge_base(root, ref, "HEAD")
    shared = ids_on(register_dir, fork) if fork else {}    # items both sides already had
    count = 0
    for item in register.items:
        if not item.id or item.id not in taken:
            continue
        here = Path(os.path.relpath(item.path.resolve(), root.resolve())).as_posix()
        # the same file on both sides is the same item only if it was there before they parted
        if taken[item.id] != here or shared.get(item.id) != here:
            problems.add(item.shown, item.doc.keypos.get(("id",)) if item.doc else None, "id-taken-on-base",
                         id=item.id, base=ref, other=taken[item.id])
            count += 1
    return count


@dataclass
class Approvers:
    department: str | None            # None: the register's owners
    reviewers: list[str]
    items: list[str] = field(default_factory=list)       # what needs them (ids or files)
    recused: dict[str, list[str]] = field(default_factory=dict)   # item -> people left out


def _departments(data: dict | None) -> list[str | None]:
    if not isinstance(data, dict):
        return []
    dept = data.get("department")
    return [dept if isinstance(dept, str) and dept else None]


def _people(data: dict | None) -> set[str]:
    involves = (data or {}).get("involves") if isinstance(data, dict) else None
    return {str(p).lstrip("@") for p in involves} if isinstance(involves, list) else set()


def reviewers(settings: Settings, ref: str) -> list[Approvers]:
    """Who must approve the difference between ``ref`` and the work tree."""
    register_dir = settings.root
    root, rel = _repo(register_dir)
    changes = gitlog.changed_files(root, ref, rel)
    before = gitlog.read_at(root, ref, [old or new for status, old, new in changes if status != "A"])
    needs: dict[str | None, Approvers] = {}

    def need(dept: str | None, what: str, recuse: set[str]) -> None:
        known = settings.departments.get(dept) if dept else None
        people = list(known.reviewers) if known else list(settings.owners)
        entry = needs.setdefault(dept if known else None, Approvers(dept if known else None, []))
        entry.reviewers = sorted(set(entry.reviewers) | {p.lstrip("@") for p in people})
        if what not in entry.items:
            entry.items.append(what)
        left_out = sorted(recuse & {p.lstrip("@") for p in people})
        if left_out:
            entry.recused[what] = left_out

    for status, old, new in changes:
        path = new if status != "D" else old
        if not path.startswith(f"{rel}/items/"):
            need(None, path, set())
            continue
        parse = ProblemList()
        old_doc = load_yaml(before[old or new], old or new, parse) if (old or new) in before else None
        new_file = root / new
        new_doc = load_yaml(new_file.read_bytes(), new, parse) if status != "D" and new_file.is_file() else None
        old_data, new_data = (old_doc.value if old_doc else None), (new_doc.value if new_doc else None)
        what = Path(path).stem
        recuse = _people(old_data) | _people(new_data)
        for dept in dict.fromkeys(_departments(old_data) + _departments(new_data)):
            need(dept, what, recuse)
        if not _departments(old_data) + _departments(new_data):
            need(None, what, recuse)
    return sorted(needs.values(), key=lambda a: (a.department is None, a.department or ""))


def codeowners(register: Register, repo_root: Path) -> str:
    """A CODEOWNERS file: the owners for the register as a whole (settings, new items), then one
    line per item file naming its department's reviewers less the people it involves."""
    s = register.settings
    rel = Path(os.path.relpath(s.root.resolve(), repo_root.resolve())).as_posix()
    owners = " ".join(f"@{o}" for o in s.owners)
    lines = ["# Generated by `fbreg codeowners` from register/departments.yaml and register.yaml: do not edit.",
             "# Later lines win. New items (not listed yet) and settings need the register's owners;",
             "# `fbreg reviewers --base <branch>` also names a department an item moves to.", ""]
    if owners:
        lines.append(f"/{rel}/ {owners}")
    for item in sorted(register.items, key=lambda i: i.path):
        data = item.data or {}
        dept = s.departments.get(str(data.get("department"))) if data.get("department") else None
        recused = _people(data)
        people = [p.lstrip("@") for p in (dept.reviewers if dept else ()) if p.lstrip("@") not in recused] \
            or [p.lstrip("@") for p in s.owners if p.lstrip("@") not in recused]   # all recused: the owners
        if people:
            path = Path(os.path.relpath(item.path.resolve(), repo_root.resolve())).as_posix()
            lines.append(f"/{path.replace(' ', chr(92) + ' ')} " + " ".join(f"@{p}" for p in people))
    return "\n".join(lines) + "\n"
