"""Extended producer responsibility (EPR) as the operator keeps it.

Packaging groups live in the MSW flows:

* fee        = tonnes placed on the market x MCI x K
* payout     = verified recycled tonnes x MCI x (collection + transport + processing)
* obligation = obligation rate x tonnes placed on the market

Tonnes placed on the market are approximated by the packaging share of each
material's generated tonnage, recycled packaging by the same share of the
recycled tonnage (waste entering the recycling operation, the tonnes an
operator can verify).

Other product groups (vehicles, farm machinery, tyres, batteries, electronics)
are accounts of their own (:func:`account_result`): units or tonnes placed on
the market, a fee per unit (``base_mci x MCI x coefficient``) or per tonne
(``MCI x coefficient``), refunds of the domestic producers' fees, and payouts
for verified recycled tonnes.

The fund (:func:`fund_balance`) is national: opening balance + fees - refunds -
payouts - project lending - other spending = closing balance, checked every year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from arna.circular.paths import interpolate
from arna.circular.schema import MATERIALS, Epr, EprAccount, EprFund, EprGroup
from arna.errors import BalanceError

FloatArray = npt.NDArray[np.float64]

MONEY_TOLERANCE_KZT = 1.0
"""Absolute tolerance of a money balance (KZT), added to a relative 1e-9."""


@dataclass(frozen=True)
class EprResult:
    """EPR indicators of one packaging group, each ``(R, T)``."""

    group: str
    placed_on_market_t: FloatArray
    fee_kzt: FloatArray
    payout_kzt: FloatArray
    obligation_t: FloatArray
    collected_t: FloatArray
    recycled_t: FloatArray
    fundable_t: FloatArray


@dataclass(frozen=True)
class AccountResult:
    """One product account, each ``(T,)`` national.

    ``fee_domestic_kzt + fee_imported_kzt`` is the fee; refunds go back to domestic producers.
    """

    name: str
    payer: str
    kind: str
    placed_on_market: FloatArray
    placed_on_market_t: FloatArray
    fee_domestic_kzt: FloatArray
    fee_imported_kzt: FloatArray
    refund_kzt: FloatArray
    recycled_t: FloatArray
    payout_kzt: FloatArray

    @property
    def fee_kzt(self) -> FloatArray:
        """Total fee (domestic + imported)."""
        return self.fee_domestic_kzt + self.fee_imported_kzt


@dataclass(frozen=True)
class FundResult:
    """The operator's fund by year (``(T,)``; NaN before the opening year)."""

    opening_kzt: FloatArray
    revenue_kzt: FloatArray
    refunds_kzt: FloatArray
    payouts_kzt: FloatArray
    lending_kzt: FloatArray
    other_kzt: FloatArray
    closing_kzt: FloatArray


def share_vector(group: EprGroup) -> FloatArray:
    """``(M,)`` packaging share of each material in ``group``."""
    out = np.zeros(len(MATERIALS))
    for ps in group.packaging:
        out[MATERIALS.index(ps.material)] += ps.share
    return out


def payout_rate_mci(group: EprGroup) -> float:
    """Payout per verified recycled tonne (MCI/t): collection + transport + processing."""
    p = group.payout
    return p.collection + p.transport + p.processing


def group_result(
    group: EprGroup,
    mci: FloatArray,
    years: npt.NDArray[np.int64],
    generated: FloatArray,
    sorted_output: FloatArray,
    recycled: FloatArray,
) -> EprResult:
    """EPR indicators of one packaging group.

    Parameters
    ----------
    mci:
        ``(T,)`` monthly calculation index (KZT).
    generated, sorted_output, recycled:
        ``(R, T, M)`` flows (tonnes).
    """
    s = share_vector(group)
    pom = (generated * s).sum(axis=-1)
    collected = (sorted_output * s).sum(axis=-1)
    rec = (recycled * s).sum(axis=-1)
    k = interpolate(group.k, years)
    tau = interpolate(group.obligation, years)
    rate = payout_rate_mci(group)
    payout = rec * rate * mci
    fee = pom * mci * k
    fundable = fee / (rate * mci) if rate > 0 else np.zeros_like(fee)
    return EprResult(group.name, pom, fee, payout, pom * tau, collected, rec, fundable)


