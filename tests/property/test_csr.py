"""The engine's sparse matrices (:mod:`arna.engine.csr`) against scipy.sparse as the oracle.

Products with dense arrays must be scipy's to the bit (the sign of zero, infinities and NaN
included): the time loop's results must not change with the type. Duplicates are summed in input
order, as scipy does for rows of up to 16 entries (it sorts longer rows with an unstable sort, so
there only the rounding of such sums is compared).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import sparse

from arna.engine.csr import CSR

VALUES = st.one_of(st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5]),
                   st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
Triplets = tuple[list[int], list[int], list[float], tuple[int, int]]


@st.composite
def triplets(draw: st.DrawFn, max_dim: int = 12, max_entries: int = 60) -> Triplets:
    n, m = draw(st.integers(0, max_dim)), draw(st.integers(0, max_dim))
    if n == 0 or m == 0:
        return [], [], [], (n, m)
    k = draw(st.integers(0, max_entries))
    rows = draw(st.lists(st.integers(0, n - 1), min_size=k, max_size=k))
    cols = draw(st.lists(st.integers(0, m - 1), min_size=k, max_size=k))
    vals = draw(st.lists(VALUES, min_size=k, max_size=k))
    return rows, cols, vals, (n, m)


def oracle(m: CSR) -> sparse.csr_matrix:
    """The same stored matrix in scipy (no re-summing: the arrays as they are)."""
    return sparse.csr_matrix((m.data, m.indices, m.indptr), shape=m.shape)


def assert_same_bits(mine: np.ndarray, ref: np.ndarray) -> None:
    np.testing.assert_array_equal(mine, ref)
    numbers = ~np.isnan(ref)
    assert (np.signbit(mine)[numbers] == np.signbit(ref)[numbers]).all(), "the sign of a zero differs"


@given(triplets())
@settings(max_examples=200, deadline=None)
def test_building_from_triplets_sorts_and_sums_duplicates_like_scipy(t: Triplets) -> None:
    rows, cols, vals, shape = t
    mine = CSR.from_triplets(rows, cols, vals, shape)
    ref = sparse.csr_matrix((vals, (rows, cols)), shape=shape)
    scale = sparse.csr_matrix((np.abs(vals), (rows, cols)), shape=shape)
    assert ref.has_sorted_indices and mine.nnz == ref.nnz  # explicit zeros are kept by both
    np.testing.assert_array_equal(mine.indptr, ref.indptr)
    np.testing.assert_array_equal(mine.indices, ref.indices)
    assert (np.abs(mine.data - ref.data) <= 4 * np.finfo(float).eps * scale.data).all()
    given_per_row = np.bincount(np.asarray(rows, dtype=int), minlength=shape[0])
    short = np.repeat(given_per_row <= 16, np.diff(ref.indptr))
    assert_same_bits(mine.data[short], ref.data[short])


@st.composite
def products(draw: st.DrawFn) -> tuple[CSR, np.ndarray]:
    rows, cols, vals, shape = draw(triplets())
    m = CSR.from_triplets(rows, cols, vals, shape)
    elements = st.one_of(VALUES, st.sampled_from([np.inf, -np.inf, np.nan]))
    if draw(st.booleans()):
        x_shape: tuple[int, ...] = (shape[1],)
    else:
        x_shape = (shape[1], draw(st.one_of(st.integers(1, 4), st.integers(5, 130))))
    x = draw(hnp.arrays(np.float64, x_shape, elements=elements))
    return m, x


@given(products())
@settings(max_examples=300, deadline=None)
def test_product_with_a_dense_array_is_scipys_to_the_bit(case: tuple[CSR, np.ndarray]) -> None:
    m, x = case
    ref = np.asarray(oracle(m) @ x)
    with np.errstate(invalid="ignore", over="ignore"):  # numpy's warnings for inf − inf, 0·inf (scipy has none)
        mine = m @ x
    assert mine.shape == ref.shape and mine.dtype == np.float64
    assert_same_bits(mine, ref)


def test_product_of_a_matrix_with_empty_rows_and_long_rows() -> None:
    """Rows of every length in scrambled order (the jagged-diagonal reordering) and empty rows."""
    rng = np.random.default_rng(1)
    lens = rng.permutation(np.r_[np.zeros(5, int), np.ones(20, int), np.arange(2, 12)])
    rows = np.repeat(np.arange(len(lens)), lens)
    cols = np.concatenate([rng.choice(40, k, replace=False) for k in lens])
    vals = rng.choice([1.0, -2.5, 0.3, 1.0], size=len(rows))
    m = CSR.from_triplets(rows, cols, vals, (len(lens), 40))
    for s in (1, 3, 16, 100):
        x = rng.standard_normal((40, s))
        assert_same_bits(m @ x, np.asarray(oracle(m) @ x))


@given(triplets())
@settings(max_examples=100, deadline=None)
def test_transpose_row_and_dense_form_match_scipy(t: Triplets) -> None:
    rows, cols, vals, shape = t
    m = CSR.from_triplets(rows, cols, vals, shape)
    ref = oracle(m)
    tr = ref.T.tocsr()
    np.testing.assert_array_equal(m.T.indptr, tr.indptr)
    np.testing.assert_array_equal(m.T.indices, tr.indices)
    assert_same_bits(m.T.data, tr.data)
    assert_same_bits(m.toarray(), ref.toarray())
    for i in range(shape[0]):
        idx, val = m.row(i)
        got = ref.getrow(i)
        np.testing.assert_array_equal(idx, got.indices)
        assert_same_bits(val, got.data)


@given(triplets(max_entries=40), triplets(max_entries=40))
@settings(max_examples=200, deadline=None)
def test_sparse_product_matches_scipy(ta: Triplets, tb: Triplets) -> None:
    """Both ``a.T @ b`` (how the LP's cost matrix is made) and ``a @ b`` where the shapes allow."""
    a = CSR.from_triplets(*ta)
    b_rows, b_cols, b_vals, (_, width) = tb
    b_rows = [r % max(a.shape[0], 1) for r in b_rows] if a.shape[0] else []
    b = CSR.from_triplets(b_rows, b_cols if b_rows else [], b_vals if b_rows else [], (a.shape[0], width))
    mine = a.T @ b
    ref = sparse.csr_matrix(oracle(a).T @ oracle(b))  # scipy drops the zero sums
    ref.sort_indices()
    assert mine.shape == ref.shape
    np.testing.assert_array_equal(mine.indptr, ref.indptr)
    np.testing.assert_array_equal(mine.indices, ref.indices)
    assert_same_bits(mine.data, ref.data)
    square = a.T @ a
    ref_sq = sparse.csr_matrix(oracle(a).T @ oracle(a))
    ref_sq.sort_indices()
    np.testing.assert_array_equal(square.indices, ref_sq.indices)
    assert_same_bits(square.data, ref_sq.data)


@given(triplets(max_dim=6, max_entries=20), st.integers(1, 5))
@settings(max_examples=100, deadline=None)
def test_block_diagonal_matches_scipy(t: Triplets, k: int) -> None:
    m = CSR.from_triplets(*t)
    mine = m.block_diagonal(k)
    ref = sparse.block_diag([oracle(m)] * k, format="csr")
    assert mine.shape == ref.shape
    np.testing.assert_array_equal(mine.indptr, ref.indptr)
    np.testing.assert_array_equal(mine.indices, ref.indices)
    assert_same_bits(mine.data, ref.data)


def test_a_matrix_cannot_be_changed() -> None:
    m = CSR.from_entries([(0, 1, 2.0)], (2, 2))
    with pytest.raises(ValueError, match="read-only"):
        m.data[0] = 3.0
    source = np.array([0, 1, 1])
    CSR((2, 2), source, np.array([1]), np.array([2.0]))
    source[0] = 0  # the caller's own array stays writable


def test_bad_shapes_are_refused() -> None:
    m = CSR.from_entries([(0, 1, 2.0)], (2, 2))
    with pytest.raises(ValueError, match=r"2 × 2 matrix by an array of shape \(3,\)"):
        m @ np.zeros(3)
    with pytest.raises(ValueError, match="2 × 2 matrix by a 3 × 1"):
        m @ CSR.zeros((3, 1))
    with pytest.raises(ValueError, match="outside the 2 × 2 matrix"):
        CSR.from_triplets([2], [0], [1.0], (2, 2))
    with pytest.raises(ValueError, match="differ in length"):
        CSR.from_triplets([0, 1], [0], [1.0], (2, 2))
    with pytest.raises(ValueError, match="do not describe a 2 × 2 matrix"):
        CSR((2, 2), np.array([0, 1]), np.array([0]), np.array([1.0]))


def test_a_pickled_matrix_comes_back_whole_and_read_only() -> None:
    import pickle

    m = CSR.from_entries([(0, 1, 2.0), (1, 0, -1.0), (1, 1, 3.0)], (2, 2))
    x = np.arange(8.0).reshape(2, 4)
    m @ x  # fills the plan's per-width cache, which is not pickled
    back = pickle.loads(pickle.dumps(m))
    assert back.shape == m.shape and not back.data.flags.writeable and back._plan.narrow == {}
    assert_same_bits(back @ x, m @ x)


@given(triplets(max_dim=8, max_entries=30), st.integers(1, 4))
@settings(max_examples=100, deadline=None)
def test_the_engines_lp_matrices_are_those_scipy_made(t: Triplets, k: int) -> None:
    """The LP (column-compressed, duplicates summed), its block-diagonal copies and the fair-sharing
    augmentation, against how the engine built them with scipy.sparse before."""
    from arna.engine.blocks import _replicate
    from arna.engine.fairness import _augment
    from arna.engine.solver import csc_from_triplets

    rows, cols, vals, (n_rows, n_cols) = t
    lp = csc_from_triplets(n_rows, n_cols, list(zip(rows, cols, vals, strict=True)))
    ref = sparse.csc_matrix((vals, (rows, cols)), shape=(n_rows, n_cols))
    ref.sum_duplicates()
    ref.sort_indices()
    assert (lp.starts.dtype, lp.index.dtype) == (np.int32, np.int32)
    np.testing.assert_array_equal(lp.starts, ref.indptr)
    np.testing.assert_array_equal(lp.index, ref.indices)
    np.testing.assert_allclose(lp.value, ref.data, rtol=1e-15, atol=0)

    block = _replicate(lp, k)
    a = sparse.csc_matrix((lp.value, lp.index, lp.starts), shape=(n_rows, n_cols))
    b = sparse.block_diag([a] * k, format="csc")
    assert (block.n_rows, block.n_cols) == b.shape
    np.testing.assert_array_equal(block.starts, b.indptr)
    np.testing.assert_array_equal(block.index, b.indices)
    np.testing.assert_array_equal(block.value, b.data)

    extra = [(n_rows + i, c, 1.0 if i % 2 else -1.0) for i, c in enumerate(range(n_cols + 1))]
    grown = _augment(lp, n_cols + 1, n_rows + n_cols + 1, extra)
    a.resize((n_rows + n_cols + 1, n_cols + 1))
    e = np.array(extra, dtype=float)
    old = (a + sparse.csc_matrix((e[:, 2], (e[:, 0].astype(int), e[:, 1].astype(int))), shape=a.shape)).tocsc()
    old.sort_indices()
    np.testing.assert_array_equal(grown.starts, old.indptr)
    np.testing.assert_array_equal(grown.index, old.indices)
    np.testing.assert_array_equal(grown.value, old.data)


@given(triplets(max_dim=8, max_entries=30), st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7),
                                                              st.sampled_from([0.0, 2.5, -1.0])), max_size=6))
@settings(max_examples=100, deadline=None)
def test_the_lp_with_changed_coefficients_is_the_one_scipy_made(t: Triplets,
                                                                changes: list[tuple[int, int, float]]) -> None:
    """What diagnosis reads back (HighsLP.current_lp): coefficients changed in place, those set to 0 gone."""
    from arna.engine.solver import _with_coefficients, csc_from_triplets

    rows, cols, vals, (n_rows, n_cols) = t
    if not n_rows or not n_cols:
        return
    lp = csc_from_triplets(n_rows, n_cols, list(zip(rows, cols, vals, strict=True)))
    changed = {(r % n_rows, c % n_cols): v for r, c, v in changes}
    mine = _with_coefficients(lp, changed)
    m = sparse.csc_matrix((lp.value, lp.index, lp.starts), shape=(n_rows, n_cols)).tolil()
    for (r, c), v in changed.items():
        m[r, c] = v
    ref = m.tocsc()
    np.testing.assert_array_equal(mine.starts, ref.indptr)
    np.testing.assert_array_equal(mine.index, ref.indices)
    np.testing.assert_array_equal(mine.value, ref.data)
