"""Stochastic inflow ensembles from a historical series: a seasonal log-AR(1) model.

For monthly flows ``Q``: ``z = (ln Q − μ_m) / σ_m`` with the mean and standard
deviation of each calendar month's logs; ``z_t = ρ_m z_{t−1} + √(1 − ρ_m²) ε_t``
with ``ρ_m`` the lag-one correlation between month ``m − 1`` and month ``m``,
``ε`` standard normal. This keeps the seasonal cycle (per-month mean and spread
of the logs) and the persistence from month to month, including across years.
A seed makes an ensemble reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from arna.errors import InputError


@dataclass
class SeasonalLogAR1:
    """Fitted parameters, one per calendar month (index 0 = January)."""

    mean: np.ndarray
    std: np.ndarray
    rho: np.ndarray

    @classmethod
    def fit(cls, series: pd.Series) -> SeasonalLogAR1:
        """Fit to a monthly series (a finer series is averaged to months first)."""
        s = series.dropna()
        if not isinstance(s.index, pd.DatetimeIndex):
            raise InputError("the historical series needs dates")
        monthly = s.resample("MS").mean().dropna()
        if (monthly <= 0).any():
            raise InputError("flows must be positive to fit a log model (found zero or negative values)")
        if len(monthly) < 36:
            raise InputError(f"{len(monthly)} months of record; at least 3 years (36 months) are needed")
        logs = np.log(monthly.to_numpy())
        month = pd.DatetimeIndex(monthly.index).month.to_numpy() - 1
        mean = np.array([logs[month == m].mean() for m in range(12)])
        std = np.array([max(logs[month == m].std(ddof=1), 1e-9) for m in range(12)])
        z = (logs - mean[month]) / std[month]
        rho = np.zeros(12)
        for m in range(12):
            idx = np.flatnonzero(month[1:] == m) + 1
            rho[m] = np.clip(np.corrcoef(z[idx - 1], z[idx])[0, 1], -0.99, 0.99) if len(idx) > 2 else 0.0
        return cls(mean, std, rho)

    def generate(self, start: str | pd.Timestamp, months: int, members: int, seed: int) -> pd.DataFrame:
        """``members`` monthly sequences of ``months`` months from ``start`` (columns ``member_0`` …)."""
        if members < 1 or months < 1:
            raise InputError("members and months must be at least 1")
        rng = np.random.default_rng(seed)
        dates = pd.date_range(pd.Timestamp(start), periods=months, freq="MS")
        month = dates.month.to_numpy() - 1
        z = np.empty((months, members))
        z[0] = rng.standard_normal(members)
        for t in range(1, months):
            r = self.rho[month[t]]
            z[t] = r * z[t - 1] + np.sqrt(1.0 - r * r) * rng.standard_normal(members)
        flows = np.exp(self.mean[month, None] + self.std[month, None] * z)
        return pd.DataFrame(flows, index=pd.DatetimeIndex(dates, name="date"),
                            columns=[f"member_{i}" for i in range(members)])
