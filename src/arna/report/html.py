"""The run report: one self-contained HTML file (figures inline as SVG, no external resources).

Sections: run summary, network schematic, scenario comparison (one column per scenario),
demand performance, environmental flows, terminal lakes, hydropower by season, transboundary flows
and agreements, water balance, SDG 6.4.2 water stress, calibration (when the model cites figures),
and time series (storage, inflows, deficits, outlets, energy). Text in English, Russian or Kazakh.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from arna import __version__
from arna.engine.results import Results
from arna.errors import InputError
from arna.indicators.balance import balance_by_term, balance_closure, water_balance
from arna.indicators.performance import demand_performance
from arna.indicators.sdg import water_stress_run
from arna.indicators.targets import energy_by_season, environmental_flow_compliance, terminal_inflow
from arna.indicators.transboundary import (
    AgreementPeriod,
    agreement_compliance,
    agreement_periods,
    agreements,
    border_flows_annual,
    flow_origin,
)
from arna.indicators.yearly import yearly_tables
from arna.report.figures import auto_positions, network_svg, series_figure
from arna.report.i18n import (
    MONTHS,
    TEXT,
    fmt_auto,
    fmt_date,
    fmt_month,
    fmt_number,
    fmt_pct,
    t,
    unit_text,
)
from arna.report.names import Names, agreement_key, names_in
from arna.schema.document import ModelDocument, label_in
from arna.schema.params import parse_quantity_string

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin-top:1.2rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}th{background:#f3f6f9;text-align:left}
td.text{text-align:left}.meta{color:#555;font-size:.9rem}
svg{max-width:100%;height:auto}.network{border:1px solid #eee;background:#fcfdfe}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem;font-size:.9rem}
.small{color:#555;font-size:.85rem}
"""

PERCENT = frozenset({"coverage", "reliability", "resilience", "compliance", "winter_share", "share",
                     "outside_share", "tolerance", "min_coverage", "max_coverage", "head_coverage",
                     "tail_coverage"})
TRANSLATED_VALUES = frozenset({"term", "detail", "agreement"})
NODE_COLUMNS = frozenset({"demand", "node", "plant", "border"})
PLACE_COLUMNS = frozenset({"country", "region", "upstream_country", "downstream_country"})
#: Run totals shown as means per year (hm³ over the run → hm³/yr), by table column.
PER_YEAR = {"demand_hm3": "demand_hm3_per_year", "delivered_hm3": "delivered_hm3_per_year",
            "total_deficit_hm3": "deficit_hm3_per_year", "required_hm3": "required_hm3_per_year",
            "passed_hm3": "passed_hm3_per_year", "shortfall_hm3": "shortfall_hm3_per_year",
            "volume_short_hm3": "volume_short_hm3_per_year"}


SIGNS = {1: "+", -1: "−", 0: "0"}
HIDDEN = frozenset({"basin", "start", "max_deficit_hm3", "sign_hidden"})


def _cell(col: str, v: object, names: Names) -> tuple[str, bool]:
    """Formatted text of one value and whether it is text (left-aligned), with display names from ``names``."""
    lang = names.lang
    if v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return "—", False
    if isinstance(v, bool | np.bool_):
        return t("yes" if v else "no", lang), True
    if isinstance(v, pd.Timestamp | dt.date):
        return fmt_month(v, lang), True
    if isinstance(v, int | np.integer):
        if col == "sign":
            return SIGNS.get(int(v), str(v)), False
        return (str(v) if col == "year" else fmt_number(float(v), lang)), False
    if isinstance(v, float | np.floating):
        return (fmt_pct(float(v), lang) if col in PERCENT else fmt_auto(float(v), lang)), False
    text = str(v)
    if col in NODE_COLUMNS or (col == "detail" and text in names.nodes):  # a balance term's detail may be a node
        return names.nodes.get(text, text), True
    if col in PLACE_COLUMNS:
        return names.place(text), True
    if col == "scenario":
        return names.scenario(text), True
    if col == "agreement" and text in names.agreements:
        return names.agreements[text], True
    if col == "period":
        return names.periods.get(text, text), True
    if col == "unit":
        return unit_text(text, lang), True
    if col == "attribute" and f"attr_{text}" in TEXT:
        return t(f"attr_{text}", lang), True
    return (t(text, lang) if col in TRANSLATED_VALUES else text), True


def _header(col: str, names: Names) -> str:
    return names.scenarios[col] if col in names.scenarios else t(col, names.lang)


