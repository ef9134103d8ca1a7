"""An irrigation demand given as crops × areas × climate reproduces the scheme's canal-head series."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from arna.api import run
from arna.errors import DocumentError
from arna.hydrology.irrigation import scheme_demand, scheme_from_data
from arna.schema.load import load_model, model_from_mapping

SCHEME: dict[str, Any] = {
    "name": "test-scheme",
    "conveyance_efficiency": 0.6,
    "return_flow_share_of_losses": 0.5,
    "climate": {
        "et0_mm_per_day": [0.5, 0.9, 1.9, 3.7, 5.5, 7.0, 7.3, 6.3, 4.3, 2.3, 1.0, 0.5],
        "rain_mm_per_month": [15, 14, 20, 17, 10, 5, 4, 2, 3, 10, 15, 20],
    },
    "crops": [
        {"name": "cotton", "area_ha": 10000, "kc": {"ini": 0.35, "mid": 1.2, "end": 0.6},
         "stages_days": {"ini": 30, "dev": 50, "mid": 60, "late": 55}, "planting": "04-15", "method": "furrow"},
    ],
}


def model(irrigation: Any, **demand: Any) -> dict[str, Any]:
    return {
        "name": "scheme-model",
        "timestepper": {"start": "2020-01-01", "end": "2021-12-01", "step": "month"},
        "nodes": [
            {"name": "river", "type": "inflow", "flow": "500 m3/s"},
            {"name": "farm", "type": "demand", "sector": "irrigation", "irrigation": irrigation,
             "return_to": "below", **demand},
            {"name": "below", "type": "reach"},
            {"name": "sea", "type": "terminal"},
        ],
        "edges": [["river", "farm"], ["river", "below"], ["below", "sea"]],
    }


def test_scheme_demand_is_the_demand_series(tmp_path: Path) -> None:
    doc = model_from_mapping(model(copy.deepcopy(SCHEME)), tmp_path / "m.yaml")
    res = run(doc)
    expected = scheme_demand(scheme_from_data(SCHEME), res.timesteps)
    np.testing.assert_allclose(res.get("farm", "demand")[:, 0], expected["gross_demand_m3_per_s"], rtol=1e-9)
    np.testing.assert_allclose(res.get("farm", "delivered")[:, 0], expected["gross_demand_m3_per_s"], rtol=1e-6,
                               atol=1e-9)
    year = expected.sum()
    share = year["return_flow_hm3"] / year["gross_demand_hm3"]
    np.testing.assert_allclose(res.get("farm", "return_flow")[:, 0], res.get("farm", "delivered")[:, 0] * share,
                               rtol=1e-6, atol=1e-9)


def test_scheme_from_a_file_relative_to_the_model(tmp_path: Path) -> None:
    (tmp_path / "schemes").mkdir()
    (tmp_path / "schemes" / "farm.yaml").write_text(yaml.safe_dump(SCHEME), encoding="utf-8")
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(model({"file": "schemes/farm.yaml"}, consumptive_fraction=1.0)), encoding="utf-8")
    res = run(path)
    expected = scheme_demand(scheme_from_data(SCHEME), res.timesteps)
    np.testing.assert_allclose(res.get("farm", "demand")[:, 0], expected["gross_demand_m3_per_s"], rtol=1e-9)
    assert not res.has("farm", "return_flow")  # consumptive_fraction set explicitly to 1


def test_missing_scheme_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(model({"file": "nope.yaml"})), encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        run(path)
    assert err.value.problems[0][0] == "nodes[1].irrigation.file"


def test_demand_and_irrigation_are_exclusive(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        model_from_mapping(model(copy.deepcopy(SCHEME), demand="5 m3/s"), tmp_path / "m.yaml")
    assert err.value.problems[0][0] == "nodes[1]"
    assert "exactly one" in err.value.problems[0][1]
    bare = model(None)
    del bare["nodes"][1]["irrigation"]
    with pytest.raises(DocumentError, match="exactly one"):
        model_from_mapping(bare, "m.yaml")


def test_bad_inline_scheme_has_json_paths() -> None:
    bad = copy.deepcopy(SCHEME)
    bad["crops"][0]["area_ha"] = -1
    bad["conveyance_efficiency"] = 2
    with pytest.raises(DocumentError) as err:
        model_from_mapping(model(bad), "m.yaml")
    paths = {p for p, _ in err.value.problems}
    assert {"nodes[1].irrigation.crops[0].area_ha", "nodes[1].irrigation.conveyance_efficiency"} <= paths


def test_scheme_supply_loss_is_rejected() -> None:
    with pytest.raises(DocumentError, match="conveyance_efficiency"):
        model_from_mapping(model(copy.deepcopy(SCHEME), supply_loss=0.3), "m.yaml")


def test_return_flow_needs_return_to(tmp_path: Path) -> None:
    data = model(copy.deepcopy(SCHEME))
    del data["nodes"][1]["return_to"]
    with pytest.raises(DocumentError) as err:
        run(model_from_mapping(data, tmp_path / "m.yaml"))
    assert err.value.problems[0][0] == "nodes[1].return_to"


def test_load_model_accepts_scheme(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(model(copy.deepcopy(SCHEME))), encoding="utf-8")
    doc = load_model(path)
    assert doc.nodes[1].type == "demand"
