"""Discounting: NPV, annuities, capital recovery and equivalent annual cost.

Conventions: ``rate`` is a real discount rate per year as a fraction (0.08 = 8 %);
cash flow ``t`` falls at the end of year ``t`` and flow 0 is "now" (undiscounted).
Money is in the catalogue currency (USD by default).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from arna.errors import InputError

FloatArray = npt.NDArray[np.float64]


def _check_rate(rate: float) -> None:
    if not np.isfinite(rate) or not -0.5 < rate <= 1.0:
        raise InputError(f"discount rate {rate:g} must be a fraction in (-0.5, 1], e.g. 0.08")


def _check_years(years: int) -> None:
    if years < 1:
        raise InputError(f"the number of years ({years}) must be at least 1")


def discount_factors(rate: float, years: int) -> FloatArray:
    """``1 / (1 + r)^t`` for ``t = 0 … years``."""
    _check_rate(rate)
    t = np.arange(years + 1, dtype=np.float64)
    out: FloatArray = (1.0 + rate) ** -t
    return out


def npv(rate: float, cash_flows: Sequence[float] | npt.ArrayLike) -> float:
    """Net present value ``Σ_t CF_t / (1 + r)^t`` with ``CF_0`` undiscounted."""
    flows = np.asarray(cash_flows, dtype=np.float64)
    if flows.ndim != 1 or flows.size == 0:
        raise InputError("cash flows must be a non-empty sequence of numbers")
    return float(np.dot(flows, discount_factors(rate, flows.size - 1)))


def annuity_present_value_factor(rate: float, years: int) -> float:
    """Present value of 1 per year for ``years`` years: ``(1 − (1 + r)^−n) / r`` (n if r = 0)."""
    _check_rate(rate)
    _check_years(years)
    if rate == 0.0:
        return float(years)
    return float((1.0 - (1.0 + rate) ** -years) / rate)


def present_value_of_annuity(payment: float, rate: float, years: int) -> float:
    """Present value of ``payment`` at the end of each of ``years`` years."""
    return payment * annuity_present_value_factor(rate, years)


def capital_recovery_factor(rate: float, years: int) -> float:
    """Capital recovery factor ``r (1 + r)^n / ((1 + r)^n − 1)`` (1/n if r = 0).

    It is the reciprocal of :func:`annuity_present_value_factor`: the equal yearly
    payment that repays 1 unit of capital over ``years`` years at ``rate``.
    """
    return 1.0 / annuity_present_value_factor(rate, years)


def equivalent_annual_cost(
    investment: float, om_per_year: float, rate: float, lifetime_years: int
) -> float:
    """Equivalent annual cost: ``investment × CRF(r, n) + O&M per year``."""
    return investment * capital_recovery_factor(rate, lifetime_years) + om_per_year


def cost_per_m3(annual_cost: float, saving_m3_per_year: float) -> float:
    """Cost of a cubic metre saved (currency/m³); ``inf`` when nothing is saved."""
    if saving_m3_per_year <= 0.0:
        return float("inf")
    return annual_cost / saving_m3_per_year


def adoption_cash_flows(
    *,
    unit_investment: float,
    unit_om_per_year: float,
    lifetime_years: int,
    adopted_per_year: Sequence[float],
    horizon_years: int,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Investment, O&M and units in service per year for an adoption schedule.

    ``adopted_per_year[k]`` units (e.g. ha) are equipped in year ``k`` (year 0 is
    now); each cohort is paid for in its year, is in service and costs O&M from
    the following year, and is renewed (paid again) every ``lifetime_years`` as
    long as the renewed asset still serves a year within ``0 … horizon_years``.
    There is no salvage value at the horizon.

    Returns
    -------
    investment, om, in_service:
        Arrays of length ``horizon_years + 1`` (currency, currency, units). A unit
        adopted in year k is in service from year k + 1.
    """
    _check_years(lifetime_years)
    _check_years(horizon_years)
    adopted = np.asarray(adopted_per_year, dtype=np.float64)
    if adopted.ndim != 1 or np.any(adopted < 0) or adopted.size > horizon_years + 1:
        raise InputError(
            "the adoption schedule must list non-negative amounts for at most "
            f"{horizon_years + 1} years"
        )
    investment = np.zeros(horizon_years + 1)
    in_service = np.zeros(horizon_years + 1)
    for k, amount in enumerate(adopted):
        for year in range(k, horizon_years, lifetime_years):
            investment[year] += amount * unit_investment
        in_service[k + 1 :] += amount
    om = in_service * unit_om_per_year
    return investment, om, in_service
