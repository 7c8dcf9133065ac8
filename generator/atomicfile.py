"""Write a file so that nobody ever sees half of it: every command that writes goes through here.

The data goes to a temporary file beside the target, then is renamed over it (readers see the old
file or the new one) or, with ``exclusive``, *linked* to it, which fails with ``FileExistsError``
when the target exists: a new item never overwrites another. The file gets the usual permissions
for the user's umask (a temporary file's are owner-only).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write ``data`` (text as UTF-8, line ends as given) to ``path``; ``durable``: fsync first
    (a cache can skip it)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    try:
        _write(path, data, exclusive, durable)
    except OSError as exc:
        if exc.filename is None:   # a full disk says only "No space left on device": name the file
            raise type(exc)(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


def _write(path: Path, data: bytes, exclusive: bool, durable: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if exclusive:
            os.link(tmp, path)
        else:
            os.replace(tmp, path)
            tmp = None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
