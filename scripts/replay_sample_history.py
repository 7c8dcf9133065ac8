#!/usr/bin/env python3
"""Replay the sample register's events as git commits, so that history carries their dates.

The sample register (``register/items/**``) is written as final files: each item already
shows how it ended (closed, rejected, still in progress...). A real register would have
grown one pull request at a time. This script rebuilds that history once, from the files:

* one commit adds the settings (``register/register.yaml``, ``register/departments.yaml``
  and any other file under ``register/`` that is not an item), dated 2025-10-08 09:00; it is
  left out when the settings are already committed as they are;
* for every item it derives the states the item went through, from its own timestamps:

  ============  ===================================================  ==========================
  event         what the file gains                                   committed at
  ============  ===================================================  ==========================
  recorded      id, title, received, channel, category, severity,     10-30 min after received
                reporter, location, tags, description (status new)
  assigned      department, assisting, deadlines, acknowledged_at     acknowledged_at
  responded     responded_at, analysis, actions (done_at only for     responded_at
                those done by then), reply if given by then
  hold/resumed  the pause, then its end (status on-hold and back)     holds[].from / until
  update        an action done or a reply given later (an action      its done_at / reply.at
                done before the response, such as an immediate
                temporary measure, is written down when it is done)
  verifying     verification                                          verification.at
  closed        the final file, byte for byte                         closed_at
  ============  ===================================================  ==========================

  Rejected and duplicate items pass through the same states (the department signs for them
  and looks into them) and end at their final file, where they are found not valid or a
  duplicate (a duplicate names its original only then). Open items stop at their final state,
  which is also the final file byte for byte. Moments less than 15 minutes apart become one
  event; events that change nothing are dropped.

* every event is a pull request: a commit on a branch, authored by a member of staff at the
  event's time, then ``Merge pull request #N from <user>/<id>-<event>`` by a reviewer of the
  item's department (``reviewers`` in departments.yaml; the quality office's while the item
  has no department yet), 5-60 minutes later, before the item's next change. A branch starts
  from the main line as it was when the commit was made, so pull requests overlap as they
  would in real life. Events of all items are interleaved in time order.

Everything goes into git through one ``git fast-import`` stream that starts from the current
HEAD and moves the current branch forward; the index is then updated for ``register/``, so
the working tree matches the new HEAD. The script runs once: it refuses when tracked files
under ``register/`` have uncommitted changes, or when ``register/items`` already has history.
Item files are expected to be new (untracked) files; the settings may already be committed.

Usage::

    python3 scripts/replay_sample_history.py [--repo DIR] [--dry-run]

Only the standard library and PyYAML are used. The output is deterministic (seeded).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import random
import re
import subprocess
import sys
import zoneinfo
from pathlib import Path

import yaml

SETUP_TIME = "2025-10-08T09:00:00+08:00"   # when the register was set up (first commit)
SETUP_AUTHOR = "huang-jing"                # the quality office keeps the register
EMAIL_DOMAIN = "qianwei-hotel.example"
SEED = 20251008
COALESCE = dt.timedelta(minutes=15)        # moments closer than this become one event
RECORD_DELAY = (10, 30)                    # minutes from received to the recording commit
MERGE_DELAY = (5, 60)                      # minutes from a commit to its merge

# Staff who write the pull requests (reviewers, in departments.yaml, merge them).
STAFF = {
    "front-office": ["zhang-wei", "ma-li"],
    "housekeeping": ["yang-xue", "qian-hong"],
    "food-beverage": ["guo-peng", "he-ying"],
    "engineering": ["lin-tao", "cao-jun"],
    "sales": ["hu-yan"],
    "security": ["zheng-hao"],
    "hr": ["xie-ting"],
    "quality": ["deng-yu", "song-jia"],
    "finance": ["feng-jie"],
    "general-office": ["tang-lin"],
}
# Who writes an item into the register, by the channel it came through.
INTAKE = {
    "phone": "front-office", "walk-in": "front-office", "comment-card": "front-office",
    "email": "front-office", "online": "sales", "letter": "general-office",
    "meeting": "general-office", "inspection": "quality",
}
STATUS_ZH = {
    "new": "新登记", "assigned": "已分派", "in-progress": "处理中", "on-hold": "暂停",
    "verifying": "待验证", "closed": "已结案", "rejected": "不予受理", "duplicate": "重复",
}
RESULT_ZH = {"effective": "有效", "partly-effective": "部分有效", "not-effective": "无效"}

# Top-level keys of an item in the order they are written (as in design.md §3).
KEY_ORDER = [
    "id", "title", "received", "channel", "category", "severity", "department", "assisting",
    "status", "reporter", "location", "tags", "description", "deadlines", "acknowledged_at",
    "responded_at", "holds", "analysis", "actions", "reply", "verification", "closed_at",
    "satisfaction", "related",
]
RECORDED_KEYS = ["id", "title", "received", "channel", "category", "severity", "reporter",
                 "location", "tags", "description", "related"]
SUB_ORDER = {
    "reporter": ["type", "anonymous", "ref"],
    "deadlines": ["acknowledge", "respond", "resolve", "reason"],
    "holds": ["from", "until", "reason"],
    "actions": ["kind", "text", "owner", "due", "done_at"],
    "reply": ["text", "at", "channel"],
    "verification": ["result", "at", "by", "note"],
}
FLOW_MAPPINGS = {"reporter"}   # written on one line: {type: guest, anonymous: false, ref: ...}


# --------------------------------------------------------------------------- YAML in and out

class StrLoader(yaml.SafeLoader):
    """Safe loader that keeps dates and timestamps as the strings they are written as."""


StrLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str):
    return yaml.load(text, Loader=StrLoader)


def _plain_ok(s: str, flow: bool) -> bool:
    """True if ``s`` reads back as the same string when written without quotes."""
    if not s or s != s.strip() or "\n" in s or s[0] in "!&*'\"%@`|>#?-:{}[],":
        return False
    try:
        doc = load_yaml(f"k: [{s}]" if flow else f"k: {s}")
    except yaml.YAMLError:
        return False
    return doc == {"k": [s] if flow else s}


def _scalar(value, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    s = str(value)
    return s if _plain_ok(s, flow) else json.dumps(s, ensure_ascii=False)


def _block_text(s: str, indent: int) -> list[str]:
    """A multi-line string as a literal block (``|``), lines indented by ``indent``."""
    chomp = "" if s.endswith("\n") and not s.endswith("\n\n") else ("-" if not s.endswith("\n") else "+")
    indicator = str(2) if s[:1] in (" ", "\n") else ""
    body = s[:-1] if s.endswith("\n") else s
    lines = [f"|{indicator}{chomp}"]
    lines += [(" " * indent + line) if line else "" for line in body.split("\n")]
    return lines


def _value_lines(key: str, value, indent: int) -> list[str]:
    """``key: value`` at ``indent`` spaces, the value in the style of the sample files."""
    pad = " " * indent
    if isinstance(value, str) and "\n" in value:
        head, *rest = _block_text(value, indent + 2)
        return [f"{pad}{key}: {head}", *rest]
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return [f"{pad}{key}: [" + ", ".join(_scalar(v, flow=True) for v in value) + "]"]
    if isinstance(value, dict) and key in FLOW_MAPPINGS:
        inner = ", ".join(f"{k}: {_scalar(v, flow=True)}" for k, v in _ordered(key, value).items())
        return [f"{pad}{key}: {{{inner}}}"]
    if isinstance(value, dict):
        lines = [f"{pad}{key}:"]
        for k, v in _ordered(key, value).items():
            lines += _value_lines(k, v, indent + 2)
        return lines
    if isinstance(value, list):
        lines = [f"{pad}{key}:"]
        for entry in value:
            sub = []
            for k, v in _ordered(key, entry).items():
                sub += _value_lines(k, v, indent + 4)
            sub[0] = f"{pad}  - " + sub[0][indent + 4:]
            lines += sub
        return lines
    return [f"{pad}{key}: {_scalar(value)}"]


def _ordered(key: str | None, mapping: dict) -> dict:
    order = KEY_ORDER if key is None else SUB_ORDER.get(key, [])
    rank = {k: i for i, k in enumerate(order)}
    return dict(sorted(mapping.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def dump_item(item: dict, header: str = "") -> str:
    """Write an item as YAML in the sample's style (2-space indentation, design key order)."""
    lines = []
    for key, value in _ordered(None, item).items():
        lines += _value_lines(key, value, 0)
    text = header + "\n".join(lines) + "\n"
    if load_yaml(text) != item:   # never write something that reads back differently
        raise ValueError(f"{item.get('id')}: YAML round trip failed")
    return text


