"""From a :class:`~arna.network.ir.LinearNetwork` to a compact LP and the arrays the time loop uses.

The network is first reduced (:mod:`arna.engine.reduce`): junction rows that
can be solved for one arc disappear, so the solver sees a row per confluence
and storage and a column per branch, losses folded into coefficients. Limits
of eliminated arcs become (scaled) bounds of the columns that carry them, the
tightest one winning at each timestep. Each ``define_*`` function then handles
one concern.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from arna.engine.csr import CSR
from arna.engine.reduce import Reduction, reduce_network, trivial_refs
from arna.engine.solver import SparseLP, csc_from_triplets
from arna.network.ir import OUTSIDE, LinearNetwork


@dataclass
class Layout:
    """Index arrays over the compact LP, built once per network."""

    lp: SparseLP
    expansion: CSR  # original columns = expansion @ compact columns
    n_arc_columns: int  # compact arc columns; zone columns follow
    member_order: np.ndarray  # arcs sorted by compact column
    member_starts: np.ndarray  # reduceat offsets into member_order
    member_inv_factor: np.ndarray
    arc_lower: np.ndarray  # refs, in member order
    arc_upper: np.ndarray
    zone_col: np.ndarray  # compact
    zone_col_orig: np.ndarray  # original column numbering (after the arcs)
    zone_lower: np.ndarray
    zone_upper: np.ndarray
    zone_storage: np.ndarray
    zone_is_bottom: np.ndarray
    cost_matrix: CSR  # (compact columns × params)
    junction_inflow_row: np.ndarray
    junction_inflow_param: np.ndarray
    storage_row: np.ndarray
    constraint_row: np.ndarray
    constraint_lower: np.ndarray
    constraint_upper: np.ndarray
    row_names: list[str] = field(default_factory=list)
    dynamic_gains: list[tuple[int, int, int, float]] = field(default_factory=list)  # row, col, param, ×
    tier_cols: list[np.ndarray] = field(default_factory=list)
    tier_weights: list[np.ndarray] = field(default_factory=list)
    # water balance, on the original arcs
    source_arcs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    sink_arcs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    lossy_arcs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    lossy_gain: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lossy_dynamic: list[tuple[int, int]] = field(default_factory=list)
    real_storages: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    # what HiGHS sees (see define_solver_view): the compact LP less the columns every step fixes
    solver_lp: SparseLP | None = None
    solver_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))  # compact columns kept
    fixed_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))  # compact columns left out
    fixed_matrix: CSR | None = None  # (rows × fixed columns): what the fixed columns put in each row

    def solver(self) -> SparseLP:
        """The LP HiGHS solves for one scenario: the compact LP less :attr:`fixed_cols`."""
        return self.lp if self.solver_lp is None else self.solver_lp

    def expand(self, x: np.ndarray) -> np.ndarray:
        """Original columns (arcs, then zones) from compact ones; works on ``(n,)`` and ``(n, S)``."""
        return self.expansion @ x


def _ix(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.intp)


def build_layout(net: LinearNetwork) -> Layout:
    """Reduce ``net`` and assemble its LP and index arrays."""
    protected = {c for tier in net.tiers for c, _ in tier}
    red = reduce_network(net, protected)
    position = {int(c): i for i, c in enumerate(red.kept)}
    n_cols = len(red.kept)
    n_arc_cols = int((red.kept < net.n_arcs).sum())
    storage_junctions = {s.row for s in net.storages if not s.virtual}
    inflow_rows = {r for r, (_, p) in enumerate(net.junctions) if p is not None}
    keep = [(r, t) for r, t in zip(red.rows, red.row_terms, strict=True)
            if t or r in storage_junctions or r in inflow_rows]
    row_of = {r: i for i, (r, _) in enumerate(keep)}
    n_kept = len(keep)
    terms = [(i, c, v) for i, (_, t) in enumerate(keep) for c, v in t.items()]
    terms += define_constraints(net, red, n_kept)
    terms += define_licences(net, red, position, n_kept)
    n_rows = n_kept + len(net.constraints) + sum(s.virtual for s in net.storages)
    mem = [(i, lo, hi, f) for i, ms in enumerate(red.members) if i < n_arc_cols for lo, hi, f in ms]
    mem.sort(key=lambda m: m[0])
    mem_cols = np.array([m[0] for m in mem], dtype=np.intp)
    if len(np.unique(mem_cols)) != n_arc_cols:
        raise RuntimeError("internal: a compact column has no bounds")
    zones = [(i, z, k == 0) for i, s in enumerate(net.storages) for k, z in enumerate(s.zones)]
    inflow = [(row_of[r], p) for r, (_, p) in enumerate(net.junctions) if p is not None]
    layout = Layout(
        lp=csc_from_triplets(n_rows, n_cols, terms),
        expansion=red.expand,
        n_arc_columns=n_arc_cols,
        member_order=np.arange(len(mem), dtype=np.intp),
        member_starts=np.flatnonzero(np.r_[True, np.diff(mem_cols) != 0]) if len(mem) else np.zeros(0, np.intp),
        member_inv_factor=np.array([1.0 / m[3] for m in mem]),
        arc_lower=_ix([m[1] for m in mem]),
        arc_upper=_ix([m[2] for m in mem]),
        zone_col=_ix([position[z.column] for _, z, _ in zones]),
        zone_col_orig=_ix([z.column for _, z, _ in zones]),
        zone_lower=_ix([z.lower for _, z, _ in zones]),
        zone_upper=_ix([z.upper for _, z, _ in zones]),
        zone_storage=_ix([i for i, _, _ in zones]),
        zone_is_bottom=np.array([b for _, _, b in zones], dtype=bool),
        cost_matrix=define_costs(net, red, n_cols),
        junction_inflow_row=_ix([r for r, _ in inflow]),
        junction_inflow_param=_ix([p for _, p in inflow]),
        storage_row=_ix([row_of[s.row] if not s.virtual else n_kept + len(net.constraints) + s.row
                         for s in net.storages]),
        constraint_row=_ix([n_kept + i for i in range(len(net.constraints))]),
        constraint_lower=_ix([k.lower for k in net.constraints]),
        constraint_upper=_ix([k.upper for k in net.constraints]),
        row_names=[net.junctions[r][0] for r, _ in keep] + [k.name for k in net.constraints]
        + [s.name for s in net.storages if s.virtual],
    )
    layout.tier_cols = [_ix([position[c] for c, _ in tier]) for tier in net.tiers]
    layout.tier_weights = [np.array([w for _, w in tier], dtype=float) for tier in net.tiers]
    define_balance_sets(net, layout)
    layout.dynamic_gains = [
        (row_of[a.target], position[j], a.gain_param, 1.0)
        for j, a in enumerate(net.arcs)
        if a.gain_param is not None and a.target != OUTSIDE
    ]
    define_solver_view(net, red, layout)
    return layout


def define_solver_view(net: LinearNetwork, red: Reduction, layout: Layout) -> None:
    """Leave out of the solver's LP the columns that every timestep fixes.

    A compact arc column whose one real limit is a parameter as both its lower and its upper bound
    (a catchment's inflow, a fixed flow; the other arcs folded into it limit nothing: 0 to +inf) has
    that value at every step: it is moved into the row bounds instead (``row −= A[:, fixed] · value``)
    and set back into the solution after the solve. (Such a value is a flow, refused where negative
    before or during the run — :mod:`arna.network.non_negative` — so the 0 lower limit holds too.)
    HiGHS's work per solve (setting the simplex up, the KKT check after it) grows with the LP's
    columns, so it solves a smaller LP to the same optimum. Networks with priority tiers, fair
    sharing or coefficients set by parameters keep every column (their blocks index columns).
    """
    lp = layout.lp
    fixed: list[int] = []
    if not net.tiers and not layout.dynamic_gains:
        zero, inf = trivial_refs(net)
        for i in range(layout.n_arc_columns):
            members = red.members[i]
            pinned = [m for m in members if m[0] == m[1]]
            if len(pinned) == 1 and all(m is pinned[0] or (m[0] in zero and m[1] in inf) for m in members):
                fixed.append(i)
    fixed_set = set(fixed)
    kept = np.array([c for c in range(lp.n_cols) if c not in fixed_set], dtype=np.intp)
    if not kept.size:  # nothing left to solve for: keep the LP whole
        kept, fixed = np.arange(lp.n_cols, dtype=np.intp), []
    layout.solver_cols, layout.fixed_cols = kept, np.array(fixed, dtype=np.intp)
    if not fixed:
        layout.solver_lp = lp
        return
    starts, index, value = [0], [], []
    for c in kept:
        lo, hi = int(lp.starts[c]), int(lp.starts[c + 1])
        index.append(lp.index[lo:hi])
        value.append(lp.value[lo:hi])
        starts.append(starts[-1] + hi - lo)
    layout.solver_lp = SparseLP(len(kept), lp.n_rows, np.array(starts, dtype=np.int32),
                                np.concatenate(index).astype(np.int32), np.concatenate(value).astype(float))
    entries = [(int(lp.index[k]), j, float(lp.value[k]))
               for j, c in enumerate(fixed) for k in range(int(lp.starts[c]), int(lp.starts[c + 1]))]
    layout.fixed_matrix = CSR.from_entries(entries, (lp.n_rows, len(fixed)))


def _row_over_compact(red: Reduction, terms: list[tuple[int, float]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for col, coef in terms:
        indices, data = red.expand.row(col)
        for k, v in zip(indices, data, strict=True):
            out[int(k)] = out.get(int(k), 0.0) + coef * float(v)
    return out


def define_constraints(net: LinearNetwork, red: Reduction, n_kept: int) -> list[tuple[int, int, float]]:
    """Rows over several columns: shared limits, proportions, multi-arc node limits."""
    out: list[tuple[int, int, float]] = []
    for i, k in enumerate(net.constraints):
        out += [(n_kept + i, c, v) for c, v in _row_over_compact(red, k.terms).items()]
    return out


def define_licences(net: LinearNetwork, red: Reduction, position: dict[int, int], n_kept: int
                    ) -> list[tuple[int, int, float]]:
    """Licence rows: draw-down by member flows, and their volume columns."""
    out: list[tuple[int, int, float]] = []
    base = n_kept + len(net.constraints)
    for s in net.storages:
        if s.virtual:
            r = base + s.row
            out += [(r, position[z.column], -1.0) for z in s.zones]
            out += [(r, c, -v) for c, v in _row_over_compact(red, s.terms).items()]
    return out


def define_costs(net: LinearNetwork, red: Reduction, n_cols: int) -> CSR:
    """Cost of each compact column as a sparse combination of parameters."""
    rows = [col for col, _, _ in net.costs]
    cols = [p for _, p, _ in net.costs]
    vals = [coef for _, _, coef in net.costs]
    original = CSR.from_triplets(rows, cols, vals, (net.n_columns, max(len(net.params), 1)))
    return red.expand.T @ original


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
