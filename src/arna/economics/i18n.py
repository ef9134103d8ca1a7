"""Texts of the appraisal report (``arna appraise --report``) in English, Russian and Kazakh (Cyrillic).

Every text is a key of :data:`APPRAISAL_TEXT` with its three translations (en, ru, kk), as the run
report's :data:`arna.report.i18n.TEXT`; numbers are formatted by :mod:`arna.i18n`. Crop names and
units come from the run report's catalogue, so both reports name them alike.
"""

from __future__ import annotations

from arna.i18n import NBSP, check_lang, fmt_number
from arna.report.i18n import TEXT as REPORT_TEXT

APPRAISAL_TEXT: dict[str, tuple[str, str, str]] = {
    "title": ("Water-saving measures: {plan} on {model}", "Водосберегающие мероприятия: {plan}, модель «{model}»",
              "Су үнемдеу шаралары: {plan}, «{model}» моделі"),
    "meta": ("Scenario <b>{scenario}</b>; discount rate {rate}; {currency} at {year} prices; Arna {version}, {date}.",
             "Сценарий <b>{scenario}</b>; ставка дисконтирования {rate}; {currency} в ценах {year} г.; "
             "Arna {version}, {date}.",
             "Сценарий <b>{scenario}</b>; дисконттау мөлшерлемесі {rate}; {currency}, {year} жылғы бағамен; "
             "Arna {version}, {date}."),
    # the runs: without the measures, each alone, all at once
    "without measures": ("without measures", "без мероприятий", "шараларсыз"),
    "all together": ("all together", "все вместе", "барлығы бірге"),
    # outlets
    "h_outlets": ("Outlet inflows with and without the measures",
                  "Приток в замыкающие створы с мероприятиями и без них",
                  "Шаралармен және оларсыз соңғы тұстамаларға келетін су"),
    "run": ("run", "расчёт", "есептеу"),
    "change_at": ("change at {outlet}", "изменение: {outlet}", "өзгеріс: {outlet}"),
    "fig_outlets_x": ("mean annual inflow", "среднегодовой приток", "орташа жылдық келетін су"),
    "fig_outlets_title": ("Outlet inflows, {model} ({scenario})", "Приток в замыкающие створы: {model} ({scenario})",
                          "Соңғы тұстамаларға келетін су: {model} ({scenario})"),
    # salinity
    "h_salinity": ("Salinity with and without the measures (g/L)", "Минерализация с мероприятиями и без них (г/л)",
                   "Шаралармен және оларсыз минералдану (г/л)"),
    "node": ("node", "узел", "түйін"),
    "salinity_note": (
        "Mean total dissolved solids over the timesteps with water (docs/water-quality.md). Measures change it "
        "through the water they move: less withdrawn, less drainage returned, drainage reused on the fields.",
        "Средняя минерализация (сумма растворённых солей) за шаги времени, когда есть вода. Мероприятия меняют её "
        "через воду, которую перемещают: меньше забор, меньше возвращаемых дренажных вод, дренажные воды повторно "
        "используются на полях.",
        "Еріген тұздардың орташа мөлшері, су бар уақыт қадамдары бойынша. Шаралар оны өздері жылжытатын су арқылы "
        "өзгертеді: су аз алынады, дренаж суы өзенге аз қайтарылады, дренаж суы егістікте қайта пайдаланылады."),
    # savings and costs per measure
    "h_measures": ("Savings and costs per measure", "Экономия воды и затраты по мероприятиям",
                   "Шаралар бойынша су үнемдеу және шығындар"),
    "measure": ("measure", "мероприятие", "шара"),
    "demand": ("demand", "водопотребитель", "су тұтынушы"),
    "area_ha": ("area (ha)", "площадь (га)", "алаңы (га)"),
    "investment": ("investment ({cur})", "инвестиции ({cur})", "инвестиция ({cur})"),
    "eac": ("EAC ({cur}/yr)", "годовые затраты ({cur}/год)", "жылдық шығын ({cur}/жыл)"),
    "gross_saving": ("gross saving", "валовая экономия", "жалпы үнемдеу"),
    "net_saving": ("net saving", "чистая экономия", "таза үнемдеу"),
    "to_outlets": ("to outlets", "в замыкающие створы", "соңғы тұстамаларға"),
    "to_other_demands": ("to other demands", "другим водопотребителям", "басқа су тұтынушыларға"),
    "elsewhere": ("elsewhere", "прочее", "басқа жаққа"),
    "cost_gross": ("{cur}/m³ gross", "{cur}/м³ валовой экономии", "жалпы үнемдеудің {cur}/м³"),
    "cost_net": ("{cur}/m³ net", "{cur}/м³ чистой экономии", "таза үнемдеудің {cur}/м³"),
    "cost_levelised": ("levelised {cur}/m³ net", "приведённая стоимость, {cur}/м³ чистой экономии",
                       "келтірілген құн, таза үнемдеудің {cur}/м³"),
    "economic_npv": ("economic NPV ({cur})", "экономический ЧДД ({cur})", "экономикалық ТДТ ({cur})"),
    "measures_note": (
        "Gross saving: the fall in water taken from the river by the treated demand (at its canal head). Net "
        "saving: the fall in its depletion (intake − return flow); water that used to return to the river for "
        "someone downstream is not a net saving. The net saving goes to outlets, to other demands (extra "
        "consumption) or elsewhere (river and reservoir losses, storage). Each measure is run alone against the "
        "run without measures; '{all}' runs them at once, so its savings need not be the sum. EAC = investment "
        "× capital recovery factor + O&M; levelised cost = present value of the adoption schedule's costs ÷ "
        "discounted net saving.",
        "Валовая экономия — уменьшение забора воды из реки водопотребителем, к которому применено мероприятие "
        "(в голове его канала). Чистая экономия — уменьшение его безвозвратного водопотребления (забор − "
        "возвратный сток); вода, которая раньше возвращалась в реку для нижерасположенных водопользователей, "
        "чистой экономией не является. Чистая экономия уходит в замыкающие створы, другим водопотребителям "
        "(дополнительное потребление) или в прочее (потери в реке и водохранилищах, изменение запасов). Каждое "
        "мероприятие рассчитывается отдельно и сравнивается с расчётом без мероприятий; «{all}» — все сразу, "
        "поэтому их экономия не обязательно равна сумме. Годовые затраты = инвестиции × коэффициент возмещения "
        "капитала + затраты на эксплуатацию и обслуживание; приведённая стоимость = приведённая стоимость затрат "
        "по графику внедрения ÷ дисконтированная чистая экономия.",
        "Жалпы үнемдеу — шара қолданылған су тұтынушының өзеннен алатын суының азаюы (оның каналының басында). "
        "Таза үнемдеу — оның қайтарымсыз су тұтынуының азаюы (су алу − қайтарма ағын); бұрын төменгі ағыстағы "
        "су пайдаланушылар үшін өзенге қайтып келетін су таза үнемдеу емес. Таза үнемдеу соңғы тұстамаларға, "
        "басқа су тұтынушыларға (қосымша тұтыну) немесе басқа жаққа (өзен мен су қоймаларындағы ысырап, қор "
        "өзгерісі) кетеді. Әр шара жеке есептеліп, шараларсыз есептеумен салыстырылады; «{all}» — барлығы бірден, "
        "сондықтан олардың үнемі қосындыға тең болмауы мүмкін. Жылдық шығын = инвестиция × капиталды өтеу "
        "коэффициенті + пайдалану және қызмет көрсету шығыны; келтірілген құн = енгізу кестесі бойынша "
        "шығындардың келтірілген құны ÷ дисконтталған таза үнемдеу."),
    # the financial and the economic view
    "h_views": ("Financial and economic views", "Финансовая и экономическая оценка",
                "Қаржылық және экономикалық бағалау"),
    "tariffs": ("tariff now / proposed ({cur}/m³)", "тариф сейчас / предлагаемый ({cur}/м³)",
                "тариф қазір / ұсынылған ({cur}/м³)"),
    "bill_saved": ("water bill saved now (M {cur}/yr)", "экономия на оплате воды сейчас (млн {cur}/год)",
                   "су ақысынан үнем қазір (млн {cur}/жыл)"),
    "fin_npv_now": ("financial NPV now (M {cur})", "финансовый ЧДД сейчас (млн {cur})",
                    "қаржылық ТДТ қазір (млн {cur})"),
    "fin_npv_proposed": ("financial NPV proposed (M {cur})", "финансовый ЧДД по предлагаемому тарифу (млн {cur})",
                         "ұсынылған тариф бойынша қаржылық ТДТ (млн {cur})"),
    "net_by_season": ("net saving growing / non-growing", "чистая экономия в вегетационный / межвегетационный период",
                      "вегетациялық / вегетацияаралық кезеңдегі таза үнемдеу"),
    "value_by_season": ("value growing / non-growing ({cur}/m³)",
                        "ценность в вегетационный / межвегетационный период ({cur}/м³)",
                        "вегетациялық / вегетацияаралық кезеңдегі құндылық ({cur}/м³)"),
    "eco_benefit": ("economic benefit (M {cur}/yr)", "экономическая выгода (млн {cur}/год)",
                    "экономикалық пайда (млн {cur}/жыл)"),
    "eco_npv_m": ("economic NPV (M {cur})", "экономический ЧДД (млн {cur})", "экономикалық ТДТ (млн {cur})"),
    "crop": ("crop", "культура", "дақыл"),
    "yield": ("yield (t/ha)", "урожайность (т/га)", "өнімділік (т/га)"),
    "price": ("price ({cur}/t)", "цена ({cur}/т)", "баға ({cur}/т)"),
    "other_costs": ("other costs ({cur}/ha)", "прочие затраты ({cur}/га)", "басқа шығындар ({cur}/га)"),
    "water_need": ("water need (m³/ha)", "потребность в воде (м³/га)", "суға қажеттілік (м³/га)"),
    "crop_value": ("value ({cur}/m³)", "ценность ({cur}/м³)", "құндылық ({cur}/м³)"),
    "share_growing": ("share of need Apr–Sep", "доля потребности в апреле–сентябре",
                      "сәуір–қыркүйектегі қажеттілік үлесі"),
    "sources": ("sources", "источники", "дереккөздер"),
    "views_note": (
        "Financial view: what the water user pays and Kazvodkhoz collects — the gross saving (water no longer "
        "bought at the canal head) times the published tariff, current and proposed. Economic view: what the "
        "water is worth to the economy — the net saving (water no longer depleted) in each month times the "
        "shadow value of the treated demand's water in that month: the output value of the crops that need "
        "water then per m³ of their requirement, weighted by that requirement; water saved in a month when none "
        "of its crops needs any is worth the off-season value (0 unless the plan gives one). The values per m³ "
        "shown for the ICWC seasons (growing April–September, non-growing October–March) are each season's "
        "benefit over its net saving. Crop values without deducted input costs are upper bounds. NPVs are over "
        "each measure's lifetime with the whole area equipped; '{all}' sums them.",
        "Финансовая оценка — то, что платит водопользователь и получает Казводхоз: валовая экономия (вода, "
        "которую больше не покупают в голове канала), умноженная на опубликованный тариф, текущий и "
        "предлагаемый. Экономическая оценка — ценность воды для экономики: чистая экономия (вода, которая "
        "больше не расходуется безвозвратно) в каждом месяце, умноженная на теневую цену воды этого "
        "водопотребителя в этом месяце, то есть на стоимость продукции культур, которым в этом месяце нужна "
        "вода, на 1 м³ их потребности, взвешенную по этой потребности; вода, сэкономленная в месяц, когда ни "
        "одной из его культур вода не нужна, оценивается по внесезонной ценности (0, если план её не задаёт). "
        "Ценность 1 м³ в сезоны МКВК (вегетационный апрель–сентябрь, межвегетационный октябрь–март) — выгода "
        "сезона, делённая на его чистую экономию. Ценность культур без вычета затрат на прочие ресурсы — "
        "верхняя оценка. ЧДД рассчитан за срок службы каждого мероприятия при оснащении всей площади; "
        "«{all}» — их сумма.",
        "Қаржылық бағалау — су пайдаланушы төлейтін және Қазсушар алатын сома: жалпы үнемдеу (канал басында "
        "енді сатып алынбайтын су) жарияланған тарифке, қазіргі және ұсынылған, көбейтіледі. Экономикалық "
        "бағалау — судың экономика үшін құндылығы: әр айдағы таза үнемдеу (енді қайтарымсыз жұмсалмайтын су) "
        "сол айдағы су тұтынушы суының көлеңкелі бағасына көбейтіледі, яғни сол айда суды қажет ететін "
        "дақылдар өнімінің олардың қажеттілігінің 1 м³-іне шаққандағы, осы қажеттілікпен өлшенген құнына; "
        "дақылдарының ешқайсысына су қажет емес айда үнемделген су маусымнан тыс құндылықпен бағаланады "
        "(жоспарда берілмесе 0). МҮСК маусымдарындағы (вегетациялық сәуір–қыркүйек, вегетацияаралық "
        "қазан–наурыз) 1 м³ құндылығы — маусым пайдасы оның таза үнеміне бөлінген. Басқа ресурстар шығыны "
        "шегерілмеген дақыл құны — жоғарғы бағалау. ТДТ әр шараның қызмет ету мерзімі бойынша бүкіл алаң "
        "жабдықталған жағдайда есептелген; «{all}» — олардың қосындысы."),
    # the money: plain sentences, also printed by the command in English
    "money": ("Money in {cur} at {year} prices (the catalogue's).",
              "Денежные величины — в {cur} в ценах {year} г. (по каталогу мероприятий).",
              "Ақшалай шамалар — {cur}, {year} жылғы бағамен (шаралар каталогы бойынша)."),
    "exchange": ("Exchange rate: {rate} {cur}/USD ({year}) [{source}].",
                 "Обменный курс: {rate} {cur}/долл. США ({year}) [{source}].",
                 "Айырбас бағамы: {rate} {cur}/АҚШ долл. ({year}) [{source}]."),
    "tariff_line": ("Financial view: tariff '{key}' {now} {unit} now [{source}]{proposed}; applied to the gross "
                    "saving (water no longer bought at the canal head).",
                    "Финансовая оценка: тариф «{key}» сейчас {now} {unit} [{source}]{proposed}; применяется к "
                    "валовой экономии (вода, которую больше не покупают в голове канала).",
                    "Қаржылық бағалау: «{key}» тарифі қазір {now} {unit} [{source}]{proposed}; жалпы үнемдеуге "
                    "қолданылады (канал басында енді сатып алынбайтын су)."),
    "tariff_proposed": (", proposed {value} [{source}]", ", предлагаемый {value} [{source}]",
                        ", ұсынылғаны {value} [{source}]"),
    "no_tariffs": ("Financial view: the plan gives no tariffs.", "Финансовая оценка: в плане нет тарифов.",
                   "Қаржылық бағалау: жоспарда тарифтер жоқ."),
    "override_line": ("Economic view: OVERRIDE, every m3 of net saving valued at {value} {cur}/m3{why}.",
                      "Экономическая оценка: ЗАДАНА ВРУЧНУЮ, каждый м³ чистой экономии оценён в {value} {cur}/м³{why}.",
                      "Экономикалық бағалау: ҚОЛМЕН БЕРІЛГЕН, таза үнемдеудің әр м³-і {value} {cur}/м³ деп "
                      "бағаланды{why}."),
    "override_option": (" (given with --water-value)", " (задано в командной строке)", " (командалық жолда берілген)"),
    "crop_line": ("Economic view: {crop} {value} {cur}/m3 of crop water requirement ({yield_t} t/ha × {price} {cur}/t"
                  "{costs} ÷ {water} m3/ha), in the months the crop needs water; applied to the net saving month by "
                  "month.",
                  "Экономическая оценка: {crop} — {value} {cur}/м³ потребности культуры в воде ({yield_t} т/га × "
                  "{price} {cur}/т{costs} ÷ {water} м³/га) в месяцы, когда культуре нужна вода; применяется к чистой "
                  "экономии помесячно.",
                  "Экономикалық бағалау: {crop} — дақылдың суға қажеттілігінің әр м³-іне {value} {cur}/м³ "
                  "({yield_t} т/га × {price} {cur}/т{costs} ÷ {water} м³/га), дақылға су қажет айларда; таза "
                  "үнемдеуге ай сайын қолданылады."),
    "crop_costs": (" − {value} {cur}/ha", " − {value} {cur}/га", " − {value} {cur}/га"),
    "no_crops": ("Economic view: the plan gives no crop values (economic NPV not computed).",
                 "Экономическая оценка: в плане нет ценности культур (экономический ЧДД не рассчитан).",
                 "Экономикалық бағалау: жоспарда дақылдар құндылығы жоқ (экономикалық ТДТ есептелмеген)."),
    # the cost curve
    "h_curve": ("Cost curve", "Кривая затрат", "Шығындар қисығы"),
    "curve_title": ("Cost curve (net savings): {plan}", "Кривая затрат (чистая экономия): {plan}",
                    "Шығындар қисығы (таза үнемдеу): {plan}"),
    "curve_file_title": ("Cost curve of water saving: {plan}", "Кривая затрат на водосбережение: {plan}",
                         "Су үнемдеу шығындарының қисығы: {plan}"),
    "curve_default_net": ("Cost curve of water saving (net savings)",
                          "Кривая затрат на водосбережение (чистая экономия)",
                          "Су үнемдеу шығындарының қисығы (таза үнемдеу)"),
    "curve_default_gross": ("Cost curve of water saving (gross savings)",
                            "Кривая затрат на водосбережение (валовая экономия)",
                            "Су үнемдеу шығындарының қисығы (жалпы үнемдеу)"),
    "curve_x_net": ("net water saved (hm³/yr, cumulative)", "чистая экономия воды (млн м³/год, нарастающим итогом)",
                    "таза үнемделген су (млн м³/жыл, жинақталған)"),
    "curve_x_gross": ("gross water saved (hm³/yr, cumulative)",
                      "валовая экономия воды (млн м³/год, нарастающим итогом)",
                      "жалпы үнемделген су (млн м³/жыл, жинақталған)"),
    "curve_y": ("equivalent annual cost per m³ saved ({cur}/m³)",
                "эквивалентные годовые затраты на 1 м³ сэкономленной воды ({cur}/м³)",
                "үнемделген 1 м³ суға жылдық баламалы шығын ({cur}/м³)"),
    "curve_bar": ("{label}: {width} hm³/yr at {cost}", "{label}: {width} млн м³/год по {cost}",
                  "{label}: {width} млн м³/жыл, {cost}"),
    "curve_reference": ("reference price {price} {cur}/m³", "опорная цена {price} {cur}/м³",
                        "салыстыру бағасы {price} {cur}/м³"),
    "curve_empty": ("no measure saves water", "ни одно мероприятие не экономит воду",
                    "бірде-бір шара су үнемдемейді"),
    "ref_value_override": ("economic value (override)", "экономическая ценность (задана вручную)",
                           "экономикалық құндылық (қолмен берілген)"),
    "ref_value_mean": ("economic value, plan mean", "экономическая ценность, среднее по плану",
                       "экономикалық құндылық, жоспар бойынша орташа"),
    "ref_tariff_current": ("{key} tariff, current", "тариф «{key}», текущий", "«{key}» тарифі, қазіргі"),
    "ref_tariff_proposed": ("{key} tariff, proposed", "тариф «{key}», предлагаемый", "«{key}» тарифі, ұсынылған"),
    # choice under a budget, notes, sources
    "h_budget": ("Choice under a budget of {budget} {cur}", "Выбор в пределах бюджета {budget} {cur}",
                 "{budget} {cur} бюджет шегінде таңдау"),
    "portfolio": ("{chosen} — cost {cost}, net saving {saving} hm³/yr",
                  "{chosen} — стоимость {cost}, чистая экономия {saving} млн м³/год",
                  "{chosen} — құны {cost}, таза үнемдеу {saving} млн м³/жыл"),
    "method_greedy": ("greedy", "жадный отбор (по стоимости 1 м³)", "ашкөз іріктеу (1 м³ құны бойынша)"),
    "method_milp": ("milp", "оптимальный (целочисленное программирование)", "оңтайлы (бүтін санды бағдарламалау)"),
    "method_brute-force": ("brute-force", "оптимальный (полный перебор)", "оңтайлы (толық іріктеу)"),
    "nothing": ("nothing", "ничего", "ештеңе"),
    "h_notes": ("Notes", "Примечания", "Ескертпелер"),
    "note_no_fall": ("{name}: the withdrawal did not fall (the demand may have been short of water and now receives "
                     "more: {change} hm3/yr)",
                     "{name}: водозабор не уменьшился (водопотребителю, возможно, не хватало воды, и теперь он "
                     "получает больше: {change} млн м³/год)",
                     "{name}: су алу азайған жоқ (су тұтынушыға су жетпеген болуы мүмкін, енді ол көбірек алады: "
                     "{change} млн м³/жыл)"),
    "h_sources": ("Measures and sources", "Мероприятия и источники", "Шаралар және дереккөздер"),
    "estimate": ("[estimate]", "[оценка]", "[бағалау]"),
    # the published tariff kinds of Kazvodkhoz (a plan's other keys are shown as written)
    "tariff_gravity": ("gravity", "самотёчная подача", "өздігінен ағатын су"),
    "tariff_pumped": ("pumped", "машинный водоподъём", "машинамен көтерілетін су"),
    # currencies (another code is shown as written)
    "currency_KZT": ("KZT", "тенге", "теңге"),
    "currency_USD": ("USD", "долл. США", "АҚШ долл."),
}


