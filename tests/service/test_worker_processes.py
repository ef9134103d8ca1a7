"""Runs in worker processes: progress, results, errors raised in the process, the queue, cancel and
shutdown kill the process, and a process that dies fails its run with how it ended."""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Iterator

import pandas as pd
import pytest
import yaml

from arna.api import run
from arna.data.registry import bundled_model_path
from arna.errors import InputError, SimulationError
from arna.schema import ModelDocument, load_model, model_from_mapping
from arna.service.worker import STOPPED, RunWorker, died_message
from arna.store import MemoryStore
from tests.service.conftest import LONG_MODEL, until


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def worker(store: MemoryStore) -> Iterator[RunWorker]:
    w = RunWorker(store, workers=1)
    yield w
    w.shutdown()


@pytest.fixture(scope="module")
def lower() -> ModelDocument:
    return load_model(bundled_model_path("lower-syr-darya"))


@pytest.fixture(scope="module")
def long_doc() -> ModelDocument:
    return model_from_mapping(yaml.safe_load(LONG_MODEL), "long-river.yaml")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def running(worker: RunWorker, run_id: str) -> int:
    """Wait until the run's process has reported progress; its pid."""
    until(lambda: (p := worker.progress(run_id)) is not None and p.done > 0, f"progress of run {run_id}")
    pid = worker.pid(run_id)
    assert pid is not None and pid != os.getpid()
    return pid


def test_a_run_in_a_process_reports_progress_and_stores_the_same_results(
        worker: RunWorker, store: MemoryStore, lower: ModelDocument) -> None:
    run_id = worker.start(lower, ["dry"], bundled_model_path("lower-syr-darya"))
    worker.wait(run_id, 60)
    rec = store.get(run_id)
    assert rec.status == "completed" and rec.pid == os.getpid()  # the service owns the run, not its process
    progress = worker.progress(run_id)
    assert progress is not None and progress.done == progress.total == 60
    assert worker.pid(run_id) is None
    expected = run(bundled_model_path("lower-syr-darya"), ["dry"]).to_frame()
    pd.testing.assert_frame_equal(store.results(run_id), expected, check_dtype=False)


def test_an_error_in_the_process_fails_the_run_with_its_message(
        worker: RunWorker, store: MemoryStore, lower: ModelDocument) -> None:
    run_id = worker.start(lower, ["no-such-scenario"])
    worker.wait(run_id, 60)
    rec = store.get(run_id)
    assert rec.status == "failed" and rec.error is not None and "no-such-scenario" in rec.error
    with pytest.raises(InputError, match="failed"):
        store.results(run_id)


def test_an_infeasible_model_fails_with_the_engine_message(worker: RunWorker, store: MemoryStore) -> None:
    doc = model_from_mapping(yaml.safe_load("""name: infeasible
timestepper: {start: 2021-01-01, end: 2021-02-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "10 m3/s"}
  - {name: link, type: link, min_flow: "20 m3/s"}
  - {name: sea, type: terminal}
edges: [[river, link], [link, sea]]
"""), "infeasible.yaml")
    run_id = worker.start(doc, None)
    worker.wait(run_id, 60)
    rec = store.get(run_id)
    with pytest.raises(SimulationError) as in_process:
        run(doc)
    assert rec.status == "failed" and rec.error == str(in_process.value)


def test_runs_wait_their_turn_first_in_first_out(worker: RunWorker, store: MemoryStore,
                                                 lower: ModelDocument) -> None:
    ids = [worker.start(lower, [scenario]) for scenario in ("dry", "baseline", "dry")]
    for run_id in ids:
        worker.wait(run_id, 60)
    records = [store.get(i) for i in ids]
    assert [r.status for r in records] == ["completed"] * 3
    for before, after in itertools.pairwise(records):
        assert before.finished is not None and after.started is not None and after.started >= before.finished


def test_cancel_kills_the_running_process(worker: RunWorker, store: MemoryStore, long_doc: ModelDocument,
                                          lower: ModelDocument) -> None:
    run_id = worker.start(long_doc, None)
    pid = running(worker, run_id)
    worker.cancel(run_id)
    worker.wait(run_id, 30)
    assert gone(pid) and worker.pid(run_id) is None
    rec = store.get(run_id)
    progress = worker.progress(run_id)
    assert rec.status == "cancelled" and rec.error is None
    assert progress is not None and 0 < progress.done < progress.total
    after = worker.start(lower, ["dry"])
    worker.wait(after, 60)
    assert store.get(after).status == "completed"


def test_a_killed_process_fails_its_run_and_the_next_one_starts(
        worker: RunWorker, store: MemoryStore, long_doc: ModelDocument, lower: ModelDocument) -> None:
    run_id = worker.start(long_doc, None)
    queued = worker.start(lower, ["dry"])
    pid = running(worker, run_id)
    os.kill(pid, signal.SIGTERM)
    worker.wait(run_id, 30)
    worker.wait(queued, 60)
    rec = store.get(run_id)
    assert rec.status == "failed" and rec.error == died_message(-signal.SIGTERM, pid)
    assert f"pid {pid}" in rec.error
    assert "killed by signal SIGTERM" in rec.error and "start the run again" in rec.error
    assert store.get(queued).status == "completed"


def test_shutdown_kills_running_processes_and_fails_their_runs(store: MemoryStore, long_doc: ModelDocument,
                                                               lower: ModelDocument) -> None:
    worker = RunWorker(store, workers=1)
    run_id = worker.start(long_doc, None)
    queued = worker.start(lower, ["dry"])
    pid = running(worker, run_id)
    worker.shutdown()
    assert gone(pid)
    for i in (run_id, queued):
        rec = store.get(i)
        assert rec.status == "failed" and rec.error == STOPPED


def test_how_a_process_ended_is_named() -> None:
    assert died_message(-signal.SIGKILL, 1234) == (
        "the worker process running it (pid 1234) died (killed by signal SIGKILL; the system also sends it when "
        "memory runs out); start the run again")
    assert "exited with status 3" in died_message(3)
    assert "exited without sending a result" in died_message(0)
    assert "killed by signal 200" in died_message(-200)


def test_worker_processes_with_the_postgresql_store(pg_url: str, long_doc: ModelDocument,
                                                    lower: ModelDocument) -> None:
    """The service does every store write, so the PostgreSQL store works as the others do."""
    from arna.store.postgres import PostgresStore

    store = PostgresStore(pg_url)
    worker = RunWorker(store, workers=1)
    try:
        killed = worker.start(long_doc, None)
        done = worker.start(lower, ["dry"])
        pid = running(worker, killed)
        os.kill(pid, signal.SIGKILL)
        worker.wait(killed, 30)
        worker.wait(done, 60)
    finally:
        worker.shutdown()
    rec = store.get(killed)
    assert rec.status == "failed" and rec.error == died_message(-signal.SIGKILL, pid)
    assert store.get(done).status == "completed"
    assert len(store.results(done, node="Shardara", attribute="volume")) == 60
    store.close()
