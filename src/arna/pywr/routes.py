"""Node-type helpers and the route check of a Pywr v1 network.

Pywr refuses a network in which an input or output node lies on no route from
an input to an output. This module reproduces that check on the document alone
(names and types of nodes, and the edges), without any node semantics beyond
"where can water enter, and where can it leave".
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from arna.errors import DocumentError

#: Node types where water enters the network.
SOURCE_TYPES = frozenset({"input", "catchment"})
#: Node types where water leaves the network.
SINK_TYPES = frozenset({"output"})
#: Node types that both hold water and can start or end a route.
STORAGE_TYPES = frozenset({"storage", "reservoir"})
#: Node types that are not part of the flow graph (groups of other nodes).
GROUP_TYPES = frozenset({"aggregatednode", "aggregatedstorage"})


def node_type(node: dict[str, Any]) -> str:
    """The lower-case type name of a Pywr node (Pywr type names ignore case).

    Parameters
    ----------
    node:
        A node object of the document.

    Returns
    -------
    str
        E.g. ``"link"`` for ``"Link"``; ``""`` when the node has no string type.
    """
    value = node.get("type")
    return value.strip().lower() if isinstance(value, str) else ""


def in_flow_graph(kind: str) -> bool:
    """Whether a node of this (lower-case) type carries flow along edges.

    Virtual storages (types ending in ``storage`` other than ``storage``
    itself) and aggregated nodes only constrain other nodes.
    """
    if kind in STORAGE_TYPES:
        return True
    return not (kind.endswith("storage") or kind in GROUP_TYPES)


def edge_ends(edge: Any) -> tuple[str, str] | None:
    """``(from, to)`` of an edge ``[from, to]`` or ``[from, to, from_slot, to_slot]``."""
    if isinstance(edge, list | tuple) and len(edge) in (2, 3, 4):
        a, b = edge[0], edge[1]
        if isinstance(a, str) and isinstance(b, str):
            return a, b
    return None


def _reach(start: set[str], adjacency: dict[str, set[str]], stop: set[str]) -> set[str]:
    """Nodes reachable from ``start``; the search does not continue past ``stop``."""
    seen = set(start)
    frontier = list(start)
    while frontier:
        node = frontier.pop()
        for nxt in adjacency.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                if nxt not in stop:
                    frontier.append(nxt)
    return seen


def route_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """``("edges", message)`` for every input, output or storage on no route.

    A route starts at an input, catchment or storage and ends at an output or
    storage. An input must reach an end; an output must be reached from a
    start; a storage must do at least one of the two.
    """
    kinds = {n["name"]: node_type(n) for n in data.get("nodes", [])
             if isinstance(n, dict) and isinstance(n.get("name"), str)}
    flow = {name for name, kind in kinds.items() if in_flow_graph(kind)}
    forward: dict[str, set[str]] = defaultdict(set)
    backward: dict[str, set[str]] = defaultdict(set)
    for edge in data.get("edges", []):
        ends = edge_ends(edge)
        if ends and ends[0] in flow and ends[1] in flow:
            forward[ends[0]].add(ends[1])
            backward[ends[1]].add(ends[0])
    storages = {n for n in flow if kinds[n] in STORAGE_TYPES}
    starts = {n for n in flow if kinds[n] in SOURCE_TYPES} | storages
    ends_ = {n for n in flow if kinds[n] in SINK_TYPES} | storages
    problems: list[tuple[str, str]] = []
    for name in sorted(flow):
        kind = kinds[name]
        down = _reach({name}, forward, ends_) - {name}
        up = _reach({name}, backward, starts) - {name}
        reaches_end = bool(down & ends_)
        reached = bool(up & starts)
        if kind in SOURCE_TYPES and not reaches_end:
            problems.append(("edges", f"node {name!r} ({kind}): no route from an input to an "
                             "output passes through it (it leads to no output or storage)"))
        elif kind in SINK_TYPES and not reached:
            problems.append(("edges", f"node {name!r} ({kind}): no route from an input to an "
                             "output passes through it (no input or storage leads to it)"))
        elif kind in STORAGE_TYPES and not (reaches_end or reached):
            problems.append(("edges", f"node {name!r} ({kind}): no route from an input to an "
                             "output passes through it (it is not connected)"))
    return problems


def check_route_data(path: Path, data: dict[str, Any]) -> None:
    """Raise :class:`DocumentError` if :func:`route_problems` finds any."""
    problems = route_problems(data)
    if problems:
        raise DocumentError(path, problems)
