"""Property tests: the new balances close and stay non-negative for any valid input."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from arna.circular.build import split_coverage, urban_rural_factor
from arna.circular.costs import dump_stock, landfill_remaining

fractions = st.floats(0.0, 1.0, allow_nan=False)
tonnes = st.floats(0.0, 1e7, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (3, 6), elements=tonnes), arrays(np.float64, (3, 6), elements=fractions))
def test_dump_stock_balances(dumped: np.ndarray, clearance: np.ndarray) -> None:
    stock, cleared = dump_stock(dumped, clearance)
    assert (stock >= -1e-6).all() and (cleared >= -1e-6).all()
    opening = np.concatenate([np.zeros((3, 1)), stock[:, :-1]], axis=1)
    assert np.allclose(opening + dumped, stock + cleared, rtol=1e-12, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (2, 5), elements=tonnes),
       arrays(np.float64, (2,), elements=st.floats(0.0, 50.0, allow_nan=False)))
def test_landfill_capacity_balances(landfilled: np.ndarray, years_left: np.ndarray) -> None:
    years = np.arange(2023, 2028)
    remaining = landfill_remaining(landfilled, years, years_left)
    assert np.allclose(remaining[:, 2], years_left * landfilled[:, 2] - landfilled[:, 2])
    assert np.allclose(np.diff(remaining, axis=1), -landfilled[:, 1:], atol=1e-3)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (4,), elements=fractions),
       arrays(np.float64, (4,), elements=st.floats(1.0, 1e7, allow_nan=False)),
       st.floats(0.05, 2.0, allow_nan=False))
def test_urban_rural_factor_keeps_the_mean(urban: np.ndarray, pop: np.ndarray,
                                           rho: float) -> None:
    f = urban_rural_factor(urban, pop, rho)
    assert np.isclose((f * pop).sum(), pop.sum(), rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (4, 3), elements=st.floats(0.3, 1.0, allow_nan=False)),
       arrays(np.float64, (4, 3), elements=fractions),
       arrays(np.float64, (4,), elements=fractions),
       arrays(np.float64, (4, 3), elements=st.floats(1.0, 1e6, allow_nan=False)))
def test_split_coverage_keeps_national_collection(national: np.ndarray, urban: np.ndarray,
                                                  share: np.ndarray, gen: np.ndarray) -> None:
    cov = split_coverage(national, urban, share, gen)
    assert ((cov >= -1e-12) & (cov <= 1 + 1e-12)).all()
    g_urban = gen * share[:, None]
    c_u = (urban * g_urban).sum(axis=0) / np.maximum(g_urban.sum(axis=0), 1e-12)
    rural_needed = ((national * gen).sum(axis=0) - c_u * g_urban.sum(axis=0)) \
        / np.maximum((gen - g_urban).sum(axis=0), 1e-12)
    feasible = (rural_needed >= 0) & (rural_needed <= 1)
    got = (cov * gen).sum(axis=0)
    want = (national * gen).sum(axis=0)
    assert np.allclose(got[feasible], want[feasible], rtol=1e-9)
