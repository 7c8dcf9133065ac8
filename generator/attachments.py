"""Photos of a problem: ``register/attachments/<ID>/<file>``, checked and published without metadata.

Attachments arrive in pull requests like items, so they are untrusted bytes:

* only regular files directly in the folder of an existing item; links, subfolders, files for
  unknown ids and names that could mean another path (``..``, ``\\``, anything beyond letters,
  digits, ``.``, ``_`` and ``-``) are problems;
* only JPEG, PNG, WebP and GIF images, recognised by their content (magic bytes), never by the
  name alone, and the name's extension must agree; a PDF, an HTML page or an SVG drawing (which
  can carry script) is refused whatever it is called;
* at most :data:`MAX_BYTES` per file and :data:`MAX_PER_ITEM` files per item;
* what the site publishes carries no location or camera metadata: the container is parsed at the
  byte level (no pixel is decoded, nothing beyond the standard library) and rebuilt without EXIF,
  XMP, IPTC, comments, text chunks and anything unknown. A JPEG keeps its JFIF, ICC and Adobe
  segments and, when the photo is rotated, a minimal EXIF block holding *only* the orientation, so
  it still shows upright. A file that cannot be parsed safely is refused.

A folder alone is enough: items do not list their attachments. :func:`check_attachments` reports
problems (``fbreg validate``), :func:`site_files` gives the stripped files the site publishes,
:func:`for_item` the names of an item's published attachments. The site never shows metadata, but
the repository keeps what was committed, so a file that carries some is a warning, and
``python -m generator.attachments FILE…`` strips files in place before they are committed.
"""
from __future__ import annotations

import os
import re
import stat
import struct
import zlib
from pathlib import Path

from .atomicfile import write_atomic
from .loader import display_path
from .problems import ProblemList

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_ITEM = 20
FOLDER = "attachments"

ITEM_ID = re.compile(r"[A-Z][A-Z0-9]{0,9}-[0-9]{4}-[0-9]{4,6}")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WebP", ".gif": "GIF"}
USUAL_EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WebP": ".webp", "GIF": ".gif"}

# what a refused file is, for the message: (English, Chinese)
WHAT = {
    "empty": ("an empty file", "空文件"),
    "pdf": ("a PDF document", " PDF 文档"),
    "svg": ("an SVG drawing (which can carry scripts)", " SVG 矢量图(可能带有脚本)"),
    "html": ("an HTML page", " HTML 网页"),
    "xml": ("an XML document", " XML 文档"),
    "zip": ("a ZIP archive or an Office document", " ZIP 压缩包或 Office 文档"),
    "heic": ("a HEIC/HEIF photo; export it as JPEG", " HEIC/HEIF 照片;请导出为 JPEG"),
    "bmp": ("a BMP image; save it as PNG or JPEG", " BMP 图片;请另存为 PNG 或 JPEG"),
    "tiff": ("a TIFF image; save it as PNG or JPEG", " TIFF 图片;请另存为 PNG 或 JPEG"),
    "special": ("not a regular file", "特殊文件(不是普通文件)"),
    "unknown": ("of an unknown kind", "未知类型的内容"),
}


class Refused(Exception):
    """The file is not published; ``code`` and ``args`` make the problem."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code, self.args_ = code, args


def _corrupt(fmt: str, detail: str) -> Refused:
    return Refused("attachment-corrupt", format=fmt, detail=detail)


# -- what a file is --------------------------------------------------------------------------------
def sniff(data: bytes) -> str | None:
    """``JPEG``, ``PNG``, ``WebP`` or ``GIF`` by the magic bytes; ``None`` for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    return None


def describe(data: bytes) -> str:
    """A key of :data:`WHAT` for a file that is not an accepted image."""
    if not data:
        return "empty"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif", b"heim"):
        return "heic"
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in head:
        return "svg"
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head or b"<html" in head:
        return "html"
    if head.startswith(b"<?xml"):
        return "xml"
    return "unknown"


