"""The Pywr commands: run with --format pywr/auto, convert, and the rejected documents."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from arna.cli.main import main

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "gen_pywr_network.py"


@pytest.mark.parametrize("fmt", ["pywr", "auto"])
def test_run_pywr_document_writes_pywr_long_format(cases_dir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out.csv"
    assert main(["run", str(cases_dir / "models" / "simple_with_scenario.json"), "--format", fmt, "-o", str(out)]) == 0
    frame = pd.read_csv(out, dtype={"scenario": str})
    assert list(frame.columns) == ["time", "scenario", "node", "attribute", "value"]
    assert frame.scenario.nunique() == 20 and "0,0" in set(frame.scenario)
    assert set(frame.node) == {"supply1", "link1", "demand1"}


def test_convert_writes_a_readable_arna_document(cases_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.yaml"
    assert main(["convert", str(cases_dir / "models" / "timeseries2_hdf.json"), "--from", "pywr", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "type: source" in text and "&id" not in text
    assert list((tmp_path / "m.data").glob("*.parquet"))
    assert main(["validate", str(out)]) == 0


@pytest.mark.parametrize(("name", "needle"), [
    ("invalid.json", "malformed JSON"),
    ("invalid_include.json", "invalid.json"),
    ("simple1_broken.json", "route"),
    ("simple1_semi_broken.json", "supply2"),
])
def test_invalid_documents_are_rejected(cases_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        name: str, needle: str) -> None:
    out = tmp_path / "out.csv"
    path = cases_dir / "invalid" / name
    code = main(["run", str(path), "--format", "pywr", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert name in err and needle in err and "Traceback" not in err
    assert not out.exists()


def test_checksum_mismatch_is_rejected(cases_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(cases_dir / "invalid" / "timeseries2_hdf_wrong_hash.json", tmp_path / "m.json")
    shutil.copy(cases_dir / "models" / "timeseries2.h5", tmp_path / "timeseries2.h5")
    out = tmp_path / "out.csv"
    code = main(["run", str(tmp_path / "m.json"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "timeseries2.h5" in err and "this hash is incorrect!" in err
    assert not out.exists()


def test_python_include_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.json").write_text('{"timestepper": {"start": "2015-01-01", "end": "2015-01-02", "timestep": 1},'
                                     '"includes": ["custom.py"], "nodes": [], "edges": []}')
    code = main(["run", str(tmp_path / "m.json"), "--format", "pywr"])
    err = capsys.readouterr().err
    assert code == 2 and "custom.py" in err


def test_unsupported_parameter_type_names_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.json").write_text(
        '{"timestepper": {"start": "2015-01-01", "end": "2015-01-02", "timestep": 1},'
        '"nodes": [{"name": "a", "type": "Input", "max_flow": {"type": "MyCustomParameter"}},'
        '{"name": "b", "type": "Output", "cost": -1}], "edges": [["a", "b"]]}')
    code = main(["run", str(tmp_path / "m.json"), "--format", "pywr"])
    err = capsys.readouterr().err
    assert code == 2 and "nodes[0].max_flow" in err and "MyCustomParameter" in err


@pytest.mark.skipif(not BENCH.exists(), reason="benchmark generator not found")
def test_reads_a_pywr_model_it_has_never_seen(tmp_path: Path) -> None:
    """Generality: a generated river-basin model (catchments, reservoirs with control curves,
    demands with priorities, loss links, gauges) runs with its balance closed."""
    subprocess.run([sys.executable, str(BENCH), "--size", "small", "--scenarios", "3", "--years", "0.25",
                    "--out", str(tmp_path / "bench")], check=True, capture_output=True)
    out = tmp_path / "out.csv"
    assert main(["run", str(tmp_path / "bench" / "model.json"), "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert frame.scenario.nunique() == 3 and frame.value.notna().all()
