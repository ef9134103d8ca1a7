"""Fair sharing within a priority: hand-solved cases, entitlements, quotas and document errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from arna.api import run
from arna.cli.main import main
from arna.errors import DocumentError
from arna.schema import model_from_mapping


def _doc(nodes: list[dict[str, Any]], edges: list[list[str]], **allocation: Any) -> dict[str, Any]:
    return {"name": "fair", "timestepper": {"start": "2021-01-01", "end": "2021-03-01", "step": "month"},
            "allocation": allocation, "nodes": nodes, "edges": edges}


def _two_demands(inflow: Any, need_a: float, need_b: float, **extra: Any) -> dict[str, Any]:
    nodes = [{"name": "in", "type": "inflow", "flow": inflow},
             {"name": "a", "type": "demand", "demand": need_a, "priority": 1, **extra.get("a", {})},
             {"name": "b", "type": "demand", "demand": need_b, "priority": 1, **extra.get("b", {})},
             {"name": "sea", "type": "terminal"}]
    return _doc(nodes, [["in", "a"], ["in", "b"], ["in", "sea"]], **extra.get("allocation", {}))


def _delivered(doc: dict[str, Any], *names: str) -> list[np.ndarray]:
    res = run(model_from_mapping(doc, "<fair>"))
    assert res.balance_error <= 1e-9
    return [res.get(n, "delivered")[:, 0] for n in names]


def test_issue_case_ten_for_eight_and_twelve_is_half_each() -> None:
    a, b = _delivered(_two_demands(10.0, 8.0, 12.0), "a", "b")
    np.testing.assert_allclose(a, 4.0, atol=1e-7)
    np.testing.assert_allclose(b, 6.0, atol=1e-7)


def test_priority_sharing_keeps_the_strict_split() -> None:
    doc = _two_demands(10.0, 8.0, 12.0, allocation={"sharing": "priority"})
    a, b = _delivered(doc, "a", "b")
    np.testing.assert_allclose(a + b, 10.0, atol=1e-7)
    assert not np.allclose(a / 8.0, b / 12.0)  # the LP's arbitrary split, as before


def test_no_shortage_everyone_full() -> None:
    a, b = _delivered(_two_demands(30.0, 8.0, 12.0), "a", "b")
    np.testing.assert_allclose(a, 8.0, atol=1e-7)
    np.testing.assert_allclose(b, 12.0, atol=1e-7)


def test_entitlement_shares_are_proportional_and_capped_by_demand() -> None:
    doc = _two_demands(10.0, 8.0, 12.0, a={"entitlement": 1.0}, b={"entitlement": 3.0},
                       allocation={"sharing": "entitlement"})
    a, b = _delivered(doc, "a", "b")
    np.testing.assert_allclose(a, 2.5, atol=1e-7)
    np.testing.assert_allclose(b, 7.5, atol=1e-7)
    # a's share would be 5 but it only needs 2: it stops at its demand and b takes the rest
    doc = _two_demands(10.0, 2.0, 12.0, a={"entitlement": 1.0}, b={"entitlement": 1.0},
                       allocation={"sharing": "entitlement"})
    a, b = _delivered(doc, "a", "b")
    np.testing.assert_allclose(a, 2.0, atol=1e-7)
    np.testing.assert_allclose(b, 8.0, atol=1e-7)


def test_second_round_of_filling_after_a_bottleneck() -> None:
    """c sits behind a reach limited to 2: equal coverage stops at 2/12 for c, a then takes the rest.

    Progressive filling: t ≤ 2/12 (c's reach) → c frozen at 2; a rises to 10 − 2 = 8 (its demand)."""
    nodes = [{"name": "in", "type": "inflow", "flow": 10.0},
             {"name": "a", "type": "demand", "demand": 9.0, "priority": 1},
             {"name": "canal", "type": "reach", "max_flow": 2.0},
             {"name": "c", "type": "demand", "demand": 12.0, "priority": 1},
             {"name": "sea", "type": "terminal"}]
    edges = [["in", "a"], ["in", "canal"], ["canal", "c"], ["in", "sea"]]
    a, c = _delivered(_doc(nodes, edges), "a", "c")
    np.testing.assert_allclose(c, 2.0, atol=1e-7)
    np.testing.assert_allclose(a, 8.0, atol=1e-7)


def test_three_demands_two_levels() -> None:
    """Upstream a and b share 6 of an inflow of 6 + a tributary of 3 that only b and d below can use.

    in(6) → j1: a (6), then river → j2 (+3 tributary): b (6), d (6). Max-min: the lowest coverage
    is raised first. Everything (9) is used; a can only use the first 6. Coverage t for all three:
    a = 6t, b + d = 12t ≤ 9 − ... the unique max-min answer is a = b = d = 3 (50 %).
    """
    nodes = [{"name": "in", "type": "inflow", "flow": 6.0},
             {"name": "trib", "type": "inflow", "flow": 3.0},
             {"name": "up", "type": "reach"},
             {"name": "down", "type": "reach"},
             {"name": "a", "type": "demand", "demand": 6.0, "priority": 1},
             {"name": "b", "type": "demand", "demand": 6.0, "priority": 1},
             {"name": "d", "type": "demand", "demand": 6.0, "priority": 1},
             {"name": "sea", "type": "terminal"}]
    edges = [["in", "up"], ["up", "a"], ["up", "down"], ["trib", "down"], ["down", "b"], ["down", "d"],
             ["down", "sea"]]
    a, b, d = _delivered(_doc(nodes, edges), "a", "b", "d")
    for x in (a, b, d):
        np.testing.assert_allclose(x, 3.0, atol=1e-7)


def test_higher_priority_is_still_served_first() -> None:
    nodes = [{"name": "in", "type": "inflow", "flow": 10.0},
             {"name": "city", "type": "demand", "demand": 4.0, "priority": 1},
             {"name": "a", "type": "demand", "demand": 8.0, "priority": 2},
             {"name": "b", "type": "demand", "demand": 4.0, "priority": 2},
             {"name": "sea", "type": "terminal"}]
    edges = [["in", "city"], ["in", "a"], ["in", "b"], ["in", "sea"]]
    city, a, b = _delivered(_doc(nodes, edges), "city", "a", "b")
    np.testing.assert_allclose(city, 4.0, atol=1e-7)
    np.testing.assert_allclose(a, 4.0, atol=1e-7)  # 6 left: coverage 50 % each
    np.testing.assert_allclose(b, 2.0, atol=1e-7)


def test_scenarios_in_one_block_are_shared_each_on_their_own() -> None:
    doc = _two_demands({"type": "scenario", "values": {"dry": 10.0, "wet": 15.0, "wetter": 40.0}}, 8.0, 12.0)
    doc["scenarios"] = [{"name": "dry"}, {"name": "wet"}, {"name": "wetter"}]
    res = run(model_from_mapping(doc, "<fair>"))
    a, b = res.get("a", "delivered")[0], res.get("b", "delivered")[0]
    np.testing.assert_allclose(a, [4.0, 6.0, 8.0], atol=1e-7)
    np.testing.assert_allclose(b, [6.0, 9.0, 12.0], atol=1e-7)


def test_quota_caps_a_countrys_demands_over_its_season() -> None:
    nodes = [{"name": "in", "type": "inflow", "flow": "100 hm3/month"},
             {"name": "kz1", "type": "demand", "demand": "40 hm3/month", "country": "KZ"},
             {"name": "kz2", "type": "demand", "demand": "40 hm3/month", "country": "KZ"},
             {"name": "uz", "type": "demand", "demand": "40 hm3/month", "country": "UZ"},
             {"name": "sea", "type": "terminal"}]
    doc = _doc(nodes, [["in", "kz1"], ["in", "kz2"], ["in", "uz"], ["in", "sea"]],
               quotas=[{"name": "KZ winter", "country": "KZ", "months": [1, 2], "volume": "100 hm3"}])
    res = run(model_from_mapping(doc, "<fair>"))
    month = 86_400.0 * np.array([31, 28, 31]) / 1e6  # m3/s → hm3 over each month
    kz = (res.get("kz1", "delivered")[:, 0] + res.get("kz2", "delivered")[:, 0]) * month
    uz = res.get("uz", "delivered")[:, 0] * month
    # January: 100 hm3 shared fairly among all three (33.3 each, KZ uses 66.7 of its 100);
    # February: only 33.3 of the KZ quota is left; March is outside the season.
    np.testing.assert_allclose(kz[0], 200.0 / 3.0, atol=1e-5)
    np.testing.assert_allclose(kz[1], 100.0 / 3.0, atol=1e-5)
    assert kz[0] + kz[1] <= 100.0 + 1e-5
    np.testing.assert_allclose(uz[1], 40.0, atol=1e-5)  # UZ takes what KZ may not
    np.testing.assert_allclose(kz[2], 200.0 / 3.0, atol=1e-5)  # March: fair again, 100/120 each
    assert res.has("quota: KZ winter", "volume")


def test_entitlement_sharing_needs_every_entitlement() -> None:
    doc = _two_demands(10.0, 8.0, 12.0, a={"entitlement": 1.0}, allocation={"sharing": "entitlement"})
    with pytest.raises(DocumentError) as exc:
        model_from_mapping(doc, "m.yaml")
    assert exc.value.problems[0][0] == "nodes[2].entitlement"
    assert "give every demand an entitlement" in str(exc.value)


@pytest.mark.parametrize(("quota", "path", "words"), [
    ({"name": "q", "country": "KG", "months": [4], "volume": "1 km3"}, "allocation.quotas[0]", "no demand"),
    ({"name": "q", "country": "KZ", "months": [4], "volume": "1 m3/s"}, "allocation.quotas[0].volume", "volume"),
    ({"name": "q", "country": "KZ", "months": [4, 6], "volume": "1 km3"}, "allocation.quotas[0].months",
     "not consecutive"),
])
def test_bad_quota_names_its_path(quota: dict[str, Any], path: str, words: str, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    doc = _two_demands(10.0, 8.0, 12.0, a={"country": "KZ"}, allocation={"quotas": [quota]})
    f = tmp_path / "m.json"
    f.write_text(json.dumps(doc))
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert str(f) in err and path in err and words in err


def test_place_labels_of_a_place_no_node_names_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A translated region that no demand names (a misspelling) is reported with its path and the names in use."""
    doc = _two_demands(10.0, 8.0, 12.0, a={"region": "Turkistan region"}, b={"country": "Kazakhstan"})
    doc["place_labels"] = {"Turkistan region": {"kk": "Түркістан облысы"}, "Turkestan region": {"kk": "Түркістан"}}
    f = tmp_path / "m.json"
    f.write_text(json.dumps(doc))
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert "place_labels.Turkestan region" in err and "no node or quota names" in err
    assert "named: Turkistan region, Kazakhstan" in err
    doc["place_labels"].pop("Turkestan region")
    assert model_from_mapping(doc, "<fair>").place_labels["Turkistan region"] == {"kk": "Түркістан облысы"}


def test_pywr_documents_keep_pywrs_semantics(tmp_path: Path) -> None:
    """Two outputs of the same cost share 10 as the LP likes (Pywr's semantics): no fair group is built."""
    from arna.network.native import compile_document
    from arna.pywr.run import run_pywr
    from arna.pywr.translate import translate_file

    doc = {"timestepper": {"start": "2015-01-01", "end": "2015-01-02", "timestep": 1},
           "nodes": [{"name": "in", "type": "input", "max_flow": 10.0, "min_flow": 10.0},
                     {"name": "a", "type": "output", "max_flow": 8.0, "cost": -10},
                     {"name": "b", "type": "output", "max_flow": 12.0, "cost": -10},
                     {"name": "spill", "type": "output"}],
           "edges": [["in", "a"], ["in", "b"], ["in", "spill"]]}
    path = tmp_path / "pywr.json"
    path.write_text(json.dumps(doc))
    tr = translate_file(path)
    assert compile_document(tr.document, tr.source, tr.data).fair_groups == []
    res, _ = run_pywr(path)
    a, b = res.get("a", "flow")[:, 0], res.get("b", "flow")[:, 0]
    np.testing.assert_allclose(a + b, 10.0, atol=1e-7)


def test_results_do_not_depend_on_the_block_size() -> None:
    from arna.api import compile_model
    from arna.engine.simulate import simulate

    doc = _two_demands({"type": "scenario", "values": {"dry": 10.0, "wet": 15.0, "wetter": 40.0}}, 8.0, 12.0)
    doc["scenarios"] = [{"name": "dry"}, {"name": "wet"}, {"name": "wetter"}]
    net = compile_model(model_from_mapping(doc, "<fair>"))
    one, three = simulate(net, block_size=1), simulate(net, block_size=3)
    np.testing.assert_allclose(one.recorded, three.recorded, atol=1e-7)


def test_sharing_never_makes_a_solvable_step_fail() -> None:
    """Found by hypothesis: a priority-1 demand lives on the return flow of a priority-2 one (d4 → r3 → d1)
    while a reservoir fills at priority 1; capping the priority-2 members to test who can rise cut that
    return flow and the probe LP had no solution. Sharing now falls back to the priority's own solution."""
    from arna.api import run
    from arna.schema import model_from_mapping

    month = lambda v: {"type": "constant", "unit": "hm3/month", "value": v}  # noqa: E731
    nodes = [
        {"name": "r0", "type": "reach", "loss": 0.0},
        {"name": "in0", "type": "inflow", "flow": {"type": "monthly", "unit": "hm3/month",
                                                   "values": [15.484238764702557, 0.0, 0.5] * 4}},
        {"name": "r1", "type": "reach", "loss": 0.3}, {"name": "r2", "type": "reach", "loss": 0.3},
        {"name": "r3", "type": "reach", "loss": 0.0},
        {"name": "d0", "type": "demand", "priority": 2, "demand": month(12.859110500381444), "supply_loss": 0.5},
        {"name": "d1", "type": "demand", "priority": 1, "demand": month(14.227637647540028), "supply_loss": 0.5},
        {"name": "d2", "type": "demand", "priority": 2, "demand": month(14.737003458682832), "supply_loss": 0.0},
        {"name": "d3", "type": "demand", "priority": 2, "demand": month(6.0), "supply_loss": 0.2,
         "consumptive_fraction": 0.5, "return_to": "r3"},
        {"name": "d4", "type": "demand", "priority": 2, "demand": month(14.918021678568978), "supply_loss": 0.0,
         "consumptive_fraction": 0.2, "return_to": "r3"},
        {"name": "dam", "type": "reservoir", "capacity": 18.20880490391289, "initial_volume": 0.0011113772524360894,
         "fill_priority": 1},
        {"name": "sea", "type": "terminal"},
    ]
    edges = [["r0", "r1"], ["in0", "r0"], ["r1", "r2"], ["r2", "dam"], ["r3", "sea"], ["r3", "d0"], ["r3", "d1"],
             ["r3", "d2"], ["r1", "d3"], ["r0", "d4"], ["dam", "r3"]]
    doc = {"name": "return-flow-feeds-priority-1", "nodes": nodes, "edges": edges,
           "timestepper": {"start": "2021-01-01", "end": "2021-06-01", "step": "month"}}
    strict = run(model_from_mapping({**doc, "allocation": {"sharing": "priority"}}, "<p>"))
    shared = run(model_from_mapping(doc, "<e>"))  # equal sharing, the default
    assert np.allclose(shared.get("d1", "delivered"), strict.get("d1", "delivered"), rtol=1e-6, atol=1e-9)