# -- JPEG --------------------------------------------------------------------------------------------
_SOF = {m for m in range(0xC0, 0xD0) if m not in (0xC4, 0xC8, 0xCC)}


def _keep_jpeg_segment(marker: int, body: bytes) -> bool:
    if marker == 0xE0:
        return body.startswith(b"JFIF\x00")          # not JFXX (a thumbnail)
    if marker == 0xE2:
        return body.startswith(b"ICC_PROFILE\x00")   # not MPF (more pictures) or FlashPix
    if marker == 0xEE:
        return body.startswith(b"Adobe")             # colour transform of CMYK/YCCK files
    if 0xE1 <= marker <= 0xEF or marker == 0xFE:     # EXIF, XMP, IPTC, vendor data, comments
        return False
    return True


def _exif_orientation(body: bytes) -> int | None:
    """The orientation (2–8) in an EXIF APP1 body, or ``None``; never raises."""
    if not body.startswith(b"Exif\x00\x00"):
        return None
    tiff = body[6:]
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return None
    (ifd,) = struct.unpack(order + "I", tiff[4:8])
    if ifd + 2 > len(tiff):
        return None
    (count,) = struct.unpack(order + "H", tiff[ifd:ifd + 2])
    for k in range(min(count, 500)):
        at = ifd + 2 + 12 * k
        if at + 12 > len(tiff):
            return None
        tag, kind, n = struct.unpack(order + "HHI", tiff[at:at + 8])
        if tag == 0x0112 and kind == 3 and n == 1:
            (value,) = struct.unpack(order + "H", tiff[at + 8:at + 10])
            return value if 2 <= value <= 8 else None
    return None


