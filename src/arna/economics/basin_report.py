"""Self-contained HTML report of a basin appraisal: tables and inline SVG figures (no CDN, no scripts).

The report is written in English, Russian or Kazakh (``lang``): its texts are
:data:`arna.economics.i18n.APPRAISAL_TEXT`; the model's nodes and scenario, the plan and its
measures and the catalogue's measures are shown by their ``labels`` (the name as written where a
language has none). Sources and notes are quoted as the plan writes them.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from arna import __version__
from arna.economics.basin import ALL, BASELINE, BasinAppraisal
from arna.economics.basin_figures import outlet_figure, outlet_figure_svg, svg_of
from arna.economics.basin_texts import Voice, money_basis_lines, reference_lines
from arna.economics.costcurve import cost_curve_figure
from arna.economics.i18n import crop_text, method_text, no_fall_note
from arna.economics.portfolio import Portfolio
from arna.errors import DataFileError
from arna.i18n import fmt_date
from arna.report.i18n import unit_text
from arna.schema.document import label_in

__all__ = ["money_basis_lines", "outlet_figure", "outlet_figure_svg", "reference_lines", "render_appraisal_report",
           "svg_of", "table_csv", "write_text_atomically"]

M3_PER_HM3 = 1e6
M3_PER_KM3 = 1e9
MILLION = 1e6

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2rem auto;
color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}th{background:#f3f6f9;text-align:left}
td.text{text-align:left}.meta{color:#555;font-size:.9rem}svg{max-width:100%;height:auto}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem;font-size:.9rem}
"""


def _table(head: Sequence[str], rows: Sequence[str]) -> str:
    return "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>"


def _text(value: str) -> str:
    return f'<td class="text">{html.escape(value)}</td>'


def _num(value: str) -> str:
    return f"<td>{html.escape(value)}</td>"


def _per_year(v: Voice, key: str) -> str:
    """A column of hm³ per year: its name and the unit in the language."""
    return f"{v.t(key)} ({unit_text('hm3/yr', v.lang)})"


def measures_table(result: BasinAppraisal, lang: str = "en") -> str:
    """The appraisal table in hm³/yr and the catalogue currency."""
    v = Voice(result, lang)
    cur = v.cur
    head = [v.t("measure"), v.t("demand"), v.t("area_ha"), v.t("investment", cur=cur), v.t("eac", cur=cur),
            *(_per_year(v, k) for k in ("gross_saving", "net_saving", "to_outlets", "to_other_demands", "elsewhere")),
            v.t("cost_gross", cur=cur), v.t("cost_net", cur=cur), v.t("cost_levelised", cur=cur),
            v.t("economic_npv", cur=cur)]
    rows = []
    for r in result.table.to_dict("records"):
        measure = "" if r["name"] == ALL else v.measure(str(r["measure_id"]))
        cells = [f'<td class="text">{html.escape(v.run(str(r["name"])))}<br><small>{html.escape(measure)}</small></td>',
                 _text(v.node(str(r["demand"])) if r["demand"] else ""), _num(v.num(float(r["area_ha"]), 0)),
                 _num(v.num(float(r["investment"]), 0)), _num(v.num(float(r["equivalent_annual_cost"]), 0))]
        for k in ("gross_saving_m3_per_year", "net_saving_m3_per_year", "to_outlets_m3_per_year",
                  "to_other_demands_m3_per_year", "elsewhere_m3_per_year"):
            cells.append(_num(v.num(float(r[k]) / M3_PER_HM3, 1)))
        for k in ("cost_per_m3_gross", "cost_per_m3_net", "levelised_cost_per_m3_net"):
            cells.append(_num(v.num(float(r[k]), 3)))
        cells.append(_num(v.num(float(r["npv"]), 0)))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _table(head, rows)


