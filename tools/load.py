"""Load test of the Arna service on loopback (``make load``), bounded in time.

1. Starts ``arna serve`` on 127.0.0.1 over a fresh data folder (a subprocess, so the load generator does
   not share its interpreter), seeds it with completed runs, then starts two long runs that execute
   during the load.
2. ``--clients`` clients (100) for ``--duration`` seconds (60) read runs, results and indicators: each
   loops over GET /runs, GET /runs/{id}, GET /runs/{id}/results (one node), GET /runs/{id}/indicators and
   GET /runs/{id}/state of the completed runs. Prints the requests, errors, throughput and the latency
   percentiles, overall and per route.
3. Unless ``--no-attacks``: the issue 16 attacks one after the other — an alias bomb, a deeply nested
   upload, a 400 MB streamed upload, 45 progress streams of one viewer (on a long run), 200 wrong
   passwords — each with what the service answered and the slowest ``GET /health`` while it was
   handled; then the wait for the two long runs to complete, with the slowest ``GET /health`` meanwhile
   (a long run's completion once held the service's interpreter lock for seconds).
4. The service's peak resident memory (its worker processes apart).

Exits 1 if any read failed or p95 is over ``--p95`` seconds (1.0). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SEED = b"""name: load-river
timestepper: {start: 1950-01-01, end: 2049-12-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "30 m3/s"}
  - {name: lake, type: reservoir, capacity: "500 hm3", initial_volume: "250 hm3"}
  - {name: city, type: demand, demand: "8 m3/s", priority: 1}
  - {name: farms, type: demand, demand: "20 m3/s", priority: 2}
  - {name: sea, type: terminal}
edges: [[river, lake], [lake, city], [lake, farms], [lake, sea]]
"""
#: Runs that keep both workers busy during the load: 200 years of days × 30 scenarios (within the default
#: run budget; about 20 s each on an idle core, longer beside the load). A 30-year run finished in a
#: second or two once the engine got faster, so the load no longer ran "while two runs execute".
_SCENARIOS = [f"s{i}" for i in range(30)]
LONG = (
    "name: load-long\n"
    "timestepper: {start: 1800-01-01, end: 1999-12-31, step: day}\n"
    "scenarios: [" + ", ".join("{name: " + s + "}" for s in _SCENARIOS) + "]\n"
    "nodes:\n"
    "  - {name: river, type: inflow, flow: {type: scenario, values: {"
    + ", ".join(f'{s}: \"{8 + 0.1 * i:.1f} m3/s\"' for i, s in enumerate(_SCENARIOS)) + "}}}\n"
    '  - {name: lake, type: reservoir, capacity: "100 hm3", initial_volume: "50 hm3"}\n'
    '  - {name: farm, type: demand, demand: "5 m3/s"}\n'
    "  - {name: sea, type: terminal}\n"
    "edges: [[river, lake], [lake, farm], [lake, sea]]\n"
).encode()
BOMB = "name: bomb\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9))


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used, without its children (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident(pid: int) -> int:
    """Resident memory of process ``pid`` in bytes, without its children (Linux; 0 elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0)


