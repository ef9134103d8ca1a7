"""A run through to results: start (202 at once), poll, results with filters and formats,
indicators, report; cancelling, failures and errors."""

from __future__ import annotations

import io
import json
import re
import threading

import pandas as pd
import pytest

from tests.service.conftest import Service


@pytest.fixture(scope="module")
def run_id(service: Service) -> str:
    response = service.client.post("/runs", json={"model": "lower-syr-darya"}, headers=service.headers("analyst"))
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] in {"queued", "running", "completed"} and body["scenarios"] == ["baseline", "dry"]
    done = service.wait(body["id"])
    assert done["status"] == "completed", done
    assert done["timesteps_done"] == done["timesteps_total"] == 60
    return str(body["id"])


def test_results_json_with_filters(service: Service, run_id: str) -> None:
    rows = service.client.get(f"/runs/{run_id}/results", headers=service.headers("viewer"), params={
        "node": "Shardara", "attribute": "volume", "scenario": "dry", "start": "2020-01-01", "end": "2020-12-01",
    }).json()
    assert len(rows) == 12
    seen = {(r["node"], r["attribute"], r["scenario"], r["unit"]) for r in rows}
    assert seen == {("Shardara", "volume", "dry", "hm3")}
    assert rows[0]["time"] == "2020-01-01T00:00:00" and rows[-1]["time"] == "2020-12-01T00:00:00"


def test_results_repeat_filters_and_csv(service: Service, run_id: str) -> None:
    response = service.client.get(f"/runs/{run_id}/results?node=Shardara&node=Aral&attribute=volume&format=csv",
                                  headers=service.headers("viewer"))
    assert response.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.StringIO(response.text))
    assert list(frame.columns) == ["time", "scenario", "node", "attribute", "value", "unit"]
    assert set(frame["node"]) <= {"Shardara", "Aral"} and "Shardara" in set(frame["node"])
    assert len(frame) > 0


def test_results_parquet_match_the_store(service: Service, run_id: str) -> None:
    response = service.client.get(f"/runs/{run_id}/results", params={"format": "parquet"},
                                  headers=service.headers("viewer"))
    assert response.headers["content-type"] == "application/vnd.apache.parquet"
    frame = pd.read_parquet(io.BytesIO(response.content))
    stored = service.app.state.store.results(run_id)
    pd.testing.assert_frame_equal(frame, stored, check_dtype=False)


def test_results_errors(service: Service, run_id: str) -> None:
    c, h = service.client, service.headers("viewer")
    bad = c.get(f"/runs/{run_id}/results", params={"start": "not a date"}, headers=h)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "start"]
    assert c.get(f"/runs/{run_id}/results", params={"start": "0.5"}, headers=h).status_code == 422  # not seconds
    assert c.get(f"/runs/{run_id}/results", params={"start": "0001-01-01", "end": "9999-12-31"},
                 headers=h).json()  # bounds past what pandas holds select everything
    assert c.get(f"/runs/{run_id}/results", params={"format": "xml"}, headers=h).status_code == 422
    assert c.get(f"/runs/{run_id}/results", params={"node": "nowhere"}, headers=h).json() == []
    assert c.get("/runs/0000/results", headers=h).status_code == 404
    assert c.get("/runs/0000", headers=h).status_code == 404


def test_indicators_and_report(service: Service, run_id: str) -> None:
    c, h = service.client, service.headers("viewer")
    tables = c.get(f"/runs/{run_id}/indicators", headers=h).json()
    assert set(tables) == {"demands", "hydropower", "targets", "year_deficit", "year_terminal", "year_energy"}
    assert {r["scenario"] for r in tables["demands"]} == {"baseline", "dry"}
    assert all(0.0 <= r["reliability"] <= 1.0 for r in tables["demands"])
    report = c.get(f"/runs/{run_id}/report", params={"lang": "ru"}, headers=h)
    assert report.headers["content-type"].startswith("text/html")
    assert report.text.startswith("<!DOCTYPE html>") and "Нижняя Сырдарья" in report.text  # the model's ru label
    assert not re.search(r'(src|href)="https?:', report.text)  # self-contained: nothing loaded from elsewhere


def test_list_runs_and_filters(service: Service, run_id: str) -> None:
    c, h = service.client, service.headers("viewer")
    assert run_id in {r["id"] for r in c.get("/runs", params={"status": "completed"}, headers=h).json()}
    assert c.get("/runs", params={"model": "no-such-model"}, headers=h).json() == []
    assert c.get("/runs", params={"status": "sleeping"}, headers=h).status_code == 422


def test_a_finished_run_cannot_be_cancelled(service: Service, run_id: str) -> None:
    response = service.client.post(f"/runs/{run_id}/cancel", headers=service.headers("analyst"))
    assert response.status_code == 409


