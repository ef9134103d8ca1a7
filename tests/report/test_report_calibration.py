"""The report's calibration section: one table per kind, statuses and periods in the report's language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from arna.api import run
from arna.indicators.calibration import calibration_table
from arna.report import render_report
from arna.report.calibration import CAL_TEXT, calibration_html
from arna.schema.document import ModelDocument

ENTRIES: list[dict[str, Any]] = [
    {"node": "sea", "attribute": "flow", "aggregate": "annual_volume_km3", "target": 3.0, "unit": "km3/yr",
     "source": "gauge A"},
    {"kind": "named_year", "node": "sea", "attribute": "flow", "aggregate": "annual_volume_km3",
     "series": {2020: 2.0, 2022: 2.0}, "unit": "km3/yr", "source": "yearbook"},
    {"kind": "seasonal_share", "node": "sea", "attribute": "flow", "months": [10, 11, 12, 1, 2, 3], "target": 50.0,
     "source": "ICWC"},
    {"kind": "storage", "node": "dam", "attribute": "volume", "date": "2022-04-01", "target": 0.1, "unit": "km3",
     "source": "operator"},
]


def document(metadata: dict[str, Any]) -> ModelDocument:
    return ModelDocument.model_validate({
        "name": "cal", "metadata": metadata,
        "timestepper": {"start": "2021-01-01", "end": "2022-12-01"},
        "scenarios": [{"name": "baseline"}, {"name": "historical"}],
        "nodes": [{"name": "river", "type": "inflow", "flow": {"type": "scenario",
                                                               "values": {"baseline": 50, "historical": 100}}},
                  {"name": "dam", "type": "reservoir", "capacity": "500 hm3", "initial_volume": "100 hm3"},
                  {"name": "sea", "type": "terminal", "labels": {"ru": "море", "kk": "теңіз"}}],
        "edges": [["river", "dam"], ["dam", "sea"]],
    })


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    doc = document({"calibration": ENTRIES, "not_calibrated": [{"what": "Sea level", "why": "no curve"}]})
    res = run(doc)
    return {lang: render_report(res, doc, lang=lang) for lang in ("en", "ru", "kk")}


def section(page: str, title: str) -> str:
    start = page.index(title)
    return page[start:page.index("<h2>", start)]


def test_every_text_of_the_section_is_translated() -> None:
    cyrillic = re.compile("[а-яёәіңғүұқөһ]", re.IGNORECASE)
    for key, (en, ru, kk) in CAL_TEXT.items():
        assert en and cyrillic.search(ru) and cyrillic.search(kk), key
        assert set(re.findall(r"{\w+}", en)) == set(re.findall(r"{\w+}", ru)) == set(re.findall(r"{\w+}", kk)), key


def test_english_section_has_one_table_per_kind_and_the_not_calibrated_list(pages: dict[str, str]) -> None:
    en = section(pages["en"], "Calibration against cited figures")
    assert "Scenario historical." in en  # historical, the default, when the model has it
    assert "Annual volume: 1 of 1 within tolerance" in en
    assert "Named year: 0 of 2 within tolerance" in en  # 2020 is outside the run, 2022 misses
    assert "outside the run" in en and "<td>3.15</td>" in en
    assert "October–March, 2022 (whole run; water year October–September)" in en  # the only complete water year
    assert "Storage: " in en and "2022-04-01" in en
    assert "<li>Sea level: no curve</li>" in en


@pytest.mark.parametrize(("lang", "title", "expected"), [
    ("ru", "Калибровка по опубликованным данным",
     ["Годовой объём: 1 из 1 в пределах допуска", "вне периода расчёта", "вне допуска", "море", "км³/год",
      "октябрь–март, 2022 (весь период расчёта; гидрологический год октябрь–сентябрь)", "3,15"]),
    ("kk", "Жарияланған деректер бойынша калибрлеу",
     ["Жылдық көлем: 1 ішінен 1 рұқсат шегінде", "есеп кезеңінен тыс", "рұқсаттан тыс", "теңіз", "км³/жыл",
      "қазан–наурыз, 2022 (бүкіл есеп кезеңі; гидрологиялық жыл қазан–қыркүйек)", "3,15"]),
])
def test_russian_and_kazakh_sections_have_no_english_of_their_own(pages: dict[str, str], lang: str, title: str,
                                                                    expected: list[str]) -> None:
    text = section(pages[lang], title)
    for phrase in expected:
        assert phrase in text, phrase
    words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>", " ", text)))
    # left in English: what the user wrote (scenario and unlabelled node names, units, sources, not-calibrated text)
    assert words <= {"historical", "dam", "gauge", "yearbook", "ICWC", "operator", "Sea", "level", "curve"}, words


def test_scenarios_are_shown_by_their_label_in_the_language() -> None:
    doc = document({"calibration": ENTRIES[:1]})
    res = run(doc)
    table = calibration_table(doc.metadata, res, "historical")
    page = calibration_html(table, [], "historical", "ru", {}, {"historical": "Исторический"})
    assert "Сценарий Исторический." in page and "<td class=\"text\">Исторический</td>" in page
    assert "historical" not in page
