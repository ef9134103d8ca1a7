"""The Russian and Kazakh reports carry no English: every heading, column, unit, the model's and its
scenarios', agreements' and periods' names and descriptions are in the report's language, apart from
names the user wrote without a translation, citations and the tokens listed in :data:`ALLOWED`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from arna.api import compile_model, run
from arna.data.registry import bundled_model_path
from arna.engine.results import Results
from arna.report import render_report
from arna.schema import load_model
from arna.schema.document import ModelDocument

#: Latin-script words allowed in a Russian or Kazakh report: the program's name, the sources file, and
#: the flags [E] estimate, [D] derived, [C] computed that cite SOURCES.md.
ALLOWED = frozenset({"Arna", "SOURCES.md", "E", "D", "C"})
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]")
EXPONENT = re.compile(r"\d[,.]?\d*e[−+-]?\d+")  # 8,6e-16: a number, not a word


def visible_text(page: str) -> str:
    """The text a reader sees: no style sheet, no markup; the schematic's node labels are kept, its
    tooltips (``<title>`` inside the SVG: the node kinds, drawn by the schematic) are not."""
    page = re.sub(r"<(style|metadata)\b.*?</\1>", " ", page, flags=re.S)  # CSS; the figures' RDF metadata
    page = re.sub(r"<svg.*?</svg>", lambda m: re.sub(r"<title>.*?</title>", " ", m.group(0), flags=re.S), page,
                  flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def english_left(page: str, written: Iterable[str] = ()) -> list[str]:
    """Latin-script words of the visible text, after removing ``written`` (citations, user-written names)."""
    text = visible_text(page)
    for w in sorted(written, key=len, reverse=True):
        text = text.replace(w, " ")
    text = EXPONENT.sub(" ", text)
    return sorted({w for w in LATIN_WORD.findall(text) if w.rstrip(".") not in ALLOWED and w not in ALLOWED})


def test_the_check_finds_english() -> None:
    page = "<html><body><h1>Отчёт</h1><p>Арна 8,6e-16 Arna [E]</p><td>Mean flow</td><svg><title>reservoir</title>" \
           "<text>Шардара</text></svg></body></html>"
    assert english_left(page) == ["Mean", "flow"]
    assert english_left(page, {"Mean flow"}) == []


@pytest.fixture(scope="module")
def lower_syr_darya() -> tuple[ModelDocument, Results, Path]:
    path = bundled_model_path("lower-syr-darya")
    doc = load_model(path)
    return doc, run(compile_model(doc, path)), path


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_bundled_report_has_no_english(lower_syr_darya: tuple[ModelDocument, Results, Path], lang: str) -> None:
    doc, res, path = lower_syr_darya
    page = render_report(res, doc, lang, path)
    assert english_left(page) == []
    assert {"ru": "Нижняя Сырдарья", "kk": "Төменгі Сырдария"}[lang] in page
    assert {"ru": "Маловодный", "kk": "Аз сулы"}[lang] in page
    assert "baseline" not in visible_text(page) and "Lower Syr Darya" not in page


def _labelled_doc() -> dict[str, Any]:
    return {
        "name": "border-test", "description": "A river crossing a border",
        "labels": {"ru": "Пограничная река", "kk": "Шекаралық өзен"},
        "description_labels": {"ru": "Река, пересекающая границу", "kk": "Шекарадан өтетін өзен"},
        "timestepper": {"start": "2020-01-01", "end": "2021-12-01"},
        "scenarios": [
            {"name": "baseline", "description": "Mean flow", "labels": {"ru": "Базовый", "kk": "Базалық"},
             "description_labels": {"ru": "Средний сток", "kk": "Орташа ағын"}},
            {"name": "dry", "description": "Low flow", "labels": {"ru": "Маловодный", "kk": "Аз сулы"},
             "description_labels": {"ru": "Низкий сток", "kk": "Аз ағын"}}],
        "metadata": {
            "estimates": "Guessed", "estimates_labels": {"ru": "Оценки", "kk": "Бағалаулар"},
            "agreements": [{
                "border": "border", "name": "protocol", "labels": {"ru": "Протокол", "kk": "Хаттама"},
                "description": "Summer minimum",
                "description_labels": {"ru": "Летний минимум", "kk": "Жазғы ең аз ағын"},
                "source": "ICWC protocol, 2023",
                "periods": [
                    {"name": "summer", "labels": {"ru": "лето", "kk": "жаз"}, "months": [4, 5, 6, 7, 8, 9],
                     "min_flow": "30 m3/s"},
                    {"name": "winter", "labels": {"ru": "зима", "kk": "қыс"}, "months": [10, 11, 12, 1, 2, 3],
                     "min_volume": "0.5 km3"}]}]},
        "nodes": [
            {"name": "river", "type": "inflow", "country": "Uzbekistan", "labels": {"ru": "Река", "kk": "Өзен"},
             "flow": {"type": "scenario", "values": {"baseline": 50, "dry": 20}}},
            {"name": "farm", "type": "demand", "demand": 25, "sector": "irrigation",
             "labels": {"ru": "Хозяйство", "kk": "Шаруашылық"}},
            {"name": "border", "type": "border", "upstream_country": "Uzbekistan",
             "downstream_country": "Kazakhstan", "labels": {"ru": "Граница", "kk": "Шекара"}},
            {"name": "sea", "type": "terminal", "target_inflow": 10, "labels": {"ru": "Море", "kk": "Теңіз"}}],
        "edges": [["river", "farm"], ["river", "border"], ["border", "sea"]],
    }


@pytest.fixture(scope="module")
def labelled() -> tuple[ModelDocument, Results]:
    doc = ModelDocument.model_validate(_labelled_doc())
    return doc, run(doc)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_labelled_model_report_has_no_english(labelled: tuple[ModelDocument, Results], lang: str) -> None:
    doc, res = labelled
    page = render_report(res, doc, lang)
    assert english_left(page, {"ICWC protocol, 2023"}) == []  # the citation is kept as written
    ru = lang == "ru"
    for text in (["Пограничная река", "Река, пересекающая границу", "Низкий сток", "Протокол", "Летний минимум",
                  "лето", "зима", "апрель–сентябрь", "30 м³/с", "0,5 км³", "Число периодов", "Оценки"] if ru else
                 ["Шекаралық өзен", "Шекарадан өтетін өзен", "Аз ағын", "Хаттама", "Жазғы ең аз ағын", "жаз", "қыс",
                  "сәуір–қыркүйек", "30 м³/с", "0,5 км³", "Кезеңдер саны", "Бағалаулар"]):
        assert text in page, text
    assert "Лет<" not in page and "Периодов" not in page


def test_untranslated_names_are_shown_as_written(labelled: tuple[ModelDocument, Results]) -> None:
    doc, res = labelled
    bare = doc.model_copy(update={"labels": None, "scenarios": [s.model_copy(update={"labels": None})
                                                                  for s in doc.scenarios]})
    page = render_report(res, bare, "kk")
    assert english_left(page, {"ICWC protocol, 2023"}) == ["baseline", "border", "dry", "test"]  # border-test
    en = render_report(res, doc, "en")
    assert "Agreed minimum" in en and "April–September" in en and "Пограничная" not in en


def test_run_totals_are_shown_per_year(labelled: tuple[ModelDocument, Results]) -> None:
    """The farm's 25 m³/s demand: 789 hm³ per year, not the 1,579 hm³ of the two-year run."""
    doc, res = labelled
    page = render_report(res, doc, "en")
    per_year = 25 * 86_400 * 365.25 / 1e6  # the run's 731 days' demand over its 731 / 365.25 years
    assert "Demand, hm³/yr" in page and "Total deficit, hm³<" not in page
    assert f"{per_year:,.0f}" in page
    # year by year: the inflow to the sea and the deficit of each calendar year, labelled per year
    assert "Inflow to terminal lakes, km³ per year" in page and "Deficit at all demands, hm³ per year" in page
    sea_2020 = (50 - 25) * 86_400 * 366 / 1e9
    assert f"{sea_2020:.2f}" in page
