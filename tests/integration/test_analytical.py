"""Tiny networks whose allocation is worked out by hand (flows in hm³/day, daily steps)."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose
from tests.conftest import hm3d, model

Q = "hm3/day"


def inflow(name: str, value: float | dict) -> dict:
    flow = value if isinstance(value, dict) else {"type": "constant", "value": value, "unit": Q}
    return {"name": name, "type": "inflow", "flow": flow}


def demand(name: str, need: float, priority: int, **kw: object) -> dict:
    return {"name": name, "type": "demand", "demand": f"{need} {Q}", "priority": priority, **kw}


SEA = {"name": "sea", "type": "terminal"}


def test_priority_ordering(run_doc) -> None:
    # 10 available; priority 1 takes its 6, priority 2 the remaining 4, nothing reaches the sea.
    doc = model(
        [inflow("src", 10), {"name": "j", "type": "reach"}, demand("b", 6, 2), demand("a", 6, 1), SEA],
        [["src", "j"], ["j", "a"], ["j", "b"], ["j", "sea"]],
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "a", "delivered"), 6)
    assert_allclose(hm3d(res, "b", "delivered"), 4)
    assert_allclose(hm3d(res, "b", "deficit"), 2)
    assert_allclose(hm3d(res, "sea", "flow"), 0, atol=1e-9)


def test_capacity_bottleneck(run_doc) -> None:
    # The canal carries at most 3 to a demand of 8; the other 7 go to the sea.
    doc = model(
        [inflow("src", 10), {"name": "canal", "type": "canal", "capacity": f"3 {Q}"}, demand("farm", 8, 1), SEA],
        [["src", "canal"], ["canal", "farm"], ["src", "sea"]],
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "farm", "delivered"), 3)
    assert_allclose(hm3d(res, "farm", "deficit"), 5)
    assert_allclose(hm3d(res, "sea", "flow"), 7)


def test_reservoir_drawdown_and_refill(run_doc, tmp_path) -> None:
    # Inflow 0, 0, 10, 10; demand 5 a day; storage 8 of 12 at the start.
    (tmp_path / "q.csv").write_text("date,q\n2021-01-01,0\n2021-01-02,0\n2021-01-03,10\n2021-01-04,10\n")
    doc = model(
        [inflow("src", {"type": "series", "file": "q.csv", "column": "q", "unit": Q}),
         {"name": "dam", "type": "reservoir", "capacity": "12 hm3", "initial_volume": "8 hm3"},
         demand("town", 5, 1), SEA],
        [["src", "dam"], ["dam", "town"], ["dam", "sea"]], days=4,
    )
    res = run_doc(doc)
    assert_allclose(res.get("dam", "volume")[:, 0], [3, 0, 5, 10], atol=1e-9)
    assert_allclose(hm3d(res, "town", "delivered")[:, 0], [5, 3, 5, 5], atol=1e-9)
    assert_allclose(hm3d(res, "sea", "flow")[:, 0], 0, atol=1e-9)


def test_losses_and_return_flows(run_doc) -> None:
    # 10 enters; the reach loses 20% → 8. A takes 4, consumes half, returns 2 below.
    # The lower reach carries 4 + 2 = 6; B withdraws all 6, half is lost on its supply link → 3.
    doc = model(
        [inflow("src", 10), {"name": "upper", "type": "reach", "loss": 0.2},
         demand("a", 4, 1, consumptive_fraction=0.5, return_to="lower"),
         {"name": "lower", "type": "reach"}, demand("b", 10, 2, supply_loss=0.5), SEA],
        [["src", "upper"], ["upper", "a"], ["upper", "lower"], ["lower", "b"], ["lower", "sea"]],
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "upper", "loss"), 2)
    assert_allclose(hm3d(res, "a", "return_flow"), 2)
    assert_allclose(hm3d(res, "lower", "flow"), 6)
    assert_allclose(hm3d(res, "b", "withdrawal"), 6)
    assert_allclose(hm3d(res, "b", "delivered"), 3)
    assert_allclose(hm3d(res, "b", "supply_loss"), 3)
    assert_allclose(hm3d(res, "sea", "flow"), 0, atol=1e-9)


def test_spill_only_when_full(run_doc) -> None:
    # Outlet capacity 3; inflow 8. Day 1 stores 5 (5 → 10 = full); day 2 must spill 5.
    doc = model(
        [inflow("src", 8),
         {"name": "dam", "type": "reservoir", "capacity": "10 hm3", "initial_volume": "5 hm3",
          "max_release": f"3 {Q}"}, SEA],
        [["src", "dam"], ["dam", "sea"]], days=2,
    )
    res = run_doc(doc)
    assert_allclose(res.get("dam", "volume")[:, 0], [10, 10])
    assert_allclose(hm3d(res, "dam", "release")[:, 0], [3, 3])
    assert_allclose(hm3d(res, "dam", "spill")[:, 0], [0, 5], atol=1e-9)


def test_environmental_flow_priority_between_demands(run_doc) -> None:
    # 10 available: town (1) takes 4, the e-flow (2) keeps 5 in the river, farms (3) get 1.
    doc = model(
        [inflow("src", 10), {"name": "j", "type": "reach"}, demand("town", 4, 1), demand("farms", 8, 3),
         {"name": "eflow", "type": "environmental_flow", "requirement": f"5 {Q}", "priority": 2}, SEA],
        [["src", "j"], ["j", "town"], ["j", "farms"], ["j", "eflow"], ["eflow", "sea"]],
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "town", "delivered"), 4)
    assert_allclose(hm3d(res, "eflow", "flow"), 5)
    assert_allclose(hm3d(res, "farms", "delivered"), 1)


def test_lower_priority_return_flow_does_not_jump_the_queue(run_doc) -> None:
    # b (priority 3) returns 95% of what it gets to c's reach, but a (priority 2) on the same
    # source is served first: strict priorities, not a weighted sum.
    doc = model(
        [inflow("src", 10), {"name": "j", "type": "reach"}, demand("a", 10, 2),
         demand("b", 10, 3, consumptive_fraction=0.05, return_to="k"), {"name": "k", "type": "reach"},
         demand("c", 10, 1), SEA],
        [["src", "j"], ["j", "a"], ["j", "b"], ["j", "k"], ["k", "c"], ["k", "sea"]],
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "c", "delivered"), 10)
    assert_allclose(hm3d(res, "a", "delivered"), 0, atol=1e-6)
    assert_allclose(hm3d(res, "b", "delivered"), 0, atol=1e-6)


def test_supply_preference(run_doc) -> None:
    # Two sources can supply the town; it prefers the river, so the aquifer is untouched.
    doc = model(
        [inflow("river", 10),
         {"name": "aquifer", "type": "groundwater", "initial_volume": "100 hm3", "max_pumping": f"5 {Q}"},
         demand("town", 6, 1, supply_preference=["river", "aquifer"]), SEA],
        [["river", "town"], ["aquifer", "town"], ["river", "sea"]],
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "aquifer", "pumping"), 0, atol=1e-9)
    assert_allclose(res.get("aquifer", "volume"), 100)


def test_evaporation_from_area_table(run_doc) -> None:
    # 10 mm/day over 50 km² (constant area) = 0.5 hm³/day, taken before anything else.
    doc = model(
        [{"name": "dam", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "10 hm3",
          "table": {"volume": [0, 100], "level": [0, 10], "area": [50, 50]},
          "evaporation": {"type": "constant", "value": 10, "unit": "mm/day"}}, SEA],
        [["dam", "sea"]], days=2,
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "dam", "evaporation"), 0.5)
    assert_allclose(res.get("dam", "volume")[:, 0], [9.5, 9.0])


def test_hydropower_energy_by_hand(run_doc) -> None:
    # 100 m³/s through turbines; constant level 110 m, tailwater 100 m, η = 0.9:
    # P = 0.9 × 9810 × 100 × 10 / 1e6 = 8.829 MW; over a day 0.211896 GWh.
    doc = model(
        [{"name": "src", "type": "inflow", "flow": "100 m3/s"},
         {"name": "dam", "type": "reservoir", "capacity": "10 hm3", "initial_volume": "10 hm3",
          "table": {"volume": [0, 10], "level": [110, 110]}},
         {"name": "plant", "type": "hydropower", "reservoir": "dam", "turbine_capacity": "200 m3/s",
          "efficiency": 0.9, "tailwater_level": 100}, SEA],
        [["src", "dam"], ["dam", "plant"], ["plant", "sea"]], days=2,
    )
    res = run_doc(doc)
    assert_allclose(res.get("plant", "turbine_flow"), 100)
    assert_allclose(res.get("plant", "energy"), 0.9 * 9810 * 100 * 10 / 1e6 * 24 / 1e3)


def test_monthly_units_use_real_month_lengths(run_doc) -> None:
    # 28 hm³/month in February 2021 is 1 hm³/day; in March 28/31.
    doc = model(
        [inflow("src", {"type": "constant", "value": 28, "unit": "hm3/month"}), SEA], [["src", "sea"]],
        start="2021-02-01", step="month", end="2021-03-01",
    )
    res = run_doc(doc)
    assert_allclose(hm3d(res, "sea", "flow")[:, 0], [1.0, 28 / 31])


def test_scenario_indexed_values(run_doc) -> None:
    doc = model(
        [inflow("src", {"type": "scenario", "unit": Q, "values": {"wet": 10, "dry": 4}}), demand("d", 6, 1), SEA],
        [["src", "d"], ["src", "sea"]], scenarios=[{"name": "wet"}, {"name": "dry"}],
    )
    res = run_doc(doc)
    assert res.scenarios == ["wet", "dry"]
    assert_allclose(hm3d(res, "d", "delivered")[0], [6, 4])
    assert_allclose(hm3d(res, "sea", "flow")[0], [4, 0], atol=1e-9)


def test_rule_curve_releases_water_above_it(run_doc) -> None:
    # The rule curve is half the capacity: the reservoir releases down to it, then keeps it.
    doc = model(
        [{"name": "dam", "type": "reservoir", "capacity": "10 hm3", "initial_volume": "10 hm3",
          "rule_curve": {"type": "constant", "value": 0.5, "unit": "fraction"}, "max_release": f"3 {Q}"}, SEA],
        [["dam", "sea"]], days=3,
    )
    res = run_doc(doc)
    assert_allclose(res.get("dam", "volume")[:, 0], [7, 5, 5])


def test_balance_error_is_reported(run_doc) -> None:
    doc = model([inflow("src", 10), demand("d", 6, 1), SEA], [["src", "d"], ["src", "sea"]])
    res = run_doc(doc)
    assert 0 <= res.balance_error < 1e-9
    assert np.all(np.isfinite(res.values))


def test_capacity_and_rule_curve_by_scenario(run_doc) -> None:
    # 100 hm3 stored, rule curve 0.5 of 100 (scenario a) or 0.7 of 200 (b): in a it releases down to its
    # curve (50) and passes the inflow on; in b it is below its curve (140) and keeps 3 days of inflow.
    dam = {"name": "dam", "type": "reservoir", "initial_volume": "100 hm3",
           "capacity": {"type": "scenario", "values": {"a": "100 hm3", "b": "200 hm3"}},
           "rule_curve": {"type": "scenario", "unit": "fraction", "values": {"a": 0.5, "b": 0.7}}}
    doc = model([inflow("src", 1), dam, SEA], [["src", "dam"], ["dam", "sea"]],
                scenarios=[{"name": "a"}, {"name": "b"}])
    res = run_doc(doc)
    assert_allclose(res.get("dam", "volume")[-1], [50, 103])
