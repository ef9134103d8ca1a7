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
    per_capita = g0 * gdp ** _fig(lv.gdp_elasticity)
    generated = population[:, :, np.newaxis] * per_capita[:, :, np.newaxis] \
        * (1.0 - reg("prevention"))[:, :, np.newaxis] \
        * dataset.material_params["composition"][np.newaxis, np.newaxis, :]
    cap_t, nominal, mw, eta = _wte_arrays(scenario, regions, years)
    inputs = FlowInputs(
        generated=generated,
        coverage=reg("coverage"),
        capture=mat("separate_capture"),
        sorting_capacity=reg("sorting_capacity_t") * reg("sorting_capacity_multiplier"),
        eta_separate=mat("sorting_recovery_separate"),
        eta_mixed=mat("sorting_recovery_mixed"),
        recycler_loss=mat("recycler_loss"),
        bio_impurity=reg("bio_impurity"),
        compliance=reg("landfill_compliance"),
        wte_capacity=cap_t,
        wte_feed_share=reg("wte_feed_share"),
        ash_content=dataset.material_params["ash_content"],
        ash_metal_recovery=mat("ash_metal_recovery"),
        is_bio=np.array([m in BIO_MATERIALS for m in MATERIALS]),
    )
    return Built(dataset, scenario, inputs, population, nominal, mw, eta,
                 reg("grid_emission_factor"), reg("gas_capture"))


def _fig(fig: Figure | None) -> float:
    assert fig is not None, "resolved scenarios have every lever"
    return fig.value


def _wte_arrays(
    scenario: ResolvedScenario, regions: tuple[str, ...], years: npt.NDArray[np.int64]
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Available capacity, nominal capacity (t/yr), MW and weighted efficiency by region/year."""
    shape = (len(regions), len(years))
    avail, nominal, mw, eta_w = (np.zeros(shape) for _ in range(4))
    for p in scenario.levers.wte_plants or []:
        on = (years >= p.start_year).astype(np.float64)
        i = regions.index(p.region)
        t_yr = p.t_per_day * DAYS_PER_YEAR
        nominal[i] += on * t_yr
        avail[i] += on * t_yr * p.availability
        mw[i] += on * p.mw_e
        eta_w[i] += on * t_yr * p.availability * p.eta_el
    eta = np.zeros(shape)
    np.divide(eta_w, avail, out=eta, where=avail > 0)
    return avail, nominal, mw, eta