def localise(text: str, lang: str) -> str:
    """A number written the English way (``1,234.5``) as ``lang`` writes it (``1 234,5`` in ru, kk)."""
    if check_lang(lang) == 0:
        return text
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def at(key: str, lang: str) -> str:
    """The appraisal report's text ``key`` in ``lang`` (the key itself if it has none, e.g. a measure's name)."""
    i = check_lang(lang)
    entry = APPRAISAL_TEXT.get(key)
    return entry[i] if entry is not None else key


def _known(prefix: str, name: str, lang: str, table: dict[str, tuple[str, str, str]]) -> str:
    entry = table.get(f"{prefix}_{name}")
    return entry[check_lang(lang)] if entry is not None else name


def currency_text(code: str, lang: str) -> str:
    """A currency in ``lang``: ``KZT`` → ``тенге`` / ``теңге``; a code the catalogue lacks as written."""
    return _known("currency", code, lang, APPRAISAL_TEXT)


def crop_text(name: str, lang: str) -> str:
    """A crop by its name in ``lang`` (the run report's crop names); one it lacks as written."""
    return _known("crop", name, lang, REPORT_TEXT)


def tariff_text(key: str, lang: str) -> str:
    """A tariff key of the plan in ``lang`` (``gravity``, ``pumped``); another key as written."""
    return _known("tariff", key, lang, APPRAISAL_TEXT)


def method_text(method: str, lang: str) -> str:
    """How a portfolio was chosen (``greedy``, ``milp``, ``brute-force``) in ``lang``."""
    return _known("method", method, lang, APPRAISAL_TEXT)


def no_fall_note(name: str, delivered_change_m3_per_year: float, lang: str) -> str:
    """The note on a measure whose demand's withdrawal did not fall (it got more water instead)."""
    change = fmt_number(delivered_change_m3_per_year / 1e6, lang, 1)
    return at("note_no_fall", lang).format(name=name, change=change)
