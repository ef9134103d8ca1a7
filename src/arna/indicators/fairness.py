"""Fairness of an allocation: coverage by demand, country and region, spread of shortages, head vs tail.

With ``need`` and ``got`` a demand's demanded and delivered volumes over the run (hm³):

* **coverage** = got / need (demands with no need over the run are left out);
* by **country** and **region** (the demand nodes' ``country`` / ``region``; "unknown" where unset):
  Σ got / Σ need of their demands;
* **spread** across the demands of a scenario, on the shortage ratio s = 1 − coverage: the lowest and
  highest coverage and their ratio (min/max; 1 is equal), **Jain's index**
  J = (Σc)² / (n Σc²) of the coverages (1 when all are equal, 1/n when one demand gets everything;
  Jain, Chiu & Hawe 1984, DEC-TR-301), and the **Gini coefficient** of the shortage ratios,
  G = Σᵢ Σⱼ |sᵢ − sⱼ| / (2 n² s̄) (0 when all are equally short; 0 when none is short). The
  same per priority, and per timestep: the mean over the timesteps with a shortage of Jain's
  index of the step's coverages among demands of one priority (``step_jain``; equal sharing
  gives 1 wherever the network lets every demand of the priority reach the same coverage);
* **head-end vs tail-end**: a demand's *position* is the number of edges from the node that
  supplies it to the basin outlet (the nearest node without outflowing edges that is not a
  demand — a terminal, sink or border — along the edges). Demands
  farther from the outlet than the mean position of the scenario's demands are the head end,
  the others the tail end; the indicator is each end's coverage and the ratio tail / head
  (< 1: the tail end is worse off). Undefined (NaN) when every demand is at the same position.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.indicators._common import EPS, volume_hm3
from arna.schema.document import ModelDocument
from arna.schema.nodes import DemandNode

DEMAND_COLUMNS = ["scenario", "demand", "priority", "country", "region", "position", "end",
                  "need_hm3", "delivered_hm3", "coverage"]
GROUP_COLUMNS = ["scenario", "group", "need_hm3", "delivered_hm3", "coverage", "demands"]
SPREAD_COLUMNS = ["scenario", "priority", "demands", "min_coverage", "max_coverage", "min_max_ratio", "jain",
                  "gini_shortage", "step_jain", "short_steps"]
HEAD_TAIL_COLUMNS = ["scenario", "head_coverage", "tail_coverage", "tail_head_ratio", "head_demands",
                     "tail_demands"]
UNKNOWN = "unknown"


def _demands(doc: ModelDocument, res: Results) -> list[DemandNode]:
    return [n for n in doc.nodes if isinstance(n, DemandNode) and res.has(n.name, "delivered")]


def outlet_distance(doc: ModelDocument) -> dict[str, int]:
    """Edges from each node to the nearest outlet (a node other than a demand with no outflowing edge)."""
    down: dict[str, list[str]] = {n.name: [] for n in doc.nodes}
    up: dict[str, list[str]] = {n.name: [] for n in doc.nodes}
    for a, b in doc.edges:
        down[a].append(b)
        up[b].append(a)
    kinds = {n.name: n.type for n in doc.nodes}
    dist = {n: 0 for n, out in down.items() if not out and kinds[n] != "demand"}
    queue = deque(dist)
    while queue:
        node = queue.popleft()
        for u in up[node]:
            if u not in dist:
                dist[u] = dist[node] + 1
                queue.append(u)
    return dist


def demand_position(doc: ModelDocument) -> dict[str, int]:
    """Position of each demand: the outlet distance of its off-take, the nearest node upstream of it
    (through canals and diversions that lead only to demands) from which the outlet can be reached."""
    dist = outlet_distance(doc)
    up: dict[str, list[str]] = {n.name: [] for n in doc.nodes}
    for a, b in doc.edges:
        up[b].append(a)
    out: dict[str, int] = {}
    for n in doc.nodes:
        if isinstance(n, DemandNode):
            out[n.name] = _off_take_distance(n.name, up, dist)
    return out


def _off_take_distance(name: str, up: dict[str, list[str]], dist: dict[str, int]) -> int:
    seen = {name}
    frontier = list(up[name])
    while frontier:
        found = [dist[a] for a in frontier if a in dist]
        if found:
            return max(found)
        seen.update(frontier)
        frontier = sorted({u for a in frontier for u in up[a]} - seen)
    return 0


def coverage_by_demand(res: Results, doc: ModelDocument) -> pd.DataFrame:
    """One row per scenario and demand: need, delivered and coverage over the run, with its position."""
    position = demand_position(doc)
    rows = []
    demands = _demands(doc, res)
    for k, scen in enumerate(res.scenarios):
        need = {d.name: float(volume_hm3(res, d.name, "demand")[:, k].sum()) for d in demands}
        got = {d.name: float(volume_hm3(res, d.name, "delivered")[:, k].sum()) for d in demands}
        active = [d for d in demands if need[d.name] > EPS]
        mean_pos = float(np.mean([position[d.name] for d in active])) if active else 0.0
        for d in active:
            end = "head" if position[d.name] > mean_pos + 1e-9 else "tail"
            rows.append({"scenario": scen, "demand": d.name, "priority": d.priority,
                         "country": d.country or UNKNOWN, "region": d.region or UNKNOWN,
                         "position": position[d.name], "end": end, "need_hm3": need[d.name],
                         "delivered_hm3": got[d.name], "coverage": got[d.name] / need[d.name]})
    return pd.DataFrame(rows, columns=DEMAND_COLUMNS)


def coverage_by_group(res: Results, doc: ModelDocument, by: str = "country") -> pd.DataFrame:
    """Coverage of the demands of each ``country`` or ``region`` (Σ delivered / Σ need)."""
    if by not in {"country", "region"}:
        raise ValueError(f"coverage can be grouped by country or region, not '{by}'")
    per = coverage_by_demand(res, doc)
    rows = []
    for (scen, group), part in per.groupby(["scenario", by], sort=False):
        need, got = float(part.need_hm3.sum()), float(part.delivered_hm3.sum())
        rows.append({"scenario": scen, "group": group, "need_hm3": need, "delivered_hm3": got,
                     "coverage": got / need if need > EPS else float("nan"), "demands": len(part)})
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def jain(c: np.ndarray) -> float:
    """Jain's fairness index of ``c`` (1 when all equal; NaN for no values or all zero)."""
    c = np.asarray(c, dtype=float)
    sq = float((c * c).sum())
    return float(c.sum()) ** 2 / (len(c) * sq) if len(c) and sq > 0 else float("nan")


