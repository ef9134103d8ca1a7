"""Building model inputs from a dataset and a resolved scenario."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from arna.circular.dataset import Dataset
from arna.circular.model import FlowInputs
from arna.circular.paths import resolve
from arna.circular.scenario import ResolvedScenario
from arna.circular.schema import BIO_MATERIALS, MATERIALS, Anchor, Figure

FloatArray = npt.NDArray[np.float64]

DAYS_PER_YEAR = 365.0


@dataclass(frozen=True)
class Built:
    """Everything a run needs besides the flows themselves.

    Attributes
    ----------
    inputs:
        Inputs of :func:`arna.circular.model.run_flows`.
    population:
        ``(R, T)`` people.
    wte_nominal_t:
        ``(R, T)`` nameplate WtE throughput (t/yr) of plants in operation.
    wte_mw_e:
        ``(R, T)`` installed electrical capacity (MW) of plants in operation.
    wte_eta_el:
        ``(R, T)`` capacity-weighted electrical efficiency.
    grid_ef:
        ``(R, T)`` grid emission factor (tCO2/MWh).
    gas_capture:
        ``(R, T)`` share of methane generated at sanitary landfills that is recovered.
    """

    dataset: Dataset
    scenario: ResolvedScenario
    inputs: FlowInputs
    population: FloatArray
    wte_nominal_t: FloatArray
    wte_mw_e: FloatArray
    wte_eta_el: FloatArray
    grid_ef: FloatArray
    gas_capture: FloatArray
    per_capita_t: FloatArray
    wte: WteArrays
    dump_clearance: FloatArray
    tariff_multiplier: FloatArray

    @property
    def labels(self) -> tuple[tuple[str, ...], tuple[int, ...], tuple[str, ...]]:
        """(regions, years, materials) for messages."""
        years = tuple(int(y) for y in self.dataset.years)
        return self.dataset.region_codes, years, MATERIALS


def growth_index(rates: FloatArray, years: npt.NDArray[np.int64], base_year: int) -> FloatArray:
    """Index equal to 1 in ``base_year`` that grows by ``rates[..., t]`` into year ``t``.

    Parameters
    ----------
    rates:
        ``(R, T)`` annual growth rates.
    """
    cum = np.cumsum(np.log1p(rates), axis=-1)
    at_base = cum[..., int(np.searchsorted(years, base_year))][..., np.newaxis]
    return np.asarray(np.exp(cum - at_base), dtype=np.float64)


def build(dataset: Dataset, scenario: ResolvedScenario) -> Built:
    """Resolve every lever on the dataset's dimensions."""
    lv = scenario.levers
    years, regions = dataset.years, dataset.region_codes
    src = scenario.source

    def reg(name: str) -> FloatArray:
        anchors: list[Anchor] = getattr(lv, name)
        return resolve(anchors, years, regions, None, (src, f"levers.{name}"))

    def mat(name: str) -> FloatArray:
        anchors: list[Anchor] = getattr(lv, name)
        return resolve(anchors, years, regions, MATERIALS, (src, f"levers.{name}"))

    base = dataset.doc.base_year
    pop0 = np.array([r.population_2025 for r in dataset.regions])[:, np.newaxis]
    population = pop0 * growth_index(reg("population_growth"), years, base)
    gdp = growth_index(reg("gdp_per_capita_growth"), years, base)
    g0 = _fig(lv.per_capita_generation_kg) / 1000.0
    factor = urban_rural_factor(dataset.regional["urban_share"], pop0[:, 0],
                                _fig(lv.rural_generation_ratio))
    per_capita = g0 * factor[:, np.newaxis] * gdp ** _fig(lv.gdp_elasticity)
    generated = population[:, :, np.newaxis] * per_capita[:, :, np.newaxis] \
        * (1.0 - reg("prevention"))[:, :, np.newaxis] \
        * dataset.composition[:, np.newaxis, :]
    wte = wte_arrays(scenario, regions, years)
    urban = dataset.regional["urban_share"]
    urban_gen = urban / (urban + (1.0 - urban) * _fig(lv.rural_generation_ratio))
    inputs = FlowInputs(
        generated=generated,
        coverage=split_coverage(reg("coverage"), reg("urban_coverage"), urban_gen,
                                generated.sum(axis=-1)),
        capture=mat("separate_capture"),
        sorting_capacity=reg("sorting_capacity_t") * reg("sorting_capacity_multiplier"),
        eta_separate=mat("sorting_recovery_separate"),
        eta_mixed=mat("sorting_recovery_mixed"),
        recycler_loss=mat("recycler_loss"),
        bio_impurity=reg("bio_impurity"),
        compliance=reg("landfill_compliance"),
        wte_capacity=wte.available_t,
        wte_feed_share=reg("wte_feed_share"),
        ash_content=dataset.material_params["ash_content"],
        ash_metal_recovery=mat("ash_metal_recovery"),
        is_bio=np.array([m in BIO_MATERIALS for m in MATERIALS]),
    )
    return Built(dataset, scenario, inputs, population, wte.nominal_t, wte.mw_e, wte.eta_el,
                 reg("grid_emission_factor"), reg("gas_capture"), per_capita, wte,
                 reg("dump_clearance"), reg("tariff_multiplier"))


