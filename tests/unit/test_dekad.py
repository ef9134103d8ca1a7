"""The dekad as a time step: calendar, unit conversion, parameters, series and a run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from pydantic import ValidationError
from tests.conftest import model, write

from arna.cli.main import main
from arna.errors import DataFileError
from arna.network.series import aggregate_to_steps
from arna.network.timeaxis import time_axis
from arna.schema.dekad import dekad_days, dekad_of_year, dekad_range
from arna.schema.document import Timestepper
from arna.schema.units import Dimension, factors

M3S_TO_HM3D = 86_400 / 1e6


def axis(start: str, end: str) -> tuple[pd.DatetimeIndex, np.ndarray]:
    return time_axis(Timestepper(start=start, end=end, step="dekad"))  # type: ignore[arg-type]


def test_a_year_has_36_dekads_whose_lengths_add_to_the_year() -> None:
    for year, total in ((2023, 365), (2024, 366), (2100, 365), (2000, 366)):
        starts, days = axis(f"{year}-01-01", f"{year}-12-21")
        assert len(starts) == 36
        assert days.sum() == total
        assert list(dekad_of_year(starts)) == list(range(1, 37))


def test_third_dekads_run_to_the_month_end() -> None:
    starts, days = axis("2023-01-01", "2023-12-21")
    third = {s.month: d for s, d in zip(starts, days, strict=True) if s.day == 21}
    assert third[1] == 11 and third[2] == 8 and third[4] == 10 and third[12] == 11
    _, leap = axis("2024-02-21", "2024-02-21")
    assert list(leap) == [9.0]  # 21–29 February
    assert [s.day for s in starts[:6]] == [1, 11, 21, 1, 11, 21]


def test_a_run_crossing_the_year_end() -> None:
    starts, days = axis("2023-12-11", "2024-01-11")
    assert [s.isoformat()[:10] for s in starts] == ["2023-12-11", "2023-12-21", "2024-01-01", "2024-01-11"]
    assert list(days) == [10, 11, 10, 10]


def test_end_inside_a_dekad_includes_that_dekad() -> None:
    starts, days = axis("2024-02-11", "2024-02-25")
    assert list(starts.day) == [11, 21] and list(days) == [10, 9]
    assert len(dekad_range(pd.Timestamp("2024-02-15"), pd.Timestamp("2024-02-15"))) == 1


def test_a_dekad_run_must_start_on_a_dekad_first_day() -> None:
    with pytest.raises(ValidationError, match="1st, 11th or 21st"):
        Timestepper(start="2024-02-05", end="2024-03-01", step="dekad")  # type: ignore[arg-type]


@pytest.mark.parametrize(("date", "n"), [("2023-02-21", 8), ("2024-02-21", 9), ("2024-04-21", 10),
                                         ("2024-01-21", 11), ("2024-01-11", 10)])
def test_units_convert_over_each_dekad_length(date: str, n: int) -> None:
    d = pd.DatetimeIndex([date])
    assert dekad_days(d)[0] == n
    # 10 hm³ per dekad over a dekad of n days is 10/n hm³ a day: the dekad moves exactly 10 hm³.
    assert factors("hm3/dekad", Dimension.FLOW, d)[0] * 10 * n == pytest.approx(10.0)
    # A monthly volume is a rate: the dekad moves its share n/days_in_month.
    assert factors("hm3/month", Dimension.FLOW, d)[0] * 31 * n == pytest.approx(31 * n / d.days_in_month[0])
    assert factors("m3/s", Dimension.FLOW, d)[0] * n == pytest.approx(n * M3S_TO_HM3D)


def test_daily_series_average_into_dekads() -> None:
    days = pd.date_range("2024-02-01", "2024-03-10")
    s = pd.Series(np.arange(len(days), dtype=float), index=days)
    starts, _ = axis("2024-02-01", "2024-03-01")
    out = aggregate_to_steps(s, starts, pd.Timestamp("2024-03-11"), "f", "p")
    assert_allclose(out, [4.5, 14.5, 24.0, 33.5])  # days 0–9, 10–19, 20–28 (9 days), 29–38


def test_monthly_series_apply_to_each_dekad_of_their_month() -> None:
    s = pd.Series([100.0, 200.0], index=pd.to_datetime(["2023-01-01", "2023-02-01"]))
    starts, _ = axis("2023-01-01", "2023-02-21")
    out = aggregate_to_steps(s, starts, pd.Timestamp("2023-03-01"), "f", "p")
    assert_allclose(out, [100, 100, 100, 200, 200, 200])


def test_dekad_series_weigh_into_a_month_by_their_length() -> None:
    s = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
                  index=pd.to_datetime(["2024-02-01", "2024-02-11", "2024-02-21", "2024-03-01", "2024-03-11",
                                        "2024-03-21"]))
    months = pd.DatetimeIndex(["2024-02-01", "2024-03-01"])
    out = aggregate_to_steps(s, months, pd.Timestamp("2024-04-01"), "f", "p")
    assert_allclose(out, [(10 * 10 + 20 * 10 + 30 * 9) / 29, (40 * 10 + 50 * 10 + 60 * 11) / 31])


def test_dekadal_monthly_and_daily_parameters_on_a_dekad_run(run_doc) -> None:
    dekadal = {"type": "dekadal", "values": [float(i) for i in range(1, 37)], "unit": "hm3/dekad"}
    monthly = {"type": "monthly", "values": [31.0, 29.0, *[30.0] * 10], "unit": "hm3/month"}
    daily = {"type": "daily", "values": [float(i) for i in range(1, 367)], "unit": "hm3/day"}
    doc = model(
        [{"name": "a", "type": "inflow", "flow": dekadal}, {"name": "b", "type": "inflow", "flow": monthly},
         {"name": "c", "type": "inflow", "flow": daily}, {"name": "sea", "type": "terminal"}],
        [["a", "sea"], ["b", "sea"], ["c", "sea"]], start="2024-01-01", step="dekad", end="2024-03-21",
    )
    res = run_doc(doc)
    hm3 = res.get("a", "flow")[:, 0] * M3S_TO_HM3D * res.days
    assert_allclose(hm3, [1, 2, 3, 4, 5, 6, 7, 8, 9])  # each dekad moves its own value
    feb = res.get("b", "flow")[3:6, 0] * M3S_TO_HM3D * res.days[3:6]
    assert_allclose(feb, [10, 10, 9])  # 29 hm³ in February 2024 split 10/10/9 days
    # a daily profile gives each dekad the value of its first day (366-day calendar)
    assert_allclose(res.get("c", "flow")[:, 0] * M3S_TO_HM3D, [1, 11, 21, 32, 42, 52, 61, 71, 81])
    assert abs(res.balance_error) < 1e-6


def test_a_reservoir_run_by_dekad_closes_its_balance(run_doc) -> None:
    doc = model(
        [{"name": "river", "type": "inflow", "flow": {"type": "monthly", "values": [50, 40, 80, 300, 600, 500,
                                                                                    250, 120, 80, 60, 55, 50]}},
         {"name": "dam", "type": "reservoir", "capacity": "900 hm3", "initial_volume": "400 hm3"},
         {"name": "farms", "type": "demand", "priority": 1,
          "demand": {"type": "monthly", "values": [0, 0, 20, 150, 350, 450, 450, 300, 100, 0, 0, 0]}},
         {"name": "sea", "type": "terminal"}],
        [["river", "dam"], ["dam", "farms"], ["dam", "sea"]], start="2023-10-01", step="dekad", end="2024-09-21",
    )
    res = run_doc(doc)
    assert len(res.timesteps) == 36 and res.days.sum() == 366
    assert abs(res.balance_error) < 1e-6
    inflow = (res.get("river", "flow")[:, 0] * res.days).sum()
    out = ((res.get("farms", "delivered")[:, 0] + res.get("sea", "flow")[:, 0]) * res.days).sum()
    stored = res.get("dam", "volume")[-1, 0] - 400.0
    assert inflow * M3S_TO_HM3D == pytest.approx(out * M3S_TO_HM3D + stored, abs=1e-6)


def test_a_monthly_series_serves_a_dekad_run_inside_its_last_month(tmp_path) -> None:
    from arna.network.series import SeriesReader

    s = pd.Series([1.0, np.nan, 3.0, 4.0], index=pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01",
                                                                   "2020-04-01"]), name="q")
    starts, days = axis("2020-04-01", "2020-04-21")
    reader = SeriesReader(tmp_path / "m.yaml", {})
    # the gap in February lies outside the run: the run uses April's row for its three dekads
    assert_allclose(reader.align(s, starts, starts[-1] + pd.Timedelta(days=days[-1]), "p"), [4, 4, 4])
    starts, days = axis("2020-02-11", "2020-02-21")
    with pytest.raises(DataFileError, match="missing or non-numeric value at 2020-02-01"):
        reader.align(s, starts, starts[-1] + pd.Timedelta(days=days[-1]), "p")


@pytest.mark.parametrize(("change", "needles"), [
    ({"timestepper": {"start": "2024-02-05", "end": "2024-03-01", "step": "dekad"}},
     ["timestepper", "1st, 11th or 21st", "2024-02-05"]),
    ({"flow": {"type": "dekadal", "values": [1.0] * 35}}, ["nodes[0].flow", "36"]),
])
def test_bad_dekad_documents_exit_2_naming_the_place(tmp_path, capsys, change: dict, needles: list[str]) -> None:
    node = {"name": "src", "type": "inflow", "flow": change.get("flow", "1 m3/s")}
    doc = model([node, {"name": "sea", "type": "terminal"}], [["src", "sea"]], start="2024-01-01", step="dekad",
                end="2024-01-21")
    doc.update({k: v for k, v in change.items() if k == "timestepper"})
    path = write(tmp_path, doc)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and all(n in err for n in needles), err


def test_rows_dated_within_a_step_decide_it_as_pywr_resamples(tmp_path) -> None:
    from arna.network.series import SeriesReader

    reader = SeriesReader(tmp_path / "m.yaml", {})
    # weekly rows on Thursdays, steps from Fridays: each step takes the one row dated within it
    rows = pd.Series([1.0, 2.0, 3.0], index=pd.to_datetime(["2015-01-01", "2015-01-08", "2015-01-15"]), name="q")
    steps = pd.DatetimeIndex(["2014-12-26", "2015-01-02", "2015-01-09"])
    assert_allclose(reader.align(rows, steps, pd.Timestamp("2015-01-16"), "p"), [1, 2, 3])
    # daily rows running on past the run: the last step is the plain mean of its own days
    days = pd.date_range("2020-01-01", "2020-12-31")
    daily = pd.Series(np.arange(len(days), dtype=float), index=days, name="q")
    steps = pd.DatetimeIndex(["2020-01-01", "2020-01-08"])
    assert_allclose(reader.align(daily, steps, pd.Timestamp("2020-01-15"), "p"), [3, 10])
