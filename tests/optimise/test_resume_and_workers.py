"""Checkpoints and workers: an interrupted search resumed gives the uninterrupted one's front; local
processes give the one-process front; a worker killed in the middle of a generation loses nothing."""

from __future__ import annotations

import functools
import os
import signal
from pathlib import Path

import numpy as np
import pytest

from arna.errors import InputError
from arna.optimise.evaluate import Context, Outcome, evaluate
from arna.optimise.front import front_frame, history_frame
from arna.optimise.search import SearchState, Settings, run_search
from arna.optimise.workers import LocalEvaluator, ProcessEvaluator

SETTINGS = Settings(population=8, generations=4, seed=5)


class Interrupted(Exception):
    """Stands for Ctrl-C or a machine going down after a generation."""


def _same(a: SearchState, b: SearchState, ctx: Context) -> None:
    assert front_frame(a, ctx).equals(front_frame(b, ctx))
    assert history_frame(a).equals(history_frame(b))
    assert len(a.xs) == len(b.xs) == SETTINGS.population * SETTINGS.generations
    assert all(np.array_equal(x, y) for x, y in zip(a.xs, b.xs, strict=True))
    assert a.outcomes == b.outcomes


def test_resume_after_an_interruption_gives_the_uninterrupted_result(ctx: Context, tmp_path: Path) -> None:
    whole = run_search(ctx, SETTINGS, LocalEvaluator(ctx))
    checkpoint = tmp_path / "search.checkpoint"

    def stop_after_two(state: SearchState) -> None:
        if state.generation == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        run_search(ctx, SETTINGS, LocalEvaluator(ctx), checkpoint, on_generation=stop_after_two)
    resumed = run_search(ctx, SETTINGS, LocalEvaluator(ctx), checkpoint, resume=True)
    _same(whole, resumed, ctx)


def test_a_checkpoint_of_other_settings_is_refused(ctx: Context, tmp_path: Path) -> None:
    checkpoint = tmp_path / "search.checkpoint"
    run_search(ctx, Settings(population=8, generations=1, seed=5), LocalEvaluator(ctx), checkpoint)
    with pytest.raises(InputError, match="another problem, model, algorithm, population or seed"):
        run_search(ctx, Settings(population=8, generations=2, seed=6), LocalEvaluator(ctx), checkpoint, resume=True)
    with pytest.raises(InputError, match="no checkpoint to resume from"):
        run_search(ctx, SETTINGS, LocalEvaluator(ctx), tmp_path / "none", resume=True)
    (tmp_path / "junk").write_bytes(b"not a pickle")
    with pytest.raises(InputError, match="not a readable checkpoint"):
        run_search(ctx, SETTINGS, LocalEvaluator(ctx), tmp_path / "junk", resume=True)


def test_local_processes_give_the_one_process_front(ctx: Context) -> None:
    one = run_search(ctx, SETTINGS, LocalEvaluator(ctx))
    pool = ProcessEvaluator(ctx, 2)
    try:
        two = run_search(ctx, SETTINGS, pool)
    finally:
        pool.close()
    _same(one, two, ctx)


def _dies_once(log: Path, kill_at: int, ctx: Context, x: np.ndarray) -> Outcome:
    """Evaluate, but the worker that makes the ``kill_at``-th call is killed (once) before it answers."""
    with log.open("a") as fh:
        fh.write(f"{os.getpid()}\n")
    calls = len(log.read_text().splitlines())
    if calls >= kill_at:
        try:
            fd = os.open(log.with_suffix(".killed"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)
    return evaluate(ctx, x)


def test_a_worker_killed_mid_generation_loses_no_evaluation(ctx: Context, tmp_path: Path) -> None:
    reference = run_search(ctx, SETTINGS, LocalEvaluator(ctx))
    log = tmp_path / "calls.log"
    task = functools.partial(_dies_once, log, SETTINGS.population + 3)  # in the middle of generation 2
    pool = ProcessEvaluator(ctx, 2, task=task)
    try:
        survived = run_search(ctx, SETTINGS, pool)
    finally:
        pool.close()
    assert log.with_suffix(".killed").exists(), "no worker was killed: the test did not exercise a lost worker"
    assert pool.restarts >= 1
    _same(reference, survived, ctx)


@pytest.mark.slow
def test_a_dask_cluster_gives_the_one_process_front(ctx: Context) -> None:
    distributed = pytest.importorskip("distributed")
    from arna.optimise.workers import DaskEvaluator

    one = run_search(ctx, SETTINGS, LocalEvaluator(ctx))
    cluster_args = {"n_workers": 2, "threads_per_worker": 1, "processes": False, "dashboard_address": ":0"}
    with distributed.LocalCluster(**cluster_args) as cluster, distributed.Client(cluster) as client:
        evaluator = DaskEvaluator(ctx, client)
        try:
            on_dask = run_search(ctx, SETTINGS, evaluator)
        finally:
            evaluator.close()
    _same(one, on_dask, ctx)


def test_the_front_solutions_that_beat_a_reference_are_found(ctx: Context) -> None:
    from arna.optimise.search import dominating
    from tests.optimise.conftest import YEAR_KM3

    state = run_search(ctx, Settings(population=8, generations=2, seed=5), LocalEvaluator(ctx))
    n = len(front_frame(state, ctx))
    assert dominating(state, ctx.problem, Outcome((YEAR_KM3, YEAR_KM3), ())) == list(range(n))
    assert dominating(state, ctx.problem, Outcome((0.0, 0.0), ())) == []
    assert dominating(state, ctx.problem, Outcome((float("nan"),) * 2, (), "invalid")) == []


def _always_dies(ctx: Context, x: np.ndarray) -> Outcome:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def test_a_candidate_whose_worker_always_dies_stops_the_search_with_a_clear_error(ctx: Context) -> None:
    from arna.errors import SimulationError

    pool = ProcessEvaluator(ctx, 2, task=_always_dies, retries=1)
    try:
        with pytest.raises(SimulationError, match=r"2 candidate\(s\) could not be evaluated: their worker process "
                                                  r"died 2 times"):
            pool.map([np.array([1.0, 0.0]), np.array([2.0, 0.0])])
    finally:
        pool.close()
    assert pool.restarts == 1
