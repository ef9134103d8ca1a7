"""Crash safety: a worker process killed mid-run, and the whole service killed mid-run, leave the
store consistent: the run is failed (never running, never completed), there is no results file, the
other runs are intact, and new runs work."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from arna.store import EmbeddedStore
from tests.service.conftest import LONG_MODEL, Service, until

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def leftovers(data: Path, run_id: str) -> list[str]:
    """What the run's folder holds besides its model document (results, temporary files)."""
    return sorted(p.name for p in (data / "runs" / run_id).iterdir() if p.name != "model.json")


def test_killing_the_worker_process_mid_run_leaves_the_store_consistent(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    worker = service.app.state.worker
    earlier = c.post("/runs", json={"model": "lower-syr-darya", "scenarios": ["dry"]}, headers=h).json()
    assert service.wait(earlier["id"])["status"] == "completed"
    earlier_results = c.get(f"/runs/{earlier['id']}/results", params={"format": "csv"}, headers=h).text
    assert c.post("/models", content=LONG_MODEL, headers=h).status_code == 201

    run = c.post("/runs", json={"model": "long-river"}, headers=h).json()
    until(lambda: (c.get(f"/runs/{run['id']}", headers=h).json()["timesteps_done"] or 0) > 0, "the run's progress")
    pid = worker.pid(run["id"])
    assert pid is not None and pid != os.getpid()
    os.kill(pid, signal.SIGKILL)

    done = service.wait(run["id"])
    assert done["status"] == "failed"
    assert f"the worker process running it (pid {pid}) died (killed by signal SIGKILL" in done["error"]
    assert "start the run again" in done["error"]
    refused = c.get(f"/runs/{run['id']}/results", headers=h)
    assert refused.status_code == 409 and "failed" in refused.json()["detail"]
    assert leftovers(service.data, run["id"]) == []
    reopened = EmbeddedStore(service.data)  # opening the store again (its recovery) changes nothing
    assert reopened.get(run["id"]).status == "failed" and reopened.get(earlier["id"]).status == "completed"

    assert c.get(f"/runs/{earlier['id']}", headers=h).json()["status"] == "completed"
    assert c.get(f"/runs/{earlier['id']}/results", params={"format": "csv"}, headers=h).text == earlier_results
    assert leftovers(service.data, earlier["id"]) == ["results.parquet"]
    after = c.post("/runs", json={"model": "lower-syr-darya", "scenarios": ["dry"]}, headers=h).json()
    assert service.wait(after["id"])["status"] == "completed"
    assert c.get(f"/runs/{after['id']}/results", params={"node": "Shardara"}, headers=h).json()


# ------------------------------------------------------------------ the whole service killed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def process_table() -> dict[int, tuple[int, str]]:
    """Every process: its parent and state (from /proc)."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            table[int(stat.parent.name)] = (int(fields[1]), fields[0])
    return table


def descendants(pid: int) -> set[int]:
    table = process_table()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, (parent, _) in table.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    table = process_table()
    return {p for p in pids if p in table and table[p][1] != "Z"}


class Served:
    """``arna serve`` in a subprocess (its own session, so whatever is left can be cleaned up)."""

    def __init__(self, data: Path, log: Path) -> None:
        arna = Path(sys.executable).with_name("arna")
        if not arna.exists():
            pytest.skip(f"no `arna` command next to {sys.executable}")
        self.port = free_port()
        self.log = log
        with log.open("w") as out:
            self.proc = subprocess.Popen(
                [str(arna), "serve", "--data", str(data), "--port", str(self.port), "--workers", "1"],
                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "300"}, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        until(self.healthy, f"`arna serve` to answer (its output: {log})", timeout=60)

    def healthy(self) -> bool:
        assert self.proc.poll() is None, f"`arna serve` exited: {self.log.read_text()}"
        with contextlib.suppress(httpx.TransportError):
            return httpx.get(f"{self.url}/health", timeout=2).status_code == 200
        return False

    def token(self) -> str:
        return next(w for w in self.log.read_text().split() if w.startswith("arna_"))

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for s in started:
        s.close()


@linux_only
@pytest.mark.slow
def test_killing_the_service_mid_run_fails_the_run_when_it_starts_again(tmp_path: Path,
                                                                        served: list[Served]) -> None:
    data = tmp_path / "data"
    first = Served(data, tmp_path / "first.log")
    served.append(first)
    h = {"Authorization": f"Bearer {first.token()}"}
    with httpx.Client(base_url=first.url, headers=h, timeout=30) as c:
        assert c.post("/models", content=LONG_MODEL).status_code == 201
        run = c.post("/runs", json={"model": "long-river"}).json()
        waiting = c.post("/runs", json={"model": "lower-syr-darya"}).json()  # one worker: this one stays queued
        until(lambda: (c.get(f"/runs/{run['id']}").json()["timesteps_done"] or 0) > 0, "the run's progress")
    children = descendants(first.proc.pid)  # the forkserver and the run's worker process
    assert children

    first.proc.send_signal(signal.SIGKILL)  # the service alone: its worker must not outlive it
    first.proc.wait(30)
    until(lambda: not alive(children), f"the service's children {children} to end with it")
    assert leftovers(data, run["id"]) == []

    second = Served(data, tmp_path / "second.log")
    served.append(second)
    with httpx.Client(base_url=second.url, headers=h, timeout=30) as c:
        killed = c.get(f"/runs/{run['id']}").json()
        assert killed["status"] == "failed" and f"pid {first.proc.pid}" in killed["error"]
        queued = c.get(f"/runs/{waiting['id']}").json()
        assert queued["status"] == "failed" and "before the run started" in queued["error"]
        assert c.get(f"/runs/{run['id']}/results").status_code == 409
        assert leftovers(data, run["id"]) == [] and leftovers(data, waiting["id"]) == []
        again = c.post("/runs", json={"model": "lower-syr-darya", "scenarios": ["dry"]}).json()
        until(lambda: c.get(f"/runs/{again['id']}").json()["status"] not in {"queued", "running"}, "the new run")
        assert c.get(f"/runs/{again['id']}").json()["status"] == "completed"
        assert c.get(f"/runs/{again['id']}/results", params={"node": "Shardara"}).json()
    second.proc.send_signal(signal.SIGTERM)  # a clean stop this time (uvicorn ends by re-raising the signal)
    assert second.proc.wait(30) in {0, -signal.SIGTERM}
    assert "Application shutdown complete" in second.log.read_text()
