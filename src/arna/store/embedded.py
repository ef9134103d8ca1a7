"""The embedded run store: a DuckDB catalogue and Parquet results under one folder.

Layout (see docs/store.md)::

    FOLDER/catalogue.duckdb        one row per run (table ``runs``)
    FOLDER/catalogue.lock          serialises access to the catalogue (processes and threads)
    FOLDER/runs/<run_id>/model.json       the model document, written when the run is created
    FOLDER/runs/<run_id>/results.parquet  the long results table, present only for completed runs
    FOLDER/runs/<run_id>/staged.parquet   the results of a running run, written (by any process) before
                                          :meth:`EmbeddedStore.complete_staged` moves them into place

DuckDB lets one process at a time open a database file for writing, so every operation opens its
own connection while holding an exclusive lock on ``catalogue.lock`` and closes it before letting
go. Any number of :class:`EmbeddedStore` objects, in one process or several, can share a folder.

A long-lived server calls :meth:`EmbeddedStore.keep_open`: the store then keeps one connection for
its lifetime and serves each operation from a cursor of it (reads run in parallel, writes one at a
time), instead of opening the file for every operation (about 35 ms each, one at a time). Other
processes cannot open the catalogue until :meth:`EmbeddedStore.close`; they wait
``CONNECT_TIMEOUT`` seconds and then say so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from arna import __version__
from arna.engine.longtable import write_results
from arna.engine.results import COLUMNS, Results
from arna.errors import InputError
from arna.store.base import (
    Names,
    RunRecord,
    RunRecords,
    RunStatus,
    When,
    catalogue_filter,
    check_document_json,
    check_transition,
    names,
    normalise,
    not_completed,
    timestamp,
    unknown_run,
    utcnow,
)

if sys.platform != "win32":
    import fcntl

SCHEMA_VERSION = 1
CATALOGUE = "catalogue.duckdb"
LOCK = "catalogue.lock"
RESULTS = "results.parquet"
STAGED = "staged.parquet"
MODEL = "model.json"
CONNECT_TIMEOUT = 30.0  # seconds to keep retrying a catalogue held by another program

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id VARCHAR PRIMARY KEY,
    model_name VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    scenarios VARCHAR[] NOT NULL,
    arna_version VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    balance_error DOUBLE,
    error VARCHAR,
    timings VARCHAR,
    pid INTEGER,
    host VARCHAR,
    pid_start BIGINT
);
"""
_FIELDS = ("id, model_name, status, scenarios, arna_version, created_at, started_at, finished_at, "
           "balance_error, error, timings, pid, host")
_THREADS = threading.Lock()  # one catalogue operation at a time per process (the file lock covers processes)


def _write_results(results: Results, path: Path) -> None:
    """Write the long results table of ``results`` to ``path``, from the arrays (see
    :func:`arna.engine.longtable.write_results`: no Python object per row)."""
    write_results(results, path)


