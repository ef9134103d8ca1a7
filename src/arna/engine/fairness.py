"""Fair sharing within a priority: max-min fair coverage by progressive filling.

Priorities are solved tier by tier (:mod:`arna.network.priorities`). Within a tier
the LP alone would split a shortage arbitrarily: with 10 units for two demands of
8 and 12 it may give one 0 % and the other 83 %. For the demands of a tier in a
fair group (:class:`~arna.network.ir.FairGroup`) this module instead finds the
**max-min fair** allocation of *coverage* — delivery over the member's norm (its
demand for equal coverage, its entitlement for proportional shares):

1. solve the tier as usual; if every member gets its full demand, nothing to share;
2. otherwise raise a common coverage level ``t`` as far as the network allows:
   maximise ``t`` with rows ``x_j − w_j·t ≥ 0`` for the members still rising;
3. every rising member is floored at ``w_j·t``; a member at its cap stops; a member
   that cannot rise further while the others keep their floors stops too — found
   by one LP maximising all rising members (those that exceed the floor can rise)
   and, if several remain in doubt, one LP per member in doubt (batched over the
   scenarios of a block);
4. repeat with the members still rising; then solve the tier's objective once more
   with the members' floors, so other items of the same priority (environmental
   flows, targets, reservoir filling) take what is left.

The result: no member's coverage can rise without lowering that of a member whose
coverage is no higher. Each step is an LP solved by HiGHS on the block's own
instance, augmented once with a level column ``t`` per group and scenario and a
row per member; outside a fill those columns are fixed at 0 and the rows are slack.
Tiers without a shortage cost nothing extra.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from arna.engine.csr import CSR
from arna.engine.solver import HighsLP, SparseLP
from arna.network.ir import LinearNetwork

Solve = Callable[[], np.ndarray]
"""Solve the block's LP as it stands and return its primal values (raises if infeasible)."""

TOL = 1e-8
"""Relative tolerance (on max(1, |flow|)) for 'at its cap' and 'can rise'."""
STEP = 1e-3
"""How far above its floor (× its norm) a member may go in the LPs that look for blocked members."""
FLOOR_SLACK = 1e-10
"""Floors sit this far (relative) below a level reached, as the tier floors do."""
LEVEL_SLACK = 1e-7
"""If floors at the shared level make the tier's LP infeasible, they are set this far (flow units) lower and
the sharing done again: HiGHS's primal feasibility tolerance, within which the level LP may have met its
rows (so a floor at the level itself may be just out of reach)."""


@dataclass
class _Group:
    tier: int
    cols: np.ndarray  # (M, K) augmented-LP columns of the members
    rows: np.ndarray  # (M, K) rows x − w·t ≥ 0
    level: np.ndarray  # (K,) the level column of each scenario
    norms: np.ndarray  # (M,) parameter refs


