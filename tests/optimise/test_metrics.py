"""The problem indicators agree with Arna's indicator tables on a bundled model."""

from __future__ import annotations

import numpy as np
import pytest

from arna.api import run
from arna.data.registry import bundled_model_path
from arna.engine import Results
from arna.indicators import demand_performance, energy_by_season
from arna.indicators.energy import energy_value_by_season
from arna.indicators.summary import demand_summary
from arna.optimise.metrics import measure
from arna.optimise.problem import Objective


@pytest.fixture(scope="module")
def res() -> Results:
    return run(bundled_model_path("syr-darya"))


def _nodes(res: Results, attribute: str) -> list[str]:
    return [n for n, a, _ in res.series if a == attribute]


def test_winter_energy_is_the_energy_by_season_table(res: Results) -> None:
    plants = _nodes(res, "energy")
    table = energy_by_season(res)
    for season in ("winter", "summer"):
        got = measure(res, Objective(name="e", indicator="energy", nodes=plants, season=season, sense="max"))
        want = table.groupby("scenario", sort=False)[f"{season}_gwh_per_year"].sum()
        np.testing.assert_allclose(got, want.loc[res.scenarios].to_numpy(), rtol=1e-12)


def test_deficit_coverage_and_reliability_are_the_demand_tables(res: Results) -> None:
    demands = _nodes(res, "demand")
    summary = demand_summary(res).set_index(["scenario", "demand"])
    perf = demand_performance(res).set_index(["scenario", "demand"])
    for node in demands:
        def m(indicator: str, node: str = node) -> np.ndarray:
            return measure(res, Objective(name="m", indicator=indicator, nodes=[node], sense="min"))

        rows = [(s, node) for s in res.scenarios]
        np.testing.assert_allclose(m("deficit"), summary.loc[rows, "deficit_km3_per_year"], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(m("coverage"), summary.loc[rows, "coverage"], rtol=1e-9)
        np.testing.assert_allclose(m("reliability"), perf.loc[rows, "reliability"], rtol=1e-12)


def test_months_select_a_part_of_the_year(res: Results) -> None:
    demands = _nodes(res, "demand")
    parts = [measure(res, Objective(name="d", indicator="delivered", nodes=demands, months=[m], sense="max"))
             for m in range(1, 13)]
    whole = measure(res, Objective(name="d", indicator="delivered", nodes=demands, sense="max"))
    np.testing.assert_allclose(np.sum(parts, axis=0), whole, rtol=1e-12)


def test_energy_value_is_the_energy_value_table(res: Results) -> None:
    plants = _nodes(res, "energy")
    table = energy_value_by_season(res)
    for season in ("winter", "summer"):
        got = measure(res, Objective(name="v", indicator="energy_value", nodes=plants, season=season, sense="max"))
        want = table.groupby("scenario", sort=False)[f"{season}_musd_per_year"].sum()
        np.testing.assert_allclose(got, want.loc[res.scenarios].to_numpy(), rtol=1e-12)
