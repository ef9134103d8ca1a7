"""A real PostgreSQL server for the tests, started once per session from Debian's binaries.

``pg_server`` gives the URL of a server: ``ARNA_TEST_DATABASE_URL`` if set, else a throw-away
cluster (``initdb`` in a temporary folder, ``pg_ctl start`` on a free port of 127.0.0.1, trust
authentication, fsync off), stopped and removed at the end of the session. As root the server runs as
the ``postgres`` user, since PostgreSQL refuses to run as root. ``pg_url`` gives each test a fresh
schema of its own (through ``search_path`` in the URL), dropped afterwards. Without the binaries the
tests that use them skip, saying how to install them.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

ENV = "ARNA_TEST_DATABASE_URL"
INSTALL = (f"install PostgreSQL's server (`apt-get install postgresql`, which `make test` does when it can) "
           f"or set {ENV} to the URL of a server where the user may create schemas")


def find_bindir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl`` (Debian's newest /usr/lib/postgresql/N/bin, else PATH)."""
    def major(p: Path) -> int:
        return int(p.parent.name) if p.parent.name.isdigit() else 0

    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=major, reverse=True):
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    found = shutil.which("pg_ctl")
    if found and (Path(found).parent / "initdb").is_file():
        return Path(found).parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalServer:
    """A PostgreSQL cluster in a temporary folder, run as the current user or, as root, as ``postgres``."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.prefix: list[str] = []
        owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip(f"running as root and there is no 'postgres' user to run PostgreSQL as; {INSTALL}")
            runuser = shutil.which("runuser")
            self.prefix = [runuser, "-u", "postgres", "--"] if runuser else [
                "setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups"]
        self.folder = Path(tempfile.mkdtemp(prefix="arna-pg-"))
        if owner is not None:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = owner.pw_name if owner is not None else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}\n{tail}")

    def start(self) -> str:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--no-locale")
        settings = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.folder} "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-w", "-t", "60", "-o", settings, "start")
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def with_search_path(url: str, schema: str) -> str:
    """``url`` whose sessions use ``schema`` (tables are created and found there)."""
    return url + ("&" if "?" in url else "?") + "options=" + quote(f"-csearch_path={schema}", safe="")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for this test session."""
    given = os.environ.get(ENV)
    if given:
        yield given
        return
    bindir = find_bindir()
    if bindir is None:
        pytest.skip(f"PostgreSQL tests: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH; {INSTALL}")
    server = LocalServer(bindir)
    try:
        url = server.start()
    except BaseException:
        server.stop()
        raise
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL whose tables live in a fresh schema of their own, dropped after the test."""
    schema = f"arna_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(pg_server, schema)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")
