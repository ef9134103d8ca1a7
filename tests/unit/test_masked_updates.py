"""Whole-step masked updates (the loop's plain path) give what per-block updates give."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from arna.engine.balance import BalanceTracker
from arna.engine.solver import HighsLP, SparseLP, csc_from_triplets
from arna.errors import InfeasibleError
from arna.network.ir import LinearNetwork
from arna.network.native import compile_document
from arna.pywr.translate import translate_file

simulate = importlib.import_module("arna.engine.simulate")  # the module (arna.engine exports a function of that name)


def _lp(rng: np.random.Generator, n_rows: int = 6, n_cols: int = 10) -> SparseLP:
    terms = [(r, c, float(rng.choice([-1.0, 1.0, 0.5]))) for r in range(n_rows) for c in range(n_cols)
             if rng.random() < 0.4]
    return csc_from_triplets(n_rows, n_cols, terms)


def _step(rng: np.random.Generator, n_cols: int, n_rows: int, prev: tuple[np.ndarray, ...] | None
          ) -> tuple[np.ndarray, ...]:
    """Bounds and costs of a feasible LP (x = 0 within every range); a few entries change from ``prev``."""
    fresh = (-rng.random(n_cols), 1 + rng.random(n_cols), rng.normal(size=n_cols), -1 - rng.random(n_rows),
             1 + rng.random(n_rows))
    if prev is None:
        return fresh
    return tuple(np.where(rng.random(len(p)) < 0.3, f, p) for p, f in zip(prev, fresh, strict=True))


@pytest.mark.parametrize("backend", ["c", "py"])
@pytest.mark.parametrize("seed", range(5))
def test_masked_changes_solve_as_full_updates(backend: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    lp = _lp(rng)
    full, masked = HighsLP(lp, backend=backend), HighsLP(lp, backend=backend)
    prev: tuple[np.ndarray, ...] | None = None
    for _ in range(12):
        lo, hi, cost, rlo, rhi = data = _step(rng, lp.n_cols, lp.n_rows, prev)
        full.update(*data)
        if prev is None:
            masked.update(*data)
        else:
            col_mask = ((lo != prev[0]) | (hi != prev[1])).astype(np.int32)
            row_mask = ((rlo != prev[3]) | (rhi != prev[4])).astype(np.int32)
            cost_mask = (cost != prev[2]).astype(np.int32)
            if seed % 2 and not cost_mask.any():
                cost_mask = np.zeros(0, dtype=np.int32)
            # the instance's part is the second half of each step array (as one block among others)
            parts = (col_mask, lo, hi, row_mask, rlo, rhi, cost_mask, cost)
            step = [np.concatenate([np.zeros_like(a) if a.dtype == np.int32 else rng.random(len(a)), a])
                    for a in parts]
            masked.change_masked(step, [slice(len(a), 2 * len(a)) for a in parts])
        assert full.solve()[0] and masked.solve()[0]
        x = np.empty(lp.n_cols)
        masked.primal_to(x)
        assert np.allclose(x, full.primal(), atol=1e-9)
        lp_now = masked.current_lp()  # what a diagnosis of this instance would see
        assert np.array_equal(np.asarray(lp_now.col_lower_), lo) and np.array_equal(np.asarray(lp_now.row_upper_), rhi)
        prev = data


def test_an_instance_updated_in_full_after_masked_changes_keeps_its_own_copy() -> None:
    rng = np.random.default_rng(7)
    lp = _lp(rng)
    h = HighsLP(lp)
    first = _step(rng, lp.n_cols, lp.n_rows, None)
    h.update(*first)
    second = _step(rng, lp.n_cols, lp.n_rows, first)
    ones_c, ones_r = np.ones(lp.n_cols, np.int32), np.ones(lp.n_rows, np.int32)
    h.change_masked((ones_c, second[0], second[1], ones_r, second[3], second[4], ones_c, second[2]), [slice(None)] * 8)
    kept = second[0].copy()
    h.update(*_step(rng, lp.n_cols, lp.n_rows, second))
    assert np.array_equal(second[0], kept)  # the caller's array is not written into


def _pywr_network(tmp_path: Path) -> LinearNetwork:
    """A Pywr model with 40 scenarios whose inflows, demands and storage-dependent costs change over the run
    (so column bounds, row bounds and costs all change from step to step)."""
    n = 40
    doc = {
        "metadata": {"title": "masked", "minimum_version": "1.0"},
        "timestepper": {"start": "2020-01-01", "end": "2020-04-30", "timestep": 1},
        "scenarios": [{"name": "inflow", "size": n}],
        "nodes": [
            {"name": "catchment", "type": "catchment", "flow": "inflow"},
            {"name": "reservoir", "type": "storage", "max_volume": 500, "initial_volume": 250,
             "cost": "storage_cost"},
            {"name": "town", "type": "output", "max_flow": "town_demand", "cost": -100},
            {"name": "farms", "type": "output", "max_flow": 12, "cost": -5},
            {"name": "spill", "type": "output"},
        ],
        "edges": [["catchment", "reservoir"], ["reservoir", "town"], ["reservoir", "farms"],
                  ["reservoir", "spill"]],
        "parameters": {
            "inflow": {"type": "aggregated", "agg_func": "product", "parameters": [
                {"type": "constantscenario", "scenario": "inflow", "values": [0.5 + 0.05 * i for i in range(n)]},
                {"type": "dailyprofile", "values": [20 + 10 * np.sin(d / 9) for d in range(366)]}]},
            "town_demand": {"type": "monthlyprofile", "values": [8, 9, 10, 12, 14, 15, 15, 14, 12, 10, 9, 8]},
            "storage_cost": {"type": "controlcurve", "storage_node": "reservoir", "control_curves": [0.7, 0.3],
                             "values": [-1, -8, -20]},
        },
    }
    path = tmp_path / "masked.json"
    path.write_text(json.dumps(doc))
    tr = translate_file(path)
    return compile_document(tr.document, tr.source, tr.data)


def test_the_plain_path_gives_the_block_by_block_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    net = _pywr_network(tmp_path)
    fast = simulate.simulate(net, block_size=8)
    loop = simulate._Loop.__init__
    seen: list[object] = []

    def no_plain(self: object, *args: object, **kwargs: object) -> None:
        loop(self, *args, **kwargs)
        seen.append(self.plain)  # type: ignore[attr-defined]
        self.plain = None  # type: ignore[attr-defined]

    monkeypatch.setattr(simulate._Loop, "__init__", no_plain)
    slow = simulate.simulate(net, block_size=8)
    assert seen and seen[0] is not None  # the network does take the plain path
    assert np.array_equal(fast.recorded, slow.recorded)
    assert np.array_equal(fast.volumes, slow.volumes)
    assert np.ptp(fast.volumes[:, 0, :], axis=0).min() > 0  # storages move: costs and bounds change


def test_a_block_that_fails_after_masked_changes_names_its_scenario(tmp_path: Path) -> None:
    """The diagnosis re-solves each scenario of the failing block from the data the instance holds (the
    views of the step arrays): the error must name the step and the one scenario whose inflow is too small."""
    doc = {
        "metadata": {"title": "fails", "minimum_version": "1.0"},
        "timestepper": {"start": "2020-01-01", "end": "2020-03-31", "timestep": 1},
        "scenarios": [{"name": "inflow", "size": 6}],
        "nodes": [
            {"name": "catchment", "type": "catchment", "flow": "inflow"},
            {"name": "river", "type": "link", "min_flow": "minimum"},
            {"name": "sea", "type": "output"},
        ],
        "edges": [["catchment", "river"], ["river", "sea"]],
        "parameters": {
            "inflow": {"type": "constantscenario", "scenario": "inflow", "values": [9, 8, 7, 9, 2, 9]},
            "minimum": {"type": "monthlyprofile", "values": [1, 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1]},
        },
    }
    path = tmp_path / "fails.json"
    path.write_text(json.dumps(doc))
    tr = translate_file(path)
    net = compile_document(tr.document, tr.source, tr.data)
    with pytest.raises(InfeasibleError) as caught:
        simulate.simulate(net, block_size=3)
    text = str(caught.value)
    assert "timestep 60 (2020-03-01)" in text and f"scenario '{net.scenarios[4]}'" in text


def test_maps_read_from_the_lp_columns_give_what_the_expanded_columns_give(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    net = _pywr_network(tmp_path)
    seen: list[bool] = []
    loop = simulate._Loop.__init__

    def spy(self: object, *args: object, **kwargs: object) -> None:
        loop(self, *args, **kwargs)
        seen.append(self.compact)  # type: ignore[attr-defined]

    monkeypatch.setattr(simulate._Loop, "__init__", spy)
    compact = simulate.simulate(net, block_size=8)
    monkeypatch.setattr(BalanceTracker, "composable", property(lambda self: False))
    expanded = simulate.simulate(net, block_size=8)
    assert seen == [True, False]
    assert np.allclose(compact.recorded, expanded.recorded, rtol=1e-12, atol=1e-12)
    assert np.allclose(compact.volumes, expanded.volumes, rtol=1e-12, atol=1e-12)
    assert compact.balance_error <= 1e-9


def test_the_highspy_backend_runs_after_another_highspy_model_in_the_process() -> None:
    """HiGHS makes one task scheduler per process, at the first run; an instance asking for another thread
    count then fails to run. A portfolio (a highspy MIP) solved before a run on the highspy back-end once
    left every later solve with model status 'Not Set'. In a fresh process, so the order is the one tested."""
    code = (
        "import numpy as np\n"
        "from arna.engine.solver import HighsLP, csc_from_triplets, new_highs\n"
        "import highspy\n"
        "h = new_highs()\n"
        "lp = highspy.HighsLp(); lp.num_col_ = 1; lp.num_row_ = 0\n"
        "lp.col_cost_ = np.array([1.0]); lp.col_lower_ = np.array([0.0]); lp.col_upper_ = np.array([1.0])\n"
        "h.passModel(lp); h.run()\n"
        "s = HighsLP(csc_from_triplets(1, 2, [(0, 0, 1.0), (0, 1, 1.0)]), backend='py')\n"
        "s.update(np.zeros(2), np.ones(2), np.array([-1.0, -2.0]), np.array([0.0]), np.array([1.0]))\n"
        "print(s.solve())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("(True, 'Optimal')"), out.stdout + out.stderr
