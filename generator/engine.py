"""The one adapter over the site engine (MkDocs 1.x, or a drop-in fork such as ProperDocs).

``build_site`` builds into a temporary folder beside the target and swaps it in only when the
build succeeded, so a failed or interrupted build leaves the previous site as it was.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path


class BuildFailed(Exception):
    pass


def _engine():
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError:  # pragma: no cover - the fork keeps MkDocs' module layout under its own name
        from properdocs.commands.build import build  # type: ignore[no-redef]
        from properdocs.config import load_config  # type: ignore[no-redef]
        from properdocs.exceptions import MkDocsException  # type: ignore[no-redef]
    return build, load_config, MkDocsException


def build_site(config_file: str, site_dir: str | None = None, register: str | None = None,
               as_of: dt.datetime | None = None) -> Path:
    build, load_config, MkDocsException = _engine()
    from .problems import SettingsError

    config = load_config(config_file=config_file)
    final = Path(site_dir or config["site_dir"]).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
    config["site_dir"] = str(work)
    plugin = config["plugins"].get("feedback-register")
    if plugin is not None:
        if register:
            plugin.config["register"] = register
        if as_of:
            plugin.config["as_of"] = as_of.isoformat()
    try:
        build(config)
    except (MkDocsException, SettingsError) as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise BuildFailed(str(exc) or exc.__class__.__name__) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = None
    if final.exists():
        old = final.parent / f".{final.name}.old-{work.name.rsplit('-', 1)[-1]}"
        final.rename(old)
    work.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final
