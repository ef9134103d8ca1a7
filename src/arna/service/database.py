"""The service database: users, API tokens and uploaded model versions.

Three tables: ``users`` (name, role, scrypt password hash), ``tokens`` (id, user, scrypt hash of the
secret, created, revoked, when it expires if it does) and ``models`` (name, version, the validated
document as JSON, who uploaded it and when). They are in ``DATA_DIR/service.sqlite`` (SQLite, next
to the embedded run store), or, given a database URL, in that PostgreSQL database next to the run
store's tables, so a team server keeps everything in one database. The same SQL serves both
(timestamps are ISO text in both). Each operation opens its own connection, so the database may be
used from any thread. Rows are returned as the dataclasses below, never as API schemas.

A checked token is remembered for ``AUTH_CACHE_SECONDS`` (a hash check and two queries per request
otherwise); revoking a token or changing a password through this object forgets it at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

import psycopg

from arna.service.security import PASSWORD_COST, TOKEN_COST, hash_secret, new_token, split_token, verify_secret
from arna.store.postgres import check_url, connect, create_tables, mask_url

Role = Literal["viewer", "analyst", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
RANK: dict[str, int] = {role: i for i, role in enumerate(ROLES)}
FILE = "service.sqlite"
_DUMMY = hash_secret("not a password", PASSWORD_COST)
_SCHEMA_LOCK = 0x4152_4E41_0000_0002  # serialises creating the tables in PostgreSQL ('ARNA', 2)
AUTH_CACHE_SECONDS = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users(name),
    secret_hash TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    expires_at TEXT
);
CREATE TABLE IF NOT EXISTS models (
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (name, version)
);
"""


@dataclass(frozen=True)
class UserRow:
    name: str
    role: Role
    has_password: bool
    created: dt.datetime


@dataclass(frozen=True)
class TokenRow:
    id: str
    user_name: str
    label: str
    created: dt.datetime
    revoked: bool
    expires: dt.datetime | None = None


@dataclass(frozen=True)
class ModelRow:
    name: str
    version: int
    uploaded_by: str
    uploaded: dt.datetime
    document: str


class Conflict(Exception):
    """The row already exists."""


