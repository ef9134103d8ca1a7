"""Headline tables of a run: demands, hydropower, outlets, environmental flows, per scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arna.engine.periods import aggregate, finer_than_month, nests_in
from arna.engine.results import Results
from arna.schema.units import SECONDS_PER_DAY


def annual_volume(res: Results, node: str, attribute: str) -> np.ndarray:
    """Mean yearly volume (km³/yr) of a flow series in m³/s, per scenario ``(S,)``."""
    rate = res.get(node, attribute)  # m³/s
    km3 = rate * res.days[:, None] * SECONDS_PER_DAY / 1e9
    years = float(res.days.sum()) / 365.25
    return km3.sum(axis=0) / years


def _nodes_with(res: Results, attribute: str) -> list[str]:
    return [n for n, a, _ in res.series if a == attribute]


def demand_summary(res: Results) -> pd.DataFrame:
    """Per scenario and demand: demand, delivered, deficit (km³/yr), coverage and time reliability."""
    rows = []
    for node in _nodes_with(res, "demand"):
        need = annual_volume(res, node, "demand")
        got = annual_volume(res, node, "delivered")
        deficit = res.get(node, "deficit")
        demand_rate = res.get(node, "demand")
        active = demand_rate > 1e-9
        met = (deficit <= 1e-6 * np.maximum(demand_rate, 1.0)) & active
        for k, scen in enumerate(res.scenarios):
            n_active = int(active[:, k].sum())
            rows.append({
                "scenario": scen, "demand": node,
                "demand_km3_per_year": need[k], "delivered_km3_per_year": got[k],
                "deficit_km3_per_year": need[k] - got[k],
                "coverage": got[k] / need[k] if need[k] > 0 else 1.0,
                "reliability": met[:, k].sum() / n_active if n_active else 1.0,
            })
    return pd.DataFrame(rows)


def energy_summary(res: Results) -> pd.DataFrame:
    """Per scenario and plant: mean annual energy (GWh/yr)."""
    years = float(res.days.sum()) / 365.25
    rows = [
        {"scenario": scen, "plant": node, "energy_gwh_per_year": res.get(node, "energy")[:, k].sum() / years}
        for node in _nodes_with(res, "energy") for k, scen in enumerate(res.scenarios)
    ]
    return pd.DataFrame(rows)


def outlet_summary(res: Results) -> pd.DataFrame:
    """Per scenario, for terminals and environmental flows: inflow (km³/yr) and target compliance.

    ``months_target_met`` is the share of months whose mean flow meets their mean target; a
    daily or dekad run is aggregated to months for it first (steps that straddle months, e.g. weeks,
    are counted one by one).
    """
    monthly = aggregate(res, "month") if finer_than_month(res) and nests_in(res, "month") else res
    rows = []
    for node in _nodes_with(res, "flow"):
        target_attr = next((a for a in ("target_inflow", "requirement", "agreement") if res.has(node, a)), None)
        if target_attr is None:
            continue
        flow = annual_volume(res, node, "flow")
        target = monthly.get(node, target_attr)
        actual = monthly.get(node, "flow")
        active = target > 1e-9
        for k, scen in enumerate(res.scenarios):
            n = int(active[:, k].sum())
            ok = ((actual[:, k] >= target[:, k] * (1 - 1e-6)) & active[:, k]).sum()
            rows.append({"scenario": scen, "node": node, "inflow_km3_per_year": flow[k],
                         "target_km3_per_year": annual_volume(res, node, target_attr)[k],
                         "months_target_met": ok / n if n else 1.0})
    return pd.DataFrame(rows)


def summary_tables(res: Results) -> dict[str, pd.DataFrame]:
    """All headline tables of a run, by name."""
    return {
        "demands": demand_summary(res),
        "hydropower": energy_summary(res),
        "targets": outlet_summary(res),
    }
