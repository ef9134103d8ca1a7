"""Irrigation scheme document → monthly canal-head demand, checked by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from arna.errors import DocumentError
from arna.hydrology.irrigation import (
    FIELD_EFFICIENCY_BY_METHOD,
    crop_requirements,
    load_scheme,
    scheme_demand,
    scheme_from_data,
)

ZERO12 = [0.0] * 12


def flat_crop(**kw: Any) -> dict[str, Any]:
    crop: dict[str, Any] = {
        "name": "cotton", "area_ha": 1000.0,
        "kc": {"ini": 1.0, "mid": 1.0, "end": 1.0},
        "stages_days": {"ini": 30, "dev": 30, "mid": 31, "late": 30},  # 1 Apr .. 30 Jul
        "planting": "04-01", "method": "surface",
    }
    crop.update(kw)
    return crop


def scheme(**kw: Any) -> dict[str, Any]:
    et0 = [1.0, 1.0, 3.0, 5.0, 6.0, 7.0, 8.0, 7.0, 5.0, 3.0, 1.0, 1.0]
    doc: dict[str, Any] = {
        "name": "test", "conveyance_efficiency": 0.5, "return_flow_share_of_losses": 0.4,
        "effective_rainfall": "none",
        "climate": {"et0_mm_per_day": et0, "rain_mm_per_month": ZERO12},
        "crops": [flat_crop()],
    }
    doc.update(kw)
    return doc


def test_defaults_for_field_efficiency_are_the_fao_values() -> None:
    assert FIELD_EFFICIENCY_BY_METHOD == {"surface": 0.6, "furrow": 0.6, "sprinkler": 0.75,
                                          "drip": 0.9}


def test_april_by_hand() -> None:
    d = scheme_demand(scheme_from_data(scheme()))
    apr = d.loc[pd.Timestamp("2001-04-01")]
    # ETc = 30 d x 5 mm = 150 mm over 1000 ha = 1.5 hm3 net
    assert apr["net_requirement_hm3"] == pytest.approx(1.5)
    assert apr["field_application_hm3"] == pytest.approx(2.5)  # / 0.6
    assert apr["gross_demand_hm3"] == pytest.approx(5.0)  # / 0.5
    assert apr["conveyance_loss_hm3"] == pytest.approx(2.5)
    assert apr["field_loss_hm3"] == pytest.approx(1.0)
    assert apr["return_flow_hm3"] == pytest.approx(0.4 * 3.5)
    assert apr["consumptive_use_hm3"] == pytest.approx(5.0 - 1.4)
    assert apr["gross_demand_m3_per_s"] == pytest.approx(5e6 / (30 * 86400))
    assert apr["return_flow_fraction"] == pytest.approx(1.4 / 5.0)
    assert d.loc[pd.Timestamp("2001-01-01"), "gross_demand_hm3"] == 0.0
    assert d.loc[pd.Timestamp("2001-01-01"), "return_flow_fraction"] == 0.0
    # July: 30 days x 8 mm = 240 mm
    assert d.loc[pd.Timestamp("2001-07-01"), "net_requirement_hm3"] == pytest.approx(2.4)
    assert len(d) == 12


def test_effective_rain_only_counts_in_season_days() -> None:
    rain = [0.0, 0.0, 0.0, 100.0] + [0.0] * 8  # 100 mm in April -> USDA-SCS 84 mm
    late = flat_crop(planting="04-16", stages_days={"ini": 5, "dev": 5, "mid": 5, "late": 5})
    doc = scheme(effective_rainfall="usda-scs",
                 climate={"et0_mm_per_day": [5.0] * 12, "rain_mm_per_month": rain},
                 crops=[late])
    r = crop_requirements(scheme_from_data(doc))
    apr = r[r["month"] == pd.Timestamp("2001-04-01")].iloc[0]
    assert apr["etc_mm"] == pytest.approx(15 * 5.0)  # 16..30 April
    assert apr["effective_rain_mm"] == pytest.approx(84.0 * 15 / 30)
    assert apr["net_requirement_mm"] == pytest.approx(75.0 - 42.0)


def test_drip_and_leaching_and_crop_conveyance_override() -> None:
    doc = scheme(crops=[flat_crop(method="drip", leaching_fraction=0.2,
                                  conveyance_efficiency=0.8)])
    apr = scheme_demand(scheme_from_data(doc)).loc[pd.Timestamp("2001-04-01")]
    net = 1.5 / 0.8  # leaching
    assert apr["net_requirement_hm3"] == pytest.approx(net)
    assert apr["drainage_hm3"] == pytest.approx(net * 0.2)
    assert apr["gross_demand_hm3"] == pytest.approx(net / 0.9 / 0.8)


def test_application_factor_raises_effective_field_efficiency() -> None:
    doc = scheme(crops=[flat_crop(application_factor=0.8)])
    apr = scheme_demand(scheme_from_data(doc)).loc[pd.Timestamp("2001-04-01")]
    assert apr["field_application_hm3"] == pytest.approx(2.5 * 0.8)


def test_rice_percolation_and_land_preparation_by_hand() -> None:
    rice = flat_crop(name="rice", planting="05-01",
                     stages_days={"ini": 30, "dev": 30, "mid": 30, "late": 30},
                     rice={"percolation_mm_per_day": 3.0, "land_preparation_mm": 300.0,
                           "land_preparation_days": 30})
    r = crop_requirements(scheme_from_data(scheme(crops=[rice])))
    by_month = r.set_index("month")["net_requirement_mm"]
    assert by_month[pd.Timestamp("2001-04-01")] == pytest.approx(300.0)  # all preparation
    assert by_month[pd.Timestamp("2001-05-01")] == pytest.approx(31 * 6.0 + 31 * 3.0)
    drain = r.set_index("month")["drainage_hm3"]
    assert drain[pd.Timestamp("2001-05-01")] == pytest.approx(93.0 * 10 * 1000 / 1e6)


def test_dated_months_use_their_calendar_month_climate() -> None:
    months = pd.date_range("2030-01-01", periods=24, freq="MS")
    d = scheme_demand(scheme_from_data(scheme()), months)
    assert len(d) == 24
    assert d["gross_demand_hm3"].iloc[3] == pytest.approx(d["gross_demand_hm3"].iloc[15])


@pytest.mark.parametrize(
    ("change", "path", "needle"),
    [
        ({"conveyance_efficiency": 1.5}, "conveyance_efficiency", "less than or equal"),
        ({"crops": [flat_crop(method="flood")]}, "crops[0].method", "surface"),
        ({"crops": [flat_crop(planting="31-04")]}, "crops[0].planting", "not a calendar"),
        ({"crops": [flat_crop(kc={"ini": 1, "mid": 1})]}, "crops[0].kc.end", "required"),
        ({"colour": "blue"}, "colour", "Extra inputs"),
        ({"crops": [flat_crop(), flat_crop()]}, "crops", "listed twice"),
        ({"crops": [flat_crop(stages_days={"ini": 100, "dev": 100, "mid": 100, "late": 100})]},
         "crops[0].stages_days", "365"),
        ({"climate": {"et0_mm_per_day": [1.0], "rain_mm_per_month": ZERO12}},
         "climate.et0_mm_per_day", "12"),
    ],
)
def test_document_errors_name_the_path(change: dict[str, Any], path: str, needle: str) -> None:
    with pytest.raises(DocumentError) as info:
        scheme_from_data(scheme(**change), "s.yaml")
    assert any(p == path and needle in m for p, m in info.value.problems), info.value.problems
    assert "s.yaml" in str(info.value)


def test_load_scheme_file_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="file not found"):
        load_scheme(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="malformed YAML"):
        load_scheme(bad)
