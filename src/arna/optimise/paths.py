"""Decision paths: a place in a model document, written by node and parameter *name*, not position.

Syntax: keys joined by dots, and list items in brackets, by position (``[3]``) or by the ``name``
of the item (``[Toktogul]``, quotes optional: ``["Toktogul HPP"]``). A path by name survives a
reordering of the document's nodes.

>>> doc = {"nodes": [{"name": "dam", "rule_curve": {"type": "monthly", "values": [1, 2]}}]}
>>> set_value(doc, parse_path("nodes[dam].rule_curve.values[1]"), 5.0)
>>> doc["nodes"][0]["rule_curve"]["values"]
[1, 5.0]
"""

from __future__ import annotations

import math
import re
from typing import Any

from arna.schema.params import parse_quantity_string

__all__ = ["Name", "PathError", "Step", "format_path", "get_value", "parse_path", "set_value"]

class Name(str):
    """A list item selected by its ``name`` (written in brackets)."""

    __slots__ = ()


Step = str | int
"""A key of a mapping, the :class:`Name` of a list item, or a position in a list."""

_TOKEN = re.compile(r"\[([^\]]*)\]|([^.\[\]]+)|(\.)")


class PathError(ValueError):
    """A path that does not parse or does not lead to a number; the message says which part."""


def parse_path(text: str) -> list[Step]:
    """Split a path into steps: keys as text, bracketed positions as integers, bracketed names as text.

    >>> parse_path('nodes["Toktogul HPP"].capacity')
    ['nodes', 'Toktogul HPP', 'capacity']
    >>> parse_path("parameters.release.values[0]")
    ['parameters', 'release', 'values', 0]
    """
    steps: list[Step] = []
    pos, expect_key = 0, True
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise PathError(f"cannot read '{text}' at character {pos + 1}; write keys with dots and list items "
                            "in brackets, e.g. nodes[Toktogul].rule_curve.values[3]")
        bracket, key, dot = m.groups()
        if dot is not None:
            if expect_key:
                raise PathError(f"'{text}' has an empty key at character {pos + 1}")
            expect_key = True
        elif key is not None:
            if not expect_key:
                raise PathError(f"'{text}': put a dot before '{key}'")
            steps.append(key.strip())
            expect_key = False
        else:
            steps.append(_bracket(bracket, text))
            expect_key = False
        pos = m.end()
    if not steps or expect_key:
        raise PathError(f"'{text}' is empty or ends with a dot; name the value to change")
    return steps


def _bracket(inner: str, text: str) -> Step:
    inner = inner.strip()
    if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "\"'":
        return Name(inner[1:-1])
    if re.fullmatch(r"-?\d+", inner):
        return int(inner)
    if not inner:
        raise PathError(f"'{text}' has empty brackets; give a position or a name")
    return Name(inner)


def format_path(steps: list[Step]) -> str:
    """The text of ``steps`` (names in brackets where they select a list item)."""
    out = ""
    for s in steps:
        out += f"[{s}]" if isinstance(s, int | Name) else (f".{s}" if out else s)
    return out


def _child(node: Any, step: Step, done: list[Step]) -> Any:
    where = format_path(done) or "the document"
    if isinstance(node, list):
        if isinstance(step, int):
            if not -len(node) <= step < len(node):
                raise PathError(f"{where} has {len(node)} items; position {step} is outside it")
            return node[step]
        for item in node:
            if isinstance(item, dict) and item.get("name") == step:
                return item
        names = [str(i.get("name")) for i in node if isinstance(i, dict) and "name" in i]
        shown = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
        raise PathError(f"{where} has no item named '{step}'" + (f"; names: {shown}" if names else ""))
    if isinstance(node, dict):
        if step not in node:
            keys = ", ".join(str(k) for k in list(node)[:15])
            raise PathError(f"{where} has no key '{step}'; keys: {keys}")
        return node[step]
    raise PathError(f"{where} is a value ({node!r}), not a mapping or list; the path goes too deep")


def _parent(doc: dict[str, Any], steps: list[Step]) -> Any:
    node: Any = doc
    for i, step in enumerate(steps[:-1]):
        node = _child(node, step, steps[:i])
    return node


def get_value(doc: dict[str, Any], steps: list[Step]) -> float | bool:
    """The number (or true/false) at ``steps``; a quantity string such as ``"500 hm3"`` gives 500."""
    value = _child(_parent(doc, steps), steps[-1], steps[:-1])
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_quantity_string(value)[0]
        except ValueError:
            pass
    hint = "; address a number inside it, e.g. …values[0]" if isinstance(value, dict | list) else ""
    raise PathError(f"{format_path(steps)} holds {_describe(value)}, not a number{hint}")


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping" + (f" of type '{value['type']}'" if "type" in value else "")
    return "a list" if isinstance(value, list) else repr(value)


def set_value(doc: dict[str, Any], steps: list[Step], value: float | int | bool) -> None:
    """Write ``value`` at ``steps`` (which must exist); a quantity string keeps its unit."""
    parent = _parent(doc, steps)
    old = _child(parent, steps[-1], steps[:-1])
    new: Any = value
    if isinstance(old, str) and not isinstance(value, bool):
        unit = parse_quantity_string(old)[1]
        new = f"{value!r} {unit}".strip()  # repr: the shortest text that reads back as the same number
    if isinstance(parent, list):
        index = steps[-1] if isinstance(steps[-1], int) else next(
            i for i, item in enumerate(parent) if isinstance(item, dict) and item.get("name") == steps[-1])
        parent[index] = new
    else:
        parent[steps[-1]] = new
