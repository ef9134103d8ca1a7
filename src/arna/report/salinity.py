"""The report's salinity section: concentration along the river by month, yield losses, drinking water."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from arna.engine.results import Results
from arna.hydrology.salinity import crop_key
from arna.indicators.salinity import concentration_profile, crop_yield_losses, drinking_compliance, river_path
from arna.report.i18n import MONTHS, TEXT, t
from arna.report.names import Names
from arna.schema.document import ModelDocument


def salinity_section(doc: ModelDocument, res: Results, names: Names, source: str | Path | None,
                     table: Callable[[pd.DataFrame, str, tuple[str, ...], Names], str]) -> str:
    """The section's HTML (``table`` renders a frame as the report's other tables do)."""
    lang = names.lang
    assert doc.quality is not None
    c = doc.quality.salinity.constituent
    months = list(MONTHS[lang])
    path = [n for n in river_path(doc) if doc.nodes[doc.node_index()[n]].type != "hydropower"]
    parts = [f'<p class="small">{html.escape(t("salinity_note", lang))}</p>']
    for scen in res.scenarios:
        prof = concentration_profile(res, path, c, scen)
        frame = pd.DataFrame({"node": list(prof.columns),
                              **{months[m - 1]: prof.loc[m].to_numpy() for m in prof.index}})
        parts.append(_h3(f'{t("salinity_profile", lang)} — {names.scenario(scen)}', lang))
        parts.append(table(frame, lang, (), names))
    parts.append(f'<p class="small">{html.escape(t("salinity_profile_note", lang))}</p>')
    losses = crop_yield_losses(res, doc, source or "<model>")
    if not losses.empty:
        losses = losses.assign(crop=[_crop(x, lang) for x in losses["crop"]])
        parts.append(_h3(t("salinity_yield", lang), lang))
        parts.append(table(losses, lang, ("relative_yield",), names))
        parts.append(f'<p class="small">{html.escape(t("salinity_yield_note", lang))}</p>')
    comp = drinking_compliance(res, doc)
    if not comp.empty:
        wide = comp.assign(month=[months[m - 1] for m in comp["month"]], compliance=comp["compliance"] * 100.0)
        wide = wide.pivot_table(index=["scenario", "demand"], columns="month", values="compliance", sort=False)
        wide = wide.reindex(columns=[m for m in months if m in wide.columns]).reset_index()
        parts.append(_h3(t("salinity_drinking", lang), lang))
        parts.append(table(wide, lang, (), names))
        parts.append(f'<p class="small">{html.escape(t("salinity_drinking_note", lang))}</p>')
    return "".join(parts)


def _crop(name: str, lang: str) -> str:
    key = crop_key(name)
    return t(f"crop_{key}", lang) if key is not None and f"crop_{key}" in TEXT else name


def _h3(title: str, lang: str) -> str:
    del lang
    return f"<h3>{html.escape(title)}</h3>"
