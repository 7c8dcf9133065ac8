"""Load untrusted YAML into plain values, with the source position of every value.

Every register file comes from a pull request, so this loader is deliberately strict:

* files are read (:func:`read_bounded`) only when they are regular files within the size limit:
  no link, pipe or device, so nothing can make the read block or grow;
* bytes are decoded here (UTF-8 only; a BOM is accepted with a warning; UTF-16 and GBK are
  recognised and named), and control characters are refused before the parser sees them;
* the document is read as a stream of parser *events* (libyaml's C parser when present),
  never constructed by PyYAML, so no tag can build an object;
* anchors and aliases are refused at the first event, so a "billion laughs" file never expands;
* explicit tags, duplicate keys, non-scalar keys, several documents and excessive nesting
  or size are problems, not exceptions;
* plain scalars follow the YAML 1.2 core schema, not 1.1: ``yes``/``no``/``on``/``off``
  stay strings (and are remembered, so a boolean field can say "write false"), dates and
  times stay strings (parsed after validation), ``0755`` and ``1:20`` stay strings.

The result maps paths (tuples of keys and indexes) to 1-based ``(line, column)`` positions.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field

import yaml

# The parsers: libyaml's C parser is many times faster; the pure-Python one gives the same events.
# Either may refuse a deeply nested document itself (libyaml since 0.2.5, as PyYAML 6.0.4 builds it,
# stops at 1 000 levels): that is reported as ``yaml-too-deep`` like the loader's own limit.
PARSERS: dict[str, type] = {"python": yaml.SafeLoader}
if getattr(yaml, "__with_libyaml__", False):
    PARSERS["libyaml"] = yaml.CSafeLoader
DEFAULT_PARSER = "libyaml" if "libyaml" in PARSERS else "python"

from .problems import ProblemList

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 50_000

Path_ = tuple  # a path into the document: ("actions", 1, "due")
Pos = tuple[int, int]

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
AMBIGUOUS_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})?\.[0-9]{1,18}([eE][-+]?[0-9]{1,3})?")
# C0 controls except tab/LF/CR, DEL, C1 controls: YAML forbids most; we refuse all, with a position.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Document:
    """A loaded YAML document: ``value`` plus positions of every value and every mapping key."""

    value: object
    pos: dict = field(default_factory=dict)       # path -> (line, col) of the value
    keypos: dict = field(default_factory=dict)    # path -> (line, col) of the key naming it
    ambiguous: set = field(default_factory=set)   # paths of plain yes/no/on/off scalars

    def at(self, path: Path_) -> Pos:
        """Position of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.pos:
                return self.pos[path]
            path = path[:-1]
        return self.pos.get((), (1, 1))

    def key_at(self, path: Path_) -> Pos:
        return self.keypos.get(tuple(path)) or self.at(path)


class _Refused(Exception):
    """Stops reading: the problem has been recorded."""


def decode(data: bytes, path: str, problems: ProblemList) -> str | None:
    """Decode file bytes as UTF-8, recording a problem for anything else."""
    if data.startswith(codecs.BOM_UTF8):
        problems.add(path, (1, 1), "yaml-bom")
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(path, (1, 1), "yaml-encoding", hint=" (it is UTF-16)" if problems.lang != "zh" else "(是 UTF-16)")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it looks like GBK/GB18030)" if problems.lang != "zh" else "(看起来是 GBK/GB18030 编码)"
        except UnicodeDecodeError:
            pass
        problems.add(path, (line, col), "yaml-encoding", hint=hint)
        return None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        problems.add(path, (line, col), "yaml-control-char", char=f"U+{ord(bad.group()):04X}")
        return None
    return text


class NotARegularFile(OSError):
    pass


