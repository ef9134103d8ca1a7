"""Display names in a report's language of what a model document names: its nodes, scenarios, agreements
and their periods (the document's ``labels``, else the names as written)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from arna.errors import InputError
from arna.indicators.transboundary import Agreement, agreements
from arna.report.i18n import check_lang, t
from arna.schema.document import ModelDocument, label_in


@dataclass(frozen=True)
class Names:
    """Display names in the report's language of what the document names: nodes, scenarios, agreements and
    their periods (the document's ``labels``, else the names as written)."""

    lang: str
    nodes: Mapping[str, str] = field(default_factory=dict)
    scenarios: Mapping[str, str] = field(default_factory=dict)
    agreements: Mapping[str, str] = field(default_factory=dict)
    periods: Mapping[str, str] = field(default_factory=dict)

    def scenario(self, name: str) -> str:
        return self.scenarios.get(name, name)


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
    return Names(lang, node_names(doc, lang), scenario_names(doc, lang), deals, periods)