class FairShare:
    """The augmented LP of one block and the per-tier solve with fair sharing."""

    def __init__(self, lp: SparseLP, n: int, k: int, positions: list[tuple[int, np.ndarray, np.ndarray]],
                 tier_cols: list[np.ndarray], tier_weights: list[np.ndarray]) -> None:
        """``lp`` is the block's LP (``k`` copies of ``n`` columns); ``positions`` gives per fair group
        its tier, its members' compact columns and their norm parameter refs."""
        self.n_main, self.m_main = lp.n_cols, lp.n_rows
        self.tier_cols, self.tier_weights = tier_cols, tier_weights
        self.groups: dict[int, _Group] = {}
        extra: list[tuple[int, int, float]] = []
        n_cols, n_rows = lp.n_cols, lp.n_rows
        for tier, cols, norms in positions:
            m = len(cols)
            level = n_cols + np.arange(k)
            rows = n_rows + np.arange(m * k).reshape(m, k)
            xcols = cols[:, None] + n * np.arange(k)[None, :]
            extra += [(int(rows[j, s]), int(xcols[j, s]), 1.0) for j in range(m) for s in range(k)]
            extra += [(int(rows[j, s]), int(level[s]), -1.0) for j in range(m) for s in range(k)]
            self.groups[tier] = _Group(tier, xcols, rows, level, norms)
            n_cols += k
            n_rows += m * k
        self.solver = HighsLP(_augment(lp, n_cols, n_rows, extra))
        self.n_extra_cols, self.n_extra_rows = n_cols - lp.n_cols, n_rows - lp.n_rows
        self._coef: dict[tuple[int, int], float] = {}
        self.fills = 0  # tiers where a shortage was shared (for reports and benchmarks)
        self.fallbacks = 0  # of those, tiers solved by priority alone because a sharing LP failed

    def solve(self, values: np.ndarray, lo: np.ndarray, hi: np.ndarray, cost: np.ndarray,
              row_lo: np.ndarray, row_hi: np.ndarray, check: Solve) -> np.ndarray:
        """Solve all tiers of one timestep; ``values`` are the ``(n_params, K)`` parameter values of the
        block's scenarios. Returns the block's primal values (main columns only)."""
        lo = np.concatenate([lo, np.zeros(self.n_extra_cols)])
        hi = np.concatenate([hi, np.zeros(self.n_extra_cols)])
        cost = np.concatenate([cost, np.zeros(self.n_extra_cols)])
        row_lo = np.concatenate([row_lo, np.full(self.n_extra_rows, -np.inf)])
        row_hi = np.concatenate([row_hi, np.full(self.n_extra_rows, np.inf)])
        lp = _LP(self.solver, lo, hi, row_lo, row_hi, check)
        x = np.zeros(0)
        for tier, (cols, weights) in enumerate(zip(self.tier_cols, self.tier_weights, strict=True)):
            c = cost.copy()
            np.subtract.at(c, cols, weights)
            x = lp.run(c)
            g = self.groups.get(tier)
            if g is not None and _short(g, x, hi):
                self.fills += 1
                self._set_norms(g, values)
                x = self._shared(g, _usable(np.maximum(values[g.norms], 0.0)), lp, cost, c, x)
            floor = x[cols] - FLOOR_SLACK * np.maximum(1.0, np.abs(x[cols]))
            lo[cols] = np.minimum(np.maximum(lo[cols], floor), hi[cols])
        return x[:self.n_main]

    def _shared(self, g: _Group, w: np.ndarray, lp: _LP, cost: np.ndarray, c: np.ndarray,
                x: np.ndarray) -> np.ndarray:
        """The tier's solution with its shortage shared; the tier's own solution ``x`` if HiGHS cannot
        solve one of the sharing LPs (numerically hopeless data, or a probe that cut a flow a higher
        priority needs): sharing never makes a step that has an allocation fail."""
        saved = (lp.lo.copy(), lp.hi.copy(), lp.row_lo.copy(), lp.row_hi.copy())
        for slack in (0.0, LEVEL_SLACK):  # exact shares first; floors a tolerance lower if they fail
            try:
                _fill(g, w, lp, cost, slack)
                shared = lp.probe(c)
            except _Stuck:
                shared = None
            if shared is not None:
                return shared
            lp.lo[:], lp.hi[:], lp.row_lo[:], lp.row_hi[:] = (a.copy() for a in saved)
        self.fallbacks += 1
        return x  # every later solve passes all bounds again, so the solver's state does not matter

    def _set_norms(self, g: _Group, values: np.ndarray) -> None:
        """Coefficients −w of the level columns in the member rows (only those that changed)."""
        w = _usable(np.maximum(values[g.norms], 0.0))
        for j in range(g.rows.shape[0]):
            for s in range(g.rows.shape[1]):
                key = (int(g.rows[j, s]), int(g.level[s]))
                if self._coef.get(key) != -w[j, s]:
                    self.solver.change_coefficient(key[0], key[1], float(-w[j, s]))
                    self._coef[key] = float(-w[j, s])


class _Stuck(Exception):
    """A sharing LP HiGHS could not solve: the tier falls back to its own solution."""


