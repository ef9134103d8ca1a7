"""The embedded store on disk: persistence, atomic results, crash recovery, shared folders."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

import arna.store.embedded as embedded
from arna.engine import Results
from arna.engine.longtable import write_results
from arna.errors import InputError
from arna.store import EmbeddedStore

DOC = '{"name": "m"}'


def _results() -> Results:
    times = pd.date_range("2021-01-01", periods=3, freq="D")
    return Results(name="m", timesteps=times, scenarios=["baseline"], series=[("a", "flow", "m3/s")],
                   values=np.arange(3.0).reshape(3, 1, 1), balance_error=0.0, days=np.ones(3),
                   timings={"run": 0.1})


def _running(store: EmbeddedStore) -> str:
    run_id = store.create_run(DOC, "m", ["baseline"])
    store.mark_running(run_id)
    return run_id


def test_layout_and_persistence(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    run_id = _running(store)
    store.complete(run_id, _results())
    assert (tmp_path / "catalogue.duckdb").is_file()
    assert sorted(p.name for p in (tmp_path / "runs" / run_id).iterdir()) == ["model.json", "results.parquet"]
    again = EmbeddedStore(tmp_path)
    assert again.get(run_id) == store.get(run_id)
    assert again.get(run_id).status == "completed" and again.get(run_id).timings == {"run": 0.1}
    assert again.model_document(run_id) == DOC
    assert again.results(run_id)["value"].tolist() == [0.0, 1.0, 2.0]
    rec = again.get(run_id)
    assert rec.pid == os.getpid() and rec.host == socket.gethostname()


def test_results_write_that_raises_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(tmp_path)
    run_id = _running(store)

    def half(results: Results, path: Path) -> None:
        path.write_bytes(b"PAR1" + b"\0" * 100)  # the start of a Parquet file, then the disk fills up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(embedded, "_write_results", half)
    with pytest.raises(OSError, match="No space"):
        store.complete(run_id, _results())
    assert [p.name for p in (tmp_path / "runs" / run_id).iterdir()] == ["model.json"]
    assert store.get(run_id).status == "running"
    assert EmbeddedStore(tmp_path).list(status="completed") == []
    with pytest.raises(InputError, match="is running"):
        store.results(run_id)


def test_catalogue_update_that_fails_removes_the_placed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(tmp_path)
    run_id = _running(store)
    def broken() -> object:  # called for the catalogue update, after the file is in place
        assert (tmp_path / "runs" / run_id / "results.parquet").exists()
        raise RuntimeError("catalogue write failed")

    monkeypatch.setattr(embedded, "utcnow", broken)
    with pytest.raises(RuntimeError, match="catalogue write failed"):
        store.complete(run_id, _results())
    monkeypatch.undo()
    assert [p.name for p in (tmp_path / "runs" / run_id).iterdir()] == ["model.json"]
    assert store.get(run_id).status == "running"


CHILD = textwrap.dedent("""
    import sys, time
    import numpy as np, pandas as pd
    import arna.store.embedded as embedded
    from arna.engine import Results

    def stuck(results, path):
        path.write_bytes(b"PAR1partial")  # half a results file ...
        print(run_id, flush=True)
        time.sleep(60)  # ... and the process is killed here

    embedded._write_results = stuck
    store = embedded.EmbeddedStore(sys.argv[1])
    run_id = store.create_run('{"name": "m"}', "m", ["baseline"])
    store.mark_running(run_id)
    res = Results(name="m", timesteps=pd.date_range("2021-01-01", periods=2), scenarios=["baseline"],
                  series=[("a", "flow", "m3/s")], values=np.zeros((2, 1, 1)), balance_error=0.0)
    store.complete(run_id, res)
