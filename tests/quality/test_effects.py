"""Salinity effects and indicators computed by hand: FAO-29 / Maas–Hoffman, drinking-water compliance,
the appraisal's measures (drainage reuse, canal lining) and the bundled models' reaches."""

from __future__ import annotations

import copy
from importlib.resources import files
from typing import Any

import numpy as np
import pytest

from arna.api import run
from arna.economics.basin import ALL, BASELINE, apply_plan_measures, appraise_plan
from arna.economics.catalogue import load_catalogue
from arna.economics.plan import plan_from_data
from arna.errors import InputError
from arna.hydrology.salinity import crop_key, ec_from_tds, relative_yield, soil_water_ratio
from arna.indicators.salinity import concentration_profile, crop_yield_losses, drinking_compliance
from arna.schema import model_from_mapping


def test_soil_water_ratio_by_hand() -> None:
    # LF 0.15: water passing the top and each quarter 1, .66, .405, .235, .15 → mean of 1/x = 3.177, halved
    assert soil_water_ratio(0.15) == pytest.approx((1 + 1 / 0.66 + 1 / 0.405 + 1 / 0.235 + 1 / 0.15) / 10)
    assert soil_water_ratio(0.10) == pytest.approx(2.05, abs=0.01)  # FAO-29: about 2 at LF 0.10
    with pytest.raises(InputError, match="between 0 and 1"):
        soil_water_ratio(0.0)


def test_maas_hoffman_by_hand() -> None:
    # rice: threshold 3.0 dS/m, 12 %/(dS/m). 2.56 g/L → ECw 4 dS/m → ECe 6 (ratio 1.5) → 100 − 12 × 3 = 64 %
    assert ec_from_tds(2.56) == pytest.approx(4.0)
    assert relative_yield("rice", 4.0, ratio=1.5) == pytest.approx(0.64)
    assert relative_yield("rice+laser-levelling", 1.0, ratio=1.5) == 1.0  # below the threshold
    assert relative_yield("maize", 20.0, ratio=1.5) == 0.0  # never negative
    assert crop_key("maize-grain+rice-to-maize") == "maize" and crop_key("Winter wheat") == "wheat"
    assert crop_key("dragonfruit") is None


FARM: dict[str, Any] = {
    "name": "farm", "timestepper": {"start": "2021-01-01", "end": "2021-12-01", "step": "month"},
    "nodes": [
        {"name": "river", "type": "inflow", "flow": "20 m3/s"},
        {"name": "r", "type": "reach"},
        {"name": "rice farm", "type": "demand", "sector": "irrigation", "demand": "10 m3/s",
         "consumptive_fraction": 0.5, "return_to": "r2"},
        {"name": "town", "type": "demand", "sector": "municipal", "demand": "1 m3/s"},
        {"name": "r2", "type": "reach"},
        {"name": "sea", "type": "terminal"},
    ],
    "edges": [["river", "r"], ["r", "rice farm"], ["r", "town"], ["r", "r2"], ["r2", "sea"]],
    "quality": {"constituents": [{"name": "tds"}], "salinity": {"soil_water_ratio": 1.5},
                "nodes": {"river": {"concentration": {"tds": {"type": "monthly", "unit": "mg/L",
                                                              "values": [800] * 6 + [2560] * 6}}},
                          "rice farm": {"crops": {"rice": 1000}, "return_flow": {"tds": "3 g/L"}}}},
}


def test_yield_loss_and_drinking_compliance_by_hand() -> None:
    doc = model_from_mapping(copy.deepcopy(FARM), "farm.yaml")
    res = run(doc)
    losses = crop_yield_losses(res, doc).iloc[0]
    days = np.asarray(res.timesteps.days_in_month, dtype=float)
    tds = (0.8 * days[:6].sum() + 2.56 * days[6:].sum()) / days.sum()  # weighted by the water delivered
    assert losses["tds_g_per_l"] == pytest.approx(tds)
    assert losses["yield_loss_percent"] == pytest.approx(12 * (tds / 0.64 * 1.5 - 3.0))
    comp = drinking_compliance(res, doc).set_index("month")
    assert list(comp["compliance"]) == [1.0] * 6 + [0.0] * 6
    assert comp.loc[7, "mean_g_per_l"] == pytest.approx(2.56)
    prof = concentration_profile(res, ["river", "r2"])
    # r2 gets 10 − ... : 9 m3/s of river water and 5 of drainage at 3 g/L
    assert prof.loc[1, "r2"] == pytest.approx((9 * 0.8 + 5 * 3.0) / 14)


