"""Calibration: every cited observation in ``metadata.calibration`` beside its simulated value.

An entry (checked by :mod:`arna.schema.calibration`) names a node and attribute, how to aggregate
the series, the period (``years``, ``months``, ``date``) and the cited ``target`` — or a ``series``
of cited values by year, one row each::

    metadata:
      calibration:
        - {kind: named_year, node: Small Aral Sea, attribute: inflow, aggregate: annual_volume_km3,
           years: [2022], target: 0.816, unit: km3/yr, source: "sheet §1.5, NAS1 [D]"}
        - {kind: storage, node: Toktogul, attribute: volume, date: "04-01", unit: km3,
           series: {2008: 6.6, 2009: 6.4}, source: "sheet §1.3"}

Aggregates: ``annual_volume_km3`` (a flow → km³ in the year, or in its ``months``), ``annual_sum``
(a per-step quantity such as energy in GWh → its sum in the year), ``mean`` (time-weighted),
``season_share`` (the % of the year's volume that falls in ``months``) and ``volume_on_date``
(the end-of-step volume at a step boundary, interpolated between boundaries otherwise).

Years are calendar years of the run's time axis; steps of any length (month, dekad, day, week)
are split between years and months by the days they overlap. When ``months`` form a block of the
ICWC water year (October–September, e.g. Apr–Sep or Oct–Mar), the year is the water year and is
labelled by the calendar year it ends in (Oct 2021–Sep 2022 is 2022); otherwise the calendar year.
``year_begins`` overrides this. Without ``years`` the value is the mean over the years the run
covers completely. A year the run does not cover gives a row that says so, not an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.errors import DocumentError, InputError, UnitError
from arna.schema.calibration import CalibrationEntry, NotCalibrated, parse_entries, parse_not_calibrated
from arna.schema.units import FIXED_FLOW_UNITS, Dimension, flow_unit_factor, static_factor, unit_dimension

AGGREGATES = ("annual_volume_km3", "annual_sum", "mean", "volume_on_date", "season_share")
COLUMNS = ["entry", "kind", "node", "attribute", "aggregate", "scenario", "period", "year", "years", "months", "date",
           "whole_run", "year_begins", "cited", "simulated", "unit", "error", "error_rel", "tolerance",
           "tolerance_type", "band", "within", "status", "note", "source"]
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPOCH = pd.Timestamp("1970-01-01")


@dataclass(frozen=True)
class _Axis:
    """Start and end of every step, in days since 1970."""

    start: np.ndarray
    end: np.ndarray
    days: np.ndarray

    @classmethod
    def of(cls, res: Results) -> _Axis:
        start = (res.timesteps - _EPOCH) / pd.Timedelta(days=1)
        s = np.asarray(start, dtype=float)
        days = np.asarray(res.days, dtype=float)
        return cls(s, s + days, days)

    def years(self) -> range:
        first = (_EPOCH + pd.Timedelta(days=float(self.start[0]))).year
        last = (_EPOCH + pd.Timedelta(days=float(self.end[-1]))).year
        return range(first - 1, last + 1)


Window = tuple[float, float]


def _day(d: dt.date | pd.Timestamp) -> float:
    return float((pd.Timestamp(d) - _EPOCH) / pd.Timedelta(days=1))


def _overlap(axis: _Axis, windows: Sequence[Window]) -> tuple[np.ndarray, bool]:
    """Days of each step inside the windows, and whether the run covers the windows entirely."""
    w = np.zeros_like(axis.start)
    for a, b in windows:
        w += np.clip(np.minimum(axis.end, b) - np.maximum(axis.start, a), 0.0, None)
    wanted = sum(b - a for a, b in windows)
    return w, bool(abs(float(w.sum()) - wanted) < 1e-6)


def default_year_begins(months: Sequence[int] | None) -> int:
    """10 (ICWC water year, Oct–Sep) when ``months`` are one block of it, else 1 (calendar year)."""
    if not months:
        return 1
    order = [(m - 10) % 12 for m in sorted(months, key=lambda m: (m - 10) % 12)]
    return 10 if order == list(range(order[0], order[0] + len(order))) else 1


def _year_window(year: int, begins: int) -> Window:
    start = pd.Timestamp(year if begins == 1 else year - 1, begins, 1)
    return _day(start), _day(start + pd.DateOffset(years=1))


def _month_windows(year: int, begins: int, months: Sequence[int]) -> list[Window]:
    start = pd.Timestamp(year if begins == 1 else year - 1, begins, 1)
    out = []
    for k in range(12):
        m0 = start + pd.DateOffset(months=k)
        if m0.month in months:
            out.append((_day(m0), _day(m0 + pd.DateOffset(months=1))))
    return out


# ---------------------------------------------------------------- one entry, one year


@dataclass(frozen=True)
class _Series:
    """One scenario's values of a series, its unit, and the entry that reads it."""

    values: np.ndarray
    unit: str
    entry: CalibrationEntry
    where: str  # the entry's JSON path, for errors

    def km3_per_day(self) -> np.ndarray:
        """The flow in km³ per day of each step."""
        unit = self.unit or "m3/s"
        try:
            hm3_per_day = flow_unit_factor(unit)
        except UnitError:
            raise InputError(f"{self.where}.aggregate: {self.entry.node}/{self.entry.attribute} is in '{unit}', "
                             "not a flow; use annual_sum or mean for it") from None
        return self.values * hm3_per_day / 1e3


