"""Texts of the water report in English, Russian and Kazakh (Cyrillic).

Every label is a key of :data:`TEXT` with its three translations (en, ru, kk); numbers and dates
are formatted by :mod:`arna.i18n`.
"""

from __future__ import annotations

from arna.i18n import (
    LANGS,
    MONTHS,
    MONTHS_GENITIVE_RU,
    NBSP,
    check_lang,
    fmt_auto,
    fmt_date,
    fmt_month,
    fmt_number,
    fmt_pct,
)

__all__ = ["LANGS", "MONTHS", "MONTHS_GENITIVE_RU", "NBSP", "TEXT", "check_lang", "fmt_auto", "fmt_date",
           "fmt_month", "fmt_number", "fmt_pct", "t", "unit_text"]

TEXT: dict[str, tuple[str, str, str]] = {
    # headings
    "title": ("Water allocation report", "Отчёт о распределении воды", "Суды бөлу есебі"),
    "summary": ("Run", "Расчёт", "Есептеу"),
    "network": ("Network schematic", "Схема водохозяйственной сети", "Су шаруашылығы желісінің сызбасы"),
    "comparison": ("Scenario comparison", "Сравнение сценариев", "Сценарийлерді салыстыру"),
    "performance": ("Demands: coverage, reliability, resilience and vulnerability",
                    "Водопотребители: обеспеченность, надёжность, восстанавливаемость и уязвимость",
                    "Су тұтынушылар: қамтамасыз етілу, сенімділік, қалпына келу және осалдық"),
    "eflows": ("Environmental flow compliance", "Соблюдение экологических попусков",
               "Экологиялық ағындардың сақталуы"),
    "terminals": ("Terminal lakes: inflow against target", "Конечные водоёмы: приток и целевой объём",
                  "Соңғы су айдындары: келетін су және мақсатты көлем"),
    "energy": ("Hydropower energy by season", "Выработка гидроэлектроэнергии по сезонам",
               "Маусымдар бойынша гидроэнергия өндірісі"),
    "transboundary": ("Transboundary flows and agreements", "Трансграничный сток и соглашения",
                      "Трансшекаралық ағын және келісімдер"),
    "border_flows": ("Flow across borders by year", "Сток через границы по годам",
                     "Шекаралар арқылы ағын, жылдар бойынша"),
    "agreements": ("Compliance with agreements", "Соблюдение соглашений", "Келісімдердің сақталуы"),
    "origin": ("Where the inflow is formed", "Где формируется приток", "Келетін су қайда қалыптасады"),
    "balance": ("Water balance", "Водный баланс", "Су балансы"),
    "stress": ("SDG 6.4.2: level of water stress", "ЦУР 6.4.2: уровень водного стресса",
               "ТДМ 6.4.2: су күйзелісінің деңгейі"),
    "calibration": ("Calibration against cited figures", "Калибровка по опубликованным данным",
                    "Жарияланған деректер бойынша калибрлеу"),
    "figures": ("Time series", "Временные ряды", "Уақыттық қатарлар"),
    "fig_volume": ("Storage volume", "Объём воды в водохранилищах", "Су қоймаларындағы су көлемі"),
    "fig_inflow": ("Inflows", "Притоки", "Келетін ағындар"),
    "fig_deficit": ("Deficits at demands", "Дефицит у водопотребителей", "Су тұтынушылардағы тапшылық"),
    "fig_outlets": ("Flows at outlets, borders and environmental-flow points",
                    "Расходы в замыкающих створах, на границах и в точках экологических попусков",
                    "Соңғы тұстамалардағы, шекаралардағы және экологиялық ағын нүктелеріндегі су өтімі"),
    "fig_energy": ("Hydropower energy per timestep", "Выработка ГЭС за шаг времени",
                   "ГЭС өндірісі, уақыт қадамы бойынша"),
    "unit_hm3": ("hm³", "млн м³", "млн м³"),
    "unit_m3s": ("m³/s", "м³/с", "м³/с"),
    "unit_gwh": ("GWh", "ГВт·ч", "ГВт·сағ"),
    "unit_km3": ("km³", "км³", "км³"),
    "unit_km3_yr": ("km³/yr", "км³/год", "км³/жыл"),
    "unit_hm3_yr": ("hm³/yr", "млн м³/год", "млн м³/жыл"),
    "unit_hm3_month": ("hm³/month", "млн м³/мес.", "млн м³/ай"),
    "unit_gwh_yr": ("GWh/yr", "ГВт·ч/год", "ГВт·сағ/жыл"),
    "unit_mw": ("MW", "МВт", "МВт"),
    "unit_fraction": ("fraction", "доля", "үлес"),
    "unit_twh_yr": ("TWh/yr", "ТВт·ч/год", "ТВт·сағ/жыл"),
    "unit_m": ("m", "м", "м"),
    "unit_km2": ("km²", "км²", "км²"),
    # the model, its scenarios and agreements, year by year
    "scenario_list": ("Scenarios", "Сценарии", "Сценарийлер"),
    "description": ("Description", "Описание", "Сипаттама"),
    "per_year": ("Year by year", "По годам", "Жылдар бойынша"),
    "per_year_note": ("Totals of each calendar year, one column per scenario; a year the run covers only in part "
                      "is not a whole year.",
                      "Итоги каждого календарного года, по столбцу на сценарий; год, который расчёт охватывает "
                      "лишь частично, не является полным.",
                      "Әр күнтізбелік жылдың қорытындысы, әр сценарийге бір баған; есептеу ішінара ғана "
                      "қамтитын жыл толық жыл емес."),
    "year_deficit": ("Deficit at all demands, hm³ per year", "Дефицит у всех водопотребителей, млн м³ за год",
                     "Барлық су тұтынушылардағы тапшылық, жылына млн м³"),
    "year_terminal": ("Inflow to terminal lakes, km³ per year", "Приток в конечные водоёмы, км³ за год",
                      "Соңғы су айдындарына келетін су, жылына км³"),
    "year_energy": ("Hydropower energy of all plants, GWh per year", "Выработка всех ГЭС, ГВт·ч за год",
                    "Барлық ГЭС өндірісі, жылына ГВт·сағ"),
    "means_note": ("Volumes are means per year of the run; events and timesteps are counted over the whole run.",
                   "Объёмы — среднегодовые за период расчёта; эпизоды и шаги времени считаются за весь период.",
                   "Көлемдер — есептеу кезеңіндегі жылдық орташа мәндер; кезеңдер мен уақыт қадамдары бүкіл "
                   "кезең бойынша саналады."),
    "agreement_n": ("Agreement {n}", "Соглашение {n}", "{n}-келісім"),
    "agreement_periods": ("Agreement periods", "Периоды соглашений", "Келісім кезеңдері"),
    "period": ("Period", "Период", "Кезең"),
    "months": ("Months", "Месяцы", "Айлар"),
    "minimum": ("Agreed minimum", "Согласованный минимум", "Келісілген ең аз мөлшер"),
    "whole_year": ("whole year", "весь год", "жыл бойы"),
    # sentences
    "none": ("None in this model.", "В модели нет.", "Модельде жоқ."),
    "meta": ("{n} timesteps from {start} to {end}; scenarios: {scenarios}; largest water-balance error "
             "{error}; Arna {version}; written {written}.",
             "Число шагов времени: {n} ({start} — {end}); сценарии: {scenarios}; наибольшая невязка водного баланса "
             "{error}; Arna {version}; создан {written}",
             "Уақыт қадамдары: {n} ({start} — {end}); сценарийлер: {scenarios}; су балансының ең үлкен "
             "қателігі {error}; Arna {version}; жасалған күні {written}."),
    "closure": ("Closure of the balance (in − out − storage change): {value} km³/yr.",
                "Невязка баланса (приход − расход − изменение запасов): {value} км³/год.",
                "Баланс қалдығы (кіріс − шығыс − қор өзгерісі): {value} км³/жыл."),
    "balance_note": ("Mean annual volumes, km³/yr; + enters, − leaves; memo lines (0) are already counted "
                     "in withdrawals.",
                     "Среднегодовые объёмы, км³/год; + приход, − расход; справочные строки (0) уже учтены "
                     "в водозаборе.",
                     "Орташа жылдық көлемдер, км³/жыл; + кіріс, − шығыс; анықтамалық жолдар (0) су алуда "
                     "есепке алынған."),
    "season_note": ("Winter is October–March, summer April–September.",
                    "Зима — октябрь–март, лето — апрель–сентябрь.",
                    "Қыс — қазан–наурыз, жаз — сәуір–қыркүйек."),
    "performance_note": ("Hashimoto et al. (1982): reliability is the share of timesteps in which the demand "
                         "is met; resilience the chance that a failure is followed by recovery; vulnerability "
                         "the mean deficit volume of a failure event.",
                         "Хашимото и др. (1982): надёжность — доля шагов, когда потребность удовлетворена; "
                         "восстанавливаемость — вероятность восстановления после отказа; уязвимость — средний "
                         "объём дефицита за эпизод отказа.",
                         "Хашимото және т.б. (1982): сенімділік — қажеттілік өтелген қадамдардың үлесі; "
                         "қалпына келу — іркілістен кейін қалпына келу ықтималдығы; осалдық — бір іркіліс "
                         "кезеңіндегі тапшылықтың орташа көлемі."),
    "relative": ("{error} (relative)", "{error} (относительная)", "{error} (салыстырмалы)"),
    "balance_error_na": ("not known (results read from a file)", "неизвестна (результаты из файла)",
                         "белгісіз (нәтижелер файлдан алынған)"),
    "yes": ("yes", "да", "иә"),
    "no": ("no", "нет", "жоқ"),
    # columns
    "scenario": ("Scenario", "Сценарий", "Сценарий"),
    "demand": ("Demand", "Водопотребитель", "Су тұтынушы"),
    "node": ("Node", "Узел", "Түйін"),
    "plant": ("Plant", "ГЭС", "ГЭС"),
    "border": ("Border", "Граница", "Шекара"),
    "agreement": ("Agreement", "Соглашение", "Келісім"),
    "country": ("Country", "Страна", "Ел"),
    "basin": ("Basin", "Бассейн", "Бассейн"),
    "year": ("Year", "Год", "Жыл"),
    "term": ("Item", "Статья", "Бап"),
    "detail": ("Detail", "Детали", "Толығырақ"),
    "sign": ("Sign", "Знак", "Таңба"),
    "indicator": ("Indicator", "Показатель", "Көрсеткіш"),
    "demand_hm3_per_year": ("Demand, hm³/yr", "Потребность, млн м³/год", "Қажеттілік, млн м³/жыл"),
    "delivered_hm3_per_year": ("Delivered, hm³/yr", "Подано, млн м³/год", "Берілді, млн м³/жыл"),
    "deficit_hm3_per_year": ("Deficit, hm³/yr", "Дефицит, млн м³/год", "Тапшылық, млн м³/жыл"),
    "required_hm3_per_year": ("Required, hm³/yr", "Требуется, млн м³/год", "Қажет, млн м³/жыл"),
    "passed_hm3_per_year": ("Passed, hm³/yr", "Пропущено, млн м³/год", "Өткізілді, млн м³/жыл"),
    "shortfall_hm3_per_year": ("Shortfall, hm³/yr", "Недобор, млн м³/год", "Жетіспеушілік, млн м³/жыл"),
    "shortfall_km3_per_year": ("Shortfall, km³/yr", "Недобор, км³/год", "Жетіспеушілік, км³/жыл"),
    "volume_short_hm3_per_year": ("Volume short, hm³/yr", "Недобор объёма, млн м³/год",
                                  "Көлем жетіспеушілігі, млн м³/жыл"),
    "demand_hm3": ("Demand, hm³", "Потребность, млн м³", "Қажеттілік, млн м³"),
    "delivered_hm3": ("Delivered, hm³", "Подано, млн м³", "Берілді, млн м³"),
    "coverage": ("Coverage", "Обеспеченность", "Қамтамасыз етілу"),
    "reliability": ("Reliability", "Надёжность", "Сенімділік"),
    "resilience": ("Resilience", "Восстанавливаемость", "Қалпына келу"),
    "vulnerability_hm3": ("Vulnerability, hm³", "Уязвимость, млн м³", "Осалдық, млн м³"),
    "max_event_deficit_hm3": ("Largest event deficit, hm³", "Наибольший дефицит эпизода, млн м³",
                              "Ең үлкен кезең тапшылығы, млн м³"),
    "failure_events": ("Failure events", "Число эпизодов отказа", "Іркіліс кезеңдерінің саны"),
    "total_deficit_hm3": ("Total deficit, hm³", "Суммарный дефицит, млн м³", "Жалпы тапшылық, млн м³"),
    "max_deficit_m3s": ("Largest deficit, m³/s", "Наибольший дефицит, м³/с", "Ең үлкен тапшылық, м³/с"),
    "required_hm3": ("Required, hm³", "Требуется, млн м³", "Қажет, млн м³"),
    "passed_hm3": ("Passed, hm³", "Пропущено, млн м³", "Өткізілді, млн м³"),
    "shortfall_hm3": ("Shortfall, hm³", "Недобор, млн м³", "Жетіспеушілік, млн м³"),
    "steps_active": ("Timesteps with a requirement", "Число шагов с требованием", "Талабы бар қадамдар саны"),
    "steps_met": ("Timesteps met", "Число выполненных шагов", "Орындалған қадамдар саны"),
    "compliance": ("Compliance", "Соблюдение", "Сақталуы"),
    "worst_time": ("Worst month", "Худший месяц", "Ең нашар ай"),
    "worst_month": ("Worst month", "Худший месяц", "Ең нашар ай"),
    "worst_shortfall_m3s": ("Worst shortfall, m³/s", "Наибольший недобор, м³/с", "Ең үлкен жетіспеушілік, м³/с"),
    "inflow_km3_per_year": ("Inflow, km³/yr", "Приток, км³/год", "Келетін су, км³/жыл"),
    "target_km3_per_year": ("Target, km³/yr", "Цель, км³/год", "Мақсат, км³/жыл"),
    "ratio": ("Ratio", "Отношение", "Арақатынас"),
    "years": ("Whole years", "Число полных лет", "Толық жылдар саны"),
    "years_met": ("Years target met", "Число лет с выполненной целью", "Мақсат орындалған жылдар саны"),
    "shortfall_km3": ("Shortfall, km³", "Недобор, км³", "Жетіспеушілік, км³"),
    "winter_gwh_per_year": ("Winter, GWh/yr", "Зима, ГВт·ч/год", "Қыс, ГВт·сағ/жыл"),
    "summer_gwh_per_year": ("Summer, GWh/yr", "Лето, ГВт·ч/год", "Жаз, ГВт·сағ/жыл"),
    "total_gwh_per_year": ("Total, GWh/yr", "Всего, ГВт·ч/год", "Барлығы, ГВт·сағ/жыл"),
    "winter_share": ("Winter share", "Доля зимы", "Қыс үлесі"),
    "upstream_country": ("Upstream country", "Страна выше по течению", "Жоғары ағыстағы ел"),
    "downstream_country": ("Downstream country", "Страна ниже по течению", "Төменгі ағыстағы ел"),
    "volume_km3": ("Volume, km³", "Объём, км³", "Көлем, км³"),
    "mean_flow_m3s": ("Mean flow, m³/s", "Средний расход, м³/с", "Орташа су өтімі, м³/с"),
    "complete": ("Whole year", "Полный год", "Толық жыл"),
    "periods": ("Periods assessed", "Число периодов", "Кезеңдер саны"),
    "periods_met": ("Periods met", "Число выполненных периодов", "Орындалған кезеңдер саны"),
    "volume_short_hm3": ("Volume short, hm³", "Недобор объёма, млн м³", "Көлем жетіспеушілігі, млн м³"),
    "inside": ("Formed inside", "Формируется внутри", "Ел ішінде қалыптасады"),
    "volume_km3_per_year": ("Volume, km³/yr", "Объём, км³/год", "Көлем, км³/жыл"),
    "share": ("Share", "Доля", "Үлес"),
    "withdrawals_km3_per_year": ("Withdrawals, km³/yr", "Водозабор, км³/год", "Су алу, км³/жыл"),
    "renewable_km3_per_year": ("Renewable resources, km³/yr", "Возобновляемые ресурсы, км³/год",
                               "Жаңартылатын ресурстар, км³/жыл"),
    "efr_km3_per_year": ("Environmental flow requirement, km³/yr", "Экологический попуск, км³/год",
                         "Экологиялық ағын қажеттілігі, км³/жыл"),
    "stress_percent": ("Water stress, %", "Водный стресс, %", "Су күйзелісі, %"),
    "attribute": ("Attribute", "Показатель", "Көрсеткіш"),
    "modelled": ("Modelled", "Модель", "Модель"),
    "target": ("Cited", "Опубликовано", "Жарияланған"),
    "unit": ("Unit", "Единица", "Бірлік"),
    "tolerance": ("Tolerance", "Допуск", "Рұқсат"),
    "within": ("Within tolerance", "В пределах допуска", "Рұқсат шегінде"),
    "source": ("Source", "Источник", "Дереккөз"),
    # balance terms
    "inflow": ("Inflow", "Приток", "Келетін су"),
    "recharge": ("Groundwater recharge", "Питание подземных вод", "Жерасты суларының толығуы"),
    "return_flow": ("Return flow", "Возвратный сток", "Қайтарымды ағын"),
    "withdrawal": ("Withdrawal", "Водозабор", "Су алу"),
    "conveyance_loss": ("Conveyance losses", "Потери при транспортировке", "Тасымалдау кезіндегі ысырап"),
    "evaporation": ("Evaporation", "Испарение", "Булану"),
    "seepage": ("Seepage", "Фильтрация", "Сүзілу"),
    "overflow": ("Aquifer overflow", "Перелив водоносного горизонта", "Сулы горизонттың асып төгілуі"),
    "outflow": ("Outflow", "Сток из бассейна", "Бассейннен шығатын ағын"),
    "storage_change": ("Storage change", "Изменение запасов", "Қор өзгерісі"),
    "supply_loss": ("of which supply losses", "в т. ч. потери при подаче", "оның ішінде беру кезіндегі ысырап"),
    "delivered": ("Delivered", "Подано", "Берілді"),
    "consumed": ("Consumed", "Потреблено безвозвратно", "Қайтарымсыз тұтынылды"),
    # sectors and kinds
    "irrigation": ("irrigation", "орошение", "суару"),
    "municipal": ("municipal", "коммунальное хозяйство", "коммуналдық шаруашылық"),
    "industrial": ("industrial", "промышленность", "өнеркәсіп"),
    "hydropower": ("hydropower", "гидроэнергетика", "гидроэнергетика"),
    "other": ("other", "прочее", "басқа"),
    "reach": ("river reach", "участок реки", "өзен учаскесі"),
    "canal": ("canal", "канал", "канал"),
    "diversion": ("diversion", "отвод", "бұру"),
    "loss_link": ("lossy link", "участок с потерями", "ысырабы бар учаске"),
    "unknown": ("unknown", "неизвестно", "белгісіз"),
    # node kinds and the schematic's legend (the report's and the dashboard's)
    "kind_inflow": ("inflow", "приток", "келетін ағын"),
    "kind_reservoir": ("reservoir", "водохранилище", "су қоймасы"),
    "kind_demand": ("demand", "водопотребитель", "су тұтынушы"),
    "kind_hydropower": ("hydropower plant", "ГЭС", "ГЭС"),
    "kind_terminal": ("terminal lake", "конечный водоём", "соңғы су айдыны"),
    "kind_border": ("border crossing", "створ на границе", "шекаралық тұстама"),
    "kind_environmental_flow": ("environmental flow", "экологический попуск", "экологиялық ағын"),
    "kind_groundwater": ("aquifer", "водоносный горизонт", "сулы горизонт"),
    "kind_reach": ("river reach", "участок реки", "өзен учаскесі"),
    "kind_canal": ("canal", "канал", "канал"),
    "kind_diversion": ("diversion", "водоотвод", "су бұру"),
    "kind_lake": ("lake", "озеро", "көл"),
    "kind_gauge": ("gauging station", "гидропост", "гидробекет"),
    # the generic kinds (Pywr-like building blocks)
    "kind_source": ("source", "источник", "су көзі"),
    "kind_sink": ("outlet of the network", "выход из сети", "желіден шығу"),
    "kind_link": ("link", "связующий участок", "байланыстырушы учаске"),
    "kind_loss_link": ("lossy link", "участок с потерями", "ысырабы бар учаске"),
    "kind_piecewise_link": ("link with stepped costs", "участок со ступенчатой стоимостью",
                            "сатылы құны бар учаске"),
    "kind_split": ("flow split", "деление потока", "ағынды бөлу"),
    "kind_storage": ("storage", "накопитель", "жинақтауыш"),
    "kind_storage_group": ("group of storages", "группа накопителей", "жинақтауыштар тобы"),
    "kind_aggregate": ("group of flows", "группа потоков", "ағындар тобы"),
    "kind_licence": ("licence (volume limit)", "лицензия (лимит объёма)", "лицензия (көлем шегі)"),
    "legend_flow": ("River flow (arrow: direction of flow)", "Речной сток (стрелка: направление течения)",
                    "Өзен ағыны (көрсеткі: ағыс бағыты)"),
    "legend_canal": ("Canal or diversion", "Канал или водоотвод", "Канал немесе су бұру"),
    "legend_return": ("Return flow from a demand", "Возвратный сток водопотребителя",
                      "Су тұтынушының қайтарымды ағыны"),
    # comparison rows
    "cmp_coverage": ("Coverage of all demands", "Обеспеченность всех водопотребителей",
                     "Барлық су тұтынушылардың қамтамасыз етілуі"),
    "cmp_reliability": ("Lowest demand reliability", "Наименьшая надёжность водопотребителя",
                        "Су тұтынушының ең төмен сенімділігі"),
    "cmp_deficit": ("Total deficit, km³/yr", "Суммарный дефицит, км³/год", "Жалпы тапшылық, км³/жыл"),
    "cmp_eflow": ("Environmental flow compliance", "Соблюдение экологических попусков",
                  "Экологиялық ағындардың сақталуы"),
    "cmp_terminal": ("Inflow to terminal lakes, km³/yr", "Приток в конечные водоёмы, км³/год",
                     "Соңғы су айдындарына келетін су, км³/жыл"),
    "cmp_energy": ("Hydropower, GWh/yr", "Гидроэнергия, ГВт·ч/год", "Гидроэнергия, ГВт·сағ/жыл"),
    "cmp_winter": ("of which in winter, GWh/yr", "в т. ч. зимой, ГВт·ч/год", "оның ішінде қыста, ГВт·сағ/жыл"),
    "cmp_stress": ("Water stress (SDG 6.4.2), %", "Водный стресс (ЦУР 6.4.2), %", "Су күйзелісі (ТДМ 6.4.2), %"),
    "cmp_agreements": ("Agreement periods met", "Выполнено периодов соглашений", "Орындалған келісім кезеңдері"),
    # attributes of result series (the dashboard's charts, the calibration table)
    "attr_flow": ("Flow", "Расход", "Су өтімі"),
    "attr_loss": ("Losses", "Потери", "Ысырап"),
    "attr_demand": ("Demand", "Потребность", "Қажеттілік"),
    "attr_deficit": ("Deficit", "Дефицит", "Тапшылық"),
    "attr_supply_loss": ("Supply losses", "Потери при подаче", "Беру кезіндегі ысырап"),
    "attr_volume": ("Volume", "Объём", "Көлем"),
    "attr_release": ("Release", "Попуск", "Су жіберу"),
    "attr_level": ("Water level", "Уровень воды", "Су деңгейі"),
    "attr_turbine_flow": ("Turbine flow", "Расход через турбины", "Турбиналар арқылы су өтімі"),
    "attr_bypass": ("Bypass", "Холостой сброс", "Бос төгу"),
    "attr_energy": ("Energy", "Выработка энергии", "Энергия өндірісі"),
    "attr_requirement": ("Requirement", "Требуемый попуск", "Талап етілетін ағын"),
    "attr_shortfall": ("Shortfall", "Недобор", "Жетіспеушілік"),
    "attr_target_inflow": ("Target inflow", "Целевой приток", "Мақсатты келетін су"),
    "attr_agreement": ("Agreed flow", "Согласованный сток", "Келісілген ағын"),
    "attr_inflow": ("Inflow", "Приток", "Келетін су"),
    "attr_outflow": ("Outflow", "Сток", "Ағып шығу"),
    "attr_spill": ("Spill", "Холостой сброс", "Бос төгу"),
    "attr_delivered": ("Delivered", "Подано", "Берілген су"),
    "attr_evaporation": ("Evaporation", "Испарение", "Булану"),
    # fair sharing and the energy side (arna.report.allocation)
    "fairness": ("Fair sharing among demands", "Справедливость распределения воды между водопотребителями",
                 "Су тұтынушылар арасында суды әділ бөлу"),
    "fairness_note": (
        "Coverage = delivered / demand over the run. Jain's index is 1 when all coverages are equal; the Gini "
        "coefficient of the shortage ratios is 0 when all are equally short. Jain's index by timestep: the mean "
        "over the timesteps with a shortage, among the demands of one priority. Head end: demands farther from "
        "the outlet than the mean.",
        "Обеспеченность = подано / потребность за весь расчёт. Индекс Джайна равен 1, когда обеспеченность "
        "у всех одинакова; коэффициент Джини долей дефицита равен 0, когда дефицит у всех одинаков. Индекс "
        "Джайна по шагам — среднее по шагам с дефицитом среди водопотребителей одного приоритета. Головная "
        "часть — водопотребители, удалённые от замыкающего створа больше среднего.",
        "Қамтамасыз етілу = берілген су / қажеттілік, бүкіл есептеу бойынша. Джайн индексі барлық "
        "қамтамасыз етілу бірдей болғанда 1-ге тең; тапшылық үлестерінің Джини коэффициенті барлығының "
        "тапшылығы бірдей болғанда 0-ге тең. Қадамдар бойынша Джайн индексі — бір басымдықтағы су "
        "тұтынушылар арасында тапшылығы бар қадамдар бойынша орташа мән. Бас бөлігі — соңғы тұстамадан "
        "орташадан алыс орналасқан су тұтынушылар."),
    "coverage_country": ("Coverage by country", "Обеспеченность по странам", "Елдер бойынша қамтамасыз етілу"),
    "coverage_region": ("Coverage by region", "Обеспеченность по регионам", "Өңірлер бойынша қамтамасыз етілу"),
    "spread": ("Spread of shortages", "Разброс дефицита", "Тапшылықтың таралуы"),
    "head_tail": ("Head end and tail end", "Головная и хвостовая части", "Бас және соңғы бөліктер"),
    "all_priorities": ("all", "все", "барлығы"),
    "region": ("Region", "Регион", "Өңір"),
    "priority": ("Priority", "Приоритет", "Басымдық"),
    "demands": ("Demands", "Число водопотребителей", "Су тұтынушылар саны"),
    "need_hm3": ("Demand, hm³", "Потребность, млн м³", "Қажеттілік, млн м³"),
    "min_coverage": ("Lowest coverage", "Наименьшая обеспеченность", "Ең төмен қамтамасыз етілу"),
    "max_coverage": ("Highest coverage", "Наибольшая обеспеченность", "Ең жоғары қамтамасыз етілу"),
    "min_max_ratio": ("Lowest / highest", "Наименьшая / наибольшая", "Ең төменгі / ең жоғары"),
    "jain": ("Jain's index", "Индекс Джайна", "Джайн индексі"),
    "gini_shortage": ("Gini of shortage ratios", "Коэффициент Джини долей дефицита",
                      "Тапшылық үлестерінің Джини коэффициенті"),
    "step_jain": ("Jain's index by timestep", "Индекс Джайна по шагам", "Қадамдар бойынша Джайн индексі"),
    "short_steps": ("Timesteps with a shortage", "Число шагов с дефицитом", "Тапшылығы бар қадамдар саны"),
    "head_coverage": ("Head-end coverage", "Обеспеченность головной части", "Бас бөлігінің қамтамасыз етілуі"),
    "tail_coverage": ("Tail-end coverage", "Обеспеченность хвостовой части",
                      "Соңғы бөлігінің қамтамасыз етілуі"),
    "tail_head_ratio": ("Tail / head", "Хвостовая / головная", "Соңғы / бас"),
    "head_demands": ("Head-end demands", "Число водопотребителей в головной части",
                     "Бас бөліктегі су тұтынушылар саны"),
    "tail_demands": ("Tail-end demands", "Число водопотребителей в хвостовой части",
                     "Соңғы бөліктегі су тұтынушылар саны"),
    "energy_value": ("Hydropower value by season", "Стоимость гидроэнергии по сезонам",
                     "Маусымдар бойынша гидроэнергия құны"),
    "energy_value_note": (
        "Value = energy × price of each timestep: the plant's price, by default 29 USD/MWh in winter "
        "(October–March) and 24 USD/MWh in summer (April–September).",
        "Стоимость = выработка × цена на каждом шаге: цена ГЭС, по умолчанию 29 долл. США/МВт·ч зимой "
        "(октябрь–март) и 24 долл. США/МВт·ч летом (апрель–сентябрь).",
        "Құны = әр қадамдағы энергия × баға: ГЭС бағасы, әдепкі бойынша қыста (қазан–наурыз) "
        "29 АҚШ долл./МВт·сағ және жазда (сәуір–қыркүйек) 24 АҚШ долл./МВт·сағ."),
    "winter_musd_per_year": ("Winter, million USD/yr", "Зима, млн долл. США/год", "Қыс, млн АҚШ долл./жыл"),
    "summer_musd_per_year": ("Summer, million USD/yr", "Лето, млн долл. США/год", "Жаз, млн АҚШ долл./жыл"),
    "total_musd_per_year": ("Total, million USD/yr", "Всего, млн долл. США/год", "Барлығы, млн АҚШ долл./жыл"),
    "winter_price_usd_mwh": ("Winter price, USD/MWh", "Цена зимой, долл. США/МВт·ч",
                             "Қысқы баға, АҚШ долл./МВт·сағ"),
    "summer_price_usd_mwh": ("Summer price, USD/MWh", "Цена летом, долл. США/МВт·ч",
                             "Жазғы баға, АҚШ долл./МВт·сағ"),
    "swap": ("Energy-for-water swap against irrigation-mode operation",
             "Обмен энергии на воду относительно ирригационного режима",
             "Суармалы режиммен салыстырғанда энергияны суға айырбастау"),
    "swap_note": (
        "Means per water year (October–September) over the whole water years of the run: what operating the "
        "upstream cascade in irrigation mode (the reference scenario) instead of each scenario's rule costs "
        "the upstream country in winter energy and brings downstream in summer water, and the compensation "
        "that would balance it.",
        "Средние за гидрологический год (октябрь–сентябрь) по полным годам расчёта: чего стоит вышележащей "
        "стране работа каскада в ирригационном режиме (базовый сценарий) вместо режима каждого сценария — "
        "зимней энергии, сколько воды это даёт летом ниже по течению, и компенсация, которая бы это уравновесила.",
        "Есептеудің толық гидрологиялық жылдары (қазан–қыркүйек) бойынша жылдық орташа мәндер: каскадтың "
        "әр сценарийдің режимі орнына суармалы режимде (салыстыру негізі) жұмыс істеуі жоғары ағыстағы "
        "елге қысқы энергия тұрғысынан қаншаға түседі, төменгі ағысқа жазда қанша су береді және оны "
        "теңестіретін өтемақы."),
    "reference": ("Reference (irrigation mode)", "Базовый сценарий (ирригационный режим)",
                  "Салыстыру негізі (суармалы режим)"),
    "winter_energy_forgone_gwh": ("Winter energy forgone, GWh/yr", "Недовыработка зимой, ГВт·ч/год",
                                  "Қыста өндірілмеген энергия, ГВт·сағ/жыл"),
    "summer_energy_gained_gwh": ("Summer energy gained, GWh/yr", "Дополнительная выработка летом, ГВт·ч/год",
                                 "Жазда қосымша өндірілген энергия, ГВт·сағ/жыл"),
    "summer_water_gained_hm3": ("Summer water gained downstream, hm³/yr",
                                "Дополнительная вода летом ниже по течению, млн м³/год",
                                "Төменгі ағыста жазда қосымша су, млн м³/жыл"),
    "compensation_energy_gwh": ("Compensation in winter energy, GWh/yr", "Компенсация энергией зимой, ГВт·ч/год",
                                "Қыста энергиямен өтемақы, ГВт·сағ/жыл"),
    "net_energy_loss_gwh": ("Net energy loss, GWh/yr", "Чистая потеря энергии, ГВт·ч/год",
                            "Энергияның таза жоғалуы, ГВт·сағ/жыл"),
    "winter_value_forgone_musd": ("Value of winter energy forgone, million USD/yr",
                                  "Стоимость недовыработки зимой, млн долл. США/год",
                                  "Қыста өндірілмеген энергия құны, млн АҚШ долл./жыл"),
    "summer_value_gained_musd": ("Value of summer energy gained, million USD/yr",
                                 "Стоимость дополнительной летней выработки, млн долл. США/год",
                                 "Жазғы қосымша энергия құны, млн АҚШ долл./жыл"),
    "compensation_musd": ("Compensation in money, million USD/yr", "Денежная компенсация, млн долл. США/год",
                          "Ақшалай өтемақы, млн АҚШ долл./жыл"),
    "usd_per_1000m3": ("Compensation, USD per 1,000 m³", "Компенсация, долл. США за 1000 м³",
                       "Өтемақы, 1000 м³ үшін АҚШ долл."),
    # countries, as the documents name them (``country_<English name>``)
    "country_Kazakhstan": ("Kazakhstan", "Казахстан", "Қазақстан"),
    "country_Uzbekistan": ("Uzbekistan", "Узбекистан", "Өзбекстан"),
    "country_Kyrgyzstan": ("Kyrgyzstan", "Кыргызстан", "Қырғызстан"),
    "country_Tajikistan": ("Tajikistan", "Таджикистан", "Тәжікстан"),
    "country_China": ("China", "Китай", "Қытай"),
    "country_Russia": ("Russia", "Россия", "Ресей"),
    "cmp_outside": ("Inflow formed outside Kazakhstan", "Приток, сформированный за пределами Казахстана",
                    "Қазақстаннан тыс қалыптасқан келетін су"),
}