def header_of(text: str) -> str:
    """The comment lines at the top of a file (kept on every intermediate state)."""
    head = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        head.append(line)
    return "".join(head)


# --------------------------------------------------------------------------- item states

def ts(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def state_at(final: dict, when: dt.datetime) -> dict:
    """What the item's file said at ``when``, derived from its final content."""
    s = {k: final[k] for k in RECORDED_KEYS if k in final}
    if final.get("status") == "duplicate":
        s.pop("related", None)          # found to be a duplicate only at the end
    acked = "acknowledged_at" in final and ts(final["acknowledged_at"]) <= when
    responded = "responded_at" in final and ts(final["responded_at"]) <= when
    if acked:
        for k in ("department", "assisting", "deadlines", "acknowledged_at"):
            if k in final:
                s[k] = final[k]
    if responded:
        s["responded_at"] = final["responded_at"]
        if "analysis" in final:
            s["analysis"] = final["analysis"]
    # actions are written down with the response; one done before that (an immediate
    # temporary measure) is written down when it is done
    actions = [
        {k: v for k, v in a.items() if k != "done_at" or ts(v) <= when}
        for a in final.get("actions", [])
        if responded or ("done_at" in a and ts(a["done_at"]) <= when)
    ]
    if actions:
        s["actions"] = actions
    holds = []
    for h in final.get("holds", []):
        if ts(h["from"]) <= when:
            holds.append({k: v for k, v in h.items() if k != "until" or ts(v) <= when})
    if holds:
        s["holds"] = holds
    if "reply" in final and ts(final["reply"]["at"]) <= when:
        s["reply"] = final["reply"]
    verified = "verification" in final and ts(final["verification"]["at"]) <= when
    if verified:
        s["verification"] = final["verification"]
    if holds and "until" not in holds[-1]:
        s["status"] = "on-hold"
    elif verified:
        s["status"] = "verifying"
    elif responded:
        s["status"] = "in-progress"
    elif acked:
        s["status"] = "assigned"
    else:
        s["status"] = "new"
    return s


def moments(final: dict) -> list[dt.datetime]:
    """Every time at which the item's file changed, taken from its timestamps."""
    times = [final.get("acknowledged_at"), final.get("responded_at"), final.get("closed_at")]
    times += [h.get(k) for h in final.get("holds", []) for k in ("from", "until")]
    times += [a.get("done_at") for a in final.get("actions", [])]
    times += [final.get("reply", {}).get("at"), final.get("verification", {}).get("at")]
    return sorted(ts(t) for t in times if t)


@dataclasses.dataclass
class Event:
    time: dt.datetime          # the branch commit (author and committer date)
    merged: dt.datetime        # the merge commit
    item_id: str
    kind: str                  # recorded, assigned, responded, hold, resumed, update, ...
    files: dict[str, bytes]    # repository path -> content
    author: str
    reviewer: str
    subject: str
    body: str
    branch: str = ""
    number: int = 0


def event_kind(before: dict | None, after: dict) -> str:
    if before is None:
        return "recorded"
    old, new = before["status"], after["status"]
    if old == "on-hold" and new in ("assigned", "in-progress"):
        return "resumed"
    if new in ("closed", "rejected", "duplicate", "verifying", "assigned"):
        return new if old != new else "update"
    if new == "on-hold":
        return "hold" if old != new else "update"
    if new == "in-progress":
        return "update" if old == new else "responded"
    return "update"


KIND_ZH = {"temporary": "临时措施", "corrective": "纠正措施", "preventive": "预防措施"}


def _short(text: str, size: int = 24) -> str:
    line = text.strip().splitlines()[0].rstrip("。;,")
    return line if len(line) <= size else line[:size] + "…"


def changes(before: dict | None, item: dict) -> str:
    """What an update adds: actions done, a reply, new actions."""
    before = before or {}
    old = {a["text"]: a for a in before.get("actions", [])}
    done = [a for a in item.get("actions", []) if "done_at" in a and "done_at" not in old.get(a["text"], {})]
    added = [a for a in item.get("actions", []) if a["text"] not in old and "done_at" not in a]
    parts = []
    if len(done) == 1:
        parts.append(f"{KIND_ZH.get(done[0]['kind'], '措施')}已完成:{_short(done[0]['text'])}")
    elif done:
        parts.append(f"{len(done)}项措施已完成")
    if added:
        parts.append(f"新增{len(added)}项措施")
    if "reply" in item and "reply" not in before:
        parts.append("已答复反馈人")
    return ",".join(parts) or "更新处理进展"


def describe(kind: str, item: dict, names: dict[str, str], before: dict | None = None) -> str:
    """The short Chinese description of a pull request."""
    dept = names.get(item.get("department", ""), item.get("department", ""))
    if kind == "recorded":
        return f"登记新反馈:{item['title']}"
    if kind == "assigned":
        return f"责任部门{dept}签收" + (f",协办:{'、'.join(names.get(d, d) for d in item['assisting'])}"
                                   if item.get("assisting") else "")
    if kind == "responded":
        replied = "reply" in item and "reply" not in (before or {})
        parts = [name for key, name in (("analysis", "原因分析"), ("actions", "整改措施")) if key in item]
        what = f"提交{'与'.join(parts)}" if parts else "提出处理意见"
        return f"{dept}{what}" + (",已答复反馈人" if replied else "")
    if kind == "hold":
        return f"暂停处理:{item['holds'][-1]['reason']}"
    if kind == "resumed":
        return "恢复处理,暂停期结束"
    if kind == "verifying":
        v = item["verification"]
        who = names.get(v.get("by", ""), v.get("by") or "")
        return f"{who}跟踪验证:{RESULT_ZH.get(v['result'], v['result'])}"
    if kind == "closed":
        sat = f",回访满意度 {item['satisfaction']}/5" if "satisfaction" in item else ""
        return f"验证通过,结案归档{sat}"
    if kind == "rejected":
        return "经核实不予受理" + (",已答复反馈人" if "reply" in item else "")
    if kind == "duplicate":
        return f"与 {item['related'][0]} 重复,合并处理"
    return changes(before, item)


def item_events(path: str, text: str, rng: random.Random, names: dict[str, str],
                reviewers: dict[str, list[str]]) -> list[Event]:
    """The pull requests that build one item's file, ending with its exact final bytes."""
    final = load_yaml(text)
    received = ts(final["received"])
    first = received + dt.timedelta(minutes=rng.randint(*RECORD_DELAY))
    later = moments(final)
    # anything before the recording commit is part of it; moments closer together than
    # COALESCE become one event, which happens at its last moment
    groups: list[dt.datetime] = []
    for t in sorted(max(t, first) for t in [first, *later]):
        if groups and t - groups[-1] < COALESCE:
            groups[-1] = t
        else:
            groups.append(t)
    header = header_of(text)
    states: list[tuple[dt.datetime, dict, bytes]] = []
    for i, when in enumerate(groups):
        last = i == len(groups) - 1
        state = final if last else state_at(final, when)
        if states and states[-1][1] == state:
            if not last:
                continue            # nothing visible changed
            states.pop()            # the final file replaces an identical state
        data = text.encode("utf-8") if last else dump_item(state, header).encode("utf-8")
        states.append((when, state, data))

    events: list[Event] = []
    before = None
    for i, (when, state, data) in enumerate(states):
        kind = event_kind(before, state)
        if kind == "recorded":
            author = rng.choice(STAFF[INTAKE.get(final["channel"], "quality")])
        elif kind in ("verifying", "closed"):
            author = rng.choice(STAFF.get(state["verification"].get("by", ""), STAFF["quality"]))
        else:
            author = rng.choice(STAFF.get(state.get("department", ""), STAFF["quality"]))
        # the department's reviewer merges; the quality office while nobody is responsible yet
        dept = state.get("department") or "quality"
        reviewer = rng.choice(reviewers.get(dept) or reviewers["quality"])
        delay = dt.timedelta(minutes=rng.randint(*MERGE_DELAY))
        if i + 1 < len(states):       # merged before the item's next change is written
            delay = min(delay, states[i + 1][0] - when - dt.timedelta(minutes=2))
        old = STATUS_ZH[before["status"]] if before else "—"
        body = f"状态:{old} → {STATUS_ZH[state['status']]}\n"
        events.append(Event(
            time=when, merged=when + delay, item_id=final["id"], kind=kind,
            files={path: data}, author=author, reviewer=reviewer,
            subject=f"{final['id']} {describe(kind, state, names, before)}", body=body))
        before = state
    return events


# --------------------------------------------------------------------------- git

def git(repo: Path, *args: str, data: bytes | None = None, check: bool = True) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], input=data,
                            capture_output=True, check=False)
    if check and result.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed:\n{result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8", errors="replace").strip()


def refusals(repo: Path, head: str | None) -> list[str]:
    """Reasons not to run: uncommitted changes to tracked files, or items with history."""
    problems = []
    changed = git(repo, "status", "--porcelain", "--untracked-files=no", "--", "register")
    if changed:
        problems.append("tracked files under register/ have uncommitted changes:\n" + changed)
    if head and git(repo, "rev-list", "-n", "1", head, "--", "register/items"):
        problems.append("register/items already has history; the replay runs only once")
    return problems


def identity(user: str, when: dt.datetime) -> str:
    offset = when.strftime("%z")
    return f"{user} <{user}@{EMAIL_DOMAIN}> {int(when.timestamp())} {offset}"


class Stream:
    """Builds a git fast-import stream (bytes)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.marks = 0

    def _data(self, payload: bytes) -> None:
        self.parts.append(b"data %d\n" % len(payload) + payload + b"\n")

    def commit(self, ref: str, author: str, committer: str, message: str,
               parents: list[str], files: dict[str, bytes]) -> str:
        self.marks += 1
        mark = f":{self.marks}"
        self.parts.append(f"commit {ref}\nmark {mark}\nauthor {author}\ncommitter {committer}\n"
                          .encode())
        self._data(message.encode("utf-8"))
        if parents:
            self.parts.append(f"from {parents[0]}\n".encode())
        for parent in parents[1:]:
            self.parts.append(f"merge {parent}\n".encode())
        for path, content in sorted(files.items()):
            self.parts.append(f"M 100644 inline {path}\n".encode("utf-8"))
            self._data(content)
        return mark

    def reset(self, ref: str, target: str) -> None:
        self.parts.append(f"reset {ref}\nfrom {target}\n\n".encode())

    def bytes(self) -> bytes:
        return b"".join(self.parts) + b"done\n"


# --------------------------------------------------------------------------- main

ITEM_PATH = re.compile(r"^register/items/(\d{4})/(\d{2})/([A-Z][A-Z0-9]*-\d{4}-\d{4,6})\.yaml$")


def collect(repo: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Files under register/ (tracked or new, not ignored): settings and items."""
    listed = git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                 "--", "register")
    settings, items = {}, {}
    for path in sorted(set(filter(None, listed.split("\0")))):
        content = (repo / path).read_bytes()
        if ITEM_PATH.match(path):
            items[path] = content.decode("utf-8")
        else:
            settings[path] = content
    return settings, items