def epr_results(
    epr: Epr,
    years: npt.NDArray[np.int64],
    generated: FloatArray,
    sorted_output: FloatArray,
    recycled: FloatArray,
) -> list[EprResult]:
    """Indicators of every packaging group."""
    mci = interpolate(epr.mci_kzt, years)
    return [group_result(g, mci, years, generated, sorted_output, recycled) for g in epr.groups]


def account_result(acc: EprAccount, mci: FloatArray, years: npt.NDArray[np.int64]) -> AccountResult:
    """Fees, refunds and payouts of one product account (national, ``(T,)``)."""
    pom = interpolate(acc.placed_on_market, years)
    per_unit = acc.base_mci * mci * interpolate(acc.coefficient, years)
    fee = pom * per_unit
    dom = interpolate(acc.domestic_share, years)
    tonnes = pom * acc.unit_mass_t.value if acc.kind == "units" else pom
    recycled = tonnes * interpolate(acc.recycled_share, years)
    return AccountResult(
        name=acc.name, payer=acc.payer, kind=acc.kind, placed_on_market=pom, placed_on_market_t=tonnes,
        fee_domestic_kzt=fee * dom, fee_imported_kzt=fee * (1.0 - dom),
        refund_kzt=fee * dom * interpolate(acc.refund_share_domestic, years),
        recycled_t=recycled, payout_kzt=recycled * acc.payout_mci_per_t.value * mci,
    )


def account_results(epr: Epr, years: npt.NDArray[np.int64]) -> list[AccountResult]:
    """Every product account of ``epr``."""
    mci = interpolate(epr.mci_kzt, years)
    return [account_result(a, mci, years) for a in epr.accounts]


def fund_balance(
    fund: EprFund,
    years: npt.NDArray[np.int64],
    revenue: FloatArray,
    refunds: FloatArray,
    payouts: FloatArray,
) -> FundResult:
    """Roll the fund forward from its opening year and check the balance every year.

    Raises
    ------
    BalanceError
        Opening + revenue - refunds - payouts - lending - other != closing in some year.
    """
    lending = interpolate(fund.project_lending_kzt, years)
    other = revenue * interpolate(fund.other_spending_share, years)
    opening, closing = (np.full(len(years), np.nan) for _ in range(2))
    balance = fund.opening_balance_kzt.value
    for t, year in enumerate(years):
        if year < fund.opening_year:
            continue
        opening[t] = balance
        balance = balance + revenue[t] - refunds[t] - payouts[t] - lending[t] - other[t]
        closing[t] = balance
    on = years >= fund.opening_year
    result = FundResult(opening, np.where(on, revenue, np.nan), np.where(on, refunds, np.nan),
                        np.where(on, payouts, np.nan), np.where(on, lending, np.nan),
                        np.where(on, other, np.nan), closing)
    check_fund(result, years)
    return result


def check_fund(f: FundResult, years: npt.NDArray[np.int64]) -> None:
    """Check ``opening + revenue - refunds - payouts - lending - other = closing``.

    Raises
    ------
    BalanceError
        Naming the year and the gap in KZT.
    """
    gap = f.opening_kzt + f.revenue_kzt - f.refunds_kzt - f.payouts_kzt - f.lending_kzt \
        - f.other_kzt - f.closing_kzt
    tol = MONEY_TOLERANCE_KZT + 1e-9 * np.abs(f.opening_kzt) + 1e-9 * np.abs(f.revenue_kzt)
    bad = np.nonzero(np.isfinite(gap) & (np.abs(gap) > tol))[0]
    if bad.size:
        t = int(bad[0])
        raise BalanceError(f"EPR fund balance does not close in {int(years[t])}: "
                           f"gap {float(gap[t]):.6g} KZT")
    chained = f.opening_kzt[1:] - f.closing_kzt[:-1]
    bad = np.nonzero(np.isfinite(chained) & (np.abs(chained) > MONEY_TOLERANCE_KZT))[0]
    if bad.size:
        t = int(bad[0]) + 1
        raise BalanceError(f"EPR fund opening balance in {int(years[t])} differs from the "
                           f"closing balance of {int(years[t - 1])}")
