"""A service answering on a loopback port (uvicorn in a thread of the test process), with one user and
token per role, for tests that need real concurrency: one request must not stall the others."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from arna.service import Settings, create_app
from arna.service.database import ServiceDB

ROLES = ("viewer", "analyst", "admin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Live:
    url: str
    port: int
    tokens: dict[str, str]
    data: Path
    app: Any

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def client(self, role: str | None = None, timeout: float = 30.0) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={} if role is None else self.headers(role), timeout=timeout)


@contextmanager
def live_service(data: Path, **settings: Any) -> Iterator[Live]:
    """The service over ``data`` with ``settings``, serving on 127.0.0.1 until the block ends."""
    db = ServiceDB(data)
    tokens = {}
    for role in ROLES:
        db.create_user(role, role, password=f"{role}-password")  # type: ignore[arg-type]
        tokens[role] = db.issue_token(role)[1]
    app = create_app(Settings(data_dir=data, **settings))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="live-service", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the live service did not start"
        time.sleep(0.02)
    try:
        yield Live(f"http://127.0.0.1:{port}", port, tokens, data, app)
    finally:
        server.should_exit = True
        thread.join(30)


class HealthWatch:
    """Asks ``GET /health`` every 50 ms in a thread while a block runs; ``worst`` is the slowest answer."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.times: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="health-watch", daemon=True)

    def _watch(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as c:
            while not self._stop.is_set():
                t0 = time.perf_counter()
                try:
                    ok = c.get("/health").status_code == 200
                except httpx.HTTPError as exc:
                    self.failures.append(repr(exc))
                    ok = True
                self.times.append(time.perf_counter() - t0)
                if not ok:
                    self.failures.append("status")
                self._stop.wait(0.05)

    @property
    def worst(self) -> float:
        return max(self.times, default=0.0)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)


def until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
