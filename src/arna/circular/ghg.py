"""Greenhouse gases: landfill methane (IPCC first-order decay) and WtE fossil CO2.

The first-order decay (FOD) model, as written in the data sheet (IPCC 2006
Vol. 5, Ch. 3)::

    D_t   = L_t * DOC * DOCf * MCF                 (decomposable DOC deposited)
    A_t   = A_{t-1} * exp(-k) + D_t                (DDOCm stock at year end)
    dec_t = A_{t-1} * (1 - exp(-k))                (DDOCm decomposed in year t)
    CH4_t = (dec_t * F * 16/12 - R_t) * (1 - OX)   (methane emitted)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

CH4_PER_C = 16.0 / 12.0
CO2_PER_C = 44.0 / 12.0


@dataclass(frozen=True)
class SiteParams:
    """Parameters of one kind of disposal site."""

    mcf: float
    ox: float


def steady_stock(deposit: FloatArray, k: FloatArray, years: int) -> FloatArray:
    """DDOCm stock after ``years`` years of constant yearly ``deposit`` starting from zero.

    Closed form of the FOD recursion: ``D (1 - e^{-k n}) / (1 - e^{-k})``, or ``n D``
    when ``k = 0``.
    """
    q = np.exp(-k)
    factor = np.where(k > 0, (1.0 - q**years) / np.where(k > 0, 1.0 - q, 1.0), float(years))
    return np.asarray(deposit * factor, dtype=np.float64)


def fod_decomposed(
    deposits: FloatArray, k: FloatArray, initial_stock: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """Run the FOD recursion along the last axis (years).

    Parameters
    ----------
    deposits:
        ``(..., T)`` decomposable DOC deposited (t DDOCm).
    k:
        Decay rate (1/yr), broadcastable to ``deposits[..., 0]``.
    initial_stock:
        DDOCm stock at the end of the year before the first year.

    Returns
    -------
    decomposed, stock:
        ``(..., T)`` DDOCm decomposed in each year, and the stock at each year end.
    """
    q = np.exp(-k)
    stock = np.zeros(deposits.shape[:-1]) if initial_stock is None else initial_stock.copy()
    decomposed = np.zeros_like(deposits)
    stocks = np.zeros_like(deposits)
    for t in range(deposits.shape[-1]):
        decomposed[..., t] = stock * (1.0 - q)
        stock = stock * q + deposits[..., t]
        stocks[..., t] = stock
    return decomposed, stocks


def methane_emitted(
    decomposed: FloatArray, f_ch4: float, ox: float, recovered_share: FloatArray | float = 0.0
) -> FloatArray:
    """CH4 emitted (t) from DDOCm decomposed: ``(dec * F * 16/12 * (1 - capture)) * (1 - OX)``."""
    generated = decomposed * f_ch4 * CH4_PER_C
    return np.asarray(generated * (1.0 - np.asarray(recovered_share)) * (1.0 - ox),
                      dtype=np.float64)


def wte_fossil_co2(
    burnt: FloatArray,
    dry_matter: FloatArray,
    carbon_fraction: FloatArray,
    fossil_fraction: FloatArray,
    oxidation: float,
) -> FloatArray:
    """Fossil CO2 (t) from incineration: ``sum_m W_m * dm * CF * FCF * OF * 44/12``.

    Parameters
    ----------
    burnt:
        ``(..., M)`` tonnes burnt by material.
    dry_matter, carbon_fraction, fossil_fraction:
        ``(M,)`` IPCC defaults.
    """
    per_t = dry_matter * carbon_fraction * fossil_fraction * oxidation * CO2_PER_C
    return np.asarray((burnt * per_t).sum(axis=-1), dtype=np.float64)


def landfill_methane(
    deposits_by_site: dict[str, FloatArray],
    sites: dict[str, SiteParams],
    doc: FloatArray,
    k: FloatArray,
    docf: float,
    f_ch4: float,
    capture: dict[str, FloatArray],
    initial: dict[str, FloatArray],
) -> tuple[FloatArray, FloatArray]:
    """Methane emitted and stock by region and year, summed over sites and materials.

    Parameters
    ----------
    deposits_by_site:
        ``site -> (R, T, M)`` tonnes landfilled/dumped.
    sites:
        ``site -> SiteParams``.
    doc, k:
        ``(M,)`` DOC content and decay rates.
    capture:
        ``site -> (R, T)`` share of generated methane recovered.
    initial:
        ``site -> (R, M)`` DDOCm stock before the first year.

    Returns
    -------
    ch4, ddocm_stock:
        ``(R, T)`` tonnes of CH4 emitted and DDOCm in place at year end.
    """
    ch4: FloatArray | None = None
    stock_total: FloatArray | None = None
    for site, deposits in deposits_by_site.items():
        p = sites[site]
        ddocm = np.moveaxis(deposits * doc * docf * p.mcf, 1, -1)  # (R, M, T)
        dec, stock = fod_decomposed(ddocm, k[np.newaxis, :], initial[site])
        emitted = methane_emitted(dec.sum(axis=1), f_ch4, p.ox, capture[site])
        ch4 = emitted if ch4 is None else ch4 + emitted
        total = stock.sum(axis=1)
        stock_total = total if stock_total is None else stock_total + total
    assert ch4 is not None and stock_total is not None
    return ch4, stock_total
