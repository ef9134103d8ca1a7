"""Problem documents are validated like models: every problem with its JSON path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from arna.errors import DocumentError
from arna.optimise.evaluate import Context, evaluate
from arna.optimise.metrics import aggregate
from arna.optimise.problem import Percentile, problem_from_mapping
from tests.optimise.conftest import MODEL


def base() -> dict[str, Any]:
    return {"name": "p", "variables": [{"name": "x", "path": "nodes[channel].max_flow", "lower": 0, "upper": 10}],
            "objectives": [{"name": "d", "indicator": "deficit", "nodes": ["town"], "sense": "min"}]}


@pytest.mark.parametrize(("change", "path", "message"), [
    (lambda d: d["variables"][0].update(lower=5, upper=1), "variables[0]", "upper (1) is below lower (5)"),
    (lambda d: d["variables"][0].update(path="nodes..x"), "variables[0].path", "empty key"),
    (lambda d: d["objectives"][0].update(sense="up"), "objectives[0].sense", ""),
    (lambda d: d["objectives"][0].update(indicator="happiness"), "objectives[0].indicator", ""),
    (lambda d: d["objectives"][0].update(months=[13]), "objectives[0].months[0]", ""),
    (lambda d: d["objectives"][0].update(season="winter", months=[1]), "objectives[0]", "season or months"),
    (lambda d: d.update(colour="red"), "colour", "unknown key"),
    (lambda d: d["variables"].append({"name": "d", "path": "a", "type": "boolean"}), "<document>",
     "names must be unique"),
    (lambda d: d["variables"].append({"name": "b", "path": "a", "type": "boolean", "upper": 3}), "variables[1]",
     "a boolean variable takes 0"),
    (lambda d: d.update(constraints=[{"name": "c", "indicator": "flow", "nodes": ["sea"]}]), "constraints[0]",
     "give lower, upper or both"),
])
def test_bad_problems_name_the_json_path(change: Any, path: str, message: str) -> None:
    data = base()
    change(data)
    with pytest.raises(DocumentError) as info:
        problem_from_mapping(data, "p.yaml")
    text = str(info.value)
    assert text.startswith("p.yaml: ") and f"  - {path}: " in text and message in text


def test_paths_and_scenarios_are_checked_against_the_model() -> None:
    from arna.documents import read_mapping

    data = base()
    data["variables"][0]["path"] = ["nodes[channel].max_flow", "nodes[dam].volume"]
    data["scenarios"] = ["baseline", "wet"]
    data["objectives"].append({"name": "e", "indicator": "energy", "nodes": ["dam"], "sense": "max"})
    data["objectives"].append({"name": "f", "indicator": "flow", "nodes": ["see"], "sense": "max"})
    with pytest.raises(DocumentError) as info:
        Context.build(read_mapping(MODEL), MODEL, problem_from_mapping(data, "p.yaml"), Path("p.yaml"))
    text = str(info.value)
    assert "variables[0].path[1]: nodes[dam] has no key 'volume'" in text
    assert "scenarios[1]: the model has no scenario 'wet'; it has: baseline" in text
    assert "objectives[1].nodes[0]: 'dam' is a reservoir node; indicator 'energy' is measured on hydropower" in text
    assert "objectives[2].nodes[0]: the model has no node 'see'" in text


def test_an_invalid_candidate_is_infeasible_not_a_crash() -> None:
    from arna.documents import read_mapping

    data = base()
    data["variables"][0].update(path="nodes[dam].capacity", lower=-5, upper=5)
    ctx = Context.build(read_mapping(MODEL), MODEL, problem_from_mapping(data, "p.yaml"), Path("p.yaml"))
    out = evaluate(ctx, np.array([-5.0]))
    assert out.error is not None and "nodes[1]" in out.error
    assert np.isnan(out.objectives).all()


def test_aggregates_over_scenarios() -> None:
    v = np.array([4.0, 1.0, 3.0, 2.0])
    assert aggregate(v, "mean") == 2.5
    assert aggregate(v, "worst", "max") == 1.0 and aggregate(v, "worst", "min") == 4.0
    assert aggregate(v, "best", "max") == 4.0 and aggregate(v, "best", "min") == 1.0
    assert aggregate(v, Percentile(percentile=25)) == pytest.approx(1.75)


def test_scale_integer_and_boolean_decisions_are_written_as_such() -> None:
    from arna.documents import read_mapping
    from arna.optimise.evaluate import apply_decisions

    data = base()
    data["variables"] = [
        {"name": "q", "path": "nodes[channel].max_flow", "lower": 0, "upper": 100, "scale": 0.5},
        {"name": "n", "path": ["nodes[town].priority", "nodes[farm].priority"], "lower": 1, "upper": 9,
         "type": "integer"},
        {"name": "adopt", "path": "metadata.adopt", "type": "boolean"},
    ]
    model = read_mapping(MODEL)
    model["metadata"] = {"adopt": False}
    ctx = Context.build(model, MODEL, problem_from_mapping(data, "p.yaml"), Path("p.yaml"))
    doc = apply_decisions(ctx, np.array([7.0, 3.4, 0.7]))
    nodes = {n["name"]: n for n in doc["nodes"]}
    assert nodes["channel"]["max_flow"] == "3.5 m3/s"
    assert nodes["town"]["priority"] == nodes["farm"]["priority"] == 3
    assert isinstance(nodes["town"]["priority"], int)
    assert doc["metadata"]["adopt"] is True
    assert ctx.model["metadata"]["adopt"] is False  # the context's model is never changed


def test_robust_objectives_over_an_ensemble_take_the_worst_scenario() -> None:
    """Three inflow scenarios (6, 10, 14 m³/s): with the channel at 10 m³/s the town lacks 4, 0 and 0 m³/s."""
    from arna.documents import read_mapping
    from tests.optimise.conftest import YEAR_KM3

    model = read_mapping(MODEL)
    model["scenarios"] = [{"name": "dry"}, {"name": "mean"}, {"name": "wet"}]
    model["nodes"][0]["flow"] = {"type": "scenario", "unit": "m3/s", "values": {"dry": 6, "mean": 10, "wet": 14}}
    data = base()
    data["objectives"] = [
        {"name": f"town_{how}", "indicator": "deficit", "nodes": ["town"], "sense": "min", "aggregate": how}
        for how in ("mean", "worst", "best")]
    data["objectives"].append({"name": "town_p50", "indicator": "deficit", "nodes": ["town"], "sense": "min",
                               "aggregate": {"percentile": 50}})
    ctx = Context.build(model, MODEL, problem_from_mapping(data, "p.yaml"), Path("p.yaml"))
    mean, worst, best, median = evaluate(ctx, np.array([10.0])).objectives
    year = YEAR_KM3 / 10  # 1 m³/s for a year
    assert worst == pytest.approx(4 * year, rel=1e-9)
    assert mean == pytest.approx(4 * year / 3, rel=1e-9)
    assert best == pytest.approx(0.0, abs=1e-9) and median == pytest.approx(0.0, abs=1e-9)


def test_the_problem_in_the_documentation_is_valid() -> None:
    import re

    import yaml

    from arna.documents import read_mapping

    docs = (Path(__file__).parents[2] / "docs" / "optimisation.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", docs, re.S)
    assert block is not None
    problem = problem_from_mapping(yaml.safe_load(block.group(1)), "docs/optimisation.md")
    Context.build(read_mapping(MODEL), MODEL, problem, Path("docs/optimisation.md"))
    assert [v.name for v in problem.variables] == ["channel_capacity", "dam_rule"]
    # and the path examples lead to numbers in the bundled Syr Darya
    from arna.data.registry import bundled_model_path
    from arna.optimise.paths import get_value, parse_path

    model = read_mapping(bundled_model_path("syr-darya"))
    examples = re.search(r"```text\n(.*?)```", docs, re.S)
    assert examples is not None
    for line in examples.group(1).splitlines():
        get_value(model, parse_path(re.split(r"\s{2,}", line)[0]))
