"""The loop's quick paths give what the plain numpy operations they replace give."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

simulate = importlib.import_module("arna.engine.simulate")  # the module (arna.engine exports a function of that name)


@pytest.mark.parametrize("seed", range(20))
def test_group_reduction_equals_reduceat(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 4, size=int(rng.integers(1, 30)))
    n = int(sizes.sum())
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    a = rng.random((n, 7))
    a[rng.random((n, 7)) < 0.05] = np.nan
    a[rng.random((n, 7)) < 0.05] = np.inf
    groups = simulate._Groups(starts, n)
    for ufunc, neutral in ((np.maximum, -np.inf), (np.minimum, np.inf)):
        out = np.empty((len(starts), 7))
        groups.reduce(ufunc, a, neutral, out)
        assert np.array_equal(out, ufunc.reduceat(a, starts, axis=0), equal_nan=True)


def _arrays() -> tuple[np.ndarray, ...]:
    values = np.array([[1.0, np.inf], [2.0, 3.0]])  # an unbounded parameter is a number
    return values, np.zeros((3, 2)), np.full((3, 2), np.inf), np.ones((3, 2)), np.full((2, 2), -np.inf), np.ones((2, 2))


@pytest.mark.parametrize(("which", "index", "bad"), [
    (None, None, None),
    (0, (1, 0), np.nan),  # a NaN parameter value
    (3, (2, 1), np.inf),  # an infinite cost
    (3, (0, 0), -np.inf),
    (1, (1, 1), np.inf),  # a column's lower bound of +inf
    (1, (0, 0), np.nan),
    (2, (2, 0), -np.inf),  # a column's upper bound of -inf
    (5, (1, 1), np.nan),  # a row's upper bound
    (4, (0, 1), np.inf),  # a row's lower bound of +inf
])
def test_quick_finite_test_agrees_with_the_exact_one(which: int | None, index: tuple[int, int] | None,
                                                     bad: float | None) -> None:
    arrays = list(_arrays())  # values, col_lo, col_hi, cost, row_lo, row_hi
    if which is not None and index is not None and bad is not None:
        arrays[which][index] = bad
    values, col_lo, col_hi, cost, row_lo, row_hi = arrays
    exact = bool(np.isnan(values).any() or not np.isfinite(cost).all()
                 or any((np.isnan(lo) | np.isposinf(lo) | np.isnan(hi) | np.isneginf(hi)).any()
                        for lo, hi in ((col_lo, col_hi), (row_lo, row_hi))))
    assert simulate._all_numbers(values, col_lo, col_hi, cost, row_lo, row_hi) is (not exact)
    assert exact is (which is not None)
