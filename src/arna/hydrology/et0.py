"""Reference evapotranspiration ET0 from a climate table, with FAO-56 fallbacks.

:func:`compute_et0` picks, row by row, the best FAO-56 route the data allow and
records every fallback it took in :attr:`Et0Result.notes`:

* actual vapour pressure ``ea``: the ``ea`` column; else dew point (eq. 14);
  else RHmax and RHmin (eq. 17); else RHmax (eq. 18); else RHmean (eq. 19);
  else ``Tdew ≈ Tmin`` (eq. 48, minus an optional arid offset);
* solar radiation ``Rs``: the ``rs`` column; else sunshine hours (Ångström,
  eq. 35); else the Hargreaves radiation formula from the temperature range
  (eq. 50, ``kRs`` 0.16 interior / 0.19 coastal);
* wind at 2 m: ``wind_2m``; else ``wind`` converted from ``--wind-height``
  (eq. 47); else 2 m/s (FAO-56 ch. 3, missing wind data);
* soil heat flux ``G``: 0 for daily rows (eq. 42); for monthly rows eq. 43 when
  both neighbouring months are present, else eq. 44 (previous month), else the
  eq. 44 slope taken from the next month, else 0.

``method="hargreaves"`` uses eq. 52 and needs only ``tmin`` and ``tmax``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from arna.errors import InputError
from arna.hydrology import fao56
from arna.hydrology.climate import CLIMATE_COLUMNS

Method = Literal["penman-monteith", "hargreaves"]
Timestep = Literal["auto", "daily", "monthly"]
METHODS: tuple[str, ...] = ("penman-monteith", "hargreaves")


@dataclass(frozen=True)
class Et0Options:
    """Site and method settings for :func:`compute_et0`.

    Attributes
    ----------
    latitude_deg:
        Latitude in decimal degrees, north positive, in [−90, 90].
    elevation_m:
        Elevation above sea level (m), in [−500, 9000].
    method:
        ``"penman-monteith"`` (FAO-56 eq. 6, default) or ``"hargreaves"`` (eq. 52).
    timestep:
        ``"daily"``, ``"monthly"`` or ``"auto"`` (monthly when every date is the
        first of a month).
    wind_height_m:
        Height (m) of the ``wind`` column's anemometer, for eq. 47.
    krs:
        Hargreaves radiation coefficient (eq. 50): 0.16 interior, 0.19 coastal.
    dew_point_offset_c:
        Subtracted from Tmin to estimate Tdew when humidity is missing (eq. 48;
        FAO-56 Annex 6 suggests 2–3 °C in arid climates). Default 0.
    """

    latitude_deg: float
    elevation_m: float
    method: str = "penman-monteith"
    timestep: str = "auto"
    wind_height_m: float | None = None
    krs: float = fao56.KRS_INTERIOR
    dew_point_offset_c: float = 0.0

    def check(self) -> None:
        """Raise :class:`InputError` if a setting is out of range."""
        if not np.isfinite(self.latitude_deg) or not -90.0 <= self.latitude_deg <= 90.0:
            raise InputError(
                f"latitude {self.latitude_deg:g}° is out of range; give decimal degrees "
                "in [-90, 90], north positive"
            )
        if not np.isfinite(self.elevation_m) or not -500.0 <= self.elevation_m <= 9000.0:
            raise InputError(
                f"elevation {self.elevation_m:g} m is out of range; give metres above "
                "sea level in [-500, 9000]"
            )
        if self.method not in METHODS:
            raise InputError(
                f"unknown ET0 method {self.method!r}; choose one of {', '.join(METHODS)}"
            )
        if self.timestep not in ("auto", "daily", "monthly"):
            raise InputError(
                f"unknown timestep {self.timestep!r}; choose auto, daily or monthly"
            )
        if self.wind_height_m is not None and not 0.5 <= self.wind_height_m <= 100.0:
            raise InputError(
                f"wind height {self.wind_height_m:g} m is out of range; give the "
                "anemometer height in metres, between 0.5 and 100"
            )
        if not 0.1 <= self.krs <= 0.25:
            raise InputError(f"kRs {self.krs:g} is out of range [0.1, 0.25] (FAO-56 eq. 50)")
        if not 0.0 <= self.dew_point_offset_c <= 10.0:
            raise InputError(
                f"dew-point offset {self.dew_point_offset_c:g} °C is out of range [0, 10]"
            )


@dataclass(frozen=True)
class Et0Result:
    """ET0 per row of the climate table.

    Attributes
    ----------
    dates:
        The rows' dates (a day, or the first day of the month for monthly rows).
    et0_mm_per_day:
        Reference evapotranspiration (mm day⁻¹; for monthly rows the month's mean).
    timestep:
        ``"daily"`` or ``"monthly"``.
    notes:
        Human-readable notes, one per fallback or assumption actually used.
    """

    dates: pd.DatetimeIndex
    et0_mm_per_day: fao56.FloatArray
    timestep: str
    notes: tuple[str, ...] = field(default=())

    def to_frame(self) -> pd.DataFrame:
        """``date,et0`` table (ET0 in mm/day)."""
        return pd.DataFrame({"date": self.dates.strftime("%Y-%m-%d"), "et0": self.et0_mm_per_day})


def _col(table: pd.DataFrame, name: str) -> fao56.FloatArray:
    if name in table.columns:
        return table[name].to_numpy(dtype=np.float64)
    return np.full(len(table), np.nan)


def _share(mask: npt.NDArray[np.bool_], n: int) -> str:
    k = int(np.count_nonzero(mask))
    return "all rows" if k == n else f"{k} of {n} rows"


def _resolve_timestep(dates: pd.DatetimeIndex, timestep: str, notes: list[str]) -> str:
    if timestep != "auto":
        return timestep
    if bool((dates.day == 1).all()):
        notes.append("every date is the first of a month: rows treated as monthly means")
        return "monthly"
    return "daily"


def _vapour_pressure(
    table: pd.DataFrame, tmin: fao56.FloatArray, tmax: fao56.FloatArray,
    opts: Et0Options, notes: list[str],
) -> fao56.FloatArray:
    n = len(table)
    ea = _col(table, "ea")
    routes = [
        ("dew point (FAO-56 eq. 14)", fao56.saturation_vapour_pressure_kpa(_col(table, "tdew"))),
        ("RHmax and RHmin (eq. 17)", fao56.actual_vapour_pressure_from_rh_kpa(
            tmin, tmax, _col(table, "rh_min"), _col(table, "rh_max"))),
        ("RHmax only (eq. 18)", fao56.actual_vapour_pressure_from_rh_max_kpa(
            tmin, _col(table, "rh_max"))),
        ("RHmean (eq. 19)", fao56.actual_vapour_pressure_from_rh_mean_kpa(
            tmin, tmax, _col(table, "rh_mean"))),
    ]
    for label, values in routes:
        use = np.isnan(ea) & ~np.isnan(values)
        if use.any():
            ea = np.where(use, values, ea)
            if label.startswith("RHmax only") or label.startswith("RHmean"):
                notes.append(f"ea from {label} for {_share(use, n)}")
    missing = np.isnan(ea)
    rh_min_only = missing & ~np.isnan(_col(table, "rh_min"))
    if rh_min_only.any():
        notes.append(
            f"RHmin alone is not used for ea (FAO-56 gives no equation for it) "
            f"for {_share(rh_min_only, n)}"
        )
    if missing.any():
        ea = np.where(missing, fao56.actual_vapour_pressure_from_tmin_kpa(
            tmin, opts.dew_point_offset_c), ea)
        offset = f" − {opts.dew_point_offset_c:g} °C" if opts.dew_point_offset_c else ""
        notes.append(
            f"humidity missing: ea estimated with Tdew ≈ Tmin{offset} "
            f"(FAO-56 eq. 48) for {_share(missing, n)}"
        )
    return ea


def _solar_radiation(
    table: pd.DataFrame, tmin: fao56.FloatArray, tmax: fao56.FloatArray,
    ra: fao56.FloatArray, n_hours: fao56.FloatArray, opts: Et0Options, notes: list[str],
) -> fao56.FloatArray:
    n = len(table)
    rs = _col(table, "rs")
    sun = _col(table, "sunshine_hours")
    use = np.isnan(rs) & ~np.isnan(sun)
    if use.any():
        rs = np.where(use, fao56.solar_radiation_from_sunshine_mj_per_m2_day(sun, n_hours, ra), rs)
        over = use & (sun > n_hours + 1e-9)
        if over.any():
            notes.append(
                f"sunshine hours exceed the day length N for {_share(over, n)}: n/N capped at 1"
            )
    missing = np.isnan(rs)
    if missing.any():
        rs = np.where(missing, fao56.solar_radiation_from_temperature_mj_per_m2_day(
            tmin, tmax, ra, opts.krs), rs)
        notes.append(
            f"radiation and sunshine missing: Rs from the temperature range "
            f"(FAO-56 eq. 50, kRs = {opts.krs:g}) for {_share(missing, n)}"
        )
    return rs


def _wind_2m(table: pd.DataFrame, opts: Et0Options, notes: list[str]) -> fao56.FloatArray:
    n = len(table)
    u2 = _col(table, "wind_2m")
    if "wind" in table.columns:
        if opts.wind_height_m is None:
            raise InputError(
                "the climate table has a 'wind' column but no --wind-height was given; "
                "give the anemometer height in metres, or name the column 'wind_2m' "
                "if it is measured at 2 m"
            )
        uz = fao56.wind_speed_at_2m(_col(table, "wind"), opts.wind_height_m)
        use = np.isnan(u2) & ~np.isnan(uz)
        if use.any():
            u2 = np.where(use, uz, u2)
            notes.append(
                f"wind converted from {opts.wind_height_m:g} m to 2 m (FAO-56 eq. 47) "
                f"for {_share(use, n)}"
            )
    missing = np.isnan(u2)
    if missing.any():
        u2 = np.where(missing, fao56.DEFAULT_WIND_2M_M_PER_S, u2)
        notes.append(f"wind missing: u2 = 2 m/s (FAO-56 ch. 3) for {_share(missing, n)}")
    return u2


def _monthly_soil_heat_flux(
    dates: pd.DatetimeIndex, tmean: fao56.FloatArray, notes: list[str]
) -> fao56.FloatArray:
    month_no = (dates.year * 12 + dates.month).to_numpy()
    n = len(dates)
    g = np.zeros(n)
    counts = {"eq43": 0, "eq44": 0, "next": 0, "zero": 0}
    for i in range(n):
        has_prev = i > 0 and month_no[i - 1] == month_no[i] - 1
        has_next = i < n - 1 and month_no[i + 1] == month_no[i] + 1
        if has_prev and has_next:
            g[i] = fao56.soil_heat_flux_monthly_mj_per_m2_day(tmean[i - 1], tmean[i], tmean[i + 1])
            counts["eq43"] += 1
        elif has_prev:
            g[i] = fao56.soil_heat_flux_monthly_mj_per_m2_day(tmean[i - 1], tmean[i])
            counts["eq44"] += 1
        elif has_next:
            g[i] = fao56.soil_heat_flux_monthly_mj_per_m2_day(tmean[i], tmean[i + 1])
            counts["next"] += 1
        else:
            counts["zero"] += 1
    if counts["next"]:
        notes.append(
            f"no previous month for {counts['next']} monthly row(s): G = 0.14 (T[i+1] − T[i]) "
            "(the eq. 44 slope taken forward)"
        )
    if counts["zero"]:
        notes.append(f"no neighbouring month for {counts['zero']} monthly row(s): G = 0")
    return g


def compute_et0(table: pd.DataFrame, options: Et0Options) -> Et0Result:
    """ET0 (mm/day) for each row of a checked climate table.

    Parameters
    ----------
    table:
        Output of :func:`arna.hydrology.climate.read_climate_csv` (``date`` plus
        numeric columns, ``NaN`` for missing values), sorted by date.
    options:
        Site, method and fallback settings.

    Raises
    ------
    InputError
        Bad settings, missing ``tmin``/``tmax`` values, ``tmax < tmin``, or a
        ``wind`` column without a wind height.
    """
    options.check()
    notes: list[str] = []
    n = len(table)
    for col in ("tmin", "tmax"):
        if col not in table.columns:
            raise InputError(
                f"the climate table has no {col!r} column; ET0 needs daily minimum and "
                "maximum air temperature (°C) in columns 'tmin' and 'tmax'"
            )
        if table[col].isna().any():
            first = table["date"][table[col].isna()].iloc[0].date()
            raise InputError(
                f"column {col!r} has missing values (first on {first}); FAO-56 has no "
                "fallback for air temperature"
            )
    tmin = _col(table, "tmin")
    tmax = _col(table, "tmax")
    inverted = tmax < tmin
    if inverted.any():
        first = table["date"][inverted].iloc[0].date()
        raise InputError(f"tmax is below tmin on {int(inverted.sum())} row(s), first on {first}")
    ignored = [c for c in table.columns if c != "date" and c not in CLIMATE_COLUMNS]
    if ignored:
        notes.append(f"ignored unrecognised column(s): {', '.join(map(str, ignored))}")

    dates = pd.DatetimeIndex(table["date"])
    timestep = _resolve_timestep(dates, options.timestep, notes)
    if timestep == "monthly":
        bad = dates.day != 1
        if bad.any():
            raise InputError(
                f"monthly rows must be dated on the first day of the month; "
                f"{dates[bad][0].date()} is not"
            )
        doy = fao56.monthly_day_of_year(dates.month.to_numpy())
    else:
        doy = dates.day_of_year.to_numpy().astype(np.float64)
    phi = np.deg2rad(options.latitude_deg)
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(phi, doy)

    if options.method == "hargreaves":
        used = [c for c in table.columns if c in CLIMATE_COLUMNS and c not in ("tmin", "tmax")]
        if used:
            notes.append(f"Hargreaves (FAO-56 eq. 52) uses only tmin and tmax; ignored: "
                         f"{', '.join(used)}")
        et0 = fao56.hargreaves_et0_mm_per_day(tmin, tmax, ra)
        return Et0Result(dates, np.maximum(et0, 0.0), timestep, tuple(notes))

    tmean = (tmin + tmax) / 2.0
    n_hours = fao56.daylight_hours(phi, doy)
    ea = _vapour_pressure(table, tmin, tmax, options, notes)
    rs = _solar_radiation(table, tmin, tmax, ra, n_hours, options, notes)
    u2 = _wind_2m(table, options, notes)
    rso = fao56.clear_sky_radiation_mj_per_m2_day(ra, options.elevation_m)
    rnl = fao56.net_longwave_radiation_mj_per_m2_day(tmin, tmax, ea, rs, rso)
    rn = fao56.net_shortwave_radiation_mj_per_m2_day(rs) - rnl
    g = _monthly_soil_heat_flux(dates, tmean, notes) if timestep == "monthly" else np.zeros(n)
    gamma = fao56.psychrometric_constant_kpa_per_c(
        fao56.atmospheric_pressure_kpa(options.elevation_m)
    )
    es = fao56.mean_saturation_vapour_pressure_kpa(tmin, tmax)
    et0 = fao56.penman_monteith_et0_mm_per_day(
        tmean_c=tmean, wind_2m_m_per_s=u2, es_kpa=es, ea_kpa=ea,
        rn_mj_per_m2_day=rn, g_mj_per_m2_day=g, gamma_kpa_per_c=gamma,
    )
    negative = et0 < 0
    if negative.any():
        notes.append(f"negative ET0 (net radiation loss) set to 0 for {_share(negative, n)}")
    return Et0Result(dates, np.maximum(et0, 0.0), timestep, tuple(notes))
