"""Attachments: photos under register/attachments/<ID>/, checked by content and published without
metadata (generator/attachments.py)."""
import json
import os
import shutil
import struct
import zlib

import pytest

from generator import attachments
from generator.attachments import Refused, strip

from conftest import CASES, FIXTURE_EN

AS_OF = "2026-11-21T09:00:00+00:00"
ITEM_ID = "QF-2026-0001"     # an item of tests/cases/register


# -- tiny real images, built byte by byte --------------------------------------------------------
def segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def jpeg(*extra_segments: bytes, trailer: bytes = b"") -> bytes:
    """A 1×1 grey baseline JPEG (one block, DC 0, end of block), ``extra_segments`` after APP0."""
    huffman = bytes((1,) + (0,) * 15) + b"\x00"          # one code of length 1 for symbol 0
    return b"".join([
        b"\xff\xd8",
        segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        *extra_segments,
        segment(0xDB, b"\x00" + b"\x01" * 64),
        segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00"),
        segment(0xC4, b"\x00" + huffman),
        segment(0xC4, b"\x10" + huffman),
        segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
        b"\x3f",                                       # DC category 0, EOB, padded with ones
        b"\xff\xd9", trailer])


def exif_app1(orientation: int | None = None) -> bytes:
    """EXIF with the camera's make, a GPS position and optionally an orientation (big-endian TIFF)."""
    entries = [(0x010F, 2, 6, 0)]                       # Make -> "Canon\0" (offset patched below)
    if orientation:
        entries.append((0x0112, 3, 1, orientation << 16))
    entries.append((0x8825, 4, 1, 0))                   # GPS IFD pointer (patched)
    ifd0_size = 2 + 12 * len(entries) + 4
    make_at = 8 + ifd0_size
    gps_at = make_at + 6
    fixed = []
    for tag, kind, count, value in entries:
        value = make_at if tag == 0x010F else gps_at if tag == 0x8825 else value
        fixed.append(struct.pack(">HHII", tag, kind, count, value))
    gps_ifd = struct.pack(">H", 2) + struct.pack(">HHI2s2x", 1, 2, 2, b"N\x00") + \
        struct.pack(">HHII", 2, 5, 3, gps_at + 2 + 24 + 4) + b"\x00\x00\x00\x00"
    gps_data = struct.pack(">6I", 22, 1, 32, 1, 4537, 100)      # 22°32'45.37"
    tiff = (b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", len(entries)) + b"".join(fixed) + b"\x00" * 4
            + b"Canon\x00" + gps_ifd + gps_data)
    return segment(0xE1, b"Exif\x00\x00" + tiff)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(*extra_chunks: bytes) -> bytes:
    """A 1×1 grey PNG, ``extra_chunks`` after IHDR."""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + b"".join(extra_chunks) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


VP8L = b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"[:13]   # a 1×1 lossless bitstream


