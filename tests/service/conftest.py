"""A service over a temporary data folder, with one user (and token) per role."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from arna.service import Settings, create_app
from arna.service.database import ServiceDB

ROLES = ("viewer", "analyst", "admin")

#: A model of 150 years of days (about 55,000 timesteps, several seconds to run even after the
#: engine got faster): long enough to be caught half-way, for the tests that kill, cancel or time out
#: a running run.
LONG_MODEL = b"""name: long-river
timestepper: {start: 1850-01-01, end: 1999-12-31, step: day}
nodes:
  - {name: river, type: inflow, flow: "10 m3/s"}
  - {name: lake, type: reservoir, capacity: "100 hm3", initial_volume: "50 hm3"}
  - {name: farm, type: demand, demand: "5 m3/s"}
  - {name: sea, type: terminal}
edges: [[river, lake], [lake, farm], [lake, sea]]
"""


def until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Poll ``condition`` until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


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
