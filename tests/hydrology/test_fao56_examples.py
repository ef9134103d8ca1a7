"""FAO-56 worked examples (Allen et al. 1998, chapter 3 and 4), reproduced.

Each test states the example number and the figures printed in the paper; the
tolerance is half a unit of the last printed digit unless noted.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from arna.hydrology import fao56


def deg(d: float, m: float = 0.0) -> float:
    return math.radians(math.copysign(abs(d) + m / 60.0, d))


def test_example_2_pressure_and_psychrometric_constant_at_1800_m() -> None:
    p = fao56.atmospheric_pressure_kpa(1800.0)
    assert float(p) == pytest.approx(81.8, abs=0.05)
    assert float(fao56.psychrometric_constant_kpa_per_c(p)) == pytest.approx(0.054, abs=0.0005)


def test_example_3_mean_saturation_vapour_pressure() -> None:
    assert float(fao56.saturation_vapour_pressure_kpa(24.5)) == pytest.approx(3.075, abs=0.0005)
    assert float(fao56.saturation_vapour_pressure_kpa(15.0)) == pytest.approx(1.705, abs=0.0005)
    assert float(fao56.mean_saturation_vapour_pressure_kpa(15.0, 24.5)) == pytest.approx(
        2.39, abs=0.005
    )


def test_example_5_actual_vapour_pressure_from_rh() -> None:
    ea = fao56.actual_vapour_pressure_from_rh_kpa(18.0, 25.0, 54.0, 82.0)
    assert float(ea) == pytest.approx(1.70, abs=0.005)


def test_example_8_and_9_extraterrestrial_radiation_and_day_length_20s_3_september() -> None:
    phi = deg(-20.0)
    j = 246
    assert float(fao56.inverse_relative_distance_earth_sun(j)) == pytest.approx(0.985, abs=5e-4)
    assert float(fao56.solar_declination_rad(j)) == pytest.approx(0.120, abs=5e-4)
    ws = fao56.sunset_hour_angle_rad(phi, fao56.solar_declination_rad(j))
    assert float(ws) == pytest.approx(1.527, abs=5e-4)
    assert float(fao56.extraterrestrial_radiation_mj_per_m2_day(phi, j)) == pytest.approx(
        32.2, abs=0.05
    )
    assert float(fao56.daylight_hours(phi, j)) == pytest.approx(11.7, abs=0.05)


def test_example_10_solar_radiation_from_sunshine_rio_may() -> None:
    phi = deg(-22, 54)
    j = 135
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(phi, j)
    n_max = fao56.daylight_hours(phi, j)
    assert float(ra) == pytest.approx(25.1, abs=0.05)
    assert float(n_max) == pytest.approx(10.9, abs=0.05)
    rs = fao56.solar_radiation_from_sunshine_mj_per_m2_day(220.0 / 31.0, n_max, ra)
    assert float(rs) == pytest.approx(14.5, abs=0.05)


def test_example_11_net_longwave_radiation_rio_may() -> None:
    rnl = fao56.net_longwave_radiation_mj_per_m2_day(19.1, 25.1, 2.1, 14.5, 18.8)
    assert float(rnl) == pytest.approx(3.5, abs=0.05)


def test_example_12_net_radiation_rio_may() -> None:
    rns = fao56.net_shortwave_radiation_mj_per_m2_day(14.5)
    # the paper prints 0.77 x 14.5 = 11.1 (truncated) and Rn = 7.6
    assert float(rns) == pytest.approx(11.1, abs=0.07)
    assert float(rns - 3.5) == pytest.approx(7.6, abs=0.07)


def test_example_13_monthly_soil_heat_flux_shanghai_april() -> None:
    assert float(fao56.soil_heat_flux_monthly_mj_per_m2_day(14.1, 16.1, 18.8)) == pytest.approx(
        0.33, abs=0.005
    )
    assert float(fao56.soil_heat_flux_monthly_mj_per_m2_day(14.1, 16.1)) == pytest.approx(
        0.28, abs=0.005
    )


def test_example_14_wind_speed_from_10_m() -> None:
    assert float(fao56.wind_speed_at_2m(3.2, 10.0)) == pytest.approx(2.4, abs=0.05)


def test_example_17_monthly_et0_bangkok_april() -> None:
    phi = deg(13, 44)
    j = 105  # 15 April, as in the example
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(phi, j)
    n_max = fao56.daylight_hours(phi, j)
    assert float(ra) == pytest.approx(38.06, abs=0.005)
    assert float(n_max) == pytest.approx(12.31, abs=0.005)
    rs = fao56.solar_radiation_from_sunshine_mj_per_m2_day(8.5, n_max, ra)
    rso = fao56.clear_sky_radiation_mj_per_m2_day(ra, 2.0)
    assert float(rs) == pytest.approx(22.65, abs=0.005)
    assert float(rso) == pytest.approx(28.54, abs=0.01)
    rnl = fao56.net_longwave_radiation_mj_per_m2_day(25.6, 34.8, 2.85, rs, rso)
    rn = fao56.net_shortwave_radiation_mj_per_m2_day(rs) - rnl
    assert float(rnl) == pytest.approx(3.11, abs=0.005)
    assert float(rn) == pytest.approx(14.33, abs=0.005)
    g = fao56.soil_heat_flux_monthly_mj_per_m2_day(29.2, 30.2)
    assert float(g) == pytest.approx(0.14, abs=1e-9)
    es = fao56.mean_saturation_vapour_pressure_kpa(25.6, 34.8)
    assert float(es) == pytest.approx(4.42, abs=0.005)
    gamma = fao56.psychrometric_constant_kpa_per_c(fao56.atmospheric_pressure_kpa(2.0))
    # the example reads γ at sea level from Annex 2 (0.0674); at 2 m it is 0.06735
    assert float(gamma) == pytest.approx(0.0674, abs=1e-4)
    et0 = fao56.penman_monteith_et0_mm_per_day(
        tmean_c=30.2, wind_2m_m_per_s=2.0, es_kpa=es, ea_kpa=2.85,
        rn_mj_per_m2_day=rn, g_mj_per_m2_day=g, gamma_kpa_per_c=gamma,
    )
    assert float(et0) == pytest.approx(5.72, abs=0.005)


def test_example_18_daily_et0_uccle_6_july() -> None:
    phi = deg(50, 48)
    j = 187
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(phi, j)
    n_max = fao56.daylight_hours(phi, j)
    assert float(ra) == pytest.approx(41.09, abs=0.005)
    assert float(n_max) == pytest.approx(16.1, abs=0.05)
    rs = fao56.solar_radiation_from_sunshine_mj_per_m2_day(9.25, n_max, ra)
    rso = fao56.clear_sky_radiation_mj_per_m2_day(ra, 100.0)
    assert float(rs) == pytest.approx(22.07, abs=0.005)
    assert float(rso) == pytest.approx(30.90, abs=0.005)
    ea = fao56.actual_vapour_pressure_from_rh_kpa(12.3, 21.5, 63.0, 84.0)
    assert float(ea) == pytest.approx(1.409, abs=0.0005)
    rnl = fao56.net_longwave_radiation_mj_per_m2_day(12.3, 21.5, ea, rs, rso)
    rn = fao56.net_shortwave_radiation_mj_per_m2_day(rs) - rnl
    assert float(rnl) == pytest.approx(3.71, abs=0.005)
    assert float(rn) == pytest.approx(13.28, abs=0.005)
    u2 = fao56.wind_speed_at_2m(10.0 / 3.6, 10.0)  # 10 km/h at 10 m
    assert float(u2) == pytest.approx(2.078, abs=0.0005)
    gamma = fao56.psychrometric_constant_kpa_per_c(fao56.atmospheric_pressure_kpa(100.0))
    assert float(gamma) == pytest.approx(0.0666, abs=5e-5)
    et0 = fao56.penman_monteith_et0_mm_per_day(
        tmean_c=16.9, wind_2m_m_per_s=u2,
        es_kpa=fao56.mean_saturation_vapour_pressure_kpa(12.3, 21.5), ea_kpa=ea,
        rn_mj_per_m2_day=rn, g_mj_per_m2_day=0.0, gamma_kpa_per_c=gamma,
    )
    assert float(et0) == pytest.approx(3.88, abs=0.005)


def test_example_20_solar_radiation_from_temperature_lyon_july() -> None:
    rs = fao56.solar_radiation_from_temperature_mj_per_m2_day(14.8, 26.6, 40.6, krs=0.16)
    assert float(rs) == pytest.approx(22.3, abs=0.05)


def test_hargreaves_eq_52_hand_computed() -> None:
    # Tmin 10, Tmax 26 => Tmean 18, range 16; Ra = 40 MJ => 16.32 mm/day
    # 0.0023 * 35.8 * 4 * 16.32 = 5.3752
    et0 = fao56.hargreaves_et0_mm_per_day(10.0, 26.0, 40.0)
    assert float(et0) == pytest.approx(0.0023 * 35.8 * 4.0 * 0.408 * 40.0, rel=1e-12)
    assert float(et0) == pytest.approx(5.375, abs=0.0005)


def test_monthly_day_of_year_matches_fao56_rule() -> None:
    months = np.arange(1, 13)
    j = fao56.monthly_day_of_year(months)
    assert j.tolist() == [15, 45, 76, 106, 137, 167, 197, 228, 258, 289, 319, 349]


def test_polar_night_and_day_do_not_produce_nan() -> None:
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(deg(80.0), np.array([1, 172]))
    assert np.all(np.isfinite(ra))
    assert ra[0] == 0.0
    assert ra[1] > 40.0
