"""Crop water requirement: FAO-56 single crop coefficient, effective rain, leaching, rice.

Pure functions; the irrigation-scheme document in :mod:`arna.hydrology.irrigation`
combines them. Depths are mm, rates mm day⁻¹, monthly rainfall mm month⁻¹.

References
----------
FAO-56
    Allen, Pereira, Raes & Smith (1998), FAO Irrigation and Drainage Paper 56,
    ch. 6 (single crop coefficient, Kc curve eq. 66, Tables 11–12).
FAO-29
    Ayers & Westcot (1985), *Water quality for agriculture*, FAO Irrigation and
    Drainage Paper 29 Rev. 1 (leaching requirement).
CROPWAT
    FAO CROPWAT 8.0 effective-rainfall options (USDA Soil Conservation Service
    method, fixed percentage, FAO/AGLW dependable rain).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from arna.errors import InputError

FloatArray = npt.NDArray[np.float64]
M3_PER_HA_PER_MM = 10.0
"""1 mm of water over 1 ha is 10 m³."""


@dataclass(frozen=True)
class CropCalendar:
    """Single crop coefficient curve and its calendar (FAO-56 ch. 6, Fig. 25).

    Attributes
    ----------
    kc_ini, kc_mid, kc_end:
        Crop coefficients for the initial, mid-season and end of late season.
    l_ini, l_dev, l_mid, l_late:
        Stage lengths (days): initial, crop development, mid-season, late season.
    planting_month, planting_day:
        Planting (or transplanting) date, repeated every year.
    """

    kc_ini: float
    kc_mid: float
    kc_end: float
    l_ini: int
    l_dev: int
    l_mid: int
    l_late: int
    planting_month: int
    planting_day: int

    @property
    def season_days(self) -> int:
        """Total growing period (days)."""
        return self.l_ini + self.l_dev + self.l_mid + self.l_late


def kc_curve(cal: CropCalendar) -> FloatArray:
    """Daily Kc over the season, day 1 … L (FAO-56 eq. 66, Fig. 25).

    Kc is ``kc_ini`` in the initial stage, rises linearly to ``kc_mid`` by the end
    of the development stage, stays there in mid-season and falls linearly to
    ``kc_end`` on the last day of the late season.
    """
    days = np.arange(1, cal.season_days + 1, dtype=np.float64)
    e_ini = cal.l_ini
    e_dev = e_ini + cal.l_dev
    e_mid = e_dev + cal.l_mid
    kc = np.full(days.shape, cal.kc_mid)
    kc[days <= e_ini] = cal.kc_ini
    dev = (days > e_ini) & (days <= e_dev)
    kc[dev] = cal.kc_ini + (days[dev] - e_ini) / cal.l_dev * (cal.kc_mid - cal.kc_ini)
    late = days > e_mid
    kc[late] = cal.kc_mid + (days[late] - e_mid) / cal.l_late * (cal.kc_end - cal.kc_mid)
    return kc


def _planting_dates(cal: CropCalendar, years: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """Planting date in each year (29 Feb becomes 28 Feb in common years)."""
    month_start = ((years - 1970) * 12 + cal.planting_month - 1).astype("datetime64[M]")
    first_day = month_start.astype("datetime64[D]")
    days_in_month = ((month_start + 1).astype("datetime64[D]") - first_day).astype(np.int64)
    out: npt.NDArray[Any] = first_day + (np.minimum(cal.planting_day, days_in_month) - 1)
    return out


def _as_days(dates: pd.DatetimeIndex) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]]:
    return dates.to_numpy().astype("datetime64[D]"), dates.year.to_numpy().astype(np.int64)


def days_since_planting(cal: CropCalendar, dates: pd.DatetimeIndex) -> npt.NDArray[np.int64]:
    """Days since the most recent planting date (0 on the planting day) for each date."""
    days, years = _as_days(dates)
    this_year = _planting_dates(cal, years)
    plant = np.where(this_year > days, _planting_dates(cal, years - 1), this_year)
    out: npt.NDArray[np.int64] = (days - plant).astype(np.int64)
    return out


def days_to_next_planting(cal: CropCalendar, dates: pd.DatetimeIndex) -> npt.NDArray[np.int64]:
    """Days until the next planting date (0 on the planting day) for each date."""
    days, years = _as_days(dates)
    this_year = _planting_dates(cal, years)
    plant = np.where(this_year >= days, this_year, _planting_dates(cal, years + 1))
    out: npt.NDArray[np.int64] = (plant - days).astype(np.int64)
    return out


def kc_for_dates(cal: CropCalendar, dates: pd.DatetimeIndex) -> FloatArray:
    """Daily Kc for calendar dates; 0 outside the growing season."""
    curve = kc_curve(cal)
    offset = days_since_planting(cal, dates)
    inside = offset < cal.season_days
    kc = np.zeros(len(dates))
    kc[inside] = curve[offset[inside]]
    return kc


@dataclass(frozen=True)
class MonthlyCropWater:
    """Per-month crop water terms for one crop on one hectare (depths in mm).

    Attributes
    ----------
    months:
        First day of each month.
    etc_mm:
        Crop evapotranspiration ``Σ Kc·ET0`` over the season days in the month.
    season_days, preparation_days, days_in_month:
        Days of the month in the growing season, in land preparation (rice),
        and in total.
    """

    months: pd.DatetimeIndex
    etc_mm: FloatArray
    season_days: FloatArray
    preparation_days: FloatArray
    days_in_month: FloatArray


def monthly_crop_water(
    cal: CropCalendar,
    months: pd.DatetimeIndex,
    et0_mm_per_day: npt.ArrayLike,
    preparation_days: int = 0,
) -> MonthlyCropWater:
    """Monthly ETc = Σ_days Kc × ET0 (FAO-56 eq. 56) for month-start dates.

    ``et0_mm_per_day`` is each month's mean daily ET0. ``preparation_days``
    counts the days before planting reserved for land preparation (rice).
    """
    et0 = np.asarray(et0_mm_per_day, dtype=np.float64)
    if et0.shape != (len(months),):
        raise InputError(f"need one ET0 value per month: got {et0.size} for {len(months)} months")
    n = len(months)
    etc = np.zeros(n)
    season = np.zeros(n)
    prep = np.zeros(n)
    dim = np.zeros(n)
    curve = kc_curve(cal)
    for i, m in enumerate(months):
        days = pd.date_range(m, periods=m.days_in_month, freq="D")
        offset = days_since_planting(cal, days)
        inside = offset < cal.season_days
        etc[i] = float(curve[offset[inside]].sum()) * et0[i]
        season[i] = float(inside.sum())
        if preparation_days > 0:
            to_next = days_to_next_planting(cal, days)
            prep[i] = float(((to_next >= 1) & (to_next <= preparation_days) & ~inside).sum())
        dim[i] = float(m.days_in_month)
    return MonthlyCropWater(months, etc, season, prep, dim)


def effective_rainfall_usda_scs_mm(rain_mm_per_month: npt.ArrayLike) -> FloatArray:
    """Monthly effective rainfall by the USDA Soil Conservation Service method (CROPWAT).

    ``Peff = P (125 − 0.2 P) / 125`` for ``P ≤ 250 mm``, else ``125 + 0.1 P``
    (P and Peff in mm month⁻¹).
    """
    p = np.asarray(rain_mm_per_month, dtype=np.float64)
    out: FloatArray = np.where(p <= 250.0, p * (125.0 - 0.2 * p) / 125.0, 125.0 + 0.1 * p)
    return out


def effective_rainfall_fixed_mm(rain_mm_per_month: npt.ArrayLike, fraction: float) -> FloatArray:
    """Monthly effective rainfall as a fixed fraction of rainfall (CROPWAT "fixed percentage")."""
    return np.asarray(rain_mm_per_month, dtype=np.float64) * fraction


def effective_rainfall_fao_aglw_mm(rain_mm_per_month: npt.ArrayLike) -> FloatArray:
    """Dependable rain by the FAO/AGLW formula (CROPWAT).

    ``Peff = 0.6 P − 10`` for ``P ≤ 70 mm``, else ``0.8 P − 24`` (mm month⁻¹, ≥ 0).
    """
    p = np.asarray(rain_mm_per_month, dtype=np.float64)
    out: FloatArray = np.maximum(np.where(p <= 70.0, 0.6 * p - 10.0, 0.8 * p - 24.0), 0.0)
    return out


def leaching_requirement(ec_irrigation_ds_per_m: float, ec_threshold_ds_per_m: float) -> float:
    """Leaching requirement LR (fraction) for surface/sprinkler irrigation (FAO-29, eq. 7).

    ``LR = ECw / (5 ECe − ECw)`` with ECw the salinity of the irrigation water and
    ECe the crop's threshold soil salinity (both dS m⁻¹).
    """
    if ec_irrigation_ds_per_m < 0 or ec_threshold_ds_per_m <= 0:
        raise InputError("salinities must be positive (dS/m)")
    denom = 5.0 * ec_threshold_ds_per_m - ec_irrigation_ds_per_m
    if denom <= 0:
        raise InputError(
            f"irrigation water of {ec_irrigation_ds_per_m:g} dS/m cannot keep the soil below "
            f"{ec_threshold_ds_per_m:g} dS/m by leaching (5·ECe ≤ ECw)"
        )
    return ec_irrigation_ds_per_m / denom


def net_irrigation_requirement_mm(
    etc_mm: npt.ArrayLike,
    effective_rain_mm: npt.ArrayLike,
    *,
    percolation_mm: npt.ArrayLike = 0.0,
    land_preparation_mm: npt.ArrayLike = 0.0,
    leaching_fraction: float = 0.0,
) -> FloatArray:
    """Net irrigation requirement (mm) per period.

    ``NIR = max(ETc + percolation + land preparation − Peff, 0) / (1 − LF)``: the
    rice terms (percolation and the land-preparation water for saturation and
    ponding) are zero for other crops; dividing by ``1 − LF`` adds the leaching
    water (FAO-29: applied water = ET / (1 − LR)).
    """
    if not 0.0 <= leaching_fraction < 1.0:
        raise InputError(f"leaching fraction {leaching_fraction:g} must be in [0, 1)")
    need = (
        np.asarray(etc_mm, dtype=np.float64)
        + np.asarray(percolation_mm, dtype=np.float64)
        + np.asarray(land_preparation_mm, dtype=np.float64)
        - np.asarray(effective_rain_mm, dtype=np.float64)
    )
    out: FloatArray = np.maximum(need, 0.0) / (1.0 - leaching_fraction)
    return out
