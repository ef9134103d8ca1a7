"""Texts of the waste report in English, Russian and Kazakh (Cyrillic); formatting is :mod:`arna.i18n`."""

from __future__ import annotations

from arna.i18n import LANGS, NBSP, check_lang, fmt_number, fmt_pct

__all__ = ["COMPARED", "LANGS", "NBSP", "TEXT", "check_lang", "fmt_number", "fmt_pct", "t", "tr"]

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
    "regions": ("Regions: published figures beside the model",
                "Регионы: опубликованные данные и модель",
                "Өңірлер: жарияланған деректер және модель"),
    "regions_note": ("Shares within ±3 pp, tonnes within ±15%. 'calibration': used by the "
                     "calibration; 'check': not used, a genuine test. A conflict means sources for "
                     "the same region disagree (e.g. Almaty's reported 7.3% against about 400 kt "
                     "sorted). Source keys: SOURCES.md.",
                     "Доли — в пределах ±3 п.п., тонны — ±15%. «калибровка» — использовано при "
                     "калибровке; «проверка» — не использовано. Конфликт означает расхождение "
                     "источников по одному региону (например, 7,3% Алматы и около 400 тыс. т "
                     "сортировки). Ключи источников: SOURCES.md.",
                     "Үлестер ±3 п.т., тонналар ±15% шегінде. «калибрлеу» — калибрлеуде "
                     "қолданылған; «тексеру» — қолданылмаған. Қайшылық бір өңір бойынша "
                     "дереккөздердің сәйкес келмеуін білдіреді (мысалы, Алматының 7,3%-ы және "
                     "шамамен 400 мың т сұрыпталған қалдық). Дереккөз кілттері: SOURCES.md."),
    "region": ("Region", "Регион", "Өңір"),
    "indicator": ("Indicator", "Показатель", "Көрсеткіш"),
    "published": ("Published", "Опубликовано", "Жарияланған"),
    "role": ("Role", "Роль", "Рөлі"),
    "status": ("Status", "Статус", "Күйі"),
    "note": ("Note", "Примечание", "Ескерту"),
    "programme": ("Regional programme indicators for municipal waste ({year}, {scenario})",
                  "Показатели региональных программ по управлению коммунальными отходами "
                  "({year} г., {scenario})",
                  "Коммуналдық қалдықтарды басқарудың өңірлік бағдарламаларының "
                  "көрсеткіштері ({year} ж., {scenario})"),
    "programme_note": ("Costs in 2025 prices; unit costs, rural tariffs outside the cited "
                       "districts and landfill capacity are estimates (SOURCES.md). "
                       "`arna waste akimat` writes the full table per region and year.",
                       "Затраты в ценах 2025 г.; удельные затраты, сельские тарифы вне "
                       "указанных районов и вместимость полигонов — оценки (SOURCES.md). "
                       "Полная таблица по регионам и годам: `arna waste akimat`.",
                       "Шығындар 2025 жылғы бағамен; үлестік шығындар, көрсетілген "
                       "аудандардан тыс ауылдық тарифтер және полигон сыйымдылығы — бағалау "
                       "(SOURCES.md). Толық кесте: `arna waste akimat`."),
    "epr_books": ("EPR as the operator keeps it ({year}, {scenario})",
                  "РОП так, как ведёт учёт оператор ({year} г., {scenario})",
                  "ӨКМ: оператордың есебі бойынша ({year} ж., {scenario})"),
    "epr_books_note": ("The operator published January-November 2025; the model's year is "
                       "scaled by 11/12. Fees follow the published orders (packaging K from "
                       "Order No. 122, vehicle coefficients from the 2022 order); product "
                       "numbers and mixes are estimates, not fitted to revenue.",
                       "Оператор опубликовал данные за январь–ноябрь 2025 г.; годовое значение "
                       "модели умножено на 11/12. Ставки — по опубликованным приказам "
                       "(K упаковки — приказ № 122, коэффициенты для транспорта — приказ "
                       "2022 г.); объёмы и структура продукции — оценки, не подогнанные под "
                       "поступления.",
                       "Оператор 2025 жылғы қаңтар–қарашаның деректерін жариялады; модельдің "
                       "жылдық мәні 11/12-ге көбейтілді. Мөлшерлемелер жарияланған бұйрықтар "
                       "бойынша; өнім көлемі мен құрылымы — бағалау, түсімге сәйкестендірілмеген."),
    "account": ("Product group", "Группа продукции", "Өнім тобы"),
    "fee": ("Fees, bn KZT", "Поступления, млрд тенге", "Түсімдер, млрд теңге"),
    "refunds": ("Refunds, bn KZT", "Возвраты, млрд тенге", "Қайтарымдар, млрд теңге"),
    "payouts": ("Payouts, bn KZT", "Выплаты, млрд тенге", "Төлемдер, млрд теңге"),
    "placed": ("Placed on the market", "Выпущено на рынок", "Нарыққа шығарылған"),
    "modelled_jan_nov": ("Model, Jan-Nov, bn KZT", "Модель, янв.–нояб., млрд тенге",
                         "Модель, қаңтар–қараша, млрд теңге"),
    "published_jan_nov": ("Operator, Jan-Nov, bn KZT", "Оператор, янв.–нояб., млрд тенге",
                          "Оператор, қаңтар–қараша, млрд теңге"),
    "difference": ("Difference", "Разница", "Айырма"),
    "fund": ("EPR fund by year, bn KZT", "Фонд РОП по годам, млрд тенге",
             "ӨКМ қоры жылдар бойынша, млрд теңге"),
    "opening": ("Opening", "На начало", "Басында"),
    "closing": ("Closing", "На конец", "Соңында"),
    "lending": ("Project lending", "Займы проектам", "Жобаларға қарыз"),
    "other": ("Other spending", "Прочие расходы", "Басқа шығыстар"),
    "revenue": ("Revenue", "Поступления", "Түсімдер"),
    "fee_change": ("Fee change: revenue and the recycling the fee could pay for ({year})",
                   "Изменение ставок: поступления и переработка, которую они могут оплатить "
                   "({year} г.)",
                   "Мөлшерлемені өзгерту: түсімдер және олар төлей алатын қайта өңдеу "
                   "({year} ж.)"),
    "fee_change_note": ("Fundable recycling = packaging fee / (payout per tonne x MCI): the "
                        "tonnes the fee could pay the published payouts for, beside the tonnes "
                        "recycled. `epr-fee` makes the packaging fee cost-covering and graded "
                        "by recyclability from 2027.",
                        "Оплачиваемая переработка = сбор за упаковку / (выплата за тонну × МРП): "
                        "сколько тонн сбор может оплатить по опубликованным ставкам выплат, "
                        "рядом с переработанными тоннами. Сценарий `epr-fee` делает ставку "
                        "покрывающей затраты и зависящей от перерабатываемости с 2027 г.",
                        "Төленетін қайта өңдеу = қаптама алымы / (тоннаға төлем × АЕК): алым "
                        "жарияланған төлем мөлшерлемелерімен неше тоннаны төлей алады, қайта "
                        "өңделген тонналармен қатар. `epr-fee` сценарийі 2027 жылдан бастап "
                        "мөлшерлемені шығындарды өтейтін және қайта өңделуіне қарай сараланған "
                        "етеді."),
    "fundable": ("Fundable recycling, t", "Оплачиваемая переработка, т",
                 "Төленетін қайта өңдеу, т"),
    "recycled_t": ("Recycled, t", "Переработано, т", "Қайта өңделген, т"),
    "packaging_revenue": ("Packaging fees, bn KZT", "Сборы за упаковку, млрд тенге",
                          "Қаптама алымдары, млрд теңге"),
    "total_revenue": ("All EPR fees, bn KZT", "Все поступления РОП, млрд тенге",
                      "ӨКМ барлық түсімдері, млрд теңге"),
    "wte_heat_sold_gcal": ("WtE heat sold to district heating, Gcal",
                           "Тепло WtE, отпущенное в теплосеть, Гкал",
                           "WtE жылу желісіне берген жылу, Гкал"),
    "wte_revenue_kzt": ("WtE revenue (gate fees, electricity, heat), KZT",
                        "Выручка WtE (плата за приём, электроэнергия, тепло), тенге",
                        "WtE түсімі (қабылдау ақысы, электр, жылу), теңге"),
    "wte_ch4_avoided_tco2e": ("Landfill methane avoided by WtE, t CO2e",
                              "Метан полигонов, предотвращённый WtE, т CO2-экв",
                              "WtE арқылы болдырылмаған полигон метаны, т CO2-экв"),
    "cost_kzt": ("Cost of municipal waste management, KZT",
                 "Затраты на управление коммунальными отходами, тенге",
                 "Коммуналдық қалдықтарды басқару шығындары, теңге"),
    "cost_recovery": ("Cost recovered by household tariffs",
                      "Покрытие затрат тарифами для населения",
                      "Шығындардың халық тарифтерімен өтелуі"),
    "epr_revenue_kzt": ("All EPR fees (incl. vehicles), KZT",
                        "Все поступления РОП (включая транспорт), тенге",
                        "ӨКМ барлық түсімдері (көлікті қоса), теңге"),
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


