"""ET0 from a climate table: routes, fallbacks and their notes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arna.errors import InputError
from arna.hydrology import fao56
from arna.hydrology.climate import check_climate_table
from arna.hydrology.et0 import Et0Options, compute_et0

UCCLE = Et0Options(latitude_deg=50.8, elevation_m=100.0, wind_height_m=10.0)
BANGKOK = Et0Options(latitude_deg=13 + 44 / 60, elevation_m=2.0)


def table(rows: dict[str, list[object]]) -> pd.DataFrame:
    frame = pd.DataFrame({k: [str(v) for v in vals] for k, vals in rows.items()})
    return check_climate_table(frame)


def test_daily_uccle_example_18_through_the_table() -> None:
    t = table({"date": ["2024-07-06"], "tmin": [12.3], "tmax": [21.5], "rh_min": [63],
               "rh_max": [84], "wind": [10 / 3.6], "sunshine_hours": [9.25]})
    res = compute_et0(t, UCCLE)
    assert res.timestep == "daily"
    assert res.et0_mm_per_day[0] == pytest.approx(3.88, abs=0.01)
    assert any("eq. 47" in n for n in res.notes)
    assert not any("eq. 48" in n or "eq. 50" in n for n in res.notes)


def test_monthly_bangkok_example_17_through_the_table_uses_eq_44() -> None:
    t = table({"date": ["2024-03-01", "2024-04-01"], "tmin": [24.6, 25.6],
               "tmax": [33.8, 34.8], "ea": [2.85, 2.85], "wind_2m": [2, 2],
               "sunshine_hours": [8.5, 8.5]})
    res = compute_et0(t, BANGKOK)
    assert res.timestep == "monthly"
    # J = INT(30.4*4 - 15) = 106 instead of the example's 105: 5.718 vs 5.716
    assert res.et0_mm_per_day[1] == pytest.approx(5.72, abs=0.005)
    assert any("monthly" in n for n in res.notes)
    assert any("no previous month" in n for n in res.notes)


def test_monthly_soil_heat_flux_uses_eq_43_with_both_neighbours() -> None:
    base = {"tmin": [10.0, 12.0, 14.8], "tmax": [18.2, 20.2, 22.8], "ea": [1.0] * 3,
            "wind_2m": [2.0] * 3, "rs": [15.0] * 3}
    with_g = compute_et0(table({"date": ["2024-03-01", "2024-04-01", "2024-05-01"], **base}),
                         BANGKOK)
    no_g = compute_et0(table({"date": ["2024-03-01", "2024-04-01", "2024-05-01"], **base}),
                       Et0Options(latitude_deg=BANGKOK.latitude_deg, elevation_m=2.0,
                                  timestep="daily"))
    # G(April) = 0.07 * (18.8 - 14.1) = 0.329; ET0 falls by 0.408*Δ*G/(Δ+γ(1+0.34u2))
    tmean = 16.1
    delta = float(fao56.slope_vapour_pressure_curve_kpa_per_c(tmean))
    gamma = float(fao56.psychrometric_constant_kpa_per_c(fao56.atmospheric_pressure_kpa(2.0)))
    expected_drop = 0.408 * delta * 0.329 / (delta + gamma * 1.68)
    # the daily run uses another day of year, so compare through a recomputation
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(np.deg2rad(BANGKOK.latitude_deg), 106)
    rso = fao56.clear_sky_radiation_mj_per_m2_day(ra, 2.0)
    rn = 0.77 * 15.0 - fao56.net_longwave_radiation_mj_per_m2_day(12.0, 20.2, 1.0, 15.0, rso)
    es = fao56.mean_saturation_vapour_pressure_kpa(12.0, 20.2)
    kw = dict(tmean_c=tmean, wind_2m_m_per_s=2.0, es_kpa=es, ea_kpa=1.0,
              rn_mj_per_m2_day=rn, gamma_kpa_per_c=gamma)
    assert with_g.et0_mm_per_day[1] == pytest.approx(
        float(fao56.penman_monteith_et0_mm_per_day(g_mj_per_m2_day=0.329, **kw)), abs=1e-9)
    base_et0 = float(fao56.penman_monteith_et0_mm_per_day(g_mj_per_m2_day=0.0, **kw))
    assert base_et0 - with_g.et0_mm_per_day[1] == pytest.approx(expected_drop, rel=1e-9)
    assert no_g.timestep == "daily"


def test_temperature_only_falls_back_and_says_so() -> None:
    t = table({"date": ["2024-07-15"], "tmin": [20.0], "tmax": [35.0]})
    res = compute_et0(t, Et0Options(latitude_deg=44.8, elevation_m=130.0))
    notes = " | ".join(res.notes)
    assert "eq. 48" in notes and "eq. 50" in notes and "2 m/s" in notes
    phi = np.deg2rad(44.8)
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(phi, 197)
    rs = fao56.solar_radiation_from_temperature_mj_per_m2_day(20.0, 35.0, ra, 0.16)
    ea = fao56.saturation_vapour_pressure_kpa(20.0)
    rso = fao56.clear_sky_radiation_mj_per_m2_day(ra, 130.0)
    rn = 0.77 * rs - fao56.net_longwave_radiation_mj_per_m2_day(20.0, 35.0, ea, rs, rso)
    expected = fao56.penman_monteith_et0_mm_per_day(
        tmean_c=27.5, wind_2m_m_per_s=2.0,
        es_kpa=fao56.mean_saturation_vapour_pressure_kpa(20.0, 35.0), ea_kpa=ea,
        rn_mj_per_m2_day=rn, g_mj_per_m2_day=0.0,
        gamma_kpa_per_c=fao56.psychrometric_constant_kpa_per_c(
            fao56.atmospheric_pressure_kpa(130.0)),
    )
    assert res.et0_mm_per_day[0] == pytest.approx(float(expected), rel=1e-12)


def test_fallback_is_per_row_and_counted() -> None:
    t = table({"date": ["2024-07-06", "2024-07-07"], "tmin": [12.3, 12.3],
               "tmax": [21.5, 21.5], "rh_min": [63, ""], "rh_max": [84, ""]})
    res = compute_et0(t, UCCLE)
    assert any("eq. 48" in n and "1 of 2 rows" in n for n in res.notes)


def test_arid_dew_point_offset_lowers_ea_and_raises_et0() -> None:
    t = table({"date": ["2024-07-15"], "tmin": [20.0], "tmax": [35.0]})
    plain = compute_et0(t, Et0Options(latitude_deg=44.8, elevation_m=130.0))
    arid = compute_et0(t, Et0Options(latitude_deg=44.8, elevation_m=130.0,
                                     dew_point_offset_c=2.0))
    assert arid.et0_mm_per_day[0] > plain.et0_mm_per_day[0]
    assert any("Tmin − 2 °C" in n for n in arid.notes)


def test_hargreaves_method_through_the_table() -> None:
    t = table({"date": ["2024-07-15"], "tmin": [20.0], "tmax": [35.0], "rh_max": [50]})
    res = compute_et0(t, Et0Options(latitude_deg=44.8, elevation_m=130.0, method="hargreaves"))
    ra = fao56.extraterrestrial_radiation_mj_per_m2_day(np.deg2rad(44.8), 197)
    assert res.et0_mm_per_day[0] == pytest.approx(
        float(fao56.hargreaves_et0_mm_per_day(20.0, 35.0, ra)), rel=1e-12)
    assert any("ignored: rh_max" in n for n in res.notes)


@pytest.mark.parametrize(
    ("opts", "needle"),
    [
        (Et0Options(latitude_deg=91.0, elevation_m=0.0), "latitude"),
        (Et0Options(latitude_deg=40.0, elevation_m=12000.0), "elevation"),
        (Et0Options(latitude_deg=40.0, elevation_m=0.0, method="thornthwaite"), "unknown ET0"),
        (Et0Options(latitude_deg=40.0, elevation_m=0.0, wind_height_m=0.1), "wind height"),
    ],
)
def test_bad_options_are_input_errors(opts: Et0Options, needle: str) -> None:
    t = table({"date": ["2024-07-15"], "tmin": [20.0], "tmax": [35.0]})
    with pytest.raises(InputError, match=needle):
        compute_et0(t, opts)


def test_table_errors() -> None:
    with pytest.raises(InputError, match="tmax is below tmin"):
        compute_et0(table({"date": ["2024-07-15"], "tmin": [20.0], "tmax": [15.0]}), UCCLE)
    with pytest.raises(InputError, match="no 'tmax' column"):
        compute_et0(table({"date": ["2024-07-15"], "tmin": [20.0]}), UCCLE)
    with pytest.raises(InputError, match="missing values"):
        compute_et0(table({"date": ["2024-07-15", "2024-07-16"], "tmin": [20.0, 21.0],
                           "tmax": [30.0, ""]}), UCCLE)
    with pytest.raises(InputError, match="--wind-height"):
        compute_et0(table({"date": ["2024-07-15"], "tmin": [20.0], "tmax": [30.0],
                           "wind": [3.0]}), Et0Options(latitude_deg=40.0, elevation_m=0.0))
    with pytest.raises(InputError, match="not numbers"):
        table({"date": ["2024-07-15"], "tmin": ["warm"], "tmax": [30.0]})
    with pytest.raises(InputError, match=r"rh_max.*\[0, 100\]"):
        table({"date": ["2024-07-15"], "tmin": [1], "tmax": [30.0], "rh_max": [120]})
    with pytest.raises(InputError, match="more than once"):
        table({"date": ["2024-07-15", "2024-07-15"], "tmin": [1, 1], "tmax": [3, 3]})
    with pytest.raises(InputError, match="not dates"):
        table({"date": ["15/07/2024"], "tmin": [1], "tmax": [3]})
    with pytest.raises(InputError, match="first day of the month"):
        compute_et0(table({"date": ["2024-07-15"], "tmin": [1.0], "tmax": [3.0]}),
                    Et0Options(latitude_deg=40.0, elevation_m=0.0, timestep="monthly"))


def test_rh_min_alone_is_not_used_and_says_so() -> None:
    t = table({"date": ["2024-07-15"], "tmin": [20.0], "tmax": [35.0], "rh_min": [30]})
    res = compute_et0(t, Et0Options(latitude_deg=44.8, elevation_m=130.0))
    assert any("RHmin alone" in n for n in res.notes)
    assert any("eq. 48" in n for n in res.notes)


@settings(max_examples=40, deadline=None)
@given(
    lat=st.floats(-66.0, 66.0),
    tmin=st.floats(-30.0, 30.0),
    spread=st.floats(0.0, 25.0),
    month=st.integers(1, 12),
    with_rh=st.booleans(),
    with_wind=st.booleans(),
)
def test_et0_is_finite_and_non_negative_for_any_plausible_row(
    lat: float, tmin: float, spread: float, month: int, with_rh: bool, with_wind: bool
) -> None:
    rows: dict[str, list[object]] = {"date": [f"2024-{month:02d}-15"], "tmin": [tmin],
                                     "tmax": [tmin + spread]}
    if with_rh:
        rows |= {"rh_min": [30], "rh_max": [80]}
    if with_wind:
        rows["wind_2m"] = [3.0]
    res = compute_et0(table(rows), Et0Options(latitude_deg=lat, elevation_m=300.0))
    assert np.isfinite(res.et0_mm_per_day[0]) and res.et0_mm_per_day[0] >= 0.0
    assert res.et0_mm_per_day[0] < 20.0


def test_measured_ea_equal_to_the_fallback_gives_the_same_et0() -> None:
    base = {"date": ["2024-07-15"], "tmin": [18.0], "tmax": [33.0]}
    fallback = compute_et0(table(base), UCCLE)
    ea = float(fao56.saturation_vapour_pressure_kpa(18.0))
    measured = compute_et0(table({**base, "ea": [ea]}), UCCLE)
    assert measured.et0_mm_per_day[0] == pytest.approx(fallback.et0_mm_per_day[0], rel=1e-9)
    assert not any("eq. 48" in n for n in measured.notes)