class PeakMemory:
    """The most resident memory a process reached, sampled every 0.2 s in a thread until :meth:`stop`."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="peak-memory", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, resident(self.pid))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``arna serve`` on loopback over a fresh data folder."""

    def __init__(self, workers: int) -> None:
        self.data = Path(tempfile.mkdtemp(prefix="arna-load-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.data / "serve.log"
        arna = Path(sys.executable).with_name("arna")
        env = {**os.environ, "COLUMNS": "300", "ARNA_MAX_ACTIVE_RUNS_PER_USER": "50",
               "ARNA_MAX_STREAMS_PER_USER": "8"}
        with self.log.open("w") as out:
            self.proc = subprocess.Popen([str(arna), "serve", "--data", str(self.data / "d"), "--port",
                                          str(self.port), "--workers", str(workers)],
                                         stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        deadline = time.monotonic() + 120
        while not self._healthy():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit(f"`arna serve` did not start: {self.log.read_text()}")
            time.sleep(0.2)
        self.token = next(w for w in self.log.read_text().split() if w.startswith("arna_"))

    def _healthy(self) -> bool:
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(f"{self.url}/health", timeout=2).status_code == 200
        return False

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        shutil.rmtree(self.data, ignore_errors=True)


def prepare(server: Server) -> tuple[dict[str, str], list[str], list[str]]:
    """Users, completed runs to read, and two long runs started (returns tokens, completed ids, long ids)."""
    admin = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.url, headers=admin, timeout=120) as c:
        tokens = {}
        for role in ("viewer", "analyst"):
            c.post("/users", json={"name": role, "role": role, "password": f"{role}-password"}).raise_for_status()
            tokens[role] = c.post(f"/users/{role}/tokens", json={"label": "load"}).json()["token"]
        c.post("/models", content=SEED).raise_for_status()
        c.post("/models", content=LONG).raise_for_status()
        ids = []
        for model, node in (("load-river", "city"), ("lower-syr-darya", "Shardara")) * 2:
            ids.append(c.post("/runs", json={"model": model}).json()["id"])
            NODE[ids[-1]] = node
        for run_id in ids:
            while (status := c.get(f"/runs/{run_id}").json()["status"]) in {"queued", "running"}:
                time.sleep(0.2)
            if status != "completed":
                raise SystemExit(f"seed run {run_id} ended {status}")
        long = [c.post("/runs", json={"model": "load-long"}).json()["id"] for _ in range(2)]
        while any(c.get(f"/runs/{r}").json()["status"] == "queued" for r in long):
            time.sleep(0.2)
    return tokens, ids, long


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    when: list[tuple[float, float]] = field(default_factory=list)  # (seconds since the start, latency)

    def all(self) -> list[float]:
        return [t for ts in self.times.values() for t in ts]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


#: The node whose results a client reads, per run id (filled by :func:`prepare`).
NODE: dict[str, str] = {}


async def client(c: httpx.AsyncClient, runs: list[str], until: float, tally: Tally, seed: int,
                 started: float) -> None:
    """One client: a request, its answer, the next request, until ``until``."""
    rng = random.Random(seed)
    routes: list[tuple[str, Callable[[str], tuple[str, dict[str, str]]]]] = [
        ("GET /runs", lambda r: ("/runs", {"limit": "50", "order": "newest"})),
        ("GET /runs/{id}", lambda r: (f"/runs/{r}", {})),
        ("GET /runs/{id}/results", lambda r: (f"/runs/{r}/results", {"node": NODE[r]})),
        ("GET /runs/{id}/indicators", lambda r: (f"/runs/{r}/indicators", {})),
        ("GET /runs/{id}/state", lambda r: (f"/runs/{r}/state", {})),
    ]
    while time.monotonic() < until:
        name, make = rng.choice(routes)
        path, params = make(rng.choice(runs))
        t0 = time.perf_counter()
        try:
            r = await c.get(path, params=params)
            ok = r.status_code == 200
            what = f"{name}: HTTP {r.status_code} {r.text[:200]}"
        except httpx.HTTPError as exc:
            ok, what = False, f"{name}: {exc!r}"
        tally.times[name].append(time.perf_counter() - t0)
        tally.when.append((time.monotonic() - started, tally.times[name][-1]))
        if not ok:
            tally.errors.append(what)


async def load(url: str, token: str, runs: list[str], clients: int, duration: float) -> tuple[Tally, float]:
    """``clients`` clients at once, each with its own connection. The clients are made before the clock
    starts (each builds a TLS context, tens of ms); one shared pool of that many connections would spend
    more of the generator's time managing the pool than sending requests."""
    tally = Tally()
    made = [httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
            for _ in range(clients)]
    try:
        t0 = time.monotonic()
        until = t0 + duration
        await asyncio.gather(*(client(c, runs, until, tally, i, t0) for i, c in enumerate(made)))
        return tally, time.monotonic() - t0
    finally:
        for c in made:
            await c.aclose()


# ------------------------------------------------------------------ attacks


async def watch_health(url: str, stop: asyncio.Event) -> list[float]:
    times: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as c:
        while not stop.is_set():
            t0 = time.perf_counter()
            await c.get("/health")
            times.append(time.perf_counter() - t0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.05)
    return times


async def during(url: str, attack: Callable[[], Awaitable[str]]) -> tuple[str, float, float]:
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_health(url, stop))
    t0 = time.perf_counter()
    outcome = await attack()
    took = time.perf_counter() - t0
    stop.set()
    times = await watcher
    return outcome, took, max(times, default=float("nan"))


async def attacks(url: str, tokens: dict[str, str], long: list[str]) -> list[tuple[str, str, float, float]]:
    analyst = {"Authorization": f"Bearer {tokens['analyst']}"}
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
    out = []

    async def upload(body: bytes, kind: str) -> str:
        async with httpx.AsyncClient(base_url=url, headers=analyst, timeout=120) as c:
            r = await c.post("/models", content=body, headers={"Content-Type": kind})
            return f"HTTP {r.status_code}"

    async def streamed() -> str:
        async def body() -> object:
            chunk = b"x" * 1_000_000
            for _ in range(400):
                yield chunk
        async with httpx.AsyncClient(base_url=url, headers=analyst, timeout=120) as c:
            try:
                r = await c.post("/models", content=body())  # type: ignore[arg-type]
                return f"HTTP {r.status_code}"
            except httpx.HTTPError as exc:
                return f"refused mid-body ({type(exc).__name__})"

    async def streams() -> str:
        """45 streams of one viewer on a long run (not a new run: with both workers busy it would wait in
        the queue for one of them, minutes); each opened one must answer at once with the run as it is."""
        async with httpx.AsyncClient(base_url=url, timeout=30, limits=httpx.Limits(max_connections=60)) as c:
            codes: dict[int, int] = defaultdict(int)
            opened, reading, first = [], [], []
            for _ in range(45):
                t0 = time.perf_counter()
                r = await c.send(c.build_request("GET", f"/runs/{long[0]}/events", headers=viewer), stream=True)
                codes[r.status_code] += 1
                if r.status_code == 200:
                    opened.append(r)
                    reading.append(lines := r.aiter_lines())  # kept: a dropped reader closes its stream
                    while not (await anext(lines)).startswith("data:"):
                        pass
                    first.append(time.perf_counter() - t0)
                else:
                    await r.aclose()
            t0 = time.perf_counter()
            await c.get("/runs", headers=viewer)
            listed = time.perf_counter() - t0
            for r in opened:
                await r.aclose()
            return (f"{dict(codes)}; each opened one's first event within {max(first, default=float('nan')):.3f} s "
                    f"(GET /runs meanwhile {listed:.3f} s)")

    async def passwords() -> str:
        async with httpx.AsyncClient(base_url=url, timeout=30) as c:
            codes: dict[int, int] = defaultdict(int)
            for _ in range(200):
                r = await c.post("/auth/login", json={"username": "viewer", "password": "guess"})
                codes[r.status_code] += 1
            return str(dict(codes))

    async def completion() -> str:
        """Wait for the long runs to end (each completes 22 million rows of results): the service must
        keep answering meanwhile."""
        async with httpx.AsyncClient(base_url=url, headers=viewer, timeout=30) as c:
            while True:
                states = [(await c.get(f"/runs/{r}")).json()["status"] for r in long]
                if not {"queued", "running"} & set(states):
                    return ", ".join(states)
                await asyncio.sleep(0.5)

    deep = ('{"name": "deep", "x": ' + "[" * 50_000 + "]" * 50_000 + "}").encode()
    for name, attack in ((f"alias bomb ({len(BOMB)} bytes)", lambda: upload(BOMB.encode(), "application/yaml")),
                         ("50,000-level nesting", lambda: upload(deep, "application/json")),
                         ("400 MB streamed upload", streamed),
                         ("45 progress streams", streams),
                         ("200 wrong passwords", passwords),
                         ("the long runs complete", completion)):
        outcome, took, worst = await during(url, attack)
        out.append((name, outcome, took, worst))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--p95", type=float, default=1.0, help="fail if p95 is above this (seconds)")
    parser.add_argument("--no-attacks", action="store_true")
    args = parser.parse_args()

    server = Server(args.workers)
    memory = PeakMemory(server.proc.pid)
    try:
        tokens, runs, long = prepare(server)
        print(f"service {server.url} (pid {server.proc.pid}), {len(runs)} completed runs to read, "
              f"2 long runs executing; {args.clients} clients for {args.duration:g} s ...", flush=True)
        served_before, ours_before = cpu_seconds(server.proc.pid), time.process_time()
        tally, took = asyncio.run(load(server.url, tokens["viewer"], runs, args.clients, args.duration))
        served_cpu, ours_cpu = cpu_seconds(server.proc.pid) - served_before, time.process_time() - ours_before
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {tokens['viewer']}"}) as c:
            during_runs = [c.get(f"/runs/{r}").json() for r in long]
        every = tally.all()
        print(f"\n{len(every)} requests in {took:.1f} s: {len(every) / took:.1f} requests/s, "
              f"{len(tally.errors)} errors")
        print(f"CPU: the service {served_cpu:.1f} s ({1000 * served_cpu / max(1, len(every)):.1f} ms a request), "
              f"the clients {ours_cpu:.1f} s; machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"latency: p50 {pct(every, .5):.3f} s, p95 {pct(every, .95):.3f} s, p99 {pct(every, .99):.3f} s, "
              f"max {max(every, default=float('nan')):.3f} s")
        print(f"{'route':28} {'requests':>9} {'p50 s':>8} {'p95 s':>8} {'mean s':>8}")
        for name, ts in sorted(tally.times.items()):
            print(f"{name:28} {len(ts):9d} {pct(ts, .5):8.3f} {pct(ts, .95):8.3f} {statistics.fmean(ts):8.3f}")
        step = max(1.0, args.duration / 6)
        windows = []
        for k in range(int(args.duration / step + 0.999)):
            part = [lat for at, lat in tally.when if k * step <= at < (k + 1) * step]
            windows.append(f"{k * step:.0f}-{(k + 1) * step:.0f} s: {len(part) / step:.0f}/s p95 {pct(part, .95):.2f}")
        print("by time:", "; ".join(windows))
        for info in during_runs:
            print(f"long run {info['id'][:8]}: {info['status']}, {info['timesteps_done']} of "
                  f"{info['timesteps_total']} timesteps done during the load")
        for err in tally.errors[:10]:
            print("error:", err)
        if not args.no_attacks:
            print(f"\n{'attack':28} {'took s':>8} {'slowest /health s':>18}  answer")
            for name, outcome, spent, worst in asyncio.run(attacks(server.url, tokens, long)):
                print(f"{name:28} {spent:8.2f} {worst:18.3f}  {outcome}")
        print(f"\nthe service's peak resident memory: {memory.stop() / 1e9:.2f} GB (its worker processes apart)")
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {tokens['viewer']}"}) as c:
            for info in (c.get(f"/runs/{r}").json() for r in long):
                print(f"long run {info['id'][:8]}: {info['status']} at the end")
        ok = not tally.errors and pct(every, .95) < args.p95
        print("\nOK" if ok else f"\nFAILED: {len(tally.errors)} errors, p95 {pct(every, .95):.3f} s "
              f"(limit {args.p95} s)")
        return 0 if ok else 1
    finally:
        server.close()


if __name__ == "__main__":
    sys.exit(main())
