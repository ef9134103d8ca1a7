"""`arna calibration MODEL`: the table, its outputs and its exit codes, on a small hand-made model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from arna.cli.main import main

# 100 m³/s in the historical scenario, 50 in the dry one, over 2021–2022: 3.1536 km³ a year (1.5768 dry).
KM3 = 100 * 365 * 86_400 / 1e9


def model(calibration: list[dict[str, Any]], not_calibrated: list[dict[str, str]] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"calibration": calibration}
    if not_calibrated is not None:
        meta["not_calibrated"] = not_calibrated
    return {
        "name": "small",
        "metadata": meta,
        "timestepper": {"start": "2021-01-01", "end": "2022-12-01", "step": "month"},
        "scenarios": [{"name": "baseline"}, {"name": "historical"}, {"name": "dry"}],
        "nodes": [
            {"name": "river", "type": "inflow",
             "flow": {"type": "scenario", "values": {"baseline": 80, "historical": 100, "dry": 50}}},
            {"name": "sea", "type": "terminal"},
        ],
        "edges": [["river", "sea"]],
    }


ENTRIES: list[dict[str, Any]] = [
    {"node": "sea", "attribute": "flow", "aggregate": "annual_volume_km3", "target": 3.0, "unit": "km3/yr",
     "source": "gauge A, 2023 [D]"},
    {"kind": "named_year", "node": "sea", "attribute": "flow", "aggregate": "annual_volume_km3",
     "series": {2020: 2.0, 2022: 2.0}, "unit": "km3/yr", "source": "gauge A yearbook"},
    {"kind": "named_year", "node": "sea", "attribute": "flow", "aggregate": "annual_volume_km3", "years": [2022],
     "target": 1.6, "unit": "km3/yr", "scenario": "dry", "source": "dry-year report"},
]
NOT_CALIBRATED = [{"what": "Sea level", "why": "no level–volume curve published"}]


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_prints_every_observation_grouped_by_kind_with_summary_and_not_calibrated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, model(ENTRIES, NOT_CALIBRATED))
    assert main(["calibration", str(path)]) == 0  # a miss is a finding, not an error
    out = capsys.readouterr().out
    assert "scenario historical, dry" in out  # historical by default; the dry entry's own scenario too
    assert "annual: 1 of 1 within tolerance" in out
    assert "named_year: 1 of 3 within tolerance (1 not evaluated)" in out
    assert "outside the run: year 2020" in out
    assert f"{KM3:.2f}" in out and "+0.15 (+5%)" in out  # 3.1536 against 3.0
    assert "gauge A yearbook" in out and "dry-year report" in out
    assert "within tolerance: 2 of 4; outside: 1; not evaluated: 1" in out
    assert "Sea level: no level–volume curve published" in out


def test_check_exits_1_on_a_miss_and_0_when_all_are_within(tmp_path: Path) -> None:
    path = write(tmp_path, model(ENTRIES))
    assert main(["calibration", str(path), "--check"]) == 1
    good = write(tmp_path, model([ENTRIES[0], ENTRIES[2]]))
    assert main(["calibration", str(good), "--check"]) == 0


def test_scenario_option_applies_to_entries_without_their_own(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, model(ENTRIES[:1]))
    assert main(["calibration", str(path), "--scenario", "baseline"]) == 0
    assert "2.52" in capsys.readouterr().out  # 80 m³/s: 2.523 km³ a year


def test_outputs_csv_parquet_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, model(ENTRIES, NOT_CALIBRATED))
    for suffix in (".csv", ".parquet"):
        out = tmp_path / f"table{suffix}"
        assert main(["calibration", str(path), "-o", str(out)]) == 0
        frame = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
        assert len(frame) == 4 and frame.loc[0, "simulated"] == pytest.approx(KM3)
        assert frame.loc[1, "note"] == "outside the run: year 2020"
    md = tmp_path / "table.md"
    assert main(["calibration", str(path), "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert "**named_year**: 1 of 3 within tolerance" in text
    assert "| sea / flow | mean 2021–2022 (whole run) | 3.00 | 3.15 | km3/yr | +0.15 (+5%) | ±10% | yes |" in text
    assert "- Sea level: no level–volume curve published" in text
    capsys.readouterr()
    assert main(["calibration", str(path), "--markdown"]) == 0
    assert capsys.readouterr().out.split("\n\n", 1)[1] == text


@pytest.mark.parametrize(("args", "expected"), [
    (["--scenario", "wet"], "--scenario 'wet' is not a scenario of the model; choose one of baseline, historical"),
    (["-o", "table.xlsx"], "table.xlsx: the table is written as .csv, .parquet or .md"),
])
def test_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                            expected: str) -> None:
    path = write(tmp_path, model(ENTRIES))
    assert main(["calibration", str(path), *args]) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize(("change", "path_text"), [
    ({"tolerance_abs": "big"}, "metadata.calibration[0].tolerance_abs"),
    ({"node": "lake"}, "metadata.calibration[0].node: no node 'lake'"),
    ({"scenario": "wet"}, "metadata.calibration[0].scenario: no scenario 'wet'"),
    ({"attribute": "level"}, "metadata.calibration[0].attribute: the results have no series sea/level"),
])
def test_bad_entries_exit_2_naming_file_and_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 change: dict[str, Any], path_text: str) -> None:
    path = write(tmp_path, model([{**ENTRIES[0], **change}]))
    assert main(["calibration", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and path_text in err and "Traceback" not in err


def test_validate_reports_a_bad_not_calibrated_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, model(ENTRIES, [{"what": "Sea level"}]))
    assert main(["validate", str(path)]) == 2
    assert "metadata.not_calibrated[0].why: Field required" in capsys.readouterr().err


def test_bundled_models_print_their_table(basin: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibration", basin]) == 0
    out = capsys.readouterr().out
    assert "within tolerance:" in out and "not calibrated" in out
