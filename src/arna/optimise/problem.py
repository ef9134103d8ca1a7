"""Optimisation problems as documents: decision variables, objectives and constraints.

A problem names places in a model document (:mod:`arna.optimise.paths`) as decision variables,
and indicators (:mod:`arna.optimise.metrics`) as objectives and constraints, each aggregated over
the scenarios it is evaluated on (mean, a percentile, or the worst case). See docs/optimisation.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from arna.documents import read_mapping
from arna.errors import DocumentError
from arna.optimise.paths import PathError, parse_path

__all__ = ["Constraint", "Objective", "Problem", "Variable", "load_problem", "problem_from_mapping"]

Month = Annotated[int, Field(ge=1, le=12)]
SEASONS: dict[str, tuple[int, ...]] = {
    "winter": (10, 11, 12, 1, 2, 3),
    "summer": (4, 5, 6, 7, 8, 9),
    "growing": (4, 5, 6, 7, 8, 9),
    "year": tuple(range(1, 13)),
}
"""Named seasons: winter Oct–Mar, summer and the growing season Apr–Sep (as the indicators use them)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class Variable(_Strict):
    """One decision: a number (or integer, or true/false) written at one or more places of the model."""

    name: str = Field(min_length=1, description="Column name in the front.")
    path: str | list[str] = Field(
        description="Where the value goes, e.g. nodes[Toktogul].rule_curve.values[3]; a list writes the same "
        "value at every path (one release target for all winter months)."
    )
    lower: float = Field(default=0.0, description="Lower bound (0 for a boolean).")
    upper: float = Field(default=1.0, description="Upper bound (1 for a boolean).")
    type: Literal["real", "integer", "boolean"] = Field(
        default="real", description="integer and boolean (adopt a measure or not) are rounded."
    )
    scale: float = Field(
        default=1.0, gt=0.0,
        description="The number written is the decision times scale: e.g. 0.0864 for a decision in m3/s where "
        "the document holds hm3/day. Bounds and the front are in the decision's own unit.",
    )

    @field_validator("path")
    @classmethod
    def _parses(cls, v: str | list[str]) -> str | list[str]:
        for text in [v] if isinstance(v, str) else v:
            try:
                parse_path(text)
            except PathError as exc:
                raise ValueError(str(exc)) from None
        if isinstance(v, list) and not v:
            raise ValueError("give at least one path")
        return v

    @model_validator(mode="after")
    def _bounds(self) -> Variable:
        if self.upper < self.lower:
            raise ValueError(f"upper ({self.upper:g}) is below lower ({self.lower:g})")
        if self.type == "boolean" and ((self.lower, self.upper) != (0.0, 1.0) or self.scale != 1.0):
            raise ValueError("a boolean variable takes 0 (false) and 1 (true); leave lower, upper and scale out")
        return self

    @property
    def paths(self) -> list[str]:
        return [self.path] if isinstance(self.path, str) else list(self.path)


class Percentile(_Strict):
    """The ``percentile``-th value over the scenarios (linear interpolation)."""

    percentile: float = Field(ge=0.0, le=100.0)


Aggregate = Literal["mean", "worst", "best", "min", "max"] | Percentile


class Measure(_Strict):
    """An indicator of a run, over some nodes and months, aggregated over scenarios."""

    name: str = Field(min_length=1, description="Column name in the front.")
    indicator: Literal["energy", "energy_value", "deficit", "delivered", "demand", "coverage", "reliability", "flow",
                       "series"] = Field(description="What is measured (see docs/optimisation.md for each one's unit).")
    nodes: list[str] = Field(min_length=1, description="The nodes it is measured over (summed, or pooled).")
    attribute: str | None = Field(default=None, description="For indicator 'series': the result attribute.")
    season: Literal["winter", "summer", "growing", "year"] | None = Field(
        default=None, description="winter (Oct–Mar), summer or growing (Apr–Sep), year; or give months."
    )
    months: list[Month] | None = Field(default=None, description="Calendar months counted (1–12).")
    aggregate: Aggregate = Field(
        default="mean",
        description="Over scenarios: mean, worst (the lowest of a max objective, highest of a min one), best, "
        "min, max, or {percentile: P}.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Measure:
        if self.season is not None and self.months is not None:
            raise ValueError("give season or months, not both")
        if (self.indicator == "series") != (self.attribute is not None):
            raise ValueError("attribute is given with indicator 'series' and only then")
        return self

    @property
    def month_set(self) -> tuple[int, ...]:
        if self.months is not None:
            return tuple(sorted(set(self.months)))
        return SEASONS[self.season or "year"]


class Objective(Measure):
    """An indicator to minimise or maximise."""

    sense: Literal["min", "max"] = Field(description="min or max.")


class Constraint(Measure):
    """An indicator kept within bounds: ``lower ≤ value ≤ upper`` (one or both)."""

    lower: float | None = None
    upper: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Constraint:
        if self.lower is None and self.upper is None:
            raise ValueError("give lower, upper or both")
        return self


class Problem(_Strict):
    """A multi-objective search over a model's values."""

    name: str = Field(min_length=1)
    description: str | None = None
    model: str | None = Field(default=None, description="The model document, relative to this file; "
                              "`arna optimise run MODEL` overrides it.")
    scenarios: list[str] | None = Field(default=None, description="Scenarios to evaluate on; all by default.")
    algorithm: Literal["nsga2", "nsga3"] = "nsga2"
    variables: list[Variable] = Field(min_length=1)
    objectives: list[Objective] = Field(min_length=1)
    constraints: list[Constraint] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_names(self) -> Problem:
        names = [v.name for v in self.variables] + [m.name for m in [*self.objectives, *self.constraints]]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"names must be unique across variables, objectives and constraints: {', '.join(dup)}")
        return self

    def model_path(self, source: Path) -> Path | None:
        """The model named in the document, relative to the problem file ``source``."""
        return None if self.model is None else (source.parent / self.model)


def load_problem(path: str | Path) -> Problem:
    """Load and validate a problem document (YAML or JSON); a :class:`DocumentError` lists every problem."""
    p = Path(path)
    return problem_from_mapping(read_mapping(p), p)


def problem_from_mapping(data: dict[str, Any], source: str | Path) -> Problem:
    """Validate a parsed mapping as a problem document."""
    from arna.schema.load import validation_problems

    try:
        return Problem.model_validate(data)
    except ValidationError as exc:
        problems = [(p, m.removeprefix("Value error, ")) for p, m in validation_problems(exc, data)]
        raise DocumentError(source, problems) from None