#: Unit strings as documents and indicators write them → the key of their text.
TEXT.update({
    # salinity (issue 15; docs/water-quality.md)
    "salinity": ("Salinity", "Минерализация воды", "Судың минералдануы"),
    "salinity_note": (
        "Total dissolved solids carried with the water: complete mixing at confluences, fully mixed "
        "reservoirs and lakes (evaporation leaves the salt behind), drainage water at its stated "
        "concentration. Regional standard: 1 g/L.",
        "Растворённые соли переносятся с водой: полное смешение в узлах, полное перемешивание в "
        "водохранилищах и озёрах (при испарении соли остаются), дренажные воды — с заданной "
        "минерализацией. Региональный норматив: 1 г/л.",
        "Еріген тұздар сумен бірге тасымалданады: түйіндерде толық араласу, су қоймалары мен көлдерде "
        "толық араласу (булану кезінде тұз қалады), дренаждық сулар — берілген минералдануымен. "
        "Аймақтық норматив: 1 г/л."),
    "salinity_profile": ("Mineralisation along the river by month, g/L", "Минерализация вдоль реки по месяцам, г/л",
                         "Өзен бойындағы минералдану, айлар бойынша, г/л"),
    "salinity_profile_note": ("Mean over the years of the run; a node without water in a month shows 0.",
                              "Среднее за годы расчёта; узел без воды в данном месяце показан как 0.",
                              "Есептеу жылдары бойынша орташа; сол айда суы жоқ түйін 0 деп көрсетілген."),
    "salinity_yield": ("Crop yield losses from irrigation water salinity (FAO-29, Maas–Hoffman)",
                       "Потери урожая от минерализации оросительной воды (ФАО-29, Маас–Хоффман)",
                       "Суару суының минералдануынан өнімнің төмендеуі (ФАО-29, Маас–Хоффман)"),
    "salinity_yield_note": (
        "ECw = TDS / 640 dS/m; soil salinity ECe from the leaching fraction (40-30-20-10 uptake); "
        "relative yield 100 − slope × (ECe − threshold).",
        "Электропроводность воды = минерализация (мг/л) / 640, дСм/м; засолённость почвы — по доле "
        "промывки (поглощение 40-30-20-10 %); относительный урожай = 100 − наклон × (засолённость почвы − порог).",
        "Судың электр өткізгіштігі = минералдану (мг/л) / 640, дСм/м; топырақтың тұздылығы — шаю үлесі "
        "бойынша (сіңіру 40-30-20-10 %); салыстырмалы өнім = 100 − еңіс × (топырақ тұздылығы − шек)."),
    "salinity_drinking": ("Drinking water: months within the standard, %",
                          "Питьевая вода: доля месяцев в пределах норматива, %",
                          "Ауыз су: норматив шегіндегі айлардың үлесі, %"),
    "salinity_drinking_note": ("Share of the timesteps with water delivered whose mineralisation was within the "
                               "standard, by calendar month.",
                               "Доля шагов времени с подачей воды, когда минерализация была в пределах "
                               "норматива, по календарным месяцам.",
                               "Су берілген уақыт қадамдарының ішінде минералдануы норматив шегінде болғандарының "
                               "үлесі, күнтізбелік айлар бойынша."),
    "salinity_appraisal": ("Mean mineralisation with and without the measures, g/L",
                           "Средняя минерализация с мерами и без них, г/л",
                           "Шаралармен және шараларсыз орташа минералдану, г/л"),
    "crop": ("Crop", "Культура", "Дақыл"),
    "area_ha": ("Area, ha", "Площадь, га", "Алаңы, га"),
    "tds_g_per_l": ("Water, g/L", "Вода, г/л", "Су, г/л"),
    "ec_w_ds_per_m": ("ECw (water), dS/m", "Электропроводность воды, дСм/м", "Судың электр өткізгіштігі, дСм/м"),
    "ec_e_ds_per_m": ("ECe (soil), dS/m", "Электропроводность почвенной вытяжки, дСм/м",
                      "Топырақ сығындысының электр өткізгіштігі, дСм/м"),
    "threshold_ds_per_m": ("Threshold, dS/m", "Порог, дСм/м", "Шек, дСм/м"),
    "slope_percent_per_ds_m": ("Slope, % per dS/m", "Наклон, % на дСм/м", "Еңіс, дСм/м-ге %"),
    "leaching_fraction": ("Leaching fraction", "Доля промывки", "Шаю үлесі"),
    "yield_loss_percent": ("Yield loss, %", "Потеря урожая, %", "Өнімнің төмендеуі, %"),
    "month_node": ("Node", "Узел", "Түйін"),
    "crop_cotton": ("cotton", "хлопчатник", "мақта"),
    "crop_rice": ("rice", "рис", "күріш"),
    "crop_wheat": ("wheat", "пшеница", "бидай"),
    "crop_maize": ("maize", "кукуруза", "жүгері"),
    "crop_barley": ("barley", "ячмень", "арпа"),
    "crop_alfalfa": ("alfalfa", "люцерна", "жоңышқа"),
    "crop_sugar-beet": ("sugar beet", "сахарная свёкла", "қант қызылшасы"),
    "crop_sorghum": ("sorghum", "сорго", "құмай"),
    "crop_soybean": ("soybean", "соя", "соя бұршағы"),
    "crop_groundnut": ("groundnut", "арахис", "жержаңғақ"),
    "crop_sugarcane": ("sugarcane", "сахарный тростник", "қант құрағы"),
    "crop_bean": ("bean", "фасоль", "үрмебұршақ"),
    "crop_tomato": ("tomato", "томат", "қызанақ"),
    "crop_potato": ("potato", "картофель", "картоп"),
    "crop_melon": ("melon", "дыня", "қауын"),
    "crop_onion": ("onion", "лук", "пияз"),
    "crop_carrot": ("carrot", "морковь", "сәбіз"),
    "crop_grape": ("grape", "виноград", "жүзім"),
    "unit_g_l": ("g/L", "г/л", "г/л"),
    "unit_t_day": ("t/day", "т/сут", "т/тәул"),
})

