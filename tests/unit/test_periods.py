"""Results aggregated from dekads to months and years, against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from arna.engine.periods import aggregate, aggregate_frame, complete_periods, finer_than_month
from arna.engine.results import Results
from arna.errors import InputError
from arna.network.timeaxis import time_axis
from arna.schema.document import Timestepper


def dekad_results() -> Results:
    """January–February 2024 by dekad (10, 10, 11, 10, 10, 9 days)."""
    starts, days = time_axis(Timestepper(start="2024-01-01", end="2024-02-21", step="dekad"))  # type: ignore[arg-type]
    flow = np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
    volume = np.array([100.0, 110.0, 120.0, 130.0, 140.0, 150.0])
    energy = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    values = np.stack([flow, volume, energy], axis=1)[:, :, None]
    return Results(name="t", timesteps=starts, scenarios=["base"],
                   series=[("river", "flow", "m3/s"), ("dam", "volume", "hm3"), ("plant", "energy", "GWh")],
                   values=values, balance_error=0.0, days=days)


def test_dekads_to_months_weigh_rates_by_days_take_end_states_and_sum_energy() -> None:
    res = aggregate(dekad_results(), "month")
    assert list(res.timesteps) == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert list(res.days) == [31, 29]
    assert_allclose(res.get("river", "flow")[:, 0], [(100 + 200 + 330) / 31, (400 + 500 + 540) / 29])
    assert_allclose(res.get("dam", "volume")[:, 0], [120, 150])
    assert_allclose(res.get("plant", "energy")[:, 0], [6, 15])


def test_states_may_be_averaged_instead() -> None:
    res = aggregate(dekad_results(), "month", states="mean")
    assert_allclose(res.get("dam", "volume")[:, 0], [(1000 + 1100 + 1320) / 31, (1300 + 1400 + 1350) / 29])


def test_a_missing_value_leaves_only_its_own_period_without_a_value() -> None:
    base = dekad_results()
    base.values[1, :, 0] = np.nan  # the second dekad of January
    res = aggregate(base, "month", states="mean")
    for node, attribute in (("river", "flow"), ("dam", "volume"), ("plant", "energy")):
        january, february = res.get(node, attribute)[:, 0]
        assert np.isnan(january) and np.isfinite(february), (node, attribute)
    assert_allclose(res.get("river", "flow")[1, 0], (400 + 500 + 540) / 29)


def test_dekads_to_year_equals_months_to_year() -> None:
    direct = aggregate(dekad_results(), "year")
    via = aggregate(aggregate(dekad_results(), "month"), "year")
    assert_allclose(direct.values, via.values)
    assert_allclose(direct.get("river", "flow")[:, 0], [(100 + 200 + 330 + 400 + 500 + 540) / 60])
    assert list(direct.days) == [60]
    assert list(complete_periods(direct, "year")) == [False]
    assert list(complete_periods(aggregate(dekad_results(), "month"), "month")) == [True, True]


def test_volume_is_conserved_by_the_aggregation() -> None:
    res = dekad_results()
    for period in ("month", "year"):
        agg = aggregate(res, period)  # type: ignore[arg-type]
        assert (agg.get("river", "flow")[:, 0] * agg.days).sum() == pytest.approx(
            (res.get("river", "flow")[:, 0] * res.days).sum())


def test_the_long_table_aggregates_too() -> None:
    res = dekad_results()
    out = aggregate_frame(res.to_frame(), res.days, "month")
    row = out[(out["node"] == "river") & (out["time"] == pd.Timestamp("2024-02-01"))]
    assert float(row["value"].iloc[0]) == pytest.approx(1440 / 29)
    assert int(row["days"].iloc[0]) == 29


def test_steps_longer_than_the_period_are_refused() -> None:
    months = aggregate(dekad_results(), "month")
    assert finer_than_month(dekad_results()) and not finer_than_month(months)
    with pytest.raises(InputError, match=r"2024-01-01 \(31 days\) does not lie within one dekad"):
        aggregate(months, "dekad")
    with pytest.raises(InputError, match="cannot aggregate results to 'week'"):
        aggregate(months, "week")  # type: ignore[arg-type]


def test_a_results_table_without_its_model_gets_dekad_lengths(tmp_path) -> None:
    from arna.cli.main import main
    from arna.engine.periods import step_days
    from arna.engine.results import write_frame

    res = dekad_results()
    assert list(step_days(res.timesteps)) == [10, 10, 11, 10, 10, 9]
    assert step_days(pd.DatetimeIndex(["2024-01-01", "2024-01-05"])) is None
    write_frame(res.to_frame(), tmp_path / "r.csv")
    assert main(["data", "aggregate", str(tmp_path / "r.csv"), "--to", "month", "-o", str(tmp_path / "m.csv")]) == 0
    out = pd.read_csv(tmp_path / "m.csv")
    feb = out[(out["node"] == "river") & (out["time"] == "2024-02-01")]
    assert float(feb["value"].iloc[0]) == pytest.approx(1440 / 29)  # the last dekad counted as 9 days
    assert main(["data", "aggregate", str(tmp_path / "m.csv"), "--to", "dekad", "-o", str(tmp_path / "d.csv")]) == 2
    assert not (tmp_path / "d.csv").exists()
