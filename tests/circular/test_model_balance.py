"""Mass balance: random inputs always balance; a broken balance or a bad share is caught."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arna.circular import FlowInputs, check_balance, run_flows
from arna.circular.model import PROCESSES
from arna.circular.schema import BIO_MATERIALS, MATERIALS
from arna.errors import BalanceError

R, T, M = 3, 4, len(MATERIALS)


def _inputs(seed: int, capacity_scale: float, wte_scale: float) -> FlowInputs:
    rng = np.random.default_rng(seed)

    def frac(*shape: int) -> np.ndarray:
        return rng.uniform(0.0, 1.0, shape)

    return FlowInputs(
        generated=rng.uniform(0.0, 1e6, (R, T, M)),
        coverage=frac(R, T),
        capture=frac(R, T, M),
        sorting_capacity=rng.uniform(0.0, capacity_scale, (R, T)),
        eta_separate=frac(R, T, M),
        eta_mixed=frac(R, T, M),
        recycler_loss=frac(R, T, M),
        bio_impurity=frac(R, T),
        compliance=frac(R, T),
        wte_capacity=rng.uniform(0.0, wte_scale, (R, T)),
        wte_feed_share=frac(R, T),
        ash_content=frac(M),
        ash_metal_recovery=frac(R, T, M),
        is_bio=np.array([m in BIO_MATERIALS for m in MATERIALS]),
    )


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    capacity_scale=st.sampled_from([0.0, 1e3, 1e6, 1e9]),
    wte_scale=st.sampled_from([0.0, 1e3, 1e6, 1e9]),
)
def test_random_inputs_balance_every_process(seed: int, capacity_scale: float,
                                             wte_scale: float) -> None:
    flows = run_flows(_inputs(seed, capacity_scale, wte_scale))
    # independent re-check of the system balance: generation = all final sinks
    sinks = (flows.uncollected + flows.recycled + flows.bio_recycled + flows.wte_air
             + flows.wte_ash + flows.wte_metals + flows.landfill_sanitary
             + flows.landfill_noncompliant)
    np.testing.assert_allclose(sinks, flows.generated, rtol=1e-9, atol=1e-6)
    # capacities are respected
    assert (flows.mixed_sorted.sum(axis=2) <= _inputs(seed, capacity_scale, wte_scale)
            .sorting_capacity + 1e-6).all()


def test_every_process_is_checked() -> None:
    names = {p[0] for p in PROCESSES}
    assert {"generation", "collection", "sorting", "recycler", "composting/AD",
            "residual disposal", "waste-to-energy", "system"} <= names


def test_tampered_flow_raises_balance_error_naming_process_and_place() -> None:
    flows = run_flows(_inputs(1, 1e6, 1e6))
    recycled = flows.recycled.copy()
    recycled[1, 1, MATERIALS.index("paper")] += 5.0
    broken = dataclasses.replace(flows, recycled=recycled)
    with pytest.raises(BalanceError, match=r"'recycler'.*R1, 2017, paper"):
        check_balance(broken, ("R0", "R1", "R2"), (2016, 2017, 2018, 2019), MATERIALS)


def test_share_above_one_gives_negative_flow_error() -> None:
    bad = dataclasses.replace(_inputs(2, 1e6, 0.0), coverage=np.full((R, T), 1.2))
    with pytest.raises(BalanceError, match="negative"):
        run_flows(bad)


def test_hand_computed_small_case() -> None:
    """One region, one year, paper and food only; numbers worked out by hand."""
    gen = np.zeros((1, 1, M))
    gen[0, 0, MATERIALS.index("paper")] = 600.0
    gen[0, 0, MATERIALS.index("food")] = 400.0
    ones = np.ones((1, 1))
    inp = FlowInputs(
        generated=gen, coverage=0.9 * ones, capture=np.full((1, 1, M), 0.5),
        sorting_capacity=100.0 * ones, eta_separate=np.full((1, 1, M), 0.9),
        eta_mixed=np.full((1, 1, M), 0.1), recycler_loss=np.full((1, 1, M), 0.1),
        bio_impurity=0.1 * ones, compliance=0.5 * ones, wte_capacity=0.0 * ones,
        wte_feed_share=ones, ash_content=np.zeros(M),
        ash_metal_recovery=np.zeros((1, 1, M)),
        is_bio=np.array([m in BIO_MATERIALS for m in MATERIALS]),
    )
    f = run_flows(inp)
    p, fo = MATERIALS.index("paper"), MATERIALS.index("food")
    assert f.uncollected.sum() == pytest.approx(100.0)
    assert f.separate_dry[0, 0, p] == pytest.approx(270.0)
    assert f.separate_bio[0, 0, fo] == pytest.approx(180.0)
    assert f.mixed_sorted[0, 0, p] == pytest.approx(60.0)      # 100 t of 450 t mixed
    assert f.mixed_sorted[0, 0, fo] == pytest.approx(40.0)
    assert f.sorted_output[0, 0, p] == pytest.approx(243.0 + 6.0)
    assert f.recycled[0, 0, p] == pytest.approx(224.1)
    assert f.bio_recycled[0, 0, fo] == pytest.approx(162.0)
    # residual: mixed unsorted 350 + sorting residue 27+54+40 + rejects 24.9 + impurities 18
    assert (f.landfill_sanitary + f.landfill_noncompliant).sum() == pytest.approx(513.9)
