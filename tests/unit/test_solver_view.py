"""Columns every timestep fixes (fixed inflows) are left out of the LP HiGHS solves, with the same results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.integration.test_runners import ensemble

from arna.engine import assemble
from arna.engine.simulate import simulate
from arna.errors import InfeasibleError
from arna.pywr.run import prepare_pywr


def _doc(town: float = 20.0, sea: float | None = None, inline: bool = False) -> dict[str, Any]:
    monthly = {"type": "monthlyprofile", "values": [10, 12, 30, 60, 80, 50, 30, 20, 15, 12, 10, 9]}
    return {
        "metadata": {"title": "fixed inflows", "description": "Arna test: catchments feeding a reservoir"},
        "timestepper": {"start": "2015-01-01", "end": "2015-12-31", "timestep": 1},
        "nodes": [
            {"name": "upper", "type": "Catchment", "flow": monthly if inline else "upper_flow"},
            {"name": "side", "type": "Catchment", "flow": 7.5},
            {"name": "dam", "type": "Storage", "max_volume": 900, "initial_volume": 400, "cost": -5},
            {"name": "river", "type": "Link"},
            {"name": "town", "type": "Output", "max_flow": town, "cost": -10},
            {"name": "sea", "type": "Output", **({} if sea is None else {"max_flow": sea})},
        ],
        "edges": [["upper", "dam"], ["dam", "river"], ["side", "river"], ["river", "town"], ["river", "sea"]],
        "parameters": {"upper_flow": monthly},
    }


def _keep_every_column(monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(net: Any, red: Any, layout: assemble.Layout) -> None:
        layout.solver_lp, layout.solver_cols = layout.lp, np.arange(layout.lp.n_cols)
        layout.fixed_cols = np.zeros(0, dtype=np.intp)

    monkeypatch.setattr(assemble, "define_solver_view", whole)


def _network(tmp_path: Path, doc: dict[str, Any]) -> Any:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(doc))
    return prepare_pywr(path)[0]


@pytest.mark.parametrize("inline", [False, True], ids=["named", "inline"])
def test_fixed_inflows_leave_the_lp_and_the_results_stay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         inline: bool) -> None:
    net = _network(tmp_path, _doc(inline=inline))
    layout = assemble.build_layout(net)
    assert len(layout.fixed_cols) == 2  # the two catchments
    assert layout.solver().n_cols == layout.lp.n_cols - 2 and layout.solver().n_rows == layout.lp.n_rows
    reduced = simulate(net)
    _keep_every_column(monkeypatch)
    whole = simulate(net)
    assert reduced.recorded.shape == whole.recorded.shape
    assert np.allclose(reduced.recorded, whole.recorded, rtol=1e-9, atol=1e-9)
    assert np.allclose(reduced.volumes, whole.volumes, rtol=1e-9, atol=1e-9)
    assert reduced.balance_error < 1e-9


def test_a_network_with_priority_tiers_keeps_every_column() -> None:
    layout = assemble.build_layout(ensemble(n_scenarios=2, days=3))
    assert layout.fixed_cols.size == 0 and layout.solver() is layout.lp


def test_an_inflow_that_cannot_be_passed_on_is_explained_as_before(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc(town=5.0, sea=5.0)
    doc["nodes"] = [n for n in doc["nodes"] if n["name"] != "dam"]
    doc["edges"] = [["upper", "river"], ["side", "river"], ["river", "town"], ["river", "sea"]]
    net = _network(tmp_path, doc)
    assert assemble.build_layout(net).fixed_cols.size
    with pytest.raises(InfeasibleError) as reduced:
        simulate(net)
    _keep_every_column(monkeypatch)
    with pytest.raises(InfeasibleError) as whole:
        simulate(net)
    assert str(reduced.value) == str(whole.value)
    assert "timestep 0 (2015-01-01)" in str(reduced.value) and "nodes involved: river" in str(reduced.value)
