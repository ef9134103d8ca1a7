"""The time loop: evaluate parameters, update the LP in place, solve, advance the state.

Timesteps are the outer loop and scenarios the inner one; every scenario keeps
its own persistent HiGHS instance (and so its own basis for warm starts).
Parameter values are ``(n_params, S)`` arrays, so bounds, costs and right-hand
sides of all nodes are gathered with numpy, never in a Python loop over nodes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from arna.engine.arrays import zeroed
from arna.engine.assemble import Layout, build_layout
from arna.engine.balance import BalanceTracker
from arna.engine.blocks import Block, block_sizes, make_blocks
from arna.engine.csr import CSR
from arna.engine.fairness import attach, groups_of
from arna.engine.solver import HighsLP
from arna.network.batch import plan
from arna.network.ir import NEGATIVE_TOLERANCE, LinearNetwork
from arna.network.parameters import State

if TYPE_CHECKING:
    from arna.engine.quality import QualityHistory, Transport

Progress = Callable[[int, int], None]


TIER_SLACK = 1e-7
"""How far (relative, at least absolute) below a priority tier's result the next tiers may go."""


@dataclass
class RawResults:
    """Arrays produced by a run (for one block of scenarios)."""

    net: LinearNetwork
    scenarios: list[int]
    recorded: np.ndarray  # (T, n_recorders, S): the network's recorders, in their order
    kept: np.ndarray  # (T, n_kept, S): the few columns post-run recorders need (turbine flows)
    keep_index: dict[int, int]  # original column → position in ``kept``
    volumes: np.ndarray  # (T + 1, n_storages, S): start of run, then end of each timestep
    balance_error: float
    timings: dict[str, float] = field(default_factory=dict)
    quality: QualityHistory | None = None  # constituents carried by the water (engine.quality)


class StaticValues:
    """Precomputed static parameter values, split into time-only and scenario-dependent blocks."""

    def __init__(self, net: LinearNetwork, scenarios: Sequence[int]) -> None:
        n_t, n_s = len(net.timesteps), len(net.scenarios)
        cols = np.asarray(scenarios, dtype=np.intp)
        time_only: list[np.ndarray] = []
        full: list[np.ndarray] = []
        self.time_idx: list[int] = []
        self.full_idx: list[int] = []
        self.dynamic: list[int] = []
        for i, p in enumerate(net.params):
            if p.dynamic:
                self.dynamic.append(i)
                continue
            v = p.static_values(n_t, n_s)
            if v.shape[1] == 1:
                self.time_idx.append(i)
                time_only.append(v[:, 0])
            else:
                self.full_idx.append(i)
                full.append(v[:, cols])
        self.time_only = np.stack(time_only, axis=1) if time_only else np.zeros((n_t, 0))
        self.full = np.stack(full, axis=1) if full else np.zeros((n_t, 0, len(cols)))
        self.n_params = len(net.params)
        self.n_scen = len(cols)

    def at(self, t: int) -> np.ndarray:
        values = np.empty((self.n_params, self.n_scen))
        values[self.time_idx] = self.time_only[t][:, None]
        values[self.full_idx] = self.full[t]
        return values


def simulate(
    net: LinearNetwork,
    scenarios: Sequence[int] | None = None,
    progress: Progress | None = None,
    layout: Layout | None = None,
    block_size: int | Sequence[int] | None = None,
    recorded: np.ndarray | None = None,
) -> RawResults:
    """Run ``net`` over all timesteps for the given scenario indices (default: all).

    ``block_size`` scenarios share one block-diagonal LP, or blocks of the given sizes in order
    (default: :func:`arna.engine.blocks.block_sizes`); results do not depend on it.
    ``recorded``: a ``(T, n_recorders, S)`` array (a view, possibly of memory shared with
    other processes) to record into instead of a new one.
    """
    t_setup = time.perf_counter()
    scen = list(range(len(net.scenarios))) if scenarios is None else list(scenarios)
    layout = layout or build_layout(net)
    static = StaticValues(net, scen)
    blocks = make_blocks(layout, len(scen), block_size or block_sizes(layout, len(scen)))
    attach(groups_of(net, layout.tier_cols), blocks)
    solvers = [b.solver for b in blocks]
    loop = _Loop(net, layout, static, blocks, scen, recorded)
    setup = time.perf_counter() - t_setup
    t_run = time.perf_counter()
    for t in range(len(net.timesteps)):
        loop.step(t)
        if progress is not None:
            progress(t + 1, len(net.timesteps))
    run = time.perf_counter() - t_run
    loop.balance.raise_if_open(net, scen)
    quality = loop.quality
    if quality is not None:
        quality.raise_if_open()
    return RawResults(
        net=net,
        scenarios=scen,
        recorded=loop.rec_hist,
        kept=loop.x_keep,
        keep_index=loop.keep_index,
        volumes=loop.v_hist,
        balance_error=loop.balance.max_error,
        timings={"setup": setup, "run": run, "solve": sum(s.solve_seconds for s in solvers),
                 "highs_changes": sum(s.change_seconds for s in solvers),
                 **({"quality": quality.seconds} if quality is not None else {})},
        quality=None if quality is None else quality.history(),
    )


