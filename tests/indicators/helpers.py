"""Build :class:`Results` directly from small hand-written series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from arna.engine.results import Results


def results(series: Mapping[tuple[str, str], Sequence[float] | np.ndarray], *, start: str = "2021-01-01",
            freq: str = "MS", periods: int | None = None, scenarios: Sequence[str] = ("baseline",),
            units: Mapping[str, str] | None = None) -> Results:
    """Results with the given series; 1-D values are the same in every scenario."""
    arrays = {k: np.asarray(v, dtype=float) for k, v in series.items()}
    n_t = periods or next(iter(arrays.values())).shape[0]
    times = pd.date_range(start, periods=n_t, freq=freq)
    ends = times.append(pd.DatetimeIndex([times[-1] + pd.tseries.frequencies.to_offset(freq)]))
    days = np.diff(ends.values).astype("timedelta64[D]").astype(float)
    s = len(scenarios)
    cols = [a if a.ndim == 2 else np.repeat(a[:, None], s, axis=1) for a in arrays.values()]
    unit = {"energy": "GWh", "volume": "hm3", "level": "m", **(units or {})}
    names = [(n, a, unit.get(a, "m3/s")) for n, a in arrays]
    return Results(name="test", timesteps=times, scenarios=list(scenarios), series=names,
                   values=np.stack(cols, axis=1), balance_error=0.0, days=days)
