"""The modelled EPR money beside the operator's published books (Zhasyl Damu, E6).

The operator published January-November 2025 figures; the model is yearly, so the modelled
2025 values are scaled by 11/12 (even months assumed). Tolerance: :data:`TOLERANCE` (relative).
"""

from __future__ import annotations

import pandas as pd

from arna.circular.api import WasteRun
from arna.circular.dataset import NATIONAL

TOLERANCE = 0.15
"""Relative tolerance of the 2025 EPR revenue against the operator's total (issue 17)."""

PERIOD_SHARE = 11.0 / 12.0
"""Share of the year covered by the operator's published figures (January-November)."""


def epr_comparison(run: WasteRun, year: int = 2025) -> pd.DataFrame:
    """Published operator figures beside the model (``indicator, published, modelled,
    difference, tolerance, status, source, note``); ``difference`` is relative."""
    obs = run.built.dataset.observed
    sel = obs[obs["indicator"].str.startswith("epr_") & (obs["year"] == year)
              & (obs["region"] == NATIONAL)]
    rows = []
    for rec in sel.to_dict("records"):
        ind = str(rec["indicator"])
        modelled = float(run.series(ind).loc[year]) * PERIOD_SHARE
        published = float(rec["value"])
        diff = (modelled - published) / published
        rows.append({"indicator": ind, "published": published, "modelled": modelled,
                     "difference": diff, "tolerance": TOLERANCE,
                     "status": "ok" if abs(diff) <= TOLERANCE else "conflict",
                     "source": str(rec["source"]), "note": str(rec["note"] or "")})
    return pd.DataFrame(rows)