def _aggregate(s: _Series, axis: _Axis, how: str, windows: Sequence[Window]) -> float | None:
    w, covered = _overlap(axis, windows)
    inside = w > 0
    values = s.values[inside]
    if not covered or bool(np.isnan(values).any()):  # NaN: e.g. a scenario with a shorter horizon
        return None
    w, days = w[inside], axis.days[inside]
    if how == "annual_volume_km3":
        return float((s.km3_per_day()[inside] * w).sum())
    if how == "annual_sum":
        return float((values * w / days).sum())
    return float((values * w).sum() / w.sum())


def _volume_at(s: _Series, axis: _Axis, when: float) -> float | None:
    """End-of-step volume at a step boundary, interpolated between boundaries (None outside the run)."""
    if when < axis.end[0] - 1e-9 or when > axis.end[-1] + 1e-9:
        return None
    value = float(np.interp(when, axis.end, s.values))
    return None if math.isnan(value) else value


def _on_date(entry: CalibrationEntry, year: int | None) -> dt.date:
    d = entry.date
    if isinstance(d, dt.date):
        if year is None:
            return d
        month, day = d.month, d.day
    else:
        month, day = (int(x) for x in str(d).strip().split("-"))
    y = year if year is not None else 2000
    if (month, day) == (2, 29) and not calendar.isleap(y):
        day = 28  # 29 February in a common year: the last day of February
    return dt.date(y, month, day)


def _year_value(s: _Series, axis: _Axis, year: int) -> float | None:
    e, how = s.entry, s.entry.how()
    if how == "volume_on_date":
        return _volume_at(s, axis, _day(_on_date(e, year)))
    begins = e.year_begins or default_year_begins(e.months)
    year_window = [_year_window(year, begins)]
    if how == "season_share":
        total = _aggregate(s, axis, "annual_volume_km3", year_window)
        part = _aggregate(s, axis, "annual_volume_km3", _month_windows(year, begins, e.months or []))
        if total is None or part is None:
            return None
        return 100.0 * part / total if total else float("nan")
    windows = _month_windows(year, begins, e.months) if e.months else year_window
    return _aggregate(s, axis, how, windows)


# ---------------------------------------------------------------- periods and rows


