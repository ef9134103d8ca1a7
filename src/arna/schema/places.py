"""Countries and regions a model names, and the check of their translations (``place_labels``).

Nodes name places in plain text: a demand's ``country`` and ``region``, an inflow's ``country``, a
border's ``upstream_country`` and ``downstream_country``; quotas name the ``country`` or ``region``
they cap. ``place_labels`` translates each name once for the whole document, as ``labels`` translate
node names::

    place_labels:
      Fergana valley: {ru: Ферганская долина, kk: Ферғана аңғары}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from arna.schema.allocation import Allocation
from arna.schema.base import NodeBase, field_of

PLACE_FIELDS = ("country", "region", "upstream_country", "downstream_country")
"""The node and quota fields that name a country or a region."""


def places_named(nodes: Sequence[NodeBase], allocation: Allocation) -> list[str]:
    """Every country and region the nodes and the quotas name, each once, in order of appearance."""
    found: dict[str, None] = {}
    for owner in (*nodes, *allocation.quotas):
        for name in _places_of(owner):
            found.setdefault(name)
    return list(found)


def _places_of(owner: object) -> Iterable[str]:
    for field in PLACE_FIELDS:
        value = field_of(owner, field)
        if isinstance(value, str) and value:
            yield value


def check_place_labels(labels: Mapping[str, object], nodes: Sequence[NodeBase],
                       allocation: Allocation) -> list[tuple[str, str]]:
    """Problems as (json path, message): translations of a place no node or quota names (a misspelling)."""
    if not labels:
        return []  # nothing to check (and the names are taken only for a message)
    named = places_named(nodes, allocation)
    out: list[tuple[str, str]] = []
    for place in labels:
        if place not in named:
            shown = ", ".join(named[:12]) + (" …" if len(named) > 12 else "") if named else "none"
            out.append((f"place_labels.{place}",
                        f"no node or quota names the country or region '{place}' (named: {shown}); spell it as "
                        "the nodes' `country`/`region` do, or remove it"))
    return out
