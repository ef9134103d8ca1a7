"""From a :class:`~arna.network.ir.LinearNetwork` to the arrays the time loop uses.

Each ``define_*`` function handles one concern; together they produce the
static LP matrix and the index arrays that map parameter values to bounds,
costs and right-hand sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from arna.network.ir import (
    OUTSIDE,
    LinearNetwork,
    arc_matrix_terms,
    licence_terms,
    zone_matrix_terms,
)
from arna.engine.solver import SparseLP, csc_from_triplets


@dataclass
class Layout:
    """Index arrays over the LP, built once per network."""

    lp: SparseLP
    arc_lower: np.ndarray
    arc_upper: np.ndarray
    zone_col: np.ndarray
    zone_lower: np.ndarray
    zone_upper: np.ndarray
    zone_storage: np.ndarray
    zone_is_bottom: np.ndarray
    cost_col: np.ndarray
    cost_param: np.ndarray
    cost_coef: np.ndarray
    junction_inflow_row: np.ndarray
    junction_inflow_param: np.ndarray
    storage_row: np.ndarray
    constraint_row: np.ndarray
    constraint_lower: np.ndarray
    constraint_upper: np.ndarray
    dynamic_gains: list[tuple[int, int, int]] = field(default_factory=list)  # row, col, param
    tier_cols: list[np.ndarray] = field(default_factory=list)  # per priority tier, highest first
    tier_weights: list[np.ndarray] = field(default_factory=list)
    # water balance
    source_arcs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    sink_arcs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    lossy_arcs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    lossy_gain: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lossy_dynamic: list[tuple[int, int]] = field(default_factory=list)  # position in lossy_arcs, param
    real_storages: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))


def build_layout(net: LinearNetwork) -> Layout:
    """Assemble the LP matrix and index arrays of ``net``."""
    n_rows = net.n_rows
    terms = define_conservation(net) + define_storage(net) + define_constraints(net)
    lp = csc_from_triplets(n_rows, net.n_columns, terms)
    zones = [(i, z, k == 0) for i, s in enumerate(net.storages) for k, z in enumerate(s.zones)]
    inflow = [(r, p) for r, (_, p) in enumerate(net.junctions) if p is not None]
    base = len(net.junctions)
    layout = Layout(
        lp=lp,
        arc_lower=_ix([a.lower for a in net.arcs]),
        arc_upper=_ix([a.upper for a in net.arcs]),
        zone_col=_ix([z.column for _, z, _ in zones]),
        zone_lower=_ix([z.lower for _, z, _ in zones]),
        zone_upper=_ix([z.upper for _, z, _ in zones]),
        zone_storage=_ix([i for i, _, _ in zones]),
        zone_is_bottom=np.array([b for _, _, b in zones], dtype=bool),
        cost_col=_ix([c for c, _, _ in net.costs]),
        cost_param=_ix([p for _, p, _ in net.costs]),
        cost_coef=np.array([k for _, _, k in net.costs], dtype=float),
        junction_inflow_row=_ix([r for r, _ in inflow]),
        junction_inflow_param=_ix([p for _, p in inflow]),
        storage_row=_ix([_storage_row(net, i) for i in range(len(net.storages))]),
        constraint_row=_ix([base + i for i in range(len(net.constraints))]),
        constraint_lower=_ix([c.lower for c in net.constraints]),
        constraint_upper=_ix([c.upper for c in net.constraints]),
    )
    define_balance_sets(net, layout)
    layout.tier_cols = [_ix([c for c, _ in tier]) for tier in net.tiers]
    layout.tier_weights = [np.array([w for _, w in tier], dtype=float) for tier in net.tiers]
    layout.dynamic_gains = [
        (a.target, j, a.gain_param)
        for j, a in enumerate(net.arcs)
        if a.gain_param is not None and a.target != OUTSIDE
    ]
    return layout


def _ix(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.intp)


def _storage_row(net: LinearNetwork, i: int) -> int:
    s = net.storages[i]
    return s.row if not s.virtual else len(net.junctions) + len(net.constraints) + s.row


def define_conservation(net: LinearNetwork) -> list[tuple[int, int, float]]:
    """Σ gain·in − Σ out (+ volume change) = − inflow at every junction."""
    return arc_matrix_terms(net)


def define_storage(net: LinearNetwork) -> list[tuple[int, int, float]]:
    """Volume columns in storage rows, and licence draw-down terms."""
    return zone_matrix_terms(net) + licence_terms(net)


def define_constraints(net: LinearNetwork) -> list[tuple[int, int, float]]:
    """Rows over several columns: shared limits, proportions, multi-arc node limits."""
    base = len(net.junctions)
    return [(base + i, col, coef) for i, c in enumerate(net.constraints) for col, coef in c.terms]


def define_balance_sets(net: LinearNetwork, layout: Layout) -> None:
    """Which arcs bring water in, take it out, or lose part of it; which storages hold water."""
    layout.source_arcs = _ix([j for j, a in enumerate(net.arcs) if a.source == OUTSIDE])
    layout.sink_arcs = _ix([j for j, a in enumerate(net.arcs) if a.target == OUTSIDE])
    layout.lossy_arcs = _ix(
        [j for j, a in enumerate(net.arcs)
         if a.target != OUTSIDE and (a.gain != 1.0 or a.gain_param is not None)]
    )
    layout.lossy_gain = np.array([net.arcs[j].gain for j in layout.lossy_arcs], dtype=float)
    layout.lossy_dynamic = [
        (k, p) for k, j in enumerate(layout.lossy_arcs) if (p := net.arcs[j].gain_param) is not None
    ]
    layout.real_storages = _ix([i for i, s in enumerate(net.storages) if not s.virtual])
