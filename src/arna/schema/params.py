"""Parameter specifications: how a document gives a value that may vary.

A quantity in a document is one of

- a number, in the field's default unit (see each field's description);
- a string with a unit, ``"5.4 km3"`` or ``"30 m3/s"``;
- an object with a ``type``: ``constant``, ``monthly``, ``daily``, ``series``
  (CSV or Parquet file next to the model), ``table`` (interpolated against a
  storage node's volume), or ``scenario`` (one value per scenario).
"""

from __future__ import annotations

import math
import re
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Spec(BaseModel):
    """Common base of parameter specifications."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False, frozen=True)

    unit: str | None = Field(
        default=None, description="Unit of the values; the field's default unit if omitted."
    )


class ConstantSpec(Spec):
    """One value for every timestep and scenario."""

    type: Literal["constant"]
    value: float


class MonthlySpec(Spec):
    """Twelve values, January to December."""

    type: Literal["monthly"]
    values: list[float] = Field(min_length=12, max_length=12)


class DailySpec(Spec):
    """A value per day of the year (365 or 366 values; 29 February uses day 60 of 366)."""

    type: Literal["daily"]
    values: list[float] = Field(min_length=365, max_length=366)


class WeeklySpec(Spec):
    """52 or 53 values, one per week of the year (week 1 starts on 1 January)."""

    type: Literal["weekly"]
    values: list[float] = Field(min_length=52, max_length=53)


class DekadalSpec(Spec):
    """36 values, one per dekad of the year (1st–10th, 11th–20th, 21st–end of each month, January first).

    A timestep takes the value of the dekad it starts in; in a dekad run each dekad gets its own.
    """

    type: Literal["dekadal"]
    values: list[float] = Field(min_length=36, max_length=36)


class SeriesSpec(Spec):
    """A time series from a CSV or Parquet file, path relative to the model file.

    Each timestep takes the mean of the rows dated within it, each weighted by
    how long it holds (until the next row), or the row in force at its start if
    none is dated within it: daily rows are averaged into dekads or months, a
    monthly row applies to each dekad of its month, and dekad rows weigh into a
    month by their length (8–11 days for a third dekad). Only the rows used by
    the run must be numbers; the series must cover the whole run. With ``scenario``, the
    file has one column per member of that scenario axis (``column`` is then
    not used).
    """

    type: Literal["series"]
    file: str
    column: str | None = None
    date_column: str = "date"
    scale: float = Field(default=1.0, description="Multiplier applied after reading.")
    scenario: str | None = Field(default=None, description="Scenario axis whose members are the columns.")

    @field_validator("file")
    @classmethod
    def _suffix(cls, v: str) -> str:
        if Path(v).suffix.lower() not in {".csv", ".parquet", ".pq"}:
            raise ValueError("a series file must be .csv or .parquet")
        return v


class TableSpec(Spec):
    """A value interpolated linearly against a storage node's volume at the start of a timestep."""

    type: Literal["table"]
    node: str = Field(description="The reservoir or groundwater node whose volume is the input.")
    volumes: list[float] = Field(min_length=2)
    values: list[float] = Field(min_length=2)
    volume_unit: str = "hm3"
    interpolation: Literal["linear", "cubic"] = Field(
        default="linear", description="linear (clamped at the ends) or a not-a-knot cubic spline"
    )

    @field_validator("volumes")
    @classmethod
    def _increasing(cls, v: list[float]) -> list[float]:
        if any(b <= a for a, b in pairwise(v)):
            raise ValueError("volumes must be strictly increasing")
        return v


class ScenarioSpec(Spec):
    """A value per scenario, keyed by scenario name; each may itself vary in time."""

    type: Literal["scenario"]
    values: dict[str, Value]

    @field_validator("values", mode="before")
    @classmethod
    def _names_as_text(cls, v: object) -> object:
        """Scenario names written as numbers (``2050: 0.9`` in YAML) are names all the same."""
        return {str(k): x for k, x in v.items()} if isinstance(v, dict) else v


_QUANTITY = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*")


def parse_quantity_string(text: str) -> tuple[float, str]:
    """Split ``"5.4 km3"`` (or ``"5.4km3"``) into ``(5.4, "km3")``.

    >>> parse_quantity_string("30 m3/s")
    (30.0, 'm3/s')
    >>> parse_quantity_string("15m3/s")
    (15.0, 'm3/s')
    """
    match = _QUANTITY.fullmatch(text)
    if match is None or not math.isfinite(number := float(match.group(1))):
        raise ValueError(f"'{text}' is not a quantity; write a finite number and a unit, e.g. '30 m3/s'")
    return number, match.group(2)


# ------------------------------------------------------------------ composite and state-dependent


