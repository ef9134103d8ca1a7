"""The baseline of each bundled model reproduces its cited annual figures within tolerance."""

from __future__ import annotations

import pytest

from arna.indicators.calibration import calibration_table
from tests.basins.conftest import run_bundled


def test_baseline_is_within_tolerance_of_every_cited_figure(basin: str) -> None:
    doc, res = run_bundled(basin)
    table = calibration_table(doc.metadata, res, "baseline")
    assert len(table) >= 2
    assert table.source.str.len().gt(0).all()
    outside = table[~table.within]
    assert outside.empty, f"{basin}: outside tolerance:\n{outside.to_string()}"


def test_syr_darya_energy_mode_releases_more_in_winter() -> None:
    _, res = run_bundled("syr-darya")
    release = res.get("Toktogul", "release")
    months = res.timesteps.month if hasattr(res.timesteps, "month") else None
    assert months is not None
    winter = [m in (11, 12, 1, 2) for m in months]
    summer = [m in (5, 6, 7, 8) for m in months]
    e, i = res.scenarios.index("energy-mode"), res.scenarios.index("irrigation-mode")
    assert release[winter, e].mean() > 2.0 * release[winter, i].mean()
    assert release[summer, e].mean() < release[summer, i].mean()
    # same annual volume in both modes: the modes move water between seasons
    assert release[:, e].mean() == pytest.approx(release[:, i].mean(), rel=0.05)
    # winter energy at Toktogul follows the release
    energy = res.get("Toktogul HPP", "energy")
    assert energy[winter, e].sum() > energy[winter, i].sum()
