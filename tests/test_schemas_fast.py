"""The fast validator (jsonschema-rs) never says yes where jsonschema would report an error."""
from hypothesis import given, settings, strategies as st

from conftest import CASES
from generator.settings import load_settings
from generator.validate import item_validator

VALIDATOR = item_validator(load_settings(CASES / "register"))
BASE = {"id": "QF-2026-0001", "title": "Cold tea", "received": "2026-03-02T09:00:00+00:00", "category": "complaint",
        "channel": "comment-card", "severity": "minor", "status": "new", "description": "d"}
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["QF-2026-0001\n", "reception", "closed", "1.0", ""]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=8)
fields = st.sampled_from(sorted(VALIDATOR.slow.schema["properties"]) + ["extra"])


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(fields, values, max_size=4))
def test_fast_yes_means_no_errors(changes):
    doc = {**BASE, **changes}
    assert VALIDATOR.fast is not None
    try:
        fast = VALIDATOR.fast.is_valid(doc)
    except (ValueError, TypeError, OverflowError):
        fast = False
    if fast:
        assert not list(VALIDATOR.slow.iter_errors(doc)), doc
    assert VALIDATOR.is_valid(doc) == (not list(VALIDATOR.iter_errors(doc)) or VALIDATOR.slow.is_valid(doc))


def test_the_valid_base_is_valid_for_both():
    assert VALIDATOR.fast.is_valid(BASE) and VALIDATOR.slow.is_valid(BASE)
