"""The water balance table: terms by hand on a tiny model, closure on the bundled example."""

from __future__ import annotations

from pathlib import Path

import pytest

from arna.api import run
from arna.indicators.balance import balance_by_term, balance_closure, water_balance
from arna.schema import load_model
from arna.schema.document import ModelDocument

MODELS = Path(__file__).parents[2] / "src" / "arna" / "data" / "models"
EXAMPLE = MODELS / "lower-syr-darya" / "model.yaml"
BUNDLED = sorted(p.parent.name for p in MODELS.glob("*/model.yaml"))
HM3 = 86_400 / 1e6


@pytest.mark.parametrize("name", [n for n in BUNDLED if n != "lower-syr-darya"])
def test_closes_on_every_bundled_model(name: str) -> None:
    path = MODELS / name / "model.yaml"
    doc = load_model(path)
    res = run(path)  # by path: a model's series files are found next to it
    for _, row in balance_closure(water_balance(doc, res, path)).iterrows():
        assert abs(row["closure_hm3"]) <= 1e-9 * row["moved_hm3"], (name, row["scenario"])


def test_closes_on_the_lower_syr_darya() -> None:
    doc = load_model(EXAMPLE)
    res = run(doc)
    table = water_balance(doc, res, EXAMPLE)
    closure = balance_closure(table)
    assert list(closure["scenario"]) == res.scenarios
    for _, row in closure.iterrows():
        assert abs(row["closure_hm3"]) <= 1e-9 * row["moved_hm3"]
    terms = set(table["term"])
    assert {"inflow", "withdrawal", "conveyance_loss", "evaporation", "storage_change", "outflow"} <= terms
    assert set(table.loc[table["term"] == "withdrawal", "detail"]) == {"irrigation", "municipal"}
    assert list(balance_by_term(table).columns[-2:]) == ["baseline", "dry"]


def test_terms_by_hand() -> None:
    # 10 days: inflow 10 m³/s into a reservoir (100 hm³ → up to 1000); a farm takes 4 m³/s through a
    # 25 % lossy supply link (withdraws 4/0.75), returns half of its delivery to the river; the
    # river reach loses 10 %; the rest reaches the sea.
    doc = ModelDocument.model_validate({
        "name": "hand", "timestepper": {"start": "2021-01-01", "end": "2021-01-10", "step": "day"},
        "nodes": [{"name": "in", "type": "inflow", "flow": 10},
                  {"name": "dam", "type": "reservoir", "capacity": "1000 hm3", "initial_volume": "100 hm3",
                   "min_release": 10, "max_release": 10},
                  {"name": "farm", "type": "demand", "sector": "irrigation", "demand": 4, "supply_loss": 0.25,
                   "consumptive_fraction": 0.5, "return_to": "reach"},
                  {"name": "reach", "type": "reach", "loss": 0.1},
                  {"name": "sea", "type": "terminal"}],
        "edges": [["in", "dam"], ["dam", "farm"], ["dam", "reach"], ["reach", "sea"]],
    })
    res = run(doc)
    t = water_balance(doc, res).set_index("term")
    withdrawn = 4 / 0.75
    assert t.loc["inflow", "volume_hm3"] == pytest.approx(10 * 10 * HM3)
    assert t.loc["withdrawal", "volume_hm3"] == pytest.approx(withdrawn * 10 * HM3)
    assert t.loc["supply_loss", "volume_hm3"] == pytest.approx((withdrawn - 4) * 10 * HM3)
    assert t.loc["return_flow", "volume_hm3"] == pytest.approx(2 * 10 * HM3)
    reach_in = 10 - withdrawn + 2
    assert t.loc["conveyance_loss", "volume_hm3"] == pytest.approx(0.1 * reach_in * 10 * HM3)
    assert t.loc["outflow", "volume_hm3"] == pytest.approx(0.9 * reach_in * 10 * HM3)
    assert t.loc["storage_change", "volume_hm3"] == pytest.approx(0.0, abs=1e-9)
    assert balance_closure(water_balance(doc, res)).iloc[0]["closure_hm3"] == pytest.approx(0.0, abs=1e-9)