def _orientation_segment(value: int) -> bytes:
    """An EXIF APP1 segment holding only the orientation tag."""
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">HHHIHHI", 1, 0x0112, 3, 1, value, 0, 0)
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG without metadata segments (EXIF/XMP in APP1, IPTC in APP13, other APPn, comments)
    and without anything after the end-of-image marker."""
    n = len(data)
    if data[:2] != b"\xff\xd8":
        raise _corrupt("JPEG", "no start-of-image marker")
    out = [b"\xff\xd8"]
    i, frame, scans, orientation = 2, False, 0, None
    while True:
        if i >= n:
            raise _corrupt("JPEG", "it ends before the end-of-image marker")
        if data[i] != 0xFF:
            raise _corrupt("JPEG", f"unexpected bytes at offset {i}")
        while i < n and data[i] == 0xFF:   # fill bytes
            i += 1
        if i >= n:
            raise _corrupt("JPEG", "it ends inside a marker")
        marker = data[i]
        i += 1
        if marker == 0xD9:
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:   # markers without a length
            out.append(bytes((0xFF, marker)))
            continue
        if marker in (0x00, 0xD8):
            raise _corrupt("JPEG", f"unexpected marker at offset {i - 2}")
        if i + 2 > n:
            raise _corrupt("JPEG", "it ends inside a segment")
        length = int.from_bytes(data[i:i + 2], "big")
        if length < 2 or i + length > n:
            raise _corrupt("JPEG", f"a segment at offset {i - 2} runs past the end of the file")
        body = data[i + 2:i + length]
        if marker == 0xE1 and orientation is None:      # keep the rotation, in a new EXIF block
            orientation = _exif_orientation(body)
            if orientation is not None:
                out.append(_orientation_segment(orientation))
        frame = frame or marker in _SOF
        if _keep_jpeg_segment(marker, body):
            out.append(data[i - 2:i + length])
        i += length
        if marker == 0xDA:                 # a scan: entropy-coded data up to the next real marker
            if not frame:
                raise _corrupt("JPEG", "image data before the frame header")
            scans += 1
            j = i
            while True:
                j = data.find(b"\xff", j)
                if j < 0 or j + 1 >= n:
                    raise _corrupt("JPEG", "it ends inside the image data")
                follower = data[j + 1]
                if follower == 0x00 or 0xD0 <= follower <= 0xD7:   # stuffed byte, restart marker
                    j += 2
                elif follower == 0xFF:                            # fill byte before a marker
                    j += 1
                else:
                    break
            out.append(data[i:j])
            i = j
    if not scans:
        raise _corrupt("JPEG", "no image data")
    out.append(b"\xff\xd9")
    return b"".join(out)


# -- PNG ---------------------------------------------------------------------------------------------
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
             b"bKGD", b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi"}


def strip_png(data: bytes) -> bytes:
    """The PNG with only the chunks that draw the image (no eXIf, tEXt, iTXt, zTXt, tIME, nor
    anything unknown); CRCs are checked, and nothing after IEND is kept."""
    n = len(data)
    out = [data[:8]]
    i, first, images = 8, True, 0
    while True:
        if i + 12 > n:
            raise _corrupt("PNG", "it ends before the IEND chunk")
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if length > 0x7FFFFFFF or end > n:
            raise _corrupt("PNG", f"a chunk at offset {i} runs past the end of the file")
        if not kind.isalpha() or not kind.isascii():
            raise _corrupt("PNG", f"a chunk at offset {i} has no valid type")
        if zlib.crc32(data[i + 4:end - 4]) != int.from_bytes(data[end - 4:end], "big"):
            raise _corrupt("PNG", f"the {kind.decode()} chunk's checksum is wrong")
        if first and (kind != b"IHDR" or length != 13):
            raise _corrupt("PNG", "it does not start with an IHDR chunk")
        first = False
        if kind in _PNG_KEEP:
            out.append(data[i:end])
        elif kind[0:1].isupper():
            raise _corrupt("PNG", f"unknown critical chunk {kind.decode()}")
        images += kind == b"IDAT"
        i = end
        if kind == b"IEND":
            break
    if not images:
        raise _corrupt("PNG", "no image data")
    return b"".join(out)


# -- WebP --------------------------------------------------------------------------------------------
_WEBP_KEEP = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def strip_webp(data: bytes) -> bytes:
    """The WebP without EXIF and XMP chunks (nor unknown ones), with the RIFF size and the VP8X
    flags made to agree; nothing after the RIFF container is kept."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise _corrupt("WebP", "no RIFF/WEBP header")
    size = int.from_bytes(data[4:8], "little")
    if size < 4 or 8 + size > len(data):
        raise _corrupt("WebP", "the RIFF size runs past the end of the file")
    end = 8 + size
    chunks, i, images = [], 12, 0
    while i < end:
        if i + 8 > end:
            raise _corrupt("WebP", f"a chunk header at offset {i} is cut off")
        kind = data[i:i + 4]
        length = int.from_bytes(data[i + 4:i + 8], "little")
        stop = i + 8 + length
        if stop > end:
            raise _corrupt("WebP", f"the {kind!r} chunk runs past the end of the file")
        if not chunks and kind not in (b"VP8X", b"VP8 ", b"VP8L"):
            raise _corrupt("WebP", "the first chunk is not VP8, VP8L or VP8X")
        payload = data[i + 8:stop]
        if kind == b"VP8X":
            if chunks or length < 10:
                raise _corrupt("WebP", "misplaced or short VP8X chunk")
            payload = bytes((payload[0] & ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF,)) + payload[1:]
        if kind in _WEBP_KEEP:
            chunks.append(kind + length.to_bytes(4, "little") + payload + (b"\x00" if length & 1 else b""))
        elif not chunks:
            raise _corrupt("WebP", "no image chunk")
        images += kind in (b"VP8 ", b"VP8L", b"ANMF")
        i = stop + (length & 1)
    if not images:
        raise _corrupt("WebP", "no image data")
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


# -- GIF ---------------------------------------------------------------------------------------------
def _gif_sub_blocks(data: bytes, i: int) -> int:
    """The offset after the data sub-blocks starting at ``i``."""
    n = len(data)
    while True:
        if i >= n:
            raise _corrupt("GIF", "it ends inside a block")
        size = data[i]
        i += 1 + size
        if size == 0:
            return i
        if i > n:
            raise _corrupt("GIF", "a block runs past the end of the file")


