"""The bundled Syr Darya ships the problem `nexus`; its paths and nodes fit the model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from arna.data.registry import bundled_model_path
from arna.optimise.api import prepare, resolve_problem
from arna.optimise.evaluate import Context, apply_decisions, evaluate
from arna.optimise.paths import get_value, parse_path


@pytest.fixture(scope="module")
def nexus() -> Context:
    model = bundled_model_path("syr-darya")
    return prepare(resolve_problem("nexus", model), model)


def test_nexus_names_the_models_parameters_and_nodes(nexus: Context) -> None:
    p = nexus.problem
    assert p.scenarios == ["historical"]
    assert [o.sense for o in p.objectives] == ["max", "min", "min", "max"]
    nodes = {n["name"] for n in nexus.model["nodes"]}
    for m in [*p.objectives, *p.constraints]:
        assert set(m.nodes) <= nodes, f"{m.name}: unknown nodes {set(m.nodes) - nodes}"
    # a decision in m3/s lands in the document's hm3/day at every month it names
    x = np.array([(v.lower + v.upper) / 2 for v in p.variables])
    doc = apply_decisions(nexus, x)
    for v, xi in zip(p.variables, x, strict=True):
        for path in v.paths:
            assert get_value(doc, parse_path(path)) == pytest.approx(xi * v.scale, rel=1e-12)


@pytest.mark.slow
def test_one_nexus_candidate_runs_over_the_historical_years(nexus: Context) -> None:
    x = np.array([(v.lower + v.upper) / 2 for v in nexus.problem.variables])
    out = evaluate(nexus, x)
    assert out.error is None
    assert all(math.isfinite(v) for v in out.objectives)
    energy, kz, uz, aral = out.objectives
    assert energy > 0 and kz >= 0 and uz >= 0 and aral > 0