@dataclass
class _LP:
    """The block's LP with its current bounds; ``run`` passes them with a cost vector and solves."""

    solver: HighsLP
    lo: np.ndarray
    hi: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    check: Solve

    def run(self, cost: np.ndarray) -> np.ndarray:
        self.solver.update(self.lo, self.hi, cost, self.row_lo, self.row_hi)
        return self.check()

    def probe(self, cost: np.ndarray) -> np.ndarray | None:
        """Like :meth:`run`, but ``None`` where the LP has no solution (a probe that asked too much)."""
        self.solver.update(self.lo, self.hi, cost, self.row_lo, self.row_hi)
        ok, _ = self.solver.solve()
        return self.solver.primal() if ok else None


def _tol(a: np.ndarray) -> np.ndarray:
    return TOL * np.maximum(1.0, np.abs(a))


def _short(g: _Group, x: np.ndarray, hi: np.ndarray) -> bool:
    """Whether some member gets less than its cap (the only case with something to share)."""
    cap = hi[g.cols]
    return bool((x[g.cols] < cap - _tol(cap)).any())


def _fill(g: _Group, w: np.ndarray, lp: _LP, cost: np.ndarray, slack: float = 0.0) -> None:
    """Progressive filling of group ``g``: leaves every member floored at its max-min fair delivery."""
    cols, cap = g.cols, lp.hi[g.cols]
    rising = (w > 0.0) & (cap > lp.lo[cols] + _tol(cap))
    for _ in range(2 * g.cols.shape[0] + 2):
        if not rising.any():
            return
        capped = _raise_level(g, w, lp, cost, rising, slack)
        rising &= ~capped
        # where a member reached its cap the level may rise again: test for blocked members only
        # where none did (a blocked member there holds the next level, and is found then)
        test = rising & ~np.asarray(capped.any(axis=0))[None, :]
        if test.any():
            rising &= ~_blocked(g, w, lp, cost, test)
    rising[:] = False  # numerical stalemate: keep the floors reached


def _raise_level(g: _Group, w: np.ndarray, lp: _LP, cost: np.ndarray, rising: np.ndarray,
                 slack: float = 0.0) -> np.ndarray:
    """Maximise the common coverage of the rising members; floor them there; return those at their cap."""
    cols, cap = g.cols, lp.hi[g.cols]
    top = np.where(rising, cap / np.where(w > 0.0, w, 1.0), 0.0).max(axis=0)
    lp.hi[g.level] = np.where(rising.any(axis=0), top, 0.0)
    lp.row_lo[g.rows] = np.where(rising, 0.0, -np.inf)
    c = cost.copy()
    c[g.level] = -(w * rising).sum(axis=0)
    x = lp.probe(c)
    if x is None:
        raise _Stuck
    # the level times the norm, but never above what the member got: the rows x − w·t ≥ 0 hold only
    # within HiGHS's feasibility tolerance, and a floor above a flow that was just the most possible
    # makes the next LP infeasible
    flow = np.minimum(w * x[g.level][None, :], x[cols])
    floor = np.minimum(np.maximum(lp.lo[cols], flow - slack - FLOOR_SLACK * np.maximum(1.0, flow)), cap)
    lp.lo[cols] = np.where(rising, floor, lp.lo[cols])
    lp.hi[g.level] = 0.0
    lp.row_lo[g.rows] = -np.inf
    return rising & (flow >= cap - _tol(cap))


