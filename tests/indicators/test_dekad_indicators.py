"""Indicators on a run by dekad: years, months and seasons counted as on a monthly run."""

from __future__ import annotations

import numpy as np
import pytest

from arna.engine.periods import aggregate
from arna.engine.results import Results
from arna.indicators.summary import outlet_summary
from arna.indicators.targets import energy_by_season, terminal_inflow
from arna.network.timeaxis import time_axis
from arna.schema.document import Timestepper


def dekad_year(end: str = "2023-12-21") -> Results:
    starts, days = time_axis(Timestepper(start="2023-01-01", end=end, step="dekad"))  # type: ignore[arg-type]
    flow = np.full(len(starts), 100.0)
    flow[6], flow[7] = 70.0, 130.0  # 1–10 and 11–20 March: the month's mean stays 100 (10·70+10·130+11·100)/31
    flow[18] = 50.0  # 1–10 July: July's mean falls below 100
    target = np.full(len(starts), 100.0)
    energy = np.ones(len(starts))
    values = np.stack([flow, target, energy], axis=1)[:, :, None]
    return Results(name="t", timesteps=starts, scenarios=["base"], values=values, balance_error=0.0, days=days,
                   series=[("lake", "flow", "m3/s"), ("lake", "target_inflow", "m3/s"), ("hpp", "energy", "GWh")])


def test_months_target_met_counts_months_not_dekads() -> None:
    row = outlet_summary(dekad_year()).iloc[0]
    assert row["months_target_met"] == pytest.approx(11 / 12)  # dekad by dekad it would read 34/36


def test_terminal_inflow_counts_a_whole_year_of_dekads() -> None:
    res = dekad_year()
    row = terminal_inflow(res).iloc[0]
    assert row["years"] == 1 and row["years_met"] == 0
    expected_km3 = (100 * 365 - 30 * 10 + 30 * 10 - 50 * 10) * 86_400 / 1e9
    assert row["inflow_km3_per_year"] * res.days.sum() / 365.25 == pytest.approx(expected_km3)
    assert terminal_inflow(dekad_year(end="2023-12-11")).iloc[0]["years"] == 0  # 21–31 December missing


def test_energy_by_season_and_its_monthly_aggregate_agree() -> None:
    res = dekad_year()
    by_dekad = energy_by_season(res).iloc[0]
    by_month = energy_by_season(aggregate(res, "month")).iloc[0]
    assert by_dekad["winter_gwh_per_year"] == pytest.approx(by_month["winter_gwh_per_year"])
    assert by_dekad["total_gwh_per_year"] == pytest.approx(36 * 365.25 / 365)  # 36 GWh in a year of 365 days
