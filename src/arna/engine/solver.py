"""The solver seam: one narrow class over HiGHS (``highspy``).

One :class:`HighsLP` holds one persistent HiGHS instance. The LP is passed
once; every timestep only bounds and costs change and HiGHS re-solves from
the previous basis (warm start).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

import highspy
import numpy as np


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
    if terms:
        arr = np.array(terms, dtype=float)
        rows, cols, vals = arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2]
    else:
        rows = cols = np.zeros(0, dtype=np.int64)
        vals = np.zeros(0)
    key = cols * max(n_rows, 1) + rows
    order = np.argsort(key, kind="stable")
    key, rows, cols, vals = key[order], rows[order], cols[order], vals[order]
    uniq, first = np.unique(key, return_index=True)
    sums = np.add.reduceat(vals, first) if len(vals) else vals
    urows, ucols = rows[first], cols[first]
    starts = np.searchsorted(ucols, np.arange(n_cols + 1)).astype(np.int32)
    return SparseLP(n_cols, n_rows, starts, urows.astype(np.int32), sums.astype(float))


_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance (the first one in a process prints a banner to stdout: swallow it)."""
    global _banner_shown
    if _banner_shown:
        h = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    h.setOptionValue("output_flag", False)
    return h


class HighsLP:
    """A persistent HiGHS LP updated in place between solves."""

    def __init__(self, lp: SparseLP, options: dict[str, object] | None = None) -> None:
        h = new_highs()
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.setOptionValue("dual_feasibility_tolerance", 1e-9)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("solver", "simplex")
        # One thread: HiGHS's task scheduler costs ~120 µs per run on small LPs; parallelism
        # comes from running blocks of scenarios in separate processes instead.
        h.setOptionValue("threads", 1)
        for k, v in (options or {}).items():
            h.setOptionValue(k, v)
        model = highspy.HighsLp()
        model.num_col_ = lp.n_cols
        model.num_row_ = lp.n_rows
        model.col_cost_ = np.zeros(lp.n_cols)
        model.col_lower_ = np.zeros(lp.n_cols)
        model.col_upper_ = np.zeros(lp.n_cols)
        model.row_lower_ = np.zeros(lp.n_rows)
        model.row_upper_ = np.zeros(lp.n_rows)
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_ = lp.starts
        model.a_matrix_.index_ = lp.index
        model.a_matrix_.value_ = lp.value
        h.passModel(model)
        self.h = h
        self.n_cols = lp.n_cols
        self.n_rows = lp.n_rows
        self._cols = np.arange(lp.n_cols, dtype=np.int32)
        self._rows = np.arange(lp.n_rows, dtype=np.int32)
        self.solve_seconds = 0.0
        self._last: tuple[np.ndarray, ...] | None = None

    def update(
        self,
        col_lower: np.ndarray,
        col_upper: np.ndarray,
        cost: np.ndarray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
    ) -> None:
        """Set bounds and costs; only the entries that changed since the last call are passed on."""
        h = self.h
        last = self._last
        if last is None:
            if self.n_cols:
                h.changeColsBounds(self.n_cols, self._cols, col_lower, col_upper)
                h.changeColsCost(self.n_cols, self._cols, cost)
            if self.n_rows:
                h.changeRowsBounds(self.n_rows, self._rows, row_lower, row_upper)
        else:
            idx = np.flatnonzero((col_lower != last[0]) | (col_upper != last[1])).astype(np.int32)
            if idx.size:
                h.changeColsBounds(idx.size, idx, col_lower[idx], col_upper[idx])
            idx = np.flatnonzero(cost != last[2]).astype(np.int32)
            if idx.size:
                h.changeColsCost(idx.size, idx, cost[idx])
            idx = np.flatnonzero((row_lower != last[3]) | (row_upper != last[4])).astype(np.int32)
            if idx.size:
                h.changeRowsBounds(idx.size, idx, row_lower[idx], row_upper[idx])
        self._last = (col_lower.copy(), col_upper.copy(), cost.copy(), row_lower.copy(), row_upper.copy())

    def change_coefficient(self, row: int, col: int, value: float) -> None:
        self.h.changeCoeff(row, col, value)

    def forget(self) -> None:
        """Pass every bound and cost on the next update (after changes made behind our back)."""
        self._last = None

    def solve(self) -> tuple[bool, str]:
        """Solve; return (optimal, status text)."""
        t0 = time.perf_counter()
        self.h.run()
        self.solve_seconds += time.perf_counter() - t0
        status = self.h.getModelStatus()
        ok = status == highspy.HighsModelStatus.kOptimal or (
            status == highspy.HighsModelStatus.kModelEmpty
        )
        return ok, self.h.modelStatusToString(status)

    def primal(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().col_value, dtype=float)

    def row_activity(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().row_value, dtype=float)