def riff(*chunks: bytes) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def wchunk(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def webp(metadata: bool = False) -> bytes:
    if not metadata:
        return riff(wchunk(b"VP8L", VP8L))
    vp8x = bytes((0x08 | 0x04, 0, 0, 0)) + (0).to_bytes(3, "little") + (0).to_bytes(3, "little")
    return riff(wchunk(b"VP8X", vp8x), wchunk(b"VP8L", VP8L), wchunk(b"EXIF", b"MM\x00\x2aGPS-secret"),
                wchunk(b"XMP ", b"<x:xmpmeta>Canon EOS</x:xmpmeta>"))


GIF = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")


def gif_with_comment() -> bytes:
    at = GIF.index(b"\x21\xf9")
    return GIF[:at] + b"\x21\xfe\x0bcamera: EOS\x00" + GIF[at:]


# -- stripping -------------------------------------------------------------------------------------
def test_a_clean_jpeg_is_kept_as_it_is():
    data = jpeg()
    assert strip(data, "a.jpg") == data


def test_exif_with_gps_is_stripped_from_a_jpeg():
    data = jpeg(exif_app1(), segment(0xED, b"Photoshop 3.0\x00IPTC city"), segment(0xFE, b"taken by Zhang San"),
                trailer=b"trailing secret")
    assert b"Exif" in data and b"Canon" in data
    out = strip(data, "photo.JPG")
    assert out == jpeg()
    assert out.startswith(b"\xff\xd8\xff\xe0") and out.endswith(b"\xff\xd9")
    for secret in (b"Exif", b"Canon", struct.pack(">I", 4537), b"IPTC", b"Zhang", b"trailing"):
        assert secret not in out


def test_a_rotated_jpeg_keeps_only_its_orientation():
    out = strip(jpeg(exif_app1(orientation=6)), "photo.jpg")
    assert b"Canon" not in out and struct.pack(">I", 4537) not in out and b"\x88\x25" not in out
    app1 = out[out.index(b"\xff\xe1"):]
    length = struct.unpack(">H", app1[2:4])[0]
    tiff = app1[10:2 + length]
    assert tiff[:8] == b"MM\x00\x2a\x00\x00\x00\x08"
    assert struct.unpack(">HHHIH", tiff[8:20]) == (1, 0x0112, 3, 1, 6)
    assert attachments._exif_orientation(app1[4:2 + length]) == 6


def test_jpeg_keeps_icc_and_drops_other_app2():
    icc = segment(0xE2, b"ICC_PROFILE\x00\x01\x01profile")
    mpf = segment(0xE2, b"MPF\x00second picture")
    out = strip(jpeg(icc, mpf), "a.jpeg")
    assert icc in out and mpf not in out


@pytest.mark.parametrize("broken", [
    jpeg()[:-2],                                            # no end of image
    jpeg()[:40],                                            # cut inside a segment
    b"\xff\xd8\xff\xe0\x00\x01",                            # a length below 2
    b"\xff\xd8\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x3f\xff\xd9",   # a scan before any frame
    b"\xff\xd8\xff\xd9",                                    # no image data
    jpeg().replace(b"\xff\xdb", b"\x00\xdb"),               # garbage between segments
])
def test_a_jpeg_that_cannot_be_parsed_is_refused(broken):
    with pytest.raises(Refused) as refused:
        strip(broken, "a.jpg")
    assert refused.value.code == "attachment-corrupt"


def test_png_text_and_exif_chunks_are_stripped():
    data = png(chunk(b"eXIf", b"MM\x00\x2aGPS 22.5N"), chunk(b"tEXt", b"Author\x00Zhang San"),
               chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x/>"), chunk(b"zTXt", b"c\x00\x00x"),
               chunk(b"tIME", b"\x07\xea\x0b\x12\x15\x28\x00"), chunk(b"gAMA", b"\x00\x00\xb1\x8f"),
               chunk(b"prVt", b"private data"))
    out = strip(data + b"after the end", "a.png")
    assert out == png(chunk(b"gAMA", b"\x00\x00\xb1\x8f"))
    for secret in (b"eXIf", b"GPS", b"tEXt", b"Zhang", b"iTXt", b"zTXt", b"tIME", b"prVt", b"after"):
        assert secret not in out


@pytest.mark.parametrize("broken", [
    png()[:-4] + b"\x00\x00\x00\x00",                       # a wrong checksum
    png()[:30],                                             # cut off
    png().replace(b"IHDR", b"IHDX"),                        # not starting with IHDR (and bad CRC)
    b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + chunk(b"QQQQ", b"")
    + chunk(b"IEND", b""),                                  # an unknown critical chunk
    b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + chunk(b"IEND", b""),
])
def test_a_png_that_cannot_be_parsed_is_refused(broken):
    with pytest.raises(Refused) as refused:
        strip(broken, "a.png")
    assert refused.value.code == "attachment-corrupt"


def test_webp_exif_and_xmp_are_stripped_and_sizes_and_flags_fixed():
    data = webp(metadata=True)
    out = strip(data + b"junk", "a.webp")
    assert b"EXIF" not in out and b"XMP " not in out and b"GPS" not in out and b"Canon" not in out
    assert out[:4] == b"RIFF" and out[8:12] == b"WEBP"
    assert struct.unpack("<I", out[4:8])[0] == len(out) - 8
    assert out[12:16] == b"VP8X" and out[20] & 0x0C == 0
    assert out[30:34] == b"VP8L"
    assert strip(webp(), "a.webp") == webp()


@pytest.mark.parametrize("broken", [
    webp()[:-3],                                               # RIFF size past the end
    riff(wchunk(b"EXIF", b"x")),                               # no image chunk first
    riff(wchunk(b"VP8X", b"\x00" * 10)),                       # no image data
    riff(b"VP8L" + struct.pack("<I", 100) + VP8L),             # a chunk longer than the file
])
def test_a_webp_that_cannot_be_parsed_is_refused(broken):
    with pytest.raises(Refused) as refused:
        strip(broken, "a.webp")
    assert refused.value.code == "attachment-corrupt"


def test_gif_comments_are_stripped():
    out = strip(gif_with_comment() + b"trailing", "a.gif")
    assert out == GIF and b"EOS" not in out


# -- content, not name ------------------------------------------------------------------------------
@pytest.mark.parametrize("content, what", [
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "an HTML page"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "an SVG"),
    (b"<svg onload='alert(1)'/>", "an SVG"),
    (b"%PDF-1.7\n", "a PDF document"),
    (b"PK\x03\x04rest", "a ZIP archive"),
    (b"\x00\x00\x00\x18ftypheic", "a HEIC"),
    (b"", "an empty file"),
    (b"just text", "unknown"),
])
def test_anything_but_an_image_is_refused_whatever_its_name(content, what):
    with pytest.raises(Refused) as refused:
        strip(content, "photo.jpg")
    assert refused.value.code == "attachment-type" and what in refused.value.args_["what"]


