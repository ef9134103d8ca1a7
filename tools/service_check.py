"""Schemathesis, with all its checks, against a running Arna service (``make api-check``).

Starts the service on a loopback port over a fresh data folder (an admin, a completed run of an
uploaded model and one of a bundled model, so the generated requests meet real ids), then runs
``schemathesis run --checks all`` with the admin's token, and exits with schemathesis's status.

Three operations are left out, because they change the credential schemathesis itself uses:
``POST /auth/logout`` and ``POST /auth/rotate`` revoke the token the request carries, and
``PUT /auth/password`` changes the password. tests/service covers them.

Usage: python tools/service_check.py [--max-examples N] [--seed S] [extra schemathesis arguments]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from arna.service import Settings, create_app
from arna.service.database import ServiceDB

SEED_MODEL = b"""name: checked
timestepper: {start: 2021-01-01, end: 2021-12-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "10 m3/s"}
  - {name: city, type: demand, demand: "5 m3/s", priority: 1}
  - {name: sea, type: terminal}
edges: [[river, city], [river, sea]]
"""
CONFIG = Path(__file__).with_name("schemathesis.toml")
EXCLUDED = ["/auth/logout", "/auth/rotate", "/auth/password"]


def serve(data: Path, port: int) -> uvicorn.Server:
    # generous limits: schemathesis sends requests as fast as it can, from one address
    settings = Settings(data_dir=data, workers=2, max_active_runs_per_user=1000, login_free_failures=10**6,
                        max_streams_per_user=1000)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def seed(url: str, token: str) -> None:
    """An uploaded model and two completed runs."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
        assert c.post("/models", content=SEED_MODEL).status_code == 201
        ids = [c.post("/runs", json={"model": m}).json()["id"] for m in ("checked", "lower-syr-darya")]
        for run_id in ids:
            while c.get(f"/runs/{run_id}").json()["status"] in {"queued", "running"}:
                time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=16)
    args, extra = parser.parse_known_args()
    data = Path(tempfile.mkdtemp(prefix="arna-api-check-"))
    try:
        db = ServiceDB(data)
        db.create_user("admin", "admin", password="admin-password")
        token = db.issue_token("admin", "schemathesis")[1]
        url = f"http://127.0.0.1:{args.port}"
        server = serve(data, args.port)
        seed(url, token)
        command = [str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG), "run",
                   f"{url}/openapi.json",
                   "--checks", "all", "-H", f"Authorization: Bearer {token}",
                   "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--workers", "1",
                   *[a for path in EXCLUDED for a in ("--exclude-path", path)], *extra]
        print("$", " ".join(command).replace(token, "arna_..."), flush=True)
        status = subprocess.run(command, check=False).returncode
        server.should_exit = True
        return status
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