def test_start_errors(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    assert c.post("/runs", json={"model": "nowhere"}, headers=h).status_code == 404
    assert c.post("/runs", json={"model": "lower-syr-darya", "version": 3}, headers=h).status_code == 404
    bad = c.post("/runs", json={"model": "lower-syr-darya", "scenarios": ["wet"]}, headers=h)
    assert bad.status_code == 422 and "wet" in bad.json()["detail"][0]["msg"]


def test_one_scenario_and_results_of_an_unfinished_run(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    worker = service.app.state.worker
    gate = threading.Event()
    blockers = [worker._pool.submit(gate.wait) for _ in range(2)]  # hold both workers: the run stays queued
    try:
        run = c.post("/runs", json={"model": "lower-syr-darya", "scenarios": ["dry"]}, headers=h).json()
        assert c.get(f"/runs/{run['id']}", headers=h).json()["status"] == "queued"
        assert c.get(f"/runs/{run['id']}/results", headers=h).status_code == 409
        assert c.get(f"/runs/{run['id']}/report", headers=h).status_code == 409
    finally:
        gate.set()
    for b in blockers:
        b.result(10)
    done = service.wait(run["id"])
    assert done["status"] == "completed" and done["scenarios"] == ["dry"]
    rows = c.get(f"/runs/{run['id']}/results", params={"node": "Shardara", "attribute": "volume"}, headers=h).json()
    assert {r["scenario"] for r in rows} == {"dry"}


def test_cancel_a_queued_run(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    worker = service.app.state.worker
    gate = threading.Event()
    blockers = [worker._pool.submit(gate.wait) for _ in range(2)]
    try:
        run = c.post("/runs", json={"model": "lower-syr-darya"}, headers=h).json()
        cancelled = c.post(f"/runs/{run['id']}/cancel", headers=h)
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    finally:
        gate.set()
    for b in blockers:
        b.result(10)
    worker.wait(run["id"], 10)
    assert c.get(f"/runs/{run['id']}", headers=h).json()["status"] == "cancelled"
    assert c.post(f"/runs/{run['id']}/cancel", headers=h).status_code == 409


def test_a_run_cancelled_as_it_starts_never_gets_a_process(service: Service,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancelled between being marked running and its process starting: no process runs it, it stays cancelled."""
    c, h = service.client, service.headers("analyst")
    store = service.app.state.store
    running = threading.Event()
    go_on = threading.Event()
    original = store.mark_running

    def mark_running_then_wait(run_id: str) -> None:
        original(run_id)
        running.set()
        go_on.wait(10)

    monkeypatch.setattr(store, "mark_running", mark_running_then_wait)
    try:
        run = c.post("/runs", json={"model": "lower-syr-darya"}, headers=h).json()
        assert running.wait(10)
        assert c.get(f"/runs/{run['id']}", headers=h).json()["status"] == "running"
        assert c.post(f"/runs/{run['id']}/cancel", headers=h).json()["status"] == "cancelled"
    finally:
        go_on.set()
    service.app.state.worker.wait(run["id"], 10)
    done = c.get(f"/runs/{run['id']}", headers=h).json()
    assert done["status"] == "cancelled" and done["timesteps_done"] is None
    assert c.get(f"/runs/{run['id']}/results", headers=h).status_code == 409


def test_a_failing_run_is_failed_with_its_message(service: Service) -> None:
    doc = b"""name: infeasible
timestepper: {start: 2021-01-01, end: 2021-02-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "10 m3/s"}
  - {name: link, type: link, min_flow: "20 m3/s"}
  - {name: sea, type: terminal}
edges: [[river, link], [link, sea]]
"""
    c, h = service.client, service.headers("analyst")
    uploaded = c.post("/models", content=doc, headers=h)
    if uploaded.status_code != 201:
        pytest.skip(f"the infeasible document does not validate here: {uploaded.text}")
    run = c.post("/runs", json={"model": "infeasible"}, headers=h).json()
    done = service.wait(run["id"])
    assert done["status"] == "failed" and done["error"]
    assert c.get(f"/runs/{run['id']}/indicators", headers=h).status_code == 409


def test_progress_as_server_sent_events(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    run = c.post("/runs", json={"model": "lower-syr-darya", "scenarios": ["baseline"]}, headers=h).json()
    with c.stream("GET", f"/runs/{run['id']}/events", params={"interval": 0.05}, headers=h) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    events = [block for block in text.split("\n\n") if block]
    assert all(block.startswith("event: run\ndata: ") for block in events)
    states = [json.loads(block.split("data: ", 1)[1]) for block in events]
    assert states[-1]["status"] == "completed" and states[-1]["timesteps_done"] == 60
    assert len({json.dumps(s, sort_keys=True) for s in states}) == len(states)  # only changes are sent
    assert c.get("/runs/0000/events", headers=h).status_code == 404


def test_stopping_the_service_fails_its_unfinished_runs() -> None:
    from arna.data.registry import bundled_model_path
    from arna.schema import load_model
    from arna.service.worker import RunWorker
    from arna.store import MemoryStore

    store = MemoryStore()
    worker = RunWorker(store, workers=1)
    gate = threading.Event()
    blocker = worker._pool.submit(gate.wait)
    run_id = worker.start(load_model(bundled_model_path("lower-syr-darya")), ["dry"])
    threading.Timer(0.2, gate.set).start()
    worker.shutdown()
    blocker.result(5)
    rec = store.get(run_id)
    assert rec.status == "failed" and rec.error is not None and "stopped" in rec.error
