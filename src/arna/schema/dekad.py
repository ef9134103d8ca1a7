"""The dekad calendar: three 10-day periods a month, as ICWC and the basin authorities schedule.

Dekad 1 runs from the 1st to the 10th, dekad 2 from the 11th to the 20th and dekad 3 from
the 21st to the last day of the month, so the third dekad has 8 (February), 9 (February of a
leap year), 10 or 11 days. A year has 36 dekads, numbered 1–36 from 1 January.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEKADS_PER_YEAR = 36
DEKAD_START_DAYS = (1, 11, 21)


def dekad_in_month(dates: pd.DatetimeIndex) -> np.ndarray:
    """1, 2 or 3: the dekad of its month each date falls in.

    >>> dekad_in_month(pd.DatetimeIndex(["2024-02-10", "2024-02-11", "2024-02-29"])).tolist()
    [1, 2, 3]
    """
    return np.minimum((np.asarray(dates.day) - 1) // 10, 2) + 1


def dekad_of_year(dates: pd.DatetimeIndex) -> np.ndarray:
    """1–36: the dekad of the year each date falls in.

    >>> dekad_of_year(pd.DatetimeIndex(["2023-01-01", "2023-12-31"])).tolist()
    [1, 36]
    """
    return (np.asarray(dates.month) - 1) * 3 + dekad_in_month(dates)


def dekad_start(dates: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """First day of the dekad each date falls in."""
    first = np.array(DEKAD_START_DAYS)[dekad_in_month(dates) - 1]
    return pd.DatetimeIndex(pd.to_datetime({"year": dates.year, "month": dates.month, "day": first}))


def dekad_days(dates: pd.DatetimeIndex) -> np.ndarray:
    """Length in days of the dekad each date falls in (10, or 8–11 for a third dekad).

    >>> dekad_days(pd.DatetimeIndex(["2023-02-25", "2024-02-25", "2024-03-21", "2024-04-30"])).tolist()
    [8.0, 9.0, 11.0, 10.0]
    """
    third = dekad_in_month(dates) == 3
    return np.where(third, np.asarray(dates.days_in_month, dtype=float) - 20.0, 10.0)


def dekad_range(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """Starts of the dekads from the one containing ``start`` to the one containing ``end``.

    >>> [d.strftime("%m-%d") for d in dekad_range(pd.Timestamp("2023-12-15"), pd.Timestamp("2024-01-02"))]
    ['12-11', '12-21', '01-01']
    """
    first = dekad_start(pd.DatetimeIndex([start]))[0]
    last = dekad_start(pd.DatetimeIndex([end]))[0]
    months = pd.date_range(first.replace(day=1), last.replace(day=1), freq="MS")
    starts = pd.DatetimeIndex([m.replace(day=d) for m in months for d in DEKAD_START_DAYS])
    return starts[(starts >= first) & (starts <= last)]


def next_dekad(date: pd.Timestamp) -> pd.Timestamp:
    """Start of the dekad after the one containing ``date``."""
    start = dekad_start(pd.DatetimeIndex([date]))[0]
    return start + pd.Timedelta(days=float(dekad_days(pd.DatetimeIndex([start]))[0]))
