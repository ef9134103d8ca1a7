"""The one reader of YAML and JSON documents: hostile or broken text is a DocumentError, fast."""

from __future__ import annotations

import time

import pytest

from arna.documents import MAX_DEPTH, parse_mapping
from arna.errors import DocumentError

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)
)


def _error(text: str, source: str = "m.yaml", **kw: int) -> str:
    with pytest.raises(DocumentError) as info:
        parse_mapping(text, source, **kw)
    assert source in str(info.value)
    return str(info.value)


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    t0 = time.perf_counter()
    assert "once its YAML aliases are expanded" in _error(BOMB)
    assert time.perf_counter() - t0 < 5  # generous: the point is that 9**9 values are never built


def test_shared_aliases_within_the_limit_are_fine() -> None:
    doc = parse_mapping("base: &b {x: 1, y: [1, 2]}\none: *b\ntwo: *b\n", "m.yaml")
    assert doc["one"] == doc["two"] == {"x": 1, "y": [1, 2]}
    assert "once its YAML aliases" in _error("base: &b [1, 2, 3]\none: [*b, *b, *b]\n", max_values=10)


def test_self_referencing_alias_is_a_cycle_error() -> None:
    assert "cycle" in _error("a: &x [1, *x]\n")


@pytest.mark.parametrize(("text", "source"), [
    ("a: " + "[" * 5000 + "]" * 5000, "m.yaml"),
    ('{"a": ' + "[" * 5000 + "]" * 5000 + "}", "m.json"),
    ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), "m.yaml"),
])
def test_deep_nesting_is_refused(text: str, source: str) -> None:
    assert "nested too deeply" in _error(text, source)


@pytest.mark.parametrize(("text", "needle"), [
    ("start: 2021-13-01\n", "line 1, column 8: '2021-13-01' cannot be read as a date"),
    ("x: 1\nname: !!int 1.5\n", "line 2, column 7: '1.5' cannot be read as an integer"),
])
def test_values_yaml_cannot_construct_name_their_position(text: str, needle: str) -> None:
    assert needle in _error(text)
