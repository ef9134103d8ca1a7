"""Hashimoto indicators against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from arna.indicators.performance import demand_performance, hashimoto
from tests.indicators.helpers import results

HM3 = 86_400 / 1e6  # hm³ in one day at 1 m³/s


def test_hand_computed_series() -> None:
    # demand 10 m³/s for 6 days; deliveries 10, 4, 6, 10, 10, 7
    # deficits 0, 6, 4, 0, 0, 3 → failures at t=1,2 (one event) and t=5 (second event, unrecovered)
    p = hashimoto(np.full(6, 10.0), np.array([10.0, 4, 6, 10, 10, 7]), np.ones(6))
    assert p["demand_hm3"] == pytest.approx(60 * HM3)
    assert p["delivered_hm3"] == pytest.approx(47 * HM3)
    assert p["coverage"] == pytest.approx(47 / 60)
    assert p["reliability"] == pytest.approx(3 / 6)
    assert p["resilience"] == pytest.approx(1 / 3)  # one F→S transition, three failure steps
    assert p["failure_events"] == 2
    assert p["vulnerability_hm3"] == pytest.approx((10 + 3) / 2 * HM3)
    assert p["max_event_deficit_hm3"] == pytest.approx(10 * HM3)
    assert p["total_deficit_hm3"] == pytest.approx(13 * HM3)
    assert p["max_deficit_m3s"] == pytest.approx(6.0)
    assert p["max_deficit_hm3"] == pytest.approx(6 * HM3)


def test_zero_demand_steps_are_skipped_and_days_weigh_volumes() -> None:
    # month lengths 31, 28, 31; the zero-demand step between two failures does not break the event
    p = hashimoto(np.array([2.0, 0.0, 2.0]), np.array([1.0, 0.0, 0.0]), np.array([31.0, 28.0, 31.0]))
    assert p["reliability"] == 0.0
    assert p["failure_events"] == 1
    assert math.isclose(p["resilience"], 0.0)
    assert p["total_deficit_hm3"] == pytest.approx((1 * 31 + 2 * 31) * HM3)
    assert p["coverage"] == pytest.approx(1 / 4)


def test_no_failure() -> None:
    p = hashimoto(np.array([1.0, 1.0]), np.array([1.0, 1.0]), np.ones(2))
    assert p["reliability"] == 1.0 and math.isnan(p["resilience"]) and p["vulnerability_hm3"] == 0.0


def test_table_per_scenario() -> None:
    delivered = np.array([[5.0, 5.0], [5.0, 0.0]])
    res = results({("city", "demand"): [5.0, 5.0], ("city", "delivered"): delivered}, freq="D",
                  scenarios=["wet", "dry"])
    t = demand_performance(res).set_index("scenario")
    assert t.loc["wet", "reliability"] == 1.0
    assert t.loc["dry", "reliability"] == 0.5
    assert t.loc["dry", "total_deficit_hm3"] == pytest.approx(5 * HM3)
    assert t.loc["dry", "coverage"] == pytest.approx(0.5)
