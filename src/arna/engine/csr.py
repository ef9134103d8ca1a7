"""Compressed sparse rows: the few sparse-matrix operations the engine needs, in numpy alone.

``scipy.sparse`` costs every process that imports it about 0.1 s of CPU and 8 MB (it loads
``numpy.f2py`` and more), and a run needs only this: matrices built from (row, column, value)
triplets, products with dense ``(n,)`` or ``(n, S)`` arrays in the time loop, a transpose and a
sparse product when the LP is assembled, and the column-compressed arrays HiGHS takes.

Results are those of ``scipy.sparse`` to the bit: duplicates are summed in input order, explicit
zeros kept, indices sorted within rows, and a product sums each row's terms one after the other
in stored order starting from zero, as scipy's kernels do (scipy sorts a row of more than 16
entries with an unstable sort, so its sum of duplicates there may round differently).
``tests/property/test_csr.py`` checks this against scipy. Unlike scipy's compiled kernels, numpy
reports inf − inf and 0·inf as any numpy arithmetic does (a ``RuntimeWarning`` unless the caller
sets :class:`numpy.errstate`; an ``errstate`` in every product would cost more than the product at a
few scenarios). In a run these matrices read flows, volumes and the parameters of costs and
recorders, so only a model with such non-finite parameters meets it.

>>> m = CSR.from_triplets([0, 0, 1], [1, 1, 0], [2.0, 3.0, 4.0], (2, 2))
>>> m.nnz, m @ np.array([10.0, 1.0])
(2, array([ 5., 40.]))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

_INDEX = np.intp


def _frozen(a: np.ndarray) -> np.ndarray:
    """A read-only view (the caller's array keeps its own flags)."""
    v = a.view()
    v.flags.writeable = False
    return v


@dataclass(frozen=True, eq=False)
class CSR:
    """An immutable ``shape[0] × shape[1]`` sparse matrix in compressed-row form.

    Row ``i`` holds ``data[indptr[i]:indptr[i + 1]]`` at columns ``indices[indptr[i]:indptr[i + 1]]``.
    Build one with :meth:`from_triplets` or :meth:`from_entries` (which sort and sum duplicates), or
    from arrays already in that form.
    """

    shape: tuple[int, int]
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    _plan: _Plan = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n, m = (int(s) for s in self.shape)
        indptr = np.asarray(self.indptr, dtype=_INDEX)
        indices = np.asarray(self.indices, dtype=_INDEX)
        data = np.asarray(self.data, dtype=np.float64)
        if n < 0 or m < 0 or indptr.shape != (n + 1,) or not indices.shape == data.shape == (int(indptr[-1]),):
            raise ValueError(f"CSR arrays do not describe a {n} × {m} matrix")
        for name, value in (("shape", (n, m)), ("indptr", _frozen(indptr)), ("indices", _frozen(indices)),
                            ("data", _frozen(data))):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_plan", _Plan(self))

    def __reduce__(self) -> tuple[type[CSR], tuple[tuple[int, int], np.ndarray, np.ndarray, np.ndarray]]:
        """Pickled as its arrays (for worker processes): planned again, read-only again, on arrival."""
        return CSR, (self.shape, self.indptr, self.indices, self.data)

    @classmethod
    def from_triplets(cls, rows: Sequence[int] | np.ndarray, cols: Sequence[int] | np.ndarray,
                      values: Sequence[float] | np.ndarray, shape: tuple[int, int]) -> CSR:
        """Entry ``values[k]`` at ``(rows[k], cols[k])``; duplicates are summed."""
        r = np.asarray(rows, dtype=_INDEX).ravel()
        c = np.asarray(cols, dtype=_INDEX).ravel()
        v = np.asarray(values, dtype=np.float64).ravel()
        n, m = shape
        if not r.shape == c.shape == v.shape:
            raise ValueError("rows, columns and values differ in length")
        if r.size and (r.min() < 0 or r.max() >= n or c.min() < 0 or c.max() >= m):
            raise ValueError(f"an entry lies outside the {n} × {m} matrix")
        key = r * m + c
        order = np.argsort(key, kind="stable")
        key, v = key[order], v[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else np.zeros(0, _INDEX)
        if len(first) < len(key):  # duplicates: each run summed from its first term on, in order
            v = _run_sums(v, first)
            key = key[first]
        counts = np.bincount(key // max(m, 1), minlength=n) if key.size else np.zeros(n, _INDEX)
        return cls((n, m), np.r_[0, np.cumsum(counts)], key % max(m, 1), v)

    @classmethod
    def from_entries(cls, entries: Sequence[tuple[int, int, float]], shape: tuple[int, int]) -> CSR:
        """From ``(row, column, value)`` tuples (duplicates summed)."""
        if not entries:
            return cls.zeros(shape)
        a = np.array(entries, dtype=np.float64)
        return cls.from_triplets(a[:, 0].astype(_INDEX), a[:, 1].astype(_INDEX), a[:, 2], shape)

    @classmethod
    def zeros(cls, shape: tuple[int, int]) -> CSR:
        """A matrix with no entries."""
        return cls(shape, np.zeros(shape[0] + 1, _INDEX), np.zeros(0, _INDEX), np.zeros(0))

    @property
    def nnz(self) -> int:
        """Stored entries (explicit zeros included)."""
        return int(self.data.size)

    @property
    def T(self) -> CSR:
        """The transpose (its arrays are this matrix's column-compressed form)."""
        n, m = self.shape
        rows = np.repeat(np.arange(n, dtype=_INDEX), np.diff(self.indptr))
        order = np.argsort(self.indices, kind="stable")  # within a column, rows stay ascending
        counts = np.bincount(self.indices, minlength=m)
        return CSR((m, n), np.r_[0, np.cumsum(counts)], rows[order], self.data[order])

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Columns and values of row ``i``."""
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        return self.indices[lo:hi], self.data[lo:hi]

    def toarray(self) -> np.ndarray:
        """The dense matrix."""
        out = np.zeros(self.shape)
        rows = np.repeat(np.arange(self.shape[0], dtype=_INDEX), np.diff(self.indptr))
        np.add.at(out, (rows, self.indices), self.data)
        return out

    def block_diagonal(self, k: int) -> CSR:
        """``k`` copies of this matrix along the diagonal of a ``k·n × k·m`` matrix."""
        n, m = self.shape
        nnz = self.nnz
        offs = np.arange(k, dtype=_INDEX)
        indptr = np.r_[(self.indptr[:-1][None, :] + nnz * offs[:, None]).ravel(), k * nnz]
        indices = (self.indices[None, :] + m * offs[:, None]).ravel()
        return CSR((k * n, k * m), indptr, indices, np.tile(self.data, k))

    @overload
    def __matmul__(self, other: CSR) -> CSR: ...

    @overload
    def __matmul__(self, other: np.ndarray) -> np.ndarray: ...

    def __matmul__(self, other: CSR | np.ndarray) -> CSR | np.ndarray:
        """The product with a dense ``(m,)`` or ``(m, S)`` array, or with another sparse matrix."""
        if isinstance(other, CSR):
            return _sparse_product(self, other)
        x = np.asarray(other, dtype=np.float64)
        if x.ndim not in (1, 2) or x.shape[0] != self.shape[1]:
            raise ValueError(f"cannot multiply a {self.shape[0]} × {self.shape[1]} matrix by an array of "
                             f"shape {x.shape}")
        return self._plan.apply(x)


def _run_sums(v: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Sums of the runs of ``v`` starting at ``first``, one term after the other (scipy's ``csr_sum_duplicates``)."""
    ends = np.r_[first[1:], len(v)]
    out = v[first].copy()
    for k in range(1, int((ends - first).max())):
        has = ends - first > k
        out[has] += v[first[has] + k]
    return out


def _sparse_product(a: CSR, b: CSR) -> CSR:
    """``a @ b``: each entry sums ``a[i, j]·b[j, k]`` over ``j`` ascending from zero; zero sums are dropped
    (scipy's ``csr_matmat``)."""
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply a {a.shape[0]} × {a.shape[1]} matrix by a {b.shape[0]} × {b.shape[1]} one")
    n, m = a.shape[0], b.shape[1]
    a_rows = np.repeat(np.arange(n, dtype=_INDEX), np.diff(a.indptr))
    b_len = np.diff(b.indptr)[a.indices]  # for each entry of a, the entries of b's row it meets
    total = int(b_len.sum())
    if total == 0:
        return CSR.zeros((n, m))
    src = np.repeat(np.arange(a.nnz, dtype=_INDEX), b_len)
    start = np.repeat(np.cumsum(b_len) - b_len, b_len)
    pos = b.indptr[a.indices][src] + np.arange(total, dtype=_INDEX) - start
    key = a_rows[src] * m + b.indices[pos]
    keys, group = np.unique(key, return_inverse=True)
    sums = np.bincount(group.ravel(), weights=a.data[src] * b.data[pos], minlength=len(keys))  # in order, from 0
    keep = sums != 0.0
    return CSR.from_triplets(keys[keep] // m, keys[keep] % m, sums[keep], (n, m))


NARROW = 8
"""Products with at most this many columns go through ``numpy.bincount`` (fewer calls); wider ones are
taken in jagged-diagonal order (fewer bytes moved)."""


class _Plan:
    """How a matrix multiplies dense ``(m,)`` or ``(m, S)`` arrays, worked out once (and per ``S``).

    Narrow arrays: the terms ``data[e]·x[indices[e], s]`` of all entries in one flat array, summed into
    their rows by :func:`numpy.bincount`, which adds each row's terms in order from zero.

    Wide arrays: the entries in *jagged-diagonal* order — rows sorted by length, longest first, then
    the first entry of every row, the second entry of every row that has one, and so on. One ``take``
    gathers the rows of ``x`` for all entries and a few multiplies scale them (entries of exactly 1
    are left alone: rows are ordered so that those cluster); each row's sum is then
    built by adding its ``k``-th terms to the leading rows of the first block, one ``k`` after the
    other (contiguous slices, no scatter), and put back in row order at the end.
    """

    def __init__(self, m: CSR) -> None:
        n = m.shape[0]
        lens = np.diff(m.indptr)
        self.n = n
        self.entry_rows = np.repeat(np.arange(n, dtype=_INDEX), lens)
        self.indices, self.data = m.indices, m.data
        scaled = np.bincount(self.entry_rows[m.data != 1.0], minlength=n)
        perm = np.lexsort((scaled, -lens))  # longest rows first; of equal length, those with fewer scaled entries
        self.filled = int((lens > 0).sum())
        reach = [int((lens > k).sum()) for k in range(int(lens.max()) if n else 0)]  # rows with > k entries
        # the first entry of every row (a stand-in for an empty row: its term is set to 0), then the rest
        first = np.where(lens[perm] > 0, m.indptr[perm], m.nnz)
        order = np.concatenate([first] + [m.indptr[perm[:r]] + k for k, r in enumerate(reach) if k])
        self.take = np.r_[m.indices, 0][order]
        self.values = np.r_[m.data, 1.0][order]
        self.spans = _spans(self.values != 1.0)  # (start, stop): the entries to multiply (not those of 1)
        self.column = self.values[:, None]
        offsets = np.cumsum([n, *reach[1:]])
        self.steps = [(reach[k], int(offsets[k - 1])) for k in range(1, len(reach))]
        self.back = None if bool((perm == np.arange(n)).all()) else np.argsort(perm)
        self.narrow: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}  # per width, made on first use

    def apply(self, x: np.ndarray) -> np.ndarray:
        if not self.data.size:
            return np.zeros((self.n, *x.shape[1:]))
        if x.ndim == 1:
            return np.bincount(self.entry_rows, weights=self.data * np.take(x, self.indices), minlength=self.n)
        s = x.shape[1]
        return self._narrow(x, s) if s <= NARROW else self._wide(x, s)

    def _narrow(self, x: np.ndarray, s: int) -> np.ndarray:
        flat = self.narrow.get(s)
        if flat is None:  # each entry's positions in the flattened x and output, and its value, s times
            col = np.arange(s, dtype=_INDEX)
            flat = ((self.indices[:, None] * s + col).ravel(), (self.entry_rows[:, None] * s + col).ravel(),
                    np.repeat(self.data, s))
            self.narrow[s] = flat
        src, dst, data = flat
        terms = np.take(x.reshape(-1), src)
        np.multiply(terms, data, out=terms)
        return np.bincount(dst, weights=terms, minlength=self.n * s).reshape(self.n, s)

    def _wide(self, x: np.ndarray, s: int) -> np.ndarray:
        t = np.take(x, self.take, axis=0)
        for lo, hi in self.spans:
            part = t[lo:hi]
            np.multiply(part, self.column[lo:hi], out=part)
        if self.filled < self.n:
            t[self.filled:self.n] = 0.0  # empty rows
        y = t[:self.n]
        np.add(y, 0.0, out=y)  # as scipy: every sum starts from 0 (so −0 becomes 0)
        for r, off in self.steps:
            head = y[:r]
            np.add(head, t[off:off + r], out=head)
        return y if self.back is None else np.take(y, self.back, axis=0)


def _spans(mask: np.ndarray, gap: int = 16, most: int = 4) -> list[tuple[int, int]]:
    """``(start, stop)`` spans covering the True entries of ``mask``: runs closer than ``gap`` are joined
    (multiplying a few ones costs less than another call), and more than ``most`` become one span."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(np.int8), 0]))
    joined: list[list[int]] = []
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        if joined and a - joined[-1][1] < gap:
            joined[-1][1] = b
        else:
            joined.append([a, b])
    if len(joined) > most:
        joined = [[joined[0][0], joined[-1][1]]]
    return [(a, b) for a, b in joined]
