"""Explaining an infeasible LP in the user's terms: timestep, scenario, nodes, hint.

HiGHS's IIS finder does not always isolate a subset on these LPs, so the
diagnosis solves an *elastic* copy instead: every row may be violated at a
cost, nothing else costs anything. The rows it has to violate are where the
water cannot balance; they are reported by node.
"""

from __future__ import annotations

import highspy
import numpy as np

from arna.engine.assemble import Layout
from arna.engine.solver import HighsLP, new_highs
from arna.errors import InfeasibleError, InputError
from arna.network.ir import NEGATIVE_TOLERANCE, LinearNetwork


def _node_of(net: LinearNetwork, label: str) -> str:
    return net.labels.get(label, label.split(":")[0])


def violated_rows(solver: HighsLP) -> list[int]:
    """Rows an elastic copy of the LP has to violate (largest violation first)."""
    lp = solver.current_lp()
    n, m = lp.num_col_, lp.num_row_
    starts = np.asarray(lp.a_matrix_.start_, dtype=np.int64)
    index = np.asarray(lp.a_matrix_.index_, dtype=np.int64)
    value = np.asarray(lp.a_matrix_.value_, dtype=float)
    rows = np.arange(m)
    elastic = highspy.HighsLp()
    elastic.num_col_, elastic.num_row_ = n + 2 * m, m
    elastic.col_cost_ = np.concatenate([np.zeros(n), np.ones(2 * m)])
    elastic.col_lower_ = np.concatenate([np.asarray(lp.col_lower_), np.zeros(2 * m)])
    elastic.col_upper_ = np.concatenate([np.asarray(lp.col_upper_), np.full(2 * m, np.inf)])
    elastic.row_lower_, elastic.row_upper_ = lp.row_lower_, lp.row_upper_
    elastic.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    elastic.a_matrix_.start_ = np.concatenate([starts, starts[-1] + 1 + np.arange(2 * m)]).astype(np.int32)
    elastic.a_matrix_.index_ = np.concatenate([index, rows, rows]).astype(np.int32)
    elastic.a_matrix_.value_ = np.concatenate([value, np.ones(m), -np.ones(m)])
    h = new_highs()
    h.passModel(elastic)
    h.run()
    x = np.asarray(h.getSolution().col_value)
    if len(x) != n + 2 * m:
        return []
    slack = x[n:n + m] + x[n + m:]
    bad = np.flatnonzero(slack > 1e-9)
    return [int(r) for r in bad[np.argsort(-slack[bad])]]


def involved_nodes(net: LinearNetwork, layout: Layout, solver: HighsLP) -> list[str]:
    """Nodes where the water cannot balance, as document node names."""
    names = layout.row_names
    seen: dict[str, None] = {}
    for r in violated_rows(solver):
        if r < len(names):
            seen.setdefault(_node_of(net, names[r]), None)
    return list(seen)


def infeasible_error(
    net: LinearNetwork, layout: Layout, solver: HighsLP, t: int, scenario: int, status: str
) -> InfeasibleError:
    nodes = involved_nodes(net, layout, solver) if status == "Infeasible" else []
    where = f"nodes involved: {', '.join(nodes)}" if nodes else "no subset of nodes could be isolated"
    hint = ("Hint: a fixed inflow or a minimum flow cannot be passed on or met — check minimum flows, "
            "fixed inflows, capacities and that every node can reach an outlet.")
    if status == "Unbounded":
        hint = ("Hint: the allocation is unbounded — a route earns a benefit (a negative cost) without any "
                "limit; give a node on it a max_flow (or a demand).")
    return InfeasibleError(
        f"model '{net.name}': the allocation has no solution ({status}) at timestep {t} "
        f"({net.timesteps[t].date()}), scenario '{net.scenarios[scenario]}'; {where}. {hint}"
    )


def users_of(net: LinearNetwork, p: int) -> list[str]:
    """Document nodes whose flows, volumes, inflows or limits read parameter ``p``."""
    seen: dict[str, None] = {}
    for arc in net.arcs:
        if p in (arc.lower, arc.upper, arc.gain_param):
            seen.setdefault(_node_of(net, arc.name), None)
    for name, inflow in net.junctions:
        if inflow == p:
            seen.setdefault(_node_of(net, name), None)
    for s in net.storages:
        if p == s.initial or any(p in (z.lower, z.upper) for z in s.zones):
            seen.setdefault(_node_of(net, s.name), None)
    for c in net.constraints:
        if p in (c.lower, c.upper):
            seen.setdefault(_node_of(net, c.name), None)
    for col, q, _ in net.costs:
        if q == p and col < net.n_arcs:
            seen.setdefault(_node_of(net, net.arcs[col].name), None)
    return list(seen)


def non_finite_error(net: LinearNetwork, t: int, scenario: int, values: np.ndarray) -> InputError:
    """The error for a timestep whose LP data are not finite numbers, naming the values behind them.

    ``values`` is the ``(n_params,)`` column of the failing scenario. A NaN is always wrong; an infinite
    value is wrong where the LP needs a number (an inflow, a cost, a lower bound, a volume): the
    parameters listed are those that are NaN, or infinite without being an "unbounded" constant.
    """
    nan = np.flatnonzero(np.isnan(values))
    inf = [p for p in np.flatnonzero(np.isinf(values)) if not net.params[p].name.startswith("const:")]
    culprits = list(nan) or inf
    where = sorted({node for p in culprits for node in users_of(net, int(p))})
    what = ", ".join(f"'{n}'" for n in where) if where else "a node"
    return InputError(
        f"model '{net.name}': at timestep {t} ({net.timesteps[t].date()}), scenario '{net.scenarios[scenario]}', "
        f"a value used by {what} is not a finite number (NaN or infinite), so the allocation cannot be solved. "
        "Check that node's values for that month and scenario (profiles, series and tables for missing "
        "or infinite numbers, factors that overflow) and run again."
    )


def negative_error(net: LinearNetwork, t: int, scenarios: list[int], values: np.ndarray) -> InputError:
    """The error for a timestep where a flow, volume … that reads the state computes negative.

    ``values`` is the ``(n_params, S)`` array of the step, its columns the run's ``scenarios``; the first
    entry of :attr:`~arna.network.ir.LinearNetwork.non_negative` (document order) found negative is named.
    """
    from arna.network.non_negative import where_text

    for req in net.non_negative:
        row = values[req.param]
        bad = np.flatnonzero(row < -NEGATIVE_TOLERANCE)
        if bad.size:
            k = int(bad[0])
            unit = f" {req.unit}" if req.unit else ""
            return InputError(
                f"{req.source}: {where_text(req)} is {row[k]:g}{unit} at timestep {t} "
                f"({net.timesteps[t].date()}), scenario '{net.scenarios[scenarios[k]]}'; a flow or a volume "
                "must not be negative (the allocation would have no solution). Correct the values that "
                "parameter combines (signs, factors, the entries an index or a control curve picks), or take "
                "the larger of it and 0 (an aggregated 'max' with 0), and run again."
            )
    return InputError(f"model '{net.name}': a flow or volume is negative at timestep {t}")