def _ranges(years: Sequence[int]) -> str:
    """2005, 2006, 2007, 2010 → '2005–2007, 2010'."""
    ys, parts = sorted(years), []
    start = prev = ys[0]
    for y in [*ys[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def _years_text(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"mean {_ranges(years)}"


def _months_text(entry: CalibrationEntry, begins: int) -> str:
    if not entry.months:
        return ""
    ordered = sorted(entry.months, key=lambda m: (m - begins) % 12)
    rank = [(m - begins) % 12 for m in ordered]
    if len(ordered) > 1 and rank == list(range(rank[0], rank[0] + len(rank))):
        return f"{_MONTHS[ordered[0] - 1]}–{_MONTHS[ordered[-1] - 1]}"
    return " ".join(_MONTHS[m - 1] for m in ordered)


def _period(entry: CalibrationEntry, years: Sequence[int], explicit: bool) -> str:
    """E.g. '2022', 'mean 2005–2024', 'Apr–Sep, mean 2016–2024 (whole run; water year Oct–Sep)', '2008-04-01'."""
    notes = [] if explicit else ["whole run"]
    if entry.how() == "volume_on_date":
        if explicit and len(years) == 1:
            return _on_date(entry, years[0]).isoformat()
        head = f"{_on_date(entry, None).strftime('%m-%d')}, {_years_text(years)}"
    else:
        begins = entry.year_begins or default_year_begins(entry.months)
        head = ", ".join(x for x in (_months_text(entry, begins), _years_text(years)) if x)
        if begins == 10:
            notes.append("water year Oct–Sep")
        elif begins != 1:
            notes.append(f"year from {_MONTHS[begins - 1]}")
    return head + (f" ({'; '.join(notes)})" if notes else "")


def _entry_years(entry: CalibrationEntry) -> list[int] | None:
    if entry.years is not None:
        return list(entry.years)
    if entry.how() == "volume_on_date" and isinstance(entry.date, dt.date):
        return [entry.date.year]
    return None


def _evaluate(s: _Series, axis: _Axis, years: list[int] | None) -> tuple[float | None, list[int], str]:
    """(simulated value or None, the years used, a note) for one row."""
    if years is not None:
        values = {y: _year_value(s, axis, y) for y in years}
        missing = [y for y, v in values.items() if v is None]
        if missing:
            return None, years, f"outside the run: {_missing_text(s.entry, missing)}"
        return float(np.mean([v for v in values.values() if v is not None])), years, ""
    found = {y: _year_value(s, axis, y) for y in axis.years()}
    covered = {y: v for y, v in found.items() if v is not None}
    if not covered:
        return None, [], "outside the run: it covers no complete year for this entry"
    return float(np.mean(list(covered.values()))), sorted(covered), ""


def _missing_text(entry: CalibrationEntry, missing: Sequence[int]) -> str:
    if entry.how() == "volume_on_date":
        return ", ".join(_on_date(entry, y).isoformat() for y in missing) + " (the run records end-of-step volumes)"
    return ("year " if len(missing) == 1 else "years ") + _ranges(missing)


def _to_entry_unit(value: float, series_unit: str, entry: CalibrationEntry) -> float:
    """A mean or a volume in the series' unit converted to the entry's (volumes: hm3 → km3 …)."""
    if entry.how() not in {"mean", "volume_on_date"} or not entry.unit or entry.unit == series_unit:
        return value
    dim = unit_dimension(entry.unit)
    if dim is Dimension.VOLUME and unit_dimension(series_unit) is Dimension.VOLUME:
        return value * static_factor(series_unit, dim) / static_factor(entry.unit, dim)
    if dim is Dimension.FLOW and series_unit in FIXED_FLOW_UNITS and entry.unit in FIXED_FLOW_UNITS:
        return value * flow_unit_factor(series_unit) / flow_unit_factor(entry.unit)
    return value


def _status(within: bool | None, note: str) -> str:
    if within is not None:
        return "within" if within else "outside_tolerance"
    return "scenario_not_run" if note.startswith("scenario") else "outside_run"


def _row(i: int, e: CalibrationEntry, scenario: str, cited: float, year: int | None,
         simulated: float | None, years: list[int], explicit: bool, note: str) -> dict[str, Any]:
    tol, kind = e.tolerance_rule()
    band = tol * abs(cited) if kind == "relative" else tol
    error = None if simulated is None else simulated - cited
    error_rel = None if error is None or cited == 0 else error / cited
    within = None if error is None else bool(abs(error) <= band * (1 + 1e-9) + 1e-12)
    date = None
    if e.how() == "volume_on_date":
        date = _on_date(e, years[0]).isoformat() if explicit and len(years) == 1 else \
            _on_date(e, None).strftime("%m-%d")
    return {"entry": f"metadata.calibration[{i}]", "kind": e.kind, "node": e.node, "attribute": e.attribute,
            "aggregate": e.how(), "scenario": scenario,
            "period": _period(e, years, explicit) if years else "whole run", "year": year,
            "years": _ranges(years) if years else "", "months": ",".join(str(m) for m in e.months or []),
            "date": date or "", "whole_run": not explicit,
            "year_begins": e.year_begins or default_year_begins(e.months), "cited": cited,
            "simulated": simulated, "unit": e.unit or ("%" if e.how() == "season_share" else ""),
            "error": error, "error_rel": error_rel, "tolerance": tol,
            "tolerance_type": "pp" if kind == "absolute" and e.how() == "season_share" else kind,
            "band": band, "within": within, "status": _status(within, note), "note": note, "source": e.source}


def _series_of(res: Results, e: CalibrationEntry, where: str, source: str) -> tuple[np.ndarray, str]:
    for node, attribute, unit in res.series:
        if node == e.node and attribute == e.attribute:
            return res.get(node, attribute), unit
    attrs = sorted({a for n, a, _ in res.series if n == e.node})
    if not attrs:
        raise InputError(f"{source}: {where}.node: the results have no series for node '{e.node}'; "
                         "name a node of the model that records results")
    raise InputError(f"{source}: {where}.attribute: the results have no series {e.node}/{e.attribute}; "
                     f"that node has {', '.join(attrs)}")


def _entry_rows(i: int, e: CalibrationEntry, res: Results, axis: _Axis, scenario: str,
                source: str) -> list[dict[str, Any]]:
    where = f"metadata.calibration[{i}]"
    scen = e.scenario or scenario
    cases: list[tuple[float, list[int] | None, int | None]]
    if e.series is not None:
        cases = [(float(v), [int(y)], int(y)) for y, v in sorted(e.series.items())]
    else:
        years = _entry_years(e)
        cases = [(float(e.target or 0.0), years, years[0] if years and len(years) == 1 else None)]
    if scen not in res.scenarios:
        note = f"scenario '{scen}' is not in this run ({', '.join(res.scenarios)})"
        return [_row(i, e, scen, cited, year, None, years or [], years is not None, note)
                for cited, years, year in cases]
    values, unit = _series_of(res, e, where, source)
    s = _Series(values[:, res.scenarios.index(scen)], unit, e, f"{source}: {where}")
    rows = []
    for cited, years, year in cases:
        simulated, used, note = _evaluate(s, axis, years)
        if simulated is not None:
            simulated = _to_entry_unit(simulated, unit, e)
        rows.append(_row(i, e, scen, cited, year, simulated, used, years is not None, note))
    return rows


# ---------------------------------------------------------------- public API


def default_scenario(scenarios: Sequence[str]) -> str:
    """``historical`` when the model has it, else ``baseline``, else the first scenario."""
    for name in ("historical", "baseline"):
        if name in scenarios:
            return name
    return scenarios[0]


def calibration_entries(metadata: Mapping[str, Any], source: str | Path = "the model document"
                        ) -> list[CalibrationEntry]:
    """The validated entries of ``metadata.calibration`` (:class:`DocumentError` with JSON paths)."""
    entries, problems = parse_entries(dict(metadata))
    if problems:
        raise DocumentError(source, problems)
    return entries


def not_calibrated(metadata: Mapping[str, Any], source: str | Path = "the model document") -> list[NotCalibrated]:
    """What the model says it cannot be calibrated on (``metadata.not_calibrated``)."""
    items, problems = parse_not_calibrated(dict(metadata))
    if problems:
        raise DocumentError(source, problems)
    return items


def entry_scenarios(metadata: Mapping[str, Any], scenario: str) -> list[str]:
    """The scenarios a calibration needs: ``scenario`` and those entries name themselves."""
    out = [scenario]
    for e in calibration_entries(metadata):
        if e.scenario is not None and e.scenario not in out:
            out.append(e.scenario)
    return out


def calibration_table(metadata: Mapping[str, Any], res: Results, scenario: str | None = None,
                      source: str | Path = "the model document") -> pd.DataFrame:
    """Cited against simulated, one row per entry (per year for ``series`` entries).

    ``scenario`` applies to entries that name none (default: :func:`default_scenario` of the
    results). Columns: see :data:`COLUMNS`; ``error`` is simulated − cited in the entry's unit
    (percentage points for shares), ``error_rel`` that over the cited value, ``band`` the allowed
    absolute error; ``within`` is empty (NA) for rows the run cannot evaluate, and ``note`` says why.
    """
    entries = calibration_entries(metadata, source)
    chosen = scenario or default_scenario(res.scenarios)
    axis = _Axis.of(res)
    rows = [row for i, e in enumerate(entries) for row in _entry_rows(i, e, res, axis, chosen, str(source))]
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["year"] = table["year"].astype("Int64")
    table["within"] = table["within"].astype("boolean")
    for col in ("cited", "simulated", "error", "error_rel", "tolerance", "band"):
        table[col] = table[col].astype(float)
    return table


def row_decimals(cited: float, band: float) -> int:
    """Decimals to show a row's values: those of the cited value as written, and enough to read the band."""
    written = f"{cited:.6g}"
    own = len(written.split(".")[1]) if "." in written and "e" not in written else 0
    by_band = math.ceil(-math.log10(band)) + 1 if band > 0 and math.isfinite(band) else 2
    return max(0, min(4, max(own, by_band)))


def calibration_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per kind: rows, rows within tolerance, rows outside, rows the run cannot evaluate."""
    kinds = list(dict.fromkeys(table["kind"]))
    rows = []
    for kind in kinds:
        part = table[table["kind"] == kind]
        evaluated = part["within"].notna()
        within = int(part.loc[evaluated, "within"].astype(bool).sum())
        rows.append({"kind": kind, "rows": len(part), "within": within,
                     "outside": int(evaluated.sum()) - within, "not_evaluated": int((~evaluated).sum())})
    return pd.DataFrame(rows, columns=["kind", "rows", "within", "outside", "not_evaluated"])
