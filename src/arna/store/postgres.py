"""The team-server run store: every run, its model document and its results in one PostgreSQL database.

Tables (created if missing; see docs/store.md)::

    run_store_meta   key, value (schema_version)
    runs             one row per run: the RunRecord fields, the model document, the results' time axis
    run_results      one row per (run, series, scenario): node, attribute, unit, scenario name and the
                     values over the run's time axis as one ``double precision[]``

Why arrays and not one row per value: a row in PostgreSQL costs about 24 bytes of header plus the
run id, names and unit, so one row per value would take six to ten times the space of the values
themselves and cost a row per value to insert and read. One row per series keeps the values at
8 bytes each (compressed by TOAST), is written with one ``COPY``, and still serves filtered reads on
the server: a node, attribute or scenario filter selects rows through the primary key (the run id
first), and a time range becomes an array slice (``data[i:j]``), so only the wanted values leave
the server. Parquet bytes in a ``bytea`` column would be as compact but every read would fetch the
whole file.

Atomicity: :meth:`PostgresStore.complete` inserts the results and marks the run completed in one
transaction, so a process killed mid-way leaves the run running with no result rows.

Dead owners: the process that marks a run running takes a PostgreSQL *session* advisory lock keyed
on the run, on a connection it keeps open until it completes, fails or cancels the run. PostgreSQL
releases the lock when that session ends — the process exited or was killed, or its host stopped
answering TCP keepalives. When a store is opened (and on :meth:`PostgresStore.recover`), each run
left running whose lock can be taken has no living owner, on whatever host, and is marked failed.

Connections: one per operation (no pool is installed; each costs a few milliseconds), so a store may
be used from any number of threads; only the lock connections of the runs this process owns stay open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import socket
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd
import psycopg
from psycopg.types.json import Jsonb

from arna import __version__
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

SCHEMA_VERSION = 1
CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise
SCHEMES = ("postgresql", "postgres")
#: Server-side TCP keepalives of the sessions that hold run locks, so that PostgreSQL notices a dead
#: host (and releases its locks) within about two minutes instead of the system's default two hours.
KEEPALIVES = {"tcp_keepalives_idle": 60, "tcp_keepalives_interval": 10, "tcp_keepalives_count": 6}
_SCHEMA_LOCK = 0x4152_4E41_0000_0001  # serialises creating the tables ('ARNA', 1)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS run_store_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id text PRIMARY KEY,
    model_name text NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    scenarios text[] NOT NULL,
    arna_version text NOT NULL,
    created_at timestamptz NOT NULL,
    started_at timestamptz,
    finished_at timestamptz,
    balance_error double precision,
    error text,
    timings jsonb NOT NULL DEFAULT '{}',
    pid integer,
    host text,
    document text NOT NULL,
    timesteps timestamp[]
);
CREATE INDEX IF NOT EXISTS runs_status_model ON runs (status, model_name);
CREATE TABLE IF NOT EXISTS run_results (
    run_id text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    series_no integer NOT NULL,
    scenario_no integer NOT NULL,
    node text NOT NULL,
    attribute text NOT NULL,
    unit text NOT NULL,
    scenario text NOT NULL,
    data double precision[] NOT NULL,
    PRIMARY KEY (run_id, series_no, scenario_no)
);
"""
_FIELDS = ("id, model_name, status, scenarios, arna_version, created_at, started_at, finished_at, "
           "balance_error, error, timings, pid, host")
_COPY = "COPY run_results (run_id, series_no, scenario_no, node, attribute, unit, scenario, data) FROM STDIN"
_COPY_TYPES = ["text", "int4", "int4", "text", "text", "text", "text", "float8[]"]

Connection = psycopg.Connection[tuple[Any, ...]]


# ---------------------------------------------------------------- URLs


