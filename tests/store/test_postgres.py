"""The PostgreSQL store on a real server: persistence, atomic results, dead owners, threads, URL errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
import pytest

import arna.store.postgres as postgres
from arna.engine import Results
from arna.errors import InputError
from arna.service.database import ServiceDB
from arna.store import EmbeddedStore, PostgresStore, open_store
from arna.store.postgres import mask_url

DOC = '{"name": "m"}'
ROOT = Path(__file__).resolve().parents[2]


def _results() -> Results:
    times = pd.date_range("2021-01-01", periods=3, freq="D")
    return Results(name="m", timesteps=times, scenarios=["baseline", "dry"],
                   series=[("a", "flow", "m3/s"), ("b", "volume", "hm3")],
                   values=np.arange(12.0).reshape(3, 2, 2), balance_error=0.0, days=np.ones(3),
                   timings={"run": 0.1})


def _running(store: PostgresStore) -> str:
    run_id = store.create_run(DOC, "m", ["baseline", "dry"])
    store.mark_running(run_id)
    return run_id


def _rows(url: str, run_id: str) -> int:
    with psycopg.connect(url) as con:
        row = con.execute("SELECT count(*) FROM run_results WHERE run_id = %s", [run_id]).fetchone()
    assert row is not None
    return int(row[0])


def test_persistence_and_one_row_per_series(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    run_id = _running(store)
    store.complete(run_id, _results())
    again = PostgresStore(pg_url)
    assert again.get(run_id) == store.get(run_id)
    rec = again.get(run_id)
    assert rec.status == "completed" and rec.timings == {"run": 0.1} and rec.balance_error == 0.0
    assert rec.pid == os.getpid() and rec.host == socket.gethostname()
    assert again.model_document(run_id) == DOC
    assert _rows(pg_url, run_id) == 4  # 2 series x 2 scenarios, each with its 3 values
    pd.testing.assert_frame_equal(again.results(run_id), _frame(_results()))
    got = again.results(run_id, node="b", scenario="dry", start="2021-01-02")
    assert got["value"].tolist() == [7.0, 11.0] and set(got["unit"]) == {"hm3"}
    assert again.results(run_id, start="2021-02-01").empty
    assert again.results(run_id, end="2020-12-31").empty
    assert store._owned == {}  # the lock session was closed when the run completed


def _frame(res: Results) -> pd.DataFrame:
    frame = res.to_frame()
    frame["time"] = frame["time"].astype("datetime64[ns]")
    return frame


def test_failure_in_the_middle_of_complete_leaves_no_results(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = PostgresStore(pg_url)
    run_id = _running(store)
    real = PostgresStore._insert_results

    def half(con: psycopg.Connection[tuple[object, ...]], rid: str, results: Results) -> None:
        real(con, rid, results)  # every row sent ...
        raise OSError(104, "Connection reset by peer")  # ... then the link breaks before the commit

    monkeypatch.setattr(PostgresStore, "_insert_results", staticmethod(half))
    with pytest.raises(OSError, match="reset"):
        store.complete(run_id, _results())
    monkeypatch.undo()
    assert store.get(run_id).status == "running" and _rows(pg_url, run_id) == 0
    with pytest.raises(InputError, match="is running"):
        store.results(run_id)
    assert PostgresStore(pg_url).get(run_id).status == "running"  # its owner (this process) is alive
    store.complete(run_id, _results())  # and it can still complete it
    assert _rows(pg_url, run_id) == 4


def test_status_update_that_fails_rolls_back_the_results(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = PostgresStore(pg_url)
    run_id = _running(store)

    def broken() -> object:  # called for the status update, after the results were inserted
        raise RuntimeError("catalogue write failed")

    monkeypatch.setattr(postgres, "utcnow", broken)
    with pytest.raises(RuntimeError, match="catalogue write failed"):
        store.complete(run_id, _results())
    monkeypatch.undo()
    assert store.get(run_id).status == "running" and _rows(pg_url, run_id) == 0


CHILD = textwrap.dedent("""
    import sys, time
    import numpy as np, pandas as pd
    from arna.engine import Results
    from arna.store.postgres import PostgresStore

    real = PostgresStore._insert_results

    def stuck(con, run_id, results):
        real(con, run_id, results)  # the results are sent, not committed ...
        print(run_id, flush=True)
        time.sleep(60)  # ... and the process is killed here

    PostgresStore._insert_results = staticmethod(stuck)
    store = PostgresStore(sys.argv[1])
    run_id = store.create_run('{"name": "m"}', "m", ["baseline"])
    store.mark_running(run_id)
    res = Results(name="m", timesteps=pd.date_range("2021-01-01", periods=2), scenarios=["baseline"],
                  series=[("a", "flow", "m3/s")], values=np.zeros((2, 1, 1)), balance_error=0.0)
    store.complete(run_id, res)