def gini(s: np.ndarray) -> float:
    """Gini coefficient of ``s`` (0 when all equal or all zero)."""
    s = np.asarray(s, dtype=float)
    mean = float(s.mean()) if len(s) else 0.0
    if mean <= EPS:
        return 0.0
    return float(np.abs(s[:, None] - s[None, :]).sum()) / (2 * len(s) ** 2 * mean)


def shortage_spread(res: Results, doc: ModelDocument) -> pd.DataFrame:
    """Spread of coverage across demands: all demands (priority ``all``) and per priority, per scenario."""
    per = coverage_by_demand(res, doc)
    step = _step_jain(res, doc)
    rows = []
    for scen in res.scenarios:
        part = per[per.scenario == scen]
        groups: list[tuple[object, pd.DataFrame]] = [("all", part)]
        groups += [(p, g) for p, g in part.groupby("priority")]
        for prio, g in groups:
            c = g.coverage.to_numpy(dtype=float)
            lo, hi = (float(c.min()), float(c.max())) if len(c) else (float("nan"), float("nan"))
            mean_j, n_short = step.get((scen, prio), (float("nan"), 0))
            rows.append({"scenario": scen, "priority": prio, "demands": len(c), "min_coverage": lo,
                         "max_coverage": hi, "min_max_ratio": lo / hi if hi > EPS else float("nan"),
                         "jain": jain(c), "gini_shortage": gini(1.0 - c), "step_jain": mean_j,
                         "short_steps": n_short})
    return pd.DataFrame(rows, columns=SPREAD_COLUMNS)


def _step_jain(res: Results, doc: ModelDocument) -> dict[tuple[str, object], tuple[float, int]]:
    """Mean Jain index of the step coverages among demands of one priority, over the steps with a shortage."""
    demands = _demands(doc, res)
    out: dict[tuple[str, object], tuple[float, int]] = {}
    by_prio: dict[object, list[DemandNode]] = {"all": demands}
    for d in demands:
        by_prio.setdefault(d.priority, []).append(d)
    for prio, members in by_prio.items():
        if len(members) < 2:
            continue
        need = np.stack([res.get(d.name, "demand") for d in members])  # (M, T, S)
        got = np.stack([res.get(d.name, "delivered") for d in members])
        for k, scen in enumerate(res.scenarios):
            out[(scen, prio)] = _mean_step_index(need[:, :, k], got[:, :, k], jain)
    return out


def _mean_step_index(need: np.ndarray, got: np.ndarray, index: Callable[[np.ndarray], float]
                     ) -> tuple[float, int]:
    values = []
    for t in range(need.shape[1]):
        active = need[:, t] > EPS
        if active.sum() < 2:
            continue
        c = got[active, t] / need[active, t]
        if (c < 1.0 - 1e-6).any():
            values.append(index(c))
    return (float(np.mean(values)) if values else float("nan")), len(values)


def head_tail(res: Results, doc: ModelDocument) -> pd.DataFrame:
    """Coverage of the head-end and tail-end demands and their ratio, per scenario."""
    per = coverage_by_demand(res, doc)
    rows = []
    for scen in res.scenarios:
        part = per[per.scenario == scen]
        ends = {}
        for end in ("head", "tail"):
            g = part[part.end == end]
            need = float(g.need_hm3.sum())
            ends[end] = (float(g.delivered_hm3.sum()) / need if need > EPS else float("nan"), len(g))
        (h, nh), (t, nt) = ends["head"], ends["tail"]
        rows.append({"scenario": scen, "head_coverage": h, "tail_coverage": t,
                     "tail_head_ratio": t / h if nh and h > EPS else float("nan"),
                     "head_demands": nh, "tail_demands": nt})
    return pd.DataFrame(rows, columns=HEAD_TAIL_COLUMNS)