class _Loop:
    """State and buffers of one run."""

    def __init__(
        self, net: LinearNetwork, layout: Layout, static: StaticValues, blocks: list[Block], scen: list[int],
        recorded: np.ndarray | None = None,
    ) -> None:
        self.net, self.layout, self.static, self.blocks, self.scen = net, layout, static, blocks, scen
        n_t, n_s = len(net.timesteps), len(scen)
        self.dates = net.timesteps
        # (month, day of year, year) of each timestep as Python ints: a pandas Timestamp per step cost ~70 µs
        self.calendar = list(zip(self.dates.month.tolist(), self.dates.day_of_year.tolist(), self.dates.year.tolist(),
                                 strict=True))
        first = static.at(0)
        self.volumes = np.array([first[s.initial] for s in net.storages]).reshape(len(net.storages), n_s)
        self.depth = max([p.history_depth() for p in net.params] + [0])
        self.flow_hist = np.zeros((self.depth, len(net.node_flows), n_s))
        self.nf_cols, self.nf_pars = node_flow_matrices(net)
        self.xc = np.zeros((layout.lp.n_cols, n_s))
        self.rec_cols, self.rec_pars, self.rec_vols = recorder_matrices(net)
        shape = (n_t, len(net.recorders), n_s)
        if recorded is not None and recorded.shape != shape:
            raise ValueError(f"recorded: shape {recorded.shape}, the run records {shape}")
        self.rec_hist = zeroed(shape) if recorded is None else recorded
        keep = sorted({int(getattr(d, "turbine_column", -1)) for d in net.derived} - {-1}
                      | {c for st in net.storages if st.rolling_window for c, _ in st.terms})
        self.keep = np.array(keep, dtype=np.intp)
        self.keep_index = {c: i for i, c in enumerate(keep)}
        self.x_keep = np.zeros((n_t, len(keep), n_s))
        self.v_hist = np.zeros((n_t + 1, len(net.storages), n_s))
        self.v_hist[0] = self.volumes
        self.balance = BalanceTracker(layout, net)
        self.groups = _Groups(layout.member_starts, len(layout.arc_lower))
        # storages × columns, 1 where a column is a zone of the storage: its volume is one sparse product
        self.zone_of = CSR.from_entries([(int(s), int(c), 1.0) for s, c in zip(layout.zone_storage,
                                                                               layout.zone_col_orig, strict=True)],
                                        (len(net.storages), net.n_columns))
        self.plan = plan(net.params)
        self.prev_values = np.zeros((len(net.params), n_s))
        self.resets: dict[int, list[int]] = {}
        for i, s in enumerate(net.storages):
            for t in s.reset_steps:
                self.resets.setdefault(t, []).append(i)
        self.inactive = [(i, s.active) for i, s in enumerate(net.storages) if s.active is not None]
        self.quality = None if net.quality is None else _transport(net, n_s, first, self.volumes)
        # Nothing reads the network's own columns but the recorders, the storages and the balance check (no
        # flow history, no kept columns, no constituents): take them straight from the LP's columns, through
        # the reduction's expansion multiplied into each map once, instead of expanding the LP every step.
        self.compact = not self.depth and not keep and self.quality is None and self.balance.composable
        if self.compact:
            expansion = layout.expansion
            self.rec_cols, self.zone_of = self.rec_cols @ expansion, self.zone_of @ expansion
            self.balance.compose(expansion)
        single_lp = all(b.fair is None and not b.tier_cols for b in blocks)
        solver = layout.solver()
        self.plain = _PlainSteps(blocks, solver.n_cols, solver.n_rows, n_s) if single_lp and blocks else None
        self.kept = layout.solver_cols if layout.fixed_cols.size else None

    def state(self, t: int, values: np.ndarray) -> State:
        month, day_of_year, year = self.calendar[t]
        return State(t=t, volumes=self.volumes, flow_history=self.flow_hist, values=values,
                     days=float(self.net.days[t]), month=month, day_of_year=day_of_year, year=year,
                     extra={"previous_values": self.prev_values,
                            **(self.quality.state() if self.quality is not None else {})})

    def step(self, t: int) -> None:
        net, lay = self.net, self.layout
        values = self.static.at(t)
        for i in self.resets.get(t, ()):
            ref = net.storages[i].reset_volume
            if ref is not None:
                self.volumes[i] = values[ref]
        state = self.state(t, values)
        for step in self.plan:
            values[step.targets] = step.evaluate(state)
        dt = float(net.days[t])
        self._t, self._values = t, values
        self._apply_licence_windows(t, values)
        col_lo, col_hi, cost, row_lo, row_hi = self._bounds(values, dt)
        self._check_finite(t, values, col_lo, col_hi, cost, row_lo, row_hi)
        xc = self.xc
        kept = self.kept  # the columns the solver has (None: all of them)
        fixed = None if kept is None else col_lo[lay.fixed_cols]  # the values of the columns the step fixes
        by_scenario = self._solver_data(col_lo, col_hi, cost, row_lo, row_hi, fixed)
        if self.plain is not None and self.plain.ready:
            self.plain.solve(by_scenario, values, self._explain_at(t))
            if kept is None:
                np.copyto(xc, self.plain.x.T)
            else:
                xc[kept] = self.plain.x.T
        else:
            for blk in self.blocks:
                m = blk.members
                self._change_gains(blk, values)
                span = slice(int(m[0]), int(m[-1]) + 1)  # a block's scenarios are consecutive
                flat = self._solve(t, blk, *(a[span].reshape(-1) for a in by_scenario))
                xc[slice(None) if kept is None else kept, span] = blk.split(flat)
        if fixed is not None:
            xc[lay.fixed_cols] = fixed
        if self.plain is not None:
            self.plain.remember(by_scenario)
        x = xc if self.compact else lay.expand(xc)  # the columns the maps read (see ``compact``)
        self._advance(t, x, values, dt)
        self._record(t, x, values)
        if len(self.keep):
            self.x_keep[t] = x[self.keep]

    def _solver_data(self, col_lo: np.ndarray, col_hi: np.ndarray, cost: np.ndarray, row_lo: np.ndarray,
                     row_hi: np.ndarray, fixed: np.ndarray | None) -> tuple[np.ndarray, ...]:
        """The step's LP data as the solver has them, scenario after scenario (each block's part is then
        one contiguous view: a copy per array, not per block). Columns the step fixes (at ``fixed``) are
        left out and what they carry moved into the row bounds (see
        :func:`arna.engine.assemble.define_solver_view`)."""
        kept, fixed_matrix = self.kept, self.layout.fixed_matrix
        if kept is None or fixed is None:
            return tuple(np.ascontiguousarray(a.T) for a in (col_lo, col_hi, cost, row_lo, row_hi))
        assert fixed_matrix is not None
        carried = fixed_matrix @ fixed
        return (*(np.ascontiguousarray(a.T[:, kept]) for a in (col_lo, col_hi, cost)),
                np.ascontiguousarray((row_lo - carried).T), np.ascontiguousarray((row_hi - carried).T))

    @staticmethod
    def _change_gains(blk: Block, values: np.ndarray) -> None:
        """Coefficients that parameters set (gains of links with losses), for each scenario of ``blk``."""
        m = blk.members
        for row, col, p, f, k in blk.gains:
            blk.solver.change_coefficient(row, col, float(values[p, m[k]]) * f)

    def _explain_at(self, t: int) -> Callable[[Block, str], Exception]:
        return lambda blk, status: self._explain(t, blk, status)

    def _record(self, t: int, x: np.ndarray, values: np.ndarray) -> None:
        """Recorders from columns, parameters and volumes (maps with no entries are skipped)."""
        out = self.rec_hist[t]
        out[...] = self.rec_cols @ x if self.rec_cols.nnz else 0.0
        if self.rec_pars.nnz:
            out += self.rec_pars @ values
        if self.rec_vols.nnz:
            out += self.rec_vols @ self.volumes

    def _check_finite(self, t: int, values: np.ndarray, col_lo: np.ndarray, col_hi: np.ndarray,
                      cost: np.ndarray, row_lo: np.ndarray, row_hi: np.ndarray) -> None:
        """Refuse a step whose LP data are not numbers (HiGHS would keep the last solution or never return), or
        where a flow or volume that reads the state is negative (the LP would have no solution)."""
        signed = self.net.non_negative_params
        if signed.size and values[signed].min() < -NEGATIVE_TOLERANCE:
            from arna.engine.diagnose import negative_error

            raise negative_error(self.net, t, self.scen, values)
        if _all_numbers(values, col_lo, col_hi, cost, row_lo, row_hi):
            return
        bad = np.isnan(values).any(axis=0) | ~np.isfinite(cost).all(axis=0)
        for lower, upper in ((col_lo, col_hi), (row_lo, row_hi)):
            bad |= (np.isnan(lower) | np.isposinf(lower) | np.isnan(upper) | np.isneginf(upper)).any(axis=0)
        if bad.any():
            from arna.engine.diagnose import non_finite_error

            k = int(np.argmax(bad))
            raise non_finite_error(self.net, t, self.scen[k], values[:, k])

    def _solve(
        self, t: int, blk: Block, lo: np.ndarray, hi: np.ndarray, cost: np.ndarray,
        row_lo: np.ndarray, row_hi: np.ndarray,
    ) -> np.ndarray:
        """One LP, or one per priority tier (highest first), each tier's result a floor for the next."""
        solver = blk.solver
        if blk.fair is not None:
            return blk.fair.solve(self._values[:, blk.members], lo, hi, cost, row_lo, row_hi,
                                  lambda: self._checked(t, blk))
        if not blk.tier_cols:
            solver.update(lo, hi, cost, row_lo, row_hi)
            return self._checked(t, blk)
        x = np.zeros(0)
        loose = lo.copy()  # the same floors, a little lower: used only if a tight floor proves out of reach
        for cols, weights in zip(blk.tier_cols, blk.tier_weights, strict=True):
            c = cost.copy()
            np.subtract.at(c, cols, weights)
            solver.update(lo, hi, c, row_lo, row_hi)
            ok, status = solver.solve()
            if not ok and x.size:
                # An earlier tier's result may use HiGHS's feasibility tolerance (1e-7), so a floor just
                # below it can be out of reach for this tier: retry with the loose floors (issue 16).
                lo[:] = loose
                solver.update(lo, hi, c, row_lo, row_hi)
                ok, status = solver.solve()
            if not ok:
                raise self._explain(t, blk, status)
            x = solver.primal()
            scale = np.maximum(1.0, np.abs(x[cols]))
            lo[cols] = np.minimum(np.maximum(lo[cols], x[cols] - 1e-10 * scale), hi[cols])
            loose[cols] = np.minimum(np.maximum(loose[cols], x[cols] - TIER_SLACK * scale), hi[cols])
        return x

    def _checked(self, t: int, blk: Block) -> np.ndarray:
        ok, status = blk.solver.solve()
        if not ok:
            raise self._explain(t, blk, status)
        return blk.solver.primal()

    def _explain(self, t: int, blk: Block, status: str) -> Exception:
        """The error for an infeasible block, naming the first of its scenarios that fails alone."""
        from arna.engine.diagnose import infeasible_error

        if len(blk.members) == 1:
            return infeasible_error(self.net, self.layout, blk.solver, t, self.scen[int(blk.members[0])], status)
        lp_one = self.layout.solver()
        n, m = lp_one.n_cols, lp_one.n_rows
        lp = blk.solver.current_lp()
        lo, hi = np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)
        rlo, rhi, c = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_), np.asarray(lp.col_cost_)
        for i, k in enumerate(blk.members):
            single = HighsLP(lp_one)
            single.update(lo[i * n:(i + 1) * n], hi[i * n:(i + 1) * n], c[i * n:(i + 1) * n],
                          rlo[i * m:(i + 1) * m], rhi[i * m:(i + 1) * m])
            ok, st = single.solve()
            if not ok:
                return infeasible_error(self.net, self.layout, single, t, self.scen[int(k)], st)
        return infeasible_error(self.net, self.layout, blk.solver, t, self.scen[int(blk.members[0])], status)

    def _bounds(self, values: np.ndarray, dt: float) -> tuple[np.ndarray, ...]:
        lay, n_s = self.layout, values.shape[1]
        col_lo = np.empty((lay.lp.n_cols, n_s))
        col_hi = np.empty((lay.lp.n_cols, n_s))
        n_arcs = lay.n_arc_columns
        if n_arcs:
            inv = lay.member_inv_factor[:, None]
            self.groups.reduce(np.maximum, values[lay.arc_lower] * inv, -np.inf, col_lo[:n_arcs])
            self.groups.reduce(np.minimum, values[lay.arc_upper] * inv, np.inf, col_hi[:n_arcs])
        z_lo = values[lay.zone_lower]
        z_prev = self.volumes[lay.zone_storage]
        z_lo = np.where(lay.zone_is_bottom[:, None], np.minimum(z_lo, z_prev), z_lo)
        col_lo[lay.zone_col] = z_lo / dt
        col_hi[lay.zone_col] = values[lay.zone_upper] / dt
        cost = np.asarray(lay.cost_matrix @ values)
        rhs = np.zeros((lay.lp.n_rows, n_s))
        rhs[lay.junction_inflow_row] -= values[lay.junction_inflow_param]
        rhs[lay.storage_row] -= self.volumes / dt
        row_lo, row_hi = rhs.copy(), rhs
        row_lo[lay.constraint_row] = values[lay.constraint_lower]
        row_hi[lay.constraint_row] = values[lay.constraint_upper]
        self._close_inactive(col_lo, col_hi, row_lo, row_hi, dt)
        return col_lo, col_hi, cost, row_lo, row_hi

    def _close_inactive(self, col_lo: np.ndarray, col_hi: np.ndarray, row_lo: np.ndarray,
                        row_hi: np.ndarray, dt: float) -> None:
        """A licence out of its season does not constrain, and keeps its volume."""
        lay = self.layout
        for i, active in self.inactive:
            if active[self._t]:
                continue
            row = lay.storage_row[i]
            row_lo[row], row_hi[row] = -np.inf, np.inf
            for k in np.flatnonzero(lay.zone_storage == i):
                col = lay.zone_col[k]
                col_lo[col] = col_hi[col] = self.volumes[i] / dt if lay.zone_is_bottom[k] else 0.0

    def _advance(self, t: int, x: np.ndarray, values: np.ndarray, dt: float) -> None:
        new = self.zone_of @ x * dt  # each storage: the sum of its zones
        self.balance.check(t, x, values, self.volumes, new, dt)
        if self.quality is not None:
            self.quality.step(t, x, values, self.volumes, new, dt)
        self._roll_back(t, new, x, values)
        self.volumes = new
        self.v_hist[t + 1] = new
        self.prev_values = values
        if self.depth:
            self.flow_hist[1:] = self.flow_hist[:-1]
            self.flow_hist[0] = self.nf_cols @ x + self.nf_pars @ values

    def _past(self, k: int, c: int, x: np.ndarray) -> np.ndarray:
        """Column ``c`` at timestep ``k`` (the current step's ``x`` is not stored yet)."""
        return x[c] if k == self._t else self.x_keep[k, self.keep_index[c]]

    def _roll_back(self, t: int, vol: np.ndarray, x: np.ndarray, values: np.ndarray) -> None:
        """Rolling licences: after a step, the use that leaves the window is available again."""
        for i, s in enumerate(self.net.storages):
            if s.virtual and s.rolling_window and t - s.rolling_window + 1 >= 0:
                k = t - s.rolling_window + 1
                vol[i] += sum(f * self._past(k, c, x) for c, f in s.terms) * float(self.net.days[k])
            elif s.virtual and s.rolling_window and s.initial_use is not None:
                vol[i] += values[s.initial_use]  # a step of the use assumed before the run

    def _apply_licence_windows(self, t: int, values: np.ndarray) -> None:
        """Rolling licences: what is left is the budget less the use of the last window − 1 steps."""
        for i, s in enumerate(self.net.storages):
            if not (s.virtual and s.rolling_window and s.reset_volume is not None):
                continue
            budget = values[s.reset_volume]
            used = np.zeros_like(budget)
            lo = max(0, t - s.rolling_window + 1)
            for k in range(lo, t):
                used += sum(f * self.x_keep[k, self.keep_index[c]] for c, f in s.terms) * float(self.net.days[k])
            if s.initial_use is not None:  # window steps before the run, at the use assumed for them
                used += values[s.initial_use] * max(0, s.rolling_window - 1 - t)
            self.volumes[i] = budget - used


