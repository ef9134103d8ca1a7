"""Texts of the waste report in English, Russian and Kazakh (Cyrillic); formatting is :mod:`arna.i18n`."""

from __future__ import annotations

from arna.i18n import LANGS, NBSP, check_lang, fmt_number, fmt_pct

__all__ = ["LANGS", "NBSP", "TEXT", "check_lang", "fmt_number", "fmt_pct", "t"]

TEXT: dict[str, tuple[str, str, str]] = {
    "title": ("Municipal solid waste in Kazakhstan: circular-economy report",
              "Твёрдые коммунальные отходы Казахстана: отчёт по циркулярной экономике",
              "Қазақстанның қатты тұрмыстық қалдықтары: циркулярлық экономика есебі"),
    "intro": ("Material-flow model of municipal solid waste by region, year and material. "
              "Every figure in the dataset cites a source key; estimates are flagged (SOURCES.md).",
              "Модель материальных потоков ТКО по регионам, годам и материалам. Каждая цифра "
              "набора данных ссылается на источник; оценки помечены (SOURCES.md).",
              "ҚТҚ материалдық ағындарының өңірлер, жылдар және материалдар бойынша моделі. "
              "Деректер жиынындағы әрбір сан дереккөзге сілтейді; бағалаулар белгіленген "
              "(SOURCES.md)."),
    "definitions": ("Two definitions side by side", "Два определения рядом",
                    "Екі анықтама қатар"),
    "kz_share": ("Kazakh processing share (MEPR)", "Доля переработки (методика МЭПР РК)",
                 "Өңдеу үлесі (ЭТРМ әдістемесі)"),
    "eu_rate": ("EU recycling rate (WFD Art. 11a, 2019/1004)",
                "Уровень рециклинга ЕС (ст. 11a РДО, 2019/1004)",
                "ЕО рециклинг деңгейі (ҚНД 11a-бап, 2019/1004)"),
    "numerator": ("Numerator", "Числитель", "Алым"),
    "denominator": ("Denominator", "Знаменатель", "Бөлім"),
    "kz_num": ("Waste that passed a sorting line or processing plant, plus composting and WtE",
               "Отходы, прошедшие сортировочную линию или перерабатывающий завод, а также "
               "компостирование и сжигание с получением энергии",
               "Сұрыптау желісінен немесе өңдеу зауытынан өткен қалдықтар, сондай-ақ компосттау "
               "және энергия алу арқылы жағу"),
    "kz_den": ("Waste collected", "Собранные отходы", "Жиналған қалдықтар"),
    "eu_num": ("Waste entering the recycling operation (after sorting losses), separately "
               "collected bio-waste entering composting/digestion, metals from bottom ash",
               "Отходы на входе в операцию рециклинга (после потерь при сортировке), раздельно "
               "собранные биоотходы на компостировании/сбраживании, металлы из шлака",
               "Сұрыптау кезіндегі ысыраптан кейін рециклинг операциясына түскен қалдықтар, компосттауға "
               "түскен бөлек жиналған биоқалдықтар, күл-қождан алынған металдар"),
    "eu_den": ("All municipal waste generated, including waste not collected",
               "Все образованные коммунальные отходы, включая несобранные",
               "Барлық түзілген коммуналдық қалдықтар, жиналмағандарын қоса"),
    "value_in": ("Value in", "Значение в", "Мәні,"),
    "calibration": ("Calibration: observed vs modelled national processing share",
                    "Калибровка: наблюдаемая и модельная национальная доля переработки",
                    "Калибрлеу: бақыланған және модельдік ұлттық өңдеу үлесі"),
    "calibration_note": ("Error bars: stated uncertainty. Sorting capacity is calibrated at "
                         "2016, 2018, 2022, 2024 and 2025 only; the other years are checks.",
                         "Планки погрешностей: заявленная неопределённость. Мощность сортировки "
                         "калибрована только по 2016, 2018, 2022, 2024 и 2025 гг.; остальные "
                         "годы — проверка.",
                         "Қате белгілері: көрсетілген белгісіздік. Сұрыптау қуаты тек 2016, "
                         "2018, 2022, 2024 және 2025 жылдар бойынша калибрленген; қалған "
                         "жылдар — тексеру."),
    "year": ("Year", "Год", "Жыл"),
    "observed": ("Observed", "Наблюдение", "Бақылау"),
    "modelled": ("Modelled", "Модель", "Модель"),
    "uncertainty": ("Uncertainty", "Неопределённость", "Белгісіздік"),
    "source": ("Source", "Источник", "Дереккөз"),
    "sankey": ("National flows in {year}, scenario {scenario} (kt)",
               "Национальные потоки в {year} г., сценарий {scenario} (тыс. т)",
               "{year} жылғы ұлттық ағындар, {scenario} сценарийі (мың т)"),
    "trajectories": ("Trajectories vs targets, by region",
                     "Траектории и целевые показатели по регионам",
                     "Өңірлер бойынша траекториялар және мақсаттар"),
    "targets": ("Which year each scenario reaches the targets",
                "В каком году сценарий достигает целей",
                "Сценарий мақсаттарға қай жылы жетеді"),
    "scenario": ("Scenario", "Сценарий", "Сценарий"),
    "pp": ("pp", "п.п.", "п.т."),
    "gap_kz_2030": ("Gap to 40% in 2030, pp", "Отставание от 40% в 2030 г., п.п.",
                    "2030 жылы 40%-ға дейінгі алшақтық, п.т."),
    "gap_eu_2030": ("Gap to EU 60% in 2030, pp", "Отставание от 60% ЕС в 2030 г., п.п.",
                    "2030 жылы ЕО 60%-ға дейінгі алшақтық, п.т."),
    "never": ("not reached", "не достигается", "жетпейді"),
    "summary": ("Scenario indicators in {year}", "Показатели сценариев в {year} г.",
                "{year} жылғы сценарий көрсеткіштері"),
    "packaging": ("Packaging recycling by material vs EU targets ({year})",
                  "Переработка упаковки по материалам и цели ЕС ({year})",
                  "Қаптаманы материалдар бойынша қайта өңдеу және ЕО мақсаттары ({year})"),
    "eu_2025": ("EU 2025", "ЕС 2025", "ЕО 2025"),
    "eu_2030": ("EU 2030", "ЕС 2030", "ЕО 2030"),
    "landfill_share": ("Landfill share (EU cap 10% by 2035)",
                       "Доля захоронения (предел ЕС 10% к 2035 г.)",
                       "Көму үлесі (ЕО шегі 2035 жылға қарай 10%)"),
    "wte_electricity_mwh": ("WtE electricity, MWh", "Электроэнергия WtE, МВт·ч",
                            "WtE электр энергиясы, МВт·сағ"),
    "wte_capacity_factor": ("WtE capacity factor", "КИУМ WtE",
                            "WtE қуатын пайдалану коэффициенті"),
    "landfill_ch4_tco2e": ("Landfill methane, t CO2e", "Метан полигонов, т CO2-экв",
                           "Полигон метаны, т CO2-экв"),
    "wte_fossil_co2_t": ("WtE fossil CO2, t", "Ископаемый CO2 от WtE, т", "WtE қазба CO2, т"),
    "ghg_net_tco2e": ("Net GHG balance, t CO2e", "Чистый баланс ПГ, т CO2-экв",
                      "Таза ПГ балансы, т CO2-экв"),
    "epr_fee_kzt": ("EPR fee revenue, KZT", "Поступления РОП, тенге", "ӨКМ түсімдері, теңге"),
    "epr_payout_kzt": ("EPR payouts, KZT", "Выплаты РОП, тенге", "ӨКМ төлемдері, теңге"),
    "generated_t": ("MSW generated, t", "Образовано ТКО, т", "Түзілген ҚТҚ, т"),
    "total": ("All packaging", "Вся упаковка", "Барлық қаптама"),
    "national": ("Kazakhstan", "Казахстан", "Қазақстан"),
    "kz_target": ("Kazakh target 40% (2030)", "Цель РК 40% (2030)", "ҚР мақсаты 40% (2030)"),
    "eu_target": ("EU target 60% (2030)", "Цель ЕС 60% (2030)", "ЕО мақсаты 60% (2030)"),
    "footer": ("Generated by Arna (Apache-2.0). Offline, self-contained file.",
               "Создано Arna (Apache-2.0). Автономный файл без внешних ресурсов.",
               "Arna (Apache-2.0) жасаған. Сыртқы ресурстарсыз дербес файл."),
}

