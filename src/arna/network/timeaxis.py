"""Timesteps of a run from a document's ``timestepper``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arna.network.ir import days_of
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
    >>> list(days)
    [31.0, 29.0, 31.0]
    """
    offset = pd.DateOffset(days=ts.step) if isinstance(ts.step, int) else _OFFSETS[ts.step]
    starts = pd.date_range(pd.Timestamp(ts.start), pd.Timestamp(ts.end), freq=offset)
    return starts, days_of(starts, starts[-1] + offset)