def test_the_extension_must_agree_with_the_content():
    with pytest.raises(Refused) as refused:
        strip(png(), "photo.jpg")
    assert refused.value.code == "attachment-extension"
    assert refused.value.args_ == {"actual": "PNG", "ext": ".jpg", "suggestion": "photo.png"}
    for name in ("photo.txt", "photo"):
        with pytest.raises(Refused):
            strip(jpeg(), name)
    assert strip(jpeg(), "IMG_0001.JPEG") == jpeg()


# -- the folder -------------------------------------------------------------------------------------
@pytest.fixture
def register(tmp_path):
    dest = tmp_path / "register"
    shutil.copytree(CASES / "register", dest)
    return dest


def folder(register, item_id=ITEM_ID):
    path = register / "attachments" / item_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def validate(run, register):
    code, out, _ = run("validate", "--register", register, "--as-of", AS_OF, "--format", "json")
    return code, [(os.path.relpath(p["path"], register), p["code"], p["severity"]) for p in json.loads(out)["problems"]]


def test_valid_attachments_validate_clean_and_are_published_stripped(register, run):
    photos = folder(register)
    (photos / "lobby.jpg").write_bytes(jpeg(exif_app1()))
    (photos / "room-1208.png").write_bytes(png(chunk(b"tEXt", b"Author\x00Zhang")))
    (photos / "c.webp").write_bytes(webp(metadata=True))
    (photos / "d.gif").write_bytes(GIF)
    at = f"attachments/{ITEM_ID}/"
    assert validate(run, register) == (0, [(at + name, "attachment-metadata", "warning")
                                           for name in ("c.webp", "lobby.jpg", "room-1208.png")])
    files = attachments.site_files(register, [ITEM_ID, "QF-2026-0002"])
    assert sorted(files) == [f"attachments/{ITEM_ID}/{n}" for n in ("c.webp", "d.gif", "lobby.jpg", "room-1208.png")]
    assert files[f"attachments/{ITEM_ID}/lobby.jpg"] == jpeg()
    assert b"Zhang" not in files[f"attachments/{ITEM_ID}/room-1208.png"]
    assert attachments.for_item(register, ITEM_ID) == ["c.webp", "d.gif", "lobby.jpg", "room-1208.png"]
    assert attachments.for_item(register, "QF-2026-0002") == []
    assert attachments.for_item(register, "../../etc") == []
    assert attachments.by_item(files) == {ITEM_ID: ["c.webp", "d.gif", "lobby.jpg", "room-1208.png"]}


