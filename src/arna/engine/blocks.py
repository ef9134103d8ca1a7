"""Blocks of scenarios solved as one block-diagonal LP.

HiGHS has a fixed cost per solve; for a small LP it outweighs the pivots. A
block of ``K`` scenarios is one LP with ``K`` independent copies of the
network, so the fixed cost is paid once per block. Each block keeps its own
persistent HiGHS instance (and basis).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from arna.engine.assemble import Layout
from arna.engine.csr import CSR
from arna.engine.solver import HighsLP, SparseLP

if TYPE_CHECKING:
    from arna.engine.fairness import FairShare

ROW_BUDGET = 512
"""A block holds as many scenarios as fit in about this many LP rows (at most MAX_BLOCK)."""
MAX_BLOCK = 128


def block_sizes(layout: Layout, n_scenarios: int) -> list[int]:
    """Scenarios in each block of a run of ``n_scenarios``, in order: small enough to keep each LP
    small, a number of blocks that is a multiple of four, and sizes within one of each other, the
    larger ones spread evenly, so that 2 or 4 workers get even shares (100 scenarios: 12, 13, 12,
    13, … rather than seven blocks of 13 and one of 9). It depends on the network and the run only,
    never on the workers."""
    k_max = int(max(1, min(MAX_BLOCK, ROW_BUDGET // max(layout.lp.n_rows, 1))))
    n_blocks = math.ceil(n_scenarios / k_max)
    if k_max > 1 and n_blocks > 1:
        n_blocks = min(n_scenarios, math.ceil(n_blocks / 4) * 4)
    return even_sizes(n_scenarios, max(n_blocks, 1))


def even_sizes(total: int, parts: int) -> list[int]:
    """``parts`` sizes adding up to ``total``, within one of each other, the larger ones spread evenly."""
    if total <= 0:
        return []
    parts = max(1, min(parts, total))
    edges = [(i * total) // parts for i in range(parts + 1)]
    return [hi - lo for lo, hi in itertools.pairwise(edges)]


@dataclass
class Block:
    """Scenarios ``members`` (positions in the run's scenario list) in one LP."""

    members: np.ndarray
    solver: HighsLP
    n_cols: int
    tier_cols: list[np.ndarray] = field(default_factory=list)
    tier_weights: list[np.ndarray] = field(default_factory=list)
    gains: list[tuple[int, int, int, float, int]] = field(default_factory=list)  # row, col, param, ×, member
    fair: FairShare | None = None  # fair sharing within tiers (see arna.engine.fairness)

    def split(self, flat: np.ndarray) -> np.ndarray:
        """``(K·n,)`` solution → ``(n, K)``."""
        return flat.reshape(len(self.members), self.n_cols).T


def _replicate(lp: SparseLP, k: int) -> SparseLP:
    if k == 1:
        return lp
    b = CSR((lp.n_cols, lp.n_rows), lp.starts, lp.index, lp.value).block_diagonal(k)  # the transpose's rows
    return SparseLP(k * lp.n_cols, k * lp.n_rows, b.indptr.astype(np.int32), b.indices.astype(np.int32),
                    b.data.copy())


def make_blocks(layout: Layout, n_scenarios: int, size: int | Sequence[int]) -> list[Block]:
    """Blocks of ``size`` scenarios (the last one may be smaller), or of the given sizes in order."""
    sizes = _sizes(n_scenarios, size)
    lp = layout.solver()  # the compact LP less the columns every step fixes
    n, m = lp.n_cols, lp.n_rows
    lps: dict[int, SparseLP] = {}
    out = []
    starts = itertools.accumulate(sizes, initial=0)
    for start, k in zip(starts, sizes, strict=False):
        members = np.arange(start, start + k)
        if k not in lps:
            lps[k] = _replicate(lp, k)
        offs = np.arange(k)
        blk = Block(members, HighsLP(lps[k]), n)
        blk.tier_cols = [(cols[None, :] + n * offs[:, None]).ravel() for cols in layout.tier_cols]
        blk.tier_weights = [np.tile(w, k) for w in layout.tier_weights]
        blk.gains = [(row + m * i, col + n * i, p, f, i) for i in range(k) for row, col, p, f in layout.dynamic_gains]
        out.append(blk)
    return out


def _sizes(n_scenarios: int, size: int | Sequence[int]) -> list[int]:
    if not isinstance(size, Sequence):
        step = max(int(size), 1)
        return [min(step, n_scenarios - s) for s in range(0, n_scenarios, step)]
    sizes = [int(k) for k in size]
    if sum(sizes) != n_scenarios or min(sizes, default=1) < 1:
        raise ValueError(f"block sizes {sizes} do not cover the run's {n_scenarios} scenarios")
    return sizes
