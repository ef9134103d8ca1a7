"""The solver seam: one narrow class over HiGHS.

One :class:`HighsLP` holds one persistent HiGHS instance. The LP is passed
once; every timestep only the bounds and costs that changed are passed on and
HiGHS re-solves from the previous basis (warm start). Two back-ends sit behind
it: HiGHS's C API through the ``highsbox`` shared library (fast: writes straight
into numpy buffers), and ``highspy`` (always available, used as the fallback
and for diagnosis).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from arna.engine.csr import CSR
from arna.engine.highs_c import CHighs, library

if TYPE_CHECKING:  # highspy is imported where it is used: the C API needs none of it
    import highspy

OPTIONS: dict[str, object] = {
    "output_flag": False,
    "primal_feasibility_tolerance": 1e-9,
    "dual_feasibility_tolerance": 1e-9,
    "presolve": "off",
    "solver": "simplex",
    # One thread: HiGHS's task scheduler costs ~120 us per run on small LPs; parallelism
    # comes from running blocks of scenarios in separate processes instead.
    "threads": 1,
}


@dataclass
class SparseLP:
    """An LP in column-compressed form: min c·x, row_lo ≤ A x ≤ row_hi, col_lo ≤ x ≤ col_hi."""

    n_cols: int
    n_rows: int
    starts: np.ndarray  # CSC column starts, length n_cols + 1
    index: np.ndarray  # row index of each nonzero
    value: np.ndarray


def csc_from_triplets(n_rows: int, n_cols: int, terms: list[tuple[int, int, float]]) -> SparseLP:
    """Column-compressed matrix from (row, column, coef) triplets (duplicates summed)."""
    return _csc(n_rows, n_cols, CSR.from_entries([(c, r, v) for r, c, v in terms], (n_cols, n_rows)))


def _csc(n_rows: int, n_cols: int, transpose: CSR) -> SparseLP:
    """The LP matrix whose transpose, in compressed rows, is ``transpose`` (the same arrays)."""
    return SparseLP(n_cols, n_rows, transpose.indptr.astype(np.int32), transpose.indices.astype(np.int32),
                    transpose.data.copy())


_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent highspy instance (the first one in a process prints a banner to stdout: swallow it)."""
    import highspy

    global _banner_shown
    if _banner_shown:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    h.setOptionValue("output_flag", False)
    # HiGHS keeps one task scheduler per process, made at the first run with that run's thread count; a
    # later instance asking for another count fails to run (model status "Not Set"). Every highspy
    # instance Arna makes (the fallback solver, portfolios, diagnoses) asks for the same single thread.
    h.setOptionValue("threads", 1)
    return h