def split_coverage(
    coverage: FloatArray, urban: FloatArray, urban_gen_share: FloatArray, generated: FloatArray
) -> FloatArray:
    """``(R, T)`` collection coverage by region from the national path and urban coverage.

    The national coverage (generation-weighted mean of ``coverage``) is kept; urban waste is
    collected at ``urban``, rural waste at the rate that keeps the national total
    (clipped to [0, 1]); a region's coverage mixes the two by its urban share of generation.

    Parameters
    ----------
    coverage, urban, generated:
        ``(R, T)``; ``urban_gen_share`` is ``(R,)``.
    """
    g_urban = generated * urban_gen_share[:, np.newaxis]
    g_rural = generated - g_urban
    collected = (coverage * generated).sum(axis=0)
    c_u = (urban * g_urban).sum(axis=0) / np.maximum(g_urban.sum(axis=0), 1e-12)
    c_r = np.clip((collected - c_u * g_urban.sum(axis=0))
                  / np.maximum(g_rural.sum(axis=0), 1e-12), 0.0, 1.0)
    share = urban_gen_share[:, np.newaxis]
    return np.asarray(share * urban + (1.0 - share) * c_r[np.newaxis, :], dtype=np.float64)


def urban_rural_factor(urban: FloatArray, population: FloatArray, rural_ratio: float) -> FloatArray:
    """``(R,)`` multiplier of the national mean generation per person.

    A rural resident generates ``rural_ratio`` times what an urban one does; the urban rate is
    set so that the population-weighted national mean is unchanged:
    ``g_r / g_mean = (u_r + (1 - u_r) rho) / (U + (1 - U) rho)`` with ``U`` the national urban share.
    """
    national_u = float((urban * population).sum() / population.sum())
    return np.asarray((urban + (1.0 - urban) * rural_ratio)
                      / (national_u + (1.0 - national_u) * rural_ratio), dtype=np.float64)


def _fig(fig: Figure | None) -> float:
    assert fig is not None, "resolved scenarios have every lever"
    return fig.value


WEIGHTED_PLANT_FIELDS: tuple[str, ...] = (
    "eta_el", "eta_th", "heat_sold_share", "gate_fee_kzt_t", "electricity_kzt_mwh",
    "heat_kzt_mwh", "opex_kzt_t",
)
"""Plant figures averaged over a region's plants, weighted by available tonnes."""


@dataclass(frozen=True)
class WteArrays:
    """WtE plants in operation by region and year, each ``(R, T)``.

    ``weighted`` holds the capacity-weighted plant figures of :data:`WEIGHTED_PLANT_FIELDS`.
    """

    available_t: FloatArray
    nominal_t: FloatArray
    mw_e: FloatArray
    weighted: dict[str, FloatArray]

    @property
    def eta_el(self) -> FloatArray:
        """Capacity-weighted electrical efficiency."""
        return self.weighted["eta_el"]


def wte_arrays(
    scenario: ResolvedScenario, regions: tuple[str, ...], years: npt.NDArray[np.int64]
) -> WteArrays:
    """Available and nominal capacity (t/yr), MW and weighted plant figures by region/year."""
    shape = (len(regions), len(years))
    avail, nominal, mw = (np.zeros(shape) for _ in range(3))
    sums = {f: np.zeros(shape) for f in WEIGHTED_PLANT_FIELDS}
    for p in scenario.levers.wte_plants or []:
        on = (years >= p.start_year).astype(np.float64)
        i = regions.index(p.region)
        t_yr = p.t_per_day * DAYS_PER_YEAR
        nominal[i] += on * t_yr
        avail[i] += on * t_yr * p.availability
        mw[i] += on * p.mw_e
        for f in WEIGHTED_PLANT_FIELDS:
            sums[f][i] += on * t_yr * p.availability * float(getattr(p, f))
    weighted = {}
    for f, total in sums.items():
        out = np.zeros(shape)
        np.divide(total, avail, out=out, where=avail > 0)
        weighted[f] = out
    return WteArrays(avail, nominal, mw, weighted)
