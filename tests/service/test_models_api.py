"""Uploading models (validated, versioned), listing them and reading them back; users, tokens, login."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.service.conftest import Service

DOC = {"name": "upload-test", "timestepper": {"start": "2021-01-01", "end": "2021-02-01", "step": "month"},
       "nodes": [{"name": "river", "type": "inflow", "flow": "10 m3/s"},
                 {"name": "city", "type": "demand", "demand": "5 m3/s", "priority": 1},
                 {"name": "sea", "type": "terminal"}],
       "edges": [["river", "city"], ["river", "sea"]]}


def test_health_is_open(service: Service) -> None:
    assert service.client.get("/health").json()["status"] == "ok"


def test_openapi_document_is_served_with_a_token(service: Service) -> None:
    spec = service.client.get("/openapi.json", headers=service.headers("viewer")).json()
    assert spec["info"]["title"] == "Arna"
    assert "/runs/{run_id}/results" in spec["paths"]
    assert service.client.get("/docs").status_code == 404  # no interactive docs: they would load from a CDN


def test_upload_json_then_a_new_version(service: Service) -> None:
    c, h = service.client, service.headers("analyst")
    first = c.post("/models", content=json.dumps(DOC), headers={**h, "Content-Type": "application/json"})
    assert first.status_code == 201, first.text
    assert first.json()["version"] == 1 and first.json()["uploaded_by"] == "analyst"
    changed = {**DOC, "description": "second"}
    second = c.post("/models", content=json.dumps(changed), headers={**h, "Content-Type": "application/json"})
    assert second.json()["version"] == 2
    versions = c.get("/models/upload-test/versions", headers=service.headers("viewer")).json()
    assert [v["version"] for v in versions] == [1, 2]
    latest = c.get("/models/upload-test", headers=service.headers("viewer")).json()
    assert latest["version"] == 2 and latest["document"]["description"] == "second"
    old = c.get("/models/upload-test", params={"version": 1}, headers=service.headers("viewer")).json()
    assert old["version"] == 1 and "description" not in old["document"]
    listed = {m["name"]: m for m in c.get("/models", headers=service.headers("viewer")).json()}
    assert listed["upload-test"]["source"] == "uploaded" and listed["upload-test"]["latest_version"] == 2
    assert listed["lower-syr-darya"]["source"] == "bundled" and "dry" in listed["lower-syr-darya"]["scenarios"]


def test_bundled_model_document_and_versions(service: Service) -> None:
    c, h = service.client, service.headers("viewer")
    body = c.get("/models/lower-syr-darya", headers=h).json()
    assert body["source"] == "bundled" and body["document"]["name"] == "lower-syr-darya"
    assert c.get("/models/lower-syr-darya/versions", headers=h).json() == []
    assert c.get("/models/nowhere", headers=h).status_code == 404
    assert c.get("/models/nowhere/versions", headers=h).status_code == 404
    assert c.get("/models/upload-test", params={"version": 99}, headers=h).status_code == 404


@pytest.mark.parametrize(("body", "content_type", "paths"), [
    (b"name: [unclosed", "application/yaml", [""]),
    (b"{not json", "application/json", [""]),
    (b"- a list\n- not a mapping\n", "application/yaml", [""]),
    (b"\xff\xfe", "application/yaml", [""]),
    (json.dumps({**DOC, "nodes": [{"name": "river", "type": "bogus"}]}).encode(), "application/json", ["nodes[0]"]),
    (json.dumps({**DOC, "colour": "blue"}).encode(), "application/json", ["colour"]),
    (json.dumps({k: v for k, v in DOC.items() if k != "timestepper"}).encode(), "application/json", ["timestepper"]),
    (json.dumps({**DOC, "edges": [["river", "nowhere"]]}).encode(), "application/json", None),
])
def test_bad_uploads_are_422_with_paths(service: Service, body: bytes, content_type: str,
                                        paths: list[str] | None) -> None:
    response = service.client.post("/models", content=body,
                                   headers={**service.headers("analyst"), "Content-Type": content_type})
    assert response.status_code == 422, response.text
    problems = response.json()["problems"]
    assert problems and all(set(p) == {"path", "message"} and p["message"] for p in problems)
    if paths is not None:
        assert [p["path"] for p in problems] == paths


def test_a_bundled_name_cannot_be_uploaded(service: Service) -> None:
    response = service.client.post("/models", content=json.dumps({**DOC, "name": "syr-darya"}),
                                   headers={**service.headers("analyst"), "Content-Type": "application/json"})
    assert response.status_code == 400 and "bundled" in response.json()["detail"]


def test_users_tokens_and_login(service: Service) -> None:
    c, admin = service.client, service.headers("admin")
    made = c.post("/users", json={"name": "dana", "role": "analyst", "password": "long-enough"}, headers=admin)
    assert made.status_code == 201 and made.json()["has_password"]
    assert c.post("/users", json={"name": "dana", "role": "viewer"}, headers=admin).status_code == 409
    assert c.post("/users", json={"name": "x", "role": "boss"}, headers=admin).status_code == 422
    assert c.post("/auth/login", json={"username": "dana", "password": "wrong-one"}).status_code == 401
    login = c.post("/auth/login", json={"username": "dana", "password": "long-enough"}).json()
    token = {"Authorization": f"Bearer {login['token']}"}
    assert c.get("/auth/me", headers=token).json()["role"] == "analyst"
    issued = c.post("/users/dana/tokens", json={"label": "ci"}, headers=admin).json()
    assert c.get("/auth/me", headers={"Authorization": f"Bearer {issued['token']}"}).status_code == 200
    listed = c.get("/tokens", params={"user": "dana"}, headers=admin).json()
    assert {t["id"] for t in listed} == {login["id"], issued["id"]} and all("token" not in t for t in listed)
    assert c.delete(f"/tokens/{login['id']}", headers=admin).status_code == 204
    assert c.get("/auth/me", headers=token).status_code == 401
    assert c.post("/users/nobody/tokens", json={}, headers=admin).status_code == 404
    assert "dana" in {u["name"] for u in c.get("/users", headers=admin).json()}


def test_passwords_and_tokens_are_stored_hashed(service: Service) -> None:
    raw = (service.data / "service.sqlite").read_bytes()
    for role, token in service.tokens.items():
        assert token.encode() not in raw
        assert token.split("_", 2)[2].encode() not in raw  # the whole secret (it may contain "_")
        assert f"{role}-password".encode() not in raw
    with sqlite3.connect(service.data / "service.sqlite") as con:
        hashes = [r[0] for r in con.execute("SELECT secret_hash FROM tokens")]
    con.close()
    assert all(h.startswith("scrypt$") for h in hashes)


def test_cors_is_off_by_default(service: Service) -> None:
    response = service.client.options("/models", headers={"Origin": "https://example.org",
                                                          "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in response.headers
