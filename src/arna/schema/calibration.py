"""The calibration entries of a model document: ``metadata.calibration`` and ``metadata.not_calibrated``.

Each entry sets one cited observation (or a year-by-year series of them) beside a series of the
results; :mod:`arna.indicators.calibration` computes the table. This module only checks the
entries, so that a bad entry is reported with its JSON path when the document is loaded.
See docs/indicators.md, "Calibration".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from arna.errors import json_path

Kind = Literal["annual", "period_mean", "named_year", "seasonal_share", "storage", "hydropower"]
Aggregate = Literal["annual_volume_km3", "annual_sum", "mean", "volume_on_date", "season_share"]
KINDS: tuple[str, ...] = ("annual", "period_mean", "named_year", "seasonal_share", "storage", "hydropower")

# Default tolerance per kind when an entry gives none: (value, "relative" | "absolute").
DEFAULT_TOLERANCE: dict[str, tuple[float, str]] = {
    "annual": (0.10, "relative"),
    "period_mean": (0.10, "relative"),
    "named_year": (0.25, "relative"),
    "seasonal_share": (5.0, "absolute"),  # percentage points
    "storage": (1.5, "absolute"),  # in the entry's unit (km3 for the bundled models)
    "hydropower": (0.15, "relative"),
}

_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


class CalibrationEntry(BaseModel):
    """One cited observation and how to compute its simulated counterpart."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    kind: Kind = "annual"
    node: str = Field(min_length=1)
    attribute: str = Field(min_length=1)
    aggregate: Aggregate | None = None
    scenario: str | None = None
    years: list[int] | None = Field(default=None, min_length=1)
    months: list[int] | None = Field(default=None, min_length=1, max_length=12)
    date: dt.date | str | None = None
    year_begins: int | None = Field(default=None, ge=1, le=12)
    target: float | None = None
    series: dict[int, float] | None = Field(default=None, min_length=1)
    unit: str = ""
    tolerance: float | None = Field(default=None, gt=0)
    tolerance_abs: float | None = Field(default=None, gt=0)
    source: str = Field(min_length=1)

    @field_validator("months")
    @classmethod
    def _months(cls, v: list[int] | None) -> list[int] | None:
        if v is not None:
            if any(m < 1 or m > 12 for m in v):
                raise ValueError("months are numbers 1 (January) to 12 (December)")
            if len(set(v)) != len(v):
                raise ValueError("a month appears twice")
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        if not isinstance(v, str):
            return v
        text = v.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        m = _MONTH_DAY.match(text)
        try:
            if m is None:
                raise ValueError(text)
            dt.date(2000, int(m.group(1)), int(m.group(2)))
        except ValueError:
            raise ValueError(f"'{v}' is not a date: give an ISO date (2008-04-01) or, "
                             "for every year, a month and day (04-01)") from None
        return text

    @model_validator(mode="after")
    def _consistent(self) -> CalibrationEntry:
        if (self.target is None) == (self.series is None):
            raise ValueError("give either target (one cited value) or series ({year: value, ...}), not both")
        if self.tolerance is not None and self.tolerance_abs is not None:
            raise ValueError("give either tolerance (relative) or tolerance_abs, not both")
        if self.series is not None and self.years is not None:
            raise ValueError("a series gives its own years; drop 'years'")
        how = self.how()
        if how == "volume_on_date" and self.date is None:
            raise ValueError("aggregate volume_on_date needs a date (2008-04-01, or 04-01 with years or series)")
        if how != "volume_on_date" and self.date is not None:
            raise ValueError(f"date is used only with aggregate volume_on_date (this entry aggregates by '{how}')")
        if how == "volume_on_date" and self.months is not None:
            raise ValueError("months do not apply to volume_on_date")
        if how == "season_share" and self.months is None:
            raise ValueError("aggregate season_share needs months, e.g. [4, 5, 6, 7, 8, 9] for the growing season")
        if how == "annual_volume_km3" and self.unit and not self.unit.startswith("km3"):
            raise ValueError(f"annual_volume_km3 gives km³; write the unit as km3/yr or km3 (not '{self.unit}')")
        if how == "season_share" and self.unit not in ("", "%"):
            raise ValueError(f"a seasonal share is in %; write unit: '%' (not '{self.unit}')")
        if self.kind == "named_year" and self.years is None and self.series is None \
                and not isinstance(self.date, dt.date):
            raise ValueError("a named_year entry names its year(s): give years, series or a date with its year")
        return self

    def how(self) -> str:
        """The aggregate, or the kind's default (see docs/indicators.md)."""
        if self.aggregate is not None:
            return self.aggregate
        if self.kind == "seasonal_share":
            return "season_share"
        if self.kind == "storage":
            return "volume_on_date" if self.date is not None else "mean"
        if self.kind == "hydropower":
            return "annual_sum"
        return "mean"

    def tolerance_rule(self) -> tuple[float, str]:
        """(value, 'relative' | 'absolute'): the entry's own, else the kind's default."""
        if self.tolerance is not None:
            return self.tolerance, "relative"
        if self.tolerance_abs is not None:
            return self.tolerance_abs, "absolute"
        return DEFAULT_TOLERANCE[self.kind]


