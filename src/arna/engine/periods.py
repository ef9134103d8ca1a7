"""Results aggregated from their timesteps to dekads, months or years.

A run's timesteps (days, dekads, months, …) are gathered into the calendar periods they lie in,
and each series is aggregated by what it measures, taken from its unit:

- **rates** — flows in m³/s, l/s, m³/day, hm³/day or Ml/day: the time-weighted mean over the
  period, so a month of dekads of 10, 10 and 11 days weighs them by 10, 10 and 11;
- **states** — volumes (hm³, km³, m³, mcm, Ml) and levels (m), recorded at the end of each
  timestep: the value at the end of the period (``states="end"``, the default) or its
  time-weighted mean (``states="mean"``);
- **amounts per timestep** — energy (GWh, MWh): the sum;
- anything else (fractions, numbers): the time-weighted mean.

A timestep must lie within one period (a monthly run cannot be aggregated to dekads). Periods
the run covers only in part (a run starting in June aggregated to years) are kept with the days
it covers; :func:`complete_periods` says which are whole.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.errors import InputError
from arna.schema.dekad import dekad_start, next_dekad
from arna.schema.units import FIXED_FLOW_UNITS, VOLUME_UNITS

Period = Literal["dekad", "month", "year"]
PERIODS: tuple[Period, ...] = ("dekad", "month", "year")
STATE_UNITS = frozenset({*VOLUME_UNITS, "m"})
SUM_UNITS = frozenset({"GWh", "MWh"})


def period_start(dates: pd.DatetimeIndex, period: Period) -> pd.DatetimeIndex:
    """First day of the dekad, month or year each date falls in."""
    if period == "dekad":
        return dekad_start(dates)
    if period == "month":
        return pd.DatetimeIndex(dates.to_period("M").to_timestamp())
    return pd.DatetimeIndex(dates.to_period("Y").to_timestamp())


def period_days(starts: pd.DatetimeIndex, period: Period) -> np.ndarray:
    """Full length in days of the periods starting at ``starts``."""
    if period == "dekad":
        return np.array([(next_dekad(s) - s).days for s in starts], dtype=float)
    if period == "month":
        return np.asarray(starts.days_in_month, dtype=float)
    return np.where(np.asarray(starts.is_leap_year), 366.0, 365.0)


def how(unit: str) -> Literal["mean", "state", "sum"]:
    """How a series in ``unit`` aggregates over time."""
    if unit in FIXED_FLOW_UNITS:
        return "mean"
    if unit in STATE_UNITS:
        return "state"
    return "sum" if unit in SUM_UNITS else "mean"


def aggregate(res: Results, period: Period, states: Literal["end", "mean"] = "end") -> Results:
    """``res`` with one timestep per dekad, month or year (see the module notes for the rules).

    Raises :class:`InputError` if a timestep is longer than, or straddles, a period.
    """
    if period not in PERIODS:
        raise InputError(f"cannot aggregate results to '{period}'; use one of {', '.join(PERIODS)}")
    days = np.asarray(res.days, dtype=float)
    if days.shape != (len(res.timesteps),):
        raise InputError("the results do not carry the length of their timesteps (days); rebuild them from a run")
    label = _labels(res.timesteps, days, period)
    starts, group = np.unique(label.values, return_inverse=True)
    n_p = len(starts)
    # each period's timesteps side by side (stable: in time order), summed with one reduceat:
    # O(timesteps), where a periods × timesteps weight matrix took 1.4 GB for 200 daily years
    order = np.argsort(group, kind="stable")
    first = np.searchsorted(group[order], np.arange(n_p))
    last = order[np.append(first[1:], len(order)) - 1]

    def per_period(x: np.ndarray) -> np.ndarray:
        return np.add.reduceat(x[order], first, axis=0)

    covered = per_period(days)
    counted = (days > 0).astype(float)[:, None]
    out = np.empty((n_p, *res.values.shape[1:]))
    for i, (_, _, unit) in enumerate(res.series):
        v = res.values[:, i, :]
        kind = how(unit)
        if kind == "sum":
            out[:, i, :] = per_period(counted * v)
        elif kind == "state" and states == "end":
            out[:, i, :] = v[last]
        else:
            out[:, i, :] = per_period(days[:, None] * v) / covered[:, None]
    return Results(name=res.name, timesteps=pd.DatetimeIndex(starts), scenarios=list(res.scenarios),
                   series=list(res.series), values=out, balance_error=res.balance_error, days=covered)


def aggregate_frame(frame: pd.DataFrame, days: np.ndarray | None, period: Period,
                    states: Literal["end", "mean"] = "end") -> pd.DataFrame:
    """The long results table (``time, scenario, node, attribute, value, unit``) aggregated to
    ``period``, with a ``days`` column giving the days of the run in each period.

    Without ``days``, timesteps that are consecutive dekads, months or years get their calendar
    lengths (:func:`step_days`); others the gaps between them.
    """
    if days is None:
        days = step_days(pd.DatetimeIndex(pd.unique(pd.to_datetime(frame["time"]))).sort_values())
    agg = aggregate(Results.from_frame(frame, days), period, states)
    out = agg.to_frame()
    out["days"] = np.repeat(agg.days, len(agg.series) * len(agg.scenarios))
    return out


def step_days(times: pd.DatetimeIndex) -> np.ndarray | None:
    """Lengths of timesteps that are consecutive dekads, months or years (``None`` for other steps),
    the last one included — what a results table without its model needs to be aggregated."""
    for period in PERIODS:
        if len(times) and (period_start(times, period) == times).all():
            full = period_days(times, period)
            ends = times + pd.to_timedelta(full, unit="D")
            if (ends[:-1] == times[1:]).all():
                return full
    return None


def complete_periods(res: Results, period: Period) -> np.ndarray:
    """Boolean per timestep of ``aggregate(res, period)``: the run covers the whole period."""
    return np.isclose(np.asarray(res.days, dtype=float), period_days(res.timesteps, period))


def finer_than_month(res: Results) -> bool:
    """Whether some timestep of ``res`` is shorter than its month (a daily, weekly or dekad run)."""
    days = np.asarray(res.days, dtype=float)
    return bool(len(days)) and bool((days < np.asarray(res.timesteps.days_in_month) - 1e-9).any())


def nests_in(res: Results, period: Period) -> bool:
    """Whether every timestep of ``res`` lies within one ``period`` (so it can be aggregated to it)."""
    try:
        _labels(res.timesteps, np.asarray(res.days, dtype=float), period)
    except InputError:
        return False
    return True


def _labels(times: pd.DatetimeIndex, days: np.ndarray, period: Period) -> pd.DatetimeIndex:
    label = period_start(times, period)
    last_day = times + pd.to_timedelta(days - 1.0, unit="D")
    bad = np.flatnonzero(period_start(pd.DatetimeIndex(last_day), period) != label)
    if len(bad):
        t = times[bad[0]]
        raise InputError(f"the timestep starting {t.date()} ({days[bad[0]]:g} days) does not lie within one "
                         f"{period}; results can only be aggregated to periods at least as long as their "
                         "timesteps (e.g. dekads → months → years)")
    return label
