"""Timesteps of a run from a document's ``timestepper``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arna.network.ir import days_of
from arna.schema.dekad import dekad_range, next_dekad
from arna.schema.document import Timestepper

_OFFSETS = {
    "day": pd.DateOffset(days=1),
    "week": pd.DateOffset(weeks=1),
    "month": pd.DateOffset(months=1),
    "year": pd.DateOffset(years=1),
}


def time_axis(ts: Timestepper) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Start dates and lengths (days) of the timesteps from ``start`` up to ``end`` inclusive.

    >>> from arna.schema.document import Timestepper
    >>> idx, days = time_axis(Timestepper(start="2024-01-01", end="2024-03-01", step="month"))
    >>> days.tolist()
    [31.0, 29.0, 31.0]

    With ``step="dekad"`` the steps start on the 1st, 11th and 21st of each month; the third
    dekad runs to the month's end (8–11 days).

    >>> idx, days = time_axis(Timestepper(start="2024-02-01", end="2024-03-01", step="dekad"))
    >>> days.tolist()
    [10.0, 10.0, 9.0, 10.0]
    """
    if ts.step == "dekad":
        starts = dekad_range(pd.Timestamp(ts.start), pd.Timestamp(ts.end))  # start is a dekad's first day
        return starts, days_of(starts, next_dekad(starts[-1]))
    # whole days as a fixed span: generated at once (a DateOffset steps through relativedelta, ~16 µs a step)
    offset = pd.Timedelta(days=ts.step) if isinstance(ts.step, int) else _OFFSETS[ts.step]
    starts = pd.date_range(pd.Timestamp(ts.start), pd.Timestamp(ts.end), freq=offset)
    return starts, days_of(starts, starts[-1] + offset)