def strip_gif(data: bytes) -> bytes:
    """The GIF without comments, plain-text extensions and application data other than the
    animation loop (NETSCAPE2.0); nothing after the trailer is kept."""
    n = len(data)
    if n < 13:
        raise _corrupt("GIF", "the header is cut off")
    i = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    if i > n:
        raise _corrupt("GIF", "the colour table is cut off")
    out, images = [data[:i]], 0
    while True:
        if i >= n:
            raise _corrupt("GIF", "it ends before the trailer")
        block = data[i]
        if block == 0x3B:
            out.append(b"\x3b")
            break
        if block == 0x21:
            if i + 2 > n:
                raise _corrupt("GIF", "an extension is cut off")
            label = data[i + 1]
            end = _gif_sub_blocks(data, i + 2)
            first = data[i + 3:i + 3 + data[i + 2]] if i + 2 < n else b""
            if label == 0xF9 or (label == 0xFF and first in (b"NETSCAPE2.0", b"ANIMEXTS1.0")):
                out.append(data[i:end])
            i = end
        elif block == 0x2C:
            if i + 10 > n:
                raise _corrupt("GIF", "an image descriptor is cut off")
            flags = data[i + 9]
            start = i + 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1   # + LZW code size
            if start > n:
                raise _corrupt("GIF", "an image is cut off")
            end = _gif_sub_blocks(data, start)
            out.append(data[i:end])
            images += 1
            i = end
        else:
            raise _corrupt("GIF", f"unknown block at offset {i}")
    if not images:
        raise _corrupt("GIF", "no image data")
    return b"".join(out)


_STRIP = {"JPEG": strip_jpeg, "PNG": strip_png, "WebP": strip_webp, "GIF": strip_gif}


def strip(data: bytes, name: str, lang: str = "en") -> bytes:
    """The bytes to publish for the file ``name``; :class:`Refused` when it is not an accepted
    image, its extension disagrees with its content, or it cannot be parsed safely."""
    fmt = sniff(data)
    if fmt is None:
        raise Refused("attachment-type", what=WHAT[describe(data)][lang == "zh"])
    ext = os.path.splitext(name)[1]
    if EXTENSIONS.get(ext.lower()) != fmt:
        raise Refused("attachment-extension", actual=fmt, ext=ext or "(none)",
                      suggestion=os.path.splitext(name)[0] + USUAL_EXTENSION[fmt])
    return _STRIP[fmt](data)


# -- the folder ----------------------------------------------------------------------------------------
def _read(path: Path) -> bytes:
    """At most ``MAX_BYTES + 1`` bytes of a regular file, never through a link."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused("attachment-type", what="special")
        if info.st_size > MAX_BYTES:
            raise Refused("attachment-too-large", size=info.st_size, limit=MAX_BYTES)
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Refused("attachment-too-large", size=len(data), limit=MAX_BYTES)
    return data


def _entries(folder: Path, report) -> list:
    try:
        return sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    except OSError as exc:
        report(folder, "file-unreadable", reason=exc.strerror or str(exc))
        return []


def _item_folder(folder: Path, item_id: str, report, lang: str) -> list[tuple[str, bytes]]:
    """The published ``(name, bytes)`` of one item's folder; problems through ``report``."""
    files = []
    entries = _entries(folder, report)
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            report(path, "file-symlink")
        elif entry.is_dir(follow_symlinks=False):
            report(path, "attachment-location")
        elif not NAME.fullmatch(entry.name) or ".." in entry.name:
            report(path, "attachment-name", name=entry.name)
        else:
            try:
                raw = _read(path)
                data = strip(raw, entry.name, lang)
            except Refused as refused:
                args = dict(refused.args_)
                if args.get("what") == "special":
                    args["what"] = WHAT["special"][lang == "zh"]
                report(path, refused.code, **args)
            except OSError as exc:
                report(path, "file-unreadable", reason=exc.strerror or str(exc))
            else:
                files.append((entry.name, data))
                if data != raw:   # the site is clean, but the repository (and its history) is not
                    report(path, "attachment-metadata", command=f"python -m generator.attachments {display_path(path)}")
    count = sum(1 for e in entries if not e.is_dir(follow_symlinks=False))
    if count > MAX_PER_ITEM:
        report(folder, "attachment-too-many", id=item_id, count=count, limit=MAX_PER_ITEM)
    return files[:MAX_PER_ITEM]


