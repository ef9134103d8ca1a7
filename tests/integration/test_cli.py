"""The commands users type: demo, run, validate, schema."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pandas as pd
import pytest

from arna.api import compile_model, run
from arna.cli.main import main
from arna.data import example_model_path


def test_demo_writes_results_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Shardara HPP" in out and "water balance closes" in out
    frame = pd.read_parquet(tmp_path / "results.parquet")
    assert list(frame.columns) == ["time", "scenario", "node", "attribute", "value", "unit"]
    assert set(frame.scenario) == {"historical", "energy-mode", "irrigation-mode"}  # the Syr Darya model's demo scenarios
    csv = pd.read_csv(tmp_path / "results.csv")
    assert len(csv) == len(frame)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Small Aral Sea" in html and "<svg" in html
    for loader in ('src="http', "src='http", 'href="http', "@import", "url(http"):
        assert loader not in html  # nothing is fetched when the report is viewed


def test_run_subset_of_scenarios_to_csv(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    assert main(["run", str(example_model_path()), "--scenario", "dry", "--output", str(out)]) == 0
    frame = pd.read_csv(out)
    assert set(frame.scenario) == {"dry"}
    energy = frame[(frame.node == "Shardara HPP") & (frame.attribute == "energy")]
    assert len(energy) == 60 and (energy.unit == "GWh").all()


def test_validate_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(example_model_path())]) == 0
    assert "valid" in capsys.readouterr().out
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    kinds = schema["$defs"]["ModelDocument"] if "ModelDocument" in schema.get("$defs", {}) else schema
    assert "nodes" in kinds["properties"]
    text = json.dumps(schema)
    for kind in ("reservoir", "hydropower", "environmental_flow", "groundwater", "border", "terminal"):
        assert f'"{kind}"' in text


def test_compiled_network_pickles_and_runs_the_same() -> None:
    net = compile_model(example_model_path())
    again = pickle.loads(pickle.dumps(net))
    a, b = run(net), run(again)
    assert (a.values == b.values).all()


def test_example_balance_and_calibration_sanity() -> None:
    res = run(example_model_path())
    assert res.balance_error < 1e-9
    # Shardara HPP: reported 537 GWh/yr (data sheet §3); the schematic example stays within 20%.
    years = res.days.sum() / 365.25
    energy = res.get("Shardara HPP", "energy")[:, 0].sum() / years
    assert 0.8 * 537 < energy < 1.2 * 537


def test_model_reference_doc_is_generated_from_the_schema() -> None:
    from arna.schema.reference import render_reference

    doc = Path(__file__).resolve().parents[2] / "docs" / "model-reference.md"
    assert doc.read_text(encoding="utf-8").strip() == render_reference().strip(), (
        "docs/model-reference.md is stale: run `arna schema --markdown > docs/model-reference.md`"
    )
