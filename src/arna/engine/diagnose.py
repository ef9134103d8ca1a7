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
from arna.errors import InfeasibleError
from arna.network.ir import LinearNetwork


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
    return InfeasibleError(
        f"model '{net.name}': the allocation has no solution ({status}) at timestep {t} "
        f"({net.timesteps[t].date()}), scenario '{net.scenarios[scenario]}'; {where}. "
        "Hint: a fixed inflow or a minimum flow cannot be passed on or met — check minimum flows, "
        "fixed inflows, capacities and that every node can reach an outlet."
    )
