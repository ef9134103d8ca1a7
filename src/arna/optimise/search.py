"""The search: pymoo's NSGA-II or NSGA-III over a problem, one generation at a time.

Every candidate ever evaluated is kept in an archive; the front is the archive's feasible,
non-dominated candidates (so a good candidate the algorithm later drops is not lost). After every
generation the whole state (the algorithm with its random generator, the archive, the hypervolume
history) is written to a checkpoint, from which ``resume`` goes on exactly as if never stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pymoo.core.problem import Problem as PymooProblem
from pymoo.core.repair import NoRepair, Repair

from arna.errors import InputError
from arna.optimise.evaluate import Context, Outcome
from arna.optimise.problem import Problem
from arna.optimise.workers import Evaluator

__all__ = ["SearchState", "Settings", "run_search"]

CHECKPOINT_VERSION = 1
FAILED = 1e12
"""Objective value given to a candidate whose model is invalid or cannot be solved (it is also infeasible)."""


@dataclass(frozen=True)
class Settings:
    """How the search runs: algorithm, population, generations and seed."""

    algorithm: str = "nsga2"
    population: int = 32
    generations: int = 20
    seed: int = 1


@dataclass
class SearchState:
    """Everything a checkpoint holds."""

    fingerprint: str
    algorithm: Any
    generation: int = 0
    xs: list[np.ndarray] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    found_in: list[int] = field(default_factory=list)
    hypervolume: list[float] = field(default_factory=list)
    evaluations: list[int] = field(default_factory=list)
    scale: tuple[np.ndarray, np.ndarray] | None = None
    version: int = CHECKPOINT_VERSION


def _signs(problem: Problem) -> np.ndarray:
    """+1 for objectives minimised, −1 for those maximised (pymoo minimises)."""
    return np.array([1.0 if o.sense == "min" else -1.0 for o in problem.objectives])


def constraint_values(problem: Problem, out: Outcome) -> np.ndarray:
    """``g ≤ 0`` form: the model must be valid, then each bound of each constraint."""
    g = [0.0 if out.error is None else 1.0]
    ok = out.error is None
    for c, v in zip(problem.constraints, out.constraints, strict=True):
        if c.upper is not None:
            g.append(v - c.upper if ok else 0.0)
        if c.lower is not None:
            g.append(c.lower - v if ok else 0.0)
    return np.array(g)


def feasible(problem: Problem, out: Outcome) -> bool:
    return out.error is None and bool(np.all(constraint_values(problem, out) <= 0.0))


def minimised(problem: Problem, out: Outcome) -> np.ndarray:
    """The objective vector in pymoo's minimisation sense (failed candidates get :data:`FAILED`)."""
    if out.error is not None:
        return np.full(len(problem.objectives), FAILED)
    return np.asarray(out.objectives) * _signs(problem)


