"""``arna waste run`` / ``arna waste report``: outputs and user-error paths (exit code 2)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from arna.cli.main import main


def test_run_writes_long_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "base.csv"
    assert main(["waste", "run", "--output", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["year", "region", "indicator", "value"]
    nat = table[table.region == "KZ"]
    for ind in ("kz_processing_share", "eu_recycling_rate", "landfill_share"):
        vals = nat[nat.indicator == ind].value
        assert len(vals) == 35 and vals.between(0, 1).all(), ind
    assert "first year" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*.tmp"))


def test_run_parquet_bundled_scenario(tmp_path: Path) -> None:
    out = tmp_path / "wte.parquet"
    assert main(["waste", "run", "--scenario", "wte", "-o", str(out)]) == 0
    table = pd.read_parquet(out)
    e = table[(table.indicator == "wte_electricity_mwh") & (table.region == "KZ")]
    assert e[e.year == 2030].value.iloc[0] > 0


def test_run_scenario_file(tmp_path: Path) -> None:
    scen = tmp_path / "s.yaml"
    scen.write_text(yaml.safe_dump({"name": "s", "base": "baseline", "levers": {
        "prevention": [{"year": 2030, "value": 0.1, "source": "EST", "estimate": True}]}}))
    out = tmp_path / "s.csv"
    assert main(["waste", "run", "-s", str(scen), "-o", str(out)]) == 0
    assert out.exists()


def test_invalid_scenario_file_exit_2_no_output(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    scen = tmp_path / "bad.yaml"
    scen.write_text(yaml.safe_dump({"name": "bad", "base": "baseline", "levers": {
        "coverage": [{"year": 2020, "value": 1.5, "source": "S18"}]}}))
    out = tmp_path / "out.csv"
    assert main(["waste", "run", "-s", str(scen), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "levers.coverage[0].value" in err
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_unknown_scenario_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    assert main(["waste", "run", "-s", "atlantis", "-o", str(out)]) == 2
    assert "unknown scenario 'atlantis'" in capsys.readouterr().err
    assert not out.exists()


def test_unknown_output_format_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xlsx"
    assert main(["waste", "run", "-o", str(out)]) == 2
    assert "out.xlsx" in capsys.readouterr().err
    assert not out.exists()


def test_missing_output_folder_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nowhere" / "out.csv"
    assert main(["waste", "run", "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_invalid_dataset_exit_2(data_copy: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    csv = data_copy / "material_params.csv"
    csv.write_text(csv.read_text().replace("food,composition,0.215", "food,composition,-0.1"))
    out = tmp_path / "out.csv"
    assert main(["waste", "run", "--dataset", str(data_copy / "dataset.yaml"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "material_params.csv" in err and "[0].value" in err
    assert not out.exists()


BAD_SCENARIOS = [
    ({"coverage": [{"year": 2020, "value": 0.9, "source": "S18", "region": "NARNIA"}]},
     "levers.coverage[0].region: unknown region 'NARNIA'"),
    ({"recycler_loss": [{"year": 2020, "value": 0.1, "source": "EST", "material": "mithril"}]},
     "levers.recycler_loss[0].material: unknown material 'mithril'"),
    ({"sorting_capacity_t": [{"year": 2020, "value": -1.0, "source": "EST"}]},
     "levers.sorting_capacity_t[0].value: sorting_capacity_t must be >= 0"),
    ({"epr": {"mci_kzt": [{"year": 2020, "value": 3000, "source": "E10"}], "groups": [
        {"name": "a", "packaging": [{"material": "glass", "share": 0.6, "source": "EST"},
                                    {"material": "glass", "share": 0.6, "source": "EST"}],
         "k": [{"year": 2020, "value": 1, "source": "EST"}],
         "obligation": [{"year": 2020, "value": 0, "source": "EST"}],
         "payout": {"collection": 1, "transport": 1, "processing": 1, "source": "E3"}}]}},
     "levers.epr.groups[0].packaging[1].share: EPR packaging shares of glass"),
]


@pytest.mark.parametrize(("levers", "message"), BAD_SCENARIOS)
def test_bad_scenarios_exit_2_with_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        levers: dict[str, object], message: str) -> None:
    scen = tmp_path / "bad.yaml"
    scen.write_text(yaml.safe_dump({"name": "bad", "base": "baseline", "levers": levers}))
    out = tmp_path / "out.parquet"
    assert main(["waste", "run", "-s", str(scen), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(scen) in err.replace("\n", "") and message in err
    assert not out.exists()
