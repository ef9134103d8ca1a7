"""Targets: environmental-flow compliance, terminal-lake inflow against its target, hydropower by season.

* **Environmental flow compliance**, per environmental_flow node: over the timesteps with a
  positive requirement, the share in which the flow met the requirement (within 1e-6 relative),
  the required and passed volumes (hm³; the passed volume counts the flow up to the requirement),
  the total shortfall Σ max(requirement − flow, 0) × Δt (hm³), and the worst timestep (largest
  shortfall, m³/s).
* **Terminal inflow vs target**, per terminal node with ``target_inflow``: mean annual inflow and
  target (km³/yr), their ratio, and per calendar year whether the year's inflow volume reached the
  year's target volume (years met / years; only whole years of the run count).
* **Hydropower energy by season**, per hydropower plant: mean energy per year (GWh/yr) in
  **winter = October–March** and **summer = April–September** (a timestep belongs to the season
  of the month it starts in), their total and the winter share.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.indicators._common import days, nodes_with, rate_m3s, require, season_of, volume_hm3, years

TOLERANCE = 1e-6

EFLOW_COLUMNS = ["scenario", "node", "required_hm3", "passed_hm3", "shortfall_hm3", "steps_active",
                 "steps_met", "compliance", "worst_time", "worst_shortfall_m3s"]
TERMINAL_COLUMNS = ["scenario", "node", "inflow_km3_per_year", "target_km3_per_year", "ratio", "years",
                    "years_met", "shortfall_km3"]
ENERGY_COLUMNS = ["scenario", "plant", "winter_gwh_per_year", "summer_gwh_per_year", "total_gwh_per_year",
                  "winter_share"]


def environmental_flow_compliance(res: Results) -> pd.DataFrame:
    """Compliance of every environmental_flow node (a node with ``flow`` and ``requirement``)."""
    rows = []
    hm3 = days(res) * 86_400.0 / 1e6
    for node in nodes_with(res, "requirement"):
        req, flow = rate_m3s(res, node, "requirement"), rate_m3s(res, node, "flow")
        for k, scen in enumerate(res.scenarios):
            rows.append({"scenario": scen, "node": node,
                         **_compliance(req[:, k], flow[:, k], hm3, res.timesteps)})
    return pd.DataFrame(rows, columns=EFLOW_COLUMNS)


def _compliance(req: np.ndarray, flow: np.ndarray, hm3: np.ndarray, times: pd.DatetimeIndex) -> dict[str, object]:
    short = np.maximum(req - flow, 0.0)
    active = req > 1e-12
    met = active & (short <= TOLERANCE * np.maximum(req, 1.0))
    n = int(active.sum())
    worst = int(np.argmax(short)) if short.size else 0
    has_short = bool(short.size) and short[worst] > TOLERANCE * max(float(req[worst]), 1.0)
    return {
        "required_hm3": float((req * hm3).sum()),
        "passed_hm3": float((np.minimum(flow, req) * hm3).sum()),
        "shortfall_hm3": float((short * hm3).sum()),
        "steps_active": n,
        "steps_met": int(met.sum()),
        "compliance": int(met.sum()) / n if n else 1.0,
        "worst_time": times[worst] if has_short else pd.NaT,
        "worst_shortfall_m3s": float(short[worst]) if has_short else 0.0,
    }


def terminal_inflow(res: Results) -> pd.DataFrame:
    """Inflow of every node with a ``target_inflow`` against the target, mean and year by year."""
    rows = []
    full = _whole_years(res.timesteps, days(res))
    year_of = np.asarray(res.timesteps.year)
    n_years = years(res)
    for node in nodes_with(res, "target_inflow"):
        flow, target = volume_hm3(res, node, "flow"), volume_hm3(res, node, "target_inflow")
        for k, scen in enumerate(res.scenarios):
            met = [float(flow[year_of == y, k].sum()) >= float(target[year_of == y, k].sum()) * (1 - TOLERANCE)
                   for y in full]
            mean_in, mean_target = flow[:, k].sum() / 1e3 / n_years, target[:, k].sum() / 1e3 / n_years
            rows.append({
                "scenario": scen, "node": node,
                "inflow_km3_per_year": mean_in, "target_km3_per_year": mean_target,
                "ratio": mean_in / mean_target if mean_target > 0 else float("nan"),
                "years": len(full), "years_met": int(sum(met)),
                "shortfall_km3": float(sum(max(float(target[year_of == y, k].sum() - flow[year_of == y, k].sum()),
                                               0.0) for y in full)) / 1e3,
            })
    return pd.DataFrame(rows, columns=TERMINAL_COLUMNS)


def _whole_years(times: pd.DatetimeIndex, step_days: np.ndarray) -> list[int]:
    """Calendar years whose every day is in the run (whatever the timestep: day, dekad, month)."""
    year = np.asarray(times.year)
    return [int(y) for y in np.unique(year)
            if step_days[year == y].sum() >= (366 if calendar.isleap(int(y)) else 365) - 1e-9]


def energy_by_season(res: Results) -> pd.DataFrame:
    """Mean annual hydropower energy (GWh/yr) of every plant in winter (Oct–Mar) and summer (Apr–Sep)."""
    rows = []
    season = season_of(res.timesteps)
    n_years = years(res)
    for plant in nodes_with(res, "energy"):
        energy = require(res, plant, "energy")  # GWh per timestep
        for k, scen in enumerate(res.scenarios):
            winter = float(energy[season == "winter", k].sum()) / n_years
            summer = float(energy[season == "summer", k].sum()) / n_years
            total = winter + summer
            rows.append({"scenario": scen, "plant": plant, "winter_gwh_per_year": winter,
                         "summer_gwh_per_year": summer, "total_gwh_per_year": total,
                         "winter_share": winter / total if total > 0 else float("nan")})
    return pd.DataFrame(rows, columns=ENERGY_COLUMNS)
