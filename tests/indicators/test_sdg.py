"""SDG 6.4.2 water stress and 6.4.1-style water-use efficiency by hand."""

from __future__ import annotations

import numpy as np
import pytest

from arna.errors import InputError
from arna.indicators.sdg import water_stress, water_stress_run, water_use_efficiency, water_use_efficiency_run
from arna.schema.document import ModelDocument
from tests.indicators.helpers import results


def test_water_stress_formula() -> None:
    assert water_stress(25.0, 108.0, 8.0) == pytest.approx(25.0)
    assert water_stress(10.0, 50.0) == pytest.approx(20.0)
    with pytest.raises(InputError, match="undefined"):
        water_stress(1.0, 5.0, 5.0)


def test_water_use_efficiency_formula() -> None:
    # agriculture: 100 USD × (1 − 0.2) / 200 m³ = 0.4 USD/m³, share 2/3; industry 300/100 = 3, share 1/3
    t = water_use_efficiency({"agriculture": 100.0, "industry": 300.0}, {"agriculture": 200.0, "industry": 100.0},
                             rainfed_share=0.2).set_index("sector")
    assert t.loc["agriculture", "efficiency_usd_per_m3"] == pytest.approx(0.4)
    assert t.loc["industry", "share"] == pytest.approx(1 / 3)
    assert t.loc["total", "efficiency_usd_per_m3"] == pytest.approx(0.4 * 2 / 3 + 3 / 3)
    with pytest.raises(InputError, match="no withdrawal"):
        water_use_efficiency({"services": 1.0}, {})


def _doc() -> ModelDocument:
    return ModelDocument.model_validate({
        "name": "t", "timestepper": {"start": "2021-01-01", "end": "2021-01-04", "step": "day"},
        "nodes": [{"name": "river", "type": "inflow", "flow": 100},
                  {"name": "farm", "type": "demand", "sector": "irrigation", "demand": 30},
                  {"name": "town", "type": "demand", "sector": "municipal", "demand": 10},
                  {"name": "eflow", "type": "environmental_flow", "requirement": 20},
                  {"name": "sea", "type": "terminal"}],
        "edges": [["river", "farm"], ["river", "town"], ["river", "eflow"], ["eflow", "sea"]],
    })


def test_from_a_run() -> None:
    # withdrawals 40 of 100 m³/s, requirement 20 → 40 / 80 = 50 %
    res = results({("river", "flow"): np.full(4, 100.0), ("farm", "withdrawal"): np.full(4, 30.0),
                   ("town", "withdrawal"): np.full(4, 10.0), ("eflow", "requirement"): np.full(4, 20.0)}, freq="D")
    row = water_stress_run(_doc(), res).iloc[0]
    assert row["stress_percent"] == pytest.approx(50.0)
    assert row["renewable_km3_per_year"] == pytest.approx(100 * 365.25 * 86_400 / 1e9)
    w = water_use_efficiency_run(_doc(), res, {"irrigation": 3e9, "municipal": 6e9}).set_index("sector")
    farm_m3 = 30 * 365.25 * 86_400
    assert w.loc["irrigation", "efficiency_usd_per_m3"] == pytest.approx(3e9 / farm_m3)
    assert w.loc["total", "efficiency_usd_per_m3"] == pytest.approx((3e9 + 6e9) / (40 * 365.25 * 86_400))