class _PlainSteps:
    """Blocks that solve one LP each (no priority tiers, no fair sharing), updated for a whole step at once.

    From the second step on, what changed since the last step is found with one comparison per array for
    all blocks (not one set of comparisons, index lists and copies per block), and every block's instance
    gets its part as int32 masks over full-length arrays at raw addresses (HiGHS's by-mask calls: no index
    list to sort). Solutions are written straight into one scenario-major array.
    """

    def __init__(self, blocks: list[Block], n_cols: int, n_rows: int, n_scen: int) -> None:
        self.blocks, self.n_cols, self.n_rows = blocks, n_cols, n_rows
        self.spans = [(int(b.members[0]), int(b.members[-1]) + 1) for b in blocks]
        self.x = np.zeros((n_scen, n_cols))
        self.prev: tuple[np.ndarray, ...] | None = None
        # per block: where its part of each step array starts, in entries and in bytes (masks are int32)
        widths = (n_cols, n_cols, n_cols, n_rows, n_rows, n_rows, n_cols, n_cols)
        sizes = (4, 8, 8, 4, 8, 8, 4, 8)
        self.parts = [tuple(slice(k0 * w, k1 * w) for w in widths) for k0, k1 in self.spans]
        self.offsets = [tuple(k0 * w * b for w, b in zip(widths, sizes, strict=True)) for k0, _ in self.spans]

    @property
    def ready(self) -> bool:
        """True once a step has been solved block by block (every instance then holds the last step's data)."""
        return self.prev is not None

    def remember(self, data: tuple[np.ndarray, ...]) -> None:
        """Keep this step's arrays (new every step, never changed afterwards) to compare the next step with."""
        self.prev = data

    def solve(self, data: tuple[np.ndarray, ...], values: np.ndarray,
              explain: Callable[[Block, str], Exception]) -> None:
        assert self.prev is not None
        lo, hi, cost, row_lo, row_hi = data
        p_lo, p_hi, p_cost, p_row_lo, p_row_hi = self.prev
        col_mask = _changed(lo, p_lo, hi, p_hi)
        row_mask = _changed(row_lo, p_row_lo, row_hi, p_row_hi)
        cost_changed = cost != p_cost
        # no cost changed (the usual step): an empty mask, passed on as a null address, sends no costs
        cost_mask = cost_changed.astype(np.int32) if cost_changed.any() else np.zeros(0, dtype=np.int32)
        arrays = (col_mask, lo, hi, row_mask, row_lo, row_hi, cost_mask, cost)
        flat = [a.reshape(-1) for a in arrays]
        base = [a.ctypes.data if a.size else 0 for a in arrays]
        n = self.n_cols
        x_flat, x_at = self.x.reshape(-1), self.x.ctypes.data
        for blk, (k0, k1), parts, offsets in zip(self.blocks, self.spans, self.parts, self.offsets, strict=True):
            _Loop._change_gains(blk, values)
            blk.solver.change_masked(flat, parts, [b + o if b else 0 for b, o in zip(base, offsets, strict=True)])
            ok, status = blk.solver.solve()
            if not ok:
                raise explain(blk, status)
            blk.solver.primal_to(x_flat[k0 * n:k1 * n], x_at + k0 * n * 8)


