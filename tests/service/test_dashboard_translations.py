"""The API gives the dashboard the document's translations: the model's, its scenarios' and agreements'
names and descriptions by language; volumes short of an agreement and the year-by-year tables per year."""

from __future__ import annotations

import pytest
import yaml

from tests.report.test_translations import _labelled_doc
from tests.service.conftest import Service


@pytest.fixture(scope="module")
def labelled_run(service: Service) -> str:
    c = service.client
    body = yaml.safe_dump(_labelled_doc(), allow_unicode=True).encode("utf-8")
    headers = {**service.headers("analyst"), "Content-Type": "application/yaml"}
    assert c.post("/models", content=body, headers=headers).status_code == 201
    rid: str = c.post("/runs", json={"model": "border-test"}, headers=service.headers("analyst")).json()["id"]
    assert service.wait(rid)["status"] == "completed"
    return rid


def test_the_model_list_carries_the_translations(service: Service, labelled_run: str) -> None:
    models = {m["name"]: m for m in service.client.get("/models", headers=service.headers("viewer")).json()}
    lower = models["lower-syr-darya"]
    assert lower["labels"] == {"ru": "Нижняя Сырдарья", "kk": "Төменгі Сырдария"}
    assert lower["description_labels"]["kk"].startswith("Сырдарияның")
    assert [(s["name"], s["labels"]["kk"]) for s in lower["scenario_details"]] == [("baseline", "Базалық"),
                                                                                   ("dry", "Аз сулы")]
    uploaded = models["border-test"]
    assert uploaded["source"] == "uploaded" and uploaded["labels"]["ru"] == "Пограничная река"
    assert uploaded["scenario_details"][1]["description_labels"] == {"ru": "Низкий сток", "kk": "Аз ағын"}


def test_a_runs_network_carries_scenarios_and_agreements(service: Service, labelled_run: str) -> None:
    network = service.client.get(f"/runs/{labelled_run}/network", headers=service.headers("viewer")).json()
    assert network["labels"]["kk"] == "Шекаралық өзен" and network["description"] == "A river crossing a border"
    assert [s["labels"]["ru"] for s in network["scenarios"]] == ["Базовый", "Маловодный"]
    (deal,) = network["agreements"]
    assert (deal["key"], deal["number"], deal["labels"]["kk"]) == ("protocol", 1, "Хаттама")
    assert deal["description_labels"]["ru"] == "Летний минимум" and deal["source"] == "ICWC protocol, 2023"
    assert [(p["key"], p["labels"]["kk"]) for p in deal["periods"]] == [("summer", "жаз"), ("winter", "қыс")]


def test_volumes_short_and_years_are_per_year(service: Service, labelled_run: str) -> None:
    c, h = service.client, service.headers("viewer")
    compliance = c.get(f"/runs/{labelled_run}/transboundary", headers=h).json()["compliance"]
    dry = next(r for r in compliance if r["scenario"] == "dry")
    assert "volume_short_hm3" not in dry
    # dry: 20 m³/s, all of it to the farm (25 m³/s wanted): the border gets nothing, so each year misses the
    # summer minimum (30 m³/s over Apr–Sep) and the winter volume (0.5 km³) in full
    summer = 30 * 86_400 * 183 / 1e6
    assert dry["volume_short_hm3_per_year"] == pytest.approx((2 * summer + 500) / (731 / 365.25), rel=1e-6)
    tables = c.get(f"/runs/{labelled_run}/indicators", headers=h).json()
    assert [r["year"] for r in tables["year_deficit"]] == [2020, 2021]
    assert tables["year_deficit"][0]["dry"] == pytest.approx(5 * 86_400 * 366 / 1e6)
    assert tables["year_terminal"][0]["node"] == "sea" and tables["year_terminal"][1]["complete"] is True
