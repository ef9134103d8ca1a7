"""Crop water requirement against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from arna.errors import InputError
from arna.hydrology import crops


def cal(**kw: float) -> crops.CropCalendar:
    base: dict[str, float] = dict(kc_ini=0.3, kc_mid=1.2, kc_end=0.6, l_ini=10, l_dev=20,
                                  l_mid=30, l_late=20, planting_month=4, planting_day=1)
    base.update(kw)
    return crops.CropCalendar(**base)  # type: ignore[arg-type]


def test_kc_curve_follows_fao56_eq_66() -> None:
    kc = crops.kc_curve(cal())
    assert len(kc) == 80
    # day d is kc[d-1]
    assert kc[0] == kc[9] == pytest.approx(0.3)
    assert kc[19] == pytest.approx(0.3 + 10 / 20 * 0.9)  # mid-development: 0.75
    assert kc[29] == pytest.approx(1.2)
    assert kc[59] == pytest.approx(1.2)
    assert kc[69] == pytest.approx(0.9)  # halfway through the late season
    assert kc[79] == pytest.approx(0.6)


def test_kc_for_dates_is_zero_outside_the_season_and_wraps_the_year() -> None:
    winter = cal(planting_month=11, planting_day=1, l_ini=30, l_dev=30, l_mid=60, l_late=30)
    dates = pd.DatetimeIndex(["2021-10-31", "2021-11-01", "2022-02-15", "2022-03-30",
                              "2022-03-31"])
    kc = crops.kc_for_dates(winter, dates)
    assert kc[0] == 0.0
    assert kc[1] == pytest.approx(0.3)
    assert kc[2] == pytest.approx(1.2)  # day 107: mid-season
    assert kc[3] == pytest.approx(0.6)  # 30 Mar = day 150, the last day
    assert kc[4] == 0.0


def test_monthly_etc_hand_computed() -> None:
    flat = cal(kc_ini=1.0, kc_mid=1.0, kc_end=1.0, l_ini=30, l_dev=30, l_mid=31, l_late=30)
    months = pd.date_range("2001-03-01", periods=6, freq="MS")  # Mar..Aug
    w = crops.monthly_crop_water(flat, months, [3.0, 5.0, 6.0, 7.0, 8.0, 7.0])
    # season: 1 Apr .. 30 Jul (121 days)
    assert w.season_days.tolist() == [0, 30, 31, 30, 30, 0]
    assert w.etc_mm.tolist() == pytest.approx([0.0, 150.0, 186.0, 210.0, 240.0, 0.0])


def test_monthly_etc_with_the_kc_curve_by_hand() -> None:
    # 10 days of Kc 0.3 at the end of April, then development: Kc 0.3+0.045 k, k=1..20
    c = cal(planting_month=4, planting_day=21)
    months = pd.DatetimeIndex(["2001-04-01", "2001-05-01"])
    w = crops.monthly_crop_water(c, months, [4.0, 5.0])
    assert w.etc_mm[0] == pytest.approx(10 * 0.3 * 4.0)
    may_kc = sum(0.3 + 0.045 * k for k in range(1, 21)) + 11 * 1.2  # 20 dev + 11 mid days
    assert w.etc_mm[1] == pytest.approx(may_kc * 5.0)


def test_rice_land_preparation_days_before_transplanting() -> None:
    rice = cal(kc_ini=1.05, kc_mid=1.2, kc_end=0.9, planting_month=5, planting_day=1,
               l_ini=30, l_dev=30, l_mid=30, l_late=30)
    months = pd.date_range("2001-03-01", periods=3, freq="MS")
    w = crops.monthly_crop_water(rice, months, [3.0, 4.0, 5.0], preparation_days=40)
    assert w.preparation_days.tolist() == [10, 30, 0]  # 22 Mar .. 30 Apr = 40 days


def test_effective_rainfall_methods_by_hand() -> None:
    p = np.array([0.0, 50.0, 100.0, 250.0, 300.0])
    assert crops.effective_rainfall_usda_scs_mm(p).tolist() == pytest.approx(
        [0.0, 46.0, 84.0, 150.0, 155.0])
    assert crops.effective_rainfall_fao_aglw_mm(p).tolist() == pytest.approx(
        [0.0, 20.0, 56.0, 176.0, 216.0])
    assert crops.effective_rainfall_fixed_mm(p, 0.8).tolist() == pytest.approx(
        [0.0, 40.0, 80.0, 200.0, 240.0])


def test_leaching_requirement_fao29() -> None:
    # ECw 1.2 dS/m, cotton threshold ECe 7.7 dS/m: 1.2 / (38.5 - 1.2) = 0.0322
    assert crops.leaching_requirement(1.2, 7.7) == pytest.approx(1.2 / 37.3)
    with pytest.raises(InputError, match="cannot keep"):
        crops.leaching_requirement(10.0, 2.0)


def test_net_irrigation_requirement_by_hand() -> None:
    nir = crops.net_irrigation_requirement_mm(
        [150.0, 20.0, 200.0], [30.0, 40.0, 0.0],
        percolation_mm=[0.0, 0.0, 90.0], land_preparation_mm=[0.0, 0.0, 10.0],
        leaching_fraction=0.2,
    )
    assert nir.tolist() == pytest.approx([150.0, 0.0, 375.0])
    with pytest.raises(InputError, match="leaching fraction"):
        crops.net_irrigation_requirement_mm([1.0], [0.0], leaching_fraction=1.0)
