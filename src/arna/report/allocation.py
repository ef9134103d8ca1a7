"""Report sections on fair sharing among demands and on the energy side (value by season, the swap)."""

from __future__ import annotations

import pandas as pd

from arna.engine.results import Results
from arna.errors import InputError
from arna.indicators.energy import energy_value_by_season, swap_for, swap_summary
from arna.indicators.fairness import UNKNOWN, coverage_by_group, head_tail, shortage_spread
from arna.report.html import _safe, _section, _table
from arna.report.i18n import t
from arna.report.names import Names
from arna.schema.document import ModelDocument


def allocation_sections(res: Results, doc: ModelDocument, names: Names, source: str = "<model>") -> str:
    """Fair sharing (coverage by country and region, spread, head vs tail), hydropower value, the swap."""
    lang = names.lang
    parts = []
    if any(n.type == "demand" for n in doc.nodes):
        parts.append(_section(t("fairness", lang), _safe(lambda: _fairness(res, doc, names)), t("fairness_note", lang)))
    if any(a == "energy" for _, a, _ in res.series):
        parts.append(_section(t("energy_value", lang), _safe(lambda: _table(energy_value_by_season(res), lang,
                                                                              names=names)),
                              t("energy_value_note", lang)))
    swap = _safe_swap(res, doc, source)
    if swap is not None:
        summary = swap_summary(swap)
        summary["reference"] = [names.scenario(str(s)) for s in summary["reference"]]
        parts.append(_section(t("swap", lang), _table(summary, lang, names=names), t("swap_note", lang)))
    return "\n".join(parts)


def _safe_swap(res: Results, doc: ModelDocument, source: str) -> pd.DataFrame | None:
    try:
        return swap_for(res, doc, source)
    except InputError:
        return None


def _fairness(res: Results, doc: ModelDocument, names: Names) -> str:
    lang = names.lang
    out = []
    for by in ("country", "region"):
        table = coverage_by_group(res, doc, by).rename(columns={"group": by})
        if (table[by] != UNKNOWN).any():
            out.append(_section(t(f"coverage_{by}", lang), _table(table, lang, names=names), level=3))
    spread = shortage_spread(res, doc)
    spread["priority"] = [t("all_priorities", lang) if p == "all" else p for p in spread["priority"]]
    out.append(_section(t("spread", lang), _table(spread, lang, names=names), level=3))
    out.append(_section(t("head_tail", lang), _table(head_tail(res, doc), lang, names=names), level=3))
    return "\n".join(out)
