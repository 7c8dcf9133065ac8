"""Property-based tests: arbitrary bytes and arbitrary YAML-shaped text never raise, only give Problems."""
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.loader import Item
from generator.problems import ProblemList
from generator.safeyaml import load
from generator.settings import load_settings
from generator.validate import check_items

from conftest import CASES

SETTINGS = load_settings(CASES / "register")
NOW = dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_chars = st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,?\n\t 0123456789.+~") + ["\u202e", "é", "中", "\x00", "\ufeff"])
yaml_text = st.lists(yaml_chars, max_size=200).map("".join)


def _validate(data: bytes):
    problems = ProblemList("en")
    doc = load(data, "items/2026/03/QF-2026-0005.yaml", problems)
    if doc is not None:
        item = Item(Path("items/2026/03/QF-2026-0005.yaml"), "x.yaml", doc)
        check_items(SETTINGS, [item], [item], problems, now=NOW)
    for p in problems:
        assert p.line >= 1 and p.col >= 1 and p.code and p.message
    return doc, problems


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    _validate(data)


@FUZZ
@given(yaml_text)
def test_yaml_shaped_text(text):
    _validate(text.encode("utf-8", "surrogatepass"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.sampled_from(["2026-03-05T10:00:00+00:00", "2026-03-05T10:00:00", "no", "QF-2026-0001", "kitchen"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "title", "received", "status", "actions", "holds", "related", "reply", "at",
                         "due", "done_at", "from", "until", "department", "closed_at", "verification", "deadlines",
                         "resolve", "reason", "reporter", "anonymous"]), children, max_size=6),
    max_leaves=25)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "title", "received", "status", "actions", "holds", "related",
                                        "reply", "department", "closed_at", "verification", "deadlines",
                                        "acknowledged_at", "reporter", "satisfaction", "description"]),
                       json_values, max_size=10))
def test_arbitrary_item_structures(fields):
    import yaml

    _validate(yaml.safe_dump(fields, allow_unicode=True).encode("utf-8"))
