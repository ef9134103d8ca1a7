"""Display names in a report's language of what a model document names: its nodes, scenarios, agreements
and their periods, countries and regions (the document's ``labels`` and ``place_labels``, else the names
as written; a country the catalogue knows is translated by it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from arna.errors import InputError
from arna.indicators.transboundary import Agreement, agreements
from arna.report.i18n import TEXT, check_lang, t
from arna.schema.document import ModelDocument, label_in
from arna.schema.places import places_named

UNKNOWN_PLACE = "unknown"
"""How the indicators name the country or region of a node that gives none."""


@dataclass(frozen=True)
class Names:
    """Display names in the report's language of what the document names: nodes, scenarios, agreements and
    their periods, countries and regions (the document's ``labels``, else the names as written)."""

    lang: str
    nodes: Mapping[str, str] = field(default_factory=dict)
    scenarios: Mapping[str, str] = field(default_factory=dict)
    agreements: Mapping[str, str] = field(default_factory=dict)
    periods: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[str, str] = field(default_factory=dict)

    def scenario(self, name: str) -> str:
        return self.scenarios.get(name, name)

    def place(self, name: str) -> str:
        """A country or region: its ``place_labels`` text, else the catalogue's name of the country, else as written."""
        return self.places.get(name) or catalogue_place(name, self.lang)


def catalogue_place(name: str, lang: str) -> str:
    """``name`` in ``lang`` if the catalogue knows it (a country of the region's basins, or "unknown")."""
    if name == UNKNOWN_PLACE:
        return t("unknown", lang)
    key = f"country_{name}"
    return t(key, lang) if key in TEXT else name


def node_names(doc: ModelDocument | None, lang: str) -> dict[str, str]:
    """Each node's display name in ``lang``: its label in the document, else its name."""
    check_lang(lang)
    if doc is None:
        return {}
    return {n.name: label_in(n.labels, lang, n.name) for n in doc.nodes}


def scenario_names(doc: ModelDocument | None, lang: str) -> dict[str, str]:
    """Each scenario's display name in ``lang``."""
    check_lang(lang)
    return {} if doc is None else {s.name: label_in(s.labels, lang, s.name) for s in doc.scenarios}


def place_names(doc: ModelDocument | None, lang: str) -> dict[str, str]:
    """Each country and region the document names, in ``lang``: its ``place_labels`` text, else the
    catalogue's name of the country, else the name as written."""
    check_lang(lang)
    if doc is None:
        return {}
    named = places_named(doc.nodes, doc.allocation)
    return {p: label_in(doc.place_labels.get(p), lang, catalogue_place(p, lang)) for p in named}


def _agreements(doc: ModelDocument | None) -> list[Agreement]:
    if doc is None:
        return []
    try:
        return agreements(doc)
    except InputError:
        return []  # a malformed schedule: its section says why


def agreement_key(a: Agreement, i: int) -> str:
    """How the transboundary tables name the ``i``-th agreement (its name, else ``agreement i+1``)."""
    return a.name or f"agreement {i + 1}"


def names_in(doc: ModelDocument | None, lang: str) -> Names:
    """The display names of ``doc`` in ``lang`` (see :class:`Names`)."""
    listed = _agreements(doc)
    deals = {agreement_key(a, i): label_in(a.labels, lang, a.name or t("agreement_n", lang).format(n=i + 1))
             for i, a in enumerate(listed)}
    periods = {p.label(): p.label(lang) for a in listed for p in a.periods}
    return Names(lang, node_names(doc, lang), scenario_names(doc, lang), deals, periods, place_names(doc, lang))
