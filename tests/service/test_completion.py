"""Completing a run costs the service one short store write: the worker process writes the results and
computes the first outputs, so nothing large is built in the service's process (whose interpreter lock
its requests need); ``/health`` and refused streams need nothing a run, the store or the thread pool holds."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import httpx
import pytest

import arna.engine.longtable as longtable
import arna.store.embedded as embedded
from arna.data.registry import bundled_model_path
from arna.engine.results import Results
from arna.schema import ModelDocument, load_model
from arna.service import database, outputs
from arna.service.routers.network import state_body
from arna.service.routers.runs import indicators_body
from arna.service.worker import RunWorker
from arna.store import EmbeddedStore, MemoryStore, RunStore
from tests.service.conftest import LONG_MODEL
from tests.service.live import live_service, until


@pytest.fixture(scope="module")
def lower() -> ModelDocument:
    return load_model(bundled_model_path("lower-syr-darya"))


def forbid(monkeypatch: pytest.MonkeyPatch, calls: list[str], allow: str = "") -> None:
    """Make what builds a run's results file and outputs fail in this (the service's) process (``allow``:
    one that is only counted); the worker processes come from a forkserver started afresh, where none
    of this is patched."""

    def refuse(name: str, original: Callable[..., object] | None = None) -> Callable[..., object]:
        def refused(*args: object, **kwargs: object) -> object:
            calls.append(name)
            if name == allow and original is not None:
                return original(*args, **kwargs)
            raise AssertionError(f"{name} ran in the service's process")
        return refused

    monkeypatch.setattr(Results, "to_frame", refuse("Results.to_frame", Results.to_frame))
    monkeypatch.setattr(longtable, "write_results", refuse("write_results"))
    monkeypatch.setattr(embedded, "_write_results", refuse("EmbeddedStore._write_results"))
    monkeypatch.setattr(outputs, "indicators", refuse("outputs.indicators"))
    monkeypatch.setattr(outputs, "node_states", refuse("outputs.node_states"))


def completed_by(store: RunStore, doc: ModelDocument, monkeypatch: pytest.MonkeyPatch, allow: str = ""
                 ) -> tuple[str, dict[str, bytes], list[str]]:
    """A run of ``doc`` (scenario ``dry``) completed by a worker with the builders forbidden here; the run
    id, the outputs handed to ``on_complete``, and what was called in this process."""
    calls: list[str] = []
    kept: dict[str, dict[str, bytes]] = {}

    def keep(run_id: str, made: Mapping[str, bytes]) -> None:
        kept[run_id] = dict(made)

    forbid(monkeypatch, calls, allow)
    worker = RunWorker(store, workers=1, on_complete=keep)
    try:
        run_id = worker.start(doc, ["dry"], bundled_model_path("lower-syr-darya"))
        worker.wait(run_id, 120)
    finally:
        worker.shutdown()
        monkeypatch.undo()
    return run_id, kept.get(run_id, {}), calls


def test_a_staged_store_completes_with_the_results_and_outputs_made_in_the_worker_process(
        tmp_path: Path, lower: ModelDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(tmp_path)
    run_id, made, calls = completed_by(store, lower, monkeypatch)
    rec = store.get(run_id)
    assert rec.status == "completed", rec.error
    assert calls == []
    # what the worker process made is what a request would compute from the stored results
    assert set(made) == {"indicators", "state"}
    assert made["indicators"] == indicators_body(store, run_id)
    assert made["state"] == state_body(store, run_id)
    assert sorted(p.name for p in (tmp_path / "runs" / run_id).iterdir()) == ["model.json", "results.parquet"]


def test_a_store_that_cannot_stage_gets_the_results_but_the_outputs_are_still_made_in_the_worker(
        lower: ModelDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    run_id, made, calls = completed_by(store, lower, monkeypatch, allow="Results.to_frame")
    assert store.get(run_id).status == "completed"
    assert calls == ["Results.to_frame"]  # the memory store keeps the long table: the one build left here
    assert made["indicators"] == indicators_body(store, run_id)


class Unwritable(EmbeddedStore):
    """A store whose staging path cannot be written (its folder is a file)."""

    def staging_path(self, run_id: str) -> Path:
        return self.folder / "not-a-folder" / "staged.parquet"


def test_results_the_worker_process_cannot_write_fail_the_run_saying_so(tmp_path: Path, lower: ModelDocument) -> None:
    store = Unwritable(tmp_path)
    (tmp_path / "not-a-folder").write_text("a file")
    worker = RunWorker(store, workers=1)
    try:
        run_id = worker.start(lower, ["dry"], bundled_model_path("lower-syr-darya"))
        worker.wait(run_id, 120)
    finally:
        worker.shutdown()
    rec = store.get(run_id)
    assert rec.status == "failed" and (rec.error or "").startswith("storing the results failed: ")
    assert "not-a-folder" in (rec.error or "")


@pytest.fixture
def held_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[tuple[httpx.Client, str, threading.Event, list[str]]]:
    """A live service with one stream allowed per user, whose store can be made to hold every thread
    that reads a run (``hold.clear()``) until ``hold.set()``; yields a viewer's client, a run id, the
    event and the list of reads held. A checked token stays known (no thread needed to check it again)."""
    monkeypatch.setattr(database, "AUTH_CACHE_SECONDS", 3600.0)
    with live_service(tmp_path, workers=1, max_streams_per_user=1) as live:
        with live.client("analyst") as c:
            assert c.post("/models", content=LONG_MODEL).status_code == 201
            run_id = c.post("/runs", json={"model": "long-river"}).json()["id"]
        store = live.app.state.store
        hold = threading.Event()
        hold.set()
        held: list[str] = []
        get = store.get

        def held_get(wanted: str) -> object:
            if not hold.is_set():
                held.append(wanted)
                hold.wait(60)
            return get(wanted)

        store.get = held_get
        try:
            with live.client("viewer", timeout=60) as viewer:
                yield viewer, run_id, hold, held
        finally:
            hold.set()
            store.get = get
            with live.client("analyst") as c:
                c.post(f"/runs/{run_id}/cancel")


def test_health_and_a_refused_stream_answer_while_every_thread_of_the_pool_is_held(
        held_store: tuple[httpx.Client, str, threading.Event, list[str]]) -> None:
    viewer, run_id, hold, held = held_store
    with viewer.stream("GET", f"/runs/{run_id}/events") as stream:  # the one stream this viewer may hold
        assert stream.status_code == 200
        hold.clear()
        # 45 reads of the run, each holding a thread of the pool (40) until released
        blocked = [threading.Thread(target=viewer.get, args=(f"/runs/{run_id}",), daemon=True) for _ in range(45)]
        for t in blocked:
            t.start()
        until(lambda: len(held) >= 40, "the thread pool to be held")
        answers: dict[str, int] = {}

        def ask() -> None:
            answers["health"] = viewer.get("/health").status_code
            answers["stream"] = viewer.get(f"/runs/{run_id}/events").status_code

        asking = threading.Thread(target=ask, daemon=True)
        asking.start()
        asking.join(30)  # without the fix, neither answers before the pool is let go
        answered_while_held = dict(answers)
        hold.set()
        for t in blocked:
            t.join(60)
    assert answered_while_held == {"health": 200, "stream": 429}
