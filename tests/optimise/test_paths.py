"""Decision paths: by name, robust to reordering; errors say which part of the path is wrong."""

from __future__ import annotations

import re

import pytest

from arna.optimise.paths import PathError, get_value, parse_path, set_value


def doc() -> dict:  # type: ignore[type-arg]
    return {"nodes": [{"name": "a", "capacity": "500 hm3"},
                      {"name": "Toktogul HPP", "rule_curve": {"type": "monthly", "values": [1.0] * 12}}],
            "parameters": {"release": {"type": "constant", "value": 3}}}


def test_paths_by_name_survive_reordering() -> None:
    d = doc()
    steps = parse_path('nodes["Toktogul HPP"].rule_curve.values[3]')
    set_value(d, steps, 7.5)
    d["nodes"].reverse()
    set_value(d, steps, 8.5)
    assert d["nodes"][0]["rule_curve"]["values"][3] == 8.5
    assert get_value(d, parse_path("nodes[Toktogul HPP].rule_curve.values[3]")) == 8.5


def test_a_quantity_string_keeps_its_unit_and_the_exact_number() -> None:
    d = doc()
    set_value(d, parse_path("nodes[a].capacity"), 0.1 + 0.2)
    assert d["nodes"][0]["capacity"] == "0.30000000000000004 hm3"
    assert get_value(d, parse_path("nodes[a].capacity")) == 0.1 + 0.2


@pytest.mark.parametrize(("path", "message"), [
    ("nodes[b].capacity", "nodes has no item named 'b'; names: a, Toktogul HPP"),
    ("nodes[a].volume", "nodes[a] has no key 'volume'; keys: name, capacity"),
    ("nodes[1].rule_curve.values[12]", "has 12 items; position 12 is outside it"),
    ("nodes[1].rule_curve", "holds a mapping of type 'monthly', not a number; address a number inside it"),
    ("parameters.release.value.x", "is a value (3), not a mapping or list"),
])
def test_wrong_paths_say_what_is_wrong(path: str, message: str) -> None:
    with pytest.raises(PathError, match=re.escape(message)):
        get_value(doc(), parse_path(path))


@pytest.mark.parametrize("text", ["", "nodes..x", "nodes.", "nodes[]", "a[0]b"])
def test_malformed_paths_are_refused(text: str) -> None:
    with pytest.raises(PathError):
        parse_path(text)
