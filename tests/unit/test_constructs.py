"""The general LP constructs, built directly on the compiled-network API (flows per day)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from arna.engine import collect, simulate
from arna.errors import InputError
from arna.network.ir import OUTSIDE, LinearNetwork, NetworkBuilder, NodeFlow, Recorder, Storage
from arna.network.parameters import ArrayParameter, DelayedFlow, VolumeInterpolation


def _net(start: str, n: int) -> tuple[LinearNetwork, NetworkBuilder]:
    idx = pd.date_range(start, periods=n, freq="D")
    net = LinearNetwork("t", idx, np.ones(n), ["s"])
    return net, NetworkBuilder(net)


def _flows(net: LinearNetwork, b: NetworkBuilder, arcs: dict[str, int]) -> dict[str, np.ndarray]:
    for name, a in arcs.items():
        b.record(Recorder(name, "flow", "u/d", columns=[(a, 1.0)]))
    res = collect(simulate(net))
    return {name: res.get(name, "flow")[:, 0] for name in arcs}


def _source_sink(b: NetworkBuilder, cap: float, benefit: float = 1.0) -> tuple[int, int, int]:
    j = b.junction("j")
    src = b.arc("src", OUTSIDE, j, upper=b.const(cap))
    use = b.arc("use", j, OUTSIDE)
    b.cost(use, b.const(-benefit))
    return j, src, use


def test_licence_refills_on_its_reset_step() -> None:
    net, b = _net("2020-12-30", 4)
    _, _, use = _source_sink(b, 5)
    z = b.zone("licence", b.zero, b.const(8))
    b.storage(Storage("licence", b.licence_row(), [z], initial=b.const(8), virtual=True,
                      reset_steps=[2], reset_volume=b.const(8), terms=[(use, 1.0)]))
    b.record(Recorder("licence", "volume", "u", volume_of=0))
    out = _flows(net, b, {"use": use})
    assert_allclose(out["use"], [5, 3, 5, 3])


def test_rolling_licence_limits_use_over_the_window() -> None:
    net, b = _net("2021-01-01", 4)
    _, _, use = _source_sink(b, 5)
    z = b.zone("licence", b.zero, b.const(8))
    b.storage(Storage("licence", b.licence_row(), [z], initial=b.const(8), virtual=True,
                      rolling_window=2, reset_volume=b.const(8), terms=[(use, 1.0)]))
    out = _flows(net, b, {"use": use})
    assert_allclose(out["use"], [5, 3, 5, 3])


def test_shared_maximum_over_two_flows() -> None:
    net, b = _net("2021-01-01", 1)
    j = b.junction("j", inflow=b.const(10))
    a1 = b.arc("a1", j, OUTSIDE, upper=b.const(5))
    a2 = b.arc("a2", j, OUTSIDE, upper=b.const(5))
    spill = b.arc("spill", j, OUTSIDE)
    for a in (a1, a2):
        b.cost(a, b.const(-1))
    b.constraint("shared", [(a1, 1.0), (a2, 1.0)], upper=b.const(6))
    out = _flows(net, b, {"a1": a1, "a2": a2, "spill": spill})
    assert_allclose(out["a1"] + out["a2"], 6)
    assert_allclose(out["spill"], 4)


def test_fixed_proportions_between_flows() -> None:
    net, b = _net("2021-01-01", 1)
    j = b.junction("j", inflow=b.const(9))
    a1 = b.arc("a1", j, OUTSIDE)
    a2 = b.arc("a2", j, OUTSIDE)
    b.constraint("ratio", [(a1, 1.0), (a2, -2.0)], b.zero, b.zero)
    out = _flows(net, b, {"a1": a1, "a2": a2})
    assert_allclose([out["a1"][0], out["a2"][0]], [6, 3])


def test_piecewise_costs_on_a_link() -> None:
    # The first 3 units earn 2, the rest 1; a competitor earns 1.5: it gets what is left after 3.
    net, b = _net("2021-01-01", 1)
    j = b.junction("j")
    b.arc("src", OUTSIDE, j, upper=b.const(5))
    p1 = b.arc("p1", j, OUTSIDE, upper=b.const(3))
    p2 = b.arc("p2", j, OUTSIDE)
    other = b.arc("other", j, OUTSIDE)
    b.cost(p1, b.const(-2))
    b.cost(p2, b.const(-1))
    b.cost(other, b.const(-1.5))
    out = _flows(net, b, {"p1": p1, "p2": p2, "other": other})
    assert_allclose([out["p1"][0], out["p2"][0], out["other"][0]], [3, 0, 2], atol=1e-12)


def test_flow_delayed_by_two_timesteps() -> None:
    net, b = _net("2021-01-01", 5)
    j1 = b.junction("j1", inflow=b.param(ArrayParameter(np.array([1.0, 2, 3, 4, 5]))))
    first = b.arc("first", j1, OUTSIDE)
    b.node_flow(NodeFlow("first", [(first, 1.0)]))
    delayed = b.param(DelayedFlow(node=0, steps=2, initial=0.0))
    j2 = b.junction("j2")
    later = b.arc("later", OUTSIDE, j2, lower=delayed, upper=delayed)
    b.arc("out", j2, OUTSIDE)
    out = _flows(net, b, {"later": later})
    assert_allclose(out["later"], [0, 0, 1, 2, 3])


def test_storage_dependent_cost_from_the_state() -> None:
    # Releasing earns 1 while the store holds at least 5 and costs 1 below: it stops at 5.
    net, b = _net("2021-01-01", 4)
    j = b.junction("store")
    rel = b.arc("release", j, OUTSIDE, upper=b.const(2))
    z = b.zone("vol", b.zero, b.const(10))
    b.storage(Storage("store", j, [z], initial=b.const(9)))
    price = b.param(VolumeInterpolation(0, np.array([0.0, 4.999, 5.0, 10.0]), np.array([1.0, 1.0, -1.0, -1.0])))
    b.cost(rel, price)
    b.record(Recorder("store", "volume", "u", volume_of=0))
    res = collect(simulate(net))
    assert_allclose(res.get("store", "volume")[:, 0], [7, 5, 3, 3])


def test_a_nan_reaching_the_lp_stops_the_run_naming_the_node_never_reuses_a_solution() -> None:
    """A value that is not a number mid-run (here a NaN inflow on day 2) is an input error at that step."""
    net, b = _net("2021-01-01", 3)
    inflow = b.param(ArrayParameter(np.array([10.0, np.nan, 10.0]), name="river"))
    j = b.junction("river", inflow=inflow)
    use = b.arc("use", j, OUTSIDE, upper=b.const(20))
    b.cost(use, b.const(-1))
    with pytest.raises(InputError, match=r"timestep 1 \(2021-01-02\).*'river'.*not a finite number"):
        _flows(net, b, {"use": use})
