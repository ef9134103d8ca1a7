"""A front derived by hand: a reservoir and two demands (data/split.yaml).

10 m³/s flows into a dam all year. The dam fills first up to its rule curve r (hm³, an integer
decision) and keeps what it stores; the town (priority 2) takes what its channel carries (capacity
x m³/s, a real decision), the farm (priority 3) the rest. Both demand 10 m³/s. So the water the two
lack together is the farm's whole demand plus what the dam keeps:

    town deficit + farm deficit = L + r        (L = 10 m³/s for a year)

and with r = 0 the town lacks exactly (10 − x) m³/s all year. The Pareto front is the line
town + farm = L from (0, L) to (L, 0), reached with r = 0; storing anything only loses water.
"""

from __future__ import annotations

import numpy as np
import pytest

from arna.optimise.evaluate import Context
from arna.optimise.front import front_frame
from arna.optimise.problem import Constraint
from arna.optimise.search import Settings, run_search
from arna.optimise.workers import LocalEvaluator
from tests.optimise.conftest import YEAR_KM3

YEARS = 365 / 365.25  # the run is 2021, indicators are per year of 365.25 days


def _front(ctx: Context, settings: Settings) -> object:
    return front_frame(run_search(ctx, settings, LocalEvaluator(ctx)), ctx)


@pytest.mark.slow
def test_the_search_finds_the_front_derived_by_hand(ctx: Context) -> None:
    front = _front(ctx, Settings(population=12, generations=15, seed=3))
    town, farm = front["town_deficit"].to_numpy(), front["farm_deficit"].to_numpy()
    x, r = front["channel_capacity"].to_numpy(), front["dam_rule"].to_numpy()
    # every solution loses exactly the farm's demand plus what the dam keeps
    np.testing.assert_allclose(town + farm, YEAR_KM3 + r / 1e3 / YEARS, atol=1e-9)
    on_line = r == 0
    np.testing.assert_allclose(town[on_line], (10 - x[on_line]) / 10 * YEAR_KM3, atol=1e-9)
    # the search has come close to the line (the archive also keeps points that no point found on the
    # line happens to dominate: they keep a little in the dam) and spread along it
    assert on_line.sum() >= 10, f"only {on_line.sum()} of {len(r)} front points keep nothing in the dam"
    assert r.max() <= 20, "a front point keeps more than 20 hm³ (6 % of the year's inflow) in the dam"
    assert town.min() < 0.05 * YEAR_KM3 and farm.min() < 0.05 * YEAR_KM3
    assert np.ptp(town[on_line]) > 0.8 * YEAR_KM3
    # and no point of the front dominates another
    for i in range(len(town)):
        better = (town <= town[i]) & (farm <= farm[i]) & ((town < town[i]) | (farm < farm[i]))
        assert not better.any()


def test_a_constraint_cuts_the_front(ctx: Context) -> None:
    limit = 0.3 * YEAR_KM3
    problem = ctx.problem.model_copy(update={"constraints": [
        Constraint(name="farm_limit", indicator="deficit", nodes=["farm"], upper=limit)]})
    constrained = Context.build(ctx.model, ctx.source, problem, ctx.problem_source)
    front = _front(constrained, Settings(population=12, generations=10, seed=3))
    assert len(front) > 3
    assert (front["farm_limit"] <= limit + 1e-12).all()
    np.testing.assert_allclose(front["farm_limit"], front["farm_deficit"])
    # the town can then lack no less than 0.7 L
    assert (front["town_deficit"] >= 0.7 * YEAR_KM3 - 1e-9).all()


@pytest.mark.parametrize("algorithm", ["nsga2", "nsga3"])
def test_both_algorithms_run_and_respect_integer_variables(ctx: Context, algorithm: str) -> None:
    front = _front(ctx, Settings(algorithm=algorithm, population=8, generations=3, seed=1))
    assert len(front) >= 2
    assert np.array_equal(front["dam_rule"], np.round(front["dam_rule"]))
    assert front["channel_capacity"].between(0, 10).all()
