"""The dashboard's vocabulary (the report's terms merged with ``dashboard/i18n.json``) is Russian and Kazakh
in Cyrillic, with the terminology of the reports."""

from __future__ import annotations

import re

from arna.service.routers.dashboard import translations
from tests.report.test_translations import english_left

#: Latin words a Russian or Kazakh label may keep: file formats, the API, the command that prints the first
#: token (``arna serve``) and the prefix of a token (``arna_…``), the chart library's name, Ctrl (a key).
TECHNICAL = frozenset({"API", "PNG", "JSON", "YAML", "plotly.js", "arna", "serve", "Ctrl"})
CYRILLIC = re.compile("[а-яёәіңғүұқөһ]", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{\w+\}")


def test_russian_and_kazakh_labels_are_cyrillic() -> None:
    vocabulary = translations()
    problems = []
    for lang in ("ru", "kk"):
        for key, text in vocabulary[lang].items():
            bare = PLACEHOLDER.sub("", text)
            if not CYRILLIC.search(bare) and bare.strip(" ()") and key != "unit_pp":
                problems.append(f"{lang}.{key}: no Cyrillic in {text!r}")
            latin = [w for w in english_left(bare) if w not in TECHNICAL]
            if latin:
                problems.append(f"{lang}.{key}: {latin} in {text!r}")
    assert problems == []


def test_kazakh_terminology() -> None:
    """Water stress (SDG 6.4.2) is «су күйзелісі», a deficit «тапшылық»; a discharge «су өтімі», losses
    «ысырап»; an aquifer «сулы горизонт»; no Russian «Лет»/«Периодов» as headers."""
    kk, ru = translations()["kk"], translations()["ru"]
    assert "су күйзелісі" in kk["stress"].lower() and "күйзеліс" in kk["cmp_stress"]
    assert "тапшылық" in kk["fig_deficit"].lower() and "күйзеліс" not in kk["fig_deficit"]
    assert kk["attr_flow"] == "Су өтімі" and "ысырап" in kk["conveyance_loss"].lower()
    assert kk["kind_groundwater"] == "сулы горизонт" and "Сулы горизонт" in kk["overflow"]
    assert not [k for k, v in kk.items() if "шығын" in v.lower() or "су қабат" in v.lower()]
    assert ru["years"].startswith("Число") and ru["periods"] == "Число периодов"
    assert not [k for k, v in ru.items() if re.match(r"(Лет|Периодов|Шагов)\b", v)]
