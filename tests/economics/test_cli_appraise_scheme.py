"""`arna appraise-scheme`: table, portfolio, figure, and user errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from arna.cli.main import main
from arna.economics.catalogue import load_catalogue
from arna.economics.measures import default_applications
from arna.hydrology.irrigation import scheme_from_data

RICE: dict[str, Any] = {
    "name": "rice", "area_ha": 800, "kc": {"ini": 1.05, "mid": 1.2, "end": 0.75},
    "stages_days": {"ini": 30, "dev": 30, "mid": 60, "late": 30}, "planting": "05-10",
    "method": "surface", "field_efficiency": 0.85,
    "rice": {"percolation_mm_per_day": 4, "land_preparation_mm": 300,
             "land_preparation_days": 20},
}
COTTON: dict[str, Any] = {
    "name": "cotton", "area_ha": 1000, "kc": {"ini": 0.35, "mid": 1.2, "end": 0.6},
    "stages_days": {"ini": 30, "dev": 50, "mid": 60, "late": 55}, "planting": "04-15",
    "method": "furrow",
}
SCHEME: dict[str, Any] = {
    "name": "demo", "conveyance_efficiency": 0.55, "return_flow_share_of_losses": 0.5,
    "climate": {"et0_mm_per_day": [0.5, 0.9, 1.9, 3.7, 5.5, 7.0, 7.3, 6.3, 4.3, 2.3, 1.0, 0.5],
                "rain_mm_per_month": [15, 14, 20, 17, 10, 5, 4, 2, 3, 10, 15, 20]},
    "crops": [RICE, COTTON],
}


def scheme_file(tmp_path: Path) -> Path:
    p = tmp_path / "scheme.yaml"
    p.write_text(yaml.safe_dump(SCHEME), encoding="utf-8")
    return p


def test_default_applications_skip_methods_for_rice() -> None:
    apps = default_applications(scheme_from_data(SCHEME), load_catalogue())
    pairs = {(a.measure_id, a.crop) for a in apps}
    assert ("drip", "cotton") in pairs and ("drip", "rice") not in pairs
    assert ("laser-levelling", "rice") in pairs and ("laser-levelling", "cotton") not in pairs
    assert ("canal-lining", "rice") in pairs


def test_appraise_scheme_writes_table_and_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, fig = tmp_path / "table.csv", tmp_path / "curve.png"
    rc = main(["appraise-scheme", str(scheme_file(tmp_path)), "--budget", "1000000",
               "--exclusive", "--rate", "0.06", "--water-value", "0.15",
               "-o", str(out), "--figure", str(fig)])
    assert rc == 0
    table = pd.read_csv(out)
    assert {"cost_per_m3_gross", "cost_per_m3_net", "npv"} <= set(table.columns)
    assert (table["discount_rate"] == 0.06).all()
    assert fig.stat().st_size > 1000
    text = capsys.readouterr().out
    assert "milp:" in text and "greedy:" in text


def test_appraise_scheme_explicit_application(tmp_path: Path) -> None:
    out = tmp_path / "table.csv"
    assert main(["appraise-scheme", str(scheme_file(tmp_path)), "--apply", "drip:cotton:250",
                 "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert table["measure_id"].tolist() == ["drip"]
    assert table["area_ha"].tolist() == [250.0]


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--apply", "drip"], "MEASURE:CROP"),
        (["--apply", "drip:cotton:lots"], "not a number"),
        (["--apply", "desalination:cotton"], "no measure 'desalination'"),
        (["--apply", "drip:wheat"], "no crop 'wheat'"),
        (["--apply", "laser-levelling:cotton"], "applies only to rice"),
        (["--apply", "drip:cotton:5000"], "has 1000 ha"),
        (["--rate", "3"], "discount rate"),
        (["--budget", "-5"], "budget"),
        (["--budget", "5", "--budget-basis", "eac"], "--budget-basis"),
        (["--measures", "nowhere.yaml"], "file not found"),
    ],
)
def test_appraise_scheme_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], needle: str
) -> None:
    out = tmp_path / "table.csv"
    rc = main(["appraise-scheme", str(scheme_file(tmp_path)), "-o", str(out), *extra])
    assert rc == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert not out.exists()


def test_appraise_scheme_missing_output_dir(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    fig = tmp_path / "no" / "curve.png"
    assert main(["appraise-scheme", str(scheme_file(tmp_path)), "--figure", str(fig)]) == 2
    assert "does not exist" in capsys.readouterr().err
