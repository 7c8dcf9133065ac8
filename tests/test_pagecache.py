"""Rendered item content is reused only when nothing it is made from changed."""
import datetime as dt
from types import SimpleNamespace

from generator.deadlines import Milestone
from generator.pagecache import PageCache, context_digest, key
from generator.remind.record import Sent

DUE = dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc)


def respond(state: str, overdue_minutes: float = 0) -> list:
    return [Milestone("FB-2026-0001", "respond", DUE, None, state, dt.timedelta(minutes=overdue_minutes))]


def view(**changes):
    base = dict(data={"id": "FB-2026-0001", "title": "Cold", "related": ["FB-2026-0002"]}, milestones=respond("open"),
                source="register/items/2026/03/FB-2026-0001.yaml", flags={}, history=None, reminders=[], digest=None)
    base.update(changes)
    return SimpleNamespace(**base)


def test_the_key_follows_every_input():
    ctx = context_digest("/nonexistent")
    same = key(ctx, view(), [("FB-2026-0002", "Noise")], [])
    assert key(ctx, view(), [("FB-2026-0002", "Noise")], []) == same
    changed = [
        key(ctx, view(data={"id": "FB-2026-0001", "title": "Colder"}), [("FB-2026-0002", "Noise")], []),
        key(ctx, view(milestones=respond("breached", 30)), [("FB-2026-0002", "Noise")], []),   # as-of moved
        key(ctx, view(milestones=respond("breached", 90)), [("FB-2026-0002", "Noise")], []),   # and again
        key(ctx, view(digest="0" * 64), [("FB-2026-0002", "Noise")], []),                      # the file's bytes
        key(ctx, view(flags={"received": "backdated"}), [("FB-2026-0002", "Noise")], []),
        key(ctx, view(source="elsewhere.yaml"), [("FB-2026-0002", "Noise")], []),
        key(ctx, view(), [("FB-2026-0002", "Noise at night")], []),                             # a linked title
        key(ctx, view(), [("FB-2026-0002", "Noise")], ["photo.jpg"]),
        key(ctx, view(reminders=[Sent(dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc), "FB-2026-0001", "respond",
                                      "department", 1, "engineering", "department", "email:e@example.org")]),
            [("FB-2026-0002", "Noise")], []),                                                  # a reminder sent
        key(context_digest("/nonexistent", "other"), view(), [("FB-2026-0002", "Noise")], []),
    ]
    assert same not in changed and len(set(changed)) == len(changed)


def test_the_as_of_time_counts_only_as_far_as_the_page_shows_it():
    """An item page shows a breach to a tenth of an hour and an open deadline not at all: a rebuild
    a few minutes later (mkdocs serve) keeps those pages."""
    ctx = context_digest("/nonexistent")
    related = [("FB-2026-0002", "Noise")]
    assert key(ctx, view(milestones=respond("open", -300)), related, []) == key(ctx, view(milestones=respond("open", -2)),
                                                                               related, [])
    assert key(ctx, view(milestones=respond("breached", 61)), related, []) == key(
        ctx, view(milestones=respond("breached", 62)), related, [])              # 1.0 h both times
    assert key(ctx, view(milestones=respond("breached", 61)), related, []) != key(
        ctx, view(milestones=respond("breached", 67)), related, [])              # 1.0 h, then 1.1 h


def test_settings_files_are_part_of_the_context(tmp_path):
    (tmp_path / "register.yaml").write_text("title: A\n")
    first = context_digest(tmp_path)
    (tmp_path / "register.yaml").write_text("title: B\n")
    assert context_digest(tmp_path) != first


def test_content_is_rendered_once_and_pruned_when_unused(tmp_path):
    calls = []

    def render(v):
        calls.append(v.data["title"])
        return f"<p>{v.data['title']}</p>"

    cache = PageCache(tmp_path / "pages", "ctx", render, lambda v: [], lambda v: [])
    a, b = view(), view(data={"id": "FB-2026-0001", "title": "Other"})
    assert cache.render(a) == cache.render(a) == "<p>Cold</p>" and calls == ["Cold"]
    cache.render(b)
    for n in range(3):
        cache.render(view(data={"id": "FB-2026-0001", "title": f"t{n}"}))
    assert cache.prune([a]) == 4 and cache.render(a) == "<p>Cold</p>" and calls.count("Cold") == 1
    assert PageCache(None, "ctx", render, lambda v: [], lambda v: []).render(a) and calls.count("Cold") == 2


def test_a_rebuild_shows_the_changed_item_and_reuses_the_rest(tmp_path, run):
    from test_build import project

    root = project(tmp_path)
    assert run("build", "--as-of", "2026-11-21T09:00:00+00:00", cwd=root)[0] == 0
    cached = list((root / ".cache/fbreg").glob("pages-v*/*/*.html"))
    assert cached
    item = root / "register/items/2026/03/QF-2026-0001.yaml"
    item.write_text(item.read_text().replace("Eggs and toast were cold.", "Eggs and toast were stone cold."))
    assert run("build", "--as-of", "2026-11-21T09:00:00+00:00", cwd=root)[0] == 0
    assert "stone cold" in (root / "site/items/QF-2026-0001/index.html").read_text()
    assert len(list((root / ".cache/fbreg").glob("pages-v*/*/*.html"))) == len(cached) + 1
