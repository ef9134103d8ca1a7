"""Choose measures under a budget: greedy (cheapest m³ first) or exact (HiGHS MILP).

A :class:`Candidate` is one measure on one area with a cost (what the budget
limits: investment by default) and a water saving (net by default). Candidates
sharing a ``group`` are alternatives for the same area (say drip *or* sprinkler on
the same cotton) and at most one of them is chosen.

* :func:`select_greedy` ranks by cost per m³ and takes each candidate that still
  fits — simple and transparent, but not always the best use of the budget.
* :func:`select_optimal` solves the 0/1 knapsack exactly as a MILP with HiGHS:
  maximise ``Σ saving_i x_i`` subject to ``Σ cost_i x_i ≤ budget``, at most one
  per group, ``x_i ∈ {0, 1}``.
* :func:`select_brute_force` enumerates every subset (for checking, ≤ 20 items).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from arna.economics.appraisal import Appraisal
from arna.engine.solver import new_highs
from arna.errors import InputError, SimulationError

BRUTE_FORCE_LIMIT = 20


@dataclass(frozen=True)
class Candidate:
    """A measure that can be chosen: budget cost and water saved (m³/yr)."""

    id: str
    cost: float
    saving_m3_per_year: float
    group: str | None = None
    cost_per_m3: float | None = None
    """Ranking key for :func:`select_greedy` (e.g. EAC per m³); ``cost / saving`` if unset."""


@dataclass(frozen=True)
class Portfolio:
    """A chosen set of candidates (ids in input order) and its totals."""

    chosen: tuple[str, ...]
    cost: float
    saving_m3_per_year: float
    method: str


def _check(candidates: Sequence[Candidate], budget: float) -> None:
    if not np.isfinite(budget) or budget < 0:
        raise InputError(f"budget {budget:g} must be a non-negative number")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise InputError("candidate ids must be unique")
    for c in candidates:
        if not (np.isfinite(c.cost) and c.cost >= 0 and np.isfinite(c.saving_m3_per_year)):
            raise InputError(f"candidate {c.id!r}: cost must be ≥ 0 and saving finite")


def _portfolio(candidates: Sequence[Candidate], chosen: set[str], method: str) -> Portfolio:
    picked = [c for c in candidates if c.id in chosen]
    return Portfolio(
        chosen=tuple(c.id for c in picked),
        cost=float(sum(c.cost for c in picked)),
        saving_m3_per_year=float(sum(c.saving_m3_per_year for c in picked)),
        method=method,
    )


def candidates_from_appraisals(
    appraisals: Sequence[Appraisal],
    *,
    cost: str = "investment",
    saving: str = "net",
    group_by_target: bool = False,
) -> list[Candidate]:
    """Candidates from appraisals.

    ``cost`` (what the budget limits) is ``"investment"`` or ``"present_value"``
    (investment plus discounted O&M: use it when measures such as crop change cost
    little up front but a lot every year); ``saving`` is ``"net"`` or ``"gross"``.
    Greedy ranks by the appraisal's EAC per m³ on the same saving basis. With
    ``group_by_target`` the measures on the same target are alternatives.
    """
    if cost not in ("investment", "present_value") or saving not in ("net", "gross"):
        raise InputError("cost must be investment|present_value and saving net|gross")
    out = []
    for i, a in enumerate(appraisals):
        c = a.investment if cost == "investment" else a.present_value_cost
        s = a.net_saving_m3_per_year if saving == "net" else a.gross_saving_m3_per_year
        per_m3 = a.cost_per_m3_net if saving == "net" else a.cost_per_m3_gross
        ident = f"{a.measure_id}@{a.target}" if a.target else f"{a.measure_id}#{i}"
        out.append(Candidate(ident, c, s, a.target if group_by_target else None, per_m3))
    return out


def select_greedy(candidates: Sequence[Candidate], budget: float) -> Portfolio:
    """Cheapest saving first: rank by cost per m³ and take what still fits the budget.

    The rank is ``cost_per_m3`` when the candidate has one (appraisals give the
    equivalent annual cost per m³), else ``cost / saving``. Candidates saving
    nothing are never chosen; ties go to the larger saving.
    """
    _check(candidates, budget)
    useful = [c for c in candidates if c.saving_m3_per_year > 0]

    def rank(c: Candidate) -> tuple[float, float]:
        key = c.cost_per_m3 if c.cost_per_m3 is not None else c.cost / c.saving_m3_per_year
        return (key, -c.saving_m3_per_year)

    useful.sort(key=rank)
    chosen: set[str] = set()
    groups: set[str] = set()
    left = budget
    for c in useful:
        if c.cost <= left * (1 + 1e-12) and (c.group is None or c.group not in groups):
            chosen.add(c.id)
            left -= c.cost
            if c.group is not None:
                groups.add(c.group)
    return _portfolio(candidates, chosen, "greedy")


def select_brute_force(candidates: Sequence[Candidate], budget: float) -> Portfolio:
    """Best subset by enumeration (reference for tests; at most 20 candidates)."""
    _check(candidates, budget)
    if len(candidates) > BRUTE_FORCE_LIMIT:
        raise InputError(f"brute force is limited to {BRUTE_FORCE_LIMIT} candidates")
    best: tuple[float, float, set[str]] = (0.0, 0.0, set())
    for r in range(1, len(candidates) + 1):
        for combo in itertools.combinations(candidates, r):
            groups = [c.group for c in combo if c.group is not None]
            if len(groups) != len(set(groups)):
                continue
            cost = sum(c.cost for c in combo)
            if cost > budget * (1 + 1e-12):
                continue
            saving = sum(c.saving_m3_per_year for c in combo)
            if saving > best[0] or (saving == best[0] and cost < best[1]):
                best = (saving, cost, {c.id for c in combo})
    return _portfolio(candidates, best[2], "brute-force")


def select_optimal(candidates: Sequence[Candidate], budget: float) -> Portfolio:
    """Best subset under the budget, as a HiGHS MILP (exact, ``mip_rel_gap = 0``)."""
    import highspy

    _check(candidates, budget)
    useful = [c for c in candidates if c.saving_m3_per_year > 0 and c.cost <= budget]
    if not useful:
        return _portfolio(candidates, set(), "milp")
    n = len(useful)
    s_scale = max(c.saving_m3_per_year for c in useful)
    c_scale = max(budget, max(c.cost for c in useful), 1e-300)
    group_names = sorted({c.group for c in useful if c.group is not None})
    rows: list[list[int]] = [list(range(n))]  # row 0: budget
    rows += [[j for j, c in enumerate(useful) if c.group == g] for g in group_names]

    h = new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.array([c.saving_m3_per_year / s_scale for c in useful])
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(len(rows), -highspy.kHighsInf)
    lp.row_upper_ = np.array([budget / c_scale] + [1.0] * len(group_names))
    starts, index, value = [0], [], []
    for j, c in enumerate(useful):
        for r, members in enumerate(rows):
            if j in members:
                index.append(r)
                value.append(c.cost / c_scale if r == 0 else 1.0)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=np.float64)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SimulationError(f"portfolio MILP ended with status {h.getModelStatus()}")
    x = np.asarray(h.getSolution().col_value)
    chosen = {c.id for c, v in zip(useful, x, strict=True) if v > 0.5}
    return _portfolio(candidates, chosen, "milp")
