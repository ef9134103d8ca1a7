"""Issue 16, the service's rules: model names, deletion, token lifetimes, run budgets and quotas, limits per
run, pagination, cached outputs, security headers and the declared responses."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from arna.service import Settings, create_app
from arna.service.database import ServiceDB
from arna.service.limits import LoginThrottle
from tests.service.conftest import LONG_MODEL, ROLES, Service, until

SMALL = """name: {name}
timestepper: {{start: 2021-01-01, end: 2021-12-01, step: month}}
nodes:
  - {{name: river, type: inflow, flow: "10 m3/s"}}
  - {{name: city, type: demand, demand: "5 m3/s", priority: 1}}
  - {{name: sea, type: terminal}}
edges: [[river, city], [river, sea]]
"""


def small(name: str) -> bytes:
    return SMALL.format(name=json.dumps(name)).encode()


@pytest.fixture
def tight(tmp_path: Path) -> Iterator[Service]:
    """A service with small limits."""
    db = ServiceDB(tmp_path)
    tokens = {}
    for role in ROLES:
        db.create_user(role, role, password=f"{role}-password")  # type: ignore[arg-type]
        tokens[role] = db.issue_token(role)[1]
    settings = Settings(data_dir=tmp_path, workers=1, max_run_cells=5_000, max_timesteps=20_000, max_scenarios=3,
                        max_active_runs_per_user=1, run_time_limit=2.0, max_page=2)
    app = create_app(settings)
    with TestClient(app) as client:
        yield Service(client, app, tokens, tmp_path)


# ------------------------------------------------------------------ names and deletion


@pytest.mark.parametrize("name", ["", "../../../etc/passwd", "x" * 5000, "<script>alert(1)</script>", "a/b",
                                  "a..b", " padded", "nul\u0000"])
def test_bad_model_names_are_422_at_name(service: Service, name: str) -> None:
    r = service.client.post("/models", content=small(name), headers=service.headers("analyst"))
    assert r.status_code == 422, r.text
    assert [p["path"] for p in r.json()["problems"]] == ["name"]


@pytest.mark.parametrize("name", ["Сырдария-2050", "model (v2)", "a.b_c+d"])
def test_good_model_names_are_accepted(service: Service, name: str) -> None:
    r = service.client.post("/models", content=small(name), headers=service.headers("analyst"))
    assert r.status_code == 201, r.text


def test_an_admin_deletes_a_model_and_its_runs_stay_readable(service: Service) -> None:
    c = service.client
    assert c.post("/models", content=small("doomed"), headers=service.headers("analyst")).status_code == 201
    run = c.post("/runs", json={"model": "doomed"}, headers=service.headers("analyst")).json()
    assert service.wait(run["id"])["status"] == "completed"
    assert c.delete("/models/doomed", headers=service.headers("analyst")).status_code == 403
    assert c.delete("/models/doomed", headers=service.headers("admin")).status_code == 204
    h = service.headers("viewer")
    assert c.get("/models/doomed", headers=h).status_code == 404
    assert "doomed" not in {m["name"] for m in c.get("/models", headers=h).json()}
    for path in ("", "/results", "/indicators", "/network", "/state", "/report"):
        assert c.get(f"/runs/{run['id']}{path}", headers=h).status_code == 200, path
    assert c.delete("/models/doomed", headers=service.headers("admin")).status_code == 404
    assert c.delete("/models/lower-syr-darya", headers=service.headers("admin")).status_code == 409


# ------------------------------------------------------------------ tokens


def test_sign_in_tokens_expire_and_sign_out_revokes(service: Service) -> None:
    c = service.client
    issued = c.post("/auth/login", json={"username": "analyst", "password": "analyst-password"}).json()
    expires = dt.datetime.fromisoformat(issued["expires"])
    assert dt.timedelta(hours=11) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=12)
    h = {"Authorization": f"Bearer {issued['token']}"}
    assert c.get("/auth/me", headers=h).status_code == 200
    assert c.post("/auth/logout", headers=h).status_code == 204
    assert c.get("/auth/me", headers=h).status_code == 401

    db = ServiceDB(service.data)
    _, old = db.issue_token("viewer", "old", dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert c.get("/auth/me", headers={"Authorization": f"Bearer {old}"}).status_code == 401


def test_an_admin_token_may_expire(service: Service) -> None:
    r = service.client.post("/users/viewer/tokens", json={"label": "ci", "expires_in_days": 2},
                            headers=service.headers("admin"))
    assert r.status_code == 201
    assert dt.timedelta(days=1.9) < dt.datetime.fromisoformat(r.json()["expires"]) - dt.datetime.now(dt.UTC)


def test_the_first_admin_sets_a_password_and_rotates_the_printed_token(tmp_path: Path) -> None:
    from arna.service.bootstrap import ensure_admin

    printed = ensure_admin(tmp_path)
    assert printed is not None
    with TestClient(create_app(Settings(data_dir=tmp_path))) as c:
        h = {"Authorization": f"Bearer {printed}"}
        assert c.put("/auth/password", json={"password": "short"}, headers=h).status_code == 422
        assert c.put("/auth/password", json={"password": "a long password"}, headers=h).status_code == 204
        assert c.post("/auth/login", json={"username": "admin", "password": "a long password"}).status_code == 200
        # now that there is a password, changing it needs it
        assert c.put("/auth/password", json={"password": "another one"}, headers=h).status_code == 403
        rotated = c.post("/auth/rotate", headers=h)
        assert rotated.status_code == 200
        assert c.get("/auth/me", headers=h).status_code == 401
        fresh = {"Authorization": f"Bearer {rotated.json()['token']}"}
        assert c.get("/auth/me", headers=fresh).json()["name"] == "admin"
        assert rotated.json()["expires"] is None  # the printed token did not expire; its successor neither


def test_the_throttle_doubles_the_wait_and_forgets() -> None:
    now = [0.0]
    throttle = LoginThrottle(free=3, max_wait=60, clock=lambda: now[0])
    keys = throttle.keys("ann", "10.0.0.1")
    for _ in range(2):
        throttle.failed(keys)
    assert throttle.wait(keys) == 0
    throttle.failed(keys)
    assert throttle.wait(keys) == 1
    throttle.failed(keys)
    assert throttle.wait(keys) == 2
    throttle.failed(keys)
    assert throttle.wait(keys) == 4
    assert throttle.wait(throttle.keys("bob", "10.0.0.2")) == 0  # another account from another address
    assert throttle.wait(throttle.keys("bob", "10.0.0.1")) == 0  # an address may fail 4 × 3 times
    for _ in range(20):
        throttle.failed(keys)
    assert throttle.wait(keys) == 60  # capped
    now[0] = 200.0
    assert throttle.wait(keys) == 0
    throttle.failed(keys)  # a failure long after the last one starts a new count
    assert throttle.wait(keys) == 0


# ------------------------------------------------------------------ runs: budgets, quotas, limits


def test_a_run_past_the_budget_is_refused_at_submission(tight: Service) -> None:
    c, h = tight.client, tight.headers("analyst")
    # the longest horizon a document may have (dates 1678–2261) is still far past the run budget
    forever = small("forever").replace(b"end: 2021-12-01, step: month", b"end: 2250-12-31, step: day")
    forever = forever.replace(b"start: 2021-01-01", b"start: 1700-01-01")
    assert c.post("/models", content=forever, headers=h).status_code == 201
    r = c.post("/runs", json={"model": "forever"}, headers=h)
    assert r.status_code == 422
    assert "ARNA_MAX_TIMESTEPS" in r.json()["detail"][0]["msg"]
    assert c.get("/runs", headers=h).json() == []
    costly = small("costly").replace(b"end: 2021-12-01, step: month", b"end: 2030-12-31, step: day")
    assert c.post("/models", content=costly, headers=h).status_code == 201
    r = c.post("/runs", json={"model": "costly"}, headers=h)  # 3,652 days × 3 nodes > 5,000 cells
    assert r.status_code == 422 and "ARNA_MAX_RUN_CELLS" in r.json()["detail"][0]["msg"]


def test_duplicate_scenarios_run_once(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    r = c.post("/runs", json={"model": "lower-syr-darya", "scenarios": ["dry"] * 500 + ["baseline", "dry"]},
               headers=h)
    assert r.status_code == 202, r.text
    assert r.json()["scenarios"] == ["dry", "baseline"]
    service.wait(r.json()["id"], 120)


def test_too_many_scenarios_are_refused(tight: Service) -> None:
    doc = small("many").replace(b"edges:", b"scenarios: [{name: a}, {name: b}, {name: c}, {name: d}]\nedges:")
    c, h = tight.client, tight.headers("analyst")
    assert c.post("/models", content=doc, headers=h).status_code == 201, c.post("/models", content=doc, headers=h)
    r = c.post("/runs", json={"model": "many"}, headers=h)
    assert r.status_code == 422 and "ARNA_MAX_SCENARIOS" in r.json()["detail"][0]["msg"]


def test_a_user_past_the_quota_waits_and_a_long_run_is_stopped(tight: Service) -> None:
    c, h = tight.client, tight.headers("analyst")
    tight.app.state.settings.max_run_cells = 10**9
    tight.app.state.settings.max_timesteps = 10**6
    assert c.post("/models", content=LONG_MODEL, headers=h).status_code == 201
    first = c.post("/runs", json={"model": "long-river"}, headers=h)
    assert first.status_code == 202
    second = c.post("/runs", json={"model": "long-river"}, headers=h)
    assert second.status_code == 429 and int(second.headers["retry-after"]) > 0
    assert "ARNA_MAX_ACTIVE_RUNS_PER_USER" in second.json()["detail"]
    other = c.post("/runs", json={"model": "long-river"}, headers=tight.headers("admin"))  # another user's quota
    assert other.status_code == 202
    ended = tight.wait(first.json()["id"], 60)
    assert ended["status"] == "failed" and "ARNA_RUN_TIME_LIMIT" in str(ended["error"])
    c.post(f"/runs/{other.json()['id']}/cancel", headers=tight.headers("admin"))
    tight.wait(other.json()["id"], 60)
    again = c.post("/runs", json={"model": "long-river"}, headers=h)  # the quota is free again
    assert again.status_code == 202
    c.post(f"/runs/{again.json()['id']}/cancel", headers=h)


@pytest.mark.slow
def test_a_run_past_its_memory_limit_fails_naming_it(tmp_path: Path) -> None:
    db = ServiceDB(tmp_path)
    db.create_user("analyst", "analyst")
    token = db.issue_token("analyst")[1]
    with TestClient(create_app(Settings(data_dir=tmp_path, run_memory_limit=1_000_000))) as c:
        h = {"Authorization": f"Bearer {token}"}
        assert c.post("/models", content=small("tiny-memory"), headers=h).status_code == 201
        run = c.post("/runs", json={"model": "tiny-memory"}, headers=h).json()
        deadline = dt.datetime.now() + dt.timedelta(seconds=60)
        while (body := c.get(f"/runs/{run['id']}", headers=h).json())["status"] in {"queued", "running"}:
            assert dt.datetime.now() < deadline
            time.sleep(0.05)
        assert body["status"] == "failed"
        assert "ARNA_RUN_MEMORY_LIMIT" in body["error"]


# ------------------------------------------------------------------ reading


def test_runs_are_paginated(tight: Service) -> None:
    c, h = tight.client, tight.headers("analyst")
    tight.app.state.settings.max_active_runs_per_user = 10
    assert c.post("/models", content=small("paged"), headers=h).status_code == 201
    ids = [c.post("/runs", json={"model": "paged"}, headers=h).json()["id"] for _ in range(3)]
    for run_id in ids:
        tight.wait(run_id)
    newest = ids[::-1]
    first = c.get("/runs", headers=h)  # newest first by default: the first page holds the latest runs
    assert first.headers["x-total-count"] == "3" and [r["id"] for r in first.json()] == newest[:2]  # max_page 2
    assert [r["id"] for r in c.get("/runs", params={"offset": 2}, headers=h).json()] == newest[2:]
    assert [r["id"] for r in c.get("/runs", params={"limit": 1, "order": "newest"}, headers=h).json()] == newest[:1]
    oldest = c.get("/runs", params={"order": "oldest"}, headers=h)
    assert [r["id"] for r in oldest.json()] == ids[:2] and oldest.headers["x-total-count"] == "3"
    assert [r["id"] for r in c.get("/runs", params={"order": "oldest", "offset": 2}, headers=h).json()] == ids[2:]
    assert c.get("/runs", params={"limit": 0}, headers=h).status_code == 422
    bad = c.get("/runs", params={"order": "latest"}, headers=h)
    assert bad.status_code == 422 and "newest" in bad.text and "oldest" in bad.text


def test_the_openapi_document_says_runs_are_listed_newest_first(service: Service) -> None:
    spec: dict[str, Any] = service.client.get("/openapi.json", headers=service.headers("viewer")).json()
    op = spec["paths"]["/runs"]["get"]
    order = next(p for p in op["parameters"] if p["name"] == "order")
    assert order["schema"]["default"] == "newest" and order["schema"]["enum"] == ["newest", "oldest"]
    assert "newest first" in op["description"] and "newest first" in order["description"]


def test_outputs_of_a_completed_run_are_computed_once(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    assert c.post("/models", content=small("cached"), headers=h).status_code == 201
    run_id = c.post("/runs", json={"model": "cached"}, headers=h).json()["id"]
    service.wait(run_id)
    cache = service.app.state.cache
    # what the dashboard asks first is computed when the run completes, before anyone asks
    until(lambda: cache.peek((run_id, "indicators")) and cache.peek((run_id, "state")), "the warmed outputs")
    paths = ("indicators", "state", "transboundary", "report", "results")
    for path in paths:
        assert c.get(f"/runs/{run_id}/{path}", headers=h).status_code == 200
    before = cache.computed
    for path in paths:
        assert c.get(f"/runs/{run_id}/{path}", headers=h).status_code == 200
    assert cache.computed == before
    assert c.get(f"/runs/{run_id}/indicators", headers=h).json()["demands"]


def test_security_headers_on_every_response(service: Service) -> None:
    c = service.client
    for path, headers in (("/health", {}), ("/ui/", {}), ("/models", service.headers("viewer")), ("/nowhere", {})):
        r = c.get(path, headers=headers)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, path
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in c.get("/ui/").headers["content-security-policy"]


def test_a_null_byte_in_a_static_path_is_404(service: Service) -> None:
    assert service.client.get("/ui/static/app%00.js").status_code == 404


def test_every_error_response_is_declared_with_the_error_schema(service: Service) -> None:
    spec: dict[str, Any] = service.client.get("/openapi.json", headers=service.headers("viewer")).json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            where = f"{method.upper()} {path}"
            if op.get("security"):
                assert {"401", "403"} <= codes, where
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in codes, where
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.rsplit("/", 1)[-1] in {"Error", "DocumentProblems"}, where
    assert "/auth/login" in spec["paths"] and "429" in spec["paths"]["/auth/login"]["post"]["responses"]
    assert "413" in spec["paths"]["/models"]["post"]["responses"]


def test_422_detail_is_always_a_list(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    for r in (c.post("/runs", json={}, headers=h), c.post("/runs", json={"model": "lower-syr-darya",
                                                                         "scenarios": ["nope"]}, headers=h),
              c.post("/models", content=b"name: [", headers=h), c.get("/runs", params={"status": "x"}, headers=h)):
        assert r.status_code == 422
        body = r.json()
        assert isinstance(body["detail"], list) and all({"loc", "msg", "type"} <= set(d) for d in body["detail"])
        assert body["problems"] and all(p["message"] for p in body["problems"])


# ------------------------------------------------------------------ the catalogue and the worker


def test_a_kept_catalogue_connection_serves_threads_at_once(tmp_path: Path) -> None:
    import threading

    from arna.store import EmbeddedStore

    store = EmbeddedStore(tmp_path)
    store.keep_open()
    try:
        ids = [store.create_run('{"name": "m"}', "m", ["a"]) for _ in range(5)]
        failures: list[BaseException] = []

        def work(k: int) -> None:
            try:
                for _ in range(20):
                    store.get(ids[k % 5])
                    store.list()
                store.mark_running(ids[k])
                store.fail(ids[k], "stop")
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not failures
        assert {r.status for r in store.list()} == {"failed"}
        assert len(EmbeddedStore(tmp_path).list()) == 5  # another store in this process reads the same
    finally:
        store.close()


def test_worker_progress_is_throttled() -> None:
    from arna.service.worker import ThrottledProgress

    sent: list[tuple[object, ...]] = []

    class Pipe:
        def send(self, message: tuple[object, ...]) -> None:
            sent.append(message)

        def fileno(self) -> int:
            return 7

    throttled = ThrottledProgress(Pipe(), every=60)  # type: ignore[arg-type]
    for done in range(1, 10_001):
        throttled.send(("progress", done, 10_000))
    throttled.send(("results", "r"))
    assert sent == [("progress", 1, 10_000), ("progress", 10_000, 10_000), ("results", "r")]
    assert throttled.fileno() == 7  # everything but send is the pipe's


def test_listing_models_reads_each_document_once(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    c, h = service.client, service.headers("analyst")
    assert c.post("/models", content=small("listed"), headers=h).status_code == 201
    assert "listed" in {m["name"] for m in c.get("/models", headers=h).json()}
    reads: list[str] = []
    db = service.app.state.db
    original = db.model
    monkeypatch.setattr(db, "model", lambda name, version=None: reads.append(name) or original(name, version))
    again = c.get("/models", headers=h).json()
    assert "listed" in {m["name"] for m in again} and reads == []
    assert c.post("/models", content=small("listed"), headers=h).status_code == 201  # a new version is read
    assert next(m for m in c.get("/models", headers=h).json() if m["name"] == "listed")["latest_version"] == 2
    assert reads == ["listed"]