NODE: dict[str, tuple[str, str, str]] = {
    "generated": ("Generated", "Образовано", "Түзілген"),
    "uncollected": ("Not collected (dumped)", "Не собрано (свалки)", "Жиналмаған (үйінділер)"),
    "collected": ("Collected", "Собрано", "Жиналған"),
    "separate": ("Separate collection", "Раздельный сбор", "Бөлек жинау"),
    "bio": ("Separate bio-waste", "Раздельные биоотходы", "Бөлек биоқалдықтар"),
    "mixed": ("Mixed collection", "Смешанный сбор", "Аралас жинау"),
    "sorting": ("Sorting / MBT", "Сортировка / МБО", "Сұрыптау / МБӨ"),
    "composting": ("Composting / AD", "Компостирование / АС", "Компосттау / АА"),
    "recycler": ("Recyclers", "Переработчики", "Қайта өңдеушілер"),
    "residual": ("Residues", "Остатки", "Қалдық ағын"),
    "recycled": ("Recycled", "Переработано", "Қайта өңделген"),
    "compost": ("Compost / digestate", "Компост / дигестат", "Компост / дигестат"),
    "wte": ("Waste-to-energy", "Сжигание с энергией", "Қалдықтан энергия"),
    "sanitary": ("Sanitary landfill", "Санитарный полигон", "Санитарлық полигон"),
    "noncompliant": ("Non-compliant landfill", "Несоответствующий полигон",
                     "Талапқа сай емес полигон"),
    "air": ("To air", "В атмосферу", "Атмосфераға"),
    "ash": ("Bottom ash", "Шлак", "Күл-қож"),
    "metals": ("Metals from ash", "Металлы из шлака", "Күлден металдар"),
}

MATERIAL_NAME: dict[str, tuple[str, str, str]] = {
    "plastics": ("Plastics", "Пластик", "Пластик"),
    "paper": ("Paper", "Бумага", "Қағаз"),
    "glass": ("Glass", "Стекло", "Шыны"),
    "ferrous": ("Ferrous metals", "Чёрные металлы", "Қара металдар"),
    "aluminium": ("Aluminium", "Алюминий", "Алюминий"),
    "wood": ("Wood", "Древесина", "Ағаш"),
}


def t(key: str, lang: str, table: dict[str, tuple[str, str, str]] = TEXT) -> str:
    """The text ``key`` in ``lang``."""
    return table[key][check_lang(lang)]