def _blocked(g: _Group, w: np.ndarray, lp: _LP, cost: np.ndarray, rising: np.ndarray) -> np.ndarray:
    """Rising members that cannot get more while every rising member keeps its floor.

    Maximise the sum of the members in doubt (at first all rising ones), each allowed only a small
    step above its floor (``STEP`` of its norm), so that the LP raises as many as it can rather than
    giving all the spare water to one: those that exceed their floor can rise and leave the doubt;
    repeat until the sum cannot rise — then no member left in doubt can rise alone either (any rise,
    however small, would raise the sum). Called only for scenarios where no member reached its cap,
    so the level was held by a rising member: a single one left in doubt is it.
    """
    cols = g.cols
    hi = lp.hi[cols].copy()
    step = np.maximum(STEP * w, 100.0 * _tol(lp.lo[cols]))
    lp.hi[cols] = np.where(rising, np.minimum(hi, lp.lo[cols] + step), hi)
    doubt = rising.copy()
    settled = np.zeros(doubt.shape[1], dtype=bool)
    while True:
        settled |= doubt.sum(axis=0) <= 1
        test = doubt & ~settled[None, :]
        if not test.any():
            lp.hi[cols] = hi
            return doubt
        c = cost.copy()
        c[cols[test]] -= 1.0
        x = lp.probe(c)
        if x is None:
            # the small steps cut a flow a floor of a higher priority rests on (a lower-priority
            # member's return flow feeding a higher one): stop filling here, every member in doubt
            # keeps the level reached
            lp.hi[cols] = hi
            return rising.copy()
        rose = test & (x[cols] > lp.lo[cols] + _tol(lp.lo[cols]))
        settled |= ~rose.any(axis=0)
        doubt &= ~rose


def _augment(lp: SparseLP, n_cols: int, n_rows: int, extra: list[tuple[int, int, float]]) -> SparseLP:
    """``lp`` with columns and rows appended (entries ``extra`` as (row, column, coefficient)); with any
    ``extra``, entries of 0 are left out (as scipy's sum of two matrices did)."""
    cols = np.repeat(np.arange(lp.n_cols), np.diff(lp.starts))
    rows, coef = np.asarray(lp.index), np.asarray(lp.value, dtype=float)
    if extra:
        e = np.array(extra, dtype=float)
        cols, rows = np.r_[cols, e[:, 1].astype(int)], np.r_[rows, e[:, 0].astype(int)]
        coef = np.r_[coef, e[:, 2]]
        nonzero = coef != 0.0
        cols, rows, coef = cols[nonzero], rows[nonzero], coef[nonzero]
    t = CSR.from_triplets(cols, rows, coef, (n_cols, n_rows))  # the transpose's rows are the columns
    return SparseLP(n_cols, n_rows, t.indptr.astype(np.int32), t.indices.astype(np.int32), t.data.copy())


def attach(groups: list[tuple[int, np.ndarray, np.ndarray]], blocks: Sequence[FairBlock]) -> None:
    """Give every block a :class:`FairShare` over ``groups`` (tier, compact columns, norm refs) of
    two members or more; the block then solves on the augmented LP."""
    shared = [(t, c, nr) for t, c, nr in groups if len(c) >= 2]
    if not shared:
        return
    for blk in blocks:
        fair = FairShare(blk.solver.lp, blk.n_cols, len(blk.members), shared, blk.tier_cols, blk.tier_weights)
        blk.fair = fair
        blk.solver = fair.solver


def groups_of(net: LinearNetwork, tier_cols: list[np.ndarray]) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """The network's fair groups as (tier, compact columns, norm refs); ``tier_cols`` are the layout's."""
    out = []
    for g in net.fair_groups:
        pos = {c: int(p) for (c, _), p in zip(net.tiers[g.tier], tier_cols[g.tier], strict=True)}
        out.append((g.tier, np.array([pos[c] for c in g.columns], dtype=np.intp), np.array(g.norms, dtype=np.intp)))
    return out


class FairBlock(Protocol):
    """What :func:`attach` needs of a block (see :class:`arna.engine.blocks.Block`)."""

    members: np.ndarray
    solver: HighsLP
    n_cols: int
    tier_cols: list[np.ndarray]
    tier_weights: list[np.ndarray]
    fair: FairShare | None


SMALLEST_NORM = 1e-6
"""A member whose norm (its demand or entitlement) is below this (flow units: 1 m³/day in an Arna
document), or below this share of the largest norm of its group, takes no part in the sharing: such
coefficients in the level rows cost HiGHS its accuracy (flows off by more than the balance allows), and
a share of almost nothing is not worth it. Such a member is served by the priority's own LP."""


def _usable(w: np.ndarray) -> np.ndarray:
    largest = w.max(axis=0, keepdims=True) if w.size else w
    return np.where((w >= SMALLEST_NORM) & (w >= SMALLEST_NORM * largest), w, 0.0)
