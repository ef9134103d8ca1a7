"""Property tests on randomly generated valid networks.

A river of reaches runs to a sea; inflows enter along it; demands hang off
reaches with random priorities, supply losses and return flows to reaches
further down; some reaches have reservoirs. Whatever the draw:

- the water balance closes (the engine raises otherwise; we also recompute it);
- no flow is negative;
- no demand receives water while a higher-priority demand on the same source is short.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arna.api import run
from arna.schema import model_from_mapping
from arna.schema.units import HM3_PER_DAY_TO_M3S

FLOW_ATTRS = {"flow", "delivered", "withdrawal", "consumed", "return_flow", "loss", "supply_loss",
              "release", "spill", "evaporation", "pumping"}


@st.composite
def networks(draw: st.DrawFn) -> dict[str, Any]:
    n_reach = draw(st.integers(2, 5))
    reaches = [f"r{i}" for i in range(n_reach)]
    nodes: list[dict[str, Any]] = []
    edges: list[list[str]] = []
    for i, r in enumerate(reaches):
        loss = draw(st.sampled_from([0.0, 0.0, 0.1, 0.3]))
        nodes.append({"name": r, "type": "reach", "loss": loss})
        edges.append([r, reaches[i + 1] if i + 1 < n_reach else "sea"])
        if draw(st.booleans()) or i == 0:
            q = draw(st.lists(st.floats(0.0, 20.0), min_size=3, max_size=3))
            nodes.append({"name": f"in{i}", "type": "inflow",
                          "flow": {"type": "monthly", "unit": "hm3/month", "values": q * 4}})
            edges.append([f"in{i}", r])
    for j in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, n_reach - 1))
        name = f"d{j}"
        d: dict[str, Any] = {
            "name": name, "type": "demand", "priority": draw(st.integers(1, 4)),
            "demand": {"type": "constant", "unit": "hm3/month", "value": draw(st.floats(0.0, 15.0))},
            "supply_loss": draw(st.sampled_from([0.0, 0.2, 0.5])),
        }
        cf = draw(st.sampled_from([1.0, 0.9, 0.5, 0.2]))
        if cf < 1.0 and at + 1 < n_reach:
            d["consumptive_fraction"] = cf
            d["return_to"] = reaches[draw(st.integers(at + 1, n_reach - 1))]
        nodes.append(d)
        edges.append([reaches[at], name])
    if draw(st.booleans()):
        at = draw(st.integers(0, n_reach - 1))
        cap = draw(st.floats(1.0, 50.0))
        nodes.append({"name": "dam", "type": "reservoir", "capacity": cap,
                      "initial_volume": cap * draw(st.floats(0.0, 1.0)),
                      "fill_priority": draw(st.integers(1, 9))})
        edges = [[a, "dam"] if (a == reaches[at] and b != "dam" and not b.startswith("d")) else [a, b]
                 for a, b in edges]
        nxt = reaches[at + 1] if at + 1 < n_reach else "sea"
        edges.append(["dam", nxt])
    nodes.append({"name": "sea", "type": "terminal"})
    return {"name": "random", "timestepper": {"start": "2021-01-01", "end": "2021-06-01", "step": "month"},
            "nodes": nodes, "edges": edges}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_random_network_properties(doc: dict[str, Any]) -> None:
    res = run(model_from_mapping(doc, "<random>"))
    assert res.balance_error <= 1e-9
    for i, (node, attr, _) in enumerate(res.series):
        if attr in FLOW_ATTRS:
            assert res.values[:, i].min() >= -1e-7, f"{node}.{attr} negative"
    _check_priorities(doc, res)


def _check_priorities(doc: dict[str, Any], res: Any) -> None:
    source: dict[str, str] = {b: a for a, b in doc["edges"] if b.startswith("d")}
    demands = [n for n in doc["nodes"] if n["type"] == "demand"]
    for hi in demands:
        for lo in demands:
            if source[hi["name"]] != source[lo["name"]] or lo["priority"] <= hi["priority"]:
                continue
            short = res.get(hi["name"], "deficit") / HM3_PER_DAY_TO_M3S > 1e-6
            got = res.get(lo["name"], "delivered") / HM3_PER_DAY_TO_M3S > 1e-6
            both = np.flatnonzero(short & got)
            assert both.size == 0, (
                f"{lo['name']} (priority {lo['priority']}) receives water while {hi['name']} "
                f"(priority {hi['priority']}) on the same source is short at steps {both}"
            )
