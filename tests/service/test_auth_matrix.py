"""Every route tried with no token and with each role: 401 without a token, 403 below the route's role."""

from __future__ import annotations

from typing import Any

import pytest

from arna.service.database import ServiceDB
from tests.service.conftest import ROLES, Service

SMALL = b"""name: small
timestepper: {start: 2021-01-01, end: 2021-03-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "10 m3/s"}
  - {name: city, type: demand, demand: "5 m3/s", priority: 1}
  - {name: sea, type: terminal}
edges: [[river, city], [river, sea]]
"""

RUN = "{run}"
# (method, path, request keyword arguments, the least role admitted); None: open to all
ROUTES: list[tuple[str, str, dict[str, Any], str | None]] = [
    ("GET", "/health", {}, None),
    ("POST", "/auth/login", {"json": {"username": "viewer", "password": "viewer-password"}}, None),
    ("GET", "/openapi.json", {}, "viewer"),
    ("GET", "/auth/me", {}, "viewer"),
    ("POST", "/auth/logout", {}, "viewer"),
    ("POST", "/auth/rotate", {}, "viewer"),
    ("PUT", "/auth/password", {}, "viewer"),
    ("GET", "/users", {}, "admin"),
    ("POST", "/users", {"json": {"name": "matrix-user", "role": "viewer"}}, "admin"),
    ("POST", "/users/{name}/tokens", {"json": {"label": "matrix"}}, "admin"),
    ("GET", "/tokens", {}, "admin"),
    ("DELETE", "/tokens/{token_id}", {}, "admin"),
    ("GET", "/models", {}, "viewer"),
    ("POST", "/models", {"content": SMALL, "headers": {"Content-Type": "application/yaml"}}, "analyst"),
    ("GET", "/models/{name}", {}, "viewer"),
    ("GET", "/models/{name}/versions", {}, "viewer"),
    ("DELETE", "/models/{name}", {}, "admin"),
    ("POST", "/runs", {"json": {"model": "small"}}, "analyst"),
    ("GET", "/runs", {}, "viewer"),
    ("GET", "/runs/{run_id}", {}, "viewer"),
    ("GET", "/runs/{run_id}/events", {}, "viewer"),
    ("POST", "/runs/{run_id}/cancel", {}, "analyst"),
    ("GET", "/runs/{run_id}/results", {}, "viewer"),
    ("GET", "/runs/{run_id}/indicators", {}, "viewer"),
    ("GET", "/runs/{run_id}/report", {}, "viewer"),
    ("GET", "/models/{name}/network", {}, "viewer"),
    ("GET", "/runs/{run_id}/network", {}, "viewer"),
    ("GET", "/runs/{run_id}/state", {}, "viewer"),
    ("GET", "/runs/{run_id}/transboundary", {}, "viewer"),
]
RANK = {role: i for i, role in enumerate(ROLES)}


@pytest.fixture(scope="module")
def run_id(service: Service) -> str:
    """A completed run of an uploaded model."""
    c = service.client
    assert c.post("/models", content=SMALL, headers=service.headers("analyst")).status_code == 201
    rid: str = c.post("/runs", json={"model": "small"}, headers=service.headers("analyst")).json()["id"]
    assert service.wait(rid)["status"] == "completed"
    return rid


#: Routes that revoke the token they are called with: each call gets a token of its own.
REVOKING = {"/auth/logout", "/auth/rotate"}


def _url(method: str, path: str, run_id: str) -> str:
    name = "no-such-model" if method == "DELETE" else "small"  # deleting 'small' would change the other rows
    url = path.format(name=name, token_id="0123456789abcdef", run_id=run_id)
    return url.replace(f"/users/{name}", "/users/viewer")


def _headers(service: Service, path: str, role: str | None) -> dict[str, str]:
    if role is not None and path in REVOKING:
        return {"Authorization": f"Bearer {ServiceDB(service.data).issue_token(role, 'matrix')[1]}"}
    return service.headers(role)


def test_every_route_is_in_the_matrix(service: Service) -> None:
    documented = {(m.upper(), p) for p, ops in service.app.openapi()["paths"].items() for m in ops}
    assert documented | {("GET", "/openapi.json")} == {(m, p) for m, p, _, _ in ROUTES}


@pytest.mark.parametrize("role", [None, *ROLES])
@pytest.mark.parametrize(("method", "path", "kwargs", "least"), ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_role_rules(service: Service, run_id: str, role: str | None, method: str, path: str,
                    kwargs: dict[str, Any], least: str | None) -> None:
    extra = dict(kwargs)
    if path == "/auth/password":  # set the role's password to what it is
        extra["json"] = {"password": f"{role}-password", "current": f"{role}-password"}
    headers = {**extra.pop("headers", {}), **_headers(service, path, role)}
    response = service.client.request(method, _url(method, path, run_id), headers=headers, **extra)
    if least is None:
        assert response.status_code < 400, response.text
    elif role is None:
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
    elif RANK[role] < RANK[least]:
        assert response.status_code == 403, response.text
    else:
        assert response.status_code not in {401, 403}, response.text
        assert response.status_code < 500


@pytest.mark.parametrize("token", ["", "nonsense", "arna_0123456789abcdef_wrong", "arna__x"])
def test_bad_tokens_are_refused(service: Service, token: str) -> None:
    response = service.client.get("/models", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
