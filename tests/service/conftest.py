"""A service over a temporary data folder, with one user (and token) per role."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from arna.service import Settings, create_app
from arna.service.database import ServiceDB

ROLES = ("viewer", "analyst", "admin")


@dataclass
class Service:
    client: TestClient
    app: FastAPI
    tokens: dict[str, str]
    data: Path

    def headers(self, role: str | None) -> dict[str, str]:
        return {} if role is None else {"Authorization": f"Bearer {self.tokens[role]}"}

    def wait(self, run_id: str, timeout: float = 30.0) -> dict[str, object]:
        """Poll a run until it has ended."""
        deadline = time.monotonic() + timeout
        while True:
            body: dict[str, object] = self.client.get(f"/runs/{run_id}", headers=self.headers("viewer")).json()
            if body["status"] in {"completed", "failed", "cancelled"}:
                return body
            assert time.monotonic() < deadline, f"run {run_id} did not end: {body}"
            time.sleep(0.05)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    data = tmp_path_factory.mktemp("service")
    db = ServiceDB(data)
    tokens = {}
    for role in ROLES:
        db.create_user(role, role, password=f"{role}-password")  # type: ignore[arg-type]
        tokens[role] = db.issue_token(role)[1]
    app = create_app(Settings(data_dir=data, workers=2))
    with TestClient(app) as client:
        yield Service(client, app, tokens, data)
