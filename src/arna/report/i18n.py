"""Texts of the water report in English, Russian and Kazakh (Cyrillic); numbers and dates per language.

Every label is a key of :data:`TEXT` with its three translations (en, ru, kk). Numbers use a
comma for thousands and a dot for decimals in English, and a no-break space for thousands and a
comma for decimals in Russian and Kazakh; dates use the month names of the language.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from arna.errors import InputError

LANGS: tuple[str, ...] = ("en", "ru", "kk")
NBSP = "\u00a0"

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
               "ТДМ 6.4.2: су тапшылығы деңгейі"),
    "calibration": ("Calibration against cited figures", "Калибровка по опубликованным данным",
                    "Жарияланған деректер бойынша калибрлеу"),
    "figures": ("Time series", "Временные ряды", "Уақыттық қатарлар"),
    "fig_volume": ("Storage volume", "Объём воды в водохранилищах", "Су қоймаларындағы су көлемі"),
    "fig_inflow": ("Inflows", "Притоки", "Келетін ағындар"),
    "fig_deficit": ("Deficits at demands", "Дефицит у водопотребителей", "Су тұтынушылардағы тапшылық"),
    "fig_outlets": ("Flows at outlets, borders and environmental-flow points",
                    "Расходы в замыкающих створах, на границах и в точках экологических попусков",
                    "Соңғы тұстамалардағы, шекаралардағы және экологиялық ағын нүктелеріндегі шығындар"),
    "fig_energy": ("Hydropower energy per timestep", "Выработка ГЭС за шаг времени",
                   "ГЭС өндірісі, уақыт қадамы бойынша"),
    "unit_hm3": ("hm³", "млн м³", "млн м³"),
    "unit_m3s": ("m³/s", "м³/с", "м³/с"),
    "unit_gwh": ("GWh", "ГВт·ч", "ГВт·сағ"),
    # sentences
    "none": ("None in this model.", "В модели нет.", "Модельде жоқ."),
    "meta": ("{n} timesteps from {start} to {end}; scenarios: {scenarios}; largest water-balance error "
             "{error} (relative); Arna {version}; written {written}.",
             "Шагов времени: {n} ({start} — {end}); сценарии: {scenarios}; наибольшая невязка водного баланса "
             "{error} (относительная); Arna {version}; создан {written}",
             "Уақыт қадамдары: {n} ({start} — {end}); сценарийлер: {scenarios}; су балансының ең үлкен "
             "қателігі {error} (салыстырмалы); Arna {version}; жасалған күні {written}."),
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
    "demand_hm3": ("Demand, hm³", "Потребность, млн м³", "Қажеттілік, млн м³"),
    "delivered_hm3": ("Delivered, hm³", "Подано, млн м³", "Берілді, млн м³"),
    "coverage": ("Coverage", "Обеспеченность", "Қамтамасыз етілу"),
    "reliability": ("Reliability", "Надёжность", "Сенімділік"),
    "resilience": ("Resilience", "Восстанавливаемость", "Қалпына келу"),
    "vulnerability_hm3": ("Vulnerability, hm³", "Уязвимость, млн м³", "Осалдық, млн м³"),
    "max_event_deficit_hm3": ("Largest event deficit, hm³", "Наибольший дефицит эпизода, млн м³",
                              "Ең үлкен кезең тапшылығы, млн м³"),
    "failure_events": ("Failure events", "Эпизоды отказа", "Іркіліс кезеңдері"),
    "total_deficit_hm3": ("Total deficit, hm³", "Суммарный дефицит, млн м³", "Жалпы тапшылық, млн м³"),
    "max_deficit_m3s": ("Largest deficit, m³/s", "Наибольший дефицит, м³/с", "Ең үлкен тапшылық, м³/с"),
    "required_hm3": ("Required, hm³", "Требуется, млн м³", "Қажет, млн м³"),
    "passed_hm3": ("Passed, hm³", "Пропущено, млн м³", "Өткізілді, млн м³"),
    "shortfall_hm3": ("Shortfall, hm³", "Недобор, млн м³", "Жетіспеушілік, млн м³"),
    "steps_active": ("Timesteps with a requirement", "Шагов с требованием", "Талабы бар қадамдар"),
    "steps_met": ("Timesteps met", "Шагов выполнено", "Орындалған қадамдар"),
    "compliance": ("Compliance", "Соблюдение", "Сақталуы"),
    "worst_time": ("Worst month", "Худший месяц", "Ең нашар ай"),
    "worst_month": ("Worst month", "Худший месяц", "Ең нашар ай"),
    "worst_shortfall_m3s": ("Worst shortfall, m³/s", "Наибольший недобор, м³/с", "Ең үлкен жетіспеушілік, м³/с"),
    "inflow_km3_per_year": ("Inflow, km³/yr", "Приток, км³/год", "Келетін су, км³/жыл"),
    "target_km3_per_year": ("Target, km³/yr", "Цель, км³/год", "Мақсат, км³/жыл"),
    "ratio": ("Ratio", "Отношение", "Арақатынас"),
    "years": ("Years", "Лет", "Жылдар"),
    "years_met": ("Years met", "Лет выполнено", "Орындалған жылдар"),
    "shortfall_km3": ("Shortfall, km³", "Недобор, км³", "Жетіспеушілік, км³"),
    "winter_gwh_per_year": ("Winter, GWh/yr", "Зима, ГВт·ч/год", "Қыс, ГВт·сағ/жыл"),
    "summer_gwh_per_year": ("Summer, GWh/yr", "Лето, ГВт·ч/год", "Жаз, ГВт·сағ/жыл"),
    "total_gwh_per_year": ("Total, GWh/yr", "Всего, ГВт·ч/год", "Барлығы, ГВт·сағ/жыл"),
    "winter_share": ("Winter share", "Доля зимы", "Қыс үлесі"),
    "upstream_country": ("Upstream country", "Страна выше по течению", "Жоғары ағыстағы ел"),
    "downstream_country": ("Downstream country", "Страна ниже по течению", "Төменгі ағыстағы ел"),
    "volume_km3": ("Volume, km³", "Объём, км³", "Көлем, км³"),
    "mean_flow_m3s": ("Mean flow, m³/s", "Средний расход, м³/с", "Орташа шығын, м³/с"),
    "complete": ("Whole year", "Полный год", "Толық жыл"),
    "periods": ("Periods", "Периодов", "Кезеңдер"),
    "periods_met": ("Periods met", "Периодов выполнено", "Орындалған кезеңдер"),
    "volume_short_hm3": ("Volume short, hm³", "Недобор объёма, млн м³", "Көлем жетіспеушілігі, млн м³"),
    "inside": ("Formed inside", "Формируется внутри", "Ел ішінде қалыптасады"),
    "volume_km3_per_year": ("Volume, km³/yr", "Объём, км³/год", "Көлем, км³/жыл"),
    "share": ("Share", "Доля", "Үлес"),
    "withdrawals_km3_per_year": ("Withdrawals, km³/yr", "Водозабор, км³/год", "Су алу, км³/жыл"),
    "renewable_km3_per_year": ("Renewable resources, km³/yr", "Возобновляемые ресурсы, км³/год",
                               "Жаңартылатын ресурстар, км³/жыл"),
    "efr_km3_per_year": ("Environmental flow requirement, km³/yr", "Экологический попуск, км³/год",
                         "Экологиялық ағын қажеттілігі, км³/жыл"),
    "stress_percent": ("Water stress, %", "Водный стресс, %", "Су тапшылығы, %"),
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
    "conveyance_loss": ("Conveyance losses", "Потери при транспортировке", "Тасымалдау шығындары"),
    "evaporation": ("Evaporation", "Испарение", "Булану"),
    "seepage": ("Seepage", "Фильтрация", "Сүзілу"),
    "overflow": ("Aquifer overflow", "Перелив водоносного горизонта", "Су қабатының асып төгілуі"),
    "outflow": ("Outflow", "Сток из бассейна", "Бассейннен шығатын ағын"),
    "storage_change": ("Storage change", "Изменение запасов", "Қор өзгерісі"),
    "supply_loss": ("of which supply losses", "в т. ч. потери при подаче", "оның ішінде беру шығындары"),
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
    "loss_link": ("lossy link", "участок с потерями", "шығынды учаске"),
    "unknown": ("unknown", "неизвестно", "белгісіз"),
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
    "cmp_stress": ("Water stress (SDG 6.4.2), %", "Водный стресс (ЦУР 6.4.2), %", "Су тапшылығы (ТДМ 6.4.2), %"),
    "cmp_agreements": ("Agreement periods met", "Выполнено периодов соглашений", "Орындалған келісім кезеңдері"),
    "cmp_outside": ("Inflow formed outside Kazakhstan", "Приток, сформированный за пределами Казахстана",
                    "Қазақстаннан тыс қалыптасқан келетін су"),
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "ru": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
           "ноябрь", "декабрь"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
           "қараша", "желтоқсан"),
}
MONTHS_GENITIVE_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                      "октября", "ноября", "декабря")


def check_lang(lang: str) -> int:
    """Index of ``lang`` in :data:`LANGS`; an :class:`InputError` for an unknown language."""
    if lang not in LANGS:
        raise InputError(f"unknown report language {lang!r}; use one of {', '.join(LANGS)}")
    return LANGS.index(lang)


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang`` (the key itself if it has no translation, e.g. a node name)."""
    i = check_lang(lang)
    entry = TEXT.get(key)
    return entry[i] if entry is not None else key