def test_drainage_reuse_lowers_the_salt_reaching_the_sea() -> None:
    """Drainage reuse of 30 % on all 1000 ha: fresh intake 10 × (1 − 0.3 × 0.5) = 8.5 m3/s, drainage 3.5
    at 3 g/L; in January the sea gets 20 − 8.5 − 1 + 3.5 = 14 m3/s at (10.5 × 0.8 + 3.5 × 3) / 14 g/L
    instead of (9 × 0.8 + 5 × 3) / 14."""
    doc = model_from_mapping(copy.deepcopy(FARM), "farm.yaml")
    plan = plan_from_data({"name": "salt", "measures": [
        {"name": "reuse", "measure": "drainage-reuse", "demand": "rice farm", "irrigated_area_ha": 1000}]})
    treated = apply_plan_measures(doc, plan.measures, load_catalogue(files("arna.data.measures") / "catalogue.yaml"))
    assert run(doc).get("sea", "concentration.tds")[0, 0] == pytest.approx((9 * 0.8 + 5 * 3.0) / 14)
    after = run(treated)
    assert after.get("rice farm", "delivered")[0, 0] == pytest.approx(8.5)
    assert after.get("sea", "concentration.tds")[0, 0] == pytest.approx((10.5 * 0.8 + 3.5 * 3.0) / 14)
    result = appraise_plan(doc, plan)
    assert result.salinity.loc[ALL, "sea"] < result.salinity.loc[BASELINE, "sea"]
    assert result.table.set_index("name").loc["reuse", "gross_saving_m3_per_year"] == pytest.approx(
        1.5 * 365.25 * 86_400, rel=1e-6)  # the appraisal counts years of 365.25 days


def test_drainage_reuse_needs_a_return_flow() -> None:
    data = copy.deepcopy(FARM)
    plan = plan_from_data({"name": "salt", "measures": [
        {"name": "reuse", "measure": "drainage-reuse", "demand": "town", "irrigated_area_ha": 10}]})
    with pytest.raises(InputError, match="drainage reuse needs a demand given as a series with a return flow"):
        apply_plan_measures(model_from_mapping(data, "farm.yaml"), plan.measures,
                            load_catalogue(files("arna.data.measures") / "catalogue.yaml"))


def test_the_appraisal_report_shows_salinity() -> None:
    from arna.economics.basin_report import render_appraisal_report

    plan = plan_from_data({"name": "salt", "measures": [
        {"name": "reuse", "measure": "drainage-reuse", "demand": "rice farm", "irrigated_area_ha": 1000}]})
    page = render_appraisal_report(appraise_plan(model_from_mapping(copy.deepcopy(FARM), "farm.yaml"), plan))
    assert "Salinity with and without the measures (g/L)" in page and "<td class=\"text\">sea</td>" in page


RICE_SCHEME: dict[str, Any] = {
    "name": "rice-scheme", "conveyance_efficiency": 0.6, "return_flow_share_of_losses": 0.5,
    "climate": {"et0_mm_per_day": [0.5, 0.9, 1.9, 3.7, 5.5, 7.0, 7.3, 6.3, 4.3, 2.3, 1.0, 0.5],
                "rain_mm_per_month": [15, 14, 20, 17, 10, 5, 4, 2, 3, 10, 15, 20]},
    "crops": [{"name": "rice", "area_ha": 20000, "kc": {"ini": 1.05, "mid": 1.2, "end": 0.9},
               "stages_days": {"ini": 30, "dev": 30, "mid": 60, "late": 30}, "planting": "05-01",
               "method": "surface"}],
}


def test_a_crop_change_on_a_scheme_changes_salinity_and_is_judged_by_the_new_crop() -> None:
    doc = model_from_mapping({
        "name": "rice", "timestepper": {"start": "2021-01-01", "end": "2021-12-01", "step": "month"},
        "nodes": [{"name": "river", "type": "inflow", "flow": "40 m3/s"},
                  {"name": "farm", "type": "demand", "sector": "irrigation", "irrigation": RICE_SCHEME,
                   "return_to": "below"},
                  {"name": "below", "type": "reach"}, {"name": "sea", "type": "terminal"}],
        "edges": [["river", "farm"], ["river", "below"], ["below", "sea"]],
        "quality": {"constituents": [{"name": "tds"}],
                    "nodes": {"river": {"concentration": {"tds": "1 g/L"}},
                              "farm": {"return_flow": {"tds": "3 g/L"}}}}}, "rice.yaml")
    plan = plan_from_data({"name": "crop", "measures": [
        {"name": "maize", "measure": "rice-to-maize", "demand": "farm", "irrigated_area_ha": 20000,
         "crops": ["rice"]}]})
    result = appraise_plan(doc, plan)
    assert result.salinity.loc[ALL, "sea"] < result.salinity.loc[BASELINE, "sea"]  # less saline drainage returned
    treated = apply_plan_measures(doc, plan.measures, load_catalogue(files("arna.data.measures") / "catalogue.yaml"))
    crops = crop_yield_losses(run(treated), treated).set_index("crop")
    row = crops.loc["maize-grain+rice-to-maize"]
    assert row["threshold_ds_per_m"] == 1.7 and row["slope_percent_per_ds_m"] == 12.0  # maize, FAO-29
    assert row["yield_loss_percent"] == pytest.approx(12 * (row["ec_e_ds_per_m"] - 1.7))
