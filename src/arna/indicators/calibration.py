"""Calibration check: a model's results against the cited figures in its ``metadata.calibration``.

Each entry names a node and attribute, how to aggregate the series, the cited
target and its source::

    metadata:
      calibration:
        - {node: Shardara HPP, attribute: energy, aggregate: annual_sum, target: 537, unit: GWh/yr,
           tolerance: 0.15, source: "SH: kase.kz, 2020"}
        - {node: Small Aral Sea, attribute: flow, aggregate: annual_volume_km3, target: 2.45, unit: km3/yr,
           source: "WB, AT2 [D]"}

Aggregates: ``annual_volume_km3`` (a flow in m³/s → km³ per year), ``annual_sum``
(e.g. energy in GWh per timestep → GWh per year), ``mean`` (e.g. a volume or level).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.errors import InputError
from arna.schema.units import SECONDS_PER_DAY

AGGREGATES = ("annual_volume_km3", "annual_sum", "mean")


def aggregate(res: Results, node: str, attribute: str, how: str) -> np.ndarray:
    """``(S,)`` aggregated value of a series per scenario."""
    if not res.has(node, attribute):
        raise InputError(f"calibration: the results have no series {node}/{attribute}")
    v = res.get(node, attribute)
    years = float(res.days.sum()) / 365.25
    if how == "annual_volume_km3":
        return (v * res.days[:, None] * SECONDS_PER_DAY / 1e9).sum(axis=0) / years
    if how == "annual_sum":
        return v.sum(axis=0) / years
    if how == "mean":
        return (v * res.days[:, None]).sum(axis=0) / res.days.sum()
    raise InputError(f"calibration: unknown aggregate '{how}'; use one of {', '.join(AGGREGATES)}")


def calibration_table(metadata: dict[str, Any], res: Results, scenario: str = "baseline") -> pd.DataFrame:
    """Modelled vs cited value for every calibration entry, in scenario ``scenario``."""
    entries = metadata.get("calibration") or []
    if scenario not in res.scenarios:
        raise InputError(f"calibration: no scenario '{scenario}' in the results ({', '.join(res.scenarios)})")
    k = res.scenarios.index(scenario)
    rows = []
    for e in entries:
        if "kind" in e:  # the issue-12 format (series, dates, seasons): read by `arna calibration`
            continue
        modelled = float(aggregate(res, e["node"], e["attribute"], e.get("aggregate", "mean"))[k])
        target = float(e["target"])
        tol = float(e.get("tolerance", 0.15))
        ratio = modelled / target if target else float("nan")
        rows.append({"node": e["node"], "attribute": e["attribute"], "modelled": modelled, "target": target,
                     "unit": e.get("unit", ""), "ratio": ratio, "tolerance": tol,
                     "within": bool(abs(ratio - 1.0) <= tol), "source": e.get("source", "")})
    return pd.DataFrame(rows, columns=["node", "attribute", "modelled", "target", "unit", "ratio", "tolerance",
                                       "within", "source"])