class NotCalibrated(BaseModel):
    """Something the model cannot be calibrated on, and why."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    what: str = Field(min_length=1)
    why: str = Field(min_length=1)


Problem = tuple[str, str]
_TYPE_TAGS = frozenset({"date", "str", "int", "float", "list", "dict"})


def _problems(exc: ValidationError, prefix: tuple[int | str, ...]) -> list[Problem]:
    out: dict[str, str] = {}
    for err in exc.errors():
        loc = tuple(err["loc"])
        loc = loc[:1] + tuple(p for p in loc[1:] if not (isinstance(p, str) and (p in _TYPE_TAGS or "[" in p)))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key; the keys are listed in docs/indicators.md, 'Calibration'"
        out.setdefault(json_path(prefix + loc), msg)
    return list(out.items())


def parse_entries(metadata: dict[str, Any]) -> tuple[list[CalibrationEntry], list[Problem]]:
    """The entries of ``metadata.calibration`` and the problems of those that are invalid."""
    raw = metadata.get("calibration")
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [("metadata.calibration", "must be a list of entries (see docs/indicators.md, 'Calibration')")]
    entries: list[CalibrationEntry] = []
    problems: list[Problem] = []
    for i, item in enumerate(raw):
        try:
            entries.append(CalibrationEntry.model_validate(item))
        except ValidationError as exc:
            problems += _problems(exc, ("metadata", "calibration", i))
    return entries, problems


def parse_not_calibrated(metadata: dict[str, Any]) -> tuple[list[NotCalibrated], list[Problem]]:
    """The items of ``metadata.not_calibrated`` and the problems of those that are invalid."""
    raw = metadata.get("not_calibrated")
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [("metadata.not_calibrated", "must be a list of {what: ..., why: ...}")]
    items: list[NotCalibrated] = []
    problems: list[Problem] = []
    for i, item in enumerate(raw):
        try:
            items.append(NotCalibrated.model_validate(item))
        except ValidationError as exc:
            problems += _problems(exc, ("metadata", "not_calibrated", i))
    return items, problems


def check_calibration(metadata: dict[str, Any], nodes: Sequence[str], scenarios: Sequence[str]) -> list[Problem]:
    """Every problem of the calibration entries: their keys, and nodes and scenarios that do not exist."""
    entries, problems = parse_entries(metadata)
    problems += parse_not_calibrated(metadata)[1]
    if problems:
        return problems
    known, scen = set(nodes), set(scenarios)
    for i, e in enumerate(entries):
        if e.node not in known:
            problems.append((f"metadata.calibration[{i}].node",
                             f"no node '{e.node}' in the document; use one of the nodes' names"))
        if e.scenario is not None and e.scenario not in scen:
            problems.append((f"metadata.calibration[{i}].scenario",
                             f"no scenario '{e.scenario}'; the document has {', '.join(scenarios)}"))
    return problems
