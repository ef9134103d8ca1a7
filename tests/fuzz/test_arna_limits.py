"""Arna documents: what once ended in exit 3 or a crash is refused at its path (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from arna.errors import DocumentError
from arna.schema import model_from_mapping


def _doc(demand: Any, timestepper: dict[str, Any] | None = None, scenarios: int = 1) -> dict[str, Any]:
    return {
        "name": "t",
        "timestepper": timestepper or {"start": "2020-01-01", "end": "2020-12-01", "step": "month"},
        "scenarios": [{"name": f"s{i}"} for i in range(scenarios)],
        "nodes": [{"name": "in", "type": "inflow", "flow": "10 m3/s"}, {"name": "r", "type": "reach"},
                  {"name": "d", "type": "demand", "priority": 1, "demand": demand},
                  {"name": "sea", "type": "terminal"}],
        "edges": [["in", "r"], ["r", "d"], ["r", "sea"]],
    }


def _problems(doc: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as err:
        model_from_mapping(doc, "model.yaml")
    assert "model.yaml" in str(err.value)
    return err.value.problems


def test_negative_entry_of_a_monthly_profile_is_refused() -> None:
    monthly = {"type": "monthly", "unit": "m3/s", "values": [1, 2, 3, -4, 5, 6, 7, 8, 9, 10, 11, 12]}
    assert _problems(_doc(monthly)) == [("nodes[2].demand.values[3]", "must not be negative (got -4)")]


def test_negative_entry_in_one_scenario_is_refused() -> None:
    value = {"type": "scenario", "values": {"s0": "1 m3/s",
                                            "s1": {"type": "monthly", "unit": "m3/s", "values": [1.0] * 11 + [-2.0]}}}
    assert _problems(_doc(value, scenarios=2)) == [("nodes[2].demand.values.s1.values[11]",
                                                    "must not be negative (got -2)")]


@pytest.mark.parametrize(("start", "end"), [("1000-01-01", "1001-01-01"), ("2020-01-01", "9999-12-31")])
def test_dates_outside_the_engine_range_are_refused(start: str, end: str) -> None:
    problems = _problems(_doc("1 m3/s", {"start": start, "end": end, "step": "month"}))
    assert problems[0][0] == "timestepper" and "1678–2261" in problems[0][1]


def test_huge_step_is_refused() -> None:
    problems = _problems(_doc("1 m3/s", {"start": "2020-01-01", "end": "2021-01-01", "step": 10**12}))
    assert problems[0][0].startswith("timestepper.step")


def test_run_size_limit_names_the_sizes() -> None:
    problems = _problems(_doc("1 m3/s", {"start": "1700-01-01", "end": "2250-01-01", "step": "day"}, scenarios=30))
    assert problems[0][0] == "timestepper" and "× 30 scenarios" in problems[0][1] and "5,000,000" in problems[0][1]


def test_negative_entry_of_a_named_parameter_used_as_a_demand_is_refused() -> None:
    doc = _doc({"type": "ref", "name": "need"})
    doc["parameters"] = {"need": {"type": "monthly", "unit": "m3/s", "values": [1.0] * 11 + [-3.0]}}
    assert _problems(doc) == [("parameters.need.values[11]", "must not be negative (got -3); it is used by "
                                                             "nodes[2].demand")]


def test_negative_entry_of_a_scaled_profile_is_refused() -> None:
    value = {"type": "scaled", "value": {"type": "monthly", "unit": "m3/s", "values": [1.0, -1.0] + [1.0] * 10},
             "factor": {"type": "ref", "name": "f"}}
    doc = _doc(value)
    doc["parameters"] = {"f": {"type": "scenario", "values": {"s0": 0.9}}}
    assert _problems(doc) == [("nodes[2].demand.value.values[1]", "must not be negative (got -1)")]


def test_negative_split_factor_is_refused_when_compiling() -> None:
    from arna.network.native import compile_document

    doc = _doc("1 m3/s")
    doc["nodes"][1] = {"name": "r", "type": "split", "outlets": ["d", "sea"], "factors": [1, -2]}
    with pytest.raises(DocumentError) as err:
        compile_document(model_from_mapping(doc, "model.yaml"), "model.yaml")
    ((path, message),) = err.value.problems
    assert path == "nodes[1].factors[1]" and "factor -2 is negative" in message and "model.yaml" in str(err.value)
