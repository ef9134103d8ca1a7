"""Measures applied to a scheme: gross and net savings by hand; appraisal by hand."""

from __future__ import annotations

import math
from typing import Any

import pytest

from arna.economics.appraisal import appraisal_table, appraise
from arna.economics.catalogue import load_catalogue
from arna.economics.measures import apply_measure, measure_saving
from arna.errors import InputError
from arna.hydrology.irrigation import IrrigationScheme, scheme_from_data

CAT = load_catalogue()


def scheme(share: float = 0.4, **crop_kw: Any) -> IrrigationScheme:
    crop: dict[str, Any] = {
        "name": "cotton", "area_ha": 1000.0, "kc": {"ini": 1.0, "mid": 1.0, "end": 1.0},
        "stages_days": {"ini": 30, "dev": 30, "mid": 31, "late": 30},
        "planting": "04-01", "method": "surface",
    }
    crop.update(crop_kw)
    return scheme_from_data({
        "name": "s", "conveyance_efficiency": 0.5, "return_flow_share_of_losses": share,
        "effective_rainfall": "none",
        "climate": {"et0_mm_per_day": [5.0] * 12, "rain_mm_per_month": [0.0] * 12},
        "crops": [crop],
    })


# ETc = 121 days x 5 mm = 605 mm -> 6.05 hm3 net on 1000 ha; gross 6.05/0.6/0.5 = 20.1667 hm3


def test_drip_on_half_the_area_by_hand() -> None:
    s = scheme()
    changed = apply_measure(s, CAT.measure("drip"), CAT, crop="cotton", area_ha=500.0)
    names = {(c.name, c.method, c.area_ha) for c in changed.crops}
    assert names == {("cotton", "surface", 500.0), ("cotton+drip", "drip", 500.0)}
    sv = measure_saving(s, CAT.measure("drip"), CAT, crop="cotton", area_ha=500.0)
    gross = 3.025 / 0.6 / 0.5 - 3.025 / 0.9 / 0.5  # hm3
    assert sv.gross_saving_m3_per_year == pytest.approx(gross * 1e6)
    # efficiency-only measures: the lost return flow is the share of the gross saving
    assert sv.net_saving_m3_per_year == pytest.approx((1 - 0.4) * gross * 1e6)
    assert sv.return_flow_reduction_m3_per_year == pytest.approx(0.4 * gross * 1e6)
    assert sv.baseline_gross_m3_per_year == pytest.approx(6.05 / 0.3 * 1e6)


def test_canal_lining_whole_area() -> None:
    sv = measure_saving(scheme(share=0.0), CAT.measure("canal-lining"), CAT, crop="cotton")
    gross = 6.05 / 0.6 / 0.5 - 6.05 / 0.6 / 0.75
    assert sv.area_ha == 1000.0
    assert sv.gross_saving_m3_per_year == pytest.approx(gross * 1e6)
    assert sv.net_saving_m3_per_year == pytest.approx(gross * 1e6)  # nothing returned


def test_all_losses_returning_means_no_net_saving_from_efficiency() -> None:
    sv = measure_saving(scheme(share=1.0), CAT.measure("sprinkler"), CAT, crop="cotton")
    assert sv.gross_saving_m3_per_year > 0
    assert sv.net_saving_m3_per_year == pytest.approx(0.0, abs=1e-3)


def test_crop_change_saves_consumptive_use() -> None:
    rice = {"name": "rice", "kc": {"ini": 1.05, "mid": 1.2, "end": 0.9},
            "stages_days": {"ini": 30, "dev": 30, "mid": 60, "late": 30}, "planting": "05-01",
            "rice": {"percolation_mm_per_day": 3.0, "land_preparation_mm": 250.0}}
    s = scheme(share=1.0, **rice)
    sv = measure_saving(s, CAT.measure("rice-to-maize"), CAT, crop="rice", area_ha=400.0)
    # even when every loss returns, less crop ET is a real saving
    assert sv.net_saving_m3_per_year > 0
    changed = apply_measure(s, CAT.measure("rice-to-maize"), CAT, crop="rice", area_ha=400.0)
    maize = [c for c in changed.crops if c.name.startswith("maize-grain")]
    assert len(maize) == 1 and maize[0].rice is None and maize[0].area_ha == 400.0


