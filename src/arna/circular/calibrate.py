"""Deriving the baseline's sorting capacity from the observed processing share.

The only lever calibrated on the processing-share series is the mixed-waste
sorting capacity, at the anchor years in :data:`ANCHOR_YEARS`; the years in
between are interpolated, so 2017, 2019, 2021 and 2023 are genuine checks.

For an anchor year the national treated tonnage is ``share x modelled collected``.
It is split between regions using, in order:

1. the region's own reported share (MEPR, or the akimat's own figure) times its modelled
   collected tonnage (a report of the anchor year itself wins over the source year's);
2. observed regional tonnages (BNS sorted, which include separate collection) for
   regions without a reported share that year; where both exist the reported share
   wins and the tonnage is shown as a conflict (:mod:`arna.circular.regional`);
3. the remainder by modelled collected tonnage times an index: the region's latest
   reported share over the national share of that year, clipped to
   :data:`INDEX_CLIP` and fading towards 1 with the years since the report
   (``1 + (i - 1) exp(-dt / INDEX_FADE_YEARS)``); regions never reported get 1.

The mixed-waste capacity of a region is its treated tonnage minus what separate
collection already brings to sorting and composting (never below zero).
Run ``python -m arna.circular.calibrate`` to print the anchors for ``baseline.yaml``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from arna.circular.build import build
from arna.circular.dataset import NATIONAL, Dataset, load_dataset
from arna.circular.model import run_flows
from arna.circular.scenario import load_scenario

FloatArray = npt.NDArray[np.float64]

ANCHOR_YEARS: tuple[int, ...] = (2016, 2018, 2022, 2024, 2025)
"""Years at which the baseline sorting capacity is calibrated."""

REGIONAL_SOURCE_YEAR: dict[int, int] = {2025: 2024}
"""Anchor years without regional observations use another year's regional data."""

INDEX_CLIP: tuple[float, float] = (0.25, 3.0)
"""Bounds of the relative index of a region's last reported share (estimate)."""

INDEX_FADE_YEARS = 4.0
"""e-folding time (years) over which an old regional report loses its weight (estimate)."""


def _observed(ds: Dataset, indicator: str, year: int) -> dict[str, float]:
    obs = ds.observed
    sel = obs[(obs["indicator"] == indicator) & (obs["year"] == year)
              & (obs["region"] != NATIONAL)]
    return {str(r): float(v) for r, v in zip(sel["region"], sel["value"], strict=True)}


def _national_share(ds: Dataset, year: int) -> float:
    obs = ds.observed
    sel = obs[(obs["indicator"] == "kz_processing_share") & (obs["year"] == year)
              & (obs["region"] == NATIONAL)]
    return float(sel["value"].iloc[0])


def regional_treated(
    ds: Dataset, year: int, collected: FloatArray
) -> FloatArray:
    """Treated tonnage by region for one anchor year (rules 1-3 of the module docstring).

    Parameters
    ----------
    collected:
        ``(R,)`` modelled collected tonnage in ``year``.
    """
    codes = ds.region_codes
    total = _national_share(ds, year) * float(collected.sum())
    src_year = REGIONAL_SOURCE_YEAR.get(year, year)
    scale = total / (_national_share(ds, src_year) * float(collected.sum()))
    shares = _observed(ds, "kz_processing_share", src_year)
    shares.update(_observed(ds, "kz_processing_share", year))
    fixed: dict[str, float] = {r: s * float(collected[codes.index(r)])
                               for r, s in shares.items()}
    for r, v in _observed(ds, "sorted_t", src_year).items():
        fixed.setdefault(r, v * scale)
    rest = [i for i, r in enumerate(codes) if r not in fixed]
    remaining = max(0.0, total - sum(fixed.values()))
    out = np.zeros(len(codes))
    for r, v in fixed.items():
        out[codes.index(r)] = v
    weight = collected[rest] * report_index(ds, [codes[i] for i in rest], year)
    out[rest] = remaining * weight / weight.sum()
    return out


def report_index(ds: Dataset, regions: list[str], year: int) -> FloatArray:
    """Relative index of each region's latest reported share (at or before ``year``)."""
    obs = ds.observed
    shares = obs[(obs["indicator"] == "kz_processing_share") & (obs["year"] <= year)]
    out = np.ones(len(regions))
    for i, r in enumerate(regions):
        own = shares[shares["region"] == r]
        if own.empty:
            continue
        last = own.sort_values("year").iloc[-1]
        nat = shares[(shares["region"] == NATIONAL) & (shares["year"] == last["year"])]
        if nat.empty:
            continue
        idx = float(np.clip(float(last["value"]) / float(nat["value"].iloc[0]), *INDEX_CLIP))
        out[i] = 1.0 + (idx - 1.0) * float(np.exp(-(year - int(last["year"])) / INDEX_FADE_YEARS))
    return out


def derive_sorting_capacity(ds: Dataset | None = None) -> pd.DataFrame:
    """Sorting-capacity anchors ``region, year, value`` for the baseline."""
    ds = ds or load_dataset()
    built = build(ds, load_scenario("baseline", ds))
    zero = np.zeros_like(built.inputs.sorting_capacity)
    inputs = built.inputs.__class__(**{**built.inputs.__dict__, "sorting_capacity": zero})
    flows = run_flows(inputs)
    years = list(ds.years)
    rows = []
    for year in ANCHOR_YEARS:
        t = years.index(year)
        collected = flows.collected[:, t, :].sum(axis=-1)
        separate = (flows.separate_dry + flows.separate_bio)[:, t, :].sum(axis=-1)
        cap = np.maximum(0.0, regional_treated(ds, year, collected) - separate)
        rows += [{"region": r, "year": year, "value": round(float(c), -2)}
                 for r, c in zip(ds.region_codes, cap, strict=True)]
    return pd.DataFrame(rows)


def to_yaml(df: pd.DataFrame) -> str:
    """Format anchors as YAML lines for ``levers.sorting_capacity_t``."""
    lines = []
    for r in df.itertuples():
        lines.append(f"    - {{year: {r.year}, region: {r.region}, value: {r.value:.0f}, "
                     "source: CAL;observed.csv, estimate: true}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(to_yaml(derive_sorting_capacity()))