def outlets_table(result: BasinAppraisal, lang: str = "en") -> str:
    """Mean annual inflow of each outlet per run, and the change from the run without measures."""
    v = Voice(result, lang)
    flows = result.outlets
    outlets = [v.node(str(c)) for c in flows.columns]
    head = [v.t("run")] + [f"{o} ({unit_text('km3/yr', lang)})" for o in outlets] + [
        f"{v.t('change_at', outlet=o)} ({unit_text('hm3/yr', lang)})" for o in outlets]
    rows = []
    values = flows.to_numpy(dtype=float)
    base = values[list(flows.index).index(BASELINE)]
    for label, r in zip(flows.index, values, strict=True):
        cells = [_text(v.run(str(label)))]
        cells += [_num(v.num(float(x) / M3_PER_KM3, 3)) for x in r]
        cells += [_num(v.num(float(x - b) / M3_PER_HM3, 1)) for x, b in zip(r, base, strict=True)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _table(head, rows)


def views_table(result: BasinAppraisal, lang: str = "en") -> str:
    """The financial and the economic view of each measure, side by side."""
    v = Voice(result, lang)
    cur = v.cur
    head = [v.t("measure"), _per_year(v, "gross_saving"), v.t("tariffs", cur=cur), v.t("bill_saved", cur=cur),
            v.t("fin_npv_now", cur=cur), v.t("fin_npv_proposed", cur=cur), _per_year(v, "net_by_season"),
            v.t("value_by_season", cur=cur), v.t("eco_benefit", cur=cur), v.t("eco_npv_m", cur=cur)]
    rows = []
    for r in result.table.to_dict("records"):
        cells = [_text(v.run(str(r["name"]))), _num(v.num(float(r["gross_saving_m3_per_year"]) / M3_PER_HM3, 1)),
                 _pair(v, float(r["tariff_per_m3"]), float(r["tariff_proposed_per_m3"]), 3),
                 _num(v.num(float(r["financial_benefit_per_year"]) / MILLION, 1)),
                 _num(v.num(float(r["financial_npv"]) / MILLION, 0)),
                 _num(v.num(float(r["financial_npv_proposed"]) / MILLION, 0)),
                 _pair(v, float(r["net_saving_growing_m3_per_year"]) / M3_PER_HM3,
                       float(r["net_saving_non_growing_m3_per_year"]) / M3_PER_HM3, 1),
                 _pair(v, float(r["economic_value_growing_per_m3"]), float(r["economic_value_non_growing_per_m3"]), 2),
                 _num(v.num(float(r["economic_benefit_per_year"]) / MILLION, 1)),
                 _num(v.num(float(r["npv"]) / MILLION, 0))]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _table(head, rows)


def _pair(v: Voice, a: float, b: float, digits: int) -> str:
    return _num(f"{v.num(a, digits)} / {v.num(b, digits)}")


def crops_table(result: BasinAppraisal, lang: str = "en") -> str:
    """The crop values of the economic view with their sources; nothing for an override or without crops."""
    plan = result.plan
    if plan.economic is None or result.economic_basis == "override":
        return ""
    v = Voice(result, lang)
    cur = v.cur
    head = [v.t("crop"), v.t("yield"), v.t("price", cur=cur), v.t("other_costs", cur=cur), v.t("water_need"),
            v.t("crop_value", cur=cur), v.t("share_growing"), v.t("sources")]
    rows = []
    for name, c in plan.economic.crops.items():
        figs = [c.yield_t_per_ha, c.price_per_t, c.water_m3_per_ha] + (
            [c.other_costs_per_ha] if c.other_costs_per_ha is not None else [])
        srcs = ", ".join(dict.fromkeys(f.source + (" [E]" if f.estimate else "") for f in figs))
        other = v.num(c.other_costs_per_ha.value, 0) if c.other_costs_per_ha else "–"
        rows.append("<tr>" + _text(crop_text(name, lang)) + _num(v.num(c.yield_t_per_ha.value, 2))
                    + _num(v.num(c.price_per_t.value, 0)) + _num(other) + _num(v.num(c.water_m3_per_ha.value, 0))
                    + _num(v.num(c.value_per_m3(), 2)) + _num(v.pct(c.season_share("growing"), 0)) + _text(srcs)
                    + "</tr>")
    return _table(head, rows)


def values_section(result: BasinAppraisal, lang: str = "en") -> str:
    """Where the values of water come from: tariffs and crop values with their sources."""
    v = Voice(result, lang)
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in money_basis_lines(result, lang))
    return "\n".join([f"<h2>{html.escape(v.t('h_views'))}</h2>", f"<ul>{lines}</ul>", crops_table(result, lang),
                      views_table(result, lang), _note(v.t("views_note", all=v.t(ALL)))])


def salinity_table(result: BasinAppraisal, lang: str = "en") -> str:
    """Mean salinity (g/L, over the timesteps with water) at each node per run, for a model with ``quality``."""
    v = Voice(result, lang)
    sal = result.salinity
    rows = []
    for node in sal.columns:
        cells = [_text(v.node(str(node)))] + [_num(v.num(float(x), 3)) for x in sal[node]]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _table([v.t("node"), *(v.run(str(r)) for r in sal.index)], rows)