def test_application_errors() -> None:
    s = scheme()
    with pytest.raises(InputError, match="applies only to rice"):
        apply_measure(s, CAT.measure("laser-levelling"), CAT, crop="cotton")
    with pytest.raises(InputError, match="no crop 'wheat'"):
        apply_measure(s, CAT.measure("drip"), CAT, crop="wheat")
    with pytest.raises(InputError, match="has 1000 ha"):
        apply_measure(s, CAT.measure("drip"), CAT, crop="cotton", area_ha=2000.0)


def test_appraisal_by_hand() -> None:
    m = CAT.measure("drip")  # 917,000 KZT/ha, 55,000 KZT/ha/yr, 10 years
    a = appraise(m, area_ha=100.0, gross_saving_m3_per_year=400_000.0,
                 net_saving_m3_per_year=250_000.0, discount_rate=0.10, target="cotton",
                 water_value_per_m3=66.0)
    crf = 0.1627454
    assert a.investment == 91_700_000.0
    assert a.om_per_year == 5_500_000.0
    assert a.equivalent_annual_cost == pytest.approx(91_700_000 * crf + 5_500_000, rel=1e-6)
    assert a.present_value_cost == pytest.approx(91_700_000 + 5_500_000 * 6.144567, rel=1e-6)
    assert a.cost_per_m3_gross == pytest.approx(a.equivalent_annual_cost / 400_000)
    assert a.cost_per_m3_net == pytest.approx(a.equivalent_annual_cost / 250_000)
    assert a.npv == pytest.approx(-91_700_000 + (66.0 * 250_000 - 5_500_000) * 6.144567, rel=1e-6)


def test_appraisal_without_saving_or_value() -> None:
    a = appraise(CAT.measure("sprinkler"), area_ha=10.0, gross_saving_m3_per_year=0.0,
                 net_saving_m3_per_year=0.0, discount_rate=0.05)
    assert a.cost_per_m3_net == math.inf
    assert math.isnan(a.npv)
    with pytest.raises(InputError, match="negative"):
        appraise(CAT.measure("sprinkler"), area_ha=-1.0, gross_saving_m3_per_year=0.0,
                 net_saving_m3_per_year=0.0, discount_rate=0.05)


def test_appraisal_table_is_ordered_by_net_cost() -> None:
    cheap = appraise(CAT.measure("laser-levelling"), area_ha=10.0,
                     gross_saving_m3_per_year=1e5, net_saving_m3_per_year=1e5,
                     discount_rate=0.08)
    dear = appraise(CAT.measure("drip"), area_ha=10.0, gross_saving_m3_per_year=1e4,
                    net_saving_m3_per_year=1e4, discount_rate=0.08)
    table = appraisal_table([dear, cheap])
    assert table["measure_id"].tolist() == ["laser-levelling", "drip"]


def test_schedule_appraisal_by_hand() -> None:
    from arna.economics.appraisal import appraise_schedule

    m = CAT.measure("laser-levelling")  # 27,500 KZT/ha, 0 O&M, 4 years
    s = appraise_schedule(m, adopted_ha_per_year=[100.0, 100.0], gross_saving_m3_per_ha_year=2000,
                          net_saving_m3_per_ha_year=1000, discount_rate=0.10, horizon_years=5,
                          water_value_per_m3=40.0)
    # cohort 0 paid in years 0 and 4, cohort 1 in year 1 (its renewal in year 5 serves no year)
    assert s.investment.tolist() == [2.75e6, 2.75e6, 0.0, 0.0, 2.75e6, 0.0]
    assert s.area_in_service_ha.tolist() == [0, 100, 200, 200, 200, 200]
    assert s.net_saving_m3.tolist() == [0, 1e5, 2e5, 2e5, 2e5, 2e5]
    pv_cost = 2.75e6 + 2.75e6 / 1.1 + 2.75e6 / 1.1**4
    pv_net = sum(v / 1.1**t for t, v in enumerate([0, 1e5, 2e5, 2e5, 2e5, 2e5]))
    assert s.present_value_cost == pytest.approx(pv_cost)
    assert s.present_value_net_saving_m3 == pytest.approx(pv_net)
    assert s.levelised_cost_per_m3_net == pytest.approx(pv_cost / pv_net)
    assert s.npv == pytest.approx(40.0 * pv_net - pv_cost)
