"""FAO-56 equations for reference evapotranspiration, as pure numpy functions.

Every function cites its equation in Allen, Pereira, Raes & Smith (1998),
*Crop evapotranspiration: guidelines for computing crop water requirements*,
FAO Irrigation and Drainage Paper 56 ("FAO-56"). Inputs are scalars or numpy
arrays that broadcast together; outputs are ``float64`` arrays.

Units follow FAO-56: temperature °C, pressure and vapour pressure kPa,
radiation MJ m⁻² day⁻¹, wind m s⁻¹, elevation m, latitude in radians unless
the argument name says ``_deg``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

SOLAR_CONSTANT_MJ_PER_M2_MIN = 0.0820
"""Gsc in eq. 21."""
STEFAN_BOLTZMANN_MJ_PER_K4_M2_DAY = 4.903e-9
"""σ in eq. 39."""
ALBEDO_GRASS_REFERENCE = 0.23
"""α in eq. 38 for the hypothetical grass reference crop."""
MJ_TO_MM_EVAPORATION = 0.408
"""1 / λ: converts MJ m⁻² day⁻¹ to mm day⁻¹ of evaporation (eq. 20)."""
KRS_INTERIOR = 0.16
"""Hargreaves radiation adjustment coefficient for interior locations (eq. 50)."""
KRS_COASTAL = 0.19
"""Hargreaves radiation adjustment coefficient for coastal locations (eq. 50)."""
DEFAULT_WIND_2M_M_PER_S = 2.0
"""FAO-56 ch. 3 "Missing data": use 2 m/s when no wind data are available."""


def _f(x: npt.ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def atmospheric_pressure_kpa(elevation_m: npt.ArrayLike) -> FloatArray:
    """Atmospheric pressure P (kPa) at an elevation above sea level (eq. 7)."""
    z = _f(elevation_m)
    return 101.3 * ((293.0 - 0.0065 * z) / 293.0) ** 5.26


def psychrometric_constant_kpa_per_c(pressure_kpa: npt.ArrayLike) -> FloatArray:
    """Psychrometric constant γ (kPa °C⁻¹) from atmospheric pressure (eq. 8)."""
    return 0.665e-3 * _f(pressure_kpa)


def saturation_vapour_pressure_kpa(temperature_c: npt.ArrayLike) -> FloatArray:
    """Saturation vapour pressure e°(T) (kPa) at air temperature T (eq. 11)."""
    t = _f(temperature_c)
    return 0.6108 * np.exp(17.27 * t / (t + 237.3))


def mean_saturation_vapour_pressure_kpa(
    tmin_c: npt.ArrayLike, tmax_c: npt.ArrayLike
) -> FloatArray:
    """Mean saturation vapour pressure es (kPa) from Tmin and Tmax (eq. 12)."""
    return (saturation_vapour_pressure_kpa(tmax_c) + saturation_vapour_pressure_kpa(tmin_c)) / 2.0


def slope_vapour_pressure_curve_kpa_per_c(tmean_c: npt.ArrayLike) -> FloatArray:
    """Slope Δ (kPa °C⁻¹) of the saturation vapour pressure curve at Tmean (eq. 13)."""
    t = _f(tmean_c)
    return 4098.0 * saturation_vapour_pressure_kpa(t) / (t + 237.3) ** 2


def actual_vapour_pressure_from_rh_kpa(
    tmin_c: npt.ArrayLike,
    tmax_c: npt.ArrayLike,
    rh_min_pct: npt.ArrayLike,
    rh_max_pct: npt.ArrayLike,
) -> FloatArray:
    """Actual vapour pressure ea (kPa) from RHmin and RHmax (eq. 17)."""
    return (
        saturation_vapour_pressure_kpa(tmin_c) * _f(rh_max_pct) / 100.0
        + saturation_vapour_pressure_kpa(tmax_c) * _f(rh_min_pct) / 100.0
    ) / 2.0


def actual_vapour_pressure_from_rh_max_kpa(
    tmin_c: npt.ArrayLike, rh_max_pct: npt.ArrayLike
) -> FloatArray:
    """Actual vapour pressure ea (kPa) when only RHmax is known (eq. 18)."""
    return saturation_vapour_pressure_kpa(tmin_c) * _f(rh_max_pct) / 100.0


def actual_vapour_pressure_from_rh_mean_kpa(
    tmin_c: npt.ArrayLike, tmax_c: npt.ArrayLike, rh_mean_pct: npt.ArrayLike
) -> FloatArray:
    """Actual vapour pressure ea (kPa) from mean relative humidity (eq. 19)."""
    return _f(rh_mean_pct) / 100.0 * mean_saturation_vapour_pressure_kpa(tmin_c, tmax_c)


def actual_vapour_pressure_from_tmin_kpa(
    tmin_c: npt.ArrayLike, dew_point_offset_c: float = 0.0
) -> FloatArray:
    """Actual vapour pressure ea (kPa) when humidity data are missing (eq. 48).

    FAO-56 takes Tdew ≈ Tmin; Annex 6 suggests ``Tdew = Tmin − 2 … 3 °C`` in arid
    and semi-arid climates, which is ``dew_point_offset_c`` here (a positive number
    is subtracted from Tmin).
    """
    return saturation_vapour_pressure_kpa(_f(tmin_c) - dew_point_offset_c)


def inverse_relative_distance_earth_sun(day_of_year: npt.ArrayLike) -> FloatArray:
    """Inverse relative distance Earth–Sun dr (dimensionless) (eq. 23)."""
    return 1.0 + 0.033 * np.cos(2.0 * np.pi * _f(day_of_year) / 365.0)


def solar_declination_rad(day_of_year: npt.ArrayLike) -> FloatArray:
    """Solar declination δ (rad) (eq. 24)."""
    return 0.409 * np.sin(2.0 * np.pi * _f(day_of_year) / 365.0 - 1.39)


def sunset_hour_angle_rad(
    latitude_rad: npt.ArrayLike, declination_rad: npt.ArrayLike
) -> FloatArray:
    """Sunset hour angle ωs (rad) (eq. 25).

    The argument of arccos is clipped to [−1, 1] so that polar day (ωs = π) and
    polar night (ωs = 0) are handled.
    """
    x = -np.tan(_f(latitude_rad)) * np.tan(_f(declination_rad))
    return _f(np.arccos(np.clip(x, -1.0, 1.0)))


def extraterrestrial_radiation_mj_per_m2_day(
    latitude_rad: npt.ArrayLike, day_of_year: npt.ArrayLike
) -> FloatArray:
    """Extraterrestrial radiation Ra (MJ m⁻² day⁻¹) for daily periods (eq. 21)."""
    phi = _f(latitude_rad)
    dr = inverse_relative_distance_earth_sun(day_of_year)
    delta = solar_declination_rad(day_of_year)
    ws = sunset_hour_angle_rad(phi, delta)
    ra = (
        24.0 * 60.0 / np.pi
        * SOLAR_CONSTANT_MJ_PER_M2_MIN
        * dr
        * (ws * np.sin(phi) * np.sin(delta) + np.cos(phi) * np.cos(delta) * np.sin(ws))
    )
    return _f(np.maximum(ra, 0.0))


def daylight_hours(latitude_rad: npt.ArrayLike, day_of_year: npt.ArrayLike) -> FloatArray:
    """Maximum possible duration of sunshine N (hours) (eq. 34)."""
    ws = sunset_hour_angle_rad(latitude_rad, solar_declination_rad(day_of_year))
    return 24.0 / np.pi * ws


def solar_radiation_from_sunshine_mj_per_m2_day(
    sunshine_hours: npt.ArrayLike,
    daylight_hours_n: npt.ArrayLike,
    ra_mj_per_m2_day: npt.ArrayLike,
    a_s: float = 0.25,
    b_s: float = 0.50,
) -> FloatArray:
    """Solar radiation Rs (MJ m⁻² day⁻¹) from sunshine duration, Ångström (eq. 35).

    ``n/N`` is clipped to [0, 1]; ``a_s`` and ``b_s`` are the FAO-56 defaults for
    places without calibration.
    """
    big_n = _f(daylight_hours_n)
    ratio = np.divide(_f(sunshine_hours), big_n, out=np.zeros_like(big_n), where=big_n > 0)
    return (a_s + b_s * np.clip(ratio, 0.0, 1.0)) * _f(ra_mj_per_m2_day)


def solar_radiation_from_temperature_mj_per_m2_day(
    tmin_c: npt.ArrayLike,
    tmax_c: npt.ArrayLike,
    ra_mj_per_m2_day: npt.ArrayLike,
    krs: float = KRS_INTERIOR,
) -> FloatArray:
    """Solar radiation Rs (MJ m⁻² day⁻¹) from the temperature range, Hargreaves (eq. 50)."""
    dt = np.maximum(_f(tmax_c) - _f(tmin_c), 0.0)
    return krs * np.sqrt(dt) * _f(ra_mj_per_m2_day)


def clear_sky_radiation_mj_per_m2_day(
    ra_mj_per_m2_day: npt.ArrayLike, elevation_m: npt.ArrayLike
) -> FloatArray:
    """Clear-sky solar radiation Rso (MJ m⁻² day⁻¹) (eq. 37)."""
    return (0.75 + 2e-5 * _f(elevation_m)) * _f(ra_mj_per_m2_day)


def net_shortwave_radiation_mj_per_m2_day(
    rs_mj_per_m2_day: npt.ArrayLike, albedo: float = ALBEDO_GRASS_REFERENCE
) -> FloatArray:
    """Net shortwave radiation Rns (MJ m⁻² day⁻¹) (eq. 38)."""
    return (1.0 - albedo) * _f(rs_mj_per_m2_day)


def net_longwave_radiation_mj_per_m2_day(
    tmin_c: npt.ArrayLike,
    tmax_c: npt.ArrayLike,
    ea_kpa: npt.ArrayLike,
    rs_mj_per_m2_day: npt.ArrayLike,
    rso_mj_per_m2_day: npt.ArrayLike,
) -> FloatArray:
    """Net outgoing longwave radiation Rnl (MJ m⁻² day⁻¹) (eq. 39).

    ``Rs/Rso`` is limited to 1.0 as FAO-56 requires.
    """
    tmax_k4 = (_f(tmax_c) + 273.16) ** 4
    tmin_k4 = (_f(tmin_c) + 273.16) ** 4
    rso = _f(rso_mj_per_m2_day)
    ratio = np.divide(_f(rs_mj_per_m2_day), rso, out=np.ones_like(rso), where=rso > 0)
    ratio = np.clip(ratio, 0.0, 1.0)
    return (
        STEFAN_BOLTZMANN_MJ_PER_K4_M2_DAY
        * (tmax_k4 + tmin_k4)
        / 2.0
        * (0.34 - 0.14 * np.sqrt(np.maximum(_f(ea_kpa), 0.0)))
        * (1.35 * ratio - 0.35)
    )


def soil_heat_flux_monthly_mj_per_m2_day(
    t_previous_c: npt.ArrayLike,
    t_current_c: npt.ArrayLike,
    t_next_c: npt.ArrayLike | None = None,
) -> FloatArray:
    """Monthly soil heat flux G (MJ m⁻² day⁻¹) (eq. 43, or eq. 44 without next month).

    ``G = 0.07 (T_{i+1} − T_{i−1})`` when the next month's mean air temperature
    is known (eq. 43), else ``G = 0.14 (T_i − T_{i−1})`` (eq. 44).
    """
    if t_next_c is None:
        return 0.14 * (_f(t_current_c) - _f(t_previous_c))
    return 0.07 * (_f(t_next_c) - _f(t_previous_c))


def wind_speed_at_2m(wind_m_per_s: npt.ArrayLike, height_m: float) -> FloatArray:
    """Wind speed at 2 m (m s⁻¹) from a measurement at ``height_m`` (eq. 47)."""
    return _f(wind_m_per_s) * (4.87 / float(np.log(67.8 * height_m - 5.42)))


def penman_monteith_et0_mm_per_day(
    *,
    tmean_c: npt.ArrayLike,
    wind_2m_m_per_s: npt.ArrayLike,
    es_kpa: npt.ArrayLike,
    ea_kpa: npt.ArrayLike,
    rn_mj_per_m2_day: npt.ArrayLike,
    g_mj_per_m2_day: npt.ArrayLike,
    gamma_kpa_per_c: npt.ArrayLike,
) -> FloatArray:
    """FAO Penman–Monteith reference evapotranspiration ET0 (mm day⁻¹) (eq. 6)."""
    t = _f(tmean_c)
    u2 = _f(wind_2m_m_per_s)
    gamma = _f(gamma_kpa_per_c)
    delta = slope_vapour_pressure_curve_kpa_per_c(t)
    num = MJ_TO_MM_EVAPORATION * delta * (_f(rn_mj_per_m2_day) - _f(g_mj_per_m2_day)) + gamma * (
        900.0 / (t + 273.0)
    ) * u2 * (_f(es_kpa) - _f(ea_kpa))
    return num / (delta + gamma * (1.0 + 0.34 * u2))


def hargreaves_et0_mm_per_day(
    tmin_c: npt.ArrayLike, tmax_c: npt.ArrayLike, ra_mj_per_m2_day: npt.ArrayLike
) -> FloatArray:
    """Hargreaves reference evapotranspiration ET0 (mm day⁻¹) (eq. 52).

    ``ET0 = 0.0023 (Tmean + 17.8) (Tmax − Tmin)^0.5 Ra`` with Ra expressed as
    evaporation equivalent (mm day⁻¹, i.e. ``0.408 Ra``).
    """
    tmin = _f(tmin_c)
    tmax = _f(tmax_c)
    tmean = (tmin + tmax) / 2.0
    dt = np.maximum(tmax - tmin, 0.0)
    return 0.0023 * (tmean + 17.8) * np.sqrt(dt) * MJ_TO_MM_EVAPORATION * _f(ra_mj_per_m2_day)


def monthly_day_of_year(month: npt.ArrayLike) -> FloatArray:
    """Day of the year used for monthly means: ``J = INTEGER(30.4 M − 15)`` (FAO-56 ch. 3)."""
    return _f(np.floor(30.4 * _f(month) - 15.0))
