"""Scenario sets, ensemble summaries and the ensemble CLI (the generator itself: test_stochastic.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from numpy.testing import assert_allclose

from arna.api import compile_model, run
from arna.cli.main import main
from arna.errors import DocumentError, InputError
from arna.scenarios.ensemble import run_ensemble, summarize
from arna.scenarios.sets import ScenarioSet, apply_scenario_set
from arna.schema import model_from_mapping
from arna.schema.units import HM3_PER_DAY_TO_M3S

BASE = {
    "name": "base",
    "timestepper": {"start": "2021-01-01", "end": "2022-12-01", "step": "month"},
    "nodes": [
        {"name": "river", "type": "inflow", "flow": "10 m3/s"},
        {"name": "town", "type": "demand", "demand": "4 m3/s", "priority": 1},
        {"name": "farms", "type": "demand", "demand": "8 m3/s", "priority": 2},
        {"name": "sea", "type": "terminal"},
    ],
    "edges": [["river", "town"], ["river", "farms"], ["river", "sea"]],
}

SET = {
    "name": "climate x demand",
    "axes": [
        {"name": "climate", "options": [
            {"name": "today"},
            {"name": "dry", "changes": [{"nodes": ["river"], "attribute": "flow", "scale": 0.6}]},
        ]},
        {"name": "demand", "options": [
            {"name": "flat"},
            {"name": "growth", "changes": [{"nodes": ["town"], "attribute": "demand", "growth_per_year": 0.5}]},
        ]},
    ],
}


def test_product_of_axes_changes_the_values() -> None:
    doc = apply_scenario_set(model_from_mapping(BASE, "<base>"), ScenarioSet.model_validate(SET), "<base>")
    assert doc.scenario_names() == ["today/flat", "today/growth", "dry/flat", "dry/growth"]
    res = run(doc)
    river = res.get("river", "flow")[0]
    assert_allclose(river, [10, 10, 6, 6])
    town = res.get("town", "demand")
    assert_allclose(town[0], [4, 4, 4, 4])  # first year: no growth yet
    assert_allclose(town[-1], [4, 6, 4, 6])  # second year: +50 %
    # dry: 6 m³/s shared; town (priority 1) first, farms get the rest
    assert_allclose(res.get("farms", "delivered")[-1], [6, 4, 2, 0], atol=1e-6)


def test_list_combination_pairs_options() -> None:
    s = {**SET, "combine": "list"}
    doc = apply_scenario_set(model_from_mapping(BASE, "<base>"), ScenarioSet.model_validate(s), "<base>")
    assert doc.scenario_names() == ["today/flat", "dry/growth"]


def test_scenario_set_errors_name_the_change() -> None:
    bad = {"name": "x", "axes": [{"name": "a", "options": [
        {"name": "o", "changes": [{"nodes": ["rivr"], "attribute": "flow", "scale": 2}]}]}]}
    with pytest.raises(DocumentError, match=r"axes\[0\].options\[0\].changes\[0\].nodes\[0\]"):
        apply_scenario_set(model_from_mapping(BASE, "<base>"), ScenarioSet.model_validate(bad), "<base>")
    with pytest.raises(ValueError, match="exactly one of"):
        ScenarioSet.model_validate({"name": "x", "axes": [{"name": "a", "options": [
            {"name": "o", "changes": [{"nodes": ["river"], "attribute": "flow"}]}]}]})


def test_ensemble_indicators_streamed_in_chunks_and_summarised() -> None:
    names = [f"m{i}" for i in range(10)]
    doc = dict(BASE, scenarios=[{"name": n} for n in names])
    flow = {"type": "scenario", "unit": "m3/s", "values": {n: 3 + i for i, n in enumerate(names)}}
    doc["nodes"] = [dict(BASE["nodes"][0], flow=flow), *BASE["nodes"][1:]]
    net = compile_model(model_from_mapping(doc, "<ens>"))
    per = run_ensemble(net, chunk=3)
    assert list(per.index) == names
    assert_allclose(per["town:coverage"], np.minimum((3 + np.arange(10)) / 4, 1.0))
    stats = summarize(per, ["town:reliability>=0.99"]).set_index("indicator")
    assert stats.loc["town:reliability", "probability_of_failure"] == pytest.approx(0.1)
    assert stats.loc["town:coverage", "p50"] == pytest.approx(1.0)
    with pytest.raises(InputError, match="no indicator"):
        summarize(per, ["nowhere:reliability>=0.9"])


def test_cli_generate_and_ensemble_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dates = pd.date_range("1990-01-01", periods=120, freq="MS")
    q = 50 + 30 * np.sin(np.arange(120) * 2 * np.pi / 12) + np.random.default_rng(0).uniform(0, 5, 120)
    pd.DataFrame({"date": dates, "q": q}).to_csv(tmp_path / "hist.csv", index=False)
    ens = tmp_path / "ens.csv"
    assert main(["ensemble", "generate", str(tmp_path / "hist.csv"), "--column", "q", "--members", "12",
                 "--years", "2", "--start", "2021-01-01", "-o", str(ens)]) == 0
    frame = pd.read_csv(ens)
    assert frame.shape == (24, 13)
    model = dict(BASE, scenarios=[{"name": f"s{i}", "members": {"flow": i}} for i in range(12)])
    flow = {"type": "series", "file": "ens.csv", "scenario": "flow", "unit": "m3/s", "scale": 0.1}
    model["nodes"] = [dict(BASE["nodes"][0], flow=flow), *BASE["nodes"][1:]]
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "set.yaml").write_text(yaml.safe_dump(SET))
    out = tmp_path / "ind.csv"
    assert main(["ensemble", "run", str(tmp_path / "m.yaml"), "--set", str(tmp_path / "set.yaml"),
                 "--target", "town:reliability>=0.95", "-o", str(out)]) == 0
    per = pd.read_csv(out)
    assert len(per) == 48 and "town:coverage" in per.columns
    assert "indicators:" in capsys.readouterr().out


def test_run_with_scenario_set_from_cli(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(BASE))
    (tmp_path / "set.yaml").write_text(yaml.safe_dump(SET))
    out = tmp_path / "r.csv"
    assert main(["run", str(tmp_path / "m.yaml"), "--set", str(tmp_path / "set.yaml"), "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert set(frame.scenario) == {"today/flat", "today/growth", "dry/flat", "dry/growth"}
    got = frame[(frame.node == "river") & (frame.scenario == "dry/flat")].value.iloc[0]
    assert got == pytest.approx(6.0)
    assert HM3_PER_DAY_TO_M3S > 0


SCENARIO_KEYED = {
    "name": "keyed",
    "timestepper": {"start": "2021-01-01", "end": "2021-12-01", "step": "month"},
    "scenarios": [{"name": "baseline"}, {"name": "dry"}],
    "parameters": {"factor": {"type": "scenario", "values": {"baseline": 1.0, "dry": 0.5}}},
    "nodes": [
        {"name": "river", "type": "inflow", "flow": {"type": "scaled", "value": "20 m3/s",
                                                     "factor": {"type": "ref", "name": "factor"}}},
        {"name": "dam", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "100 hm3"},
        {"name": "town", "type": "demand", "demand": {"type": "scenario", "values": {"baseline": "4 m3/s",
                                                                                    "dry": "3 m3/s"}},
         "priority": 1},
        {"name": "sea", "type": "terminal"},
    ],
    "edges": [["river", "dam"], ["dam", "town"], ["dam", "sea"]],
}

SET_YAML = """
name: sets as the docs write them
axes:
  - name: climate
    options:
      - name: today
      - name: 2050
        changes:
          - {nodes: [river], attribute: flow, scale: 0.9}
  - name: operation
    options:
      - name: current
      - name: lower-rule
        changes:
          - {nodes: [dam], attribute: rule_curve, set: {type: constant, value: 0.8, unit: fraction}}