def test_metadata_is_stripped_in_place_before_committing(register, run, capsys):
    photos = folder(register)
    (photos / "lobby.jpg").write_bytes(jpeg(exif_app1(orientation=6)))
    (photos / "room.png").write_bytes(png(chunk(b"tEXt", b"Author\x00Zhang")))
    (photos / "ok.gif").write_bytes(GIF)
    code, out, err = run("validate", "--register", register, "--as-of", AS_OF)
    assert code == 0 and out.count("attachment-metadata") == 2
    assert "python -m generator.attachments " in out and "lobby.jpg" in out
    paths = [str(photos / n) for n in ("lobby.jpg", "room.png", "ok.gif")]
    assert attachments.main(paths) == 0
    assert "ok.gif: no metadata" in capsys.readouterr().out
    assert b"Canon" not in (photos / "lobby.jpg").read_bytes()
    stripped = (photos / "lobby.jpg").read_bytes()
    assert attachments._exif_orientation(stripped[stripped.index(b"\xff\xe1") + 4:]) == 6   # still upright
    assert validate(run, register) == (0, [])
    (photos / "page.jpg").write_bytes(b"<html>")
    assert attachments.main([str(photos / "page.jpg")]) == 1
    assert (photos / "page.jpg").read_bytes() == b"<html>"
    assert attachments.main([]) == 2


def test_stripping_twice_changes_nothing():
    for data, name in ((jpeg(exif_app1(orientation=3)), "a.jpg"), (png(chunk(b"tEXt", b"a\x00b")), "a.png"),
                       (webp(metadata=True), "a.webp"), (gif_with_comment(), "a.gif")):
        once = strip(data, name)
        assert strip(once, name) == once


def test_no_attachments_folder_is_fine(register, run):
    assert attachments.site_files(register, [ITEM_ID]) == {}
    assert validate(run, register) == (0, [])


