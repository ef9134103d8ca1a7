"""Running and validating bundled models by name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from arna.cli.main import main


def test_run_bundled_model_by_name_and_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "energy.csv"
    assert main(["run", "syr-darya", "--scenario", "energy-mode", "-o", str(out)]) == 0
    assert "water balance closes" in capsys.readouterr().out
    frame = pd.read_csv(out)
    assert set(frame.scenario) == {"energy-mode"}
    border = frame[(frame.node == "Uzbekistan–Kazakhstan border") & (frame.attribute == "flow")]
    assert len(border) == 26 * 12  # monthly, 1999–2024


def test_validate_bundled_model_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "syr-darya"]) == 0
    assert "valid" in capsys.readouterr().out


def test_unknown_model_name_lists_the_bundled_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "amu-darya", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "amu-darya" in err and "syr-darya" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["validate", "amu-darya"]) == 2
