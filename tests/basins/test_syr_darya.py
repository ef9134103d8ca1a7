"""The Syr Darya model's years, rules and lake behave as the published record says they should."""

from __future__ import annotations

import numpy as np

from tests.basins.conftest import run_bundled

DRY_YEARS = (2000, 2001, 2008, 2021, 2022)


def _annual_km3(node: str, attribute: str, scenario: str) -> dict[int, float]:
    _, res = run_bundled("syr-darya")
    k = res.scenarios.index(scenario)
    years = np.asarray(res.timesteps.year)
    vol = res.get(node, attribute)[:, k] * res.days * 86400 / 1e9
    return {int(y): float(vol[years == y].sum()) for y in np.unique(years)}


def _volume_on(node: str, scenario: str, year: int, month: int) -> float:
    """Volume (hm3) at the start of the step beginning on the 1st of ``month`` (end of the previous one)."""
    _, res = run_bundled("syr-darya")
    k = res.scenarios.index(scenario)
    t = res.timesteps
    i = int(np.where((np.asarray(t.year) == year) & (np.asarray(t.month) == month))[0][0])
    return float(res.get(node, "volume")[i - 1, k])


def test_historical_years_differ_and_dry_years_bring_less_to_the_lower_river() -> None:
    koktobe = _annual_km3("Syr Darya Koksaray–Kyzylorda", "flow", "historical")
    karateren = _annual_km3("Delta environmental flow", "flow", "historical")
    mean_k, mean_r = np.mean(list(koktobe.values())), np.mean(list(karateren.values()))
    for y in DRY_YEARS:
        assert koktobe[y] < 0.95 * mean_k, (y, koktobe[y], mean_k)
        assert karateren[y] < 0.95 * mean_r, (y, karateren[y], mean_r)
    assert koktobe[2010] > 1.2 * mean_k  # the wet year (Koktobe 25.8 km3)
    assert np.std(list(koktobe.values())) / mean_k > 0.1  # not every year the same


def test_small_aral_inflow_is_lowest_in_the_dry_years() -> None:
    inflow = _annual_km3("Inflow to the Small Aral", "flow", "historical")
    mean = np.mean([inflow[y] for y in range(2005, 2025)])
    for y in DRY_YEARS:
        assert inflow[y] < mean, (y, inflow[y], mean)
    assert min(inflow.values()) > 0.0  # the ICWC minimum still arrives


def test_toktogul_falls_in_dry_sequences_and_recovers() -> None:
    april = {y: _volume_on("Toktogul", "historical", y, 4) for y in range(2000, 2025)}
    assert april[2024] < april[2021] - 1500  # 2021–23 dry run draws it down
    assert april[2011] > april[2009] + 1000  # the wet 2010 refills it
    assert min(april.values()) >= 5500 - 1e-6  # never below dead storage on 1 April


def test_border_carries_more_in_winter_than_in_summer() -> None:
    _, res = run_bundled("syr-darya")
    flow = res.get("Uzbekistan–Kazakhstan border", "flow")[:, res.scenarios.index("historical")]
    months = np.asarray(res.timesteps.month)
    winter = np.isin(months, [11, 12, 1, 2])
    summer = np.isin(months, [7, 8, 9])
    assert flow[winter].mean() > 1.5 * flow[summer].mean()


def test_shardara_spills_to_arnasay_only_in_winter_and_the_small_aral_is_a_lake() -> None:
    _, res = run_bundled("syr-darya")
    months = np.asarray(res.timesteps.month)
    spill = res.get("Arnasay spillway", "flow")
    assert spill.max() > 0.0
    assert np.all(spill[np.isin(months, [6, 7, 8, 9])] < 1e-6)
    lake = res.get("Small Aral Sea", "volume")
    assert lake.max() <= 27500 + 1e-6
    south = res.get("South Aral Sea", "flow")
    # the Kok-Aral dam spills only when the lake stands near its design volume (27 km3); in the
    # historical run, before the dam (Aug 2005), water passed the breached dike above ~16 km3
    dates = res.timesteps
    full = np.where(np.asarray(dates < "2005-08-01")[:, None] & (np.arange(len(res.scenarios)) ==
                    res.scenarios.index("historical"))[None, :], 16000.0, 27000.0)
    spilling = south[1:] > 1e-3
    assert np.all(lake[:-1][spilling] > full[1:][spilling] - 1500)
    evaporation = res.get("Small Aral Sea", "evaporation")
    assert evaporation[np.isin(months, [7])].mean() > evaporation[np.isin(months, [1])].mean()


