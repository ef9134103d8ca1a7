"""Modelled regional figures beside the published ones, with the conflicts between sources.

Every published regional figure in ``observed.csv`` (MEPR processing shares, BNS sorted
tonnes) is set beside the model:

* ``role = anchor``: the figure was used by the calibration (:mod:`arna.circular.calibrate`);
  regional generated, collected and landfilled tonnages and coverage are never used (they check
  generation x coverage and the disposal routes);
* ``role = check``: not used; the difference is a genuine test;
* ``status = conflict``: the difference exceeds the tolerance, usually because another
  source for the same region and year was preferred (the note says which).

Tolerances: :data:`SHARE_TOLERANCE` for shares, :data:`TONNES_TOLERANCE` (relative) for tonnes.
"""

from __future__ import annotations

import pandas as pd

from arna.circular.api import WasteRun
from arna.circular.calibrate import ANCHOR_YEARS, REGIONAL_SOURCE_YEAR
from arna.circular.dataset import NATIONAL

SHARE_TOLERANCE = 0.03
"""Absolute tolerance of a regional processing share (3 pp, as the national series)."""

TONNES_TOLERANCE = 0.15
"""Relative tolerance of a regional tonnage (as BNS collected)."""

_MODEL_OF = {"kz_processing_share": "kz_processing_share", "sorted_t": "sorting_input_t",
             "collected_t": "collected_t", "landfilled_t": "landfilled_t",
             "generated_t": "generated_t", "tariff_kzt_person_month": "tariff_kzt_person_month",
             "coverage": "collection_coverage"}
_FRACTIONS = frozenset({"kz_processing_share", "coverage"})


def _anchor_years() -> set[int]:
    return set(ANCHOR_YEARS) | set(REGIONAL_SOURCE_YEAR.values())


def comparison(run: WasteRun) -> pd.DataFrame:
    """Published regional figures beside the modelled ones.

    Columns: ``region, year, indicator, published, modelled, difference, tolerance, role,
    status, source, note``; ``difference`` is in pp/100 for shares and relative for tonnes.
    """
    obs = run.built.dataset.observed
    sel = obs[obs["indicator"].isin(list(_MODEL_OF))
              & ((obs["region"] != NATIONAL) | (obs["indicator"] == "tariff_kzt_person_month"))]
    shares = obs[(obs["indicator"] == "kz_processing_share") & (obs["region"] != NATIONAL)]
    reported = {(str(r), int(y)): float(v)
                for r, y, v in zip(shares["region"], shares["year"], shares["value"], strict=True)}
    rows = []
    for rec in sel.to_dict("records"):
        region, year, ind = str(rec["region"]), int(rec["year"]), str(rec["indicator"])
        model = float(run.series(_MODEL_OF[ind], region).loc[year])
        published = float(rec["value"])
        is_share = ind in _FRACTIONS
        diff = model - published if is_share else (model - published) / published
        tol = SHARE_TOLERANCE if is_share else TONNES_TOLERANCE
        used = year in _anchor_years() and (ind == "kz_processing_share" or (
            ind == "sorted_t" and (region, year) not in reported))
        note = str(rec["note"] or "")
        near = [(y, v) for (r, y), v in reported.items() if r == region and abs(y - year) <= 1]
        if ind == "sorted_t" and near:
            y, v = max(near)
            note = (note + "; " if note else "") + (
                f"the calibration follows the region's reported share ({100 * v:.1f}% in {y}); "
                f"the tonnage implies {100 * implied_share(run, region, year, published):.0f}%")
        rows.append({
            "region": region, "year": year, "indicator": ind, "published": published,
            "modelled": model, "difference": diff, "tolerance": tol,
            "role": "anchor" if used else "check",
            "status": "ok" if abs(diff) <= tol else "conflict",
            "source": str(rec["source"]), "note": note,
        })
    return pd.DataFrame(rows).sort_values(["region", "year", "indicator"]).reset_index(drop=True)


def implied_share(run: WasteRun, region: str, year: int, tonnes: float) -> float:
    """The processing share a published sorted tonnage implies over modelled collected."""
    collected = float(run.series("collected_t", region).loc[year])
    return tonnes / collected if collected > 0 else float("nan")
