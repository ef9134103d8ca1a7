"""Measures on a basin: gross and net savings from runs with and without, the plan, the command."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from arna.cli.main import main
from arna.economics.basin import ALL, BASELINE, apply_plan_measures, appraise_plan
from arna.economics.catalogue import load_catalogue
from arna.economics.plan import plan_from_data
from arna.errors import DocumentError
from arna.schema.load import model_from_mapping
from arna.schema.nodes import DemandNode

SECONDS_PER_YEAR = 365.25 * 86_400  # the run's years are 365.25 days
M3S = SECONDS_PER_YEAR  # 1 m3/s for a year, in m3

TWO_FARMS: dict[str, Any] = {
    "name": "two-farms",
    "timestepper": {"start": "2021-01-01", "end": "2021-12-01"},
    "nodes": [
        {"name": "river", "type": "inflow", "flow": "100 m3/s"},
        {"name": "upstream farm", "type": "demand", "demand": "60 m3/s", "consumptive_fraction": 0.8,
         "return_to": "middle reach"},
        {"name": "middle reach", "type": "reach"},
        {"name": "downstream farm", "type": "demand", "demand": "60 m3/s", "priority": 2},
        {"name": "sea", "type": "terminal"},
    ],
    "edges": [["river", "upstream farm"], ["river", "middle reach"], ["middle reach", "downstream farm"],
              ["middle reach", "sea"]],
}

DRIP_UPSTREAM: dict[str, Any] = {
    "name": "drip upstream",
    "measures": [{"name": "drip-up", "measure": "drip", "demand": "upstream farm", "irrigated_area_ha": 50000,
                  "method": "surface"}],
}


def test_return_flow_of_an_upstream_demand_is_not_a_net_saving() -> None:
    """Hand computation (m3/s, constant all year).

    Upstream farm: 60 delivered with surface irrigation (field efficiency 0.6), consumptive
    fraction 0.8, so 12 returns; the share of field losses that returns is r = 0.2/0.4 = 0.5.
    Drip (0.9) on all of it: the crops' need 36 now takes 40; consumption 36 + 0.5 × 4 = 38,
    return 2. Gross saving 60 − 40 = 20; net saving (60 − 12) − (40 − 2) = 10: the other 10 was
    return flow. Downstream farm (60 wanted) got 40 + 12 = 52 and now gets its full 60
    (+8 consumed); the sea got 0 and now gets 2.
    """
    doc = model_from_mapping(copy.deepcopy(TWO_FARMS), "two-farms.yaml")
    result = appraise_plan(doc, plan_from_data(DRIP_UPSTREAM), discount_rate=0.08)
    row = result.table.set_index("name").loc["drip-up"]
    assert row["gross_saving_m3_per_year"] == pytest.approx(20 * M3S, rel=1e-6)
    assert row["net_saving_m3_per_year"] == pytest.approx(10 * M3S, rel=1e-6)
    assert row["to_other_demands_m3_per_year"] == pytest.approx(8 * M3S, rel=1e-6)
    assert row["inflow_change_m3_per_year:sea"] == pytest.approx(2 * M3S, rel=1e-6)
    assert abs(row["elsewhere_m3_per_year"]) < 1e-6 * M3S
    assert result.outlets.loc[BASELINE, "sea"] == pytest.approx(0.0, abs=1e-3)
    assert result.outlets.loc[ALL, "sea"] == pytest.approx(2 * M3S, rel=1e-6)
    # appraisal: drip costs 917,000 KZT/ha (USD 2,000 at 458.7), 55,000/ha/yr O&M, 10 years (bundled catalogue)
    assert row["investment"] == pytest.approx(917_000 * 50000)
    assert row["cost_per_m3_net"] == pytest.approx(2 * row["cost_per_m3_gross"])


def test_lining_a_canal_whose_losses_leave_the_basin_saves_net() -> None:
    """Canal lining on a supply link losing 50%: 30 m3/s at the user took 60, now 30/0.75 = 40."""
    data = copy.deepcopy(TWO_FARMS)
    data["nodes"][1].update(supply_loss=0.5, demand="30 m3/s", consumptive_fraction=1.0)
    del data["nodes"][1]["return_to"]
    plan = {"name": "lining", "measures": [{"name": "lining", "measure": "canal-lining", "demand": "upstream farm",
                                            "irrigated_area_ha": 1000}]}
    result = appraise_plan(model_from_mapping(data, "m.yaml"), plan_from_data(plan))
    row = result.table.set_index("name").loc["lining"]
    assert row["gross_saving_m3_per_year"] == pytest.approx(20 * M3S, rel=1e-6)
    assert row["net_saving_m3_per_year"] == pytest.approx(20 * M3S, rel=1e-6)


def test_half_adoption_mixes_losses() -> None:
    data = copy.deepcopy(TWO_FARMS)
    data["nodes"][1].update(supply_loss=0.5)
    plan = plan_from_data({"name": "p", "measures": [{"name": "l", "measure": "canal-lining",
                                                      "demand": "upstream farm", "irrigated_area_ha": 1000,
                                                      "adoption": {"ha_per_year": [200, 300]}}]})
    doc = model_from_mapping(data, "m.yaml")
    changed = apply_plan_measures(doc, plan.measures, load_catalogue())
    node = changed.nodes[1]
    assert isinstance(node, DemandNode)
    # half the water delivered at 0.75, half at 0.5: intake 0.5/0.5 + 0.5/0.75 = 1.6667 per unit
    assert 1 / (1 - node.supply_loss) == pytest.approx(0.5 / 0.5 + 0.5 / 0.75)
    original = doc.nodes[1]
    assert isinstance(original, DemandNode) and original.supply_loss == 0.5  # the original is untouched


def test_unknown_node_and_measure_are_reported_with_paths() -> None:
    doc = model_from_mapping(copy.deepcopy(TWO_FARMS), "m.yaml")
    plan = plan_from_data({"name": "bad", "measures": [
        {"name": "a", "measure": "drip", "demand": "nowhere", "irrigated_area_ha": 1},
        {"name": "b", "measure": "teleportation", "demand": "upstream farm", "irrigated_area_ha": 1},
        {"name": "c", "measure": "drip", "demand": "sea", "irrigated_area_ha": 1},
    ]})
    with pytest.raises(DocumentError) as err:
        appraise_plan(doc, plan, plan_source="plan.yaml")
    problems = dict(err.value.problems)
    assert "unknown node 'nowhere'" in problems["measures[0].demand"]
    assert "unknown measure 'teleportation'" in problems["measures[1].measure"]
    assert "terminal node" in problems["measures[2].demand"]
    assert err.value.source == "plan.yaml"


def test_plan_schema_errors() -> None:
    with pytest.raises(DocumentError) as err:
        plan_from_data({"name": "x", "measures": [{"name": "a", "measure": "drip", "demand": "d", "colour": 1,
                                                   "adoption": {"share": 0.5, "ha_per_year": [1]}}]})
    paths = {p for p, _ in err.value.problems}
    assert "measures[0].colour" in paths
    assert "measures[0].adoption" in paths


def _write(tmp_path: Path, model: dict[str, Any], plan: dict[str, Any]) -> tuple[Path, Path]:
    m, p = tmp_path / "model.yaml", tmp_path / "plan.yaml"
    m.write_text(yaml.safe_dump(model), encoding="utf-8")
    p.write_text(yaml.safe_dump(plan), encoding="utf-8")
    return m, p


def test_cli_writes_table_figure_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m, p = _write(tmp_path, copy.deepcopy(TWO_FARMS), DRIP_UPSTREAM)
    out, fig, rep = tmp_path / "t.csv", tmp_path / "curve.svg", tmp_path / "r.html"
    code = main(["appraise", str(m), "--measures", str(p), "--discount-rate", "0.05", "--budget", "2e8",
                 "-o", str(out), "--figure", str(fig), "--report", str(rep)])
    assert code == 0
    text = capsys.readouterr().out
    assert "drip-up" in text and "milp" in text and "sea: 0.000 km3/yr" in text
    assert "gross_saving_m3_per_year" in out.read_text(encoding="utf-8")
    assert fig.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    html = rep.read_text(encoding="utf-8")
    assert html.count("<svg") == 2  # outlet inflows and the cost curve, inline
    assert 'src="http' not in html and 'href="http' not in html and "<script" not in html
    assert "sea" in html


def test_cli_bad_plan_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = copy.deepcopy(DRIP_UPSTREAM)
    plan["measures"][0]["demand"] = "nowhere"
    m, p = _write(tmp_path, copy.deepcopy(TWO_FARMS), plan)
    out = tmp_path / "t.csv"
    code = main(["appraise", str(m), "--measures", str(p), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert str(p) in err and "measures[0].demand" in err and "Traceback" not in err
    assert not out.exists()
    plan["measures"][0].update(demand="upstream farm", measure="nope")
    p.write_text(yaml.safe_dump(plan), encoding="utf-8")
    assert main(["appraise", str(m), "--measures", str(p)]) == 2
    assert "measures[0].measure" in capsys.readouterr().err


def _scheme_model() -> dict[str, Any]:
    from tests.economics.test_irrigation_node import SCHEME, model

    scheme = copy.deepcopy(SCHEME)
    scheme["crops"].append({"name": "rice", "area_ha": 5000, "kc": {"ini": 1.05, "mid": 1.2, "end": 0.75},
                            "stages_days": {"ini": 30, "dev": 30, "mid": 60, "late": 30}, "planting": "05-10",
                            "method": "surface", "field_efficiency": 0.85,
                            "rice": {"percolation_mm_per_day": 4, "land_preparation_mm": 300}})
    return model(scheme)


@pytest.mark.parametrize(("measure", "crops"), [("drip", ["cotton"]), ("rice-to-maize", ["rice"]),
                                                ("canal-lining", None)])
def test_scheme_demand_matches_the_scheme_level_saving(measure: str, crops: list[str] | None) -> None:
    """With water to spare, the basin's gross and net savings are the scheme's own (return flow returns)."""
    from arna.economics.measures import measure_saving
    from arna.hydrology.irrigation import scheme_from_data

    data = _scheme_model()
    doc = model_from_mapping(data, "m.yaml")
    plan = plan_from_data({"name": "p", "measures": [
        {"name": "m", "measure": measure, "demand": "farm", "adoption": {"share": 0.5},
         **({"crops": crops} if crops else {})}]})
    row = appraise_plan(doc, plan).table.set_index("name").loc["m"]
    cat = load_catalogue()
    scheme = scheme_from_data(data["nodes"][1]["irrigation"])
    gross = net = area = 0.0
    for crop in crops or ["cotton", "rice"]:
        crop_area = sum(c.area_ha for c in scheme.crops if c.name == crop)
        s = measure_saving(scheme, cat.measure(measure), cat, crop=crop, area_ha=crop_area / 2)
        gross, net, area = gross + s.gross_saving_m3_per_year, net + s.net_saving_m3_per_year, area + crop_area / 2
    # the run's mean year (2020-2021 over 365.25-day years, one 29 February) differs slightly from
    # the scheme's typical 365-day year
    assert row["area_ha"] == pytest.approx(area)
    assert row["gross_saving_m3_per_year"] == pytest.approx(gross, rel=3e-3)
    assert row["net_saving_m3_per_year"] == pytest.approx(net, rel=3e-3)
    assert row["net_saving_m3_per_year"] < row["gross_saving_m3_per_year"]
