"""Issue 16: what an attacker (or an unlucky user) sends is refused or throttled, and ``/health`` keeps
answering while it is handled. Each against a real server on a loopback port."""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import LONG_MODEL
from tests.service.live import HealthWatch, Live, live_service, until

#: Slowest /health answer tolerated while an attack is handled (the issue saw 10-30 s).
RESPONSIVE = 1.0

#: The issue's 624-byte alias bomb, in spirit: nine levels of nine-fold aliases (387 million values).
BOMB = "name: bomb\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
    for i in range(1, 9))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_service(tmp_path_factory.mktemp("attacks"), workers=1, max_upload_bytes=5_000_000,
                      max_streams_per_user=8) as service:
        yield service


def test_the_alias_bomb_is_refused_at_once(live: Live) -> None:
    assert len(BOMB) < 1000
    with HealthWatch(live.url) as health, live.client("analyst") as c:
        t0 = time.perf_counter()
        r = c.post("/models", content=BOMB.encode())
        took = time.perf_counter() - t0
    assert r.status_code == 422, r.text
    assert "values" in r.json()["detail"][0]["msg"]
    assert took < 5
    assert not health.failures and health.worst < RESPONSIVE
    with live.client("viewer") as c:
        assert "bomb" not in {m["name"] for m in c.get("/models").json()}


@pytest.mark.parametrize(("body", "content_type"), [
    ('{"name": "deep", "x": ' + "[" * 50_000 + "]" * 50_000 + "}", "application/json"),
    ("name: deep\nx: " + "[" * 50_000 + "]" * 50_000 + "\n", "application/yaml"),
    ("name: loop\nx: &x [1, *x]\n", "application/yaml"),
])
def test_deep_nesting_and_self_reference_are_422_not_500(live: Live, body: str, content_type: str) -> None:
    with HealthWatch(live.url) as health, live.client("analyst") as c:
        r = c.post("/models", content=body.encode(), headers={"Content-Type": content_type})
    assert r.status_code == 422, r.text[:500]
    detail = r.json()["detail"]
    assert isinstance(detail, list) and detail[0]["loc"] == ["body"] and detail[0]["msg"]
    assert not health.failures and health.worst < RESPONSIVE


def _raw(port: int, head: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(head.encode())
    return sock


def _status(sock: socket.socket) -> int:
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


def test_a_declared_oversized_upload_is_413_before_its_body(live: Live) -> None:
    sock = _raw(live.port, "POST /models HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                f"Authorization: Bearer {live.tokens['analyst']}\r\nContent-Length: 400000000\r\n\r\n")
    with sock:
        assert _status(sock) == 413  # answered with no byte of the 400 MB sent


def test_a_streamed_oversized_upload_is_413_as_soon_as_it_passes_the_limit(live: Live) -> None:
    sock = _raw(live.port, "POST /models HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                f"Authorization: Bearer {live.tokens['analyst']}\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 1_000_000
    sent = 0
    with sock, HealthWatch(live.url) as health:
        try:
            while sent < 400_000_000:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
        except OSError:  # the server answered 413 and closed: it reads no more
            pass
        assert _status(sock) == 413
    assert sent < 50_000_000, f"the server read {sent} bytes before refusing"
    assert not health.failures and health.worst < RESPONSIVE


def test_a_large_valid_upload_does_not_block_the_others(live: Live) -> None:
    series = [round(10 + (i % 365) / 100, 2) for i in range(40_000)]
    doc = {"name": "big-series", "timestepper": {"start": "1900-01-01", "end": "1909-12-31", "step": "day"},
           "nodes": [{"name": "river", "type": "inflow", "flow": {"values": series, "unit": "m3/s"}},
                     {"name": "sea", "type": "terminal"}], "edges": [["river", "sea"]]}
    body = json.dumps(doc).encode()
    with HealthWatch(live.url) as health, live.client("analyst") as c:
        r = c.post("/models", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code in {201, 422}, r.text[:500]  # whatever the verdict, the others were served meanwhile
    assert not health.failures and health.worst < RESPONSIVE


def test_45_progress_streams_are_capped_and_hold_no_thread(tmp_path: Path) -> None:
    with live_service(tmp_path, workers=1, max_streams_per_user=45) as live:
        with live.client("analyst") as c:
            assert c.post("/models", content=LONG_MODEL).status_code == 201
            run = c.post("/runs", json={"model": "long-river"}).json()
        opened: list[httpx.Response] = []
        clients = [live.client("viewer") for _ in range(46)]
        try:
            for client in clients[:45]:
                req = client.build_request("GET", f"/runs/{run['id']}/events", params={"interval": 0.1})
                response = client.send(req, stream=True)
                assert response.status_code == 200
                opened.append(response)
            over = clients[45].get(f"/runs/{run['id']}/events")
            assert over.status_code == 429 and int(over.headers["retry-after"]) >= 1
            with live.client("viewer") as c, HealthWatch(live.url) as health:
                t0 = time.perf_counter()
                assert c.get("/runs").status_code == 200
                listed = time.perf_counter() - t0
            assert listed < RESPONSIVE, f"GET /runs took {listed:.2f} s with 45 streams open"
            assert not health.failures and health.worst < RESPONSIVE
        finally:
            for response in opened:
                response.close()
            with live.client("analyst") as c:
                c.post(f"/runs/{run['id']}/cancel")
            for client in clients:
                client.close()
        # closed streams give their slots back
        with live.client("viewer") as c:
            until(lambda: live.app.state.streams.held("viewer") == 0, "the streams' slots to be given back")
            assert c.get(f"/runs/{run['id']}/events").status_code == 200


def test_200_wrong_passwords_are_throttled(live: Live) -> None:
    statuses: list[int] = []
    waits: list[int] = []
    with HealthWatch(live.url) as health, live.client() as c:
        t0 = time.perf_counter()
        for _ in range(200):
            r = c.post("/auth/login", json={"username": "viewer", "password": "guess"})
            statuses.append(r.status_code)
            if r.status_code == 429:
                waits.append(int(r.headers["retry-after"]))
        took = time.perf_counter() - t0
        right = c.post("/auth/login", json={"username": "viewer", "password": "viewer-password"})
    assert statuses[:5] == [401] * 5
    # after the fifth, each wrong password past a wait doubles it (1 s, 2 s, 4 s, ...): a handful at most
    assert statuses.count(401) <= 5 + math.ceil(math.log2(took + 1)) + 1, statuses
    assert statuses.count(429) + statuses.count(401) == 200
    assert min(waits) >= 1
    assert right.status_code == 429  # locked out is locked out, even with the right password
    assert took < 30
    assert not health.failures and health.worst < RESPONSIVE
    with live.client("viewer") as c:  # a token still works: nobody is locked out of the API
        assert c.get("/auth/me").status_code == 200


def test_logins_from_many_threads_do_not_slow_the_others(tmp_path: Path) -> None:
    with live_service(tmp_path, login_free_failures=1000) as live, HealthWatch(live.url) as health:
        def guess() -> None:
            with live.client() as c:
                for _ in range(10):
                    c.post("/auth/login", json={"username": "admin", "password": "guess"})

        threads = [threading.Thread(target=guess) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    assert not health.failures and health.worst < RESPONSIVE