def plan(repo: Path) -> tuple[dict[str, bytes], list[Event]]:
    settings, items = collect(repo)
    departments = load_yaml((repo / "register/departments.yaml").read_text("utf-8"))
    names = {d["id"]: d["name"].get("zh") or d["id"] for d in departments["departments"]}
    reviewers = {d["id"]: d.get("reviewers") or [] for d in departments["departments"]}
    tz = zoneinfo.ZoneInfo(load_yaml((repo / "register/register.yaml").read_text("utf-8"))
                           .get("timezone", "Asia/Shanghai"))
    rng = random.Random(SEED)
    events: list[Event] = []
    # attachments of an item arrive with it
    attachments = {p: c for p, c in settings.items() if p.startswith("register/attachments/")}
    for path, text in sorted(items.items(), key=lambda kv: kv[0].rsplit("/", 1)[1]):
        item_id = ITEM_PATH.match(path).group(3)
        for event in (evs := item_events(path, text, rng, names, reviewers)):
            event.time, event.merged = event.time.astimezone(tz), event.merged.astimezone(tz)
        own = {p: c for p, c in attachments.items()
               if p.startswith(f"register/attachments/{item_id}/")}
        evs[0].files.update(own)
        for p in own:
            settings.pop(p)
        events += evs
    events.sort(key=lambda e: (e.time, e.item_id))
    seen: dict[tuple[str, str], int] = {}
    for number, event in enumerate(events, start=1):
        event.number = number
        n = seen[(event.item_id, event.kind)] = seen.get((event.item_id, event.kind), 0) + 1
        suffix = f"-{n}" if n > 1 else ""
        event.branch = f"{event.author}/{event.item_id.lower()}-{event.kind}{suffix}"
    return settings, events


