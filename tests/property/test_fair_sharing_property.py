"""Max-min fairness within a priority, checked against an LP written here and solved by HiGHS.

Random rivers of reaches (with losses) carry inflows to a sea; demands of priority 1 or 2 hang off
the reaches, with supply losses and return flows further down. After an Arna run with
``sharing: equal`` (or ``entitlement``), for every demand ``i`` of a tier we solve, with
:func:`scipy.optimize.linprog` on the same network: maximise ``x_i`` keeping every higher-tier
demand at its delivery and every other demand of the tier whose coverage is no higher than
``i``'s at its delivery. Max-min fairness means the maximum is ``i``'s own delivery: no coverage
can rise without lowering one that is no higher.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from arna.api import run
from arna.schema import model_from_mapping


@st.composite
def rivers(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 4))
    reaches = [{"name": f"r{i}", "loss": draw(st.sampled_from([0.0, 0.1, 0.3])),
                "inflow": draw(st.floats(0.0, 20.0)) if i == 0 or draw(st.booleans()) else 0.0}
               for i in range(n)]
    demands = []
    for j in range(draw(st.integers(2, 5))):
        at = draw(st.integers(0, n - 1))
        cf = draw(st.sampled_from([1.0, 1.0, 0.6, 0.3]))
        demands.append({"name": f"d{j}", "at": at, "need": draw(st.floats(0.0, 15.0)),
                        "priority": draw(st.sampled_from([1, 1, 2])),
                        "supply_loss": draw(st.sampled_from([0.0, 0.2])),
                        "cf": cf if at + 1 < n else 1.0,
                        "return_to": draw(st.integers(at + 1, n - 1)) if cf < 1.0 and at + 1 < n else None,
                        "entitlement": draw(st.floats(0.5, 5.0))})
    return {"reaches": reaches, "demands": demands, "sharing": draw(st.sampled_from(["equal", "entitlement"]))}


def _document(r: dict[str, Any]) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [{"name": "sea", "type": "terminal"}]
    edges: list[list[str]] = []
    reaches = r["reaches"]
    for i, reach in enumerate(reaches):
        nodes.append({"name": reach["name"], "type": "reach", "loss": reach["loss"]})
        edges.append([reach["name"], reaches[i + 1]["name"] if i + 1 < len(reaches) else "sea"])
        if reach["inflow"] > 0:
            nodes.append({"name": f"in{i}", "type": "inflow", "flow": reach["inflow"]})
            edges.append([f"in{i}", reach["name"]])
    for d in r["demands"]:
        node = {"name": d["name"], "type": "demand", "demand": d["need"], "priority": d["priority"],
                "supply_loss": d["supply_loss"], "entitlement": d["entitlement"]}
        if d["return_to"] is not None:
            node |= {"consumptive_fraction": d["cf"], "return_to": reaches[d["return_to"]]["name"]}
        nodes.append(node)
        edges.append([reaches[d["at"]]["name"], d["name"]])
    return {"name": "fair", "timestepper": {"start": "2021-01-01", "end": "2021-01-01", "step": "month"},
            "allocation": {"sharing": r["sharing"]}, "nodes": nodes, "edges": edges}


def _network_lp(r: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, list[tuple[float, float]]]:
    """Equalities and bounds over [f_r (into reach r), g_r (reach r's outlet onwards), x_d (delivered)]."""
    reaches, demands = r["reaches"], r["demands"]
    n, m = len(reaches), len(demands)
    a = np.zeros((2 * n, 2 * n + m))
    b = np.zeros(2 * n)
    for i, reach in enumerate(reaches):
        a[i, i] = -1.0  # r:in: inflow + g_{i-1} + returns − f_i = 0
        b[i] = -reach["inflow"]
        if i:
            a[i, n + i - 1] = 1.0
        a[n + i, i] = 1.0 - reach["loss"]  # r:out: (1 − loss) f_i − g_i − Σ withdrawals = 0
        a[n + i, n + i] = -1.0
    for k, d in enumerate(demands):
        a[n + d["at"], 2 * n + k] -= 1.0 / (1.0 - d["supply_loss"])
        if d["return_to"] is not None:
            a[d["return_to"], 2 * n + k] += 1.0 - d["cf"]
    bounds = [(0.0, None)] * (2 * n) + [(0.0, d["need"]) for d in demands]
    return a, b, bounds


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rivers())
def test_no_coverage_rises_without_lowering_a_no_higher_one(r: dict[str, Any]) -> None:
    res = run(model_from_mapping(_document(r), "<random>"))
    assert res.balance_error <= 1e-9
    demands = r["demands"]
    x = np.array([float(res.get(d["name"], "delivered")[0, 0]) for d in demands])
    norm = np.array([d["need"] if r["sharing"] == "equal" else d["entitlement"] for d in demands])
    cover = np.where(norm > 0, x / np.where(norm > 0, norm, 1.0), np.inf)
    a, b, bounds = _network_lp(r)
    off = 2 * len(r["reaches"])
    for i, d in enumerate(demands):
        if d["need"] <= 1e-9:
            continue
        lower = []
        for j, e in enumerate(demands):
            # "no higher" within the engine's precision: flows to ~1e-8, so coverage to ~1e-8 / demand
            keep = e["priority"] < d["priority"] or (
                j != i and e["priority"] == d["priority"] and cover[j] <= cover[i] + 1e-6 * max(1.0, 1.0 / norm[i]))
            lower.append(x[j] - 1e-7 if keep else 0.0)
        bnd = bounds[:off] + [(max(0.0, lo), hi) for lo, (_, hi) in zip(lower, bounds[off:], strict=True)]
        c = np.zeros(a.shape[1])
        c[off + i] = -1.0
        sol = linprog(c, A_eq=a, b_eq=b, bounds=bnd, method="highs")
        assert sol.status == 0, sol.message
        best = -sol.fun
        assert best <= x[i] + 1e-5 * max(1.0, d["need"]), (
            f"{d['name']} could get {best:.6f} instead of {x[i]:.6f} without lowering a no-higher coverage: {r}")