UNIT_KEYS: dict[str, str] = {
    "m3/s": "unit_m3s", "hm3": "unit_hm3", "km3": "unit_km3", "km3/yr": "unit_km3_yr", "km3/year": "unit_km3_yr",
    "hm3/yr": "unit_hm3_yr", "hm3/year": "unit_hm3_yr", "hm3/month": "unit_hm3_month", "GWh": "unit_gwh",
    "GWh/yr": "unit_gwh_yr", "GWh/year": "unit_gwh_yr", "MW": "unit_mw", "fraction": "unit_fraction",
    "g/L": "unit_g_l", "t/day": "unit_t_day", "TWh/yr": "unit_twh_yr", "TWh/year": "unit_twh_yr", "m": "unit_m",
    "km2": "unit_km2",
}


def unit_text(unit: str, lang: str) -> str:
    """A unit as written in ``lang`` (``km3/yr`` → ``км³/жыл``); an unknown unit as it is written."""
    key = UNIT_KEYS.get(unit.strip())
    return t(key, lang) if key is not None else unit


def attribute_name(attribute: str, lang: str) -> str:
    """A result attribute (``flow``, ``energy`` …) by its name in ``lang``, as written if it has none."""
    key = f"attr_{attribute}"
    return t(key, lang) if key in TEXT else attribute


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang`` (the key itself if it has no translation, e.g. a node name)."""
    i = check_lang(lang)
    entry = TEXT.get(key)
    return entry[i] if entry is not None else key
