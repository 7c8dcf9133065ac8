"""The untrusted-YAML loader: positions, strictness, and bounded work on hostile bytes."""
import codecs

import pytest

from generator.problems import ProblemList
import yaml

from generator.safeyaml import MAX_BYTES, MAX_DEPTH, PARSERS, is_depth_error, load

needs_libyaml = pytest.mark.skipif("libyaml" not in PARSERS, reason="PyYAML was built without libyaml")


def check(src: bytes | str, lang="en", parser=None):
    problems = ProblemList(lang)
    data = src.encode("utf-8") if isinstance(src, str) else src
    doc = load(data, "f.yaml", problems, parser=parser)
    return doc, [(p.code, p.line, p.col) for p in problems]


def test_positions_of_nested_values():
    doc, problems = check("id: X\nactions:\n  - {kind: a, due: 1}\n  - kind: b\n    due: 2026-11-25\n")
    assert problems == []
    assert doc.pos[("actions", 1, "due")] == (5, 10)
    assert doc.keypos[("actions", 1, "due")] == (5, 5)
    assert doc.pos[("actions", 0, "due")] == (3, 20)
    assert doc.at(("actions", 7, "x")) == doc.pos[("actions",)]


@pytest.mark.parametrize("text, value", [
    ("2026-11-18", "2026-11-18"), ("2026-11-18T21:40:00+08:00", "2026-11-18T21:40:00+08:00"),
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("true", True), ("false", False), ("~", None), ("", None),
    ("4", 4), ("-3", -3), ("0755", "0755"), ("1:20", "1:20"), ("1.5", 1.5), (".inf", ".inf"), ("'4'", "4"),
    ("0x1F", "0x1F"), ("12345678901234567890123", "12345678901234567890123"),
])
def test_scalars_follow_yaml_1_2_core_and_dates_stay_strings(text, value):
    doc, problems = check(f"k: {text}\n")
    assert problems == []
    assert doc.value["k"] == value and type(doc.value["k"]) is type(value)


def test_ambiguous_booleans_are_remembered():
    doc, _ = check("a: no\nb: 'no'\nc: Off\n")
    assert doc.ambiguous == {("a",), ("c",)}


@pytest.mark.parametrize("src, code, line", [
    ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3),
    ("a: &x 1\nb: *x\n", "yaml-alias", 1),
    ("a: !!python/object/apply:os.system [ls]\n", "yaml-tag", 1),
    ("a: !custom x\n", "yaml-tag", 1),
    ("a: !!binary aGVsbG8=\n", "yaml-tag", 1),
    ("? [a, b]\n: 1\n", "yaml-key-type", 1),
    ("a: 1\n---\nb: 2\n", "yaml-multi-document", 2),
    ("- 1\n- 2\n", "yaml-not-mapping", 1),
    ("just text\n", "yaml-not-mapping", 1),
    ("", "yaml-empty", 1),
    ("# only a comment\n", "yaml-empty", 1),
    ("a: [1, 2\n", "yaml-syntax", 2),
    ("a: b: c\n", "yaml-syntax", 1),
    ("a:\n\tb: 1\n", "yaml-syntax", 2),
    ("a: x\x00y\n", "yaml-control-char", 1),
    ("a: 1\nb: \x1b[31mred\n", "yaml-control-char", 2),
])
def test_refused_input_gives_one_clear_problem(src, code, line):
    doc, problems = check(src)
    assert doc is None
    assert [(c, l) for c, l, _ in problems] == [(code, line)]


def test_billion_laughs_is_refused_before_expansion():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    doc, problems = check("\n".join(lines) + "\n")
    assert doc is None and problems == [("yaml-alias", 1, 4)]


DEEP_FLOW = "id: X\na: " + "[" * 10_000 + "]" * 10_000 + "\n"
# where the loader's limit is crossed: the opening bracket of level MAX_DEPTH + 1 (the document is level 0)
DEEP_FLOW_AT = (2, 3 + MAX_DEPTH)


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_deep_nesting_is_bounded_by_the_loader_under_either_parser(parser):
    """Our own limit: 40 block mappings are fine for libyaml (it allows 1 000) and for pure Python."""
    src = "id: X\n" + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n"
    doc, problems = check(src, parser=parser)
    assert doc is None and problems == [("yaml-too-deep", 2 + MAX_DEPTH, 1 + 2 * MAX_DEPTH)]
    ok, problems = check("a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n", parser=parser)
    assert problems == []


def test_deep_nesting_under_the_pure_python_parser():
    """The pure-Python parser has no limit of its own: the loader's stops it, at level 33."""
    doc, problems = check(DEEP_FLOW, parser="python")
    assert doc is None and problems == [("yaml-too-deep", *DEEP_FLOW_AT)]


@needs_libyaml
def test_deep_nesting_stopped_by_libyaml_itself_is_still_too_deep():
    """libyaml (PyYAML >= 6.0.4 builds it with a 1 000-level limit) raises a ScannerError before the
    loader sees level 33: the user still gets yaml-too-deep, at the place where level 33 starts."""
    with pytest.raises(yaml.YAMLError) as raised:
        list(yaml.parse(DEEP_FLOW, Loader=PARSERS["libyaml"]))
    if not is_depth_error(raised.value):  # an older libyaml without a limit of its own fails differently
        pytest.skip(f"this libyaml has no nesting limit: {raised.value}")
    doc, problems = check(DEEP_FLOW, parser="libyaml")
    assert doc is None and problems == [("yaml-too-deep", *DEEP_FLOW_AT)]
    doc, problems = check(DEEP_FLOW, lang="zh")
    assert problems[0][0] == "yaml-too-deep"


@pytest.mark.parametrize("message, deep", [
    ("exceeded maximum nesting depth", True), ("maximum nesting level reached", True),
    ("document is too deep", True), ("found unexpected end of stream", False),
    ("mapping values are not allowed here", False),
])
def test_depth_errors_are_recognised_by_their_wording(message, deep):
    assert is_depth_error(yaml.scanner.ScannerError("while increasing flow level", None, message, None)) is deep


def test_too_many_values_is_bounded():
    doc, problems = check("a: [" + ",".join(["1"] * 60_000) + "]\n")
    assert doc is None and problems[0][0] in ("yaml-too-many-nodes", "file-too-large")


def test_huge_file_is_refused_unread():
    doc, problems = check(b"a: " + b"x" * (MAX_BYTES + 1) + b"\n")
    assert doc is None and problems == [("file-too-large", 1, 1)]


def test_utf8_bom_is_accepted_with_a_warning():
    doc, problems = check(codecs.BOM_UTF8 + "title: 标题\n".encode("utf-8"))
    assert doc.value == {"title": "标题"} and problems == [("yaml-bom", 1, 1)]


def test_utf16_is_named():
    doc, problems = check("title: x\n".encode("utf-16"))
    assert doc is None and problems == [("yaml-encoding", 1, 1)]


def test_gbk_is_recognised_with_the_position_of_the_first_bad_byte():
    problems = ProblemList("en")
    assert load("id: 1\ntitle: 空调噪音\n".encode("gbk"), "f.yaml", problems) is None
    (p,) = problems.items
    assert (p.code, p.line, p.col) == ("yaml-encoding", 2, 8) and "GBK" in p.message


def test_messages_in_chinese():
    problems = ProblemList("zh")
    load(b"a: 1\na: 2\n", "f.yaml", problems)
    assert "出现了两次" in problems.items[0].message