def mask_url(url: str) -> str:
    """``url`` with its password (in the user part or a ``password=`` parameter) replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<a URL that cannot be parsed>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostinfo = netloc.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{hostinfo}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in pairs], safe="*/:")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _secrets(url: str) -> list[str]:
    """The password(s) in ``url``, to scrub them from messages that quote it."""
    with contextlib.suppress(ValueError):
        parts = urlsplit(url)
        found = [parts.password, unquote(parts.password)] if parts.password else []
        found += [v for k, v in parse_qsl(parts.query) if k.lower() == "password" and v]
        return sorted(set(found), key=len, reverse=True)
    return []


def _scrub(text: str, url: str) -> str:
    for secret in _secrets(url):
        text = text.replace(secret, "***")
    return text


def check_url(url: str) -> None:
    """Raise :class:`InputError` unless ``url`` is a PostgreSQL connection URL psycopg can use."""
    how = "it looks like postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in SCHEMES:
        raise InputError(f"database URL '{mask_url(url)}' is not a PostgreSQL URL; {how} "
                         "(set it with ARNA_DATABASE_URL or --database-url)")
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise InputError(f"database URL '{mask_url(url)}' cannot be read ({_scrub(str(exc), url)}); {how}") from None


def connect(url: str, what: str, autocommit: bool = False) -> Connection:
    """A new connection to ``url``; failing to connect is an :class:`InputError` (password masked).

    ``what`` names the database in the message (e.g. ``"run store"``).
    """
    extra: dict[str, Any] = {}
    if "connect_timeout" not in url:
        extra["connect_timeout"] = CONNECT_TIMEOUT
    try:
        return psycopg.connect(url, autocommit=autocommit, **extra)
    except psycopg.OperationalError as exc:
        reason = _scrub(str(exc).strip(), url).replace("\n", " ")
        raise InputError(f"cannot connect to the {what} database '{mask_url(url)}' ({reason}); "
                         "check that the PostgreSQL server is running and reachable and that the URL "
                         "(ARNA_DATABASE_URL or --database-url) names the right host, port, database, "
                         "user and password") from None


@contextlib.contextmanager
def create_tables(con: Connection, url: str, what: str) -> Iterator[None]:
    """A transaction creating tables; a user without the right to is an :class:`InputError` saying so."""
    try:
        with con.transaction():
            yield
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.InvalidSchemaName) as exc:
        # InvalidSchemaName: the schema of the search path does not exist or the user may not use it.
        user = psycopg.conninfo.conninfo_to_dict(url).get("user") or "the user"
        reason = _scrub(str(exc).strip().splitlines()[0], url)
        raise InputError(f"{mask_url(url)}: {user} may not create or use the {what} tables ({reason}); "
                         "create the schema if it is missing, grant the user CREATE and USAGE on it, "
                         "or connect as a user who owns the tables") from None


# ---------------------------------------------------------------- helpers


def lock_key(run_id: str) -> int:
    """The advisory-lock key of a run: 64 bits of a hash of its id, as PostgreSQL's signed bigint."""
    key = int.from_bytes(hashlib.blake2b(f"arna-run:{run_id}".encode(), digest_size=8).digest(), "big")
    return key - (1 << 64) if key >= 1 << 63 else key


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.astimezone(dt.UTC)


def _record(row: tuple[Any, ...]) -> RunRecord:
    (run_id, model_name, status, scenarios, version, created, started, finished,
     balance_error, error, timings, pid, host) = row
    return RunRecord(
        id=run_id, model_name=model_name, status=status, created=created.astimezone(dt.UTC),
        arna_version=version, scenarios=list(scenarios), started=_utc(started), finished=_utc(finished),
        balance_error=balance_error, error=error, timings={k: float(v) for k, v in (timings or {}).items()},
        pid=pid, host=host,
    )


