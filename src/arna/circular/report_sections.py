"""Rows of the report sections added for issue 17: regions, programme, EPR books, fee change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arna.circular.akimat import PROGRAMME, programme_table
from arna.circular.api import WasteRun
from arna.circular.dataset import NATIONAL
from arna.circular.i18n import check_lang, fmt_number, fmt_pct, t, tr
from arna.circular.operator import PERIOD_SHARE, epr_comparison
from arna.circular.regional import comparison

PROGRAMME_COLUMNS: tuple[tuple[str, int], ...] = (
    ("generated_kg_per_person", 0),
    ("collection_coverage", 0),
    ("kz_processing_share", 1),
    ("tariff_kzt_person_month", 0),
    ("full_cost_tariff_kzt_person_month", 0),
    ("cost_recovery", 0),
    ("landfill_years_left", 1),
    ("dump_stock_t", 0),
)
"""Programme indicators shown in the report (code, decimals)."""

BN = 1e9


def region_rows(run: WasteRun, lang: str) -> list[dict[str, str]]:
    """Published regional figures beside the model."""
    i = check_lang(lang)
    names = {reg.code: (reg.name_en, reg.name_ru, reg.name_kk)[i] for reg in run.built.dataset.regions}
    names[NATIONAL] = t("national", lang)
    rows = []
    for r in comparison(run).to_dict("records"):
        share = r["indicator"] in ("kz_processing_share", "coverage")

        def show(v: object, is_share: bool = share) -> str:
            x = float(str(v))
            return fmt_pct(x, lang) if is_share else fmt_number(x, lang)

        unit = f" {t('pp', lang)}" if share else " %"
        rows.append({"region": names[str(r["region"])], "year": str(r["year"]),
                     "indicator": tr(str(r["indicator"]), lang), "published": show(r["published"]),
                     "modelled": show(r["modelled"]),
                     "difference": fmt_number(100 * float(str(r["difference"])), lang, 1) + unit,
                     "role": tr(str(r["role"]), lang), "status": tr(str(r["status"]), lang),
                     "conflict": r["status"] == "conflict",
                     "source": str(r["source"]), "note": str(r["note"]) if i == 0 else ""})
    return rows


def programme_rows(run: WasteRun, year: int, lang: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (one per region, national last) of the programme indicators."""
    i = check_lang(lang)
    labels = {code: f"{label[i]}, {unit[i]}" for code, label, unit in PROGRAMME}
    table = programme_table(run, lang, None, [year])
    headers = [labels[c] for c, _ in PROGRAMME_COLUMNS]
    rows = []
    for _, group in table.groupby("region", sort=False):
        values = group.set_index("code")["value"]
        cells = [str(group["region_name"].iloc[0])]
        cells += [fmt_number(float(values[c]), lang, d) for c, d in PROGRAMME_COLUMNS]
        rows.append(cells)
    return headers, rows


def epr_account_rows(run: WasteRun, year: int, lang: str) -> list[list[str]]:
    """Per product group: placed on the market, fees, refunds and payouts (bn KZT)."""
    t = run.table
    kz = t[(t.region == "KZ") & (t.year == year)].set_index("indicator")["value"]
    names = sorted({i.split(".", 1)[1] for i in kz.index
                    if i.startswith("epr_fee_kzt.")}, key=lambda n: -float(kz[f"epr_fee_kzt.{n}"]))
    rows = []
    for n in names:
        units = kz.get(f"epr_placed_on_market.{n}", np.nan)
        tonnes = kz.get(f"epr_placed_on_market_t.{n}", np.nan)
        placed = fmt_number(float(units), lang) if np.isfinite(units) else \
            fmt_number(float(tonnes), lang) + " " + tr("t", lang)
        rows.append([tr(n, lang), placed, fmt_number(float(kz[f"epr_fee_kzt.{n}"]) / BN, lang, 1),
                     fmt_number(float(kz.get(f"epr_refund_kzt.{n}", 0.0)) / BN, lang, 1),
                     fmt_number(float(kz[f"epr_payout_kzt.{n}"]) / BN, lang, 1)])
    return rows


def epr_published_rows(run: WasteRun, lang: str) -> list[list[str]]:
    """The operator's January-November 2025 figures beside the model (x 11/12)."""
    rows = []
    for r in epr_comparison(run).to_dict("records"):
        pub, mod, diff = (float(str(r[k])) for k in ("published", "modelled", "difference"))
        rows.append([tr(str(r["indicator"]), lang), fmt_number(pub / BN, lang, 1),
                     fmt_number(mod / BN, lang, 1), fmt_number(100 * diff, lang, 0) + " %",
                     tr(str(r["status"]), lang)])
    return rows


def fund_rows(run: WasteRun, years: Sequence[int], lang: str) -> list[list[str]]:
    """Fund balance by year (bn KZT): opening, revenue, refunds, payouts, lending, other,
    closing."""
    parts = ("epr_fund_opening_kzt", "epr_revenue_kzt", "epr_refunds_kzt", "epr_payouts_kzt",
             "epr_fund_lending_kzt", "epr_fund_other_kzt", "epr_fund_closing_kzt")
    rows = []
    opening = run.series("epr_fund_opening_kzt")
    for y in years:
        if y in opening.index:
            rows.append([str(y)] + [fmt_number(float(run.series(p).loc[y]) / BN, lang, 1)
                                    for p in parts])
    return rows


def fee_change_rows(runs: Sequence[WasteRun], year: int, lang: str) -> list[list[str]]:
    """Per scenario: packaging and total fees, fundable and actual recycled packaging tonnes."""
    rows = []
    for r in runs:
        kz = r.table[(r.table.region == "KZ") & (r.table.year == year)].set_index(
            "indicator")["value"]
        fundable = sum(float(v) for i, v in kz.items()
                       if str(i).startswith("epr_fundable_recycling_t."))
        groups = [str(i).split(".", 1)[1] for i in kz.index
                  if str(i).startswith("epr_fundable_recycling_t.")]
        recycled = sum(float(kz[f"epr_recycled_t.{g}"]) for g in groups)
        rows.append([r.name, fmt_number(float(kz["epr_revenue_kzt.packaging"]) / BN, lang, 1),
                     fmt_number(float(kz["epr_revenue_kzt"]) / BN, lang, 1),
                     fmt_number(fundable, lang), fmt_number(recycled, lang)])
    return rows


def epr_context(runs: Sequence[WasteRun], year: int, lang: str) -> dict[str, Any]:
    """Everything the EPR sections of the template need."""
    base = runs[0]
    fund_years = [y for y in range(2022, max(year, 2025) + 1)]
    return {
        "epr_accounts": epr_account_rows(base, 2025, lang),
        "epr_published": epr_published_rows(base, lang),
        "epr_fund": fund_rows(base, fund_years, lang),
        "fee_change": fee_change_rows(runs, year, lang),
        "period_share": PERIOD_SHARE,
    }