def scan(register_dir: str | Path, item_ids, report=None, lang: str = "en",
         only=None) -> dict[str, list[tuple[str, bytes]]]:
    """``{item id: [(name, published bytes)]}`` for every valid attachment; every problem goes to
    ``report(path, code, **args)``. ``only``: check only these items' folders (nothing else)."""
    report = report or (lambda *a, **k: None)
    root = Path(register_dir) / FOLDER
    known = set(item_ids)
    out: dict[str, list[tuple[str, bytes]]] = {}
    if root.is_symlink():
        report(root, "file-symlink")
        return out
    if only is not None:
        for item_id in sorted(set(only) & known):
            folder = root / item_id
            if folder.is_symlink():
                report(folder, "file-symlink")
            elif folder.is_dir():
                out[item_id] = _item_folder(folder, item_id, report, lang)
        return {k: v for k, v in out.items() if v}
    if root.exists() and not root.is_dir():
        report(root, "attachment-location")
        return out
    for entry in _entries(root, report):
        path = Path(entry.path)
        if entry.is_symlink():
            report(path, "file-symlink")
        elif not entry.is_dir(follow_symlinks=False):
            report(path, "attachment-location")
        elif entry.name not in known or not ITEM_ID.fullmatch(entry.name):
            report(path, "attachment-unknown-item", folder=entry.name)
        else:
            files = _item_folder(path, entry.name, report, lang)
            if files:
                out[entry.name] = files
    return out


def check_attachments(register_dir: str | Path, item_ids, problems: ProblemList, only=None) -> None:
    """Record every attachment problem in ``problems`` (``only``: just these items' folders)."""
    def report(path, code, **args):
        problems.add(display_path(Path(path)), None, code, **args)

    scan(register_dir, item_ids, report, problems.lang, only)


def site_files(register_dir: str | Path, item_ids) -> dict[str, bytes]:
    """``{"attachments/<ID>/<name>": stripped bytes}`` for every valid attachment of ``item_ids``."""
    return {f"{FOLDER}/{item_id}/{name}": data
            for item_id, files in scan(register_dir, item_ids).items() for name, data in files}


def for_item(register_dir: str | Path, item_id: str) -> list[str]:
    """The names of ``item_id``'s published attachments, sorted."""
    if not ITEM_ID.fullmatch(str(item_id)):
        return []
    return [name for name, _ in scan(register_dir, [item_id], only=[item_id]).get(item_id, [])]


def by_item(files: dict[str, bytes]) -> dict[str, list[str]]:
    """``{item id: [names]}`` from :func:`site_files`' result (for the item pages)."""
    out: dict[str, list[str]] = {}
    for path in sorted(files):
        _, item_id, name = path.split("/", 2)
        out.setdefault(item_id, []).append(name)
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.attachments FILE…``: rewrite each photo without its metadata, in place."""
    import sys

    names = sys.argv[1:] if argv is None else argv
    if not names or any(n.startswith("-") for n in names):
        print("usage: python -m generator.attachments FILE...  (strips EXIF/XMP/IPTC and comments in place)",
              file=sys.stderr)
        return 2
    status = 0
    for name in names:
        path = Path(name)
        try:
            raw = _read(path)
            data = strip(raw, path.name)
        except Refused as refused:
            print(f"{name}: refused: {refused.code} {refused.args_}", file=sys.stderr)
            status = 1
            continue
        except OSError as exc:
            print(f"{name}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        if data == raw:
            print(f"{name}: no metadata")
        else:
            write_atomic(path, data)
            print(f"{name}: stripped {len(raw) - len(data)} bytes of metadata")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
