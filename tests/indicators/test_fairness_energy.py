"""Fairness indicators and the energy side, on hand-made results with hand-computed answers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from arna.errors import DocumentError
from arna.indicators.energy import energy_value_by_season, energy_water_swap, swap_spec, swap_summary, water_year
from arna.indicators.fairness import (
    coverage_by_demand,
    coverage_by_group,
    demand_position,
    gini,
    head_tail,
    jain,
    shortage_spread,
)
from arna.schema import model_from_mapping
from arna.schema.document import ModelDocument
from tests.indicators.helpers import results


def test_jain_and_gini_by_hand() -> None:
    assert jain(np.array([0.7, 0.7, 0.7])) == pytest.approx(1.0)
    assert jain(np.array([1.0, 0.0])) == pytest.approx(0.5)  # one of two gets everything: 1/n
    assert gini(np.array([0.3, 0.3])) == pytest.approx(0.0)
    assert gini(np.array([0.0, 0.0])) == 0.0  # nobody short
    assert gini(np.array([0.0, 1.0])) == pytest.approx(0.5)  # Σ|si − sj| = 2, 2 n² s̄ = 4


def _river() -> ModelDocument:
    """in → up → down → sea; a (KZ, Turkistan) takes from up, b (UZ) from down through a canal."""
    return model_from_mapping({
        "name": "r", "timestepper": {"start": "2021-01-01", "end": "2021-03-01", "step": "month"},
        "nodes": [{"name": "in", "type": "inflow", "flow": 10.0}, {"name": "up", "type": "reach"},
                  {"name": "down", "type": "reach"}, {"name": "canal", "type": "canal"},
                  {"name": "a", "type": "demand", "demand": 4.0, "country": "KZ", "region": "Turkistan"},
                  {"name": "b", "type": "demand", "demand": 4.0, "country": "UZ"},
                  {"name": "sea", "type": "terminal"}],
        "edges": [["in", "up"], ["up", "down"], ["down", "sea"], ["up", "a"], ["down", "canal"], ["canal", "b"]],
    }, "<r>")


def _run_results() -> Any:
    return results({("a", "demand"): [4.0] * 3, ("a", "delivered"): [4.0] * 3,
                    ("b", "demand"): [4.0] * 3, ("b", "delivered"): [2.0] * 3})


def test_positions_count_edges_to_the_outlet_from_the_off_take() -> None:
    # sea 0, down 1, up 2; b's canal leads only to b, so b's off-take is down
    assert demand_position(_river()) == {"a": 2, "b": 1}


def test_coverage_by_demand_country_region_and_ends() -> None:
    doc, res = _river(), _run_results()
    per = coverage_by_demand(res, doc).set_index("demand")
    assert per.loc["a", "coverage"] == pytest.approx(1.0) and per.loc["b", "coverage"] == pytest.approx(0.5)
    assert per.loc["a", "end"] == "head" and per.loc["b", "end"] == "tail"
    by_country = coverage_by_group(res, doc, "country").set_index("group").coverage
    assert by_country.to_dict() == pytest.approx({"KZ": 1.0, "UZ": 0.5})
    by_region = coverage_by_group(res, doc, "region").set_index("group").coverage
    assert by_region.to_dict() == pytest.approx({"Turkistan": 1.0, "unknown": 0.5})
    ht = head_tail(res, doc).iloc[0]
    assert ht.head_coverage == pytest.approx(1.0) and ht.tail_head_ratio == pytest.approx(0.5)
    with pytest.raises(ValueError, match="country or region"):
        coverage_by_group(res, doc, "basin")


def test_spread_by_hand() -> None:
    spread = shortage_spread(_run_results(), _river())
    row = spread[spread.priority == "all"].iloc[0]
    assert row.min_max_ratio == pytest.approx(0.5)
    assert row.jain == pytest.approx(1.5**2 / (2 * 1.25))  # (Σc)² / (n Σc²) = 0.9
    assert row.gini_shortage == pytest.approx(0.5)  # shortage ratios 0 and 0.5
    assert row.step_jain == pytest.approx(0.9) and row.short_steps == 3


def test_head_tail_undefined_when_all_demands_sit_together() -> None:
    doc = _river()
    doc.edges[:] = [e for e in doc.edges if e != ("canal", "b") and list(e) != ["canal", "b"]] + [("up", "b")]
    assert np.isnan(head_tail(_run_results(), doc).iloc[0].tail_head_ratio)


def _energy_results() -> Any:
    """A water year Oct 2020 – Sep 2021; scenario 'energy' (winter-heavy) and 'irrigation'."""
    winter = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
    energy = np.stack([np.where(winter, 100.0, 50.0), np.where(winter, 40.0, 90.0)], axis=1)
    flow = np.stack([np.where(winter, 50.0, 100.0), np.where(winter, 20.0, 200.0)], axis=1)
    price = np.repeat(np.where(winter, 29.0, 24.0)[:, None], 2, axis=1)
    return results({("HPP", "energy"): energy, ("HPP", "price"): price, ("border", "flow"): flow},
                   start="2020-10-01", scenarios=("energy", "irrigation"), units={"price": "USD/MWh"})


def test_energy_value_by_season() -> None:
    v = energy_value_by_season(_energy_results()).set_index("scenario").loc["energy"]
    years = 365 / 365.25
    assert v.winter_gwh_per_year == pytest.approx(600 / years)
    assert v.winter_musd_per_year == pytest.approx(600 * 29 / 1e3 / years)  # GWh × USD/MWh → M USD
    assert v.summer_musd_per_year == pytest.approx(300 * 24 / 1e3 / years)
    assert v.winter_price_usd_mwh == pytest.approx(29.0)


def test_swap_by_hand() -> None:
    swap = energy_water_swap(_energy_results(), ["HPP"], "border", "irrigation")
    assert len(swap) == 1
    row = swap.iloc[0]
    assert row.year == 2021 and row.scenario == "energy"
    assert row.winter_energy_forgone_gwh == pytest.approx(600 - 240)
    assert row.summer_energy_gained_gwh == pytest.approx(540 - 300)
    summer_days = 30 + 31 + 30 + 31 + 31 + 30
    water = 100.0 * summer_days * 86_400 / 1e6
    assert row.summer_water_gained_hm3 == pytest.approx(water)
    money = 360 * 29 / 1e3 - 240 * 24 / 1e3
    assert row.compensation_musd == pytest.approx(money)
    assert row.net_energy_loss_gwh == pytest.approx(120.0)
    assert row.usd_per_1000m3 == pytest.approx(money / water * 1e3)
    summary = swap_summary(swap).iloc[0]
    assert summary.years == 1 and summary.compensation_musd == pytest.approx(money)


def test_water_years_and_partial_years_left_out() -> None:
    import pandas as pd

    assert list(water_year(pd.DatetimeIndex(["2020-09-01", "2020-10-01", "2021-03-01"]))) == [2020, 2021, 2021]
    res = _energy_results()
    short = results({k: res.get(*k)[:11] for k in [("HPP", "energy"), ("HPP", "price"), ("border", "flow")]},
                    start="2020-10-01", scenarios=("energy", "irrigation"))
    assert energy_water_swap(short, ["HPP"], "border", "irrigation").empty


def test_swap_errors_name_the_metadata_path() -> None:
    doc = _river()
    doc.metadata["energy_swap"] = {"plants": ["a"], "downstream": "nowhere", "reference": "dry"}
    with pytest.raises(DocumentError) as exc:
        swap_spec(doc, "m.yaml")
    paths = [p for p, _ in exc.value.problems]
    assert paths == ["metadata.energy_swap.plants[0]", "metadata.energy_swap.downstream",
                     "metadata.energy_swap.reference"]
    assert "m.yaml" in str(exc.value)
    doc.metadata["energy_swap"] = {"plants": [], "downstream": "sea"}
    with pytest.raises(DocumentError) as exc:
        swap_spec(doc, "m.yaml")
    assert {p for p, _ in exc.value.problems} == {"metadata.energy_swap.plants", "metadata.energy_swap.reference"}
