"""Constituent transport on networks small enough to solve by hand (salinity as TDS, g/L)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from arna.api import run
from arna.engine import Results
from arna.schema import model_from_mapping
from tests.conftest import model

T_PER_DAY = 86.4  # 1 m3/s at 1 g/L is 86.4 t/day
TDS = [{"name": "tds"}]


def _run(nodes: list[dict[str, Any]], edges: list[list[str]], quality: dict[str, Any], days: int = 3,
         **kw: Any) -> Results:
    doc = model(nodes, edges, days=days, quality={"constituents": TDS, "nodes": quality}, **kw)
    return run(model_from_mapping(doc, "<test>"))


def test_complete_mixing_at_a_junction_by_hand() -> None:
    # 10 m3/s at 1 g/L and 5 m3/s at 400 mg/L meet: (10·1 + 5·0.4) / 15 = 0.8 g/L
    res = _run(
        [{"name": "a", "type": "inflow", "flow": "10 m3/s"}, {"name": "b", "type": "inflow", "flow": "5 m3/s"},
         {"name": "r", "type": "reach", "loss": 0.1}, {"name": "sea", "type": "terminal"}],
        [["a", "r"], ["b", "r"], ["r", "sea"]],
        {"a": {"concentration": {"tds": "1 g/L"}}, "b": {"concentration": {"tds": "400 mg/L"}}},
    )
    assert res.get("r", "concentration.tds") == pytest.approx(0.8)
    assert res.get("sea", "concentration.tds") == pytest.approx(0.8)  # a loss carries its concentration
    assert res.get("a", "load.tds") == pytest.approx(10 * T_PER_DAY)
    assert res.get("r", "load.tds") == pytest.approx(15 * 0.8 * T_PER_DAY)
    assert res.get("sea", "load.tds") == pytest.approx(13.5 * 0.8 * T_PER_DAY)
    assert ("r", "concentration.tds", "g/L") in res.series and ("r", "load.tds", "t/day") in res.series


def test_consumptive_use_leaves_its_salt_in_the_store() -> None:
    # a farm takes 6 of 15 m3/s at 0.8 g/L, consumes half: the return keeps 0.8 g/L, the soil keeps 3 m3/s of salt
    res = _run(
        [{"name": "a", "type": "inflow", "flow": "10 m3/s"}, {"name": "b", "type": "inflow", "flow": "5 m3/s"},
         {"name": "r", "type": "reach"},
         {"name": "farm", "type": "demand", "demand": "6 m3/s", "consumptive_fraction": 0.5, "return_to": "r2"},
         {"name": "r2", "type": "reach"}, {"name": "sea", "type": "terminal"}],
        [["a", "r"], ["b", "r"], ["r", "farm"], ["r", "r2"], ["r2", "sea"]],
        {"a": {"concentration": {"tds": "1 g/L"}}, "b": {"concentration": {"tds": "0.4 g/L"}}},
    )
    assert res.get("r2", "concentration.tds") == pytest.approx(0.8)
    daily = 3 * 0.8 * T_PER_DAY
    assert res.get("farm", "store.tds")[:, 0] == pytest.approx(daily * np.arange(1, 4))
    # what reaches the sea is what came in less what the soil kept
    assert res.get("sea", "load.tds") == pytest.approx(12 * T_PER_DAY - daily)


def test_a_terminal_lake_concentrates_as_it_evaporates() -> None:
    # no inflow, 1000 hm3 at 2 g/L, evaporation 0.5 mm/day over 400 km2 = 0.2 hm3/day: the salt stays
    res = _run(
        [{"name": "river", "type": "inflow", "flow": "0 m3/s"},
         {"name": "lake", "type": "reservoir", "capacity": "2000 hm3", "initial_volume": "1000 hm3",
          "table": {"volume": [0, 2000], "level": [0, 10], "area": [400, 400]}, "evaporation": "0.5 mm/day"}],
        [["river", "lake"]],
        {"lake": {"initial": {"tds": "2 g/L"}}}, days=10,
    )
    volume = 1000 - 0.2 * np.arange(1, 11)
    assert res.get("lake", "volume")[:, 0] == pytest.approx(volume)
    assert res.get("lake", "concentration.tds")[:, 0] == pytest.approx(2000 / volume)
    assert res.get("lake", "store.tds") == pytest.approx(0.0)  # the salt stays in the lake, not in a store


def test_a_reservoir_mixes_inflow_with_what_it_holds() -> None:
    # 100 hm3 at 1 g/L receives 10 hm3/day at 0 g/L and releases 10 hm3/day: implicit full mixing,
    # c_t = c_{t-1} · V / (V + Q)
    res = _run(
        [{"name": "river", "type": "inflow", "flow": "10 hm3/day"},
         {"name": "dam", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "100 hm3"},
         {"name": "sea", "type": "terminal"}],
        [["river", "dam"], ["dam", "sea"]],
        {"dam": {"initial": {"tds": "1 g/L"}}}, days=4,
    )
    expected = (100 / 110) ** np.arange(1, 5)
    assert res.get("dam", "concentration.tds")[:, 0] == pytest.approx(expected)
    assert res.get("sea", "concentration.tds")[:, 0] == pytest.approx(expected)


LOOP_NODES = [
    {"name": "in", "type": "inflow", "flow": "10 m3/s"},
    {"name": "r1", "type": "reach"},
    {"name": "farm", "type": "demand", "demand": "6 m3/s", "consumptive_fraction": 0.5, "return_to": "r1"},
    {"name": "sea", "type": "terminal"},
]
LOOP_EDGES = [["in", "r1"], ["r1", "farm"], ["r1", "sea"]]


def test_return_flow_loop_without_leaching() -> None:
    # r1 receives 10 at 1 g/L and the farm's 3 m3/s return at r1's own concentration:
    # c·13 = 10 + 3c → c = 1; the soil keeps 3 m3/s × 1 g/L
    res = _run(LOOP_NODES, LOOP_EDGES, {"in": {"concentration": {"tds": "1 g/L"}}})
    assert res.get("r1", "concentration.tds") == pytest.approx(1.0)
    assert res.get("sea", "load.tds") == pytest.approx(7 * T_PER_DAY)


def test_return_flow_loop_with_full_leaching() -> None:
    # leaching 1: the return carries all the applied salt, 3 + 3 = 6 m3/s worth: c·13 = 10 + 6c → c = 10/7
    res = _run(LOOP_NODES, LOOP_EDGES, {"in": {"concentration": {"tds": "1 g/L"}}, "farm": {"leaching": 1.0}})
    assert res.get("r1", "concentration.tds") == pytest.approx(10 / 7)
    assert res.get("farm", "concentration.tds") == pytest.approx(10 / 7)  # applied water
    assert res.get("sea", "load.tds") == pytest.approx(10 * T_PER_DAY)  # steady state: all salt passes
    assert res.get("farm", "store.tds") == pytest.approx(0.0, abs=1e-6)


def test_given_drainage_concentration_draws_salt_from_the_soil_store() -> None:
    # drainage at 4 g/L: 3 m3/s × 4 g/L returns though only 6 × 1 g/L was applied → store −6 m3/s·g/L a day
    res = _run(
        [{"name": "in", "type": "inflow", "flow": "10 m3/s"}, {"name": "r1", "type": "reach"},
         {"name": "farm", "type": "demand", "demand": "6 m3/s", "consumptive_fraction": 0.5, "return_to": "r2"},
         {"name": "r2", "type": "reach"}, {"name": "sea", "type": "terminal"}],
        [["in", "r1"], ["r1", "farm"], ["r1", "r2"], ["r2", "sea"]],
        {"in": {"concentration": {"tds": "1 g/L"}}, "farm": {"return_flow": {"tds": "4 g/L"}}},
    )
    assert res.get("r2", "concentration.tds") == pytest.approx((4 * 1 + 3 * 4) / 7)
    assert res.get("farm", "store.tds")[:, 0] == pytest.approx(-6 * T_PER_DAY * np.arange(1, 4))


def test_groundwater_pumping_carries_the_aquifer_concentration() -> None:
    res = _run(
        [{"name": "aq", "type": "groundwater", "initial_volume": "500 hm3", "recharge": "0 m3/s"},
         {"name": "town", "type": "demand", "demand": "1 m3/s"}],
        [["aq", "town"]],
        {"aq": {"concentration": {"tds": "1.5 g/L"}}},
    )
    assert res.get("aq", "concentration.tds") == pytest.approx(1.5)
    assert res.get("town", "concentration.tds") == pytest.approx(1.5)


def test_a_limit_refuses_water_above_it() -> None:
    # the well (0.5 g/L) gives at most 0.4 m3/s; the rest of the town's 1 m3/s comes from the lake (2 g/L)
    nodes = [
        {"name": "river", "type": "inflow", "flow": "5 m3/s"},
        {"name": "lake", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "90 hm3"},
        {"name": "well", "type": "groundwater", "initial_volume": "100 hm3", "max_pumping": "0.4 m3/s"},
        {"name": "town", "type": "demand", "demand": "1 m3/s"},
        {"name": "sea", "type": "terminal"},
    ]
    edges = [["river", "lake"], ["lake", "town"], ["well", "town"], ["lake", "sea"]]
    quality = {"river": {"concentration": {"tds": "2 g/L"}}, "lake": {"initial": {"tds": "2 g/L"}},
               "well": {"concentration": {"tds": "0.5 g/L"}}}
    free = _run(nodes, edges, quality)
    assert free.get("town", "concentration.tds") == pytest.approx(0.4 * 0.5 + 0.6 * 2.0)
    # with a 1 g/L limit the lake (2 g/L in the previous step, or at the start) is refused
    limited = _run(nodes, edges, {**quality, "town": {"limit": {"tds": "1 g/L"}}})
    assert limited.get("town", "delivered") == pytest.approx(0.4)
    assert limited.get("town", "concentration.tds") == pytest.approx(0.5)


def test_sparse_and_dense_solves_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    quality = {"in": {"concentration": {"tds": "1 g/L"}}, "farm": {"leaching": 0.5}}
    dense = _run(LOOP_NODES, LOOP_EDGES, quality)
    monkeypatch.setattr("arna.engine.quality.DENSE_LIMIT", 0)
    sparse = _run(LOOP_NODES, LOOP_EDGES, quality)
    assert sparse.get("r1", "concentration.tds") == pytest.approx(dense.get("r1", "concentration.tds"), rel=1e-12)
    assert dense.get("r1", "concentration.tds") == pytest.approx(10 / 8.5)  # c·13 = 10 + 4.5c


def test_scenario_blocks_in_processes_give_the_same_quality_results() -> None:
    """Salinity series are the same whichever scenarios a block holds (stores are structural), so blocks
    run in worker processes merge: lower-syr-darya's two scenarios in two processes equal one run."""
    from arna.api import compile_model
    from arna.data.registry import bundled_model_path
    from arna.scenarios.runners import LocalRunner, ProcessRunner, run_network

    net = compile_model(bundled_model_path("lower-syr-darya"))
    one = run_network(net, runner=LocalRunner())
    two = run_network(net, runner=ProcessRunner(2))
    assert one.series == two.series and ("Turkistan cotton", "store.tds", "t") in one.series
    assert np.allclose(one.values, two.values, rtol=1e-12, atol=1e-12)
    assert two.quality_error is not None and two.quality_error <= 1e-9
