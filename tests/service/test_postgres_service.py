"""The service with everything in PostgreSQL (``database_url``): a run through to results, and ``arna serve``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
import pytest
import uvicorn
from fastapi.testclient import TestClient

from arna.cli.main import main
from arna.errors import InputError
from arna.service import Settings, create_app
from arna.service.database import ServiceDB
from arna.store import PostgresStore
from tests.service.conftest import ROLES, Service


def _service(data: Path, url: str, client: TestClient) -> Service:
    db = ServiceDB(data, url)
    tokens = {role: db.issue_token(role)[1] for role in ROLES}
    return Service(client, client.app, tokens, data)  # type: ignore[arg-type]


def test_a_run_through_to_results_over_postgres(tmp_path: Path, pg_url: str) -> None:
    data = tmp_path / "data"
    db = ServiceDB(data, pg_url)
    for role in ROLES:
        db.create_user(role, role)  # type: ignore[arg-type]
    with TestClient(create_app(Settings(data_dir=data, workers=2, database_url=pg_url))) as client:
        service = _service(data, pg_url, client)
        assert isinstance(service.app.state.store, PostgresStore)
        started = client.post("/runs", json={"model": "lower-syr-darya"}, headers=service.headers("analyst"))
        assert started.status_code == 202, started.text
        run_id = started.json()["id"]
        done = service.wait(run_id)
        assert done["status"] == "completed", done
        rows = client.get(f"/runs/{run_id}/results", headers=service.headers("viewer"), params={
            "node": "Shardara", "attribute": "volume", "scenario": "dry", "start": "2020-01-01", "end": "2020-12-01",
        }).json()
        assert len(rows) == 12 and {r["node"] for r in rows} == {"Shardara"}
        parquet = client.get(f"/runs/{run_id}/results", params={"format": "parquet"}, headers=service.headers("viewer"))
        frame = pd.read_parquet(io.BytesIO(parquet.content))
        assert len(frame) > 0 and set(frame["scenario"]) == {"baseline", "dry"}
    assert not data.exists()  # the runs, users and tokens are in the database, not in the folder
    with psycopg.connect(pg_url) as con:
        row = con.execute("SELECT status, model_name FROM runs WHERE id = %s", [run_id]).fetchone()
        users = con.execute("SELECT name FROM users ORDER BY name").fetchall()
    assert row == ("completed", "lower-syr-darya") and users == [("admin",), ("analyst",), ("viewer",)]
    with TestClient(create_app(Settings(data_dir=data, database_url=pg_url))) as client:  # a restart sees it
        again = _service(data, pg_url, client)
        assert again.client.get(f"/runs/{run_id}", headers=again.headers("viewer")).json()["status"] == "completed"


def test_service_that_cannot_reach_its_database(tmp_path: Path) -> None:
    url = "postgresql://arna:hunter2@127.0.0.1:1/arna"
    app = create_app(Settings(data_dir=tmp_path, database_url=url))
    masked = r"cannot connect to the run store database 'postgresql://arna:\*\*\*@127.0.0.1:1/arna'"
    with pytest.raises(InputError, match=masked) as caught:
        TestClient(app).__enter__()
    assert "hunter2" not in str(caught.value)


def _unwrapped(text: str) -> str:
    """Console output without whitespace (the console wraps long lines, even inside a URL)."""
    return "".join(text.split())


def test_serve_with_a_database_url(tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    assert main(["serve", "--data", str(tmp_path / "data"), "--database-url", pg_url]) == 0
    out = capsys.readouterr().out
    assert "servingpostgresql://" in _unwrapped(out) and len(calls) == 1
    [token] = [w for w in out.split() if w.startswith("arna_")]  # printed on a line of its own
    user = ServiceDB(tmp_path / "elsewhere", pg_url).authenticate(token)  # the first admin is in the database
    assert user is not None and user.role == "admin"
    assert main(["serve", "--data", str(tmp_path / "data"), "--database-url", pg_url]) == 0
    assert "APItoken" not in _unwrapped(capsys.readouterr().out)  # it already has users: no new token
    monkeypatch.setenv("ARNA_DATABASE_URL", "postgresql://arna:hunter2@127.0.0.1:1/arna")  # the default
    assert main(["serve", "--data", str(tmp_path / "data")]) == 2
    err = _unwrapped(capsys.readouterr().err)
    assert "cannotconnect" in err and "arna:***@127.0.0.1:1" in err and "hunter2" not in err
    assert main(["serve", "--data", str(tmp_path / "data"), "--database-url", "sqlite:///x.db"]) == 2
    assert "notaPostgreSQLURL" in _unwrapped(capsys.readouterr().err) and len(calls) == 2
