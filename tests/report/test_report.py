"""The HTML report in English, Russian and Kazakh: sections, translated labels, localized numbers, offline."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from arna.api import run
from arna.engine.results import Results
from arna.indicators.performance import demand_performance
from arna.report import render_report, write_report
from arna.report.i18n import LANGS, NBSP, TEXT, fmt_date, fmt_month, fmt_number, fmt_pct
from arna.schema import load_model
from arna.schema.document import ModelDocument

EXAMPLE = Path(__file__).parents[2] / "src" / "arna" / "data" / "models" / "lower-syr-darya" / "model.yaml"
LOADERS = ('src="http', "src='http", 'href="http', "href='http", "@import", "url(http", "<script", "<link")


@pytest.fixture(scope="module")
def example() -> tuple[ModelDocument, Results]:
    doc = load_model(EXAMPLE)
    return doc, run(doc)


@pytest.fixture(scope="module")
def reports(example: tuple[ModelDocument, Results]) -> dict[str, str]:
    doc, res = example
    return {lang: render_report(res, doc, lang=lang, source=EXAMPLE) for lang in LANGS}


def test_every_label_is_translated() -> None:
    cyrillic = re.compile("[а-яёәіңғүұқөһ]", re.IGNORECASE)
    for key, (en, ru, kk) in TEXT.items():
        assert en and cyrillic.search(ru) and cyrillic.search(kk), key
        assert set(re.findall(r"{\w+}", en)) == set(re.findall(r"{\w+}", ru)) == set(re.findall(r"{\w+}", kk)), key


def test_number_and_date_formats() -> None:
    assert fmt_number(1234567.891, "en", 2) == "1,234,567.89"
    assert fmt_number(1234567.891, "ru", 2) == f"1{NBSP}234{NBSP}567,89"
    assert fmt_number(-0.5, "kk", 1) == "−0,5"
    assert fmt_pct(0.853, "en") == "85.3%"
    assert fmt_pct(0.853, "ru") == f"85,3{NBSP}%"
    import pandas as pd

    d = pd.Timestamp("2021-07-01")
    assert (fmt_month(d, "en"), fmt_month(d, "ru"), fmt_month(d, "kk")) == ("July 2021", "июль 2021", "2021 ж. шілде")
    assert fmt_date(d.date(), "ru") == "1 июля 2021 г."


@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ["Water balance", "Scenario comparison", "Transboundary flows", "Hydropower energy by season",
            "Environmental flow compliance", "Reliability", "January 2019"]),
    ("ru", ["Водный баланс", "Сравнение сценариев", "Трансграничный сток", "по сезонам",
            "Соблюдение экологических попусков", "Надёжность", "январь 2019", "Водопотребитель"]),
    ("kk", ["Су балансы", "Сценарийлерді салыстыру", "Трансшекаралық ағын", "Маусымдар бойынша",
            "Экологиялық ағындардың сақталуы", "Сенімділік", "2019 ж. қаңтар", "Су тұтынушы"]),
])
def test_translated_sections(reports: dict[str, str], lang: str, labels: list[str]) -> None:
    html = reports[lang]
    assert html.startswith(f'<!DOCTYPE html><html lang="{lang}">')
    for label in labels:
        assert label in html, label
    assert html.count("<svg") >= 4  # schematic and figures


def test_numbers_are_localized(example: tuple[ModelDocument, Results], reports: dict[str, str]) -> None:
    _, res = example
    perf = demand_performance(res)
    row = perf[(perf["scenario"] == "baseline") & (perf["demand"] == "Turkistan cotton")].iloc[0]
    demand = row["demand_hm3"] / (float(res.days.sum()) / 365.25)  # per year, thousands of hm³: a separator
    assert demand > 1000
    assert fmt_number(demand, "en", 0) in reports["en"]
    assert fmt_number(demand, "ru", 0) in reports["ru"] and NBSP in fmt_number(demand, "ru", 0)
    assert fmt_number(demand, "kk", 0) in reports["kk"]
    assert fmt_pct(row["coverage"], "ru") in reports["ru"]


def test_offline(reports: dict[str, str]) -> None:
    for html in reports.values():
        for loader in LOADERS:
            assert loader not in html, loader


def test_calibration_and_agreements_sections(example: tuple[ModelDocument, Results]) -> None:
    doc, res = example
    meta = dict(doc.metadata)
    meta["calibration"] = [{"node": "Shardara HPP", "attribute": "energy", "aggregate": "annual_sum",
                            "target": 537, "unit": "GWh/yr", "source": "SH"}]
    html = render_report(res, doc.model_copy(update={"metadata": meta}), lang="kk")
    assert "Жарияланған деректер бойынша калибрлеу" in html and "ГВт·сағ/жыл" in html  # the unit in Kazakh
    assert "Энергия өндірісі" in html  # and the attribute


def test_report_with_a_border_and_agreement(tmp_path: Path) -> None:
    doc = ModelDocument.model_validate({
        "name": "border-test", "timestepper": {"start": "2021-01-01", "end": "2021-12-01"},
        "metadata": {"agreements": [{"border": "border", "name": "protocol",
                                     "periods": [{"months": [4, 5, 6, 7, 8, 9], "min_flow": "30 m3/s"}]}]},
        "nodes": [{"name": "river", "type": "inflow", "flow": 50, "country": "Uzbekistan"},
                  {"name": "farm", "type": "demand", "demand": 25, "sector": "irrigation"},
                  {"name": "border", "type": "border", "upstream_country": "Uzbekistan",
                   "downstream_country": "Kazakhstan"},
                  {"name": "sea", "type": "terminal"}],
        "edges": [["river", "farm"], ["river", "border"], ["border", "sea"]],
    })
    res = run(doc)
    path = write_report(res, tmp_path / "r.html", doc, lang="ru")
    html = path.read_text(encoding="utf-8")
    assert "Соблюдение соглашений" in html and "protocol" in html and "Узбекистан" in html  # country translated
    assert "Водный баланс" in html


def test_without_document_and_default_language(example: tuple[ModelDocument, Results]) -> None:
    _, res = example
    html = render_report(res)  # the old signature still works
    assert 'lang="en"' in html and "Demands" in html and "Water balance" not in html


def test_scenario_comparison_side_by_side(example: tuple[ModelDocument, Results], reports: dict[str, str]) -> None:
    _, res = example
    html = reports["ru"]
    table = html[html.index('<table class="comparison">'):]
    table = table[:table.index("</table>")]
    assert "<th>Базовый</th><th>Маловодный</th>" in table  # the scenarios' labels
    perf = demand_performance(res)
    for scen in res.scenarios:
        g = perf[perf["scenario"] == scen]
        assert fmt_pct(g["delivered_hm3"].sum() / g["demand_hm3"].sum(), "ru") in table
    assert "Обеспеченность всех водопотребителей" in table


def test_node_labels_in_the_report_language() -> None:
    """Node names in the schematic, tables and figure legends are the document's labels for the language."""
    from arna.api import compile_model, run
    from arna.data.registry import bundled_model_path
    from arna.report.html import render_report
    from arna.schema import load_model

    path = bundled_model_path("lower-syr-darya")
    doc = load_model(path)
    res = run(compile_model(doc, path), ["baseline"])
    kk = render_report(res, doc, "kk", path).replace(escape(doc.description or ""), "")  # prose stays
    assert "Кіші Арал теңізі" in kk and "Түркістан мақтасы" in kk and "Шардара ГЭС" in kk
    assert "Turkistan cotton" not in kk and "Small Aral Sea" not in kk
    en = render_report(res, doc, "en", path)
    assert "Turkistan cotton" in en and "Кіші Арал теңізі" not in en  # no English labels: the names