def _changed(lo: np.ndarray, old_lo: np.ndarray, hi: np.ndarray, old_hi: np.ndarray) -> np.ndarray:
    """1 (int32) where a lower or an upper bound differs from the last step's."""
    mask = lo != old_lo
    mask |= hi != old_hi
    return mask.astype(np.int32)


def _all_numbers(values: np.ndarray, col_lo: np.ndarray, col_hi: np.ndarray, cost: np.ndarray,
                 row_lo: np.ndarray, row_hi: np.ndarray) -> bool:
    """The quick test behind ``_check_finite``: one reduction per array (min and max propagate NaN).

    True when no value is NaN, every cost is finite, no lower bound is NaN or +inf and no upper bound
    NaN or −inf; when False the exact per-scenario test runs and names the culprit.
    """
    if values.size and np.isnan(values.min()):
        return False
    if cost.size and not (np.isfinite(cost.min()) and np.isfinite(cost.max())):
        return False
    for lower, upper in ((col_lo, col_hi), (row_lo, row_hi)):
        if lower.size and not lower.max() < np.inf:
            return False
        if upper.size and not upper.min() > -np.inf:
            return False
    return True


class _Groups:
    """Reduce consecutive groups of rows (one group per LP column, from ``starts``) to one row each.

    The same as ``ufunc.reduceat(a, starts, axis=0)`` but as ``k`` whole-array operations, ``k`` the
    largest group (a few members at most): reduceat along the first axis is ~20× slower.
    """

    def __init__(self, starts: np.ndarray, n: int) -> None:
        starts = np.asarray(starts, dtype=np.intp)
        sizes = np.diff(np.append(starts, n))
        k = int(sizes.max()) if len(sizes) else 0
        # row j of ``take`` is the j-th member of each group, or ``n`` (a padding row) when it has fewer
        self.take = np.where(np.arange(k)[:, None] < sizes[None, :], starts[None, :] + np.arange(k)[:, None], n)
        self.plain = k == 1 and bool((starts == np.arange(len(starts))).all()) and len(starts) == n
        self._padded: dict[tuple[int, int, float], np.ndarray] = {}

    def reduce(self, ufunc: np.ufunc, a: np.ndarray, neutral: float, out: np.ndarray) -> None:
        if self.plain:
            out[...] = a
            return
        n = a.shape[0]
        padded = self._padded.get((n, a.shape[1], neutral))
        if padded is None:  # kept per shape and neutral value: its last row stays the neutral one
            padded = np.full((n + 1, a.shape[1]), neutral)
            self._padded[(n, a.shape[1], neutral)] = padded
        padded[:n] = a
        np.take(padded, self.take[0], axis=0, out=out)
        for row in self.take[1:]:
            ufunc(out, np.take(padded, row, axis=0), out=out)


