"""Addresses on the repository's hosting service: how GitHub, Gitea/Forgejo/Codeberg and GitLab
spell the pages for editing a file, a commit and a new file. One place decides which host it is."""
from __future__ import annotations

from urllib.parse import quote, urlsplit


def host_kind(repository: str | None) -> str:
    """``github``, ``gitea`` (also Forgejo, Codeberg), ``gitlab``, or ``""`` when unknown."""
    host = urlsplit(repository or "").netloc.lower()
    if "github" in host:
        return "github"
    if "gitea" in host or "forgejo" in host or "codeberg" in host:
        return "gitea"
    return "gitlab" if "gitlab" in host else ""


def web_base(repository: str | None) -> str | None:
    """The repository's web address without a trailing slash or ``.git``; None unless http(s)."""
    if not repository or urlsplit(repository).scheme not in ("http", "https"):
        return None
    return repository.rstrip("/").removesuffix(".git")


def edit_url(repository: str | None, branch: str | None, source: str) -> str | None:
    """The web editor for one file (unknown hosts get GitHub's spelling, the most common)."""
    base = web_base(repository)
    if base is None or not source:
        return None
    path = quote(f"{branch or 'main'}/{source}")
    kind = host_kind(base)
    return f"{base}/-/edit/{path}" if kind == "gitlab" else f"{base}/_edit/{path}" if kind == "gitea" \
        else f"{base}/edit/{path}"


def commit_url(repository: str | None, sha: str) -> str | None:
    base = web_base(repository)
    if base is None:
        return None
    return f"{base}/-/commit/{quote(sha)}" if host_kind(base) == "gitlab" else f"{base}/commit/{quote(sha)}"
