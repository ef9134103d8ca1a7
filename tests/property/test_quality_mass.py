"""Property: on random networks every constituent's mass closes, checked from the results alone.

The transport checks its own balance each step (and raises); here it is recomputed independently
from what a run reports: the salt brought by inflows and held at the start equals what reaches the
sea, what reach and supply losses carry away (at the concentration of the water they leave), what
the reservoir holds at the end and what the demands' stores kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.property.test_random_networks import networks

from arna.api import run
from arna.schema import model_from_mapping

T_PER_DAY = 86.4  # (m3/s) × (g/L) → t/day


@st.composite
def salty_networks(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(networks())
    conc = st.floats(0.0, 5.0)
    quality: dict[str, Any] = {}
    for n in doc["nodes"]:
        if n["type"] == "inflow":
            quality[n["name"]] = {"concentration": {"tds": f"{draw(conc)} g/L", "cl": f"{draw(conc) * 100} mg/L"}}
        elif n["type"] == "reservoir":
            quality[n["name"]] = {"initial": {"tds": f"{draw(conc)} g/L"}}
        elif n["type"] == "demand" and "return_to" in n:
            pick = draw(st.sampled_from(["none", "leaching", "given"]))
            if pick == "leaching":
                quality[n["name"]] = {"leaching": draw(st.floats(0.0, 1.0))}
            elif pick == "given":
                quality[n["name"]] = {"return_flow": {"tds": f"{draw(conc)} g/L", "cl": "300 mg/L"}}
    doc["quality"] = {"constituents": [{"name": "tds"}, {"name": "cl"}], "nodes": quality}
    # priority-only sharing: this property is about the constituents, not the sharing rule (with equal
    # sharing some of these networks' water LPs are infeasible — reported separately)
    doc["allocation"] = {"sharing": "priority"}
    return doc


def _initial_mass(doc: dict[str, Any], c: str) -> float:
    for n in doc["nodes"]:
        if n["type"] == "reservoir":
            init = doc["quality"]["nodes"][n["name"]]["initial"].get(c, "0 g/L")
            return float(n["initial_volume"]) * float(init.split()[0]) * 1000.0  # hm3 × g/L → t
    return 0.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(salty_networks())
def test_constituent_mass_closes_on_random_networks(doc: dict[str, Any]) -> None:
    res = run(model_from_mapping(doc, "<random>"))
    days = res.days[:, None]
    kinds = {n["name"]: n["type"] for n in doc["nodes"]}
    for c in ("tds", "cl"):
        conc = {n: res.get(n, f"concentration.{c}") for n in kinds}
        assert all(v.min() >= 0 for v in conc.values())
        inflow = sum((res.get(n, f"load.{c}") * days).sum() for n, k in kinds.items() if k == "inflow")
        sea = (res.get("sea", f"load.{c}") * days).sum()
        losses = sum((res.get(n, "loss") * conc[n] * T_PER_DAY * days).sum() for n, k in kinds.items()
                     if k == "reach")
        losses += sum((res.get(n, "supply_loss") * conc[n] * T_PER_DAY * days).sum()
                      for n, k in kinds.items() if k == "demand")
        held = 0.0
        if "dam" in kinds:
            held = float(res.get("dam", "volume")[-1, 0] * conc["dam"][-1, 0] * 1000.0)
        stores = sum(float(res.get(n, f"store.{c}")[-1, 0]) for n in kinds if res.has(n, f"store.{c}"))
        start = _initial_mass(doc, c)
        total = inflow + start
        err = inflow + start - sea - losses - held - stores
        assert abs(err) <= 1e-7 * max(total + abs(stores), 1.0), (c, inflow, start, sea, losses, held, stores)
        assert np.isfinite(err)
