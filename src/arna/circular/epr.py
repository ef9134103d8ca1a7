"""Extended producer responsibility (EPR): fees, payouts and obligations.

* fee        = tonnes placed on the market x MCI x K
* payout     = collected x MCI x (collection + transport) + recycled x MCI x processing
* obligation = obligation rate x tonnes placed on the market

Tonnes placed on the market are approximated by the packaging share of each
material's generated tonnage; collected packaging by the same share of the
sorting output sent to recyclers, recycled packaging by the same share of the
recycled tonnage (the share is assumed equal in every stream).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from arna.circular.paths import interpolate
from arna.circular.schema import MATERIALS, Epr, EprGroup

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class EprResult:
    """EPR indicators of one group, each ``(R, T)``."""

    group: str
    placed_on_market_t: FloatArray
    fee_kzt: FloatArray
    payout_kzt: FloatArray
    obligation_t: FloatArray
    collected_t: FloatArray
    recycled_t: FloatArray


def share_vector(group: EprGroup) -> FloatArray:
    """``(M,)`` packaging share of each material in ``group``."""
    out = np.zeros(len(MATERIALS))
    for ps in group.packaging:
        out[MATERIALS.index(ps.material)] += ps.share
    return out


def group_result(
    group: EprGroup,
    mci: FloatArray,
    years: npt.NDArray[np.int64],
    generated: FloatArray,
    sorted_output: FloatArray,
    recycled: FloatArray,
) -> EprResult:
    """EPR indicators of one group.

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
    p = group.payout
    payout = (collected * (p.collection + p.transport) + rec * p.processing) * mci
    return EprResult(group.name, pom, pom * mci * k, payout, pom * tau, collected, rec)


def epr_results(
    epr: Epr,
    years: npt.NDArray[np.int64],
    generated: FloatArray,
    sorted_output: FloatArray,
    recycled: FloatArray,
) -> list[EprResult]:
    """Indicators of every EPR group."""
    mci = interpolate(epr.mci_kzt, years)
    return [group_result(g, mci, years, generated, sorted_output, recycled) for g in epr.groups]
