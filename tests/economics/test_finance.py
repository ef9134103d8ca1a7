"""NPV, annuities and capital recovery against textbook values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arna.economics import finance
from arna.errors import InputError


def test_npv_textbook_example() -> None:
    # -1000 now, then 500, 400, 300, 100 at 10%: NPV = 78.82
    assert finance.npv(0.10, [-1000, 500, 400, 300, 100]) == pytest.approx(78.82, abs=0.005)


def test_npv_at_zero_rate_is_the_sum() -> None:
    assert finance.npv(0.0, [-5, 2, 2, 2]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("rate", "years", "pva", "crf"),
    [
        (0.10, 10, 6.1446, 0.16275),  # standard interest tables
        (0.08, 20, 9.8181, 0.10185),
        (0.05, 30, 15.3725, 0.06505),
        (0.12, 5, 3.6048, 0.27741),
    ],
)
def test_annuity_and_capital_recovery_tables(rate: float, years: int, pva: float,
                                             crf: float) -> None:
    assert finance.annuity_present_value_factor(rate, years) == pytest.approx(pva, abs=5e-5)
    assert finance.capital_recovery_factor(rate, years) == pytest.approx(crf, abs=5e-6)


def test_zero_rate_annuity_and_crf() -> None:
    assert finance.annuity_present_value_factor(0.0, 8) == 8.0
    assert finance.capital_recovery_factor(0.0, 8) == 0.125


def test_present_value_of_annuity_and_eac() -> None:
    assert finance.present_value_of_annuity(100.0, 0.10, 10) == pytest.approx(614.46, abs=0.005)
    # 1000 over 10 years at 10%: 162.75 per year, plus 20 O&M
    assert finance.equivalent_annual_cost(1000.0, 20.0, 0.10, 10) == pytest.approx(182.75,
                                                                                   abs=0.005)


@given(st.floats(0.001, 0.5), st.integers(1, 60))
def test_crf_repays_the_capital(rate: float, years: int) -> None:
    payment = finance.capital_recovery_factor(rate, years)
    assert finance.npv(rate, [-1.0] + [payment] * years) == pytest.approx(0.0, abs=1e-9)


def test_cost_per_m3() -> None:
    assert finance.cost_per_m3(150.0, 1000.0) == 0.15
    assert finance.cost_per_m3(150.0, 0.0) == float("inf")


def test_adoption_cash_flows_by_hand() -> None:
    inv, om, area = finance.adoption_cash_flows(
        unit_investment=100.0, unit_om_per_year=10.0, lifetime_years=3,
        adopted_per_year=[5.0, 0.0, 2.0], horizon_years=6,
    )
    # cohort 0 paid in years 0 and 3 (renewed); cohort 2 paid in years 2 and 5
    assert inv.tolist() == [500.0, 0.0, 200.0, 500.0, 0.0, 200.0, 0.0]
    assert area.tolist() == [0.0, 5.0, 5.0, 7.0, 7.0, 7.0, 7.0]
    assert om.tolist() == [0.0, 50.0, 50.0, 70.0, 70.0, 70.0, 70.0]


def test_bad_inputs() -> None:
    with pytest.raises(InputError, match="discount rate"):
        finance.npv(2.0, [1.0])
    with pytest.raises(InputError, match="at least 1"):
        finance.capital_recovery_factor(0.05, 0)
    with pytest.raises(InputError, match="non-empty"):
        finance.npv(0.05, [])
    with pytest.raises(InputError, match="adoption schedule"):
        finance.adoption_cash_flows(unit_investment=1, unit_om_per_year=0, lifetime_years=5,
                                    adopted_per_year=[-1.0], horizon_years=5)
