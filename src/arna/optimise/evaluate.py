"""Evaluating one candidate: write its decisions into the model, validate, run, measure.

A :class:`Context` holds everything a worker needs (the model as a parsed mapping, where it came
from, the problem) and is sent to each worker once; a task is then one decision vector.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from arna.api import select_scenarios
from arna.engine import collect, simulate
from arna.errors import BalanceError, DocumentError, SimulationError
from arna.network.native import compile_document
from arna.optimise.metrics import aggregate, measure
from arna.optimise.paths import PathError, Step, get_value, parse_path, set_value
from arna.optimise.problem import Measure, Problem, Variable
from arna.schema import ModelDocument
from arna.schema.load import model_from_mapping

__all__ = ["Context", "Outcome", "apply_decisions", "evaluate", "evaluate_model"]


@dataclass(frozen=True)
class Outcome:
    """What one evaluation gave: objective and constraint values in their own sense and units.

    ``error`` is set (and the values are NaN) when the candidate's model is invalid or cannot be
    solved; the search then treats it as infeasible.
    """

    objectives: tuple[float, ...]
    constraints: tuple[float, ...]
    error: str | None = None


@dataclass(frozen=True)
class Context:
    """The model mapping, its source (data files are relative to it) and the problem."""

    model: dict[str, Any]
    source: Path
    problem: Problem
    problem_source: Path
    steps: list[list[list[Step]]] = field(default_factory=list)

    @classmethod
    def build(cls, model: dict[str, Any], source: Path, problem: Problem, problem_source: Path) -> Context:
        """Check every variable's paths against the model now, so a bad path fails before the search."""
        steps: list[list[list[Step]]] = []
        errors: list[tuple[str, str]] = []
        for i, var in enumerate(problem.variables):
            parsed = [parse_path(p) for p in var.paths]
            for j, path in enumerate(parsed):
                try:
                    get_value(model, path)
                except PathError as exc:
                    where = f"variables[{i}].path" + (f"[{j}]" if isinstance(var.path, list) else "")
                    errors.append((where, f"{exc} (in the model {source})"))
            steps.append(parsed)
        errors += _check_scenarios(model, problem)
        errors += _check_nodes(model, problem)
        if errors:
            raise DocumentError(problem_source, errors)
        return cls(model, source, problem, problem_source, steps)


def _check_scenarios(model: dict[str, Any], problem: Problem) -> list[tuple[str, str]]:
    known = [str(s.get("name")) for s in model.get("scenarios") or [{"name": "baseline"}] if isinstance(s, dict)]
    return [(f"scenarios[{i}]", f"the model has no scenario '{s}'; it has: {', '.join(known)}")
            for i, s in enumerate(problem.scenarios or []) if s not in known]


NODE_KINDS = {"energy": "hydropower", "energy_value": "hydropower", "deficit": "demand", "delivered": "demand",
              "demand": "demand", "coverage": "demand", "reliability": "demand"}
"""The node type an indicator is measured on (``flow`` and ``series`` take any node)."""


def _check_nodes(model: dict[str, Any], problem: Problem) -> list[tuple[str, str]]:
    kinds = {str(n.get("name")): str(n.get("type")) for n in model.get("nodes") or [] if isinstance(n, dict)}
    out: list[tuple[str, str]] = []
    measures: list[tuple[str, int, Measure]] = [("objectives", i, m) for i, m in enumerate(problem.objectives)]
    measures += [("constraints", i, m) for i, m in enumerate(problem.constraints)]
    for section, i, m in measures:
        want = NODE_KINDS.get(m.indicator)
        for j, node in enumerate(m.nodes):
            where = f"{section}[{i}].nodes[{j}]"
            if node not in kinds:
                out.append((where, f"the model has no node '{node}'; check the spelling against the model's nodes"))
            elif want is not None and kinds[node] != want:
                out.append((where, f"'{node}' is a {kinds[node]} node; indicator '{m.indicator}' is measured on "
                                   f"{want} nodes"))
    return out


def decision_value(var: Variable, x: float) -> float | int | bool:
    """The decision ``x`` as its variable's type: rounded to an integer or true/false where it is one."""
    if var.type == "boolean":
        return bool(round(x))
    return round(x) if var.type == "integer" else float(x)


def apply_decisions(ctx: Context, x: np.ndarray) -> dict[str, Any]:
    """A copy of the model mapping with decision vector ``x`` written in."""
    doc = copy.deepcopy(ctx.model)
    for var, paths, xi in zip(ctx.problem.variables, ctx.steps, x, strict=True):
        value = decision_value(var, float(xi))
        written = value if isinstance(value, bool) or var.scale == 1.0 else value * var.scale
        for path in paths:
            set_value(doc, path, written)
    return doc


def candidate_document(ctx: Context, x: np.ndarray) -> ModelDocument:
    """The validated model document for ``x`` (a :class:`DocumentError` naming the values if invalid)."""
    return model_from_mapping(apply_decisions(ctx, x), ctx.source)


def evaluate(ctx: Context, x: np.ndarray) -> Outcome:
    """Run the model with decisions ``x`` on the problem's scenarios and measure it."""
    return _measure_document(ctx, lambda: candidate_document(ctx, x))


def evaluate_model(ctx: Context) -> Outcome:
    """The model as it is written (no decision applied), measured like a candidate: the reference."""
    return _measure_document(ctx, lambda: model_from_mapping(copy.deepcopy(ctx.model), ctx.source))


def _measure_document(ctx: Context, document: Callable[[], ModelDocument]) -> Outcome:
    p = ctx.problem
    try:
        net = compile_document(document(), ctx.source)
        res = collect(simulate(net, select_scenarios(net, p.scenarios)))
    except BalanceError:
        raise  # a balance that does not close is a bug in Arna, never a bad candidate
    except (DocumentError, SimulationError) as exc:
        nan = (math.nan,)
        return Outcome(nan * len(p.objectives), nan * len(p.constraints), _short(exc))
    objectives = tuple(aggregate(measure(res, o), o.aggregate, o.sense) for o in p.objectives)
    constraints = tuple(aggregate(measure(res, c), c.aggregate, "min" if c.upper is not None else "max")
                        for c in p.constraints)
    return Outcome(objectives, constraints)


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:400]
