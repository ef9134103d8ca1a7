"""Costs, household tariffs, landfill capacity and illegal dumps, by region and year.

* System cost (KZT, 2025 prices) = collection x collected + sorting x sorting input +
  composting x separate bio-waste + recycling x recycled + landfill (sanitary,
  non-compliant) x landfilled + WtE gate fee x burnt + clearance x dump waste cleared.
  Recycling is done by private recyclers whom the EPR payouts compensate; it is in the
  cost so that tariffs and payouts are set against the same system.
* Tariff revenue = served population x (u T_urban + (1 - u) T_rural) x 12 x payment rate
  x tariff multiplier; cost recovery = tariff revenue / cost.
* Money balance: cost = tariff revenue + EPR packaging payouts + budget gap (the gap is
  negative when tariffs and payouts exceed the cost).
* Landfill capacity: remaining at the start of 2025 = years left x 2025 landfilling; every
  year remaining(t) = remaining(t-1) - landfilled(t) (negative = overfilled).
* Illegal dumps: stock(t) = stock(t-1) + dumped(t) - cleared(t), with cleared =
  clearance x (stock(t-1) + dumped(t)); the stock starts empty in the first model year, so it
  is the waste dumped since then and not yet cleared.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from arna.circular.build import Built
from arna.circular.model import Flows
from arna.circular.wte import check_closes

FloatArray = npt.NDArray[np.float64]
Stack = Callable[..., FloatArray]

MONTHS = 12.0
CAPACITY_BASE_YEAR = 2025


def landfilled_t(flows: Flows) -> FloatArray:
    """``(R, T)`` tonnes put on landfills (sanitary + non-compliant + bottom ash)."""
    return np.asarray((flows.landfill_sanitary + flows.landfill_noncompliant
                       + flows.wte_ash).sum(axis=-1), dtype=np.float64)


def dump_stock(dumped: FloatArray, clearance: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(R, T)`` stock at year end and tonnes cleared, from yearly dumped tonnes."""
    stock = np.zeros_like(dumped)
    cleared = np.zeros_like(dumped)
    prev = np.zeros(dumped.shape[0])
    for t in range(dumped.shape[1]):
        pool = prev + dumped[:, t]
        cleared[:, t] = clearance[:, t] * pool
        stock[:, t] = pool - cleared[:, t]
        prev = stock[:, t]
    opening = np.concatenate([np.zeros((dumped.shape[0], 1)), stock[:, :-1]], axis=1)
    check_closes("illegal-dump stock (opening + dumped = cleared + closing)", opening + dumped,
                 [cleared, stock])
    return stock, cleared


def landfill_remaining(landfilled: FloatArray, years: npt.NDArray[np.int64],
                       years_left_2025: FloatArray) -> FloatArray:
    """``(R, T)`` landfill capacity remaining at each year end (t); negative = overfilled."""
    t0 = int(np.searchsorted(years, CAPACITY_BASE_YEAR))
    capacity = years_left_2025 * landfilled[:, t0]
    cum = np.cumsum(landfilled, axis=1)
    before = cum[:, t0 - 1] if t0 > 0 else np.zeros(landfilled.shape[0])
    remaining = capacity[:, np.newaxis] - (cum - before[:, np.newaxis])
    opening = np.concatenate([(capacity + landfilled[:, :t0].sum(axis=1))[:, np.newaxis],
                              remaining[:, :-1]], axis=1)
    check_closes("landfill capacity (opening = landfilled + remaining)", opening,
                 [landfilled, remaining], nonnegative=False)
    return np.asarray(remaining, dtype=np.float64)


