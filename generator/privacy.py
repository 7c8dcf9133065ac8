"""Personal data in an item's free text: phone numbers, e-mail addresses, resident ID numbers,
bank card numbers and licence plates.

The register is published, and its git history and CI logs are public too, so a reporter is named
only by an opaque ``reporter.ref``. :func:`check` scans every free-text string of an item (title,
description, location, analysis, actions, reply, verification note, reasons, tags, …; not ids,
timestamps, codes or department ids) and reports what it finds *masked* (``138****5678``), never
the value itself. A deliberate exception is marked per field in the item::

    privacy_exceptions:
      description: the hotel's public switchboard number

An exception that names a field where nothing is found is reported as stale.

The detector is tuned against false positives: a number must stand on its own (not inside a
longer run of digits and letters such as ``SN-2024-000123`` or ``FB-2025-0123``); resident ID
numbers need a valid checksum (ISO 7064 MOD 11-2), region and birth date; card numbers the Luhn
check, a known issuer prefix and a length that issuer uses; numbers right after "order",
"订单号", "serial", … are left alone. One combined regular expression finds the candidates
at the starts of tokens that a fast scan finds (a digit, ``+``, ``(`` or a province abbreviation
after a non-alphanumeric character); e-mail addresses are looked for only in strings with an ``@``.
"""
from __future__ import annotations

import datetime as dt
import re

from .schemas import field_name

PHONE, EMAIL, ID_NUMBER, BANK_CARD, PLATE = "phone", "email", "id-number", "bank-card", "licence-plate"
CODES = {kind: f"privacy-{kind}" for kind in (PHONE, EMAIL, ID_NUMBER, BANK_CARD, PLATE)}
STALE = "privacy-exception-stale"
EXCEPTIONS = "privacy_exceptions"

# Not free text: ids, timestamps, codes from the settings, department ids, user names.
# Top-level names, and (parent, child) names inside mappings and lists of mappings.
_NOT_TEXT = frozenset({"id", "received", "channel", "category", "severity", "department", "assisting", "status",
                       "acknowledged_at", "responded_at", "closed_at", "satisfaction", "related", "involves"})
_NOT_TEXT_IN = {"reporter": frozenset({"type", "anonymous", "ref"}),
                "deadlines": frozenset({"acknowledge", "respond", "resolve"}),
                "holds": frozenset({"from", "until"}),
                "actions": frozenset({"kind", "owner", "due", "done_at"}),
                "reply": frozenset({"at", "channel"}),
                "verification": frozenset({"result", "at", "by"})}

# -- the patterns --------------------------------------------------------------------------------
# A candidate must not continue a token: no letter or digit right before or after it, nor one
# joined by - or _ (SN-2024-000123, FB-2025-0123, ABC1234567890).
_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9A-Za-z][-_])"
_AFTER = r"(?![0-9A-Za-z])(?![-_][0-9A-Za-z])"
_SEP = r"[ -]?"
_CN = r"(?:(?:\+|00)86[ -]?)?"
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"                       # 010, 020–029, 0xxx
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_CH = "A-HJ-NP-Za-hj-np-z0-9"                             # plates use no I and no O
_KINDS = {
    ID_NUMBER: r"[1-9][0-9]{5} ?(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]) ?[0-9]{3}[0-9Xx]",
    BANK_CARD: r"[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{5}",
    "mobile": _CN + r"1[3-9][0-9](?:" + _SEP + r"[0-9]{4}){2}",
    "landline": (_CN + r"(?:\(" + _AREA + r"\)|（" + _AREA + r"）|" + _AREA + r")" + r" ?-? ?[1-9][0-9]{2,3}"
                 + _SEP + r"[0-9]{4}(?:,? ?(?:[Ee][Xx][Tt]\.?|[Xx]|转|分机) ?[0-9]{1,6})?"),
    "international": r"\+[1-9][0-9]*+(?:[ -]?\([0-9]{1,4}\)|[ -][0-9]++)*+",
    PLATE: f"[{_PROVINCES}][A-HJ-NP-Za-hj-np-z][·•・. -]?[{_PLATE_CH}]{{5,6}}[挂学警港澳]?",
}
_PHONES = ("mobile", "landline", "international")
_ORDER = (ID_NUMBER, BANK_CARD, "mobile", "landline", "international", PLATE)
_COMBINED = re.compile("|".join(f"(?P<{k.replace('-', '_')}>{_BEFORE}(?:{_KINDS[k]}){_AFTER})" for k in _ORDER))
_ALONE = {k: re.compile(f"{_BEFORE}(?:{_KINDS[k]}){_AFTER}") for k in _ORDER}
_GROUPS = {k.replace("-", "_"): k for k in _ORDER}
# Where a candidate can start: +, (, a province, or a digit followed by six more digits, spaces or
# hyphens, at the start of a token (so 1208房, 21:40 and 598元 are passed over at once). The
# character class comes first so the regex engine skips everything else in its fast loop.
_STARTS = re.compile(f"[0-9+(（{_PROVINCES}](?<![0-9A-Za-z].)(?<![0-9A-Za-z][-_].)"
                     f"(?:(?<=[+(（{_PROVINCES}])|(?=[0-9 -]{{6}}))")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
                    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])")
