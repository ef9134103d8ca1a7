"""Parameter specifications: how a document gives a value that may vary.

A quantity in a document is one of

- a number, in the field's default unit (see each field's description);
- a string with a unit, ``"5.4 km3"`` or ``"30 m3/s"``;
- an object with a ``type``: ``constant``, ``monthly``, ``daily``, ``series``
  (CSV or Parquet file next to the model), ``table`` (interpolated against a
  storage node's volume), or ``scenario`` (one value per scenario).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Spec(BaseModel):
    """Common base of parameter specifications."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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


class SeriesSpec(Spec):
    """A time series from a CSV or Parquet file, path relative to the model file.

    Each timestep takes the mean of the rows dated within it; a coarser series
    (e.g. monthly rows for a daily run) gives each timestep the row in force
    at its start. The series must cover the whole run.
    """

    type: Literal["series"]
    file: str
    column: str
    date_column: str = "date"
    scale: float = Field(default=1.0, description="Multiplier applied after reading.")

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

    @field_validator("volumes")
    @classmethod
    def _increasing(cls, v: list[float]) -> list[float]:
        if any(b <= a for a, b in zip(v, v[1:], strict=False)):
            raise ValueError("volumes must be strictly increasing")
        return v


class ScenarioSpec(Spec):
    """A value per scenario, keyed by scenario name; each may itself vary in time."""

    type: Literal["scenario"]
    values: dict[str, float | str | ConstantSpec | MonthlySpec | DailySpec | SeriesSpec]


ParamSpec = Annotated[
    ConstantSpec | MonthlySpec | DailySpec | SeriesSpec | TableSpec | ScenarioSpec,
    Field(discriminator="type"),
]

Value = float | str | ParamSpec
"""A quantity: a number (default unit), a ``"number unit"`` string, or a parameter object."""


def parse_quantity_string(text: str) -> tuple[float, str]:
    """Split ``"5.4 km3"`` into ``(5.4, "km3")``.

    >>> parse_quantity_string("30 m3/s")
    (30.0, 'm3/s')
    """
    parts = text.strip().split(maxsplit=1)
    try:
        number = float(parts[0])
    except (ValueError, IndexError):
        raise ValueError(f"'{text}' is not a quantity; write a number and a unit, e.g. '30 m3/s'")
    return number, (parts[1].strip() if len(parts) > 1 else "")
