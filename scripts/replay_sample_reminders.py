#!/usr/bin/env python3
"""Replay the scheduled ``fbreg remind`` runs of the sample register as the CI job would have made them.

The sample register's reminder settings (``reminders`` in register.yaml, ``remind`` in departments.yaml)
point at example.com addresses and robots that do not exist, so the sample's record of reminders sent
(``register/reminders/YYYY-MM.jsonl``) cannot come from real runs. This script writes the record those
runs would have written: for every half hour inside the calendar's working hours from FIRST to LAST,
it takes each item *as it was on the main line then* (its last version merged by that time, from the
git history), plans the reminders with the record so far (:func:`generator.remind.plan.make_plan`,
the same planning ``fbreg remind`` does), counts every message as delivered, appends the lines with
:func:`generator.remind.record.append`, and commits the record as the CI job does — committer
github-actions[bot], dated at the run — when anything was "sent".

Usage::

    python3 scripts/replay_sample_reminders.py [--repo DIR] [--first ISO] [--last ISO] [--dry-run]

It runs once: it refuses when the record already exists. The output is deterministic.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.deadlines import calendar_for  # noqa: E402
from generator.history import load_history  # noqa: E402
from generator.remind import record  # noqa: E402
from generator.remind.plan import in_working_hours, make_plan, site_base  # noqa: E402
from generator.settings import load_settings  # noqa: E402

FIRST = "2026-11-02T09:00:00+08:00"     # the Monday after the reminder settings were merged
LAST = "2026-11-20T18:00:00+08:00"      # the last working day before the sample's as-of time
BOT = ("github-actions[bot]", "41898299+github-actions[bot]@users.noreply.github.com")


def items_as_of(index, at: dt.datetime) -> list[dict]:
    out = []
    for hist in index.files.values():
        merged = [v for v in hist.versions if v.on_main_at is not None and v.on_main_at <= at]
        if merged and merged[-1].data is not None:
            out.append(merged[-1].data)
    return out


def commit(repo: Path, at: dt.datetime, dry_run: bool) -> None:
    if dry_run:
        return
    when = at.isoformat()
    env = dict(os.environ, GIT_AUTHOR_NAME=BOT[0], GIT_AUTHOR_EMAIL=BOT[1], GIT_COMMITTER_NAME=BOT[0],
               GIT_COMMITTER_EMAIL=BOT[1], GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "add", "--", "register/reminders"], cwd=repo, check=True, env=env)
    stamp = at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    subprocess.run(["git", "commit", "-q", "-m", f"Reminders sent {stamp} (fbreg remind)"], cwd=repo, check=True,
                   env=env)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", default=str(Path(__file__).resolve().parents[1]))
    ap.add_argument("--first", default=FIRST)
    ap.add_argument("--last", default=LAST)
    ap.add_argument("--dry-run", action="store_true", help="print the runs, write and commit nothing")
    args = ap.parse_args(argv)
    repo = Path(args.repo)
    register = repo / "register"
    if record.files(register):
        print("register/reminders/ already holds a record: this script runs once", file=sys.stderr)
        return 2
    settings = load_settings(register)
    calendar = calendar_for(settings)
    index = load_history(register)
    base = site_base(settings)
    sent: list[record.Sent] = []
    at = dt.datetime.fromisoformat(args.first)
    last = dt.datetime.fromisoformat(args.last)
    runs = 0
    while at <= last:
        if in_working_hours(calendar, at):
            plan = make_plan(settings, items_as_of(index, at), at, sent, base)
            new = [s for m in plan.messages for s in m.records(at)]
            if new:
                runs += 1
                print(f"{at.isoformat()}: {len(plan.messages)} messages, {len(new)} lines")
                sent += new
                if not args.dry_run:
                    record.append(register, new, settings.tz)
                commit(repo, at, args.dry_run)
        at += dt.timedelta(minutes=30)
    print(f"{runs} runs sent something; {len(sent)} lines in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
