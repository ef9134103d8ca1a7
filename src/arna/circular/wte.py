"""Waste-to-energy electricity and the GHG balance (landfill CH4, WtE CO2, avoided grid)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from arna.circular.build import Built
from arna.circular.ghg import SiteParams, landfill_methane, steady_stock, wte_fossil_co2
from arna.circular.indicators import ratio
from arna.circular.model import Flows

FloatArray = npt.NDArray[np.float64]
Stack = Callable[..., FloatArray]

HOURS_PER_YEAR = 8760.0
GJ_PER_MWH = 3.6


def electricity_mwh(burnt: FloatArray, ncv_mj_per_kg: FloatArray, eta_el: FloatArray) -> FloatArray:
    """Electricity (MWh): ``sum_m W_m [t] * NCV_m [GJ/t] * eta_el / 3.6``.

    Parameters
    ----------
    burnt:
        ``(R, T, M)`` tonnes burnt.
    ncv_mj_per_kg:
        ``(M,)`` net calorific value (MJ/kg = GJ/t).
    eta_el:
        ``(R, T)`` electrical efficiency.
    """
    return np.asarray((burnt * ncv_mj_per_kg).sum(axis=-1) * eta_el / GJ_PER_MWH,
                      dtype=np.float64)


def wte_indicators(built: Built, flows: Flows, stack: Stack) -> dict[str, FloatArray]:
    """WtE electricity, electrical capacity factor and throughput utilisation."""
    mp = built.dataset.material_params
    e = electricity_mwh(flows.wte_input, mp["ncv"], built.wte_eta_el)
    burnt = flows.wte_input.sum(axis=-1)
    return {
        "wte_electricity_mwh": stack(e),
        "wte_capacity_factor": ratio(stack(e), stack(built.wte_mw_e) * HOURS_PER_YEAR),
        "wte_utilisation": ratio(stack(burnt), stack(built.wte_nominal_t)),
    }


def _initial_stocks(built: Built, flows: Flows) -> FloatArray:
    """``(R, M)`` DDOCm stock at non-compliant sites before the first year (prehistory)."""
    ds = built.dataset
    mp = ds.material_params
    first = (flows.landfill_sanitary + flows.landfill_noncompliant + flows.uncollected)[:, 0, :]
    total_first = float(first.sum())
    years = int(ds.param("prehistory_years"))
    per_year = ds.param("prehistory_landfilled_t") / years
    mass = first / total_first * per_year if total_first > 0 else np.zeros_like(first)
    deposit = mass * mp["doc"] * ds.param("docf") * ds.param("mcf_noncompliant")
    return steady_stock(deposit, mp["k_decay"][np.newaxis, :], years)


def landfill_ch4(built: Built, flows: Flows) -> tuple[FloatArray, FloatArray]:
    """``(R, T)`` landfill CH4 emitted (t) and DDOCm in place (t)."""
    ds = built.dataset
    mp = ds.material_params
    sites = {
        "sanitary": SiteParams(ds.param("mcf_sanitary"), ds.param("ox_sanitary")),
        "noncompliant": SiteParams(ds.param("mcf_noncompliant"), ds.param("ox_noncompliant")),
        "dump": SiteParams(ds.param("mcf_dump"), ds.param("ox_dump")),
    }
    deposits = {"sanitary": flows.landfill_sanitary, "noncompliant": flows.landfill_noncompliant,
                "dump": flows.uncollected}
    zero_rt = np.zeros_like(built.gas_capture)
    zero_rm = np.zeros((flows.generated.shape[0], flows.generated.shape[2]))
    return landfill_methane(
        deposits, sites, mp["doc"], mp["k_decay"], ds.param("docf"), ds.param("ch4_fraction"),
        capture={"sanitary": built.gas_capture, "noncompliant": zero_rt, "dump": zero_rt},
        initial={"sanitary": zero_rm, "noncompliant": _initial_stocks(built, flows),
                 "dump": zero_rm},
    )


def ghg_indicators(built: Built, flows: Flows, stack: Stack) -> dict[str, FloatArray]:
    """Landfill CH4, WtE fossil CO2, avoided grid CO2 and the net balance (tCO2e)."""
    ds = built.dataset
    mp = ds.material_params
    ch4, _ = landfill_ch4(built, flows)
    co2 = wte_fossil_co2(flows.wte_input, mp["dry_matter"], mp["carbon_fraction"],
                         mp["fossil_carbon_fraction"], ds.param("wte_oxidation"))
    e = electricity_mwh(flows.wte_input, mp["ncv"], built.wte_eta_el)
    avoided = e * built.grid_ef
    ch4_co2e = ch4 * ds.param("ch4_gwp")
    return {
        "landfill_ch4_t": stack(ch4),
        "landfill_ch4_tco2e": stack(ch4_co2e),
        "wte_fossil_co2_t": stack(co2),
        "avoided_grid_co2_t": stack(avoided),
        "ghg_net_tco2e": stack(ch4_co2e + co2 - avoided),
    }
