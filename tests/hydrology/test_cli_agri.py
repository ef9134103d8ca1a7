"""`arna et0` and `arna irrigation-demand`: output, notes and every user-error path."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from arna.cli.main import main

UCCLE = (
    "date,tmin,tmax,rh_min,rh_max,wind,sunshine_hours\n"
    "2024-07-06,12.3,21.5,63,84,2.7778,9.25\n"
)


def write(tmp_path: Path, text: str, name: str = "climate.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_et0_daily_uccle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path, UCCLE)
    out = tmp_path / "et0.csv"
    rc = main(["et0", str(src), "--lat", "50.8", "--elevation", "100",
               "--wind-height", "10", "-o", str(out)])
    assert rc == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["date", "et0"]
    assert frame["et0"].iloc[0] == pytest.approx(3.88, abs=0.01)
    err = capsys.readouterr().err
    assert "eq. 47" in err
    assert not list(tmp_path.glob(".*.tmp"))


def test_et0_monthly_temperature_only_reports_fallbacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path, "date,tmin,tmax\n2024-06-01,18,34\n2024-07-01,20,36\n"
                          "2024-08-01,18,35\n")
    out = tmp_path / "et0.csv"
    assert main(["et0", str(src), "--lat", "44.85", "--elevation", "130", "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert frame["date"].tolist() == ["2024-06-01", "2024-07-01", "2024-08-01"]
    assert (frame["et0"] > 4).all()
    err = capsys.readouterr().err
    for needle in ("monthly", "eq. 48", "eq. 50", "2 m/s"):
        assert needle in err


def test_et0_hargreaves(tmp_path: Path) -> None:
    src = write(tmp_path, "date,tmin,tmax\n2024-07-15,20,35\n")
    out = tmp_path / "et0.csv"
    assert main(["et0", str(src), "--lat", "44.8", "--elevation", "130",
                 "--method", "hargreaves", "-o", str(out)]) == 0
    assert pd.read_csv(out)["et0"].iloc[0] > 5


@pytest.mark.parametrize(
    ("csv", "extra", "needle"),
    [
        ("day,tmin,tmax\n2024-07-15,20,35\n", [], "no 'date' column"),
        ("date,tmin\n2024-07-15,20\n", [], "no 'tmax' column"),
        ("date,tmin,tmax\n2024-07-15,20,35\n", ["--method", "blaney"], "unknown ET0 method"),
        ("date,tmin,tmax\n2024-07-15,20,35\n", ["--lat", "123"], "latitude"),
        ("date,tmin,tmax\n2024-07-15,20,hot\n", [], "not numbers"),
        ("date,tmin,tmax\n2024-07-15,20,35\n2024-07-16,20,\n", [], "missing values"),
        ("date,tmin,tmax\n2024-07-15,20,35\n", ["--wind-height", "10"], "no 'wind' column"),
        ("date,tmin,tmax,wind\n2024-07-15,20,35,3\n", [], "--wind-height"),
        ("date,tmin,tmax\n2024-07-15,36,35\n", [], "below tmin"),
        ("date,tmin,tmax\n", [], "no rows"),
    ],
)
def test_et0_user_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], csv: str, extra: list[str], needle: str
) -> None:
    src = write(tmp_path, csv)
    out = tmp_path / "et0.csv"
    args = ["et0", str(src), "--lat", "40", "--elevation", "100", "-o", str(out), *extra]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert needle in err
    assert "Traceback" not in err
    assert not out.exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_et0_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "et0.csv"
    assert main(["et0", str(tmp_path / "nope.csv"), "--lat", "40", "--elevation", "0",
                 "-o", str(out)]) == 2
    assert "not found" in capsys.readouterr().err
    assert not out.exists()


def test_et0_missing_output_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path, "date,tmin,tmax\n2024-07-15,20,35\n")
    out = tmp_path / "no" / "et0.csv"
    assert main(["et0", str(src), "--lat", "40", "--elevation", "0", "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err


SCHEME = {
    "name": "left bank", "conveyance_efficiency": 0.5, "return_flow_share_of_losses": 0.4,
    "effective_rainfall": "none",
    "climate": {"et0_mm_per_day": [5.0] * 12, "rain_mm_per_month": [0.0] * 12},
    "crops": [{"name": "cotton", "area_ha": 1000, "kc": {"ini": 1, "mid": 1, "end": 1},
               "stages_days": {"ini": 30, "dev": 30, "mid": 31, "late": 30},
               "planting": "04-01", "method": "surface"}],
}


def test_irrigation_demand(tmp_path: Path) -> None:
    src = write(tmp_path, yaml.safe_dump(SCHEME), "scheme.yaml")
    out = tmp_path / "demand.csv"
    assert main(["irrigation-demand", str(src), "-o", str(out), "--start", "2030-01",
                 "--months", "24"]) == 0
    frame = pd.read_csv(out)
    assert len(frame) == 24
    assert frame["month"].iloc[3] == "2030-04"
    assert frame["gross_demand_hm3"].iloc[3] == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("doc", "extra", "needle"),
    [
        ({**SCHEME, "conveyance_efficiency": 0}, [], "conveyance_efficiency"),
        ({**SCHEME, "extra_key": 1}, [], "extra_key"),
        (SCHEME, ["--start", "2030-13"], "YYYY-MM"),
        (SCHEME, ["--start", "2030-01", "--months", "0"], "--months"),
    ],
)
def test_irrigation_demand_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: object, extra: list[str],
    needle: str,
) -> None:
    src = write(tmp_path, yaml.safe_dump(doc), "scheme.yaml")
    out = tmp_path / "demand.csv"
    assert main(["irrigation-demand", str(src), "-o", str(out), *extra]) == 2
    assert needle in capsys.readouterr().err
    assert not out.exists()