def _table(frame: pd.DataFrame, lang: str, drop: tuple[str, ...] = (), names: Names | None = None) -> str:
    if frame.empty:
        return f"<p>{t('none', lang)}</p>"
    names = names or Names(lang)
    cols = [c for c in frame.columns if c not in HIDDEN and c not in drop]
    head = "".join(f"<th>{html.escape(_header(str(c), names))}</th>" for c in cols)
    body = []
    for row in frame[cols].itertuples(index=False):
        cells = []
        for c, v in zip(cols, row, strict=True):
            text, is_text = _cell(str(c), v, names)
            cells.append(f'<td class="text">{html.escape(text)}</td>' if is_text else f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(title: str, content: str, note: str | None = None, level: int = 2) -> str:
    extra = f'<p class="small">{html.escape(note)}</p>' if note else ""
    return f"<h{level}>{html.escape(title)}</h{level}>{extra}{content}"


def _safe(build: Callable[[], str]) -> str:
    """A section, or a note saying why it could not be built (an input problem, not a crash)."""
    try:
        return build()
    except InputError as exc:
        return f'<p class="note">{html.escape(str(exc))}</p>'


def render_report(res: Results, doc: ModelDocument | None = None, lang: str = "en",
                  source: str | Path | None = None) -> str:
    """The report as an HTML string in ``lang`` (``en``, ``ru`` or ``kk``).

    ``doc`` enables the sections that need the model (schematic, transboundary, balance, water stress,
    calibration) and gives the translations of its names (``labels``, ``description_labels``); ``source``
    is the model file, used to read data files for initial volumes if needed.
    """
    names = names_in(doc, lang)
    title = label_in(doc.labels, lang, res.name) if doc is not None else res.name
    parts = [f"<h1>{html.escape(t('title', lang))}: {html.escape(title)}</h1>"]
    if doc is not None and doc.description:
        parts.append(f"<p>{html.escape(label_in(doc.description_labels, lang, doc.description))}</p>")
    parts.append(f'<p class="meta">{html.escape(_meta(res, names))}</p>')
    if doc is not None:
        parts.append(_scenario_list(doc, res, names))
        parts.append(_section(t("network", lang), _schematic(doc, names.nodes, lang)))
        est = metadata_text(doc, "estimates", lang)
        if est:
            parts.append(f'<p class="note">{html.escape(est)}</p>')
    tables = _indicator_tables(res, doc, source)
    parts.append(_section(t("comparison", lang), _comparison(res, tables, names)))
    means = t("means_note", lang)
    parts.append(_section(t("performance", lang), _table(_per_year(tables["performance"], res), lang, names=names),
                          t("performance_note", lang) + " " + means))
    parts.append(_section(t("eflows", lang), _table(_per_year(tables["eflows"], res), lang, names=names), means))
    parts.append(_section(t("terminals", lang), _table(_terminal_per_year(tables["terminals"]), lang, names=names)))
    parts.append(_section(t("energy", lang), _table(tables["energy"], lang, names=names), t("season_note", lang)))
    parts.append(_by_year(doc, res, names))
    if doc is not None:
        parts.append(_transboundary(doc, res, names))
        parts.append(_section(t("balance", lang), _safe(lambda: _balance(doc, res, source, names)),
                              t("balance_note", lang)))
        parts.append(_section(t("stress", lang), _safe(lambda: _table(water_stress_run(doc, res), lang, names=names))))
        from arna.report.allocation import allocation_sections  # local: it builds on this module's tables

        parts.append(allocation_sections(res, doc, names, str(source or "<model>")))
        if doc.metadata.get("calibration") or doc.metadata.get("not_calibrated"):
            parts.append(_section(t("calibration", lang), _safe(lambda: _calibration(doc, res, names))))
        if doc.quality is not None:
            parts.append(_section(t("salinity", lang), _safe(lambda: _salinity(doc, res, source, names))))
    parts.append(_figures(res, doc, names))
    body = "\n".join(parts)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>")


def metadata_text(doc: ModelDocument, key: str, lang: str) -> str | None:
    """A free-form note of ``doc.metadata`` (e.g. ``estimates``) in ``lang``: its translation in
    ``metadata.<key>_labels`` (``{ru: ..., kk: ...}``), else the note as written; ``None`` without one."""
    note = doc.metadata.get(key)
    if not note:
        return None
    labels = doc.metadata.get(f"{key}_labels")
    return label_in(labels if isinstance(labels, dict) else None, lang, str(note))


def _meta(res: Results, names: Names) -> str:
    lang = names.lang
    err = res.balance_error
    error = t("balance_error_na", lang) if not math.isfinite(err) else t("relative", lang).format(
        error=f"{err:.1e}".replace(".", "," if lang != "en" else "."))
    return t("meta", lang).format(
        n=fmt_number(len(res.timesteps), lang), start=fmt_month(res.timesteps[0], lang),
        end=fmt_month(res.timesteps[-1], lang), scenarios=", ".join(names.scenario(s) for s in res.scenarios),
        error=error, version=__version__, written=fmt_date(dt.datetime.now(dt.UTC).date(), lang))


def _scenario_list(doc: ModelDocument, res: Results, names: Names) -> str:
    """The run's scenarios with their descriptions in the report's language."""
    lang = names.lang
    rows = "".join(
        f'<tr><td class="text">{html.escape(names.scenario(s.name))}</td>'
        f'<td class="text">{html.escape(label_in(s.description_labels, lang, s.description or "—"))}</td></tr>'
        for s in doc.scenarios if s.name in res.scenarios)
    head = f"<tr><th>{html.escape(t('scenario', lang))}</th><th>{html.escape(t('description', lang))}</th></tr>"
    return _section(t("scenario_list", lang), f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>")


def _per_year(frame: pd.DataFrame, res: Results) -> pd.DataFrame:
    """Run totals (hm³ over the run) as means per year of the run (hm³/yr), by :data:`PER_YEAR`."""
    n_years = float(res.days.sum()) / 365.25
    renamed = {c: PER_YEAR[c] for c in frame.columns if c in PER_YEAR}
    out = frame.rename(columns=renamed)
    for c in renamed.values():
        out[c] = out[c] / n_years
    return out


def _terminal_per_year(frame: pd.DataFrame) -> pd.DataFrame:
    """The terminal lakes' shortfall over the whole years as a mean per whole year."""
    out = frame.rename(columns={"shortfall_km3": "shortfall_km3_per_year"})
    whole = out["years"].astype(float).where(out["years"] > 0)
    out["shortfall_km3_per_year"] = out["shortfall_km3_per_year"] / whole
    return out


def _by_year(doc: ModelDocument | None, res: Results, names: Names) -> str:
    """Deficits, inflow to terminal lakes and hydropower energy of each calendar year."""
    lang = names.lang
    parts = [_section(t(key, lang), _table(frame, lang, names=names), level=3)
             for key, frame in yearly_tables(res).items() if not frame.empty]
    if not parts:
        return ""
    return _section(t("per_year", lang), "".join(parts), t("per_year_note", lang))


def _indicator_tables(res: Results, doc: ModelDocument | None, source: str | Path | None) -> dict[str, pd.DataFrame]:
    tables = {
        "performance": demand_performance(res),
        "eflows": environmental_flow_compliance(res),
        "terminals": terminal_inflow(res),
        "energy": energy_by_season(res),
    }
    if doc is not None:
        builders: dict[str, Callable[[ModelDocument, Results], pd.DataFrame]] = {
            "stress": water_stress_run, "agreements": agreement_compliance, "origin": flow_origin}
        for key, build in builders.items():
            try:
                tables[key] = build(doc, res)
            except InputError:
                tables[key] = pd.DataFrame()
    return tables


def _comparison(res: Results, tables: dict[str, pd.DataFrame], names: Names) -> str:
    """Key indicators, one column per scenario."""
    lang = names.lang
    rows: list[tuple[str, list[str]]] = []

    def add(key: str, values: list[float], pct: bool = False) -> None:
        rows.append((t(key, lang), [fmt_pct(v, lang) if pct else fmt_auto(v, lang) for v in values]))

    scen = res.scenarios

    def per(frame: pd.DataFrame, fn: Callable[[pd.DataFrame], float]) -> list[float]:
        return [fn(frame[frame["scenario"] == s]) for s in scen]

    perf = tables["performance"]
    if not perf.empty:
        add("cmp_coverage", per(perf, lambda g: g["delivered_hm3"].sum() / g["demand_hm3"].sum()
                                if g["demand_hm3"].sum() > 0 else float("nan")), pct=True)
        add("cmp_reliability", per(perf, lambda g: float(g["reliability"].min())), pct=True)
        years = float(res.days.sum()) / 365.25
        add("cmp_deficit", per(perf, lambda g: float(g["total_deficit_hm3"].sum()) / 1e3 / years))
    ef = tables["eflows"]
    if not ef.empty:
        add("cmp_eflow", per(ef, lambda g: g["steps_met"].sum() / g["steps_active"].sum()
                             if g["steps_active"].sum() else 1.0), pct=True)
    term = tables["terminals"]
    if not term.empty:
        add("cmp_terminal", per(term, lambda g: float(g["inflow_km3_per_year"].sum())))
    en = tables["energy"]
    if not en.empty:
        add("cmp_energy", per(en, lambda g: float(g["total_gwh_per_year"].sum())))
        add("cmp_winter", per(en, lambda g: float(g["winter_gwh_per_year"].sum())))
    ag = tables.get("agreements", pd.DataFrame())
    if not ag.empty:
        add("cmp_agreements", per(ag, lambda g: g["periods_met"].sum() / g["periods"].sum()
                                  if g["periods"].sum() else float("nan")), pct=True)
    st = tables.get("stress", pd.DataFrame())
    if not st.empty:
        add("cmp_stress", per(st, lambda g: float(g["stress_percent"].iloc[0])))
    origin = tables.get("origin", pd.DataFrame())
    if not origin.empty and origin["inside"].any():
        add("cmp_outside", per(origin, lambda g: float(g.loc[~g["inside"] & (g["country"] != "unknown"),
                                                             "volume_km3_per_year"].sum()
                                                       / g["volume_km3_per_year"].sum())), pct=True)
    if not rows:
        return f"<p>{t('none', lang)}</p>"
    head = f"<th>{html.escape(t('indicator', lang))}</th>" + "".join(
        f"<th>{html.escape(names.scenario(s))}</th>" for s in scen)
    body = "".join(f'<tr><td class="text">{html.escape(label)}</td>'
                   + "".join(f"<td>{html.escape(v)}</td>" for v in values) + "</tr>" for label, values in rows)
    return f'<table class="comparison"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _transboundary(doc: ModelDocument, res: Results, names: Names) -> str:
    lang = names.lang
    has_border = any(n.type == "border" for n in doc.nodes)
    has_country = any(getattr(n, "country", None) for n in doc.nodes if n.type == "inflow")
    if not has_border and not has_country:
        return _section(t("transboundary", lang), f"<p>{t('none', lang)}</p>")
    parts = []
    if has_border:
        parts.append(_section(t("border_flows", lang), _safe(lambda: _border_years(doc, res, names)), level=3))
        parts.append(_section(t("agreements", lang), _safe(lambda: _agreements_table(doc, res, names)), level=3))
        parts.append(_safe(lambda: _agreement_periods(doc, res, names)))
    parts.append(_section(t("origin", lang), _safe(lambda: _table(flow_origin(doc, res), lang, names=names)),
                          level=3))
    return _section(t("transboundary", lang), "".join(parts))


def _agreements_table(doc: ModelDocument, res: Results, names: Names) -> str:
    """Compliance per agreement, with each agreement's description and source."""
    lang = names.lang
    notes = []
    for i, a in enumerate(agreements(doc)):
        text = label_in(a.description_labels, lang, a.description or "")
        parts = [p for p in (text, a.source) if p]
        if parts:
            notes.append(f"<li>{html.escape(names.agreements[agreement_key(a, i)])}: "
                         f"{html.escape('; '.join(parts))}</li>")
    table = _table(_per_year(agreement_compliance(doc, res), res), lang, names=names)
    return table + (f'<ul class="small">{"".join(notes)}</ul>' if notes else "")


def _agreement_periods(doc: ModelDocument, res: Results, names: Names) -> str:
    """Each period of each agreement: its months and minimum, the occurrences met and the shortfall per year."""
    listed = agreements(doc)
    if not listed:
        return ""
    lang = names.lang
    detail = agreement_periods(doc, res)
    rows = []
    for i, a in enumerate(listed):
        for p in a.periods:
            for scen in res.scenarios:
                g = detail[(detail["agreement"] == agreement_key(a, i)) & (detail["period"] == p.label())
                           & (detail["scenario"] == scen)]
                rows.append({"scenario": scen, "agreement": agreement_key(a, i), "period": p.label(),
                             "months": _months(p.months, lang), "minimum": _minimum(p, lang),
                             "periods": len(g), "periods_met": int(g["met"].sum()),
                             "volume_short_hm3": float(g["short_hm3"].sum())})
    frame = _per_year(pd.DataFrame(rows), res)
    return _section(t("agreement_periods", lang), _table(frame, lang, names=names), t("means_note", lang), level=3)


def _months(months: list[int], lang: str) -> str:
    """``4–9`` as ``April–September`` in ``lang``; a whole year; else the months listed."""
    name = MONTHS[lang]
    if len(months) == 12:
        return t("whole_year", lang)
    steps = [(b - a) % 12 for a, b in itertools.pairwise(months)]
    if all(d == 1 for d in steps):
        return name[months[0] - 1] if len(months) == 1 else f"{name[months[0] - 1]}–{name[months[-1] - 1]}"
    return ", ".join(name[m - 1] for m in months)


def _minimum(p: AgreementPeriod, lang: str) -> str:
    value = p.min_flow if p.min_flow is not None else p.min_volume
    default = "m3/s" if p.min_flow is not None else "hm3"
    if value is None:
        return "—"
    try:
        number, unit = (float(value), "") if not isinstance(value, str) else parse_quantity_string(value)
    except ValueError:
        return str(value)
    decimals = len(f"{number:.3f}".rstrip("0").split(".")[1])  # 30 → 30, 0.997 → 0,997, 1.6 → 1,6
    return f"{fmt_number(number, lang, decimals)} {unit_text(unit or default, lang)}"


def _border_years(doc: ModelDocument, res: Results, names: Names) -> str:
    """Volume across each border per year (km³), one column per scenario."""
    lang = names.lang
    annual = border_flows_annual(doc, res)
    if annual.empty:
        return f"<p>{t('none', lang)}</p>"
    keys = ["border", "upstream_country", "downstream_country", "year"]
    wide = annual.pivot_table(index=keys, columns="scenario", values="volume_km3", sort=False)
    wide = wide[[s for s in res.scenarios if s in wide.columns]].reset_index()
    wide.columns.name = None
    note = f'<p class="small">{html.escape(t("volume_km3", lang))}</p>'
    return note + _table(wide, lang, names=names)


def _balance(doc: ModelDocument, res: Results, source: str | Path | None, names: Names) -> str:
    lang = names.lang
    table = water_balance(doc, res, source)
    wide = balance_by_term(table)
    closure = balance_closure(table)
    years = float(res.days.sum()) / 365.25
    lines = "; ".join(f"{names.scenario(s)}: {fmt_number(c / 1e3 / years, lang, 6)}"
                      for s, c in zip(closure["scenario"], closure["closure_hm3"], strict=True))
    note = t("closure", lang).format(value=lines)
    return _table(wide, lang, names=names) + f'<p class="small">{html.escape(note)}</p>'


def _salinity(doc: ModelDocument, res: Results, source: str | Path | None, names: Names) -> str:
    from arna.report.salinity import salinity_section

    return salinity_section(doc, res, names, source, lambda f, lang, drop, n: _table(f, lang, drop, n))


def _calibration(doc: ModelDocument, res: Results, names: Names) -> str:
    from arna.report.calibration import calibration_section

    return calibration_section(doc, res, names.lang, names.nodes)


def _figures(res: Results, doc: ModelDocument | None, names: Names) -> str:
    lang = names.lang

    def fmt(v: float) -> str:
        return fmt_auto(v, lang)

    outlets = [n for n, a, _ in res.series if a in {"target_inflow", "requirement", "agreement"}]
    inflows = [n.name for n in doc.nodes if n.type == "inflow"] if doc is not None else None
    if doc is not None:  # every border crossing, with or without an agreement
        outlets += [n.name for n in doc.nodes if n.type == "border" and n.name not in outlets]
    figures: list[tuple[str, str, str, list[str] | None]] = [
        ("volume", "fig_volume", "unit_hm3", None),
        ("deficit", "fig_deficit", "unit_m3s", None),
        ("flow", "fig_outlets", "unit_m3s", outlets),
        ("energy", "fig_energy", "unit_gwh", None),
    ]
    if inflows:
        figures.insert(1, ("flow", "fig_inflow", "unit_m3s", inflows))
    parts = [f"<h2>{html.escape(t('figures', lang))}</h2>"]
    for attr, key, unit, nodes in figures:
        svg = series_figure(res, attr, t(key, lang), t(unit, lang), nodes=nodes, number_format=fmt, lang=lang,
                            names=names.nodes, scenario_names=names.scenarios)
        if svg:
            parts.append(svg)
    return "\n".join(parts)


def _schematic(doc: ModelDocument, names: Mapping[str, str], lang: str) -> str:
    nodes = [n.name for n in doc.nodes]
    if all(n.position is not None for n in doc.nodes):
        pos = [n.position for n in doc.nodes if n.position is not None]
    else:
        pos = auto_positions(nodes, list(doc.edges))
    returns = [(n.name, ret) for n in doc.nodes if (ret := getattr(n, "return_to", None))]
    return network_svg(nodes, [n.type for n in doc.nodes], pos, list(doc.edges), [names.get(n, n) for n in nodes],
                       returns=returns, lang=lang)


def write_report(res: Results, path: str | Path, doc: ModelDocument | None = None, lang: str = "en",
                 source: str | Path | None = None) -> Path:
    """Write the report atomically (a temporary file renamed into place)."""
    text = render_report(res, doc, lang, source)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # a report is for reading: not the private mode of a temporary file
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