def _where(filters: Sequence[tuple[str, Names]]) -> tuple[list[str], list[Any]]:
    """SQL conditions and parameters for name filters (an empty list of names matches nothing)."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in filters:
        wanted = names(value)
        if wanted is not None:
            where.append(f"{column} = ANY(%s)")
            params.append(wanted)
    return where, params


class PostgresStore:
    """The :class:`~arna.store.base.RunStore` protocol over a PostgreSQL database.

    ``url`` is a connection URL, ``postgresql://USER:PASSWORD@HOST:PORT/DATABASE``. Opening a store
    creates the tables if missing and fails every run left running by a process that has gone (see
    :meth:`recover`). A bad URL or a server that cannot be reached is an :class:`InputError` naming
    the URL with its password masked.
    """

    def __init__(self, url: str) -> None:
        check_url(url)
        self.url = url
        self._owned: dict[str, Connection] = {}  # run id -> the session holding its advisory lock
        self._owned_lock = threading.Lock()
        with self._connect() as con, create_tables(con, url, "run store"):
            con.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEMA_LOCK])
            con.execute(_SCHEMA)
            row = con.execute("SELECT value FROM run_store_meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                con.execute("INSERT INTO run_store_meta VALUES ('schema_version', %s)", [str(SCHEMA_VERSION)])
            elif int(row[0]) > SCHEMA_VERSION:
                raise InputError(f"{mask_url(url)}: the run store was written by a newer Arna "
                                 f"(schema {row[0]}, this one reads {SCHEMA_VERSION}); upgrade Arna")
        self.recover()

    def close(self) -> None:
        """End the sessions holding the runs this store marked running and has not ended.

        Those runs have no owner any more: the next :meth:`recover` (here or in any process) fails them.
        """
        with self._owned_lock:
            owned, self._owned = list(self._owned.values()), {}
        for con in owned:
            con.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({mask_url(self.url)!r})"

    # ------------------------------------------------------------ connections

    def _connect(self) -> Connection:
        """A new autocommit connection (use ``with con.transaction()`` for atomic steps)."""
        return connect(self.url, "run store", autocommit=True)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._connect() as con, con.transaction():
            yield con

    @staticmethod
    def _status(con: Connection, run_id: str) -> str:
        """The run's status, its row locked until the transaction ends."""
        row = con.execute("SELECT status FROM runs WHERE id = %s FOR UPDATE", [run_id]).fetchone()
        if row is None:
            raise unknown_run(run_id)
        return str(row[0])

    def _release(self, run_id: str) -> None:
        """Close the session holding the run's advisory lock, if this process holds it."""
        with self._owned_lock:
            con = self._owned.pop(run_id, None)
        if con is not None:
            con.close()

    def _release_if_ended(self, run_id: str) -> None:
        """Let go of a run whose change was refused because it has ended (e.g. cancelled by someone else)."""
        with self._owned_lock:
            if run_id not in self._owned:
                return
        with contextlib.suppress(InputError):
            if self.get(run_id).status not in {"queued", "running"}:
                self._release(run_id)

    # ------------------------------------------------------------ recovery

    def recover(self) -> list[str]:
        """Fail the runs left running by a process that has gone, on any host; returns their ids.

        A running run's owner holds an advisory lock on it for as long as its session lives; if the
        lock can be taken, nobody owns the run any more. The status is checked again under the lock,
        so a run its owner completed a moment ago is left completed.
        """
        failed: list[str] = []
        with self._connect() as con:
            rows = con.execute("SELECT id, pid, host FROM runs WHERE status = 'running'").fetchall()
            for run_id, pid, host in rows:
                key = lock_key(run_id)
                with self._owned_lock:
                    if run_id in self._owned:
                        continue  # ours, and alive
                got = con.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()
                if not (got and got[0]):
                    continue  # its owner's session is alive
                try:
                    message = (f"the process running it (pid {pid} on {host}) stopped before the run finished "
                               "(its database session ended); start the run again")
                    done = con.execute("UPDATE runs SET status = 'failed', finished_at = %s, error = %s "
                                       "WHERE id = %s AND status = 'running'", [utcnow(), message, run_id])
                    if done.rowcount:
                        failed.append(str(run_id))
                finally:
                    con.execute("SELECT pg_advisory_unlock(%s)", [key])
        return failed

    # ------------------------------------------------------------ the protocol

    def create_run(self, model_document_json: str, model_name: str, scenarios: Sequence[str]) -> str:
        check_document_json(model_document_json)
        run_id = uuid.uuid4().hex
        with self._connect() as con:
            con.execute("INSERT INTO runs (id, model_name, status, scenarios, arna_version, created_at, document) "
                        "VALUES (%s, %s, 'queued', %s, %s, %s, %s)",
                        [run_id, model_name, [str(s) for s in scenarios], __version__, utcnow(),
                         model_document_json])
        return run_id

    def mark_running(self, run_id: str) -> None:
        con = self._connect()  # stays open while the run runs: its session holds the lock
        try:
            for name, seconds in KEEPALIVES.items():  # ignored on a Unix socket
                con.execute(f"SET {name} = {int(seconds)}")
            with con.transaction():
                check_transition(run_id, self._status(con, run_id), "running")
                got = con.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(run_id)]).fetchone()
                if not (got and got[0]):
                    raise InputError(f"run '{run_id}' is being started by another process; "
                                     "wait for it and look at the run again")
                con.execute("UPDATE runs SET status = 'running', started_at = %s, pid = %s, host = %s WHERE id = %s",
                            [utcnow(), os.getpid(), socket.gethostname(), run_id])
        except BaseException:
            con.close()  # ends the session, and with it any lock taken
            raise
        with self._owned_lock:
            self._owned[run_id] = con

    def complete(self, run_id: str, results: Results, balance_error: float | None = None,
                 timings: Mapping[str, float] | None = None) -> None:
        error = float(results.balance_error if balance_error is None else balance_error)
        spent = {k: float(v) for k, v in (results.timings if timings is None else timings).items()}
        try:
            check_transition(run_id, self.get(run_id).status, "completed")  # fail early, before sending results
            with self._transaction() as con:
                check_transition(run_id, self._status(con, run_id), "completed")
                self._insert_results(con, run_id, results)
                con.execute("UPDATE runs SET status = 'completed', finished_at = %s, balance_error = %s, "
                            "timings = %s, timesteps = %s WHERE id = %s",
                            [utcnow(), error, Jsonb(spent), list(results.timesteps.to_pydatetime()), run_id])
        except InputError:
            self._release_if_ended(run_id)  # e.g. cancelled meanwhile: this process no longer owns it
            raise
        self._release(run_id)

    @staticmethod
    def _insert_results(con: Connection, run_id: str, results: Results) -> None:
        """All the run's series, one row per (series, scenario), with one COPY."""
        values = np.asarray(results.values, dtype=float)
        with con.cursor() as cur, cur.copy(_COPY + " (FORMAT BINARY)") as copy:
            copy.set_types(_COPY_TYPES)
            for r, (node, attribute, unit) in enumerate(results.series):
                for s, scenario in enumerate(results.scenarios):
                    copy.write_row((run_id, r, s, node, attribute, unit, scenario, values[:, r, s].tolist()))

    def _end(self, run_id: str, status: RunStatus, message: str | None) -> None:
        try:
            with self._transaction() as con:
                check_transition(run_id, self._status(con, run_id), status)
                con.execute("UPDATE runs SET status = %s, finished_at = %s, error = %s WHERE id = %s",
                            [status, utcnow(), message, run_id])
        except InputError:
            self._release_if_ended(run_id)
            raise
        self._release(run_id)

    def fail(self, run_id: str, message: str) -> None:
        self._end(run_id, "failed", message)

    def cancel(self, run_id: str) -> None:
        self._end(run_id, "cancelled", None)

    def get(self, run_id: str) -> RunRecord:
        with self._connect() as con:
            row = con.execute(f"SELECT {_FIELDS} FROM runs WHERE id = %s", [run_id]).fetchone()
        if row is None:
            raise unknown_run(run_id)
        return _record(row)

    def list(self, status: RunStatus | None = None, model_name: str | None = None) -> RunRecords:
        where, params = catalogue_filter(status, model_name, "%s")
        sql = f"SELECT {_FIELDS} FROM runs{where}"
        with self._connect() as con:
            rows = con.execute(sql + " ORDER BY created_at, id", params).fetchall()
        return [_record(r) for r in rows]

    def results(self, run_id: str, node: Names = None, attribute: Names = None, scenario: Names = None,
                start: When = None, end: When = None) -> pd.DataFrame:
        t0, t1 = timestamp(start, "start"), timestamp(end, "end")
        where, params = _where((("node", node), ("attribute", attribute), ("scenario", scenario)))
        with self._connect() as con:
            row = con.execute(f"SELECT {_FIELDS}, timesteps FROM runs WHERE id = %s", [run_id]).fetchone()
            if row is None:
                raise unknown_run(run_id)
            rec = _record(row[:-1])
            if rec.status != "completed":
                raise not_completed(rec)
            times = pd.DatetimeIndex(pd.to_datetime(row[-1] or []))
            i0 = 0 if t0 is None else int(times.searchsorted(t0, side="left"))
            i1 = len(times) if t1 is None else int(times.searchsorted(t1, side="right"))
            if i1 <= i0:
                return normalise(pd.DataFrame({c: [] for c in COLUMNS}))
            sql = ("SELECT scenario, node, attribute, unit, data[%s:%s] FROM run_results WHERE run_id = %s"
                   + "".join(f" AND {w}" for w in where) + " ORDER BY series_no, scenario_no")
            rows = con.execute(sql, [i0 + 1, i1, run_id, *params]).fetchall()
        return normalise(_frame(times[i0:i1], rows))

    def model_document(self, run_id: str) -> str:
        with self._connect() as con:
            row = con.execute("SELECT document FROM runs WHERE id = %s", [run_id]).fetchone()
        if row is None:
            raise unknown_run(run_id)
        return str(row[0])


def _frame(times: pd.DatetimeIndex, rows: Sequence[tuple[Any, ...]]) -> pd.DataFrame:
    """The long table (time-major, then series and scenario, as ``Results.to_frame``) from result rows."""
    n_t, n_rows = len(times), len(rows)
    data = np.array([r[4] for r in rows], dtype=float).reshape(n_rows, n_t)
    meta = np.array([r[:4] for r in rows], dtype=object).reshape(n_rows, 4)
    idx = np.tile(np.arange(n_rows), n_t)
    return pd.DataFrame({
        "time": np.repeat(times.values, n_rows),
        "scenario": meta[idx, 0],
        "node": meta[idx, 1],
        "attribute": meta[idx, 2],
        "value": data.T.reshape(-1),
        "unit": meta[idx, 3],
    }, columns=COLUMNS)