class _Cursor(Protocol):
    """What the service reads from a query, the same from sqlite3 and psycopg."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class _Session:
    """One transaction on either database, with ``?`` placeholders for both."""

    def __init__(self, con: sqlite3.Connection | psycopg.Connection[Any]) -> None:
        self.con = con
        self.postgres = isinstance(con, psycopg.Connection)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> _Cursor:
        if isinstance(self.con, psycopg.Connection):
            return self.con.execute(sql.replace("?", "%s"), params)
        return self.con.execute(sql, params)


_DUPLICATE = (sqlite3.IntegrityError, psycopg.IntegrityError)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _maybe(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _role(value: str) -> Role:
    if value == "admin":
        return "admin"
    return "analyst" if value == "analyst" else "viewer"


class ServiceDB:
    """Users, tokens and uploaded models in ``folder/service.sqlite``, or in PostgreSQL at ``database_url``.

    A bad URL or a server that cannot be reached is an :class:`~arna.errors.InputError` naming the URL
    with its password masked.
    """

    def __init__(self, folder: str | Path, database_url: str | None = None) -> None:
        self.url = database_url or None
        self.path = Path(folder) / FILE
        self._seen: dict[str, tuple[UserRow, str, dt.datetime | None, float]] = {}
        self._seen_lock = threading.Lock()
        self._checking: dict[str, threading.Lock] = {}
        if self.url is not None:
            check_url(self.url)
            with connect(self.url, "service") as con, create_tables(con, self.url, "service"):
                con.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEMA_LOCK])  # two services starting at once
                con.execute(_SCHEMA)
                con.execute("ALTER TABLE tokens ADD COLUMN IF NOT EXISTS expires_at TEXT")  # databases before it
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lite = sqlite3.connect(self.path, timeout=30)
        try:
            lite.executescript(_SCHEMA)
            columns = {row[1] for row in lite.execute("PRAGMA table_info(tokens)")}
            if "expires_at" not in columns:  # a database from before tokens expired
                lite.execute("ALTER TABLE tokens ADD COLUMN expires_at TEXT")
                lite.commit()
        finally:
            lite.close()

    def __repr__(self) -> str:
        return f"ServiceDB({mask_url(self.url) if self.url else str(self.path)!r})"

    @contextlib.contextmanager
    def _connect(self) -> Iterator[_Session]:
        """One transaction: committed on success, rolled back on error."""
        if self.url is not None:
            with connect(self.url, "service") as pg:  # commits on success, rolls back on error, closes
                yield _Session(pg)
            return
        con = sqlite3.connect(self.path, timeout=30)
        try:
            with con:
                yield _Session(con)
        finally:
            con.close()

    # ------------------------------------------------------------ users

    def create_user(self, name: str, role: Role, password: str | None = None) -> UserRow:
        hashed = None if password is None else hash_secret(password, PASSWORD_COST)
        try:
            with self._connect() as con:
                con.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                            (name, role, hashed, _now()))
        except _DUPLICATE:
            raise Conflict(f"a user named '{name}' already exists") from None
        user = self.user(name)
        assert user is not None
        return user

    def user(self, name: str) -> UserRow | None:
        with self._connect() as con:
            row = con.execute("SELECT name, role, password_hash IS NOT NULL, created_at FROM users WHERE name = ?",
                              (name,)).fetchone()
        return None if row is None else UserRow(row[0], _role(row[1]), bool(row[2]), _when(row[3]))

    def users(self) -> list[UserRow]:
        with self._connect() as con:
            rows = con.execute("SELECT name, role, password_hash IS NOT NULL, created_at FROM users "
                               "ORDER BY name").fetchall()
        return [UserRow(r[0], _role(r[1]), bool(r[2]), _when(r[3])) for r in rows]

    def count_users(self) -> int:
        with self._connect() as con:
            row = con.execute("SELECT count(*) FROM users").fetchone()
        return int(row[0])

    def check_password(self, name: str, password: str) -> UserRow | None:
        """The user if ``password`` is theirs, else ``None``."""
        with self._connect() as con:
            row = con.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
        if row is None or row[0] is None:
            verify_secret(password, _DUMMY)  # as slow as a real check: timing does not tell who exists
            return None
        if not verify_secret(password, row[0]):
            return None
        return self.user(name)

    def set_password(self, name: str, password: str) -> bool:
        """Set a user's password; ``False`` if there is no such user."""
        hashed = hash_secret(password, PASSWORD_COST)
        with self._connect() as con:
            cur = con.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name))
        self._forget()
        return cur.rowcount > 0

    # ------------------------------------------------------------ tokens

    def issue_token(self, user_name: str, label: str = "", expires: dt.datetime | None = None) -> tuple[TokenRow, str]:
        """A new token for the user (valid until ``expires``, or until revoked): its row and the token
        itself (shown once, stored hashed)."""
        token_id, secret, token = new_token()
        created = _now()
        until = None if expires is None else expires.astimezone(dt.UTC).isoformat()
        with self._connect() as con:
            con.execute("INSERT INTO tokens (id, user_name, secret_hash, label, created_at, expires_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (token_id, user_name, hash_secret(secret, TOKEN_COST), label, created, until))
        return TokenRow(token_id, user_name, label, _when(created), False, _maybe(until)), token

    def token(self, token_id: str) -> TokenRow | None:
        with self._connect() as con:
            r = con.execute("SELECT id, user_name, label, created_at, revoked, expires_at FROM tokens WHERE id = ?",
                            (token_id,)).fetchone()
        return None if r is None else TokenRow(r[0], r[1], r[2], _when(r[3]), bool(r[4]), _maybe(r[5]))

    def tokens(self, user_name: str | None = None) -> list[TokenRow]:
        sql = "SELECT id, user_name, label, created_at, revoked, expires_at FROM tokens"
        params: tuple[str, ...] = ()
        if user_name is not None:
            sql += " WHERE user_name = ?"
            params = (user_name,)
        with self._connect() as con:
            rows = con.execute(sql + " ORDER BY created_at, id", params).fetchall()
        return [TokenRow(r[0], r[1], r[2], _when(r[3]), bool(r[4]), _maybe(r[5])) for r in rows]

    def revoke_token(self, token_id: str) -> bool:
        """Revoke a token; ``False`` if there is no such token."""
        with self._connect() as con:
            cur = con.execute("UPDATE tokens SET revoked = 1 WHERE id = ?", (token_id,))
        self._forget()
        return cur.rowcount > 0

    def _forget(self) -> None:
        with self._seen_lock:
            self._seen.clear()

    def authenticate(self, token: str) -> UserRow | None:
        """The user owning a valid, unrevoked, unexpired ``token``, else ``None``."""
        return None if (found := self.token_owner(token)) is None else found[0]

    def recently_checked(self, token: str) -> tuple[UserRow, str] | None:
        """:meth:`token_owner` if ``token`` was found valid in the last ``AUTH_CACHE_SECONDS`` and has not
        expired since (no query), else ``None``."""
        with self._seen_lock:
            seen = self._seen.get(_token_key(token))
        if seen is None or time.monotonic() - seen[3] >= AUTH_CACHE_SECONDS:
            return None
        if seen[2] is not None and seen[2] <= dt.datetime.now(dt.UTC):
            return None
        return seen[0], seen[1]

    def token_owner(self, token: str) -> tuple[UserRow, str] | None:
        """The user owning a valid, unrevoked, unexpired ``token`` and the token's id, else ``None``."""
        if (seen := self.recently_checked(token)) is not None:
            return seen
        key = _token_key(token)
        with self._seen_lock:
            checking = self._checking.setdefault(key, threading.Lock())
        with checking:  # many requests with one new token at once: one check, the others wait for it
            if (seen := self.recently_checked(token)) is not None:
                return seen
            try:
                return self._check_token(token, key)
            finally:
                with self._seen_lock:
                    self._checking.pop(key, None)

    def _check_token(self, token: str, key: str) -> tuple[UserRow, str] | None:
        now = dt.datetime.now(dt.UTC)
        parts = split_token(token)
        if parts is None:
            return None
        token_id, secret = parts
        with self._connect() as con:
            row = con.execute("SELECT user_name, secret_hash, expires_at FROM tokens WHERE id = ? AND revoked = 0",
                              (token_id,)).fetchone()
        if row is None or not verify_secret(secret, row[1]):
            return None
        expires = _maybe(row[2])
        user = self.user(row[0])
        if user is None or (expires is not None and expires <= now):
            return None
        with self._seen_lock:
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._seen[key] = (user, token_id, expires, time.monotonic())
        return user, token_id

    # ------------------------------------------------------------ uploaded models

    def add_model(self, name: str, document: str, uploaded_by: str) -> ModelRow:
        """Store a new version of model ``name`` (1 for a new name); returns its row."""
        uploaded = _now()
        with self._connect() as con:
            # Two uploads of one name at once: the second waits, then reads the first one's version.
            if con.postgres:
                con.execute("LOCK TABLE models IN SHARE ROW EXCLUSIVE MODE")
            else:  # the sqlite3 module would begin the transaction only at the INSERT, after the read
                con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT coalesce(max(version), 0) + 1 FROM models WHERE name = ?", (name,)).fetchone()
            version = int(row[0])
            con.execute("INSERT INTO models (name, version, document, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?)",
                        (name, version, document, uploaded_by, uploaded))
        return ModelRow(name, version, uploaded_by, _when(uploaded), document)

    def model_versions(self, name: str) -> list[ModelRow]:
        with self._connect() as con:
            rows = con.execute("SELECT name, version, uploaded_by, uploaded_at, document FROM models "
                               "WHERE name = ? ORDER BY version", (name,)).fetchall()
        return [ModelRow(r[0], int(r[1]), r[2], _when(r[3]), r[4]) for r in rows]

    def model(self, name: str, version: int | None = None) -> ModelRow | None:
        """A version of a model (the latest if ``version`` is ``None``)."""
        versions = self.model_versions(name)
        if version is None:
            return versions[-1] if versions else None
        return next((m for m in versions if m.version == version), None)

    def delete_model(self, name: str, version: int | None = None) -> int:
        """Delete a model's versions (only ``version`` if given); returns how many were deleted."""
        with self._connect() as con:
            if version is None:
                cur = con.execute("DELETE FROM models WHERE name = ?", (name,))
            else:
                cur = con.execute("DELETE FROM models WHERE name = ? AND version = ?", (name, version))
        return cur.rowcount

    def latest_model_versions(self) -> list[ModelRow]:
        """The latest version of every uploaded model, by name, without its document (``""``)."""
        with self._connect() as con:
            rows = con.execute("SELECT m.name, m.version, m.uploaded_by, m.uploaded_at FROM models m "
                               "JOIN (SELECT name, max(version) AS v FROM models GROUP BY name) l "
                               "ON m.name = l.name AND m.version = l.v ORDER BY m.name").fetchall()
        return [ModelRow(r[0], int(r[1]), r[2], _when(r[3]), "") for r in rows]

    def latest_models(self) -> list[ModelRow]:
        """The latest version of every uploaded model, by name."""
        with self._connect() as con:
            rows = con.execute("SELECT m.name, m.version, m.uploaded_by, m.uploaded_at, m.document FROM models m "
                               "JOIN (SELECT name, max(version) AS v FROM models GROUP BY name) l "
                               "ON m.name = l.name AND m.version = l.v ORDER BY m.name").fetchall()
        return [ModelRow(r[0], int(r[1]), r[2], _when(r[3]), r[4]) for r in rows]