_NOT_TLD = frozenset({"png", "jpg", "jpeg", "gif", "webp", "svg", "pdf", "txt", "html", "yaml", "json"})
# A number right after one of these is an order, invoice or serial number, not personal data.
_NUMBER_CONTEXT = re.compile(r"(?<![A-Za-z])(?:订单|单号|编号|流水号|序列号|批号|型号|发票号码?|工单"
                             r"|order|invoice|serial|ticket|tracking|booking|reservation|confirmation|s/?n|p/?o)"
                             r"\s*(?:no\.?|number|#|号码?)?\s*[:\uff1a#]?\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]")
_CN_HEAD = re.compile(_CN)
_EXTENSION = re.compile(r",? ?(?:[Ee][Xx][Tt]\.?|[Xx]|转|分机)")
_AREA_HEAD = re.compile(_CN + r"[(（]?" + _AREA + r"[)）]?")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_REGIONS = frozenset({"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                         "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
                         "65", "71", "81", "82", "83", "91"})


# -- checks of a candidate -----------------------------------------------------------------------
def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = ord(ch) - 48
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _card_issuer_length(d: str) -> bool:
    """A known issuer prefix (IIN) and a length that issuer uses."""
    n = len(d)
    if d[:2] in ("60", "62", "65", "35"):           # UnionPay, Discover, JCB
        return 16 <= n <= 19
    if d[0] == "4":                                # Visa
        return n in (13, 16, 19)
    if "51" <= d[:2] <= "55" or "2221" <= d[:4] <= "2720":   # Mastercard
        return n == 16
    if d[:2] in ("34", "37"):                      # American Express
        return n == 15
    return False


def _id_number(text: str) -> bool:
    s = text.replace(" ", "").upper()
    if s[:2] not in _ID_REGIONS:
        return False
    try:
        born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not dt.date(1890, 1, 1) <= born <= dt.date.today():
        return False
    return _ID_CHECK[sum(int(c) * w for c, w in zip(s, _ID_WEIGHTS)) % 11] == s[17]


def _valid(kind: str, text: str) -> bool:
    if kind == ID_NUMBER:
        return _id_number(text)
    if kind == BANK_CARD:
        d = "".join(_DIGITS.findall(text))
        return _card_issuer_length(d) and _luhn(d)
    if kind == "international":
        return 8 <= len(_DIGITS.findall(text)) <= 15
    if kind == PLATE:
        tail = re.sub(r"[·•・. -]", "", text)[2:].rstrip("挂学警港澳").upper()
        digits = sum(c.isdigit() for c in tail)
        if len(tail) == 6:                         # new-energy: D/F then 5, or 5 digits then D/F
            return (tail[0] in "DF" and tail[2:].isdigit()) or (tail[5] in "DF" and tail[:5].isdigit())
        return digits >= 2
    return True


