"""Environmental flows, terminal targets and seasonal energy against hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from arna.indicators.targets import energy_by_season, environmental_flow_compliance, terminal_inflow
from tests.indicators.helpers import results

HM3 = 86_400 / 1e6


def test_environmental_flow_compliance() -> None:
    # 4 days: requirement 0, 30, 30, 30; flow 5, 30, 20, 40 → 2 of 3 met, shortfall 10 m³/s for a day
    res = results({("eflow", "flow"): [5.0, 30, 20, 40], ("eflow", "requirement"): [0.0, 30, 30, 30]}, freq="D")
    row = environmental_flow_compliance(res).iloc[0]
    assert row["steps_active"] == 3 and row["steps_met"] == 2
    assert row["compliance"] == pytest.approx(2 / 3)
    assert row["required_hm3"] == pytest.approx(90 * HM3)
    assert row["passed_hm3"] == pytest.approx(80 * HM3)
    assert row["shortfall_hm3"] == pytest.approx(10 * HM3)
    assert row["worst_time"] == pd.Timestamp("2021-01-03")
    assert row["worst_shortfall_m3s"] == pytest.approx(10.0)


def test_terminal_inflow_year_by_year() -> None:
    # two whole years of monthly steps; 1 km³/yr target; year 1 gets 2 km³, year 2 gets 0.5 km³
    times = pd.date_range("2021-01-01", periods=24, freq="MS")
    days = np.asarray(times.days_in_month, dtype=float)
    target = np.full(24, 1e9 / (365 * 86_400))  # m³/s giving 1 km³ over a 365-day year
    flow = np.where(times.year == 2021, 2.0, 0.5) * target
    res = results({("lake", "flow"): flow, ("lake", "target_inflow"): target})
    row = terminal_inflow(res).iloc[0]
    assert days.sum() == 730
    assert row["years"] == 2 and row["years_met"] == 1
    assert row["target_km3_per_year"] == pytest.approx(2.0 / (730 / 365.25))  # years of 365.25 days
    assert row["ratio"] == pytest.approx(1.25)
    assert row["shortfall_km3"] == pytest.approx(0.5)


def test_energy_by_season() -> None:
    # one year, 1 GWh every month → winter (Oct–Mar) 6, summer 6; then Jan and Jul doubled
    e = np.ones(12)
    e[0], e[6] = 5.0, 3.0
    res = results({("plant", "energy"): e})
    row = energy_by_season(res).iloc[0]
    years = 365 / 365.25
    assert row["winter_gwh_per_year"] == pytest.approx(10 / years)
    assert row["summer_gwh_per_year"] == pytest.approx(8 / years)
    assert row["total_gwh_per_year"] == pytest.approx(18 / years)
    assert row["winter_share"] == pytest.approx(10 / 18)