def tariff_revenue(built: Built, served: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Tariff per served person and month (KZT) and yearly tariff revenue (KZT), ``(R, T)``."""
    ds = built.dataset
    u = ds.regional["urban_share"][:, np.newaxis]
    tariff = (u * ds.regional["tariff_urban_kzt"][:, np.newaxis]
              + (1.0 - u) * ds.regional["tariff_rural_kzt"][:, np.newaxis]) \
        * built.tariff_multiplier
    return tariff, served * tariff * MONTHS * ds.param("tariff_payment_rate")


def cost_parts(built: Built, flows: Flows, cleared: FloatArray) -> dict[str, FloatArray]:
    """Municipal cost by activity, ``(R, T)`` KZT."""
    ds = built.dataset

    def tonnes(*names: str) -> FloatArray:
        return np.asarray(sum(getattr(flows, n) for n in names).sum(axis=-1), dtype=np.float64)

    return {
        "collection": tonnes("collected") * ds.param("cost_collection_kzt_t"),
        "sorting": tonnes("separate_dry", "mixed_sorted") * ds.param("cost_sorting_kzt_t"),
        "composting": tonnes("separate_bio") * ds.param("cost_composting_kzt_t"),
        "recycling": tonnes("recycled") * ds.param("cost_recycling_kzt_t"),
        "landfill": tonnes("landfill_sanitary", "wte_ash") * ds.param("cost_landfill_sanitary_kzt_t")
        + tonnes("landfill_noncompliant") * ds.param("cost_landfill_noncompliant_kzt_t"),
        "wte_gate_fees": flows.wte_input.sum(axis=-1) * built.wte.weighted["gate_fee_kzt_t"],
        "dump_clearance": cleared * ds.param("cost_dump_clearance_kzt_t"),
    }


def cost_indicators(built: Built, flows: Flows, epr_payouts: FloatArray,
                    stack: Stack) -> dict[str, FloatArray]:
    """Costs, tariffs, cost recovery, landfill capacity and dump stock, stacked.

    Parameters
    ----------
    epr_payouts:
        ``(R, T)`` EPR packaging payouts (KZT) to collectors and recyclers in the region.
    """
    stock, cleared = dump_stock(flows.uncollected.sum(axis=-1), built.dump_clearance)
    parts = cost_parts(built, flows, cleared)
    cost = np.asarray(sum(parts.values()), dtype=np.float64)
    served = built.population * built.inputs.coverage
    _, revenue = tariff_revenue(built, served)
    gap = cost - revenue - epr_payouts
    check_closes("municipal money balance (cost = tariffs + EPR payouts + budget gap)", cost,
                 [revenue, epr_payouts, gap], built.dataset.region_codes, nonnegative=False)
    landfilled = landfilled_t(flows)
    remaining = landfill_remaining(landfilled, built.dataset.years,
                                   built.dataset.regional["landfill_years_left_2025"])
    out = {f"cost_kzt.{k}": stack(v) for k, v in parts.items()}
    st_cost, st_rev, st_served = stack(cost), stack(revenue), stack(served)
    st_collected = stack(flows.collected.sum(axis=-1))
    out.update({
        "cost_kzt": st_cost,
        "cost_kzt_per_t_collected": _ratio(st_cost, st_collected),
        "tariff_revenue_kzt": st_rev,
        "tariff_kzt_person_month": _ratio(st_rev, st_served * MONTHS
                                          * built.dataset.param("tariff_payment_rate")),
        "full_cost_tariff_kzt_person_month": _ratio(st_cost, st_served * MONTHS),
        "cost_recovery": _ratio(st_rev, st_cost),
        "epr_payouts_received_kzt": stack(epr_payouts),
        "budget_gap_kzt": stack(gap),
        "landfilled_t": stack(landfilled),
        "landfill_remaining_t": stack(remaining),
        "landfill_years_left": _ratio(np.maximum(stack(remaining), 0.0), stack(landfilled)),
        "dump_stock_t": stack(stock),
        "dump_cleared_t": stack(cleared),
    })
    return out


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.zeros(np.broadcast_shapes(num.shape, den.shape))
    np.divide(num, den, out=out, where=den > 0)
    return out