class Space(PymooProblem):  # type: ignore[misc]
    """The pymoo problem: bounds and sizes; its evaluation calls a batch function the search attaches."""

    batch: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None

    def _evaluate(self, x: np.ndarray, out: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        assert self.batch is not None, "the search attaches its evaluator before each generation"
        out["F"], out["G"] = self.batch(x)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("batch", None)  # the evaluator (a pool, a cluster client) is not part of a checkpoint
        return state


def _space(problem: Problem) -> Space:
    lower = np.array([v.lower for v in problem.variables])
    upper = np.array([v.upper for v in problem.variables])
    n_constr = 1 + sum((c.lower is not None) + (c.upper is not None) for c in problem.constraints)
    return Space(n_var=len(lower), n_obj=len(problem.objectives), n_ieq_constr=n_constr, xl=lower, xu=upper,
                 elementwise=False)


class RoundWhole(Repair):  # type: ignore[misc]
    """Integer and boolean variables rounded to whole numbers (reals left alone)."""

    def __init__(self, whole: np.ndarray) -> None:
        super().__init__()
        self.whole = whole

    def _do(self, problem: Any, x: np.ndarray, **kwargs: Any) -> np.ndarray:
        x = np.array(x, dtype=float)
        x[:, self.whole] = np.round(x[:, self.whole])
        return x


def _rounding(problem: Problem) -> Repair:
    whole = np.array([v.type != "real" for v in problem.variables])
    return RoundWhole(whole) if whole.any() else NoRepair()


def _algorithm(problem: Problem, settings: Settings) -> Any:
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.algorithms.moo.nsga3 import NSGA3
    from pymoo.util.ref_dirs import get_reference_directions

    repair = _rounding(problem)
    if settings.algorithm == "nsga2":
        return NSGA2(pop_size=settings.population, repair=repair, eliminate_duplicates=True)
    if settings.algorithm != "nsga3":
        raise InputError(f"the algorithm must be nsga2 or nsga3 (got '{settings.algorithm}')")
    n_obj = len(problem.objectives)
    if n_obj > settings.population:
        raise InputError(f"NSGA-III needs a population of at least one per objective ({n_obj}); "
                         f"raise --population from {settings.population}")
    partitions = 1
    while _n_directions(n_obj, partitions + 1) <= settings.population:
        partitions += 1
    ref_dirs = get_reference_directions("das-dennis", n_obj, n_partitions=partitions)
    return NSGA3(ref_dirs=ref_dirs, pop_size=settings.population, repair=repair, eliminate_duplicates=True)


def _n_directions(n_obj: int, partitions: int) -> int:
    from math import comb

    return comb(partitions + n_obj - 1, n_obj - 1)


def fingerprint(ctx: Context, settings: Settings) -> str:
    """What a checkpoint must match to be resumed: the problem, the model, algorithm, population, seed."""
    blob = json.dumps({"problem": ctx.problem.model_dump(mode="json"), "model": ctx.model,
                       "algorithm": settings.algorithm, "population": settings.population, "seed": settings.seed},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def new_state(ctx: Context, settings: Settings) -> SearchState:
    algorithm = _algorithm(ctx.problem, settings)
    algorithm.setup(_space(ctx.problem), termination=("n_gen", 10**9), seed=settings.seed, verbose=False)
    return SearchState(fingerprint(ctx, settings), algorithm)


def load_checkpoint(path: Path, ctx: Context, settings: Settings) -> SearchState:
    """A saved state, if it belongs to this problem, model and settings (an :class:`InputError` if not)."""
    try:
        with path.open("rb") as fh:
            state = pickle.load(fh)  # a file this command wrote; never resume from a file you did not make
    except FileNotFoundError:
        raise InputError(f"{path}: no checkpoint to resume from; run without --resume first") from None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise InputError(f"{path}: not a readable checkpoint ({exc}); run without --resume to start afresh") \
            from None
    if not isinstance(state, SearchState) or state.version != CHECKPOINT_VERSION:
        raise InputError(f"{path}: written by another version of Arna; run without --resume to start afresh")
    if state.fingerprint != fingerprint(ctx, settings):
        raise InputError(f"{path}: the checkpoint is of another problem, model, algorithm, population or seed; "
                         "give the same ones as the interrupted run, or run without --resume")
    return state


def save_checkpoint(state: SearchState, path: Path) -> None:
    """Write atomically: an interruption while writing leaves the previous checkpoint whole."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


Callback = Callable[[SearchState], None]


def run_search(ctx: Context, settings: Settings, evaluator: Evaluator, checkpoint: Path | None = None,
               resume: bool = False, on_generation: Callback | None = None) -> SearchState:
    """Run (or resume) the search up to ``settings.generations``; checkpoint after every generation."""
    if resume and checkpoint is None:
        raise InputError("--resume needs the checkpoint file of the interrupted run")
    state = load_checkpoint(checkpoint, ctx, settings) if resume and checkpoint else new_state(ctx, settings)
    problem = ctx.problem
    space = state.algorithm.problem
    pending: list[tuple[np.ndarray, Outcome]] = []

    def batch(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        outs = evaluator.map([np.array(row, dtype=float) for row in x])
        pending.extend(zip(np.array(x, dtype=float), outs, strict=True))
        return (np.array([minimised(problem, o) for o in outs]),
                np.array([constraint_values(problem, o) for o in outs]))

    space.batch = batch
    while state.generation < settings.generations:
        pending.clear()
        state.algorithm.next()
        state.generation += 1
        _record(state, problem, pending)
        if checkpoint is not None:
            save_checkpoint(state, checkpoint)
        if on_generation is not None:
            on_generation(state)
    space.batch = None
    return state


def _record(state: SearchState, problem: Problem, evaluated: list[tuple[np.ndarray, Outcome]]) -> None:
    state.xs += [x for x, _ in evaluated]
    state.outcomes += [o for _, o in evaluated]
    state.found_in += [state.generation] * len(evaluated)
    state.evaluations.append(len(state.outcomes))
    state.hypervolume.append(hypervolume(state, problem))


def front_indices(state: SearchState, problem: Problem) -> list[int]:
    """Archive positions of the feasible non-dominated candidates, first of each distinct decision vector."""
    from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

    seen: set[bytes] = set()
    keep: list[int] = []
    for i, (x, out) in enumerate(zip(state.xs, state.outcomes, strict=True)):
        key = np.asarray(x, dtype=float).tobytes()
        if feasible(problem, out) and key not in seen:
            seen.add(key)
            keep.append(i)
    if not keep:
        return []
    f = np.array([minimised(problem, state.outcomes[i]) for i in keep])
    first = NonDominatedSorting().do(f, only_non_dominated_front=True)
    chosen = [keep[int(j)] for j in first]
    return sorted(chosen, key=lambda i: (tuple(minimised(problem, state.outcomes[i])), i))


def hypervolume(state: SearchState, problem: Problem) -> float:
    """Hypervolume of the front so far, objectives scaled by the first feasible generation.

    Each objective is scaled to [0, 1] between the best and worst value of the first generation that
    had a feasible candidate; the reference point is 1.1 on every axis (points beyond it add nothing).
    The scaling is kept for the whole run, so the values of successive generations compare.
    """
    from pymoo.indicators.hv import HV

    idx = front_indices(state, problem)
    if not idx:
        return 0.0
    f = np.array([minimised(problem, state.outcomes[i]) for i in idx])
    if state.scale is None:
        lo, hi = f.min(axis=0), f.max(axis=0)
        state.scale = (lo, np.where(hi > lo, hi - lo, np.maximum(np.abs(lo), 1.0)))
    lo, span = state.scale
    return float(HV(ref_point=np.full(f.shape[1], 1.1))((f - lo) / span))


def dominating(state: SearchState, problem: Problem, reference: Outcome) -> list[int]:
    """Front positions (0-based, as numbered in the front) of the solutions that dominate ``reference``."""
    if reference.error is not None:
        return []
    ref = minimised(problem, reference)
    front = front_indices(state, problem)
    out = []
    for k, i in enumerate(front):
        f = minimised(problem, state.outcomes[i])
        if np.all(f <= ref) and np.any(f < ref):
            out.append(k)
    return out
