"""Flows and volumes that compute negative: refused when compiled, or at the timestep they turn negative."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from arna.engine import simulate
from arna.errors import DocumentError, InputError
from arna.network.ir import OUTSIDE, LinearNetwork, NetworkBuilder, NonNegative, Storage
from arna.network.native import compile_document
from arna.network.parameters import VolumeInterpolation
from arna.schema import model_from_mapping

NEGATIVE_MARCH = {"type": "aggregate", "function": "product",
                  "values": [{"type": "monthly", "values": [1, 1, -1] + [1] * 9}, 5]}


def _doc(inflow: Any, demand: Any = 1.0, cost: Any = 0.0) -> dict[str, Any]:
    return {"name": "neg", "timestepper": {"start": "2021-01-01", "end": "2021-06-01", "step": "month"},
            "scenarios": [{"name": "dry"}, {"name": "wet"}],
            "nodes": [{"name": "in", "type": "inflow", "flow": inflow},
                      {"name": "town", "type": "demand", "demand": demand},
                      {"name": "spill", "type": "sink", "cost": cost},
                      {"name": "sea", "type": "terminal"}],
            "edges": [["in", "town"], ["in", "spill"], ["spill", "sea"]]}


def test_an_inflow_negative_in_march_is_refused_at_its_path() -> None:
    with pytest.raises(DocumentError) as err:
        compile_document(model_from_mapping(_doc(NEGATIVE_MARCH), "m.yaml"), "m.yaml")
    [(where, msg)] = err.value.problems
    assert where == "nodes[0].flow"
    assert "read by node 'in'" in msg and "at timestep 2 (2021-03-01)" in msg and "hm3/day" in msg


def test_a_named_demand_negative_in_one_scenario_names_the_parameter_and_scenario() -> None:
    doc = _doc(10.0, demand={"type": "ref", "name": "need"})
    doc["parameters"] = {"need": {"type": "aggregate", "function": "sum", "values": [
        2.0, {"type": "scenario", "values": {"dry": 0.0, "wet": -3.0}}]}}
    with pytest.raises(DocumentError) as err:
        compile_document(model_from_mapping(doc, "m.yaml"), "m.yaml")
    [(where, msg)] = err.value.problems
    assert where == "nodes[1].demand"
    assert "parameter 'need' (parameters.need)" in msg and "scenario 'wet'" in msg and "timestep 0" in msg


def test_a_negative_cost_is_a_benefit_not_an_error() -> None:
    net = compile_document(model_from_mapping(_doc(10.0, cost=NEGATIVE_MARCH), "m.yaml"), "m.yaml")
    assert net.non_negative == []  # nothing state-dependent is left to check at run time


def test_a_state_dependent_limit_turning_negative_stops_the_run_at_that_step() -> None:
    """A store of 9 loses 2 a day; its outflow limit, read from its volume, is −1 once it holds less than 5 (day 4)."""
    idx = pd.date_range("2021-01-01", periods=5, freq="D")
    net = LinearNetwork("t", idx, np.ones(5), ["low", "high"])
    b = NetworkBuilder(net)
    j = b.junction("store")
    limit = b.param(VolumeInterpolation(0, np.array([0.0, 4.999, 5.0, 10.0]), np.array([-1.0, -1.0, 2.0, 2.0]),
                                        name="limit"))
    out = b.arc("out", j, OUTSIDE, lower=limit, upper=limit)
    b.cost(out, b.const(-1))
    z = b.zone("vol", b.zero, b.const(10))
    b.storage(Storage("store", j, [z], initial=b.const(9)))
    net.non_negative.append(NonNegative(limit, "m.json", "nodes[1].max_flow", "out", "parameter 'limit'", "Ml/day"))
    with pytest.raises(InputError, match=r"^m\.json: nodes\[1\]\.max_flow \(node 'out', parameter 'limit'\) is -1 "
                                         r"Ml/day at timestep 3 \(2021-01-04\), scenario 'low'"):
        simulate(net)
    net.params[limit] = VolumeInterpolation(0, np.array([0.0, 10.0]), np.array([0.0, 2.0]), name="limit")
    simulate(net)  # never below zero: runs (a limit of 0 is allowed)