class FileTooLarge(OSError):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_bounded(path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit``: never through a link (``O_NOFOLLOW``:
    the check and the read cannot be raced), never blocking on a named pipe or a device. Raises
    ``NotARegularFile``, ``FileTooLarge`` or another ``OSError``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile("not a regular file (a pipe, socket or device)")
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        data = fh.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise FileTooLarge(len(data))
    return data


def _mark(mark) -> Pos:
    return (mark.line + 1, mark.column + 1)


def _scalar(event) -> tuple[object, bool]:
    """Resolve a scalar event to a value (YAML 1.2 core schema); second: ambiguous boolean."""
    text = event.value
    if event.style:  # quoted or block scalar: always a string
        return text, False
    if text in _NULLS:
        return None, False
    if text in _TRUE:
        return True, False
    if text in _FALSE:
        return False, False
    if text.lower() in AMBIGUOUS_BOOLS:
        return text, True
    if _INT.fullmatch(text):
        return int(text), False
    if _FLOAT.fullmatch(text):
        return float(text), False
    return text, False


class _Builder:
    def __init__(self, path: str, problems: ProblemList) -> None:
        self.file = path
        self.problems = problems
        self.doc = Document(None)
        self.nodes = 0

    def refuse(self, mark, code: str, **args) -> None:
        self.problems.add(self.file, _mark(mark), code, **args)
        raise _Refused

    def check_event(self, event) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self.refuse(event.start_mark, "yaml-alias")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self.refuse(event.start_mark, "yaml-tag", tag=tag.replace("tag:yaml.org,2002:", "!!"))
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.refuse(event.start_mark, "yaml-too-many-nodes", limit=MAX_NODES)

    def node(self, events, event, path: Path_, depth: int):
        """Build the value that starts with ``event``; consumes its events."""
        self.check_event(event)
        self.doc.pos[path] = _mark(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            value, ambiguous = _scalar(event)
            if ambiguous:
                self.doc.ambiguous.add(path)
            return value
        if depth >= MAX_DEPTH:
            self.refuse(event.start_mark, "yaml-too-deep", limit=MAX_DEPTH)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for ev in events:
                if isinstance(ev, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(events, ev, path + (len(items),), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict = {}
            for ev in events:
                if isinstance(ev, yaml.MappingEndEvent):
                    return mapping
                self.check_event(ev)
                if not isinstance(ev, yaml.ScalarEvent):
                    self.refuse(ev.start_mark, "yaml-key-type")
                key = ev.value
                if key in mapping:
                    first = self.doc.keypos[path + (key,)][0]
                    self.refuse(ev.start_mark, "yaml-duplicate-key", key=key, first_line=first)
                self.doc.keypos[path + (key,)] = _mark(ev.start_mark)
                mapping[key] = self.node(events, next(events), path + (key,), depth + 1)
        raise _Refused  # pragma: no cover - the parser guarantees balanced events


# How parsers word their own nesting limit: libyaml "exceeded maximum nesting depth" (in a
# ScannerError or ParserError); kept loose so that a reworded or new limit is still recognised.
_DEPTH_ERROR = re.compile(r"nest(?:ing|ed)?\b.*\b(?:depth|level)|(?:depth|level)\b.*\bnest|too deep", re.I | re.S)


def is_depth_error(exc: yaml.YAMLError) -> bool:
    """Whether the parser stopped because the document is nested deeper than *it* allows."""
    words = " ".join(str(getattr(exc, name, "") or "") for name in ("problem", "context"))
    return bool(_DEPTH_ERROR.search(words or str(exc)))


def load(data: bytes, path: str, problems: ProblemList, parser: str | None = None) -> Document | None:
    """Load one YAML document from untrusted bytes; ``None`` (with problems recorded) if it cannot be used.

    ``parser`` is ``"libyaml"`` or ``"python"`` (default: libyaml when PyYAML has it)."""
    if len(data) > MAX_BYTES:
        problems.add(path, (1, 1), "file-too-large", size=len(data), limit=MAX_BYTES)
        return None
    text = decode(data, path, problems)
    if text is None:
        return None
    return _parse(text, path, problems, parser or DEFAULT_PARSER)


def _parse(text: str, path: str, problems: ProblemList, parser: str) -> Document | None:
    builder = _Builder(path, problems)
    events = yaml.parse(text, Loader=PARSERS[parser])
    documents = 0
    try:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    builder.refuse(event.start_mark, "yaml-multi-document")
            elif isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            else:
                builder.doc.value = builder.node(events, event, (), 0)
    except _Refused:
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        pos = _mark(mark) if mark is not None else (1, 1)
        if is_depth_error(exc):
            # The parser's limit was hit first (it scans ahead of the events this loader sees).
            # The document is too deep whatever the limit: say so, at the place where *our* limit is
            # crossed, which the other parser finds by stopping there (its events come lazily).
            other = next((name for name in PARSERS if name != parser), None)
            if other is not None:
                scratch = ProblemList(problems.lang)
                _parse(text, path, scratch, other)
                found = [p for p in scratch if p.code == "yaml-too-deep"]
                if found:
                    pos = (found[0].line, found[0].col)
            problems.add(path, pos, "yaml-too-deep", limit=MAX_DEPTH)
            return None
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if getattr(exc, "context", None):
            detail = f"{detail} ({exc.context})"
        problems.add(path, pos, "yaml-syntax", detail=detail)
        return None
    if documents == 0 or builder.doc.value is None:
        problems.add(path, (1, 1), "yaml-empty")
        return None
    if not isinstance(builder.doc.value, dict):
        got = "a list" if isinstance(builder.doc.value, list) else f"`{builder.doc.value}`"
        problems.add(path, builder.doc.at(()), "yaml-not-mapping", got=got)
        return None
    return builder.doc
