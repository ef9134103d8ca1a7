"""Waste-to-energy as combined heat and power, and the GHG balance (landfill CH4, WtE CO2,
avoided grid, landfill methane avoided by burning)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from arna.circular.build import Built
from arna.circular.ghg import SiteParams, landfill_methane, steady_stock, wte_fossil_co2
from arna.circular.indicators import ratio
from arna.circular.model import Flows
from arna.errors import BalanceError

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


ENERGY_TOLERANCE_MWH = 1e-6
"""Absolute tolerance of the energy and money balances (MWh or KZT), plus a relative 1e-9."""


def check_closes(name: str, total: FloatArray, parts: list[FloatArray],
                 labels: tuple[str, ...] | None = None, nonnegative: bool = True) -> None:
    """Check ``total = sum(parts)`` everywhere and (if ``nonnegative``) that no part is negative.

    Raises
    ------
    BalanceError
        Naming the balance and the region (by index or label) and year index.
    """
    gap = total - sum(parts, np.zeros_like(total))
    bad = np.abs(gap) > ENERGY_TOLERANCE_MWH + 1e-9 * np.abs(total)
    for p in parts if nonnegative else []:
        bad |= p < -ENERGY_TOLERANCE_MWH - 1e-9 * np.abs(total)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        where = labels[idx[0]] if labels else f"region #{idx[0]}"
        raise BalanceError(f"{name} does not close at {where}, year #{idx[1]}: "
                           f"total {float(total[idx]):.6g}, gap {float(gap[idx]):.6g}")


def chp_energy(built: Built, flows: Flows) -> dict[str, FloatArray]:
    """Combined heat and power from WtE, ``(R, T)`` MWh; the energy balance is checked.

    fuel = sum_m W_m NCV_m / 3.6; electricity = fuel eta_el; heat = fuel eta_th;
    heat sold to district heating = heat x sold share; fuel = electricity + heat sold +
    heat not sold + losses.
    """
    w = built.wte.weighted
    fuel = np.asarray((flows.wte_input * built.dataset.material_params["ncv"]).sum(axis=-1)
                      / GJ_PER_MWH, dtype=np.float64)
    el = fuel * w["eta_el"]
    heat = fuel * w["eta_th"]
    sold = heat * w["heat_sold_share"]
    out = {"fuel": fuel, "electricity": el, "heat": heat, "heat_sold": sold,
           "heat_unsold": heat - sold, "losses": fuel - el - heat}
    regions = built.dataset.region_codes
    check_closes("WtE energy balance (fuel = electricity + heat + losses)", fuel,
                 [el, sold, out["heat_unsold"], out["losses"]], regions)
    return out


def chp_money(built: Built, flows: Flows, energy: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """WtE plant revenue (gate fees, electricity, heat), operating cost and margin, KZT."""
    w = built.wte.weighted
    burnt = flows.wte_input.sum(axis=-1)
    gate = burnt * w["gate_fee_kzt_t"]
    el = energy["electricity"] * w["electricity_kzt_mwh"]
    heat = energy["heat_sold"] * w["heat_kzt_mwh"]
    revenue = gate + el + heat
    opex = burnt * w["opex_kzt_t"]
    margin = revenue - opex
    check_closes("WtE money balance (revenue = gate fees + electricity + heat)", revenue,
                 [gate, el, heat], built.dataset.region_codes)
    return {"gate": gate, "electricity": el, "heat": heat, "revenue": revenue, "opex": opex,
            "margin": margin}


def methane_avoided(built: Built, flows: Flows) -> FloatArray:
    """``(R, T)`` landfill CH4 (t CO2e) avoided by WtE: the waste burnt, had it been landfilled
    (split by the landfill compliance share) minus what is emitted now (IPCC FOD)."""
    if not flows.wte_input.any():
        return np.zeros(flows.generated.shape[:2])
    comp = built.inputs.compliance[:, :, np.newaxis]
    counter = replace(flows,
                      landfill_sanitary=flows.landfill_sanitary + flows.wte_input * comp,
                      landfill_noncompliant=flows.landfill_noncompliant
                      + flows.wte_input * (1.0 - comp))
    actual, _ = landfill_ch4(built, flows)
    without, _ = landfill_ch4(built, counter)
    return np.asarray((without - actual) * built.dataset.param("ch4_gwp"), dtype=np.float64)


def chp_indicators(built: Built, flows: Flows, stack: Stack) -> dict[str, FloatArray]:
    """Heat, energy balance terms, plant money and the methane avoided, stacked."""
    energy = chp_energy(built, flows)
    money = chp_money(built, flows, energy)
    mwh_per_gcal = 1.163
    return {
        "wte_fuel_energy_mwh": stack(energy["fuel"]),
        "wte_heat_mwh": stack(energy["heat"]),
        "wte_heat_sold_mwh": stack(energy["heat_sold"]),
        "wte_heat_sold_gcal": stack(energy["heat_sold"] / mwh_per_gcal),
        "wte_energy_losses_mwh": stack(energy["losses"] + energy["heat_unsold"]),
        "wte_gate_fee_kzt": stack(money["gate"]),
        "wte_electricity_revenue_kzt": stack(money["electricity"]),
        "wte_heat_revenue_kzt": stack(money["heat"]),
        "wte_revenue_kzt": stack(money["revenue"]),
        "wte_opex_kzt": stack(money["opex"]),
        "wte_margin_kzt": stack(money["margin"]),
        "wte_ch4_avoided_tco2e": stack(methane_avoided(built, flows)),
    }
