"""Python API: run a scenario and get the long indicator table.

>>> from arna.circular import run_scenario
>>> result = run_scenario("baseline")
>>> result.series("kz_processing_share").loc[2025]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from arna.circular.build import Built, build
from arna.circular.costs import cost_indicators
from arna.circular.dataset import NATIONAL, Dataset, load_dataset
from arna.circular.epr import (
    AccountResult,
    EprResult,
    FundResult,
    account_results,
    epr_results,
    fund_balance,
)
from arna.circular.indicators import (
    eu_recycling_parts,
    first_year_reaching,
    kz_processing_parts,
    landfill_parts,
    packaging_parts,
    ratio,
)
from arna.circular.model import Flows, run_flows
from arna.circular.scenario import load_scenario
from arna.circular.schema import MATERIALS
from arna.circular.wte import chp_indicators, ghg_indicators, wte_indicators

FloatArray = npt.NDArray[np.float64]

COLUMNS = ("year", "region", "indicator", "value")

FLOW_INDICATORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("generated_t", ("generated",)),
    ("collected_t", ("collected",)),
    ("uncollected_t", ("uncollected",)),
    ("separately_collected_t", ("separate_dry", "separate_bio")),
    ("sorting_input_t", ("separate_dry", "mixed_sorted")),
    ("recycled_t", ("recycled",)),
    ("bio_recycled_t", ("bio_recycled",)),
    ("wte_input_t", ("wte_input",)),
    ("bottom_ash_metals_t", ("wte_metals",)),
    ("landfill_sanitary_t", ("landfill_sanitary", "wte_ash")),
    ("landfill_noncompliant_t", ("landfill_noncompliant",)),
)
"""Tonnage indicators and the flows they sum (over materials)."""


@dataclass(frozen=True)
class WasteRun:
    """Result of one scenario run.

    Attributes
    ----------
    built:
        Inputs (dataset, resolved scenario, arrays).
    flows:
        All flows ``(R, T, M)``.
    table:
        Long table ``year, region, indicator, value`` (region ``KZ`` = national).
    """

    built: Built
    flows: Flows
    table: pd.DataFrame

    @property
    def name(self) -> str:
        """Scenario name."""
        return self.built.scenario.name

    def series(self, indicator: str, region: str = NATIONAL) -> pd.Series:
        """One indicator of one region, indexed by year."""
        t = self.table
        sel = t[(t["indicator"] == indicator) & (t["region"] == region)]
        return pd.Series(sel["value"].to_numpy(), index=sel["year"].to_numpy(), name=indicator)

    def target_years(self) -> dict[str, int | None]:
        """First year the national Kazakh share reaches 40% and the EU rate 55% / 60%."""
        years = self.built.dataset.years
        kz = self.series("kz_processing_share").to_numpy()
        eu = self.series("eu_recycling_rate").to_numpy()
        return {
            "kz_processing_share>=40%": first_year_reaching(years, kz, 0.40),
            "eu_recycling_rate>=55%": first_year_reaching(years, eu, 0.55),
            "eu_recycling_rate>=60%": first_year_reaching(years, eu, 0.60),
        }


def run_scenario(scenario: str | Path = "baseline", dataset: Dataset | None = None) -> WasteRun:
    """Run a bundled scenario (by name) or a scenario file.

    Raises
    ------
    InputError
        The scenario or dataset is invalid (a :class:`~arna.errors.DocumentError`
        names the file and JSON path).
    BalanceError
        The mass balance did not close (a bug).
    """
    ds = dataset or load_dataset()
    built = build(ds, load_scenario(str(scenario), ds))
    flows = run_flows(built.inputs, built.labels)
    return WasteRun(built, flows, indicator_table(built, flows))


def _stack(regional: FloatArray, national: FloatArray | None = None) -> FloatArray:
    """``(R, T)`` plus a national row: the sum unless ``national`` is given."""
    nat = regional.sum(axis=0, keepdims=True) if national is None else national
    return np.concatenate([regional, nat], axis=0)


def _rate(num: FloatArray, den: FloatArray) -> FloatArray:
    return ratio(_stack(num), _stack(den))


def collect_indicators(built: Built, flows: Flows) -> dict[str, FloatArray]:
    """Every indicator as an ``(R + 1, T)`` array (last row national)."""
    out: dict[str, FloatArray] = {}
    for name, parts in FLOW_INDICATORS:
        out[name] = _stack(sum(getattr(flows, p) for p in parts).sum(axis=-1))
    kz_def = built.scenario.levers.kz_definition
    assert kz_def is not None
    out["kz_processing_share"] = _rate(*kz_processing_parts(flows, kz_def))
    out["eu_recycling_rate"] = _rate(*eu_recycling_parts(
        flows.recycled, flows.bio_recycled, flows.wte_metals, flows.generated))
    out["landfill_share"] = _rate(*landfill_parts(flows))
    out["population"] = _stack(built.population)
    out["collection_coverage"] = _rate(flows.collected.sum(axis=-1), flows.generated.sum(axis=-1))
    out["generated_kg_per_person"] = _rate(flows.generated.sum(axis=-1) * 1000.0,
                                           built.population)
    out.update(_urban_rural(built))
    out.update(_packaging(built, flows))
    out.update(wte_indicators(built, flows, _stack))
    out.update(chp_indicators(built, flows, _stack))
    out.update(ghg_indicators(built, flows, _stack))
    epr, packaging_payouts = _epr(built, flows)
    out.update(epr)
    out.update(cost_indicators(built, flows, packaging_payouts, _stack))
    return out


def _urban_rural(built: Built) -> dict[str, FloatArray]:
    """Generation per urban and per rural resident (kg/yr, before prevention)."""
    ratio_fig = built.scenario.levers.rural_generation_ratio
    assert ratio_fig is not None
    rho = ratio_fig.value
    u = built.dataset.regional["urban_share"][:, np.newaxis]
    urban = built.per_capita_t * 1000.0 / (u + (1.0 - u) * rho)
    pop = built.population
    nat_u = (urban * pop * u).sum(axis=0) / np.maximum((pop * u).sum(axis=0), 1e-12)
    return {"generated_kg_per_person.urban": _stack(urban, nat_u[np.newaxis, :]),
            "generated_kg_per_person.rural": _stack(urban * rho, rho * nat_u[np.newaxis, :])}


def _packaging(built: Built, flows: Flows) -> dict[str, FloatArray]:
    share = np.zeros(len(MATERIALS))
    for ps in built.dataset.doc.packaging_share:
        share[MATERIALS.index(ps.material)] += ps.share
    rec, pom = packaging_parts(flows, share)
    out = {"packaging_recycling_rate.total": _rate(rec.sum(axis=-1), pom.sum(axis=-1))}
    for i, m in enumerate(MATERIALS):
        if share[i] > 0:
            out[f"packaging_recycling_rate.{m}"] = _rate(rec[..., i], pom[..., i])
    return out


def _national_only(values: FloatArray, n_regions: int) -> FloatArray:
    """``(R + 1, T)`` with NaN regional rows (dropped from the table) and ``values`` as KZ."""
    out = np.full((n_regions + 1, values.shape[0]), np.nan)
    out[-1] = values
    return out


def _epr(built: Built, flows: Flows) -> tuple[dict[str, FloatArray], FloatArray]:
    """EPR indicators, and the ``(R, T)`` packaging payouts by region."""
    epr = built.scenario.levers.epr
    assert epr is not None
    years = built.dataset.years
    out: dict[str, FloatArray] = {}
    results = epr_results(epr, years, flows.generated, flows.sorted_output, flows.recycled)
    for r in results:
        out[f"epr_placed_on_market_t.{r.group}"] = _stack(r.placed_on_market_t)
        out[f"epr_fee_kzt.{r.group}"] = _stack(r.fee_kzt)
        out[f"epr_payout_kzt.{r.group}"] = _stack(r.payout_kzt)
        out[f"epr_obligation_t.{r.group}"] = _stack(r.obligation_t)
        out[f"epr_collected_t.{r.group}"] = _stack(r.collected_t)
        out[f"epr_recycled_t.{r.group}"] = _stack(r.recycled_t)
        out[f"epr_fundable_recycling_t.{r.group}"] = _stack(r.fundable_t)
    packaging_fee = np.sum([r.fee_kzt for r in results], axis=0)
    packaging_payout = np.sum([r.payout_kzt for r in results], axis=0)
    out["epr_fee_kzt"] = _stack(packaging_fee)
    out["epr_payout_kzt"] = _stack(packaging_payout)
    accounts = account_results(epr, years)
    n = len(built.dataset.region_codes)
    for name, values in _account_indicators(results, accounts).items():
        out[name] = _national_only(values, n)
    if epr.fund is not None:
        rev = out["epr_revenue_kzt"][-1]
        fund = fund_balance(epr.fund, years, rev, out["epr_refunds_kzt"][-1],
                            out["epr_payouts_kzt"][-1])
        for name, values in _fund_indicators(fund).items():
            out[name] = _national_only(values, n)
    return out, packaging_payout


def _account_indicators(packaging: list[EprResult],
                        accounts: list[AccountResult]) -> dict[str, FloatArray]:
    """National EPR revenue by account and payer, refunds and payouts, ``(T,)`` each."""
    pack_fee = np.sum([r.fee_kzt.sum(axis=0) for r in packaging], axis=0)
    pack_pay = np.sum([r.payout_kzt.sum(axis=0) for r in packaging], axis=0)
    out: dict[str, FloatArray] = {}
    zero = np.zeros_like(pack_fee)
    by_payer = {"vehicle_producers": zero.copy(), "importers": zero.copy(),
                "other_producers": zero.copy(), "packaging": pack_fee}
    for a in accounts:
        if a.kind == "units":
            out[f"epr_placed_on_market.{a.name}"] = a.placed_on_market
        out[f"epr_placed_on_market_t.{a.name}"] = a.placed_on_market_t
        out[f"epr_fee_kzt.{a.name}"] = a.fee_kzt
        out[f"epr_refund_kzt.{a.name}"] = a.refund_kzt
        out[f"epr_recycled_t.{a.name}"] = a.recycled_t
        out[f"epr_payout_kzt.{a.name}"] = a.payout_kzt
        domestic = "vehicle_producers" if a.payer == "vehicles" else "other_producers"
        by_payer[domestic] = by_payer[domestic] + a.fee_domestic_kzt
        by_payer["importers"] = by_payer["importers"] + a.fee_imported_kzt
    for payer, values in by_payer.items():
        out[f"epr_revenue_kzt.{payer}"] = values
    out["epr_revenue_kzt"] = np.sum(list(by_payer.values()), axis=0)
    out["epr_refunds_kzt"] = np.sum([a.refund_kzt for a in accounts], axis=0) \
        if accounts else zero
    out["epr_payouts_kzt"] = pack_pay + (np.sum([a.payout_kzt for a in accounts], axis=0)
                                         if accounts else zero)
    return out


def _fund_indicators(f: FundResult) -> dict[str, FloatArray]:
    return {"epr_fund_opening_kzt": f.opening_kzt, "epr_fund_lending_kzt": f.lending_kzt,
            "epr_fund_other_kzt": f.other_kzt, "epr_fund_closing_kzt": f.closing_kzt}


def indicator_table(built: Built, flows: Flows) -> pd.DataFrame:
    """The long table ``year, region, indicator, value``."""
    years = built.dataset.years
    regions = [*built.dataset.region_codes, NATIONAL]
    frames = []
    for name, arr in collect_indicators(built, flows).items():
        frames.append(pd.DataFrame({
            "year": np.tile(years, len(regions)),
            "region": np.repeat(regions, len(years)),
            "indicator": name,
            "value": arr.reshape(-1),
        }))
    table = pd.concat(frames, ignore_index=True)
    table = table[table["value"].notna()]
    return table.sort_values(["indicator", "region", "year"], kind="stable").reset_index(drop=True)