""")


def test_run_killed_mid_complete_is_failed_on_reopen(pg_url: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, pg_url], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        run_id = proc.stdout.readline().strip()
        assert len(run_id) == 32, "the child did not start its run"
        assert PostgresStore(pg_url).get(run_id).status == "running"  # its owner is alive: left alone
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    deadline = time.monotonic() + 10  # the server notices the closed connection within milliseconds
    while (rec := PostgresStore(pg_url).get(run_id)).status == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rec.status == "failed" and rec.pid == proc.pid and rec.finished is not None
    assert f"pid {proc.pid}" in (rec.error or "") and "start the run again" in (rec.error or "")
    assert _rows(pg_url, run_id) == 0
    with pytest.raises(InputError, match="is failed"):
        PostgresStore(pg_url).results(run_id)


def test_owner_whose_session_ended_is_dead_on_any_host(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    run_id = _running(store)
    with psycopg.connect(pg_url) as con:  # the owner ran elsewhere: recovery does not look at the host
        con.execute("UPDATE runs SET host = 'another-host' WHERE id = %s", [run_id])
    other = PostgresStore(pg_url)
    assert other.recover() == [] and other.get(run_id).status == "running"
    store._owned[run_id].close()  # the owner's session ends (its process or host died)
    assert other.recover() == [run_id]
    rec = other.get(run_id)
    assert rec.status == "failed" and "on another-host" in (rec.error or "")


def test_closing_a_store_gives_up_its_runs(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    run_id = _running(store)
    store.close()  # e.g. a service that stops without ending its runs
    assert store._owned == {}
    rec = PostgresStore(pg_url).get(run_id)
    assert rec.status == "failed" and "stopped before the run finished" in (rec.error or "")


def test_cancel_from_another_store_releases_the_owner(pg_url: str) -> None:
    owner, other = PostgresStore(pg_url), PostgresStore(pg_url)
    run_id = _running(owner)
    other.cancel(run_id)
    with pytest.raises(InputError, match="is cancelled"):
        owner.complete(run_id, _results())
    assert owner._owned == {} and _rows(pg_url, run_id) == 0
    assert PostgresStore(pg_url).get(run_id).status == "cancelled"


def test_many_threads_share_one_store(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    ids: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                rid = _running(store)
                store.complete(rid, _results())
                ids.append(rid)
                store.results(rid, node="a")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert {r.id for r in store.list(status="completed")} == set(ids) and len(ids) == 18
    assert store._owned == {}


def test_newer_schema_is_refused(pg_url: str) -> None:
    PostgresStore(pg_url)
    with psycopg.connect(pg_url) as con:
        con.execute("UPDATE run_store_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(InputError, match="newer Arna"):
        PostgresStore(pg_url)


def test_user_who_may_not_create_tables(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as con:  # a login with no rights on the test's schema
        con.execute("DROP ROLE IF EXISTS arna_reader")
        con.execute("CREATE ROLE arna_reader LOGIN PASSWORD 'reader-pw'")
    url = pg_url.replace("://postgres@", "://arna_reader:reader-pw@", 1)
    try:
        with pytest.raises(InputError, match="arna_reader may not create or use the run store tables") as caught:
            PostgresStore(url)
        assert "reader-pw" not in str(caught.value) and "grant the user CREATE" in str(caught.value)
        with pytest.raises(InputError, match="arna_reader may not create or use the service tables"):
            ServiceDB(Path("unused"), url)
        with psycopg.connect(pg_url, autocommit=True) as con:  # it may see the schema, not create in it
            schema = con.execute("SELECT current_schema()").fetchone()
            assert schema is not None
            con.execute(f"GRANT USAGE ON SCHEMA {schema[0]} TO arna_reader")
        with pytest.raises(InputError, match=r"arna_reader may not create .*permission denied for schema"):
            PostgresStore(url)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as con:
            con.execute("DROP OWNED BY arna_reader")
            con.execute("DROP ROLE arna_reader")


def test_open_store_chooses_by_url(pg_url: str, tmp_path: Path) -> None:
    assert isinstance(open_store(tmp_path / "data"), EmbeddedStore)
    assert isinstance(open_store(tmp_path / "data", None), EmbeddedStore)
    store = open_store(tmp_path / "unused", pg_url)
    assert isinstance(store, PostgresStore) and not (tmp_path / "unused").exists()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_names_the_url_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://arna:s3cret-pw@127.0.0.1:{_closed_port()}/arna"
    with pytest.raises(InputError) as caught:
        open_store(tmp_path, url)
    message = str(caught.value)
    assert "s3cret-pw" not in message and "postgresql://arna:***@127.0.0.1:" in message
    assert "cannot connect" in message and "check that the PostgreSQL server is running" in message


def test_unknown_database_is_named(pg_server: str) -> None:
    url = pg_server.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(InputError, match=r'cannot connect.*"no_such_database" does not exist'):
        PostgresStore(url)


@pytest.mark.parametrize(("url", "expected"), [
    ("mysql://root:hunter2@db/arna", "is not a PostgreSQL URL"),
    ("db.example.org:5432/arna", "is not a PostgreSQL URL"),
    ("postgresql://u:hunter2@db/arna?colour=blue", "cannot be read"),
])
def test_bad_url(url: str, expected: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=expected) as caught:
        open_store(tmp_path, url)
    assert "hunter2" not in str(caught.value) and "postgresql://USER:PASSWORD@HOST:PORT/DATABASE" in str(caught.value)


def test_mask_url() -> None:
    assert mask_url("postgresql://u:p%40ss@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert mask_url("postgresql://u@h/db?password=x&sslmode=require") == "postgresql://u@h/db?password=***&sslmode=require"
    assert mask_url("postgresql://h/db") == "postgresql://h/db"