COMPARED: dict[str, tuple[str, str, str]] = {
    "kz_processing_share": ("Processing share", "Доля переработки", "Өңдеу үлесі"),
    "sorted_t": ("Sorted, t", "Отсортировано, т", "Сұрыпталған, т"),
    "collected_t": ("Collected, t", "Собрано, т", "Жиналған, т"),
    "landfilled_t": ("Landfilled, t", "Захоронено, т", "Көмілген, т"),
    "coverage": ("Residents served by collection", "Охват жителей услугами сбора",
                 "Тұрғындарды жинау қызметімен қамту"),
    "tariff_kzt_person_month": ("Household tariff, KZT/person/month",
                                "Тариф для населения, тенге/чел. в мес.",
                                "Халық үшін тариф, теңге/адам/ай"),
    "anchor": ("calibration", "калибровка", "калибрлеу"),
    "check": ("check", "проверка", "тексеру"),
    "ok": ("ok", "согласуется", "сәйкес"),
    "conflict": ("conflict", "конфликт", "қайшылық"),
    "epr_revenue_kzt": ("All fees", "Все поступления", "Барлық түсімдер"),
    "epr_revenue_kzt.vehicle_producers": (
        "from producers of vehicles, farm machinery, autocomponents",
        "от производителей транспорта, сельхозтехники, автокомпонентов",
        "көлік, ауыл шаруашылығы техникасы, автокомпоненттер өндірушілерінен"),
    "epr_revenue_kzt.importers": ("from importers", "от импортёров", "импорттаушылардан"),
    "epr_refunds_kzt": ("Refunds to domestic producers", "Возвраты отечественным производителям",
                        "Отандық өндірушілерге қайтарым"),
    "epr_payouts_kzt": ("Payouts for collection and recycling", "Выплаты за сбор и переработку",
                        "Жинау және қайта өңдеу үшін төлемдер"),
    "cars_new": ("New cars", "Новые легковые автомобили", "Жаңа жеңіл автомобильдер"),
    "cars_used_imported": ("Used cars imported", "Ввезённые подержанные автомобили",
                           "Әкелінген пайдаланылған автомобильдер"),
    "trucks_buses": ("Trucks and buses", "Грузовики и автобусы", "Жүк көліктері мен автобустар"),
    "farm_machinery": ("Farm machinery", "Сельхозтехника", "Ауыл шаруашылығы техникасы"),
    "tyres": ("Tyres", "Шины", "Шиналар"),
    "batteries": ("Batteries", "Аккумуляторы", "Аккумуляторлар"),
    "electronics": ("Electrical and electronic equipment", "Электрическое и электронное "
                    "оборудование", "Электр және электрондық жабдық"),
    "plastic": ("Plastic packaging", "Полимерная упаковка", "Полимер қаптама"),
    "paper": ("Paper and cardboard packaging", "Бумажная и картонная упаковка",
              "Қағаз және картон қаптама"),
    "glass": ("Glass packaging", "Стеклянная упаковка", "Шыны қаптама"),
    "metal": ("Metal packaging", "Металлическая упаковка", "Металл қаптама"),
    "combined": ("Combined packaging", "Комбинированная упаковка", "Құрама қаптама"),
    "t": ("t", "т", "т"),
}
"""Names of compared indicators, roles, statuses and EPR product groups in the report."""


def tr(key: str, lang: str) -> str:
    """``key`` from :data:`COMPARED` in ``lang``, or ``key`` itself if it has no translation."""
    labels = COMPARED.get(key)
    return labels[check_lang(lang)] if labels else key


def t(key: str, lang: str, table: dict[str, tuple[str, str, str]] = TEXT) -> str:
    """The text ``key`` in ``lang``."""
    return table[key][check_lang(lang)]
