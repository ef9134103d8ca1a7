"""The measures catalogue: bundled content and validation errors."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from arna.economics.catalogue import catalogue_from_data, load_catalogue
from arna.errors import DocumentError

REQUIRED = {"canal-lining", "canal-automation-metering", "drip", "sprinkler", "laser-levelling",
            "rice-to-maize", "volumetric-tariff"}


def bundled_data() -> dict[str, Any]:
    path = Path(__file__).parents[2] / "src" / "arna" / "data" / "measures" / "catalogue.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_bundled_catalogue_has_the_issue_measures() -> None:
    cat = load_catalogue()
    assert set(cat.ids()) >= REQUIRED
    assert (cat.currency, cat.price_year) == ("KZT", 2024)
    # canal rehabilitation from the 2023 programme totals: KZT 53.2 bn / 136.8 kha (hydrology sheet section 5)
    assert cat.measure("canal-lining").investment_per_ha.value == pytest.approx(53.2e9 / 136.8e3, rel=0.001)
    assert "NB" in cat.sources and "458.7" in cat.sources["NB"]
    for m in cat.measures:
        figs = [m.investment_per_ha, m.om_per_ha_year, m.lifetime_years]
        figs += [getattr(m.effects, k) for k in type(m.effects).model_fields
                 if getattr(m.effects, k) is not None]
        for f in figs:
            assert f.source in cat.sources
            assert not f.estimate or f.note


def test_bundled_values_that_come_from_the_data_sheet() -> None:
    cat = load_catalogue()
    lining = cat.measure("canal-lining").effects.conveyance_efficiency
    assert lining is not None and lining.value == 0.75 and not lining.estimate
    laser = cat.measure("laser-levelling").effects.application_factor
    assert laser is not None and laser.value == 0.80 and laser.source == "RA"
    with pytest.raises(KeyError, match="known"):
        cat.measure("desalination")


@pytest.mark.parametrize(
    ("edit", "path", "needle"),
    [
        (lambda d: d["measures"][0]["investment_per_ha"].update(source="XYZ"),
         "measures[0].investment_per_ha.source", "unknown source"),
        (lambda d: d["measures"][0]["lifetime_years"].pop("note"),
         "measures[0].lifetime_years", "reasoning"),
        (lambda d: d["measures"][0].update(colour="red"), "measures[0].colour", "Extra"),
        (lambda d: d["measures"][0].update(effects={}), "measures[0].effects", "change"),
        (lambda d: d["measures"][1].update(id=d["measures"][0]["id"]), "measures[1].id",
         "duplicate"),
        (lambda d: d["measures"][5]["effects"]["replace_crop_with"].update(value="teff"),
         "measures[5].effects.replace_crop_with.value", "not defined"),
        (lambda d: d["measures"][2]["effects"]["method"].update(value="flood"),
         "measures[2].effects.method.value", "drip"),
        (lambda d: d["measures"][0]["investment_per_ha"].update(value=-5),
         "measures[0].investment_per_ha.value", "greater than or equal"),
    ],
)
def test_validation_errors_name_the_path(edit: Any, path: str, needle: str) -> None:
    data = copy.deepcopy(bundled_data())
    edit(data)
    with pytest.raises(DocumentError) as info:
        catalogue_from_data(data, "cat.yaml")
    assert any(p == path and needle in m for p, m in info.value.problems), info.value.problems


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="file not found"):
        load_catalogue(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("measures: [\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="malformed YAML"):
        load_catalogue(bad)