""")


def test_run_killed_mid_write_is_failed_on_reopen(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        run_id = proc.stdout.readline().strip()
        assert len(run_id) == 32, "the child did not start its run"
        assert EmbeddedStore(tmp_path).get(run_id).status == "running"  # its owner is alive: left alone
        assert (tmp_path / "runs" / run_id / "staged.parquet").exists()  # half written
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    store = EmbeddedStore(tmp_path)
    rec = store.get(run_id)
    assert rec.status == "failed" and rec.pid == proc.pid and f"pid {proc.pid}" in (rec.error or "")
    assert rec.finished is not None
    assert [p.name for p in (tmp_path / "runs" / run_id).iterdir()] == ["model.json"]
    with pytest.raises(InputError, match="is failed"):
        store.results(run_id)


def _orphan(tmp_path: Path, host: str) -> str:
    """A run left running by a process that has ended, with its results file already in place."""
    store = EmbeddedStore(tmp_path)
    run_id = _running(store)
    (tmp_path / "runs" / run_id / "results.parquet").write_bytes(b"PAR1")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with duckdb.connect(str(tmp_path / "catalogue.duckdb")) as con:
        con.execute("UPDATE runs SET pid = ?, host = ?, pid_start = NULL WHERE id = ?", [dead.pid, host, run_id])
    return run_id


def test_killed_between_rename_and_commit_is_failed_without_results(tmp_path: Path) -> None:
    run_id = _orphan(tmp_path, socket.gethostname())
    store = EmbeddedStore(tmp_path)
    assert store.get(run_id).status == "failed"
    assert not (tmp_path / "runs" / run_id / "results.parquet").exists()


def test_runs_of_other_hosts_are_left_alone(tmp_path: Path) -> None:
    run_id = _orphan(tmp_path, "another-host")
    assert EmbeddedStore(tmp_path).get(run_id).status == "running"


def test_reused_pid_is_not_the_owner(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    run_id = _running(store)
    with duckdb.connect(str(tmp_path / "catalogue.duckdb")) as con:  # our pid, but another process's start
        con.execute("UPDATE runs SET pid_start = pid_start + 1 WHERE id = ?", [run_id])
    if embedded.process_start(os.getpid()) is None:
        pytest.skip("no /proc: process start times are not available here")
    assert EmbeddedStore(tmp_path).get(run_id).status == "failed"


def test_two_stores_in_one_process_share_the_folder(tmp_path: Path) -> None:
    a, b = EmbeddedStore(tmp_path), EmbeddedStore(tmp_path)
    run_id = _running(a)
    b.complete(run_id, _results())
    assert a.get(run_id).status == "completed"
    ids: list[str] = []
    errors: list[BaseException] = []

    def work(store: EmbeddedStore) -> None:
        try:
            for _ in range(2):
                rid = _running(store)
                store.complete(rid, _results())
                ids.append(rid)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in (a, b, a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert {r.id for r in b.list(status="completed")} == {run_id, *ids} and len(ids) == 8


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="cannot create the run store folder"):
        EmbeddedStore(tmp_path / "file" / "store")


def test_results_staged_by_another_writer_complete_the_run(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    run_id = _running(store)
    write_results(_results(), store.staging_path(run_id))  # as a worker process writes them
    store.complete_staged(run_id, 0.5, {"run": 0.2})
    rec = store.get(run_id)
    assert rec.status == "completed" and rec.balance_error == 0.5 and rec.timings == {"run": 0.2}
    assert sorted(p.name for p in (tmp_path / "runs" / run_id).iterdir()) == ["model.json", "results.parquet"]
    assert store.results(run_id)["value"].tolist() == [0.0, 1.0, 2.0]


def test_completing_without_staged_results_says_where_they_were_expected(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    run_id = _running(store)
    with pytest.raises(InputError, match=f"no results were written to .*{run_id}.*staged.parquet; run the model"):
        store.complete_staged(run_id, 0.0, {})
    assert store.get(run_id).status == "running"


def test_a_run_that_ends_otherwise_drops_its_staged_results(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    cancelled, failed = _running(store), _running(store)
    for run_id in (cancelled, failed):
        write_results(_results(), store.staging_path(run_id))
    store.cancel(cancelled)
    store.fail(failed, "the worker process died")
    for run_id in (cancelled, failed):
        assert [p.name for p in (tmp_path / "runs" / run_id).iterdir()] == ["model.json"]
    write_results(_results(), store.staging_path(cancelled))  # a process killed too late still wrote them
    with pytest.raises(InputError, match="is cancelled"):
        store.complete_staged(cancelled, 0.0, {})
    assert [p.name for p in (tmp_path / "runs" / cancelled).iterdir()] == ["model.json"]
