"""Performance of each demand: coverage, reliability, resilience, vulnerability, deficits.

The risk criteria of Hashimoto, Stedinger & Loucks (1982), *Reliability, resiliency and
vulnerability criteria for water resource system performance evaluation*, Water Resources
Research 18(1), 14–20, computed on the timesteps in which the demand is positive (a demand of
zero can be neither met nor failed). Timestep ``t`` of a demand is a **failure** when its deficit
exceeds ``TOLERANCE × max(demand, 1 m³/s)`` (the solver's precision), otherwise a success.

With ``n`` active timesteps, ``f`` of them failures, and failure *events* the maximal runs of
consecutive failures (consecutive among the active timesteps):

* **coverage** = Σ delivered volume / Σ demand volume (share of the demanded water delivered);
* **reliability** (time-based) α = (n − f) / n, the share of timesteps in which the demand is met;
* **resilience** γ = P(success at t+1 | failure at t) = (failure → success transitions) / f,
  the chance a failure is followed by recovery; NaN when there is no failure;
* **vulnerability** ν = mean over failure events of the event's deficit volume (hm³),
  with the largest event as ``max_event_deficit_hm3``; 0 when there is no failure;
* **total deficit** = Σ deficit volume (hm³); **maximum deficit** = the largest deficit of a
  timestep, as a rate (m³/s) and as a volume (hm³).

Examples
--------
>>> import numpy as np
>>> p = hashimoto(np.array([10.0, 10, 10, 10]), np.array([10.0, 4, 10, 7]), np.array([1.0, 1, 1, 1]))
>>> p["reliability"], p["resilience"], p["failure_events"]
(0.5, 0.5, 2)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.indicators._common import days, nodes_with, rate_m3s
from arna.schema.units import SECONDS_PER_DAY

TOLERANCE = 1e-6

COLUMNS = ["scenario", "demand", "demand_hm3", "delivered_hm3", "coverage", "reliability", "resilience",
           "vulnerability_hm3", "max_event_deficit_hm3", "failure_events", "total_deficit_hm3",
           "max_deficit_m3s", "max_deficit_hm3"]


def hashimoto(demand: np.ndarray, delivered: np.ndarray, step_days: np.ndarray) -> dict[str, float]:
    """The indicators of one demand in one scenario.

    Parameters
    ----------
    demand, delivered:
        ``(T,)`` rates in m³/s.
    step_days:
        ``(T,)`` length of each timestep in days.
    """
    demand = np.asarray(demand, dtype=float)
    delivered = np.asarray(delivered, dtype=float)
    hm3 = np.asarray(step_days, dtype=float) * SECONDS_PER_DAY / 1e6
    deficit = np.maximum(demand - delivered, 0.0)
    active = demand > 1e-12
    need, got = float((demand * hm3).sum()), float((delivered * hm3).sum())
    fail = deficit > TOLERANCE * np.maximum(demand, 1.0)
    fail_a, vol_a = fail[active], (deficit * hm3)[active]
    n, f = int(active.sum()), int(fail_a.sum())
    events = _event_volumes(fail_a, vol_a)
    recoveries = int((fail_a[:-1] & ~fail_a[1:]).sum())
    return {
        "demand_hm3": need,
        "delivered_hm3": got,
        "coverage": got / need if need > 0 else 1.0,
        "reliability": (n - f) / n if n else 1.0,
        "resilience": recoveries / f if f else float("nan"),
        "vulnerability_hm3": float(np.mean(events)) if events else 0.0,
        "max_event_deficit_hm3": float(max(events)) if events else 0.0,
        "failure_events": len(events),
        "total_deficit_hm3": float((deficit * hm3).sum()),
        "max_deficit_m3s": float(deficit.max()) if deficit.size else 0.0,
        "max_deficit_hm3": float((deficit * hm3).max()) if deficit.size else 0.0,
    }


def _event_volumes(fail: np.ndarray, volume: np.ndarray) -> list[float]:
    """Deficit volume of each maximal run of consecutive failures."""
    events: list[float] = []
    current: float | None = None
    for is_fail, v in zip(fail, volume, strict=True):
        if is_fail:
            current = (current or 0.0) + float(v)
        elif current is not None:
            events.append(current)
            current = None
    if current is not None:
        events.append(current)
    return events


def demand_performance(res: Results) -> pd.DataFrame:
    """One row per scenario and demand node with the indicators above (see the module docstring)."""
    rows = []
    d = days(res)
    for node in nodes_with(res, "demand"):
        if not res.has(node, "delivered"):
            continue
        need, got = rate_m3s(res, node, "demand"), rate_m3s(res, node, "delivered")
        for k, scen in enumerate(res.scenarios):
            rows.append({"scenario": scen, "demand": node, **hashimoto(need[:, k], got[:, k], d)})
    return pd.DataFrame(rows, columns=COLUMNS)
