"""Translations of names and descriptions: ``labels`` and ``description_labels`` on the model,
its scenarios, and the agreements and their periods in ``metadata.agreements``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from arna.errors import DocumentError
from arna.indicators.transboundary import agreements
from arna.schema.document import label_in
from arna.schema.load import model_from_mapping


def _data(**top: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Little river", "description": "A test basin",
        "labels": {"ru": "Малая река", "kk": "Шағын өзен"},
        "description_labels": {"ru": "Тестовый бассейн", "kk": "Сынақ бассейні"},
        "timestepper": {"start": "2021-01-01", "end": "2021-12-01"},
        "scenarios": [{"name": "dry", "description": "Dry year",
                       "labels": {"ru": "Маловодный", "kk": "Сусыз"},
                       "description_labels": {"ru": "Маловодный год", "kk": "Сусыз жыл"}}],
        "metadata": {"agreements": [{
            "border": "border", "name": "protocol", "labels": {"ru": "Протокол", "kk": "Хаттама"},
            "description": "Summer minimum", "description_labels": {"ru": "Летний минимум", "kk": "Жазғы минимум"},
            "periods": [{"name": "summer", "labels": {"ru": "лето", "kk": "жаз"}, "months": [6, 7, 8],
                         "min_flow": "1 m3/s"},
                        {"months": [1, 2], "min_flow": "1 m3/s"}]}]},
        "nodes": [{"name": "source", "type": "inflow", "flow": 5},
                  {"name": "border", "type": "border", "upstream_country": "A", "downstream_country": "B"},
                  {"name": "sea", "type": "terminal"}],
        "edges": [["source", "border"], ["border", "sea"]],
    }
    data.update(top)
    return data


def test_labels_on_model_scenarios_agreements_and_periods() -> None:
    doc = model_from_mapping(_data(), "m.yaml")
    assert label_in(doc.labels, "kk", doc.name) == "Шағын өзен"
    assert label_in(doc.description_labels, "ru", doc.description or "") == "Тестовый бассейн"
    scen = doc.scenarios[0]
    assert label_in(scen.labels, "ru", scen.name) == "Маловодный"
    assert label_in(scen.description_labels, "kk", "") == "Сусыз жыл"
    (a,) = agreements(doc)
    assert label_in(a.labels, "kk", a.name or "") == "Хаттама"
    assert label_in(a.description_labels, "ru", "") == "Летний минимум"
    assert [p.label("ru") for p in a.periods] == ["лето", "1-2"]
    assert [p.label() for p in a.periods] == ["summer", "1-2"]


def test_a_language_without_a_label_falls_back_to_the_name() -> None:
    doc = model_from_mapping(_data(labels={"ru": "Малая река"}), "m.yaml")
    assert label_in(doc.labels, "kk", doc.name) == "Little river"
    assert label_in(None, "ru", "dry") == "dry"


@pytest.mark.parametrize("key, where", [
    ("labels", "labels.de"),
    ("description_labels", "description_labels.de"),
])
def test_unknown_language_names_the_path(key: str, where: str) -> None:
    with pytest.raises(DocumentError) as err:
        model_from_mapping(_data(**{key: {"de": "Kleiner Fluss"}}), Path("m.yaml"))
    text = str(err.value)
    assert "m.yaml" in text and where in text


def test_empty_scenario_label_is_rejected_with_its_path() -> None:
    data = _data()
    data["scenarios"][0]["labels"] = {"kk": ""}
    with pytest.raises(DocumentError) as err:
        model_from_mapping(data, "m.yaml")
    assert "scenarios[0].labels.kk" in str(err.value)


def test_unknown_language_in_an_agreement_names_the_path() -> None:
    data = _data()
    data["metadata"]["agreements"][0]["periods"][0]["labels"] = {"fr": "été"}
    doc = model_from_mapping(data, "m.yaml")
    with pytest.raises(DocumentError) as err:
        agreements(doc)
    assert "metadata.agreements[0].periods.0.labels.fr" in str(err.value)