def test_every_attachment_problem_names_its_file(register, run, tmp_path):
    photos = folder(register)
    (photos / "ok.jpg").write_bytes(jpeg())
    (photos / "page.jpg").write_bytes(b"<html><body><script>alert(1)</script></body></html>")
    (photos / "drawing.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    (photos / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (photos / "wrong.jpg").write_bytes(png())
    (photos / "broken.png").write_bytes(png()[:-6])
    (photos / "huge.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * attachments.MAX_BYTES)
    (photos / "a..b.jpg").write_bytes(jpeg())
    (photos / "back\\slash.jpg").write_bytes(jpeg())
    (photos / "-dash.jpg").write_bytes(jpeg())
    (tmp_path / "outside.jpg").write_bytes(jpeg())
    (photos / "link.jpg").symlink_to(tmp_path / "outside.jpg")
    (photos / "nested").mkdir()
    (photos / "nested" / "x.jpg").write_bytes(jpeg())
    (folder(register, "QF-2026-0999") / "x.jpg").write_bytes(jpeg())           # no such item
    (folder(register, "not-an-id") / "x.jpg").write_bytes(jpeg())
    (register / "attachments" / "loose.jpg").write_bytes(jpeg())
    (register / "attachments" / "QF-2026-0002").symlink_to(photos)
    code, problems = validate(run, register)
    at = f"attachments/{ITEM_ID}/"
    assert code == 1
    assert sorted(problems) == sorted([
        (at + "page.jpg", "attachment-type", "error"),
        (at + "drawing.svg", "attachment-type", "error"),
        (at + "scan.pdf", "attachment-type", "error"),
        (at + "wrong.jpg", "attachment-extension", "error"),
        (at + "broken.png", "attachment-corrupt", "error"),
        (at + "huge.jpg", "attachment-too-large", "error"),
        (at + "a..b.jpg", "attachment-name", "error"),
        (at + "back\\slash.jpg", "attachment-name", "error"),
        (at + "-dash.jpg", "attachment-name", "error"),
        (at + "link.jpg", "file-symlink", "error"),
        (at + "nested", "attachment-location", "error"),
        ("attachments/QF-2026-0999", "attachment-unknown-item", "error"),
        ("attachments/not-an-id", "attachment-unknown-item", "error"),
        ("attachments/loose.jpg", "attachment-location", "error"),
        ("attachments/QF-2026-0002", "file-symlink", "error"),
    ])
    assert list(attachments.site_files(register, [ITEM_ID, "QF-2026-0002"])) == [at + "ok.jpg"]


def test_messages_say_what_the_file_is(register, run):
    photos = folder(register)
    (photos / "page.jpg").write_bytes(b"<svg onload='alert(1)'/>")
    (photos / "wrong.jpg").write_bytes(png())
    code, out, _ = run("validate", "--register", register, "--as-of", AS_OF)
    assert code == 1
    assert "page.jpg:1:1: attachment-type the file is an SVG drawing (which can carry scripts)" in out
    assert "wrong.jpg:1:1: attachment-extension the file is a PNG image but its name ends in `.jpg`; " \
           "rename it to `wrong.png`" in out


def test_too_many_attachments(register, run):
    photos = folder(register)
    for n in range(attachments.MAX_PER_ITEM + 1):
        (photos / f"p{n:02d}.jpg").write_bytes(jpeg())
    code, problems = validate(run, register)
    assert (code, problems) == (1, [(f"attachments/{ITEM_ID}", "attachment-too-many", "error")])
    assert len(attachments.site_files(register, [ITEM_ID])) == attachments.MAX_PER_ITEM


def test_the_attachments_folder_itself_as_a_link(register, run, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (register / "attachments").symlink_to(tmp_path / "elsewhere")
    assert validate(run, register) == (1, [("attachments", "file-symlink", "error")])


def test_validating_named_files_checks_only_their_attachments(register, run):
    (folder(register) / "bad.jpg").write_bytes(b"%PDF-1.4")
    (folder(register, "QF-2026-0999") / "x.jpg").write_bytes(jpeg())
    item = register / "items" / "2026" / "03" / f"{ITEM_ID}.yaml"
    other = item.with_name("QF-2026-0002.yaml")
    other.write_bytes((CASES / "valid" / "minimal.yaml").read_bytes())
    code, out, _ = run("validate", "--register", register, "--as-of", AS_OF, "--format", "json", item)
    assert code == 1 and [p["code"] for p in json.loads(out)["problems"]] == ["attachment-type"]
    code, out, _ = run("validate", "--register", register, "--as-of", AS_OF, "--format", "json", other)
    assert code == 0 and json.loads(out)["problems"] == []


# -- the item page ----------------------------------------------------------------------------------
def test_the_item_page_shows_thumbnails_linking_to_the_images():
    from generator.itemform import ItemForm
    from generator.pages import Pages
    from generator.validate import load_register
    from generator.views import build_view
    import datetime as dt

    register, _ = load_register(FIXTURE_EN)
    view = build_view(register.settings, [i.data for i in register.items if i.data],
                      dt.datetime.fromisoformat(AS_OF))
    p = Pages(view)
    v = view.items[0]
    html = ItemForm(p, attachments={v.id: ["lobby.jpg", 'x"><script>.png']}).render(v)
    assert (f'<a href="../../attachments/{v.id}/lobby.jpg"><img src="../../attachments/{v.id}/lobby.jpg" '
            f'alt="Photo 1 of {v.id}" width="160" loading="lazy"></a>') in html
    assert "<script>" not in html and "%22%3E%3Cscript%3E.png" in html
    assert "<h2 data-search-exclude>Photos</h2>" in html
    assert "fbr-attachments" not in ItemForm(p).render(v)


def test_damaged_files_are_refused_never_crash():
    """Random damage to each kind: the result is a file that strips to itself, or a refusal."""
    import random

    rnd = random.Random(8)
    seeds = [(jpeg(exif_app1(6), segment(0xE2, b"ICC_PROFILE\x00x")), "a.jpg"), (png(chunk(b"tEXt", b"a\x00b")), "a.png"),
             (webp(metadata=True), "a.webp"), (gif_with_comment(), "a.gif")]
    for _ in range(3000):
        data, name = rnd.choice(seeds)
        damaged = bytearray(data)
        for _ in range(rnd.randint(1, 4)):
            at = rnd.randrange(len(damaged))
            choice = rnd.random()
            if choice < 0.5:
                damaged[at] = rnd.randrange(256)
            elif choice < 0.75:
                del damaged[at:at + rnd.randint(1, 16)]
            else:
                damaged[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8)))
        try:
            out = strip(bytes(damaged), name)
        except Refused:
            continue
        assert strip(out, name) == out
