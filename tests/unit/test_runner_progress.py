"""Runs report progress in scenario-timesteps, from worker processes too, and wall time as their run time."""

from __future__ import annotations

import time

import numpy as np
import pytest
from tests.integration.test_runners import ensemble

from arna.scenarios import LocalRunner, ProcessRunner, run_network


@pytest.mark.parametrize("runner", [LocalRunner(), ProcessRunner(2)], ids=["local", "workers"])
def test_progress_moves_with_timesteps_and_ends_at_the_total(runner: LocalRunner | ProcessRunner) -> None:
    net = ensemble(n_scenarios=200, days=40)  # several blocks, so several chunks for the workers
    seen: list[tuple[int, int]] = []
    start = time.perf_counter()
    res = run_network(net, runner=runner, progress=lambda done, total: seen.append((done, total)))
    wall = time.perf_counter() - start
    total = 200 * 40
    assert seen[-1] == (total, total)
    assert all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    if isinstance(runner, LocalRunner):
        assert len(seen) >= 40  # every timestep of every chunk
    assert 0 < res.timings["run"] <= wall and res.timings["loop"] > 0
    assert res.values.shape == (40, len(res.series), 200) and np.isfinite(res.values).all()


def test_workers_merge_their_chunks_in_scenario_order() -> None:
    net = ensemble(n_scenarios=200, days=20)
    one = run_network(net, runner=LocalRunner())
    two = run_network(net, runner=ProcessRunner(2))
    assert two.scenarios == one.scenarios and np.array_equal(two.values, one.values)
