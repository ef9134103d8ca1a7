"""Ensembles: run many scenarios in chunks, keep only indicators, summarise.

A 10,000-member ensemble never holds all its time series: each chunk of
scenarios is run, reduced to one row of indicators per scenario, and dropped.
Summary statistics (mean, percentiles, probability of failing a target) are
then taken over the scenarios.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.errors import InputError
from arna.indicators.summary import summary_tables
from arna.network.ir import LinearNetwork
from arna.scenarios.runners import Progress, Runner, run_network

MEASURES = {
    "demands": ("demand", ["coverage", "reliability", "deficit_km3_per_year"]),
    "targets": ("node", ["inflow_km3_per_year", "months_target_met"]),
    "hydropower": ("plant", ["energy_gwh_per_year"]),
}


def indicators(res: Results) -> pd.DataFrame:
    """One row per scenario, one column per ``node:measure`` indicator."""
    frames = []
    for key, table in summary_tables(res).items():
        if table.empty:
            continue
        who, measures = MEASURES[key]
        long = table.melt(id_vars=["scenario", who], value_vars=measures, var_name="measure")
        long["indicator"] = long[who] + ":" + long["measure"]
        frames.append(long.pivot(index="scenario", columns="indicator", values="value"))
    out = pd.concat(frames, axis=1) if frames else pd.DataFrame(index=pd.Index(res.scenarios, name="scenario"))
    return out.reindex(res.scenarios)


def run_ensemble(
    net: LinearNetwork,
    scenarios: Sequence[int] | None = None,
    runner: Runner | None = None,
    chunk: int = 256,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Indicators of every scenario, computed chunk by chunk."""
    scen = list(range(len(net.scenarios))) if scenarios is None else list(scenarios)
    parts = []
    for start in range(0, len(scen), chunk):
        res = run_network(net, scen[start:start + chunk], runner)
        if res.balance_error > 1e-9:  # pragma: no cover - simulate raises first
            raise AssertionError("water balance did not close")
        parts.append(indicators(res))
        if progress is not None:
            progress(min(start + chunk, len(scen)), len(scen))
    return pd.concat(parts)


_TARGET = re.compile(r"^(?P<ind>.+?)\s*(?P<op>>=|<=|>|<)\s*(?P<val>[-+0-9.eE]+)$")


def parse_target(text: str) -> tuple[str, str, float]:
    """``"town:reliability>=0.9"`` → ``("town:reliability", ">=", 0.9)``."""
    m = _TARGET.match(text.strip())
    if not m:
        raise InputError(f"target '{text}' is not of the form INDICATOR>=VALUE (or <=, >, <)")
    return m["ind"], m["op"], float(m["val"])


def summarize(per_scenario: pd.DataFrame, targets: Sequence[str] = ()) -> pd.DataFrame:
    """Mean, spread and percentiles per indicator; with targets, the probability of failing each."""
    rows = []
    goals = {ind: (op, val) for ind, op, val in map(parse_target, targets)}
    unknown = set(goals) - set(per_scenario.columns)
    if unknown:
        raise InputError(f"no indicator named {sorted(unknown)}; indicators: {sorted(per_scenario.columns)}")
    for col in per_scenario.columns:
        v = per_scenario[col].to_numpy(dtype=float)
        row = {"indicator": col, "members": len(v), "mean": v.mean(), "std": v.std(ddof=1) if len(v) > 1 else 0.0,
               "min": v.min(), "p05": np.percentile(v, 5), "p50": np.percentile(v, 50),
               "p95": np.percentile(v, 95), "max": v.max()}
        if col in goals:
            op, val = goals[col]
            met = {">=": v >= val, "<=": v <= val, ">": v > val, "<": v < val}[op]
            row["target"] = f"{op} {val:g}"
            row["probability_of_failure"] = 1.0 - met.mean()
        rows.append(row)
    return pd.DataFrame(rows)
