"""SDG 6.4.2 (level of water stress) and an SDG 6.4.1-style water-use efficiency.

**6.4.2 water stress** (FAO, 2018, *Progress on level of water stress*)::

    stress (%) = 100 × TFWW / (TRWR − EFR)

TFWW is the total freshwater withdrawn, TRWR the total renewable freshwater resources and EFR the
environmental flow requirement, all in the same unit (km³/yr here). From a run (``water_stress_run``):
TFWW = Σ over demand nodes of their ``withdrawal`` (water taken at the source, supply losses
included), TRWR = Σ over inflow nodes of their ``flow`` plus groundwater ``recharge``, EFR = Σ over
environmental_flow nodes of their ``requirement`` — all as mean annual volumes. Requirements of
several environmental-flow points on one river are added, which overstates EFR when they are in
series; give the totals yourself (``water_stress``) when that matters.

**6.4.1-style water-use efficiency** (FAO, 2018, *Progress on water-use efficiency*)::

    WUE (USD/m³) = Σ_s  WUE_s × P_s,   WUE_s = GVA_s / V_s,   P_s = V_s / Σ V

for the sectors ``s`` given a gross value added GVA_s (USD/yr) and withdrawing V_s (m³/yr).
The agricultural sector (``agriculture`` or ``irrigation``) counts only the irrigated share of its
value added: GVA_a × (1 − C_r), with C_r the share of agricultural value added that is rainfed.
It is "6.4.1-style": the official indicator is a change over time of the national figure in
constant USD; here it is the level for the sectors and withdrawals given.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from arna.engine.results import Results
from arna.errors import InputError
from arna.indicators._common import nodes_with, volume_hm3, years
from arna.schema.document import ModelDocument

AGRICULTURE = frozenset({"agriculture", "irrigation"})

STRESS_COLUMNS = ["scenario", "withdrawals_km3_per_year", "renewable_km3_per_year", "efr_km3_per_year",
                  "stress_percent"]
WUE_COLUMNS = ["scenario", "sector", "value_added_usd", "withdrawal_m3", "share", "efficiency_usd_per_m3",
               "contribution_usd_per_m3"]


def water_stress(withdrawals: float, renewable: float, environmental_flow: float = 0.0) -> float:
    """SDG 6.4.2 level of water stress, in percent (any one volume unit for all three).

    >>> water_stress(25.0, 108.0, 8.0)
    25.0
    """
    available = renewable - environmental_flow
    if available <= 0:
        raise InputError(f"water stress: renewable resources ({renewable:g}) do not exceed the environmental "
                         f"flow requirement ({environmental_flow:g}); the indicator is undefined")
    return 100.0 * withdrawals / available


def _annual_km3(res: Results, nodes: list[str], attribute: str) -> list[float]:
    n_years = years(res)
    total = [0.0] * len(res.scenarios)
    for node in nodes:
        v = volume_hm3(res, node, attribute).sum(axis=0) / 1e3 / n_years
        total = [a + float(b) for a, b in zip(total, v, strict=True)]
    return total


def water_stress_run(doc: ModelDocument, res: Results) -> pd.DataFrame:
    """SDG 6.4.2 per scenario from a run (see the module docstring for what is summed)."""
    inflows = [n.name for n in doc.nodes if n.type == "inflow"]
    aquifers = nodes_with(res, "recharge")
    w = _annual_km3(res, nodes_with(res, "withdrawal"), "withdrawal")
    r = [a + b for a, b in zip(_annual_km3(res, inflows, "flow"), _annual_km3(res, aquifers, "recharge"),
                               strict=True)]
    e = _annual_km3(res, nodes_with(res, "requirement"), "requirement")
    rows = [{"scenario": s, "withdrawals_km3_per_year": w[k], "renewable_km3_per_year": r[k],
             "efr_km3_per_year": e[k], "stress_percent": water_stress(w[k], r[k], e[k])}
            for k, s in enumerate(res.scenarios)]
    return pd.DataFrame(rows, columns=STRESS_COLUMNS)


def water_use_efficiency(value_added: Mapping[str, float], withdrawals: Mapping[str, float],
                         rainfed_share: float = 0.0, scenario: str = "") -> pd.DataFrame:
    """Water-use efficiency by sector and in total (the row ``sector == "total"``).

    Parameters
    ----------
    value_added:
        Gross value added per sector, USD per year.
    withdrawals:
        Water withdrawn per sector, m³ per year; every sector of ``value_added`` must be here.
    rainfed_share:
        C_r, the share of agricultural value added produced by rainfed farming (0–1).

    >>> t = water_use_efficiency({"irrigation": 100.0, "industrial": 300.0}, {"irrigation": 200.0, "industrial": 100.0})
    >>> float(t.loc[t.sector == "total", "efficiency_usd_per_m3"].iloc[0])
    1.3333333333333333
    """
    if not 0.0 <= rainfed_share <= 1.0:
        raise InputError(f"water-use efficiency: rainfed_share must lie between 0 and 1 (got {rainfed_share:g})")
    missing = [s for s in value_added if withdrawals.get(s, 0.0) <= 0]
    if missing:
        raise InputError(f"water-use efficiency: no withdrawal for sector(s) {', '.join(missing)}; "
                         "give each sector with a value added its withdrawal (m³/yr)")
    total_v = sum(withdrawals[s] for s in value_added)
    rows: list[dict[str, object]] = []
    total, total_gva = 0.0, 0.0
    for s, gva in value_added.items():
        adjusted = gva * (1.0 - rainfed_share) if s in AGRICULTURE else gva
        eff = adjusted / withdrawals[s]
        share = withdrawals[s] / total_v
        rows.append({"scenario": scenario, "sector": s, "value_added_usd": adjusted, "withdrawal_m3": withdrawals[s],
                     "share": share, "efficiency_usd_per_m3": eff, "contribution_usd_per_m3": eff * share})
        total += eff * share
        total_gva += adjusted
    rows.append({"scenario": scenario, "sector": "total", "value_added_usd": total_gva,
                 "withdrawal_m3": total_v, "share": 1.0, "efficiency_usd_per_m3": total,
                 "contribution_usd_per_m3": total})
    return pd.DataFrame(rows, columns=WUE_COLUMNS)


def withdrawals_by_sector(doc: ModelDocument, res: Results) -> pd.DataFrame:
    """Mean annual withdrawal (m³/yr) of each demand ``sector``, per scenario (columns: scenario, sector, m3)."""
    sector = {n.name: n.sector for n in doc.nodes if n.type == "demand"}
    n_years = years(res)
    rows: dict[tuple[str, str], float] = {}
    for node in nodes_with(res, "withdrawal"):
        v = volume_hm3(res, node, "withdrawal").sum(axis=0) * 1e6 / n_years
        for k, scen in enumerate(res.scenarios):
            key = (scen, sector.get(node, "other"))
            rows[key] = rows.get(key, 0.0) + float(v[k])
    return pd.DataFrame([{"scenario": s, "sector": sec, "withdrawal_m3_per_year": v} for (s, sec), v in rows.items()],
                        columns=["scenario", "sector", "withdrawal_m3_per_year"])


def water_use_efficiency_run(doc: ModelDocument, res: Results, value_added: Mapping[str, float],
                             rainfed_share: float = 0.0) -> pd.DataFrame:
    """Water-use efficiency per scenario with withdrawals by demand ``sector`` from a run.

    ``value_added`` is keyed by the demand sectors (``irrigation``, ``industrial``, ``municipal`` …).
    """
    by_sector = withdrawals_by_sector(doc, res)
    frames = []
    for scen in res.scenarios:
        g = by_sector[by_sector["scenario"] == scen]
        w = dict(zip(g["sector"], g["withdrawal_m3_per_year"], strict=True))
        frames.append(water_use_efficiency(value_added, w, rainfed_share, scen))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=WUE_COLUMNS)
