"""The report's calibration section: each cited observation beside the simulated value, in en/ru/kk.

Built from :func:`arna.indicators.calibration.calibration_table`; the texts of this section live
here so that the section can change without touching the rest of the report.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import pandas as pd

from arna.engine.results import Results
from arna.i18n import MONTHS, NBSP, check_lang, fmt_number, fmt_pct
from arna.indicators.calibration import (
    calibration_summary,
    calibration_table,
    default_scenario,
    not_calibrated,
    row_decimals,
)
from arna.report.i18n import attribute_name, unit_text
from arna.schema.document import ModelDocument

CAL_TEXT: dict[str, tuple[str, str, str]] = {
    # column headers
    "col_kind": ("Kind", "Вид", "Түрі"),
    "col_node": ("Node", "Узел", "Түйін"),
    "col_attribute": ("Quantity", "Величина", "Шама"),
    "col_scenario": ("Scenario", "Сценарий", "Сценарий"),
    "col_period": ("Period", "Период", "Кезең"),
    "col_cited": ("Cited", "Опубликовано", "Жарияланған"),
    "col_simulated": ("Simulated", "Модель", "Модель"),
    "col_unit": ("Unit", "Единица", "Бірлік"),
    "col_error": ("Error", "Отклонение", "Ауытқу"),
    "col_tolerance": ("Tolerance", "Допуск", "Рұқсат"),
    "col_status": ("Result", "Результат", "Нәтиже"),
    "col_source": ("Source", "Источник", "Дереккөз"),
    # kinds
    "annual": ("Annual volume", "Годовой объём", "Жылдық көлем"),
    "period_mean": ("Mean over a period", "Среднее за период", "Кезең бойынша орташа"),
    "named_year": ("Named year", "Отдельный год", "Жеке жыл"),
    "seasonal_share": ("Seasonal share", "Доля сезона", "Маусым үлесі"),
    "storage": ("Storage", "Объём водохранилища", "Су қоймасының көлемі"),
    "hydropower": ("Hydropower", "Выработка ГЭС", "ГЭС өндірісі"),
    # statuses
    "within": ("within", "в пределах допуска", "рұқсат шегінде"),
    "outside_tolerance": ("outside", "вне допуска", "рұқсаттан тыс"),
    "outside_run": ("outside the run", "вне периода расчёта", "есеп кезеңінен тыс"),
    "scenario_not_run": ("scenario not run", "сценарий не рассчитан", "сценарий есептелмеген"),
    # periods
    "mean": ("mean", "среднее", "орташа"),
    "whole_run": ("whole run", "весь период расчёта", "бүкіл есеп кезеңі"),
    "water_year": ("water year {start}–{end}", "гидрологический год {start}–{end}",
                   "гидрологиялық жыл {start}–{end}"),
    "pp": ("pp", "п.п.", "п.т."),
    # sentences
    "intro": ("Scenario {scenario}. Error = simulated − cited; shares in percentage points. "
              "Seasons are ICWC's: growing season April–September, non-growing October–March "
              "(in the water year October–September, labelled by the year it ends in).",
              "Сценарий {scenario}. Отклонение = модель − опубликовано; доли в процентных пунктах. "
              "Сезоны по МКВК: вегетация апрель–сентябрь, межвегетация октябрь–март "
              "(в гидрологическом году октябрь–сентябрь, обозначенном годом его окончания).",
              "Сценарий {scenario}. Ауытқу = модель − жарияланған; үлестер пайыздық тармақпен. "
              "Маусымдар МСҮК бойынша: вегетация сәуір–қыркүйек, вегетациядан тыс қазан–наурыз "
              "(қазан–қыркүйек гидрологиялық жылында, аяқталған жылымен белгіленеді)."),
    "summary": ("{kind}: {within} of {rows} within tolerance", "{kind}: {within} из {rows} в пределах допуска",
                "{kind}: {rows} ішінен {within} рұқсат шегінде"),
    "not_calibrated": ("Not calibrated", "Не калибруется", "Калибрленбейді"),
    "none": ("The model lists nothing.", "Модель ничего не указывает.", "Модельде көрсетілмеген."),
}


def ct(key: str, lang: str) -> str:
    """The text ``key`` of this section in ``lang`` (the key itself if it has none)."""
    entry = CAL_TEXT.get(key)
    return entry[check_lang(lang)] if entry is not None else key


def _months(row: pd.Series, lang: str) -> str:
    """The entry's months from the start of its year (October, …, March for the ICWC winter)."""
    begins = int(row["year_begins"])
    ms = sorted((int(m) for m in str(row["months"]).split(",") if m), key=lambda m: (m - begins) % 12)
    if not ms:
        return ""
    names = MONTHS[lang]
    rank = [(m - begins) % 12 for m in ms]
    if len(ms) > 1 and rank == list(range(rank[0], rank[0] + len(rank))):
        return f"{names[ms[0] - 1]}–{names[ms[-1] - 1]}"
    return ", ".join(names[m - 1] for m in ms)


def _period(row: pd.Series, lang: str) -> str:
    years = str(row["years"])
    year_text = "" if not years else years if "–" not in years and "," not in years else f"{ct('mean', lang)} {years}"
    if len(str(row["date"])) == 10:  # a full date says its year
        year_text = ""
    head = [x for x in (str(row["date"]), _months(row, lang), year_text) if x]
    notes = [ct("whole_run", lang)] if bool(row["whole_run"]) else []
    if row["months"] and int(row["year_begins"]) != 1:
        begins = int(row["year_begins"])
        notes.append(ct("water_year", lang).format(start=MONTHS[lang][begins - 1],
                                                   end=MONTHS[lang][(begins + 10) % 12]))
    text = ", ".join(head) if head else ""
    return (text + (f" ({'; '.join(notes)})" if notes else "")).strip()