class RefSpec(BaseModel):
    """A reference to a named parameter in the document's ``parameters`` section."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False, frozen=True)

    type: Literal["ref"]
    name: str


class MembersSpec(Spec):
    """One value per member of a scenario axis (the axis a scenario sits on is in ``scenarios``)."""

    type: Literal["members"]
    axis: str
    values: list[Value]


class ControlCurveSpec(Spec):
    """A value chosen by a storage's proportional volume against control curves (highest first).

    ``mode``: ``step`` — ``values[i]`` for the zone above curve ``i`` (``len(curves) + 1``
    values); ``interpolate`` — linear between the values at full, at each curve and at
    empty (``len(curves) + 2`` values); ``index`` — the zone number itself.
    """

    type: Literal["control_curve"]
    storage: str
    curves: list[Value]
    values: list[Value] = Field(default_factory=list)
    mode: Literal["step", "interpolate", "index"] = "step"


class IndexedSpec(Spec):
    """``values[index]``, the index being another value (e.g. a control-curve zone)."""

    type: Literal["indexed"]
    index: Value
    values: list[Value]


class AggregateSpec(Spec):
    """A function of several values."""

    type: Literal["aggregate"]
    function: Literal["sum", "min", "max", "product", "mean", "any", "all"]
    values: list[Value] = Field(min_length=1)


class ThresholdSpec(Spec):
    """``values[1]`` when ``input predicate threshold`` holds, else ``values[0]``."""

    type: Literal["threshold"]
    input: Value
    threshold: Value
    predicate: Literal["<", "<=", ">", ">=", "=="]
    values: tuple[float, float]


class NodeStateSpec(Spec):
    """A node's state at the start of a timestep, in internal units.

    ``flow`` — its flow in the previous timestep (``initial`` at the first);
    ``mean_flow`` — the mean over the last ``timesteps`` timesteps (as many as there are
    at the start); ``volume`` / ``proportional_volume`` — a storage's current volume;
    ``deficit`` — the previous timestep's ``max_flow − flow`` of a sink.
    """

    type: Literal["node_state"]
    node: str
    attribute: Literal["flow", "mean_flow", "volume", "proportional_volume", "deficit"]
    timesteps: int = Field(default=1, ge=1)
    initial: float = 0.0


class FlowTableSpec(Spec):
    """A value interpolated against a node's flow in the previous timestep."""

    type: Literal["flow_table"]
    node: str
    flows: list[float] = Field(min_length=2)
    values: list[float] = Field(min_length=2)
    initial_flow: float = 0.0


class DiscountSpec(Spec):
    """``1 / (1 + rate) ** (year − base_year)``."""

    type: Literal["discount"]
    rate: float
    base_year: int


class HydropowerTargetSpec(Spec):
    """The turbine flow that produces ``target`` power at the current head, within limits.

    ``q = target / (density · 9.81 · head · efficiency · flow_unit_conversion ·
    energy_unit_conversion)`` with ``head = level − turbine_elevation`` (Pywr's
    hydropower relation; ``flow_unit_conversion`` turns model flow into m³/day and
    ``energy_unit_conversion`` (1e-6) gives MJ).
    """

    type: Literal["hydropower_target"]
    level: Value
    turbine_elevation: float = 0.0
    efficiency: float = Field(default=1.0, gt=0.0)
    target: Value
    min_flow: Value = 0.0
    max_flow: Value | None = None
    flow_unit_conversion: float = 1.0
    energy_unit_conversion: float = 1e-6
    density: float = 1000.0


class ScaledSpec(Spec):
    """``value × factor``: the value keeps its unit, the factor is a plain number (or profile, series …)."""

    type: Literal["scaled"]
    value: Value
    factor: Value


class DrawdownSpec(Spec):
    """Falls linearly from 1 on the reset date to 0 a year later (plus ``residual_days``)."""

    type: Literal["drawdown"]
    reset_month: int = Field(default=1, ge=1, le=12)
    reset_day: int = Field(default=1, ge=1, le=31)
    residual_days: float = 0.0


ParamSpec = Annotated[
    ConstantSpec
    | MonthlySpec
    | DailySpec
    | WeeklySpec
    | DekadalSpec
    | SeriesSpec
    | TableSpec
    | ScenarioSpec
    | RefSpec
    | MembersSpec
    | ControlCurveSpec
    | IndexedSpec
    | AggregateSpec
    | ThresholdSpec
    | NodeStateSpec
    | FlowTableSpec
    | DiscountSpec
    | DrawdownSpec
    | HydropowerTargetSpec
    | ScaledSpec,
    Field(discriminator="type"),
]

Value = float | str | ParamSpec
"""A quantity: a number (default unit), a ``"number unit"`` string, or a parameter object."""

# Every class of the schema is built on first use (``defer_build``), not when its module is imported:
# importing arna.schema cost ~0.2 s of CPU building ~60 validators, most never used on their own (a
# document is validated by ModelDocument's one validator). The specs that hold a Value (defined just
# above) are resolved then too, so need no model_rebuild here.

