"""A terminal lake: a reservoir without an outlet that loses its water to evaporation from its area,
optionally fed through a terminal node that records its inflow against a target (an indicator)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import model, write

from arna.api import run
from arna.cli.main import main

LAKE = {"name": "lake", "type": "reservoir", "capacity": "1000 hm3", "initial_volume": "400 hm3",
        "table": {"volume": [0, 1000], "level": [100.0, 110.0], "area": [10.0, 110.0]},
        "evaporation": {"type": "constant", "unit": "mm/day", "value": 20.0}}
NODES = [{"name": "river", "type": "inflow", "flow": "10 m3/s"},
         {"name": "inflow to lake", "type": "terminal", "target_inflow": "12 m3/s"}, LAKE]
EDGES = [["river", "inflow to lake"], ["inflow to lake", "lake"]]


def test_lake_level_and_volume_follow_inflow_less_evaporation(tmp_path: Path) -> None:
    res = run(write(tmp_path, model(NODES, EDGES, days=30)))
    volume = res.get("lake", "volume")[:, 0]
    evap = res.get("lake", "evaporation")[:, 0] * 86_400 / 1e6  # hm³/day
    start = np.concatenate([[400.0], volume[:-1]])
    assert np.allclose(volume - start, 0.864 - evap, atol=1e-6)
    # evaporation = 20 mm/day × the area at the start of the day (area linear in volume)
    assert evap == pytest.approx(20e-3 * (10.0 + start / 10.0), rel=1e-6)
    assert res.get("lake", "level")[:, 0] == pytest.approx(100.0 + volume / 100.0, rel=1e-9)
    assert res.get("inflow to lake", "flow")[:, 0] == pytest.approx(10.0)  # recorded, target not sought
    assert res.get("lake", "release")[:, 0] == pytest.approx(0.0, abs=1e-9)
    assert res.balance_error <= 1e-9


def test_terminal_may_drain_only_into_a_lake_reservoir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [*NODES[:2], {"name": "delta", "type": "reach"}, {"name": "sea", "type": "terminal"}]
    edges = [["river", "inflow to lake"], ["inflow to lake", "delta"], ["delta", "sea"]]
    path = write(tmp_path, model(nodes, edges))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "edges[1][0]" in err and "can only drain into the reservoir" in err


def test_a_reservoir_without_outlet_or_evaporation_is_not_an_outlet(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    lake = {k: v for k, v in LAKE.items() if k != "evaporation"}
    path = write(tmp_path, model([NODES[0], lake], [["river", "lake"]]))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "'lake' has no path to an outlet" in err
