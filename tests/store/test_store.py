"""Every run store through the same protocol: round trip, filters, failures, state changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from arna.api import run
from arna.data import example_model_path
from arna.engine import Results
from arna.errors import InfeasibleError, InputError
from arna.schema import load_model, model_from_mapping
from arna.store import EmbeddedStore, MemoryStore, PostgresStore, RunStore, document_json, run_and_store
from tests.conftest import model, write


@pytest.fixture(params=["memory", "embedded", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunStore]:
    if request.param == "postgres":
        yield PostgresStore(request.getfixturevalue("pg_url"))
    else:
        yield MemoryStore() if request.param == "memory" else EmbeddedStore(tmp_path / "store")


@pytest.fixture(scope="module")
def example() -> Results:
    return run(example_model_path())


def _expected(res: Results) -> pd.DataFrame:
    frame = res.to_frame()
    frame["time"] = frame["time"].astype("datetime64[ns]")
    return frame


def test_stores_follow_the_protocol(store: RunStore) -> None:
    assert isinstance(store, RunStore)


def test_round_trip_of_a_real_run(store: RunStore, example: Results) -> None:
    run_id = run_and_store(store, example_model_path())
    assert len(run_id) == 32 and int(run_id, 16) >= 0
    rec = store.get(run_id)
    assert rec.status == "completed" and rec.model_name == "lower-syr-darya"
    assert rec.scenarios == ["baseline", "dry"] and rec.error is None
    assert rec.balance_error is not None and rec.balance_error < 1e-9
    assert rec.created.tzinfo is not None and rec.started is not None and rec.finished is not None
    assert rec.created <= rec.started <= rec.finished
    assert rec.arna_version and set(rec.timings) >= {"run"}
    frame = store.results(run_id)
    pd.testing.assert_frame_equal(frame, _expected(example))
    # the stored document is the model: it loads and runs to the same results
    doc = model_from_mapping(json.loads(store.model_document(run_id)), "<stored>")
    assert doc == load_model(example_model_path())
    assert [r.id for r in store.list()] == [run_id]


def test_filters(store: RunStore, example: Results) -> None:
    run_id = store.create_run(document_json(load_model(example_model_path())), "lower-syr-darya", ["baseline", "dry"])
    store.mark_running(run_id)
    store.complete(run_id, example)
    full = _expected(example)
    got = store.results(run_id, node="Shardara", attribute="volume", scenario="dry")
    want = full[(full.node == "Shardara") & (full.attribute == "volume") & (full.scenario == "dry")]
    pd.testing.assert_frame_equal(got, want.reset_index(drop=True))
    assert len(got) == len(example.timesteps)

    got = store.results(run_id, node=["Shardara", "Small Aral Sea"], start="2020-03-01", end=pd.Timestamp("2020-05-01"))
    want = full[full.node.isin(["Shardara", "Small Aral Sea"])
                & (full.time >= "2020-03-01") & (full.time <= "2020-05-01")]
    pd.testing.assert_frame_equal(got, want.reset_index(drop=True))
    assert sorted(got.time.unique()) == list(pd.to_datetime(["2020-03-01", "2020-04-01", "2020-05-01"]))

    assert store.results(run_id, node="no such node").empty
    assert list(store.results(run_id, scenario=[]).columns) == list(full.columns)
    with pytest.raises(InputError, match="not a date"):
        store.results(run_id, start="someday")


def test_infeasible_run_is_failed_with_its_message(store: RunStore, tmp_path: Path) -> None:
    nodes = [{"name": "src", "type": "inflow", "flow": "1 m3/s"},
             {"name": "r", "type": "reach", "min_flow": "5 m3/s"}, {"name": "sea", "type": "terminal"}]
    path = write(tmp_path, model(nodes, [["src", "r"], ["r", "sea"]]))
    with pytest.raises(InfeasibleError) as caught:
        run_and_store(store, path)
    [rec] = store.list()
    assert rec.status == "failed" and rec.error == str(caught.value)
    assert "timestep 0" in (rec.error or "") and rec.finished is not None
    with pytest.raises(InputError, match="is failed"):
        store.results(rec.id)
    assert store.list(status="failed") == [rec] and store.list(status="completed") == []


def test_unknown_scenario_is_failed(store: RunStore) -> None:
    with pytest.raises(InputError, match="no scenario 'wet'"):
        run_and_store(store, example_model_path(), scenarios=["wet"])
    [rec] = store.list()
    assert rec.status == "failed" and "no scenario 'wet'" in (rec.error or "") and rec.scenarios == ["wet"]


def test_document_that_does_not_load_records_no_run(store: RunStore, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        run_and_store(store, tmp_path / "missing.yaml")
    assert store.list() == []


def test_unknown_run_id_is_named(store: RunStore) -> None:
    for call in (store.get, store.model_document, store.results, store.cancel, store.mark_running):
        with pytest.raises(InputError, match="'f00d'"):
            call("f00d")


def test_state_changes(store: RunStore, example: Results) -> None:
    doc = document_json(load_model(example_model_path()))
    a = store.create_run(doc, "lower-syr-darya", ["baseline"])
    b = store.create_run(doc, "other", [])
    assert store.get(a).status == "queued" and store.get(a).started is None
    with pytest.raises(InputError, match="is queued"):
        store.complete(a, example)
    store.mark_running(a)
    with pytest.raises(InputError, match="is running"):
        store.mark_running(a)
    store.cancel(a)
    assert store.get(a).status == "cancelled"
    with pytest.raises(InputError, match="is cancelled"):
        store.complete(a, example)  # the owner finishing late does not undo the cancel
    with pytest.raises(InputError, match="is cancelled"):
        store.fail(a, "late")
    store.fail(b, "gave up")
    assert store.get(b).error == "gave up"
    assert [r.id for r in store.list(model_name="other")] == [b]
    assert [r.id for r in store.list(status="cancelled", model_name="lower-syr-darya")] == [a]
    with pytest.raises(InputError, match="unknown run status"):
        store.list(status="done")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="JSON"):
        store.create_run("{not json", "m", [])
