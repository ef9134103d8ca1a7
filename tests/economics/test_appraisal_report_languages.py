"""The appraisal report (``arna appraise --report --lang``) in English, Russian and Kazakh: every text of the
report's own is in the reader's language; the model's, the plan's and the catalogue's names by their labels."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from arna.cli.main import main
from arna.data.registry import resolve_model
from arna.economics.basin import BasinAppraisal, appraise_plan
from arna.economics.basin_report import render_appraisal_report
from arna.economics.catalogue import load_catalogue
from arna.economics.i18n import APPRAISAL_TEXT, at
from arna.economics.plan import load_plan, plan_from_data
from arna.economics.portfolio import Candidate, select_greedy, select_optimal
from arna.schema.load import model_from_mapping
from tests.economics.test_basin import TWO_FARMS
from tests.economics.test_views import GRASS, MONEY
from tests.report.test_translations import english_left, visible_text

LABELLED_FARMS: dict[str, Any] = copy.deepcopy(TWO_FARMS) | {
    "labels": {"ru": "Две фермы", "kk": "Екі ферма"},
    "scenarios": [{"name": "baseline", "labels": {"ru": "Базовый", "kk": "Базалық"}}],
}
NODE_LABELS = {"river": ("Река", "Өзен"), "upstream farm": ("Верхняя ферма", "Жоғарғы ферма"),
               "middle reach": ("Средний участок", "Орта бөлік"), "downstream farm": ("Нижняя ферма", "Төменгі ферма"),
               "sea": ("Море", "Теңіз")}
for _node in LABELLED_FARMS["nodes"]:
    _node["labels"] = dict(zip(("ru", "kk"), NODE_LABELS[_node["name"]], strict=True))

PLAN: dict[str, Any] = copy.deepcopy(MONEY) | {
    "name": "farm plan", "labels": {"ru": "План ферм", "kk": "Фермалар жоспары"},
    "description": "Drip upstream", "description_labels": {"ru": "Капельное орошение выше", "kk": "Жоғарыда тамшылату"},
    "measures": [
        {"name": "drip-up", "measure": "drip", "demand": "upstream farm", "irrigated_area_ha": 50000,
         "method": "surface", "labels": {"ru": "Капельное орошение вверху", "kk": "Жоғарыда тамшылатып суару"},
         "source": "S", "estimate": True, "note": "test estimate"},
        {"name": "drip-again", "measure": "drip", "demand": "downstream farm", "irrigated_area_ha": 50000,
         "method": "drip", "labels": {"ru": "Повторная капельная", "kk": "Қайта тамшылату"}}],
}
PLAN["economic"] = {"crops": {"cotton": copy.deepcopy(GRASS)},
                    "demands": {"upstream farm": {"cotton": 1.0}, "downstream farm": {"cotton": 1.0}}}
#: What the plan writes and the report quotes as written: its sources and the measure's note.
WRITTEN = {"S", "test source", "test estimate"}


@pytest.fixture(scope="module")
def appraisal() -> BasinAppraisal:
    doc = model_from_mapping(copy.deepcopy(LABELLED_FARMS), "two-farms.yaml")
    return appraise_plan(doc, plan_from_data(copy.deepcopy(PLAN), "plan.yaml"), plan_source="plan.yaml")


def _portfolios(result: BasinAppraisal) -> list[Any]:
    cands = [Candidate(a.target, a.investment, a.net_saving_m3_per_year, None, a.cost_per_m3_net)
             for a in result.appraisals]
    return [select_greedy(cands, 1e12), select_optimal(cands, 1e12)]


def test_every_text_is_translated() -> None:
    cyrillic = re.compile("[а-яёәіңғүұқөһ]", re.IGNORECASE)
    for key, (en, ru, kk) in APPRAISAL_TEXT.items():
        assert en and cyrillic.search(ru) and cyrillic.search(kk), key
        assert set(re.findall(r"{\w+}", en)) == set(re.findall(r"{\w+}", ru)) == set(re.findall(r"{\w+}", kk)), key


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_russian_and_kazakh_reports_have_no_english_of_their_own(appraisal: BasinAppraisal, lang: str) -> None:
    page = render_appraisal_report(appraisal, _portfolios(appraisal), 1e12, lang)
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert english_left(page, WRITTEN) == []
    ru = lang == "ru"
    expected = (["Водосберегающие мероприятия: План ферм, модель «Две фермы»", "Капельное орошение выше",
                 "Экономия воды и затраты по мероприятиям", "Финансовая и экономическая оценка", "Кривая затрат",
                 "Мероприятия и источники", "Верхняя ферма", "Море (км³/год)", "без мероприятий", "все вместе",
                 "Капельное орошение вверху", "Капельное орошение", "хлопчатник", "тенге", "458,7",
                 "самотёчная подача", "Базовый", "Примечания", "Повторная капельная: водозабор не уменьшился",
                 "[оценка]", "оптимальный (целочисленное программирование)"] if ru else
                ["Су үнемдеу шаралары: Фермалар жоспары, «Екі ферма» моделі", "Жоғарыда тамшылату",
                 "Шаралар бойынша су үнемдеу және шығындар", "Қаржылық және экономикалық бағалау", "Шығындар қисығы",
                 "Шаралар және дереккөздер", "Жоғарғы ферма", "Теңіз (км³/жыл)", "шараларсыз", "барлығы бірге",
                 "Жоғарыда тамшылатып суару", "Тамшылатып суару", "мақта", "теңге", "458,7",
                 "өздігінен ағатын су", "Базалық", "Ескертпелер", "Қайта тамшылату: су алу азайған жоқ",
                 "[бағалау]", "оңтайлы (бүтін санды бағдарламалау)"])
    text = visible_text(page)
    for phrase in expected:
        assert phrase in text, phrase
    headings = [html.unescape(h) for h in re.findall(r"<h[12]>(.*?)</h[12]>", page)]
    assert len(headings) == 8
    for heading in headings:  # every heading is a text of the catalogue, in the language
        assert any(_fills(at(k, lang), heading) for k in APPRAISAL_TEXT), heading


def _fills(template: str, text: str) -> bool:
    """Whether ``text`` is ``template`` with its ``{placeholders}`` filled in."""
    pattern = "".join(".+" if part.startswith("{") else re.escape(part) for part in re.split(r"({\w+})", template))
    return re.fullmatch(pattern, text) is not None


def test_the_english_report_keeps_its_words(appraisal: BasinAppraisal) -> None:
    page = render_appraisal_report(appraisal, _portfolios(appraisal), 1e12)
    for phrase in ("Water-saving measures: farm plan on two-farms", "Outlet inflows with and without the measures",
                   "sea (km³/yr)", "change at sea (hm³/yr)", "without measures", "all together", "Drip irrigation",
                   "tariff &#x27;gravity&#x27; 0.665 KZT/m3", "cotton 5.0 KZT/m3", "8.0%",
                   "drip-again: the withdrawal did not fall", "<b>milp</b>"):
        assert phrase in page, phrase
    assert "Базовый" not in page and "Верхняя" not in page


def test_bundled_plan_and_catalogue_name_everything_in_russian_and_kazakh() -> None:
    plan = load_plan(resolve_model("syr-darya").parent / "concept-2030.yaml")
    cat = load_catalogue(Path(__file__).parents[2] / "src" / "arna" / "data" / "measures" / "catalogue.yaml")
    texts = [("plan.labels", plan.labels), ("plan.description_labels", plan.description_labels)]
    texts += [(f"measures[{i}].labels", m.labels) for i, m in enumerate(plan.measures)]
    texts += [(f"catalogue.measures[{i}].labels", m.labels) for i, m in enumerate(cat.measures)]
    missing = [f"{where}.{lang}" for where, labels in texts for lang in ("ru", "kk") if _lacks(labels, lang)]
    assert missing == []


def _lacks(labels: Mapping[str, str] | None, lang: str) -> bool:
    """Whether ``labels`` has no text in ``lang``, or English in it."""
    text = (labels or {}).get(lang)
    return not text or bool(english_left(text))


def test_cli_writes_the_report_in_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m, p, rep = tmp_path / "m.yaml", tmp_path / "p.yaml", tmp_path / "r.html"
    m.write_text(yaml.safe_dump(copy.deepcopy(LABELLED_FARMS)), encoding="utf-8")
    p.write_text(yaml.safe_dump(copy.deepcopy(PLAN), allow_unicode=True), encoding="utf-8")
    assert main(["appraise", str(m), "--measures", str(p), "--report", str(rep), "--lang", "kk"]) == 0
    page = rep.read_text(encoding="utf-8")
    assert '<html lang="kk">' in page and english_left(page, WRITTEN) == []
    assert "drip-up" in capsys.readouterr().out  # the console stays in English
    assert main(["appraise", str(m), "--measures", str(p), "--report", str(rep), "--lang", "de"]) == 2
    assert "unknown report language 'de'; use one of en, ru, kk" in capsys.readouterr().err
