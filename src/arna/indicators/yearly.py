"""Year by year: what a run total hides. Deficits at all demands, inflow to each terminal lake and
hydropower energy of all plants for each calendar year, one column per scenario.

A year is ``complete`` when the run's timesteps cover all its days (365 or 366); a year the run covers
in part shows the part it covers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.indicators._common import days, nodes_with, require, volume_hm3


def _years(res: Results) -> tuple[np.ndarray, list[int], list[bool]]:
    year = np.asarray(res.timesteps.year)
    d = days(res)
    listed = [int(y) for y in np.unique(year)]
    whole = [bool(abs(float(d[year == y].sum()) - (366 if pd.Timestamp(y, 12, 31).is_leap_year else 365)) < 0.5)
             for y in listed]
    return year, listed, whole


def _table(res: Results, values: np.ndarray, scale: float) -> pd.DataFrame:
    """``values`` (T, S) summed per calendar year and scaled: columns year, complete, then one per scenario."""
    year, listed, whole = _years(res)
    rows = []
    for y, complete in zip(listed, whole, strict=True):
        sums = values[year == y].sum(axis=0) * scale
        per_scenario = {s: float(v) for s, v in zip(res.scenarios, sums, strict=True)}
        rows.append({"year": y, "complete": complete, **per_scenario})
    return pd.DataFrame(rows, columns=["year", "complete", *res.scenarios])


def deficit_by_year(res: Results) -> pd.DataFrame:
    """Deficit at all demands in each calendar year, hm³ (empty without demands)."""
    demands = nodes_with(res, "deficit")
    if not demands:
        return pd.DataFrame()
    return _table(res, np.sum([volume_hm3(res, n, "deficit") for n in demands], axis=0), 1.0)


def terminal_inflow_by_year(res: Results) -> pd.DataFrame:
    """Inflow of every node with a ``target_inflow`` (terminal lakes) in each calendar year, km³."""
    frames = []
    for node in nodes_with(res, "target_inflow"):
        frame = _table(res, volume_hm3(res, node, "flow"), 1e-3)
        frame.insert(0, "node", node)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def energy_by_year(res: Results) -> pd.DataFrame:
    """Hydropower energy of all plants in each calendar year, GWh (empty without plants)."""
    plants = nodes_with(res, "energy")
    if not plants:
        return pd.DataFrame()
    return _table(res, np.sum([require(res, n, "energy") for n in plants], axis=0), 1.0)


def yearly_tables(res: Results) -> dict[str, pd.DataFrame]:
    """The year-by-year tables by the report's text keys."""
    return {"year_deficit": deficit_by_year(res), "year_terminal": terminal_inflow_by_year(res),
            "year_energy": energy_by_year(res)}