def _flush(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _write_text(path: Path, text: str) -> None:
    """Write ``path`` atomically: a temporary file in the same folder, flushed, then renamed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove(folder: Path, name: str) -> None:
    """Remove ``folder/name`` and the temporary files of writing it."""
    (folder / name).unlink(missing_ok=True)
    for tmp in folder.glob(f".{name}.*.tmp"):
        tmp.unlink(missing_ok=True)


def _naive(value: dt.datetime) -> dt.datetime:
    """UTC as the catalogue stores it (TIMESTAMP without a zone)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.replace(tzinfo=dt.UTC)


def process_start(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot; Linux only), to tell a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    return int(fields[19]) if len(fields) > 19 else None


def process_alive(pid: int, started: int | None = None) -> bool:
    """Whether process ``pid`` on this host is alive (and, if ``started`` is given, is the same process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OSError:
        return False
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat[stat.rfind(")") + 2:].startswith("Z"):
            return False  # a zombie: it has ended, its parent has not collected it yet
    if started is not None:
        now = process_start(pid)
        if now is not None and now != started:
            return False  # the pid was reused by another process
    return True


class EmbeddedStore:
    """The :class:`~arna.store.base.RunStore` protocol over a DuckDB catalogue and Parquet files.

    Opening a store creates the folder if needed and fails every run left ``running`` by a process
    on this host that is no longer alive (see :meth:`recover`).
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._held: duckdb.DuckDBPyConnection | None = None
        self._writes = threading.Lock()
        try:
            (self.folder / "runs").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{self.folder}: cannot create the run store folder ({exc})") from None
        with self._connect() as con:
            con.execute(_SCHEMA)
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            elif int(row[0]) > SCHEMA_VERSION:
                raise InputError(f"{self.folder}: the run store was written by a newer Arna "
                                 f"(schema {row[0]}, this one reads {SCHEMA_VERSION}); upgrade Arna")
        self.recover()

    # ------------------------------------------------------------ connections

    def keep_open(self) -> None:
        """Keep one catalogue connection open from now until :meth:`close` (for a server)."""
        if self._held is None:
            with _THREADS, self._file_lock():
                self._held = self._new_connection()

    def close(self) -> None:
        """Close the connection kept by :meth:`keep_open` (nothing to do otherwise)."""
        held, self._held = self._held, None
        if held is not None:
            held.close()

    @contextlib.contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A catalogue connection for one operation: a cursor of the kept connection, or a new one."""
        with self._cursor_or(self._open) as con:
            yield con

    @contextlib.contextmanager
    def _open(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A new catalogue connection, held under the lock for the duration of one operation."""
        with _THREADS, self._file_lock():
            con = self._new_connection()
            try:
                yield con
            finally:
                con.close()

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        """The exclusive lock on ``catalogue.lock`` (other processes)."""
        with open(self.folder / LOCK, "a+b") as lock:
            if sys.platform != "win32":
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            yield

    def _new_connection(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                return duckdb.connect(str(self.folder / CATALOGUE))
            except duckdb.IOException as exc:  # held by a program that does not take the lock
                if time.monotonic() > deadline:
                    raise InputError(f"{self.folder / CATALOGUE}: cannot open the run catalogue ({exc}); "
                                     "if a service is serving this folder, use its API or stop it") from None
                time.sleep(0.05)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._writes, self._connect() as con:  # writes one at a time: no conflicts between cursors
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _status(self, con: duckdb.DuckDBPyConnection, run_id: str) -> str:
        row = con.execute("SELECT status FROM runs WHERE id = ?", [run_id]).fetchone()
        if row is None:
            raise unknown_run(run_id)
        return str(row[0])

    def _run_dir(self, run_id: str) -> Path:
        return self.folder / "runs" / run_id

    # ------------------------------------------------------------ recovery

    def recover(self) -> list[str]:
        """Fail the runs left running by a dead process on this host; returns their ids.

        Their leftovers (a results file put in place before the catalogue said completed, temporary
        files) are removed. Runs owned by another host are left alone: their process cannot be checked.
        """
        host = socket.gethostname()
        failed: list[str] = []
        with self._transaction() as con:
            rows = con.execute("SELECT id, pid, pid_start FROM runs WHERE status = 'running' AND host = ?",
                               [host]).fetchall()
            for run_id, pid, pid_start in rows:
                if pid is not None and process_alive(int(pid), None if pid_start is None else int(pid_start)):
                    continue
                con.execute("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?",
                            [_naive(utcnow()), f"the process running it (pid {pid} on {host}) ended before "
                             "the run finished; run it again", run_id])
                failed.append(str(run_id))
        for run_id in failed:
            self._discard(run_id)
        return failed

    def _discard(self, run_id: str) -> None:
        """Remove the results files (placed or staged) and temporary files of a run that did not complete."""
        _remove(self._run_dir(run_id), RESULTS)
        self._discard_staged(run_id)

    # ------------------------------------------------------------ the protocol

    def create_run(self, model_document_json: str, model_name: str, scenarios: Sequence[str]) -> str:
        check_document_json(model_document_json)
        run_id = uuid.uuid4().hex
        folder = self._run_dir(run_id)
        folder.mkdir(parents=True)
        _write_text(folder / MODEL, model_document_json)
        with self._writes, self._connect() as con:
            con.execute("INSERT INTO runs (id, model_name, status, scenarios, arna_version, created_at, timings) "
                        "VALUES (?, ?, 'queued', ?::VARCHAR[], ?, ?, '{}')",
                        [run_id, model_name, [str(s) for s in scenarios], __version__, _naive(utcnow())])
        return run_id

    def mark_running(self, run_id: str) -> None:
        pid = os.getpid()
        with self._transaction() as con:
            check_transition(run_id, self._status(con, run_id), "running")
            con.execute("UPDATE runs SET status = 'running', started_at = ?, pid = ?, host = ?, pid_start = ? "
                        "WHERE id = ?", [_naive(utcnow()), pid, socket.gethostname(), process_start(pid), run_id])

    def complete(self, run_id: str, results: Results, balance_error: float | None = None,
                 timings: Mapping[str, float] | None = None) -> None:
        check_transition(run_id, self.get(run_id).status, "completed")  # fail early, before writing
        try:
            _write_results(results, self.staging_path(run_id))
        except BaseException:
            self._discard_staged(run_id)
            raise
        self.complete_staged(run_id, results.balance_error if balance_error is None else balance_error,
                             results.timings if timings is None else timings)

    def staging_path(self, run_id: str) -> Path:
        """Where the results of running run ``run_id`` are written (by this or another process, with
        :func:`arna.engine.longtable.write_results`) before :meth:`complete_staged`."""
        return self._run_dir(run_id) / STAGED

    def complete_staged(self, run_id: str, balance_error: float, timings: Mapping[str, float]) -> None:
        """Complete a running run with the results written to :meth:`staging_path`: the file is flushed
        to disk and moved into place, then the catalogue says completed (one short write)."""
        staged, final = self.staging_path(run_id), self._run_dir(run_id) / RESULTS
        spent = {k: float(v) for k, v in timings.items()}
        placed = False
        try:
            check_transition(run_id, self.get(run_id).status, "completed")
            if not staged.is_file():
                raise InputError(f"run '{run_id}': no results were written to {staged}; run the model again")
            _flush(staged)
            with self._transaction() as con:
                check_transition(run_id, self._status(con, run_id), "completed")
                os.replace(staged, final)
                placed = True
                con.execute("UPDATE runs SET status = 'completed', finished_at = ?, balance_error = ?, timings = ? "
                            "WHERE id = ?", [_naive(utcnow()), float(balance_error), json.dumps(spent), run_id])
        except BaseException:
            self._discard_staged(run_id)
            if placed:
                final.unlink(missing_ok=True)
            raise

    def _discard_staged(self, run_id: str) -> None:
        _remove(self._run_dir(run_id), STAGED)

    def _end(self, run_id: str, status: RunStatus, message: str | None) -> None:
        with self._transaction() as con:
            check_transition(run_id, self._status(con, run_id), status)
            con.execute("UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?",
                        [status, _naive(utcnow()), message, run_id])
        self._discard_staged(run_id)  # results a worker process wrote before the run failed or was cancelled

    def fail(self, run_id: str, message: str) -> None:
        self._end(run_id, "failed", message)

    def cancel(self, run_id: str) -> None:
        self._end(run_id, "cancelled", None)

    def get(self, run_id: str) -> RunRecord:
        with self._connect() as con:
            row = con.execute(f"SELECT {_FIELDS} FROM runs WHERE id = ?", [run_id]).fetchone()
        if row is None:
            raise unknown_run(run_id)
        return _record(row)

    def list(self, status: RunStatus | None = None, model_name: str | None = None) -> RunRecords:
        where, params = catalogue_filter(status, model_name, "?")
        sql = f"SELECT {_FIELDS} FROM runs{where}"
        with self._connect() as con:
            rows = con.execute(sql + " ORDER BY created_at, id", params).fetchall()
        return [_record(r) for r in rows]

    def results(self, run_id: str, node: Names = None, attribute: Names = None, scenario: Names = None,
                start: When = None, end: When = None) -> pd.DataFrame:
        rec = self.get(run_id)
        if rec.status != "completed":
            raise not_completed(rec)
        path = self._run_dir(run_id) / RESULTS
        if not path.is_file():
            raise InputError(f"run '{run_id}': its results file {path} is missing; run the model again")
        where: list[str] = []
        params: list[Any] = [str(path)]
        for column, value in (("node", node), ("attribute", attribute), ("scenario", scenario)):
            wanted = names(value)
            if wanted is not None:
                if not wanted:
                    where.append("FALSE")
                    continue
                where.append(f"{column} IN ({', '.join('?' * len(wanted))})")
                params.extend(wanted)
        for op, bound, what in ((">=", start, "start"), ("<=", end, "end")):
            ts = timestamp(bound, what)
            if ts is not None:
                where.append(f"time {op} ?")
                params.append(ts.to_pydatetime())
        sql = f"SELECT {', '.join(COLUMNS)} FROM read_parquet(?)" + (" WHERE " + " AND ".join(where) if where else "")
        with self._reader() as con:
            frame = con.execute(sql, params).df()
        return normalise(frame)

    @contextlib.contextmanager
    def _reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to read Parquet files with: a cursor of the kept connection, or an in-memory
        database (reading results never locks the catalogue)."""
        with self._cursor_or(duckdb.connect) as con:
            yield con

    @contextlib.contextmanager
    def _cursor_or(
        self, fresh: Callable[[], contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]]
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the kept connection while the service holds one, else a connection from ``fresh``."""
        held = self._held
        if held is None:
            with fresh() as con:
                yield con
            return
        cursor = held.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def model_document(self, run_id: str) -> str:
        self.get(run_id)
        return (self._run_dir(run_id) / MODEL).read_text(encoding="utf-8")


def _record(row: tuple[Any, ...]) -> RunRecord:
    (run_id, model_name, status, scenarios, version, created, started, finished,
     balance_error, error, timings, pid, host) = row
    return RunRecord(
        id=run_id, model_name=model_name, status=status, created=_aware(created) or created,
        arna_version=version, scenarios=list(scenarios), started=_aware(started), finished=_aware(finished),
        balance_error=balance_error, error=error, timings=json.loads(timings or "{}"), pid=pid, host=host,
    )