# -- masks: enough to find the place, never the value ---------------------------------------------
def _mask_digits(text: str, keep_first: int, keep_last: int, chars: str = "0123456789") -> str:
    total = sum(ch in chars for ch in text)
    out, seen = [], 0
    for ch in text:
        if ch in chars:
            seen += 1
            out.append(ch if seen <= keep_first or seen > total - keep_last else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask(kind: str, text: str) -> str:
    """``text`` masked: ``138****5678``, ``010-****5678``, ``z***@example.com``, ``11**************1X``,
    ``**** **** **** 1234``, ``粤B****5``; ``kind`` as found (``mobile``, ``landline`` or
    ``international`` for a phone)."""
    if kind == EMAIL:
        local, _, domain = text.partition("@")
        return f"{local[0]}***@{domain}"
    if kind in _PHONES:     # keep +86 and the area code, which name no one
        head = (_AREA_HEAD if kind == "landline" else _CN_HEAD).match(text)
        head, rest = text[:head.end()], text[head.end():]
        if kind == "landline":
            ext = _EXTENSION.search(rest)
            cut = ext.start() if ext else len(rest)
            return head + _mask_digits(rest[:cut], 0, 4) + _mask_digits(rest[cut:], 0, 0)
        n = len(_DIGITS.findall(rest))
        return head + (_mask_digits(rest, 3, 4) if n >= 11 else _mask_digits(rest, 2, 3))
    if kind == ID_NUMBER:
        return _mask_digits(text, 2, 2, "0123456789Xx")
    if kind == BANK_CARD:
        return _mask_digits(text, 0, 4)
    return text[:2] + "*" * (len(text) - 3) + text[-1]      # licence plate


# -- scanning --------------------------------------------------------------------------------------
def findings(text: str) -> list[tuple[str, int, int, str]]:
    """Personal data in ``text``: ``[(kind, start, end, masked)]`` in order of position; ``kind`` is
    one of ``phone``, ``email``, ``id-number``, ``bank-card``, ``licence-plate``."""
    out = []
    pos = 0
    starts, match = _STARTS.search, _COMBINED.match
    while True:
        first = starts(text, pos)
        if first is None:
            break
        start = first.start()
        m = match(text, start)
        if m is None:
            pos = start + 1
            continue
        kind, end = _GROUPS[m.lastgroup], m.end()
        found = _valid(kind, m.group())
        if not found:   # a candidate of one kind may be valid as a later one (an 18-digit card)
            for other in _ORDER[_ORDER.index(kind) + 1:]:
                alone = _ALONE[other].match(text, start)
                if alone and _valid(other, alone.group()):
                    kind, end, found = other, alone.end(), True
                    break
        if found and kind != PLATE and _NUMBER_CONTEXT.search(text, max(0, start - 24), start):
            found = False
        if found:
            masked = mask(kind, text[start:end])
            out.append((PHONE if kind in _PHONES else kind, start, end, masked))
            pos = end
        else:
            pos = start + 1
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if m.group().rsplit(".", 1)[1].lower() not in _NOT_TLD:
                out.append((EMAIL, m.start(), m.end(), mask(EMAIL, m.group())))
        out.sort(key=lambda f: f[1])
    return out


def _free_text(data: dict):
    """``(path, text)`` for every free-text value of an item (numbers included: ``13812345678``
    written without quotes is a number, and as much personal data)."""
    for key, value in data.items():
        if key in _NOT_TEXT:
            continue
        skip = _NOT_TEXT_IN.get(key)
        if skip is None:
            yield from _walk(value, (key,))
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in skip:
                    yield from _walk(v, (key, k))
        elif isinstance(value, list):
            for i, entry in enumerate(value):
                if isinstance(entry, dict):
                    for k, v in entry.items():
                        if k not in skip:
                            yield from _walk(v, (key, i, k))
                else:
                    yield from _walk(entry, (key, i))
        else:
            yield from _walk(value, (key,))


def _walk(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, int) and not isinstance(value, bool):
        yield path, str(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, path + (i,))


def check(data: dict, add) -> None:
    """Report personal data in ``data`` (an item) through ``add(path, code, **args)``; honour and
    check ``privacy_exceptions`` (field name → reason)."""
    exceptions = data.get(EXCEPTIONS)
    exceptions = exceptions if isinstance(exceptions, dict) else {}
    flagged: set[str] = set()
    for path, text in _free_text(data):
        found = findings(text)
        if not found:
            continue
        name = field_name(path)
        flagged.add(name)
        if name in exceptions:
            continue
        seen = set()
        for kind, _, _, masked in found:
            if (kind, masked) not in seen:
                seen.add((kind, masked))
                add(path, CODES[kind], field=name, value=masked)
    # reporter.ref is an opaque reference with its own pattern: only a ref that *is* a phone,
    # ID or card number is personal data (CRM-88231 is not)
    reporter = data.get("reporter")
    ref = reporter.get("ref") if isinstance(reporter, dict) else None
    if isinstance(ref, (str, int)) and not isinstance(ref, bool):
        ref = str(ref)
        whole = [f for f in findings(ref) if f[1] == 0 and f[2] == len(ref)]
        if whole:
            flagged.add("reporter.ref")
            if "reporter.ref" not in exceptions:
                add(("reporter", "ref"), CODES[whole[0][0]], field="reporter.ref", value=whole[0][3])
    for name in exceptions:
        if name not in flagged:
            add((EXCEPTIONS, name), STALE, field=name)
