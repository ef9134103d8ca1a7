"""Salinity indicators: concentration along the river by month, crop yield losses, drinking-water compliance.

* **Concentration profile** — mean concentration (g/L) of a constituent by calendar month at the
  nodes of a path (the river from its head to its mouth), averaged over the years of the run.
* **Crop yield losses** — per irrigation demand, crop and scenario: the salinity of the water it
  received (TDS weighted by the water delivered), its EC, the root zone's ECe and the relative yield
  by Maas–Hoffman with the FAO-29 thresholds and slopes (:mod:`arna.hydrology.salinity`). The crops
  are the demand's irrigation scheme's, or those listed under ``quality.nodes.<demand>.crops``.
* **Drinking-water compliance** — per municipal demand (or one with a quality limit), scenario and
  calendar month: the share of timesteps with water delivered whose concentration was within the
  standard (``quality.salinity.drinking_standard``, 1 g/L by default).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.hydrology.irrigation import IrrigationScheme
from arna.hydrology.salinity import ec_from_tds, relative_yield, soil_water_ratio, tolerance
from arna.schema.document import ModelDocument
from arna.schema.nodes import DemandNode
from arna.schema.quality import QualitySection, concentration_in_gl

YIELD_COLUMNS = ["scenario", "demand", "crop", "area_ha", "tds_g_per_l", "ec_w_ds_per_m", "ec_e_ds_per_m",
                 "threshold_ds_per_m", "slope_percent_per_ds_m", "leaching_fraction", "relative_yield",
                 "yield_loss_percent"]
COMPLIANCE_COLUMNS = ["scenario", "demand", "month", "steps_supplied", "steps_compliant", "compliance",
                      "mean_g_per_l", "max_g_per_l", "standard_g_per_l"]


def concentration_profile(res: Results, nodes: list[str], constituent: str = "tds",
                          scenario: str | None = None) -> pd.DataFrame:
    """Mean concentration (g/L) by calendar month (rows 1–12) at each of ``nodes`` (columns, in order)."""
    k = res.scenarios.index(scenario) if scenario is not None else 0
    months = np.asarray(res.timesteps.month)
    data = {}
    for node in nodes:
        if res.has(node, f"concentration.{constituent}"):
            c = res.get(node, f"concentration.{constituent}")[:, k]
            data[node] = [float(c[months == m].mean()) if (months == m).any() else np.nan for m in range(1, 13)]
    return pd.DataFrame(data, index=pd.Index(range(1, 13), name="month"))


def river_path(doc: ModelDocument, start: str | None = None) -> list[str]:
    """The main stem: from ``start`` (default: the first inflow) down the edges, preferring river nodes."""
    down: dict[str, list[str]] = {}
    for a, b in doc.edges:
        down.setdefault(a, []).append(b)
    kinds = {n.name: n.type for n in doc.nodes}
    node = start or next(n.name for n in doc.nodes if n.type == "inflow")
    path = [node]
    rank = {"reach": 0, "reservoir": 0, "terminal": 1, "border": 1, "environmental_flow": 1, "hydropower": 2}
    while down.get(node):
        nxt = sorted((b for b in down[node] if b not in path), key=lambda b: rank.get(kinds[b], 5))
        if not nxt or rank.get(kinds[nxt[0]], 5) >= 5:
            break
        node = nxt[0]
        path.append(node)
    return path


def _crops(node: DemandNode, q: QualitySection, source: str | Path) -> list[tuple[str, float, float | None]]:
    """(crop, area ha, the crop's own leaching fraction or None) of a demand."""
    nq = q.nodes.get(node.name)
    if nq is not None and nq.crops:
        return [(c, a, None) for c, a in nq.crops.items()]
    if node.irrigation is None:
        return []
    from arna.network.native.irrigation import resolve_scheme  # the scheme may live in its own file

    scheme: IrrigationScheme = resolve_scheme(node, source, f"nodes[{node.name}].irrigation")
    return [(c.name, c.area_ha, c.leaching_fraction or None) for c in scheme.crops]


def crop_yield_losses(res: Results, doc: ModelDocument, source: str | Path = "<model>") -> pd.DataFrame:
    """Yield loss by salinity for every crop of every irrigation demand, per scenario."""
    q = doc.quality
    if q is None:
        return pd.DataFrame(columns=YIELD_COLUMNS)
    c_name, s = q.salinity.constituent, q.salinity
    rows = []
    for node in doc.nodes:
        if not isinstance(node, DemandNode) or not res.has(node.name, f"concentration.{c_name}"):
            continue
        crops = _crops(node, q, source)
        if not crops:
            continue
        conc = res.get(node.name, f"concentration.{c_name}")
        got = res.get(node.name, "delivered") * res.days[:, None]
        for k, scen in enumerate(res.scenarios):
            tds = float((conc[:, k] * got[:, k]).sum() / got[:, k].sum()) if got[:, k].sum() > 0 else 0.0
            for crop, area, own_lf in crops:
                rows.append(_yield_row(scen, node.name, crop, area, tds, own_lf or s.leaching_fraction,
                                       s.soil_water_ratio, s.tds_per_ec))
    return pd.DataFrame(rows, columns=YIELD_COLUMNS)


def _yield_row(scen: str, demand: str, crop: str, area: float, tds: float, lf: float, ratio: float | None,
               tds_per_ec: float) -> dict[str, object]:
    ec_w = ec_from_tds(tds, tds_per_ec)
    r = ratio if ratio is not None else soil_water_ratio(lf)
    t = tolerance(crop)
    yr = relative_yield(crop, ec_w, lf, r)
    return {"scenario": scen, "demand": demand, "crop": crop, "area_ha": area, "tds_g_per_l": tds,
            "ec_w_ds_per_m": ec_w, "ec_e_ds_per_m": ec_w * r, "threshold_ds_per_m": t.threshold,
            "slope_percent_per_ds_m": t.slope, "leaching_fraction": lf, "relative_yield": yr,
            "yield_loss_percent": 100.0 * (1.0 - yr)}


def drinking_compliance(res: Results, doc: ModelDocument) -> pd.DataFrame:
    """By month: how often the water delivered to each municipal demand met the drinking standard."""
    q = doc.quality
    if q is None:
        return pd.DataFrame(columns=COMPLIANCE_COLUMNS)
    c_name = q.salinity.constituent
    standard = concentration_in_gl(q.salinity.drinking_standard)
    limit_nodes = {n for n, nq in q.nodes.items() if nq.limit and c_name in nq.limit}
    months = np.asarray(res.timesteps.month)
    rows = []
    for node in doc.nodes:
        if not isinstance(node, DemandNode) or (node.sector != "municipal" and node.name not in limit_nodes):
            continue
        if not res.has(node.name, f"concentration.{c_name}") or standard is None:
            continue
        conc, got = res.get(node.name, f"concentration.{c_name}"), res.get(node.name, "delivered")
        for k, scen in enumerate(res.scenarios):
            for m in range(1, 13):
                sel = (months == m) & (got[:, k] > 1e-9)
                c = conc[sel, k]
                ok = int((c <= standard * (1 + 1e-9)).sum())
                rows.append({"scenario": scen, "demand": node.name, "month": m, "steps_supplied": int(sel.sum()),
                             "steps_compliant": ok, "compliance": ok / sel.sum() if sel.any() else np.nan,
                             "mean_g_per_l": float(c.mean()) if sel.any() else np.nan,
                             "max_g_per_l": float(c.max()) if sel.any() else np.nan, "standard_g_per_l": standard})
    return pd.DataFrame(rows, columns=COMPLIANCE_COLUMNS)
