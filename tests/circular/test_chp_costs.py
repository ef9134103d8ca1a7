"""WtE as combined heat and power, costs and tariffs, landfill capacity and illegal dumps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from arna.circular import WasteRun, run_scenario
from arna.circular.costs import dump_stock, landfill_remaining
from arna.circular.wte import check_closes
from arna.errors import BalanceError, DocumentError


@pytest.fixture(scope="module")
def wte() -> WasteRun:
    return run_scenario("wte")


def test_chp_energy_balance_closes(wte: WasteRun) -> None:
    for region in ("ASTANA", "ALMATY", "SHYMKENT", "KZ"):
        def s(name: str, region: str = region) -> pd.Series:
            return wte.series(name, region)

        fuel = s("wte_fuel_energy_mwh")
        parts = s("wte_electricity_mwh") + s("wte_heat_sold_mwh") + s("wte_energy_losses_mwh")
        assert np.allclose(fuel, parts, rtol=1e-12), region
        assert s("wte_heat_sold_mwh").loc[2030] > 0
        assert s("wte_heat_sold_mwh").loc[2030] < s("wte_heat_mwh").loc[2030]
        assert s("wte_heat_sold_gcal").loc[2030] == pytest.approx(
            s("wte_heat_sold_mwh").loc[2030] / 1.163)


def test_no_heat_without_plants(baseline: WasteRun) -> None:
    assert baseline.series("wte_heat_mwh").abs().max() == 0.0


def test_plant_money_balance_and_gate_fees(wte: WasteRun) -> None:
    s = lambda name: wte.series(name, "ASTANA")  # noqa: E731
    revenue = s("wte_gate_fee_kzt") + s("wte_electricity_revenue_kzt") + s("wte_heat_revenue_kzt")
    assert np.allclose(s("wte_revenue_kzt"), revenue, rtol=1e-12)
    assert np.allclose(s("wte_margin_kzt"), s("wte_revenue_kzt") - s("wte_opex_kzt"))
    assert s("wte_gate_fee_kzt").loc[2030] == pytest.approx(s("wte_input_t").loc[2030] * 5000)


def test_landfill_methane_avoided_grows_with_decay(wte: WasteRun) -> None:
    avoided = wte.series("wte_ch4_avoided_tco2e")
    assert avoided.loc[2028] == 0.0
    assert 0 < avoided.loc[2030] < avoided.loc[2040]
    base = run_scenario("baseline").series("landfill_ch4_tco2e")
    assert wte.series("landfill_ch4_tco2e").loc[2040] == pytest.approx(
        base.loc[2040] - avoided.loc[2040], rel=1e-9)


def test_plant_making_more_energy_than_waste_holds(tmp_path: Path) -> None:
    plant = {"name": "x", "region": "ASTANA", "t_per_day": 100, "availability": 0.9,
             "eta_el": 0.6, "eta_th": 0.5, "mw_e": 1, "start_year": 2030, "source": "EST"}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"name": "p", "base": "baseline",
                                    "levers": {"wte_plants": [plant]}}), encoding="utf-8")
    with pytest.raises(DocumentError, match=r"levers\.wte_plants\[0\]\.eta_th: .*exceeds 1"):
        run_scenario(path)


def test_check_closes_catches_a_gap_and_negative_part() -> None:
    total = np.array([[10.0, 10.0]])
    check_closes("demo", total, [np.array([[4.0, 4.0]]), np.array([[6.0, 6.0]])])
    with pytest.raises(BalanceError, match="demo does not close at R1"):
        check_closes("demo", total, [np.array([[4.0, 4.0]]), np.array([[6.0, 5.0]])], ("R1",))
    with pytest.raises(BalanceError, match="demo does not close"):
        check_closes("demo", total, [np.array([[14.0, 4.0]]), np.array([[-4.0, 6.0]])])


def test_municipal_money_balance_and_tariffs(baseline: WasteRun) -> None:
    for region in ("ALMATY", "TURKESTAN", "KZ"):
        def s(name: str, region: str = region) -> pd.Series:
            return baseline.series(name, region)

        assert np.allclose(s("cost_kzt"), s("tariff_revenue_kzt") + s("epr_payouts_received_kzt")
                           + s("budget_gap_kzt"), rtol=1e-12)
        parts = [i for i in baseline.table.indicator.unique() if i.startswith("cost_kzt.")]
        assert np.allclose(s("cost_kzt"), sum(s(p) for p in parts), rtol=1e-12)
    assert baseline.series("tariff_kzt_person_month", "ALMATY").loc[2025] == pytest.approx(718.5)
    assert baseline.series("tariff_kzt_person_month", "ASTANA").loc[2025] == pytest.approx(637.0)
    rural = baseline.series("tariff_kzt_person_month", "TURKESTAN").loc[2025]
    assert 89 <= rural < 400
    recovery = baseline.series("cost_recovery", "ALMATY").loc[2025]
    assert 0.2 < recovery < 1.5


def test_tariff_multiplier_scales_cost_recovery(baseline: WasteRun, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"name": "t", "base": "baseline", "levers": {
        "tariff_multiplier": [{"year": 2016, "value": 2.0, "source": "EST"}]}}), encoding="utf-8")
    double = run_scenario(path)
    assert double.series("cost_recovery").loc[2030] == pytest.approx(
        2 * baseline.series("cost_recovery").loc[2030])


def test_landfill_capacity_runs_down(baseline: WasteRun) -> None:
    years_left = baseline.series("landfill_years_left", "ALMATY")
    assert years_left.loc[2025] == pytest.approx(9.0)
    remaining = baseline.series("landfill_remaining_t", "ALMATY")
    landfilled = baseline.series("landfilled_t", "ALMATY")
    assert np.allclose(remaining.diff().iloc[1:], -landfilled.iloc[1:])
    assert years_left.loc[2050] == 0.0 and remaining.loc[2050] < 0


def test_landfill_remaining_unit() -> None:
    years = np.arange(2023, 2028)
    filled = np.array([[1.0, 2.0, 4.0, 4.0, 4.0]])
    rem = landfill_remaining(filled, years, np.array([3.0]))
    assert rem[0, 2] == pytest.approx(12.0 - 4.0)
    assert rem[0, 1] == pytest.approx(12.0) and rem[0, 0] == pytest.approx(14.0)


def test_dump_stock_balance_and_clearance_programme(baseline: WasteRun) -> None:
    stock, cleared = dump_stock(np.array([[10.0, 10.0, 0.0]]), np.array([[0.5, 0.5, 1.0]]))
    assert stock.tolist() == [[5.0, 7.5, 0.0]] and cleared.tolist() == [[5.0, 7.5, 7.5]]
    s = baseline.series
    opening = s("dump_stock_t").shift(1, fill_value=0.0)
    assert np.allclose(opening + s("uncollected_t"), s("dump_cleared_t") + s("dump_stock_t"))
    programme = run_scenario("epr-2030")
    assert programme.series("dump_stock_t").loc[2035] < 0.5 * s("dump_stock_t").loc[2035]
