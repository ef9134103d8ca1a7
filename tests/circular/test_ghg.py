"""IPCC first-order decay against hand-computed values; WtE CO2 and electricity by hand."""

from __future__ import annotations

import numpy as np
import pytest

from arna.circular.ghg import fod_decomposed, methane_emitted, steady_stock, wte_fossil_co2
from arna.circular.wte import electricity_mwh


def test_fod_hand_computed_case() -> None:
    """1,000 t food (DOC 0.15, DOCf 0.5, MCF 1) landfilled in year 1; k = 0.1, OX = 0.1.

    D = 1000 * 0.15 * 0.5 * 1 = 75 t DDOCm. Nothing decays in the deposit year.
    Year 2: 75 * (1 - e^-0.1) = 7.13719 t DDOCm -> CH4 = 7.13719 * 0.5 * 16/12 * 0.9 = 4.28232 t.
    Year 3: 75 e^-0.1 (1 - e^-0.1) = 6.45800 t -> CH4 = 3.87480 t.
    """
    deposits = np.array([1000.0 * 0.15 * 0.5 * 1.0, 0.0, 0.0])
    dec, stock = fod_decomposed(deposits, np.array(0.1))
    np.testing.assert_allclose(dec, [0.0, 7.13719, 6.45800], atol=1e-5)
    np.testing.assert_allclose(stock[0], 75.0)
    ch4 = methane_emitted(dec, f_ch4=0.5, ox=0.1)
    np.testing.assert_allclose(ch4, [0.0, 4.28232, 3.87480], atol=1e-5)


def test_fod_conserves_decomposable_carbon() -> None:
    dec, stock = fod_decomposed(np.r_[100.0, np.zeros(400)], np.array(0.05))
    assert dec.sum() + stock[-1] == pytest.approx(100.0)


def test_gas_capture_reduces_emissions() -> None:
    assert methane_emitted(np.array([3.0]), 0.5, 0.0, 0.6)[0] == pytest.approx(0.8)


@pytest.mark.parametrize("k", [0.0, 0.02, 0.1])
def test_steady_stock_matches_recursion(k: float) -> None:
    _, stock = fod_decomposed(np.full(30, 10.0), np.array(k))
    assert steady_stock(np.array(10.0), np.array(k), 30) == pytest.approx(stock[-1])


def test_wte_fossil_co2_hand_case() -> None:
    """100 t plastics: 100 * 1.0 dm * 0.75 CF * 1.0 FCF * 44/12 = 275 t CO2; paper 100 t:
    100 * 0.9 * 0.46 * 0.01 * 44/12 = 1.518 t."""
    burnt = np.array([100.0, 100.0])
    co2 = wte_fossil_co2(burnt, np.array([1.0, 0.9]), np.array([0.75, 0.46]),
                         np.array([1.0, 0.01]), 1.0)
    assert float(co2) == pytest.approx(275.0 + 1.518)


def test_electricity_data_sheet_check() -> None:
    """Data sheet check: 550 kt x 9 MJ/kg x 0.25 / 3.6 = 343,750 MWh (about 43 MW average)."""
    e = electricity_mwh(np.array([[[550_000.0]]]), np.array([9.0]), np.array([[0.25]]))
    assert float(e[0, 0]) == pytest.approx(343_750.0)
