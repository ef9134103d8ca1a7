"""The dashboard's static files (served without a token, nothing from another host) and the API routes
it needs: the network of a model or run, node states per timestep, transboundary compliance."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from arna.data.registry import bundled_model_path
from arna.report.figures import auto_positions
from arna.report.i18n import TEXT
from arna.schema import load_model
from arna.service.routers.dashboard import CATALOGUE, ROOT, STATIC, plotly_js, translations
from tests.service.conftest import Service

UNPLACED = b"""name: unplaced
timestepper: {start: 2021-01-01, end: 2021-06-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "10 m3/s"}
  - {name: lake, type: reservoir, capacity: "100 hm3", initial_volume: "50 hm3"}
  - {name: city, type: demand, demand: "15 m3/s", priority: 1}
  - {name: sea, type: terminal}
edges: [[river, lake], [lake, city], [lake, sea]]
"""
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


@pytest.fixture(scope="module")
def syr_run(service: Service) -> str:
    c = service.client
    body = {"model": "syr-darya", "scenarios": ["baseline", "dry"]}
    rid: str = c.post("/runs", json=body, headers=service.headers("analyst")).json()["id"]
    assert service.wait(rid, timeout=90)["status"] == "completed"
    return rid


def _app_files() -> list[Path]:
    return sorted([ROOT / "index.html", CATALOGUE, *STATIC.rglob("*.*")])


# ------------------------------------------------------------------ static shell


def test_root_redirects_to_the_dashboard(service: Service) -> None:
    response = service.client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/ui/"


def test_the_shell_is_served_without_a_token_and_revalidated(service: Service) -> None:
    c = service.client
    page = c.get("/ui/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-cache"
    assert '<script type="module" src="/ui/static/app.js">' in page.text
    again = c.get("/ui/", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    for name in sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*.*")):
        response = c.get(f"/ui/static/{name}")
        assert response.status_code == 200, name
        assert response.headers["x-content-type-options"] == "nosniff"
    assert c.get("/ui/static/app.js").headers["content-type"].startswith("text/javascript")
    assert c.get("/ui/static/app.css").headers["content-type"].startswith("text/css")


def test_plotly_comes_from_the_installed_package(service: Service) -> None:
    response = service.client.get("/ui/static/plotly.min.js")
    assert response.status_code == 200
    assert response.content == plotly_js().read_bytes()
    assert "max-age" in response.headers["cache-control"]


@pytest.mark.parametrize("path", ["../routers/dashboard.py", "../../service/app.py", "nothing.js", "..%2Findex.html"])
def test_only_dashboard_files_are_served(service: Service, path: str) -> None:
    assert service.client.get(f"/ui/static/{path}").status_code == 404


def test_nothing_is_loaded_from_another_host(service: Service) -> None:
    """The served HTML, JavaScript, CSS and translations name no http(s) address (only the SVG namespace,
    an identifier that is never fetched)."""
    c = service.client
    urls = ["/ui/", "/ui/static/i18n.json"] + [f"/ui/static/{p.relative_to(STATIC).as_posix()}"
                                               for p in STATIC.rglob("*.*")]
    for url in urls:
        text = c.get(url).text.replace(SVG_NAMESPACE, "")
        assert not re.findall(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text), url
    assert "connect-src 'self'" in c.get("/ui/").text  # the page's CSP forbids other hosts too


def test_static_shell_is_not_in_the_openapi_document(service: Service) -> None:
    paths = service.app.openapi()["paths"]
    assert not [p for p in paths if p == "/" or p.startswith("/ui")]


# ------------------------------------------------------------------ translations


def test_every_dashboard_label_is_in_all_three_languages() -> None:
    own = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    assert not set(own) & set(TEXT), "a dashboard key may not redefine a report term"
    for key, entry in own.items():
        assert set(entry) == {"en", "ru", "kk"}, key
        assert all(entry[lang].strip() for lang in entry), key
        names = r"\{\w+\}|Arna|arna serve|arna_|API|plotly\.js|YAML|JSON|PNG|Ctrl"  # names, keys: as they are
        kk = re.sub(names, "", entry["kk"])
        assert not re.search(r"[A-Za-z]", kk), f"{key}: Kazakh is written in Cyrillic: {entry['kk']!r}"
    merged = translations()
    assert set(merged) == {"en", "ru", "kk"}
    months = {f"month_{i}" for i in range(1, 13)} | {f"month_short_{i}" for i in range(1, 13)}
    assert set(merged["en"]) == set(merged["ru"]) == set(merged["kk"]) == set(own) | set(TEXT) | months
    assert merged["kk"]["month_1"] == "қаңтар" and merged["kk"]["month_short_1"] == "қаң."


def test_every_key_the_pages_use_is_translated() -> None:
    keys = set(translations()["en"])
    used: set[str] = set()
    for path in _app_files():
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\(\"([a-z0-9_]+)\"", text))
        used |= set(re.findall(r"data-i18n(?:-aria|-title)?=\"([a-z0-9_]+)\"", text))
        used |= set(re.findall(r"\"((?:tab|fig|tbl|err|legend|status|role|chart)_[a-z0-9_]+)\"", text))
    used |= {f"status_{s}" for s in ("queued", "running", "completed", "failed", "cancelled")}
    used |= {f"role_{r}" for r in ("viewer", "analyst", "admin")}
    assert len(used) > 60
    assert used <= keys, sorted(used - keys)


# ------------------------------------------------------------------ data routes


def test_network_of_a_bundled_model_uses_the_documents_coordinates(service: Service) -> None:
    response = service.client.get("/models/syr-darya/network", headers=service.headers("viewer"))
    assert response.status_code == 200
    body = response.json()
    doc = load_model(bundled_model_path("syr-darya"))
    assert body["positions"] == "document"
    assert [(n["name"], n["kind"], (n["x"], n["y"])) for n in body["nodes"]] == \
        [(n.name, n.type, n.position) for n in doc.nodes]
    assert [tuple(e) for e in body["edges"]] == list(doc.edges)
    returns = [(n.name, n.return_to) for n in doc.nodes if getattr(n, "return_to", None)]
    assert returns and [tuple(r) for r in body["returns"]] == returns  # drawn as dashed return flows
    labels = {n["name"]: n["labels"] for n in body["nodes"]}
    assert labels["Small Aral Sea"] == {"ru": "Малое Аральское море", "kk": "Кіші Арал теңізі"}
    assert all(set(v) == {"ru", "kk"} for v in labels.values())  # every Syr Darya node has both


def test_network_of_an_uploaded_model_without_coordinates_is_laid_out(service: Service) -> None:
    c = service.client
    headers = {**service.headers("analyst"), "Content-Type": "application/yaml"}
    assert c.post("/models", content=UNPLACED, headers=headers).status_code == 201
    body = c.get("/models/unplaced/network", headers=service.headers("viewer")).json()
    assert body["positions"] == "automatic"
    names = ["river", "lake", "city", "sea"]
    edges = [("river", "lake"), ("lake", "city"), ("lake", "sea")]
    assert [(n["x"], n["y"]) for n in body["nodes"]] == auto_positions(names, edges)
    assert [n["labels"] for n in body["nodes"]] == [{}, {}, {}, {}]  # no labels: the names are shown
    assert c.get("/models/nowhere/network", headers=service.headers("viewer")).status_code == 404


def test_run_network_and_node_states(service: Service, syr_run: str) -> None:
    c = service.client
    network = c.get(f"/runs/{syr_run}/network", headers=service.headers("viewer")).json()
    doc = load_model(bundled_model_path("syr-darya"))
    assert network["model"] == "syr-darya" and len(network["nodes"]) == len(doc.nodes) == 44
    state = c.get(f"/runs/{syr_run}/state", headers=service.headers("viewer")).json()
    assert len(state["times"]) == 312 and state["times"][0] == "1999-01-01T00:00:00"
    assert state["scenarios"] == ["baseline", "dry"]
    metrics = {n["name"]: n["metric"] for n in state["nodes"]}
    assert metrics["Shardara"] == "fill" and metrics["Shardara district irrigation (Kyzylkum)"] == "deficit_share"
    reservoirs = sum(n.type == "reservoir" for n in doc.nodes)
    demands = sum(n.type == "demand" for n in doc.nodes)
    assert (reservoirs, demands) == (9, 8)
    assert sum(m == "fill" for m in metrics.values()) == reservoirs
    assert sum(m == "deficit_share" for m in metrics.values()) == demands
    for node in state["nodes"]:
        for values in node["values"].values():
            assert len(values) == 312 and all(0.0 <= v <= 1.0 for v in values)
    maktaaral = next(n for n in state["nodes"] if n["name"] == "Maktaaral and Zhetysai irrigation")["values"]
    assert sum(maktaaral["dry"]) > sum(maktaaral["baseline"])  # the dry scenario leaves more of it unmet
    shardara = next(n for n in state["nodes"] if n["name"] == "Shardara")["values"]["baseline"]
    assert max(shardara) == pytest.approx(1.0, abs=1e-6)  # full at 5,400 hm³ (its capacity) in some month


def test_transboundary_compliance(service: Service, syr_run: str) -> None:
    body = service.client.get(f"/runs/{syr_run}/transboundary", headers=service.headers("viewer")).json()
    compliance = body["compliance"]
    assert [r["scenario"] for r in compliance] == ["baseline", "dry"]
    for row in compliance:
        assert row["border"] == "Uzbekistan–Kazakhstan border"
        assert 0 <= row["periods_met"] <= row["periods"] and row["periods"] > 0
    flows = body["border_flows"]
    assert len(flows) == 2 * 26 and {r["year"] for r in flows} == set(range(1999, 2025))
    by = {(r["scenario"], r["year"]): r["volume_km3"] for r in flows}
    assert all(by[("dry", y)] < by[("baseline", y)] for y in range(1999, 2025))


@pytest.mark.parametrize("path", ["/models/syr-darya/network", "/runs/{run}/network", "/runs/{run}/state",
                                  "/runs/{run}/transboundary"])
def test_data_routes_need_a_token(service: Service, syr_run: str, path: str) -> None:
    response = service.client.get(path.format(run=syr_run))
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_state_of_an_unknown_run_is_404(service: Service) -> None:
    assert service.client.get("/runs/nope/state", headers=service.headers("viewer")).status_code == 404
    assert service.client.get("/runs/nope/network", headers=service.headers("viewer")).status_code == 404