def _unit(unit: str, lang: str) -> str:
    """A unit as the entry writes it (km3/yr), in the report's language (км³/год); others as written."""
    return unit_text(unit, lang)


def _signed(x: float, lang: str, decimals: int) -> str:
    if not math.isfinite(x):
        return "—"
    text = fmt_number(abs(x), lang, decimals)
    zero = text.strip("0.,") == ""
    return ("" if zero else "+" if x > 0 else "−") + text


def _error(row: pd.Series, lang: str, decimals: int) -> str:
    if pd.isna(row["error"]):
        return "—"
    if row["aggregate"] == "season_share":
        return f"{_signed(float(row['error']), lang, decimals)} {ct('pp', lang)}"
    rel = "" if pd.isna(row["error_rel"]) else \
        f" ({_signed(100 * float(row['error_rel']), lang, 0)}{'%' if lang == 'en' else NBSP + '%'})"
    return _signed(float(row["error"]), lang, decimals) + rel


def _tolerance(row: pd.Series, lang: str) -> str:
    if row["tolerance_type"] == "relative":
        return "±" + fmt_pct(float(row["tolerance"]), lang, 0)
    unit = ct("pp", lang) if row["tolerance_type"] == "pp" else _unit(str(row["unit"]), lang)
    tol = f"{float(row['tolerance']):g}"
    return f"±{tol if lang == 'en' else tol.replace('.', ',')} {unit}".rstrip()


def _value(v: float, lang: str, decimals: int) -> str:
    return fmt_number(float(v), lang, decimals) if math.isfinite(v) else "—"


def scenario_labels(doc: ModelDocument, lang: str) -> dict[str, str]:
    """Each scenario's label in ``lang`` when the document gives one (``labels: {ru, kk}``), else its name."""
    out = {}
    for s in doc.scenarios:
        labels = getattr(s, "labels", None)
        label = labels.get(lang) if isinstance(labels, Mapping) else None
        out[s.name] = str(label) if label else s.name
    return out


def _rows(table: pd.DataFrame, lang: str, names: Mapping[str, str], scenarios: Mapping[str, str]) -> str:
    out = []
    for _, r in table.iterrows():
        cells = [names.get(str(r["node"]), str(r["node"])), attribute_name(str(r["attribute"]), lang),
                 scenarios.get(str(r["scenario"]), str(r["scenario"])),
                 _period(r, lang)]
        decimals = row_decimals(float(r["cited"]), float(r["band"]))
        numbers = [_value(float(r["cited"]), lang, decimals), _value(float(r["simulated"]), lang, decimals)]
        tail = [_unit(str(r["unit"]), lang), _error(r, lang, decimals), _tolerance(r, lang)]
        status = ct(str(r["status"]), lang)
        style = ' style="color:#b00020;font-weight:600"' if r["status"] == "outside_tolerance" else ""
        out.append("<tr>" + "".join(f'<td class="text">{html.escape(c)}</td>' for c in cells)
                   + "".join(f"<td>{html.escape(c)}</td>" for c in numbers)
                   + "".join(f"<td>{html.escape(c)}</td>" for c in tail)
                   + f'<td class="text"{style}>{html.escape(status)}</td>'
                   + f'<td class="text">{html.escape(str(r["source"]))}</td></tr>')
    return "".join(out)


COLUMNS = ("node", "attribute", "scenario", "period", "cited", "simulated", "unit", "error", "tolerance", "status",
           "source")


def calibration_html(table: pd.DataFrame, missing: list[tuple[str, str]], scenario: str, lang: str,
                     names: Mapping[str, str], scenarios: Mapping[str, str] | None = None) -> str:
    """One table per kind with its summary, then what the model cannot be calibrated on.

    ``names`` and ``scenarios``: display names of nodes and scenarios in ``lang``."""
    scenarios = scenarios or {}
    intro = ct("intro", lang).format(scenario=scenarios.get(scenario, scenario))
    parts = [f'<p class="small">{html.escape(intro)}</p>']
    head = "".join(f"<th>{html.escape(ct('col_' + c, lang))}</th>" for c in COLUMNS)
    summary = calibration_summary(table)
    for _, s in summary.iterrows():
        kind = str(s["kind"])
        title = ct("summary", lang).format(kind=ct(kind, lang), within=s["within"], rows=s["rows"])
        body = _rows(table[table["kind"] == kind], lang, names, scenarios)
        parts.append(f"<h3>{html.escape(title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
                     "</table>")
    parts.append(f"<h3>{html.escape(ct('not_calibrated', lang))}</h3>")
    if missing:
        items = "".join(f"<li>{html.escape(what)}: {html.escape(why)}</li>" for what, why in missing)
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append(f"<p>{html.escape(ct('none', lang))}</p>")
    return "".join(parts)


def calibration_section(doc: ModelDocument, res: Results, lang: str, names: Mapping[str, str]) -> str:
    """The section's body for ``doc`` and its results, in the scenario a calibration uses by default."""
    wanted = default_scenario(doc.scenario_names())
    scenario = wanted if wanted in res.scenarios else default_scenario(res.scenarios)
    table = calibration_table(doc.metadata, res, scenario)
    missing = [(m.what, m.why) for m in not_calibrated(doc.metadata)]
    return calibration_html(table, missing, scenario, lang, names, scenario_labels(doc, lang))
