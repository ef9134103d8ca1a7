"""Presolve of the network LP: eliminate junction rows by substitution, once, before the time loop.

A junction's conservation row with no inflow and no storage can be solved for
one of its arcs (the *pivot*) and removed, the pivot becoming a combination of
the other arcs everywhere it appears:

- a row with two arcs (a pass-through: one in, one out) makes one arc a multiple
  of the other; the pivot's limits become scaled limits of the other arc;
- a row where the pivot is the only arc on its side and has no limits (an edge)
  makes it the sum of the arcs on the other side (scaled by the gains), which
  keeps it non-negative by construction.

So chains of links, losses and edges collapse into a row per confluence and a
column per branch: the LP the solver sees is much smaller than the network.
Original arc values are recovered as ``x = M · x_compact``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from arna.engine.csr import CSR
from arna.network.ir import OUTSIDE, LinearNetwork

Member = tuple[int, int, float]  # lower ref, upper ref, factor f: lower ≤ f·x ≤ upper


@dataclass
class Reduction:
    """What the presolve kept and how to get the original columns back."""

    kept: np.ndarray  # original columns that are compact columns, in order
    expand: CSR  # (original columns × compact columns)
    rows: list[int]  # junctions that stay rows, in order
    row_terms: list[dict[int, float]]  # their terms, over compact columns
    members: list[list[Member]]  # bound members of each compact column


def reduce_network(net: LinearNetwork, protected: set[int]) -> Reduction:
    """Eliminate what can be eliminated; ``protected`` columns are never pivots (tier columns)."""
    n_arcs, n_cols = net.n_arcs, net.n_columns
    zero, inf = trivial_refs(net)
    rows: dict[int, dict[int, float]] = {r: {} for r in range(len(net.junctions))}
    for j, a in enumerate(net.arcs):
        if a.source != OUTSIDE:
            rows[a.source][j] = rows[a.source].get(j, 0.0) - 1.0
        if a.target != OUTSIDE:
            rows[a.target][j] = rows[a.target].get(j, 0.0) + a.gain
    for s in net.storages:
        if not s.virtual:
            for z in s.zones:
                rows[s.row][z.column] = -1.0
    fixed_rows = {s.row for s in net.storages if not s.virtual}
    fixed_rows |= {r for r, (_, p) in enumerate(net.junctions) if p is not None}
    dynamic_cols = {j for j, a in enumerate(net.arcs) if a.gain_param is not None}
    fixed_rows |= {net.arcs[j].target for j in dynamic_cols if net.arcs[j].target != OUTSIDE}
    members: dict[int, list[Member]] = {j: [(a.lower, a.upper, 1.0)] for j, a in enumerate(net.arcs)}
    col_rows: dict[int, set[int]] = {}
    for r, terms in rows.items():
        for c in terms:
            col_rows.setdefault(c, set()).add(r)
    exprs: dict[int, dict[int, float]] = {}
    blocked = protected | dynamic_cols | set(range(n_arcs, n_cols))
    changed = True
    while changed:
        changed = False
        for r in list(rows):
            if r in fixed_rows or r not in rows:
                continue
            pick = _pivot(rows[r], members, blocked, zero, inf)
            if pick is None:
                continue
            p, expr = pick
            _substitute(p, expr, r, rows, col_rows, members)
            exprs[p] = expr
            del rows[r]
            changed = True
    kept = np.array([c for c in range(n_cols) if c not in exprs], dtype=np.intp)
    position = {int(c): i for i, c in enumerate(kept)}
    expand = _expansion(n_cols, kept, exprs, position)
    kept_rows = sorted(rows)
    return Reduction(
        kept=kept,
        expand=expand,
        rows=kept_rows,
        row_terms=[{position[c]: v for c, v in rows[r].items() if abs(v) > 1e-15} for r in kept_rows],
        members=[members.get(int(c), []) for c in kept],
    )


def trivial_refs(net: LinearNetwork) -> tuple[set[int], set[int]]:
    """Parameters that are the constant 0 and the constant +inf (limits that limit nothing)."""
    zero = {i for i, p in enumerate(net.params) if getattr(p, "value", None) == 0.0 and not p.dynamic}
    inf = {i for i, p in enumerate(net.params) if getattr(p, "value", None) == float("inf") and not p.dynamic}
    return zero, inf


def _pivot(
    terms: dict[int, float], members: dict[int, list[Member]], blocked: set[int], zero: set[int], inf: set[int]
) -> tuple[int, dict[int, float]] | None:
    """A column to eliminate from this row, with its expression, or ``None``.

    Only finite, non-zero coefficients are pivoted on (a zero or non-finite one cannot express a column).
    """
    if not all(v != 0.0 and math.isfinite(v) for v in terms.values()):
        return None
    if len(terms) == 2:
        (c1, v1), (c2, v2) = terms.items()
        for p, vp, q, vq in ((c2, v2, c1, v1), (c1, v1, c2, v2)):
            f = -vq / vp  # x_p = f · x_q
            if p not in blocked and f > 0.0:
                return p, {q: f}
        return None
    for p, vp in terms.items():
        if p in blocked or not all(lo in zero and hi in inf for lo, hi, _ in members.get(p, [])):
            continue
        others = {q: -v / vp for q, v in terms.items() if q != p}
        if all(f > 0.0 for f in others.values()):
            return p, others
    return None


def _substitute(
    p: int, expr: dict[int, float], row: int, rows: dict[int, dict[int, float]],
    col_rows: dict[int, set[int]], members: dict[int, list[Member]],
) -> None:
    for r in col_rows.pop(p, set()):
        if r == row or r not in rows:
            continue
        coef = rows[r].pop(p)
        for q, f in expr.items():
            v = rows[r].get(q, 0.0) + coef * f
            if abs(v) < 1e-15:
                rows[r].pop(q, None)
                col_rows.get(q, set()).discard(r)
            else:
                rows[r][q] = v
                col_rows.setdefault(q, set()).add(r)
    for q in expr:
        col_rows.get(q, set()).discard(row)
    if len(expr) == 1:  # x_p = f·x_q: p's limits become limits on q
        (q, f), = expr.items()
        members.setdefault(q, []).extend((lo, hi, f0 * f) for lo, hi, f0 in members.pop(p, []))
    else:
        members.pop(p, None)


def _expansion(n_cols: int, kept: np.ndarray, exprs: dict[int, dict[int, float]],
               position: dict[int, int]) -> CSR:
    """Each original column as a combination of kept ones (expressions resolved recursively)."""
    memo: dict[int, dict[int, float]] = {int(c): {int(c): 1.0} for c in kept}

    def resolve(c: int) -> dict[int, float]:
        stack = [c]
        while stack:
            x = stack[-1]
            if x in memo:
                stack.pop()
                continue
            pending = [q for q in exprs[x] if q not in memo]
            if pending:
                stack.extend(pending)
                continue
            out: dict[int, float] = {}
            for q, f in exprs[x].items():
                for k, g in memo[q].items():
                    out[k] = out.get(k, 0.0) + f * g
            memo[x] = out
            stack.pop()
        return memo[c]

    r_idx, c_idx, vals = [], [], []
    for c in range(n_cols):
        for k, v in resolve(c).items():
            r_idx.append(c)
            c_idx.append(position[k])
            vals.append(v)
    return CSR.from_triplets(r_idx, c_idx, vals, (n_cols, len(kept)))