def test_kambarata_generates_only_in_its_scenario_and_shifts_toktogul_to_summer() -> None:
    _, res = run_bundled("syr-darya")
    energy = res.get("Kambarata-1 HPP", "energy")
    k, base = res.scenarios.index("kambarata-1"), res.scenarios.index("baseline")
    assert energy[:, base].sum() == 0.0
    assert energy[:, k].sum() / 26 > 2000  # GWh/yr
    release = res.get("Toktogul", "release")
    summer = np.isin(np.asarray(res.timesteps.month), [6, 7, 8])
    assert release[summer, k].mean() > release[summer, base].mean()


def test_upstream_development_and_climate_reduce_the_border_flow_without_double_counting() -> None:
    _, res = run_bundled("syr-darya")
    flow = res.get("Uzbekistan–Kazakhstan border", "flow").mean(axis=0)
    base, dev, clim = (res.scenarios.index(s) for s in ("baseline", "upstream-development", "climate-2050"))
    assert flow[dev] < flow[base] and flow[clim] < flow[base]
    naryn = res.get("Naryn above Kambarata", "flow").mean(axis=0)
    assert naryn[dev] == naryn[base]  # development changes withdrawals, not runoff
    assert 0.93 < naryn[clim] / naryn[base] < 0.96  # about -6% by 2050 (H5)


def test_issue_12_calibration_entries_are_complete_and_left_to_the_calibration_command() -> None:
    from arna.indicators.calibration import calibration_table

    doc, res = run_bundled("syr-darya")
    entries = doc.metadata["calibration"]
    assert all("kind" in e and e.get("source") for e in entries)
    assert all(("target" in e) != ("series" in e) for e in entries)
    kinds = {e["kind"] for e in entries}
    assert {"annual", "named_year", "period_mean", "storage", "hydropower", "seasonal_share"} <= kinds
    assert sum(e["kind"] == "storage" for e in entries) == 27  # Toktogul: 1 April 2006–2013 and 19 dated volumes
    assert all(n["what"] and n["why"] for n in doc.metadata["not_calibrated"])
    # every cited observation is evaluated on the historical run: one row per entry, one per year of a series
    table = calibration_table(doc.metadata, res, "historical")
    assert len(table) == sum(len(e["series"]) if "series" in e else 1 for e in entries)
    assert table["within"].notna().all()


def test_toktogul_winter_demand_follows_the_published_releases_only_in_historical() -> None:
    """Y3d: crisis winters and growing Kyrgyz demand raise the winter release; other scenarios keep the schedule."""
    _, res = run_bundled("syr-darya")
    release = res.get("Toktogul", "release")
    hist, base = res.scenarios.index("historical"), res.scenarios.index("baseline")
    t = res.timesteps
    in_month = lambda y, m: (np.asarray(t.year) == y) & (np.asarray(t.month) == m)  # noqa: E731
    # December 2024: 797 m3/s published (24.kg), far above the energy schedule's 490 m3/s
    assert release[in_month(2024, 12), hist][0] > 650
    # November 2009: releases cut to save water (284 m3/s published) below November 2008 (435)
    assert release[in_month(2009, 11), hist][0] < release[in_month(2008, 11), hist][0]
    # the winters of the 2020s draw Toktogul down to within 2 km3 of dead storage, as reported (7.2 km3, Mar 2024)
    assert _volume_on("Toktogul", "historical", 2024, 4) < 7500
    assert _volume_on("Toktogul", "baseline", 2024, 4) > 9000
    winter = ~np.isin(np.asarray(t.month), [4, 5, 6, 7, 8, 9])
    assert release[winter, base].mean() < release[winter & (np.asarray(t.year) >= 2020), hist].mean()