def uncommitted(repo: Path, head: str | None, files: dict[str, bytes]) -> dict[str, bytes]:
    """The files whose content differs from HEAD (all of them without a HEAD)."""
    if not head:
        return dict(files)
    listed = git(repo, "ls-tree", "-r", "-z", head, "--", "register")
    blobs = {}
    for entry in filter(None, listed.split("\0")):
        meta, path = entry.split("\t", 1)
        blobs[path] = meta.split()[2]
    return {p: c for p, c in files.items() if blobs.get(p) != blob_id(c)}


def blob_id(content: bytes) -> str:
    """The id git gives a file with this content (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def build(events: list[Event], settings: dict[str, bytes], ref: str, head: str | None,
          setup_time: dt.datetime) -> tuple[bytes, int]:
    stream = Stream()
    tip = head
    if settings or not head:
        who = identity(SETUP_AUTHOR, setup_time)
        tip = stream.commit(ref, who, who, "建立信息反馈台账:登记设置与部门名录\n",
                            [head] if head else [], settings)
    commits = [(e.time, 0, e) for e in events] + [(e.merged, 1, e) for e in events]
    branch_marks: dict[int, str] = {}
    for _, is_merge, e in sorted(commits, key=lambda c: (c[0], -c[1], c[2].number)):
        if not is_merge:   # the pull request's commit, on the main line as it is now
            who = identity(e.author, e.time)
            branch_marks[e.number] = stream.commit(
                ref, who, who, f"{e.subject}\n\n{e.body}", [tip], e.files)
        else:
            who = identity(e.reviewer, e.merged)
            message = f"Merge pull request #{e.number} from {e.branch}\n\n{e.subject}\n"
            tip = stream.commit(ref, who, who, message, [tip, branch_marks[e.number]], e.files)
    stream.reset(ref, tip)
    return stream.bytes(), stream.marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the repository (default: the one that holds this script)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the events and change nothing")
    args = parser.parse_args(argv)

    repo = Path(git(args.repo, "rev-parse", "--show-toplevel"))
    ref = git(repo, "symbolic-ref", "-q", "HEAD", check=False)
    if not ref:
        print("refusing: HEAD is detached; check out a branch first", file=sys.stderr)
        return 2
    head = git(repo, "rev-parse", "-q", "--verify", "HEAD^{commit}", check=False) or None
    problems = refusals(repo, head)

    settings, events = plan(repo)
    if not events:
        problems.append("no items found under register/items/")
    if args.dry_run:
        for e in events:
            print(f"{e.time:%Y-%m-%d %H:%M} #{e.number:<4} {e.item_id:<13} {e.kind:<10} "
                  f"{e.author:<10} → {e.reviewer:<10} {e.merged:%H:%M}  {e.branch}")
        setup = 1 if uncommitted(repo, head, settings) or not head else 0
        print(f"{len(events)} pull requests, {2 * len(events) + setup} commits", file=sys.stderr)
        for problem in problems:
            print(f"note: a real run would refuse: {problem}", file=sys.stderr)
        return 0
    if problems:
        for problem in problems:
            print(f"refusing: {problem}", file=sys.stderr)
        return 1

    setup_time = ts(SETUP_TIME)
    stream, count = build(events, uncommitted(repo, head, settings), ref, head, setup_time)
    git(repo, "fast-import", "--quiet", data=stream)
    git(repo, "reset", "-q", "HEAD", "--", "register")   # index follows the new HEAD
    leftover = git(repo, "status", "--porcelain", "--", "register")
    print(f"wrote {count} commits ({len(events)} pull requests) on {ref}")
    if leftover:
        print("warning: register/ differs from the new HEAD:\n" + leftover, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
