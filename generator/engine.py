"""The one adapter over the site engine (MkDocs 1.x, or a drop-in fork such as ProperDocs).

``build_site`` builds into a temporary folder beside the target and swaps it in only when the
build succeeded, so a failed or interrupted build leaves the previous site as it was.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path


class BuildFailed(Exception):
    pass


ENGINES = ("mkdocs", "properdocs")


def _engine():
    """MkDocs, or ProperDocs when ``FBREG_ENGINE=properdocs`` or MkDocs is not installed.

    ProperDocs keeps MkDocs' module layout under its own name; importing ``properdocs.replacement``
    makes the ``mkdocs.*`` imports of Material and of our plugin resolve to it, so it must happen
    before anything imports MkDocs in this process."""
    name = os.environ.get("FBREG_ENGINE", "").strip().lower()
    if name and name not in ENGINES:
        raise BuildFailed(f"FBREG_ENGINE={name!r}: the site engine must be one of {', '.join(ENGINES)}")
    if name != "properdocs":
        try:
            from mkdocs.commands.build import build
            from mkdocs.config import load_config
            from mkdocs.exceptions import MkDocsException
            return build, load_config, MkDocsException
        except ImportError:
            if name == "mkdocs":
                raise BuildFailed("FBREG_ENGINE=mkdocs, but MkDocs is not installed") from None
    try:
        import properdocs.replacement  # noqa: F401  (mkdocs.* -> properdocs.*)
        from properdocs.commands.build import build  # type: ignore[no-redef]
        from properdocs.config import load_config  # type: ignore[no-redef]
        from properdocs.exceptions import MkDocsException  # type: ignore[no-redef]
    except ImportError:
        raise BuildFailed("no site engine: install mkdocs (or properdocs)") from None
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
