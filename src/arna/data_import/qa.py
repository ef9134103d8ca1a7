"""Quality checks of an imported gauge table.

Findings (each names its cell and date):

- ``gap`` — an empty cell, or a period missing between the first and last row of a date/value table;
- ``duplicate`` — a date given twice (the first value is kept);
- ``negative`` — a value below zero (a discharge or a volume cannot be negative);
- ``outlier`` — a robust z-score ``0.6745 (x − median) / MAD`` beyond the threshold (3.5 by default,
  Iglewicz & Hoaglin 1993) among the values of the same calendar month, on the logarithms of the
  values when they are all positive (discharges are skewed; a flood peak is not an error);
- ``annual`` — an annual column that is neither the mean nor the sum of its year's values
  (within 1 %), or a year whose values are incomplete but has an annual value.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from arna.data_import.tables import Observation, Table
from arna.schema.dekad import dekad_range

Z_THRESHOLD = 3.5
ANNUAL_TOLERANCE = 0.01
KINDS = ("gap", "duplicate", "negative", "outlier", "annual")


@dataclass(frozen=True)
class Finding:
    """One QA finding: its kind, the date of the period it concerns, the cell and a message."""

    kind: str
    date: str
    cell: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check(table: Table, z_threshold: float = Z_THRESHOLD) -> tuple[pd.Series, list[Finding]]:
    """The series (date-indexed, first of duplicates kept, gaps as NaN) and the findings."""
    findings = _duplicates(table.observations)
    seen: dict[pd.Timestamp, Observation] = {}
    for o in table.observations:
        seen.setdefault(o.date, o)
    obs = sorted(seen.values(), key=lambda o: o.date)
    findings += [Finding("gap", _d(o.date), o.cell, "empty cell") for o in obs if o.value is None]
    findings += _missing_periods(table, obs)
    findings += [Finding("negative", _d(o.date), o.cell, f"negative value {o.value:g}")
                 for o in obs if o.value is not None and o.value < 0]
    findings += _outliers(obs, z_threshold)
    findings += _annual(table, obs)
    series = pd.Series([np.nan if o.value is None else o.value for o in obs],
                       index=pd.DatetimeIndex([o.date for o in obs]), dtype=float)
    missing = _expected(table, obs).difference(pd.DatetimeIndex(series.index))
    if len(missing):
        series = pd.concat([series, pd.Series(np.nan, index=missing)]).sort_index()
    return series, findings


def _d(date: pd.Timestamp) -> str:
    return date.date().isoformat()


def _duplicates(obs: list[Observation]) -> list[Finding]:
    """One finding per row that repeats dates given before (a repeated year is one finding)."""
    first: dict[pd.Timestamp, Observation] = {}
    repeats: dict[int, list[tuple[Observation, Observation]]] = {}
    for o in obs:
        if o.date in first:
            repeats.setdefault(o.row, []).append((o, first[o.date]))
        else:
            first[o.date] = o
    out = []
    for pairs in repeats.values():
        o, kept = pairs[0]
        differ = sum(a.value != b.value for a, b in pairs)
        span = _d(o.date) if len(pairs) == 1 else f"{_d(o.date)} to {_d(pairs[-1][0].date)}"
        out.append(Finding("duplicate", _d(o.date), o.cell,
                           f"{span} given again on row {o.row} ({differ} of {len(pairs)} value(s) differ); "
                           f"the first, on row {kept.row}, is kept"))
    return out


def _expected(table: Table, obs: list[Observation]) -> pd.DatetimeIndex:
    """Every period start from the first to the last observation, at the table's resolution."""
    if not obs:
        return pd.DatetimeIndex([])
    a, b = obs[0].date, obs[-1].date
    if table.resolution == "month":
        return pd.date_range(a, b, freq="MS")
    if table.resolution == "dekad":
        return dekad_range(a, b)
    if table.resolution == "year":
        return pd.DatetimeIndex([a + pd.DateOffset(years=k) for k in range(b.year - a.year + 1)])
    return pd.date_range(a, b, freq="D")


def _missing_periods(table: Table, obs: list[Observation]) -> list[Finding]:
    have = pd.DatetimeIndex([o.date for o in obs])
    missing = _expected(table, obs).difference(have)
    if table.shape != "date-value" or not len(missing):
        return []
    # one finding per run of consecutive missing periods
    expected = _expected(table, obs)
    pos = expected.get_indexer(missing)
    runs = np.split(pos, np.flatnonzero(np.diff(pos) > 1) + 1)
    out = []
    for run in runs:
        first, last = expected[run[0]], expected[run[-1]]
        span = _d(first) if len(run) == 1 else f"{_d(first)} to {_d(last)}"
        unit = table.resolution + ("s" if len(run) > 1 else "")
        out.append(Finding("gap", _d(first), "—", f"no row for {span} ({len(run)} {unit})"))
    return out


def _outliers(obs: list[Observation], z_threshold: float) -> list[Finding]:
    vals = [o for o in obs if o.value is not None]
    by_month: dict[int, list[Observation]] = {}
    for o in vals:
        by_month.setdefault(o.date.month, []).append(o)
    out = []
    for group in by_month.values():
        raw = np.array([o.value for o in group], dtype=float)
        if len(raw) < 5:
            continue  # too few values in this calendar month to judge
        x = np.log(raw) if (raw > 0).all() else raw  # discharges are skewed: judged on their logarithms
        med = float(np.median(x))
        mad = float(np.median(np.abs(x - med)))
        if mad <= 0:
            continue
        z = 0.6745 * (x - med) / mad
        med = float(np.median(raw))
        for o, zi in zip(group, z, strict=True):
            if abs(zi) > z_threshold:
                out.append(Finding("outlier", _d(o.date), o.cell,
                                   f"value {o.value:g} has robust z-score {zi:+.1f} among the "
                                   f"{o.date.strftime('%B')} values (median {med:g}, threshold {z_threshold:g})"))
    return sorted(out, key=lambda f: f.date)


def _annual(table: Table, obs: list[Observation]) -> list[Finding]:
    out = []
    per = 12 if table.resolution == "month" else 36
    for year, value, cell in table.annual:
        xs = [o.value for o in obs if o.date.year == year]
        if len(xs) != per or any(x is None for x in xs):
            out.append(Finding("annual", f"{year}-01-01", cell,
                               f"annual value {value:g} given for {year}, whose values are incomplete"))
            continue
        arr = np.array(xs, dtype=float)
        weights = _days(table, year)
        mean, total = float((arr * weights).sum() / weights.sum()), float(arr.sum())
        plain = float(arr.mean())
        if not any(_close(value, ref) for ref in (mean, plain, total)):
            out.append(Finding("annual", f"{year}-01-01", cell,
                               f"annual value {value:g} for {year} is neither the mean ({mean:.4g}) nor the sum "
                               f"({total:.4g}) of its values"))
    return out


def _days(table: Table, year: int) -> np.ndarray:
    if table.resolution == "month":
        return np.asarray(pd.date_range(f"{year}-01-01", periods=12, freq="MS").days_in_month, dtype=float)
    starts = dekad_range(pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31))
    edges = np.append(starts.values, np.datetime64(f"{year + 1}-01-01", "ns"))
    return np.diff(edges).astype("timedelta64[D]").astype(float)


def _close(value: float, ref: float) -> bool:
    # 1 %, or half a unit of the first decimal that published tables round to
    return abs(value - ref) <= max(ANNUAL_TOLERANCE * abs(ref), 0.051)
