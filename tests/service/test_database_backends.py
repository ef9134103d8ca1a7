"""The service database on SQLite (the data folder) and on PostgreSQL (a database URL): the same behaviour."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from arna.errors import InputError
from arna.service.database import Conflict, ServiceDB


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServiceDB]:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    yield ServiceDB(tmp_path / "data", url)


def test_users_and_passwords(db: ServiceDB) -> None:
    assert db.count_users() == 0
    alice = db.create_user("alice", "analyst", password="correct horse")
    assert alice.name == "alice" and alice.role == "analyst" and alice.has_password
    assert alice.created.tzinfo is not None
    db.create_user("bob", "viewer")
    with pytest.raises(Conflict, match="'alice' already exists"):
        db.create_user("alice", "admin")
    assert [u.name for u in db.users()] == ["alice", "bob"] and db.count_users() == 2
    assert db.check_password("alice", "correct horse") == alice
    assert db.check_password("alice", "wrong") is None
    assert db.check_password("bob", "anything") is None and db.check_password("nobody", "x") is None
    assert db.user("nobody") is None


def test_tokens(db: ServiceDB) -> None:
    db.create_user("alice", "admin")
    row, token = db.issue_token("alice", "laptop")
    other, _ = db.issue_token("alice")
    user = db.authenticate(token)
    assert user is not None and user.name == "alice"
    assert db.authenticate(token + "x") is None and db.authenticate("not a token") is None
    listed = [(t.id, t.label, t.revoked) for t in db.tokens("alice")]
    assert listed == [(row.id, "laptop", False), (other.id, "", False)]
    assert db.revoke_token(row.id) and not db.revoke_token("no-such-id")
    assert db.authenticate(token) is None and db.tokens()[0].revoked


def test_model_versions(db: ServiceDB) -> None:
    db.create_user("alice", "analyst")
    assert db.add_model("m", '{"v": 1}', "alice").version == 1
    assert db.add_model("m", '{"v": 2}', "alice").version == 2
    assert db.add_model("n", '{"v": 1}', "alice").version == 1
    assert [m.version for m in db.model_versions("m")] == [1, 2]
    latest = db.model("m")
    assert latest is not None and latest.document == '{"v": 2}' and latest.uploaded_by == "alice"
    assert db.model("m", 1) is not None and db.model("m", 3) is None and db.model("zz") is None
    assert [(m.name, m.version) for m in db.latest_models()] == [("m", 2), ("n", 1)]


def test_concurrent_uploads_take_distinct_versions(db: ServiceDB) -> None:
    db.create_user("alice", "analyst")
    errors: list[BaseException] = []

    def upload() -> None:
        try:
            for _ in range(3):
                db.add_model("m", "{}", "alice")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and [m.version for m in db.model_versions("m")] == list(range(1, 13))


def test_postgres_tables_and_no_folder(pg_url: str, tmp_path: Path) -> None:
    ServiceDB(tmp_path / "data", pg_url).create_user("alice", "admin")
    again = ServiceDB(tmp_path / "other", pg_url)  # a second service on the same database sees the users
    assert [u.name for u in again.users()] == ["alice"]
    assert not (tmp_path / "data").exists() and not (tmp_path / "other").exists()


def test_unreachable_service_database(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot connect to the service database 'postgresql://u:\*\*\*@") as caught:
        ServiceDB(tmp_path, "postgresql://u:hunter2@127.0.0.1:1/arna")
    assert "hunter2" not in str(caught.value)
    with pytest.raises(InputError, match="not a PostgreSQL URL"):
        ServiceDB(tmp_path, "mysql://u:hunter2@db/arna")