class _PyHighs:
    """The highspy back-end, with the same small interface as :class:`CHighs`."""

    def __init__(self, lp: SparseLP, options: dict[str, object]) -> None:
        h = new_highs()
        for k, v in options.items():
            h.setOptionValue(k, v)  # type: ignore[arg-type]
        h.passModel(to_highs_lp(lp))
        self.h = h

    def change_cols_bounds(self, idx: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        self.h.changeColsBounds(len(idx), idx.astype(np.int32), lo, hi)

    def change_cols_cost(self, idx: np.ndarray, cost: np.ndarray) -> None:
        self.h.changeColsCost(len(idx), idx.astype(np.int32), cost)

    def change_rows_bounds(self, idx: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        self.h.changeRowsBounds(len(idx), idx.astype(np.int32), lo, hi)  # type: ignore[attr-defined]

    def change_coeff(self, row: int, col: int, value: float) -> None:
        self.h.changeCoeff(row, col, value)

    def run(self) -> tuple[bool, str]:
        self.h.run()
        status = self.h.getModelStatus()
        import highspy

        ok = status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kModelEmpty)
        return ok, self.h.modelStatusToString(status)

    def solution(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().col_value, dtype=float)


def to_highs_lp(lp: SparseLP, col_lower: np.ndarray | None = None, col_upper: np.ndarray | None = None,
                cost: np.ndarray | None = None, row_lower: np.ndarray | None = None,
                row_upper: np.ndarray | None = None) -> highspy.HighsLp:
    """A highspy model of ``lp`` with the given bounds and costs (zeros where omitted)."""
    import highspy

    model = highspy.HighsLp()
    model.num_col_ = lp.n_cols
    model.num_row_ = lp.n_rows
    model.col_cost_ = np.zeros(lp.n_cols) if cost is None else cost
    model.col_lower_ = np.zeros(lp.n_cols) if col_lower is None else col_lower
    model.col_upper_ = np.zeros(lp.n_cols) if col_upper is None else col_upper
    model.row_lower_ = np.zeros(lp.n_rows) if row_lower is None else row_lower
    model.row_upper_ = np.zeros(lp.n_rows) if row_upper is None else row_upper
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = lp.starts
    model.a_matrix_.index_ = lp.index
    model.a_matrix_.value_ = lp.value
    return model


class HighsLP:
    """A persistent HiGHS LP updated in place between solves."""

    def __init__(self, lp: SparseLP, options: dict[str, object] | None = None, backend: str = "auto") -> None:
        opts = {**OPTIONS, **(options or {})}
        lib = library() if backend in {"auto", "c"} else None
        self.backend: CHighs | _PyHighs
        if lib is not None:
            self.backend = CHighs(lib, lp.n_cols, lp.n_rows, lp.starts, lp.index, lp.value, opts)
        else:
            self.backend = _PyHighs(lp, opts)
        self.lp = lp
        self.n_cols = lp.n_cols
        self.n_rows = lp.n_rows
        self._cols = np.arange(lp.n_cols, dtype=np.int32)
        self._rows = np.arange(lp.n_rows, dtype=np.int32)
        self.solve_seconds = 0.0
        self.change_seconds = 0.0  # inside HiGHS's change-bounds/costs calls (it updates its own data there)
        self._last: tuple[np.ndarray, ...] | None = None
        self._last_owned = True  # False when ``_last`` holds the caller's arrays (``change_masked``)
        self._masked: tuple[Sequence[np.ndarray], Sequence[slice]] | None = None  # set by ``change_masked``
        self._coeffs: dict[tuple[int, int], float] = {}

    def update(
        self,
        col_lower: np.ndarray,
        col_upper: np.ndarray,
        cost: np.ndarray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
    ) -> None:
        """Set bounds and costs; only the entries that changed since the last call are passed on."""
        b = self.backend
        last = self._current()
        if last is None:
            if self.n_cols:
                b.change_cols_bounds(self._cols, col_lower, col_upper)
                b.change_cols_cost(self._cols, cost)
            if self.n_rows:
                b.change_rows_bounds(self._rows, row_lower, row_upper)
        else:
            self.change_seconds += self._changes(last, col_lower, col_upper, cost, row_lower, row_upper)
        if last is None or not self._last_owned:
            self._last = (col_lower.copy(), col_upper.copy(), cost.copy(), row_lower.copy(), row_upper.copy())
            self._last_owned = True
        else:
            for kept, new in zip(last, (col_lower, col_upper, cost, row_lower, row_upper), strict=True):
                np.copyto(kept, new)

    def _changes(self, last: tuple[np.ndarray, ...], col_lower: np.ndarray, col_upper: np.ndarray,
                 cost: np.ndarray, row_lower: np.ndarray, row_upper: np.ndarray) -> float:
        """Pass on the entries that differ from ``last``; return the seconds spent inside HiGHS."""
        b, spent = self.backend, 0.0
        for lo, hi, old_lo, old_hi, change in ((col_lower, col_upper, last[0], last[1], b.change_cols_bounds),
                                               (row_lower, row_upper, last[3], last[4], b.change_rows_bounds)):
            idx = ((lo != old_lo) | (hi != old_hi)).nonzero()[0]
            if idx.size:
                t0 = time.perf_counter()
                change(idx, lo[idx], hi[idx])
                spent += time.perf_counter() - t0
        idx = (cost != last[2]).nonzero()[0]
        if idx.size:
            t0 = time.perf_counter()
            b.change_cols_cost(idx, cost[idx])
            spent += time.perf_counter() - t0
        return spent

    def change_masked(self, step: Sequence[np.ndarray], part: Sequence[slice], at: Sequence[int] | None = None) -> None:
        """Pass on the entries the masks mark, as the loop found them for a whole step at once.

        ``step``: flat arrays of the whole step — column mask, lower, upper; row mask, lower, upper; cost
        mask (empty: no cost changed), cost — masks int32 (1 = changed); ``part``: this instance's slice of
        each. The arrays are kept, not copied, as the LP's current data: they must not change afterwards.
        ``at``: the addresses of the parts, when the caller has them (the C API takes them as they are).
        """
        t0 = time.perf_counter()
        b = self.backend
        if isinstance(b, CHighs):
            if at is None:
                at = [a[p].ctypes.data if a[p].size else 0 for a, p in zip(step, part, strict=True)]
            b.change_by_mask(*at)
        else:
            parts = (a[p] for a, p in zip(step, part, strict=True))
            col_mask, lo, hi, row_mask, row_lo, row_hi, cost_mask, cost = parts
            for mask, idx_change, values in ((col_mask, b.change_cols_bounds, (lo, hi)),
                                             (row_mask, b.change_rows_bounds, (row_lo, row_hi))):
                idx = mask.nonzero()[0]
                if idx.size:
                    idx_change(idx, *(v[idx] for v in values))
            if cost_mask.size and (idx := cost_mask.nonzero()[0]).size:
                b.change_cols_cost(idx, cost[idx])
        self.change_seconds += time.perf_counter() - t0
        self._last, self._last_owned, self._masked = None, False, (step, part)

    def _current(self) -> tuple[np.ndarray, ...] | None:
        """The bounds and costs the instance holds (views of the step arrays after ``change_masked``)."""
        if self._masked is not None:
            step, part = self._masked
            self._last = tuple(step[i][part[i]] for i in (1, 2, 7, 4, 5))
            self._masked = None
        return self._last

    def primal_to(self, out: np.ndarray, at: int | None = None) -> None:
        """Write the solution into ``out`` (contiguous, ``n_cols`` long; ``at`` its address, if known)."""
        b = self.backend
        if isinstance(b, CHighs):
            b.solution_to(out.ctypes.data if at is None else at)
        else:
            out[:] = b.solution()

    def change_coefficient(self, row: int, col: int, value: float) -> None:
        self.backend.change_coeff(row, col, value)
        self._coeffs[(row, col)] = value

    def solve(self) -> tuple[bool, str]:
        """Solve; return (optimal, status text)."""
        t0 = time.perf_counter()
        result = self.backend.run()
        self.solve_seconds += time.perf_counter() - t0
        return result

    def primal(self) -> np.ndarray:
        return self.backend.solution()

    def current_lp(self) -> highspy.HighsLp:
        """The LP as it stands (matrix with changed coefficients, current bounds and costs)."""
        lp = self.lp
        if self._coeffs:
            lp = _with_coefficients(lp, self._coeffs)
        last = self._current()
        if last is None:
            return to_highs_lp(lp)
        return to_highs_lp(lp, *last)


def _with_coefficients(lp: SparseLP, changed: dict[tuple[int, int], float]) -> SparseLP:
    """``lp`` with the coefficients ``changed`` ((row, column) → value) set, those set to 0 removed."""
    cols = np.repeat(np.arange(lp.n_cols), np.diff(lp.starts))
    keep = [(int(c), int(r), float(v)) for r, c, v in zip(lp.index, cols, lp.value, strict=True)
            if (int(r), int(c)) not in changed]
    keep += [(c, r, v) for (r, c), v in changed.items() if v != 0.0]
    return _csc(lp.n_rows, lp.n_cols, CSR.from_entries(keep, (lp.n_cols, lp.n_rows)))
