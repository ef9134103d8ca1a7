"""Indicators of a regional municipal-waste programme, per region and year, in kk/ru/en.

The terminology follows the 2021 Environmental Code (No. 400-VI): «коммуналдық қалдықтар» /
«коммунальные отходы» (municipal waste); the programme is the local executive body's
«программа по управлению коммунальными отходами» (Art. 365; MEGNR order No. 154-p of
18 May 2023 gives its method).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from arna.circular.api import WasteRun
from arna.circular.dataset import NATIONAL
from arna.circular.i18n import check_lang, t
from arna.errors import InputError

Label = tuple[str, str, str]

PROGRAMME: tuple[tuple[str, Label, Label], ...] = (
    ("population", ("Population", "Численность населения", "Халық саны"),
     ("people", "чел.", "адам")),
    ("generated_t", ("Municipal waste generated", "Образовано коммунальных отходов",
                     "Түзілген коммуналдық қалдықтар"), ("t", "т", "т")),
    ("generated_kg_per_person",
     ("Municipal waste generated per person", "Образование коммунальных отходов на душу "
      "населения", "Жан басына шаққандағы коммуналдық қалдықтардың түзілуі"),
     ("kg/yr", "кг/год", "кг/жыл")),
    ("collection_coverage",
     ("Share of municipal waste collected", "Доля собранных коммунальных отходов",
      "Жиналған коммуналдық қалдықтардың үлесі"), ("%", "%", "%")),
    ("collected_t", ("Municipal waste collected", "Собрано коммунальных отходов",
                     "Жиналған коммуналдық қалдықтар"), ("t", "т", "т")),
    ("separately_collected_t",
     ("Collected separately", "Собрано раздельно", "Бөлек жиналған"), ("t", "т", "т")),
    ("kz_processing_share",
     ("Share of municipal waste processed (MEPR method)",
      "Доля переработки коммунальных отходов (методика МЭПР)",
      "Коммуналдық қалдықтарды өңдеу үлесі (ЭТРМ әдістемесі)"), ("%", "%", "%")),
    ("eu_recycling_rate",
     ("Recycling rate (EU method)", "Уровень рециклинга (методика ЕС)",
      "Рециклинг деңгейі (ЕО әдістемесі)"), ("%", "%", "%")),
    ("recycled_t", ("Sent to recycling", "Направлено на переработку (рециклинг)",
                    "Қайта өңдеуге (рециклингке) жіберілген"), ("t", "т", "т")),
    ("landfill_sanitary_t",
     ("Disposed of at compliant landfills", "Захоронено на полигонах, соответствующих "
      "требованиям", "Талаптарға сай полигондарда көмілген"), ("t", "т", "т")),
    ("landfill_noncompliant_t",
     ("Disposed of at non-compliant landfills", "Захоронено на полигонах, не соответствующих "
      "требованиям", "Талаптарға сай емес полигондарда көмілген"), ("t", "т", "т")),
    ("landfill_years_left",
     ("Landfill capacity left", "Остаток вместимости полигонов", "Полигондардың қалған сыйымдылығы"),
     ("years", "лет", "жыл")),
    ("dump_stock_t",
     ("Waste in unauthorised dumps", "Отходы на несанкционированных свалках",
      "Рұқсат етілмеген үйінділердегі қалдықтар"), ("t", "т", "т")),
    ("dump_cleared_t",
     ("Unauthorised dumps cleared", "Ликвидировано несанкционированных свалок",
      "Жойылған рұқсат етілмеген үйінділер"), ("t", "т", "т")),
    ("tariff_kzt_person_month",
     ("Household tariff", "Тариф для населения", "Халық үшін тариф"),
     ("KZT/person/month", "тенге/чел. в мес.", "теңге/адам/ай")),
    ("full_cost_tariff_kzt_person_month",
     ("Tariff that would cover the cost", "Тариф, покрывающий затраты",
      "Шығындарды өтейтін тариф"), ("KZT/person/month", "тенге/чел. в мес.", "теңге/адам/ай")),
    ("cost_kzt", ("Cost of municipal waste management", "Затраты на управление коммунальными "
                  "отходами", "Коммуналдық қалдықтарды басқару шығындары"),
     ("KZT", "тенге", "теңге")),
    ("cost_recovery", ("Cost recovered by tariffs", "Покрытие затрат тарифами",
                       "Шығындардың тарифтермен өтелуі"), ("%", "%", "%")),
    ("epr_payouts_received_kzt",
     ("EPR operator payouts", "Выплаты оператора РОП", "ӨКМ операторының төлемдері"),
     ("KZT", "тенге", "теңге")),
    ("budget_gap_kzt", ("Gap left to the budget", "Дефицит, покрываемый бюджетом",
                        "Бюджеттен жабылатын тапшылық"), ("KZT", "тенге", "теңге")),
    ("wte_electricity_mwh",
     ("Energy recovery: electricity", "Энергетическая утилизация: электроэнергия",
      "Энергетикалық кәдеге жарату: электр энергиясы"), ("MWh", "МВт·ч", "МВт·сағ")),
    ("wte_heat_sold_gcal",
     ("Energy recovery: heat supplied to district heating",
      "Энергетическая утилизация: тепло, отпущенное в теплосеть",
      "Энергетикалық кәдеге жарату: жылу желісіне берілген жылу"), ("Gcal", "Гкал", "Гкал")),
    ("landfill_ch4_tco2e", ("Landfill methane emissions", "Выбросы метана с полигонов",
                            "Полигондардан метан шығарындылары"),
     ("t CO2e", "т CO2-экв.", "т CO2-экв.")),
)
"""(indicator, label en/ru/kk, unit en/ru/kk) of the programme table, in order."""

_PERCENT = frozenset({"collection_coverage", "kz_processing_share", "eu_recycling_rate",
                      "cost_recovery"})


def _values(run: WasteRun, code: str, region: str) -> pd.Series:
    return run.series(code, region)


def programme_table(
    run: WasteRun,
    lang: str = "en",
    regions: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """The programme indicators as a long table.

    Columns: ``region, region_name, year, code, indicator, value, unit`` (shares in %).

    Raises
    ------
    InputError
        Unknown language, region or year (naming the known ones).
    """
    i = check_lang(lang)
    ds = run.built.dataset
    names = {r.code: (r.name_en, r.name_ru, r.name_kk)[i] for r in ds.regions}
    names[NATIONAL] = t("national", lang)
    wanted = list(regions) if regions else [*ds.region_codes, NATIONAL]
    unknown = [r for r in wanted if r not in names]
    if unknown:
        raise InputError(f"--region: unknown region(s) {', '.join(unknown)} (codes of "
                         f"regions.csv, or KZ); known: {', '.join(names)}")
    all_years = [int(y) for y in ds.years]
    wanted_years = list(years) if years else all_years
    bad = [y for y in wanted_years if y not in all_years]
    if bad:
        raise InputError(f"--year: year(s) {bad} outside the model horizon "
                         f"{all_years[0]}-{all_years[-1]}")
    rows = []
    for region in wanted:
        for code, label, unit in PROGRAMME:
            series = _values(run, code, region)
            scale = 100.0 if code in _PERCENT else 1.0
            for year in wanted_years:
                value = float(series.get(year, np.nan)) * scale
                rows.append({"region": region, "region_name": names[region], "year": year,
                             "code": code, "indicator": label[i], "value": value,
                             "unit": unit[i]})
    return pd.DataFrame(rows)
