"""`arna models` and `arna balance`, and the national balance dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arna.cli.main import main
from arna.data.national import load_national_balance, national_dir
from arna.errors import DocumentError


def test_models_lists_bundled_models_with_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for name in ("syr-darya", "ili-balkhash", "irtysh", "energy-mode", "irrigation-mode", "climate-2050"):
        assert name in out


def test_balance_prints_the_national_table_and_plots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png, svg = tmp_path / "balance.png", tmp_path / "balance.svg"
    assert main(["balance", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    for word in ("Aral-Syrdarya", "Balkhash-Alakol", "Irtysh", "China", "Uzbekistan", "agriculture", "formed"):
        assert word in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["balance", "--plot", str(svg)]) == 0
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert main(["balance", "--plot", str(tmp_path / "b.pdf")]) == 2


def test_national_balance_figures_and_checks() -> None:
    nb = load_national_balance()
    assert len(nb.basins) == 8
    assert nb.inflows.inflow_km3.sum() == pytest.approx(44.0)
    assert nb.total("surface_runoff_km3") == pytest.approx(100.5)
    # the basins add up to the newer national figure (102.3 km3) within 1%
    assert nb.basins.mean_resource_km3.sum() == pytest.approx(nb.total("newer_runoff_km3"), rel=0.01)
    assert (nb.basins.formed_inside_km3 >= 0).all()
    aral = nb.basins.set_index("basin").loc["Aral-Syrdarya"]
    assert aral.formed_inside_km3 == pytest.approx(3.22)
    assert set(nb.basins.status) <= {"cited", "D", "E", "U"}


def test_national_balance_rejects_a_figure_without_source(tmp_path: Path) -> None:
    folder = tmp_path / "national"
    shutil.copytree(national_dir(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    text = (folder / "inflows.csv").read_text(encoding="utf-8")
    (folder / "inflows.csv").write_text(text.replace('"§1 GW; newer: WY"', '""', 1), encoding="utf-8")
    with pytest.raises(DocumentError, match="source"):
        load_national_balance(folder)
