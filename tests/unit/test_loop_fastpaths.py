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


def test_balance_terms_as_one_product_equal_the_terms_by_arc() -> None:
    from arna.api import compile_model
    from arna.engine.assemble import build_layout
    from arna.engine.balance import BalanceTracker, balance_terms
    from arna.schema import model_from_mapping

    doc = {  # water from outside, out to the sea and a town, lost along a reach and at the farms
        "name": "terms", "timestepper": {"start": "2020-01-01", "end": "2020-01-03", "step": "day"},
        "scenarios": [{"name": f"s{i}"} for i in range(5)],
        "nodes": [
            {"name": "river", "type": "inflow", "flow": "9 m3/s"},
            {"name": "reach", "type": "reach", "loss": 0.2},
            {"name": "town", "type": "demand", "demand": "2 m3/s", "priority": 1},
            {"name": "farms", "type": "demand", "demand": "3 m3/s", "priority": 2, "supply_loss": 0.3},
            {"name": "sea", "type": "terminal"},
        ],
        "edges": [["river", "reach"], ["reach", "town"], ["reach", "farms"], ["reach", "sea"]],
    }
    net = compile_model(model_from_mapping(doc, "<terms>"))
    layout = build_layout(net)
    assert len(layout.sink_arcs) and len(layout.lossy_arcs)
    assert not layout.lossy_dynamic
    tracker = BalanceTracker(layout, net)
    rng = np.random.default_rng(3)
    x = rng.random((net.n_columns, 5))
    values = rng.random((len(net.params), 5))
    v_prev, v_new = rng.random((len(net.storages), 5)), rng.random((len(net.storages), 5))
    fast = tracker._terms(x, values, v_prev, v_new, 2.0)
    slow = balance_terms(layout, net, x, values, v_prev, v_new, 2.0)
    assert fast.keys() == slow.keys()
    for name in slow:
        assert np.allclose(fast[name], slow[name], rtol=1e-14, atol=0), name