def fmt_number(x: float, lang: str, decimals: int = 0) -> str:
    """``1,234.5`` (en) or ``1 234,5`` with a no-break space (ru, kk); a dash for NaN.

    >>> fmt_number(1234.5, "ru", 1) == "1\\u00a0234,5"
    True
    """
    if not math.isfinite(x):
        return "—"
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if check_lang(lang) == 0:
        return text
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def fmt_auto(x: float, lang: str) -> str:
    """A number with as many decimals as its size needs (0 from 100, 2 from 1, else 3; below 0.0005 it is 0)."""
    if not math.isfinite(x):
        return "—"
    a = abs(x)
    if a < 5e-4:  # solver noise and true zeros alike
        return fmt_number(0.0, lang, 3)
    return fmt_number(x, lang, 0 if a >= 100 else 2 if a >= 1 else 3)


def fmt_pct(x: float, lang: str, decimals: int = 1) -> str:
    """A fraction as a percentage: ``85.3%`` (en), ``85,3 %`` (ru, kk)."""
    if not math.isfinite(x):
        return "—"
    return fmt_number(100.0 * x, lang, decimals) + ("%" if lang == "en" else f"{NBSP}%")


def fmt_month(d: pd.Timestamp | dt.date, lang: str) -> str:
    """Month and year: ``July 2021``, ``июль 2021``, ``2021 ж. шілде``."""
    if pd.isna(d):
        return "—"
    name = MONTHS[LANGS[check_lang(lang)]][d.month - 1]
    return f"{d.year} ж. {name}" if lang == "kk" else f"{name} {d.year}"


def fmt_date(d: dt.date, lang: str) -> str:
    """A full date: ``29 November 2026``, ``29 ноября 2026 г.``, ``2026 ж. 29 қараша``."""
    check_lang(lang)
    if lang == "ru":
        return f"{d.day} {MONTHS_GENITIVE_RU[d.month - 1]} {d.year} г."
    if lang == "kk":
        return f"{d.year} ж. {d.day} {MONTHS['kk'][d.month - 1]}"
    return f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}"