def _note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def _h2(v: Voice, key: str, **values: object) -> str:
    return f"<h2>{html.escape(v.t(key, **values))}</h2>"


def render_appraisal_report(result: BasinAppraisal, portfolios: list[Portfolio] | None = None,
                            budget: float | None = None, lang: str = "en") -> str:
    """The whole report as one HTML string in ``lang`` (``en``, ``ru`` or ``kk``)."""
    v = Voice(result, lang)
    title = v.t("title", plan=v.plan(), model=v.model())
    meta = v.t("meta", scenario=html.escape(v.scenario()), rate=v.pct(float(result.table["discount_rate"].iloc[0])),
               currency=html.escape(v.cur), year=result.price_year, version=html.escape(__version__),
               date=fmt_date(dt.date.today(), lang))
    parts = ["<!DOCTYPE html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
             f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>", f'<p class="meta">{meta}</p>']
    plan = result.plan
    if plan.description:
        parts.append(f"<p>{html.escape(label_in(plan.description_labels, lang, plan.description))}</p>")
    parts += [_h2(v, "h_outlets"), outlets_table(result, lang), outlet_figure_svg(result, lang)]
    if not result.salinity.empty:
        parts += [_h2(v, "h_salinity"), salinity_table(result, lang), _note(v.t("salinity_note"))]
    parts += [_h2(v, "h_measures"), measures_table(result, lang), _note(v.t("measures_note", all=v.t(ALL))),
              values_section(result, lang), _h2(v, "h_curve"), _cost_curve(v)]
    if portfolios:
        parts.append(_choice(v, portfolios, budget))
    notes = _notes(v)
    if notes:
        parts.append(_h2(v, "h_notes") + "<ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>")
    parts += [_sources(v), "</body></html>"]
    return "\n".join(parts)


def _cost_curve(v: Voice) -> str:
    return svg_of(cost_curve_figure(v.result.appraisals, currency=v.cur, title=v.t("curve_title", plan=v.plan()),
                                    references=reference_lines(v.result, v.lang), lang=v.lang, label=v.bar_label))


def _choice(v: Voice, portfolios: list[Portfolio], budget: float | None) -> str:
    head = _h2(v, "h_budget", budget=v.num(float(budget or 0.0), 0), cur=v.cur)
    items = []
    for p in portfolios:
        chosen = ", ".join(v.run(c) for c in p.chosen) or v.t("nothing")
        saving = v.num(p.saving_m3_per_year / M3_PER_HM3, 1)
        line = v.t("portfolio", chosen=chosen, cost=v.num(p.cost, 0), saving=saving)
        items.append(f"<li><b>{html.escape(method_text(p.method, v.lang))}</b>: {html.escape(line)}</li>")
    return head + "<ul>" + "".join(items) + "</ul>"


def _notes(v: Voice) -> list[str]:
    """The appraisal's notes in the language: measures whose demand's withdrawal did not fall."""
    if v.lang == "en":
        return list(v.result.notes)
    rows = v.result.table.to_dict("records")
    return [no_fall_note(v.run(str(r["name"])), float(r["delivered_change_m3_per_year"]), v.lang)
            for r in rows if r["name"] != ALL and float(r["gross_saving_m3_per_year"]) <= 0]


def _sources(v: Voice) -> str:
    plan = v.result.plan
    items = []
    for m in plan.measures:
        src = f" [{html.escape(m.source)}]" if m.source else ""
        est = f" <b>{html.escape(v.t('estimate'))}</b>" if m.estimate else ""
        note = f": {html.escape(m.note)}" if m.note else ""
        items.append(f"<li><b>{html.escape(v.run(m.name))}</b>{src}{est}{note}</li>")
    keys = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(x)}</li>" for k, x in plan.sources.items())
    return _h2(v, "h_sources") + f"<ul>{''.join(items)}</ul>" + (f"<ul>{keys}</ul>" if keys else "")


def write_text_atomically(text: str, path: str | Path) -> Path:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`."""
    p = Path(path)
    directory = p.parent if str(p.parent) else Path(".")
    if not directory.is_dir():
        raise DataFileError(f"{p}: the output directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def table_csv(result: BasinAppraisal) -> str:
    """The appraisal table as CSV text."""
    frame: pd.DataFrame = result.table
    return str(frame.to_csv(index=False))