"""


def test_set_on_a_model_with_scenario_keyed_values(tmp_path: Path) -> None:
    """Unquoted 2050, untouched scenario-keyed values, a fraction rule curve the model did not have."""
    sset = ScenarioSet.model_validate(yaml.safe_load(SET_YAML))
    doc = apply_scenario_set(model_from_mapping(SCENARIO_KEYED, "<m>"), sset, "<m>")
    assert doc.scenario_names()[:4] == ["baseline/today/current", "baseline/today/lower-rule",
                                        "baseline/2050/current", "baseline/2050/lower-rule"]
    res = run(doc)
    k = {name: i for i, name in enumerate(res.scenarios)}
    river = res.get("river", "flow")[0]
    assert_allclose(river[[k["baseline/today/current"], k["baseline/2050/current"], k["dry/2050/current"]]],
                    [20, 18, 9])
    town = res.get("town", "demand")[0]
    assert_allclose(town[[k["baseline/2050/lower-rule"], k["dry/today/current"]]], [4, 3])
    dam = res.get("dam", "volume")[-1]
    assert_allclose(dam[[k["baseline/today/current"], k["baseline/today/lower-rule"]]], [100, 80])


def test_set_cannot_vary_a_value_with_no_default(tmp_path: Path) -> None:
    sset = ScenarioSet.model_validate({"name": "s", "axes": [{"name": "a", "options": [
        {"name": "x", "changes": [{"nodes": ["dam"], "attribute": "max_release", "scale": 2}]}]}]})
    with pytest.raises(DocumentError, match=r"changes\[0\].attribute.*no value 'max_release' yet"):
        apply_scenario_set(model_from_mapping(SCENARIO_KEYED, "<m>"), sset, "<m>")
