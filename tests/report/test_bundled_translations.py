"""Every bundled model names and describes itself, its scenarios and its agreements in Russian and Kazakh
(``labels`` and ``description_labels``), so its reports and the dashboard read in the reader's language."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from arna.data.registry import bundled_model_path, bundled_names
from arna.indicators.transboundary import agreements
from arna.report.names import place_names
from arna.schema import load_model
from arna.schema.document import ModelDocument
from tests.report.test_translations import english_left

#: Models being rewritten on other branches: their translations are added when they are merged. Remove a
#: name here once its model carries them (the test is strict: it fails when a listed model passes).
TRANSLATED_AT_MERGE: frozenset[str] = frozenset()


def _params() -> list[Any]:
    return [pytest.param(name, marks=pytest.mark.xfail(reason="translated at merge", strict=True))
            if name in TRANSLATED_AT_MERGE else name for name in bundled_names()]


def _texts(doc: ModelDocument) -> Iterator[tuple[str, str | None, Mapping[str, str] | None]]:
    """(where, the English text, its translations) for every name and description to translate."""
    yield "labels", doc.name, doc.labels
    yield "description_labels", doc.description, doc.description_labels
    estimates = doc.metadata.get("estimates")
    yield "metadata.estimates_labels", estimates and str(estimates), doc.metadata.get("estimates_labels")
    for i, s in enumerate(doc.scenarios):
        yield f"scenarios[{i}].labels", s.name, s.labels
        yield f"scenarios[{i}].description_labels", s.description, s.description_labels
    for i, a in enumerate(agreements(doc)):
        where = f"metadata.agreements[{i}]"
        yield f"{where}.labels", a.name, a.labels
        yield f"{where}.description_labels", a.description, a.description_labels
        for j, p in enumerate(a.periods):
            yield f"{where}.periods[{j}].labels", p.name, p.labels
            yield f"{where}.periods[{j}].description_labels", p.description, p.description_labels


def untranslated(doc: ModelDocument) -> list[str]:
    """Where a name or description lacks its Russian or Kazakh text, or that text has English in it."""
    out = []
    for where, english, labels in _texts(doc):
        if not english:
            continue
        for lang in ("ru", "kk"):
            text = (labels or {}).get(lang)
            if not text:
                out.append(f"{where}.{lang} missing")
            elif english_left(text):
                out.append(f"{where}.{lang} has English: {english_left(text)}")
    return out


def untranslated_places(doc: ModelDocument) -> list[str]:
    """Countries and regions the model names that neither its ``place_labels`` nor the catalogue translate."""
    out = []
    for lang in ("ru", "kk"):
        for place, text in place_names(doc, lang).items():
            if english_left(text):
                out.append(f"place_labels.{place}.{lang} missing")
    return out


@pytest.mark.parametrize("name", _params())
def test_bundled_model_names_its_places_in_russian_and_kazakh(name: str) -> None:
    doc = load_model(bundled_model_path(name))
    assert untranslated_places(doc) == []


def test_the_place_check_finds_a_region_without_labels() -> None:
    doc = load_model(bundled_model_path("syr-darya"))
    assert "Fergana valley" in doc.place_labels
    bare = doc.model_copy(update={"place_labels": {k: v for k, v in doc.place_labels.items() if k != "Fergana valley"}})
    assert untranslated_places(bare) == ["place_labels.Fergana valley.ru missing",
                                         "place_labels.Fergana valley.kk missing"]


@pytest.mark.parametrize("name", _params())
def test_bundled_model_is_translated(name: str) -> None:
    doc = load_model(bundled_model_path(name))
    assert untranslated(doc) == []


def test_the_check_finds_what_is_missing() -> None:
    doc = load_model(bundled_model_path("lower-syr-darya"))
    scen = doc.scenarios[1].model_copy(update={"description_labels": {"ru": "Low flow", "kk": "Аз ағын"}})
    broken = doc.model_copy(update={"labels": {"ru": "Нижняя Сырдарья"}, "scenarios": [doc.scenarios[0], scen]})
    assert untranslated(broken) == ["labels.kk missing", "scenarios[1].description_labels.ru has English: "
                                    "['Low', 'flow']"]
