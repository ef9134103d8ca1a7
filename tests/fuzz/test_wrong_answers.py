"""Valid, solvable networks found by fuzzing that once ended wrongly (issue 16)."""

from __future__ import annotations

from typing import Any

import numpy as np

from arna.api import run
from arna.schema import model_from_mapping
from arna.schema.units import HM3_PER_DAY_TO_M3S

MONTHLY = {"start": "2021-01-01", "end": "2021-06-01", "step": "month"}


def _demand(name: str, priority: int, need: float, **kw: Any) -> dict[str, Any]:
    return {"name": name, "type": "demand", "priority": priority,
            "demand": {"type": "constant", "unit": "hm3/month", "value": need}, **kw}


def test_return_flow_into_a_full_reservoir_is_not_infeasible() -> None:
    """No inflows, no minimum flows: a full reservoir with fill_priority 3 outranks a demand whose
    return flow goes back into it; a zero demand of priority 2 adds a tier. Reported infeasible at
    step 4 once: a tier's floor rested on the previous tier's rounding (HiGHS's 1e-7 tolerance)."""
    doc = {
        "name": "seven", "timestepper": MONTHLY,
        "nodes": [
            {"name": "r0", "type": "reach", "loss": 0.1}, {"name": "r1", "type": "reach", "loss": 0.1},
            {"name": "r2", "type": "reach", "loss": 0.1}, {"name": "r3", "type": "reach"},
            _demand("d0", 4, 10.0, consumptive_fraction=0.2, return_to="dam"),
            _demand("d1", 2, 0.0),
            {"name": "dam", "type": "reservoir", "capacity": 10.0, "initial_volume": 10.0, "fill_priority": 3},
            {"name": "sea", "type": "terminal"},
        ],
        "edges": [["r0", "r1"], ["r1", "r2"], ["r2", "dam"], ["r3", "sea"], ["dam", "d0"], ["dam", "d1"],
                  ["dam", "r3"]],
    }
    res = run(model_from_mapping(doc, "<seven>"))
    assert res.balance_error <= 1e-9
    volume = res.get("dam", "volume")
    assert np.allclose(volume, 10.0, atol=1e-6)  # filling (priority 3) outranks d0 (priority 4)
    assert np.all(res.get("d0", "delivered") / HM3_PER_DAY_TO_M3S < 1e-6)
