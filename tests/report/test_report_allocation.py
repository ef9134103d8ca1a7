"""The report's fair-sharing, energy-value and swap sections, in English, Russian and Kazakh."""

from __future__ import annotations

import html
from typing import Any

import pytest

from arna.api import run
from arna.indicators.energy import swap_for
from arna.report import render_report
from arna.report.i18n import t
from arna.schema import model_from_mapping
from arna.schema.document import ModelDocument
from tests.report.test_translations import english_left

WINTER_LOW = [0.3, 0.3, 0.3, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.3, 0.3, 0.3]  # Jan..Dec: empty in winter
SNOWMELT = [40, 40, 40, 80, 150, 200, 200, 150, 80, 40, 40, 40]
CROPS = [0, 0, 0, 60, 150, 250, 250, 200, 60, 0, 0, 0]
SUMMER_LOW = [0.9, 0.9, 0.9, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.9, 0.9, 0.9]


def _cascade() -> dict[str, Any]:
    """A reservoir with a plant upstream of a border, run by a winter-release or a summer-release rule."""
    ru, kk = {"ru": "Энергетический режим"}, {"kk": "Энергетикалық режим"}
    return {
        "name": "cascade", "labels": {"ru": "Каскад", "kk": "Каскад"},
        "timestepper": {"start": "2020-10-01", "end": "2022-09-01", "step": "month"},
        "scenarios": [{"name": "energy-mode", "labels": ru | kk},
                      {"name": "irrigation-mode", "labels": {"ru": "Ирригационный режим", "kk": "Суармалы режим"}}],
        "metadata": {"energy_swap": {"plants": ["plant"], "downstream": "border", "reference": "irrigation-mode"}},
        "nodes": [
            {"name": "river", "type": "inflow", "flow": {"type": "monthly", "values": SNOWMELT},
             "labels": {"ru": "Река", "kk": "Өзен"}},
            {"name": "dam", "type": "reservoir", "capacity": 1000.0, "initial_volume": 600.0,
             "table": {"volume": [0.0, 1000.0], "level": [100.0, 160.0], "area": [1.0, 2.0]},
             "rule_curve": {"type": "scenario", "unit": "fraction", "values": {
                 "energy-mode": {"type": "monthly", "unit": "fraction", "values": WINTER_LOW},
                 "irrigation-mode": {"type": "monthly", "unit": "fraction", "values": SUMMER_LOW}}},
             "fill_priority": 5, "labels": {"ru": "Плотина", "kk": "Бөген"}},
            {"name": "plant", "type": "hydropower", "reservoir": "dam", "turbine_capacity": 400.0,
             "tailwater_level": 90.0, "labels": {"ru": "ГЭС", "kk": "СЭС"}},
            {"name": "border", "type": "border", "upstream_country": "Kyrgyzstan", "downstream_country": "Kazakhstan",
             "labels": {"ru": "Граница", "kk": "Шекара"}},
            {"name": "farm", "type": "demand", "demand": {"type": "monthly", "values": CROPS}, "country": "Kazakhstan",
             "region": "Turkistan region", "labels": {"ru": "Хозяйство", "kk": "Шаруашылық"}},
            {"name": "town", "type": "demand", "demand": 5.0, "country": "Kazakhstan", "region": "Kyzylorda region",
             "labels": {"ru": "Город", "kk": "Қала"}},
            {"name": "sea", "type": "terminal", "labels": {"ru": "Море", "kk": "Теңіз"}}],
        "edges": [["river", "dam"], ["dam", "plant"], ["plant", "border"], ["border", "farm"], ["border", "town"],
                  ["border", "sea"]],
        "place_labels": {"Turkistan region": {"ru": "Туркестанская область", "kk": "Түркістан облысы"},
                         "Kyzylorda region": {"ru": "Кызылординская область", "kk": "Қызылорда облысы"}},
    }


@pytest.fixture(scope="module")
def cascade() -> tuple[ModelDocument, Any]:
    doc = model_from_mapping(_cascade(), "<cascade>")
    return doc, run(doc)


def test_irrigation_mode_forgoes_winter_energy_for_summer_water(cascade: tuple[ModelDocument, Any]) -> None:
    doc, res = cascade
    swap = swap_for(res, doc)
    assert swap is not None and list(swap.year) == [2021, 2022]
    assert (swap.winter_energy_forgone_gwh > 0).all() and (swap.summer_water_gained_hm3 > 0).all()
    assert (swap.compensation_energy_gwh == swap.winter_energy_forgone_gwh).all()


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_sections_in_each_language(cascade: tuple[ModelDocument, Any], lang: str) -> None:
    doc, res = cascade
    page = render_report(res, doc, lang)
    for key in ("fairness", "coverage_country", "spread", "head_tail", "energy_value", "swap", "compensation_musd",
                "winter_energy_forgone_gwh", "jain"):
        assert html.escape(t(key, lang)) in page, key
    if lang != "en":
        assert english_left(page) == []


@pytest.mark.parametrize(("lang", "places"), [
    ("en", ["Kazakhstan", "Turkistan region", "Kyzylorda region", "Kyrgyzstan"]),
    ("ru", ["Казахстан", "Туркестанская область", "Кызылординская область", "Кыргызстан"]),
    ("kk", ["Қазақстан", "Түркістан облысы", "Қызылорда облысы", "Қырғызстан"]),
])
def test_countries_and_regions_in_the_report_language(cascade: tuple[ModelDocument, Any], lang: str,
                                                      places: list[str]) -> None:
    """Regions read from ``place_labels``; countries from the catalogue (the border's countries too)."""
    doc, res = cascade
    page = render_report(res, doc, lang)
    for place in places:
        assert f'<td class="text">{place}</td>' in page, place


def test_a_region_without_labels_is_shown_as_written(cascade: tuple[ModelDocument, Any]) -> None:
    doc, res = cascade
    page = render_report(res, doc.model_copy(update={"place_labels": {}}), "kk")
    assert english_left(page) == ["Kyzylorda", "Turkistan", "region"]
    assert "Қазақстан" in page  # the country still comes from the catalogue


def test_no_swap_section_without_its_reference_run(cascade: tuple[ModelDocument, Any]) -> None:
    doc, res = cascade
    doc2 = doc.model_copy(update={"metadata": {}})
    assert html.escape(t("swap", "en")) not in render_report(res, doc2, "en")