def recorder_matrices(net: LinearNetwork) -> tuple[CSR, CSR, CSR]:
    """Recorders as sparse maps from columns, parameters and volumes (scales applied)."""
    n = len(net.recorders)
    cols: list[tuple[int, int, float]] = []
    pars: list[tuple[int, int, float]] = []
    vols: list[tuple[int, int, float]] = []
    for i, r in enumerate(net.recorders):
        cols += [(i, c, k * r.scale) for c, k in r.columns]
        pars += [(i, p, k * r.scale) for p, k in r.params]
        vols += [(i, v, r.scale) for v in ([r.volume_of] if r.volume_of is not None else []) + list(r.volumes_of)]
    return (_matrix(cols, n, net.n_columns), _matrix(pars, n, len(net.params)),
            _matrix(vols, n, len(net.storages)))


def _matrix(entries: list[tuple[int, int, float]], n: int, width: int) -> CSR:
    """An ``(n, width)`` sparse matrix from (row, column, value) triplets."""
    return CSR.from_entries(entries, (n, width))


def node_flow_matrices(net: LinearNetwork) -> tuple[CSR, CSR]:
    """Node flows as sparse maps from columns and parameters (for flow-dependent parameters)."""
    n = len(net.node_flows)
    cols = [(i, c, k) for i, nf in enumerate(net.node_flows) for c, k in nf.columns]
    pars = [(i, p, k) for i, nf in enumerate(net.node_flows) for p, k in nf.params]
    return _matrix(cols, n, net.n_columns), _matrix(pars, n, len(net.params))


def _transport(net: LinearNetwork, n_s: int, first: np.ndarray, volumes: np.ndarray) -> Transport:
    """The constituents' transport, imported only for models that carry any (it loads the quality schema)."""
    from arna.engine.quality import Transport

    return Transport(net, n_s, first, volumes)
