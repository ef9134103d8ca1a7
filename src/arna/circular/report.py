"""The self-contained HTML report (en/ru/kk): Sankey, calibration, trajectories, tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jinja2

from arna.circular.api import WasteRun, run_scenario
from arna.circular.charts import calibration_svg, national_svg, regional_svg
from arna.circular.dataset import NATIONAL, Dataset, load_dataset
from arna.circular.i18n import MATERIAL_NAME, NBSP, TEXT, check_lang, fmt_number, fmt_pct, t
from arna.circular.report_sections import epr_context, programme_rows, region_rows
from arna.circular.sankey import sankey_svg
from arna.errors import InputError

DEFAULT_SCENARIOS: tuple[str, ...] = ("baseline", "epr-2030", "wte", "eu-aligned", "epr-fee")

SUMMARY: tuple[tuple[str, str], ...] = (
    ("generated_t", "number"),
    ("kz_share", "kz_processing_share"),
    ("eu_rate", "eu_recycling_rate"),
    ("landfill_share", "landfill_share"),
    ("wte_electricity_mwh", "number"),
    ("wte_capacity_factor", "pct"),
    ("landfill_ch4_tco2e", "number"),
    ("wte_fossil_co2_t", "number"),
    ("ghg_net_tco2e", "number"),
    ("epr_revenue_kzt", "number"),
    ("epr_fee_kzt", "number"),
    ("epr_payout_kzt", "number"),
    ("wte_heat_sold_gcal", "number"),
    ("wte_revenue_kzt", "number"),
    ("wte_ch4_avoided_tco2e", "number"),
    ("cost_kzt", "number"),
    ("cost_recovery", "pct"),
)
"""Rows of the summary table: (text key, indicator or format)."""


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("arna.circular", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )


def _value(run: WasteRun, indicator: str, year: int) -> float:
    return float(run.series(indicator).loc[year])


def _summary_rows(runs: Sequence[WasteRun], year: int, lang: str) -> list[dict[str, Any]]:
    rows = []
    for key, kind in SUMMARY:
        indicator = key if kind in ("number", "pct") else kind
        vals = [_value(r, indicator, year) for r in runs]
        shown = [fmt_number(v, lang) if kind == "number" else fmt_pct(v, lang) for v in vals]
        rows.append({"label": t(key, lang), "cells": shown})
    return rows


def _packaging_rows(runs: Sequence[WasteRun], year: int, lang: str) -> list[dict[str, Any]]:
    targets = runs[0].built.dataset.doc.eu_packaging_targets
    rows = []
    for mat in (*MATERIAL_NAME, None):
        ind = f"packaging_recycling_rate.{mat or 'total'}"
        tg = {a.year: a.value for a in targets if a.material == mat}
        label = t("total", lang) if mat is None else t(mat, lang, MATERIAL_NAME)
        rows.append({
            "label": label,
            "cells": [fmt_pct(_value(r, ind, year), lang) for r in runs],
            "t2025": fmt_pct(tg[2025], lang, 0), "t2030": fmt_pct(tg[2030], lang, 0),
        })
    return rows


def _target_rows(runs: Sequence[WasteRun], lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """First year reaching each target, and the 2030 gap in percentage points."""
    headers = [f"{t('kz_share', lang)} ≥ 40%", f"{t('eu_rate', lang)} ≥ 55%",
               f"{t('eu_rate', lang)} ≥ 60%", t("gap_kz_2030", lang), t("gap_eu_2030", lang)]
    rows = []
    for r in runs:
        cells = [str(y) if y is not None else t("never", lang) for y in r.target_years().values()]
        gap_kz = 0.40 - _value(r, "kz_processing_share", 2030)
        gap_eu = 0.60 - _value(r, "eu_recycling_rate", 2030)
        cells += [fmt_number(100 * max(gap, 0.0), lang, 1) for gap in (gap_kz, gap_eu)]
        rows.append({"name": r.name, "cells": cells})
    return headers, rows


def _calibration_rows(run: WasteRun, lang: str) -> list[dict[str, str]]:
    obs = run.built.dataset.observed
    sel = obs[(obs.indicator == "kz_processing_share") & (obs.region == NATIONAL)]
    model = run.series("kz_processing_share")
    rows = []
    for rec in sel.to_dict("records"):
        year = int(rec["year"])
        rows.append({"year": str(year), "observed": fmt_pct(float(rec["value"]), lang),
                     "modelled": fmt_pct(float(model.loc[year]), lang),
                     "uncertainty": fmt_number(100 * float(rec["uncertainty"]), lang, 1)
                     + NBSP + t("pp", lang),
                     "source": f"{rec['source']}{' (est.)' if rec['estimate'] else ''}"})
    return rows


def render_report(
    scenarios: Sequence[str] | None = None,
    year: int = 2030,
    lang: str = "en",
    dataset: Dataset | None = None,
) -> str:
    """Render the report as one self-contained HTML string.

    Parameters
    ----------
    scenarios:
        Scenario names or files (default: the four bundled scenarios).
    year:
        Year of the Sankey diagrams and of the summary tables.
    lang:
        ``en``, ``ru`` or ``kk``.

    Raises
    ------
    InputError
        Unknown language, year outside the horizon, or an invalid scenario.
    """
    check_lang(lang)
    ds = dataset or load_dataset()
    years = list(int(y) for y in ds.years)
    if year not in years:
        raise InputError(f"--year {year} is outside the model horizon {years[0]}-{years[-1]}")
    runs = [run_scenario(s, ds) for s in (scenarios or DEFAULT_SCENARIOS)]
    headers, target_rows = _target_rows(runs, lang)
    texts = {k: t(k, lang) for k in TEXT}
    texts["summary"] = texts["summary"].format(year=year)
    texts["packaging"] = texts["packaging"].format(year=year)
    texts["programme"] = texts["programme"].format(year=year, scenario=runs[0].name)
    texts["epr_books"] = texts["epr_books"].format(year=2025, scenario=runs[0].name)
    texts["fee_change"] = texts["fee_change"].format(year=year)
    prog_headers, prog_rows = programme_rows(runs[0], year, lang)
    context: dict[str, Any] = {
        "lang": lang,
        "T": texts,
        "scenario_names": [r.name for r in runs],
        "def_values": [{"year": y, "scenario": r.name,
                        "kz": fmt_pct(_value(r, "kz_processing_share", y), lang),
                        "eu": fmt_pct(_value(r, "eu_recycling_rate", y), lang)}
                       for r in runs for y in sorted({min(2025, year), year})],
        "calibration_svg": calibration_svg(runs[0], lang),
        "calibration_rows": _calibration_rows(runs[0], lang),
        "sankeys": [{"title": t("sankey", lang).format(year=year, scenario=r.name),
                     "svg": sankey_svg(r.flows, years.index(year), lang)} for r in runs],
        "national_svg": national_svg(runs, lang),
        "regional_svg": regional_svg(runs, lang),
        "target_headers": headers,
        "target_rows": target_rows,
        "summary_rows": _summary_rows(runs, year, lang),
        "packaging_rows": _packaging_rows(runs, year, lang),
        "region_rows": region_rows(runs[0], lang),
        "programme_headers": prog_headers,
        "programme_rows": prog_rows,
        **epr_context(runs, year, lang),
    }
    return _env().get_template("report.html.j2").render(**context)
