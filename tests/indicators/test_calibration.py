"""The calibration table, each kind computed by hand on small hand-made results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from arna.engine.results import Results
from arna.errors import DocumentError, InputError
from arna.indicators.calibration import (
    calibration_summary,
    calibration_table,
    default_scenario,
    default_year_begins,
    entry_scenarios,
    row_decimals,
)
from tests.indicators.helpers import results

KM3_PER_M3S_DAY = 86_400 / 1e9
SOURCE = "sheet §1 [D]"


def entry(**kw: Any) -> dict[str, Any]:
    return {"node": "river", "attribute": "flow", "source": SOURCE, **kw}


def two_years(flow_2021: float = 100.0, flow_2022: float = 50.0) -> Results:
    """Monthly 2021–2022: a river at a constant flow each year."""
    return results({("river", "flow"): [flow_2021] * 12 + [flow_2022] * 12})


def table(entries: list[dict[str, Any]], res: Results, scenario: str | None = None) -> pd.DataFrame:
    return calibration_table({"calibration": entries}, res, scenario, source="model.yaml")


# ---------------------------------------------------------------- annual volumes, named years, period means


def test_annual_volume_is_the_mean_of_the_years_of_the_run() -> None:
    t = table([entry(aggregate="annual_volume_km3", target=2.4, unit="km3/yr")], two_years())
    expected = (100 * 365 + 50 * 365) / 2 * KM3_PER_M3S_DAY  # 2.3652 km3
    row = t.iloc[0]
    assert row.simulated == pytest.approx(expected)
    assert row.error == pytest.approx(expected - 2.4)
    assert row.error_rel == pytest.approx((expected - 2.4) / 2.4)
    assert row.period == "mean 2021–2022 (whole run)"
    assert row.kind == "annual" and row.tolerance == 0.10 and row.tolerance_type == "relative"
    assert row.band == pytest.approx(0.24) and bool(row.within)
    assert row.entry == "metadata.calibration[0]" and row.source == SOURCE


def test_named_year_takes_that_year_and_several_years_their_mean() -> None:
    res = two_years()
    t = table([entry(kind="named_year", aggregate="annual_volume_km3", years=[2022], target=1.5768),
               entry(kind="period_mean", aggregate="annual_volume_km3", years=[2021, 2022], target=2.0)], res)
    assert t.simulated[0] == pytest.approx(50 * 365 * KM3_PER_M3S_DAY)  # 1.5768
    assert t.year[0] == 2022 and t.period[0] == "2022"
    assert t.tolerance[0] == 0.25  # named years: ±25 %
    assert t.simulated[1] == pytest.approx(75 * 365 * KM3_PER_M3S_DAY)
    assert t.period[1] == "mean 2021–2022" and pd.isna(t.year[1])
    assert not bool(t.within[1])  # 2.3652 against 2.0: +18 % > 10 %


def test_series_gives_one_row_per_year_and_years_outside_the_run_say_so() -> None:
    res = two_years()
    t = table([entry(kind="named_year", aggregate="annual_volume_km3",
                     series={2020: 3.0, 2021: 3.1536, 2022: 1.0}, unit="km3/yr")], res)
    assert list(t.year) == [2020, 2021, 2022]
    assert pd.isna(t.simulated[0]) and pd.isna(t.within[0])
    assert t.note[0] == "outside the run: year 2020"
    assert t.simulated[1] == pytest.approx(3.1536) and bool(t.within[1])
    assert t.simulated[2] == pytest.approx(1.5768) and not bool(t.within[2])
    summary = calibration_summary(t)
    assert summary.to_dict("records") == [
        {"kind": "named_year", "rows": 3, "within": 1, "outside": 1, "not_evaluated": 1}]


def test_a_mean_over_years_partly_outside_the_run_is_not_evaluated() -> None:
    t = table([entry(aggregate="annual_volume_km3", years=list(range(2005, 2023)), target=2.45)], two_years())
    assert pd.isna(t.simulated[0]) and pd.isna(t.within[0])
    assert t.note[0] == "outside the run: years 2005–2020"


def test_old_entries_keep_working() -> None:
    old = {"node": "river", "attribute": "flow", "aggregate": "annual_volume_km3", "target": 2.45,
           "unit": "km3/yr", "tolerance": 0.15, "source": "WB"}
    t = table([old, {**old, "aggregate": None, "target": 75.0, "unit": "m3/s"}], two_years())
    assert t.kind.tolist() == ["annual", "annual"]
    assert t.tolerance[0] == 0.15
    # no aggregate: the time-weighted mean, as before
    assert t["aggregate"][1] == "mean" and t.simulated[1] == pytest.approx(75.0)


# ---------------------------------------------------------------- seasons


def seasonal() -> Results:
    """Monthly 2021–2022: 200 m³/s from April to September, 100 m³/s otherwise."""
    months = pd.date_range("2021-01-01", periods=24, freq="MS").month
    return results({("river", "flow"): [200.0 if 4 <= m <= 9 else 100.0 for m in months]})


def test_seasonal_shares_are_in_the_icwc_water_year() -> None:
    growing, winter = [4, 5, 6, 7, 8, 9], [10, 11, 12, 1, 2, 3]
    t = table([entry(kind="seasonal_share", months=growing, target=65.0),
               entry(kind="seasonal_share", months=winter, years=[2022], target=40.0, tolerance_abs=2.0)],
              seasonal())
    # the run covers one water year completely: Oct 2021–Sep 2022 (182 + 183 days)
    share = 100 * 200 * 183 / (200 * 183 + 100 * 182)
    assert t.simulated[0] == pytest.approx(share)  # 66.79 %
    assert t.period[0] == "Apr–Sep, 2022 (whole run; water year Oct–Sep)"
    assert t.error[0] == pytest.approx(share - 65.0) and t.unit[0] == "%"
    assert t.tolerance_type[0] == "pp" and t.tolerance[0] == 5.0 and bool(t.within[0])
    assert t.simulated[1] == pytest.approx(100 - share)  # the two seasons add up to the year
    assert t.period[1] == "Oct–Mar, 2022 (water year Oct–Sep)"
    assert t.tolerance[1] == 2.0 and not bool(t.within[1])  # 33.2 against 40 ± 2 pp
    assert t.year[1] == 2022


def test_months_outside_a_water_year_block_use_the_calendar_year() -> None:
    assert default_year_begins([4, 5, 6, 7, 8, 9]) == 10
    assert default_year_begins([10, 11, 12, 1, 2, 3]) == 10
    assert default_year_begins([4, 5, 6, 7, 8, 9, 10]) == 1  # "Apr–Oct", as some Kazakh texts count it
    assert default_year_begins(None) == 1
    t = table([entry(kind="seasonal_share", months=[4, 5, 6, 7, 8, 9, 10], years=[2021], target=70.0)], seasonal())
    part, total = 200 * 183 + 100 * 31, 200 * 183 + 100 * 182
    assert t.simulated[0] == pytest.approx(100 * part / total)
    assert t.period[0] == "Apr–Oct, 2021"


def test_a_seasonal_volume_sums_its_months() -> None:
    t = table([entry(kind="named_year", aggregate="annual_volume_km3", months=[4, 5, 6, 7, 8, 9],
                     years=[2021], target=3.0)], seasonal())
    assert t.simulated[0] == pytest.approx(200 * 183 * KM3_PER_M3S_DAY)


# ---------------------------------------------------------------- storage, hydropower


def storage_run() -> Results:
    """Monthly 2021: end-of-month volume 1000, 2000, … 12000 hm³."""
    return results({("dam", "volume"): np.arange(1, 13) * 1000.0})


def test_storage_on_a_date_is_the_end_of_the_previous_step_in_the_entrys_unit() -> None:
    t = table([{"kind": "storage", "node": "dam", "attribute": "volume", "date": "2021-04-01", "target": 2.0,
                "unit": "km3", "source": SOURCE}], storage_run())
    row = t.iloc[0]
    assert row["aggregate"] == "volume_on_date" and row.period == "2021-04-01" and row.year == 2021
    assert row.simulated == pytest.approx(3.0)  # end of March: 3000 hm3 = 3 km3
    assert row.tolerance == 1.5 and row.tolerance_type == "absolute" and bool(row.within)


def test_storage_between_step_boundaries_is_interpolated_and_before_the_first_end_is_outside() -> None:
    entries = [{"kind": "storage", "node": "dam", "attribute": "volume", "date": "04-01", "unit": "hm3",
                "series": {2021: 3000.0, 2022: 1.0}, "source": SOURCE},
               {"kind": "storage", "node": "dam", "attribute": "volume", "date": "2021-01-01", "target": 1.0,
                "source": SOURCE},
               {"kind": "storage", "node": "dam", "attribute": "volume", "date": "2021-04-16", "target": 1.0,
                "source": SOURCE}]
    t = table(entries, storage_run())
    assert t.simulated[0] == pytest.approx(3000.0) and bool(t.within[0])
    assert pd.isna(t.simulated[1]) and t.note[1].startswith("outside the run: 2022-04-01")
    assert pd.isna(t.simulated[2]) and "2021-01-01" in t.note[2]
    # 16 April 00:00 is 15 of April's 30 days after the end of March: halfway to the end of April
    assert t.simulated[3] == pytest.approx(3500.0)


def test_hydropower_sums_energy_per_year_with_its_default_tolerance() -> None:
    res = results({("plant", "energy"): [10.0] * 24}, units={"energy": "GWh"})
    t = table([{"kind": "hydropower", "node": "plant", "attribute": "energy", "target": 140.0, "unit": "GWh/yr",
                "source": SOURCE}], res)
    assert t["aggregate"][0] == "annual_sum" and t.simulated[0] == pytest.approx(120.0)
    assert t.tolerance[0] == 0.15 and t.band[0] == pytest.approx(21.0) and bool(t.within[0])


# ---------------------------------------------------------------- tolerances


@pytest.mark.parametrize(("extra", "within"), [
    ({"tolerance": 0.05}, False),  # 3.1536 vs 3.0: +5.1 %
    ({"tolerance": 0.06}, True),
    ({"tolerance_abs": 0.15}, False),
    ({"tolerance_abs": 0.16}, True),
])
def test_relative_and_absolute_tolerances(extra: dict[str, float], within: bool) -> None:
    t = table([entry(aggregate="annual_volume_km3", years=[2021], target=3.0, **extra)], two_years())
    assert bool(t.within[0]) is within
    assert t.tolerance_type[0] == ("relative" if "tolerance" in extra else "absolute")


def test_default_tolerance_per_kind() -> None:
    kinds = {"annual": (0.10, "relative"), "period_mean": (0.10, "relative"), "named_year": (0.25, "relative"),
             "hydropower": (0.15, "relative")}
    entries = [entry(kind=k, aggregate="mean", years=[2021], target=100.0) for k in kinds]
    t = table(entries, two_years())
    assert [(a, b) for a, b in zip(t.tolerance, t.tolerance_type, strict=True)] == list(kinds.values())


# ---------------------------------------------------------------- time steps


def dekad_run(flow: float) -> Results:
    """Dekads (1–10, 11–20, 21–end of month) over 2020–2021, a leap year and a common one."""
    starts = [pd.Timestamp(y, m, d) for y in (2020, 2021) for m in range(1, 13) for d in (1, 11, 21)]
    ends = [*starts[1:], pd.Timestamp(2022, 1, 1)]
    days = np.array([(b - a).days for a, b in zip(starts, ends, strict=True)], dtype=float)
    values = np.full((len(starts), 1, 1), flow)
    return Results(name="dekads", timesteps=pd.DatetimeIndex(starts), scenarios=["baseline"],
                   series=[("river", "flow", "m3/s")], values=values, balance_error=0.0, days=days)


def test_daily_weekly_and_dekad_steps_give_the_same_annual_volume() -> None:
    e = [entry(aggregate="annual_volume_km3", years=[2021], target=3.1536)]
    daily = results({("river", "flow"): [100.0] * 731}, start="2020-01-01", freq="D")
    weekly = results({("river", "flow"): [100.0] * 110}, start="2019-12-30", freq="7D")  # steps cross years
    for res in (daily, weekly, dekad_run(100.0)):
        assert table(e, res).simulated[0] == pytest.approx(100 * 365 * KM3_PER_M3S_DAY)
    leap = [entry(aggregate="annual_volume_km3", years=[2020], target=1.0)]
    assert table(leap, dekad_run(100.0)).simulated[0] == pytest.approx(100 * 366 * KM3_PER_M3S_DAY)


def test_dekad_seasonal_share_and_storage_date() -> None:
    res = dekad_run(100.0)
    t = table([entry(kind="seasonal_share", months=[4, 5, 6, 7, 8, 9], target=50.0)], res)
    assert t.simulated[0] == pytest.approx(100 * 183 / 365)  # water year Oct 2020–Sep 2021
    assert t.period[0] == "Apr–Sep, 2021 (whole run; water year Oct–Sep)"


# ---------------------------------------------------------------- scenarios and errors


def test_scenario_default_and_entries_naming_their_own() -> None:
    assert default_scenario(["baseline", "historical"]) == "historical"
    assert default_scenario(["dry", "baseline"]) == "baseline"
    assert default_scenario(["dry"]) == "dry"
    res = results({("river", "flow"): np.array([[100.0, 50.0]] * 12)}, scenarios=["historical", "dry"])
    es = [entry(aggregate="mean", target=100.0), entry(aggregate="mean", target=50.0, scenario="dry"),
          entry(aggregate="mean", target=50.0, scenario="wet")]
    t = table(es, res)
    assert t.scenario.tolist() == ["historical", "dry", "wet"]
    assert t.simulated[0] == pytest.approx(100.0) and t.simulated[1] == pytest.approx(50.0)
    assert pd.isna(t.within[2]) and "scenario 'wet' is not in this run" in t.note[2]
    assert table(es[:1], res, "dry").simulated[0] == pytest.approx(50.0)
    assert entry_scenarios({"calibration": es}, "historical") == ["historical", "dry", "wet"]


def test_a_missing_series_names_the_entry_path_and_the_file() -> None:
    res = two_years()
    with pytest.raises(InputError, match=r"model\.yaml: metadata\.calibration\[1\]\.node: .*'lake'"):
        table([entry(target=1.0), {**entry(target=1.0), "node": "lake"}], res)
    with pytest.raises(InputError, match=r"metadata\.calibration\[0\]\.attribute: .*river/volume.*flow"):
        table([{**entry(target=1.0), "attribute": "volume"}], res)


def test_a_volume_of_a_series_that_is_not_a_flow_is_an_error() -> None:
    res = results({("plant", "energy"): [10.0] * 12}, units={"energy": "GWh"})
    with pytest.raises(InputError, match=r"metadata\.calibration\[0\]\.aggregate: plant/energy is in 'GWh'"):
        table([{"node": "plant", "attribute": "energy", "aggregate": "annual_volume_km3", "target": 1.0,
                "source": SOURCE}], res)


@pytest.mark.parametrize(("bad", "path", "message"), [
    ({"colour": "red"}, "metadata.calibration[0].colour", "unknown key"),
    ({"kind": "yearly"}, "metadata.calibration[0].kind", "Input should be"),
    ({"series": {2021: 1.0}}, "metadata.calibration[0]", "either target"),
    ({"tolerance_abs": 1.0, "tolerance": 0.1}, "metadata.calibration[0]", "either tolerance"),
    ({"tolerance": -0.1}, "metadata.calibration[0].tolerance", "greater than 0"),
    ({"months": [4, 13]}, "metadata.calibration[0].months", "1 (January) to 12"),
    ({"aggregate": "season_share"}, "metadata.calibration[0]", "needs months"),
    ({"kind": "named_year"}, "metadata.calibration[0]", "names its year"),
    ({"aggregate": "volume_on_date"}, "metadata.calibration[0]", "needs a date"),
    ({"date": "04-31", "aggregate": "volume_on_date"}, "metadata.calibration[0].date", "ISO date"),
    ({"date": "2021-04-01"}, "metadata.calibration[0]", "only with aggregate volume_on_date"),
    ({"source": ""}, "metadata.calibration[0].source", "at least 1"),
    ({"aggregate": "annual_volume_km3", "unit": "hm3/yr"}, "metadata.calibration[0]", "km3/yr"),
    ({"kind": "seasonal_share", "months": [4], "unit": "km3"}, "metadata.calibration[0]", "in %"),
])
def test_bad_entries_are_reported_with_their_json_path(bad: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(DocumentError) as info:
        table([{**entry(target=1.0), **bad}], two_years())
    assert info.value.source == "model.yaml"
    problems = dict(info.value.problems)
    assert path in problems, problems
    assert message in problems[path]


def test_missing_values_in_the_results_count_as_outside_the_run() -> None:
    flow = np.array([np.nan] * 12 + [50.0] * 12)  # a scenario whose horizon starts in 2022
    t = table([entry(aggregate="annual_volume_km3", target=1.5768)], results({("river", "flow"): flow}))
    assert t.simulated[0] == pytest.approx(1.5768) and t.period[0] == "2022 (whole run)"
    t = table([entry(aggregate="annual_volume_km3", years=[2021], target=1.0)], results({("river", "flow"): flow}))
    assert pd.isna(t.within[0]) and t.status[0] == "outside_run"


@pytest.mark.parametrize(("cited", "band", "decimals"), [
    (341.6, 0.3, 2),   # a lake level: the cited decimal, and enough to read a 0.3 m band
    (537.0, 80.55, 0),
    (14.13, 1.5, 2),
    (0.816, 0.204, 3),
    (6000.0, 1500.0, 0),
])
def test_row_decimals_show_the_cited_value_and_the_band(cited: float, band: float, decimals: int) -> None:
    assert row_decimals(cited, band) == decimals


def test_a_named_year_may_name_its_year_by_a_full_date() -> None:
    t = table([{"kind": "named_year", "node": "dam", "attribute": "volume", "aggregate": "volume_on_date",
                "date": "2021-11-01", "target": 10.0, "unit": "km3", "tolerance_abs": 1.5, "source": SOURCE}],
              storage_run())
    assert t.simulated[0] == pytest.approx(10.0) and t.year[0] == 2021 and bool(t.within[0])


def test_29_february_in_a_common_year_is_the_last_day_of_february() -> None:
    daily = results({("dam", "volume"): np.arange(1.0, 732.0)}, start="2020-01-01", freq="D")
    t = table([{"kind": "storage", "node": "dam", "attribute": "volume", "date": "02-29", "unit": "hm3",
                "series": {2020: 59.0, 2021: 424.0}, "source": SOURCE}], daily)
    # the volume at the start of 29 Feb 2020 is the end of day 59; 28 Feb 2021 starts after day 424
    assert t.simulated.tolist() == [59.0, 424.0]
