"""The bundled scenarios run, balance, and tell the story the issue asks for."""

from __future__ import annotations

import pytest

from arna.circular import Dataset, WasteRun, bundled_scenarios, run_scenario


@pytest.fixture(scope="module")
def runs(dataset: Dataset) -> dict[str, WasteRun]:
    return {name: run_scenario(name, dataset) for name in bundled_scenarios()}


def test_five_scenarios_are_shipped() -> None:
    assert set(bundled_scenarios()) == {"baseline", "epr-2030", "wte", "eu-aligned", "epr-fee"}


def test_all_scenarios_share_history(runs: dict[str, WasteRun]) -> None:
    base = runs["baseline"].series("kz_processing_share").loc[2016:2024]
    for run in runs.values():
        got = run.series("kz_processing_share").loc[2016:2024]
        assert (abs(got - base) < 0.02).all(), run.name


def test_baseline_misses_targets(runs: dict[str, WasteRun]) -> None:
    assert runs["baseline"].target_years() == {
        "kz_processing_share>=40%": None, "eu_recycling_rate>=55%": None,
        "eu_recycling_rate>=60%": None}


def test_epr_2030_reaches_kazakh_target_but_not_eu(runs: dict[str, WasteRun]) -> None:
    years = runs["epr-2030"].target_years()
    kz_year = years["kz_processing_share>=40%"]
    assert kz_year is not None and kz_year <= 2030
    assert years["eu_recycling_rate>=55%"] is None


def test_wte_raises_kazakh_share_not_eu_rate(runs: dict[str, WasteRun]) -> None:
    base, wte = runs["baseline"], runs["wte"]
    kz, eu = "kz_processing_share", "eu_recycling_rate"
    d_kz = wte.series(kz).loc[2030] - base.series(kz).loc[2030]
    d_eu = wte.series(eu).loc[2030] - base.series(eu).loc[2030]
    assert d_kz > 0.05 and d_eu < 0.01
    cf = wte.series("wte_capacity_factor", "ASTANA").loc[2030]
    assert 0.3 < cf < 0.95
    assert wte.series("landfill_ch4_tco2e").loc[2045] < base.series("landfill_ch4_tco2e").loc[2045]


def test_eu_aligned_reaches_sixty_percent(runs: dict[str, WasteRun]) -> None:
    year = runs["eu-aligned"].target_years()["eu_recycling_rate>=60%"]
    assert year is not None and year <= 2040


def test_epr_fee_and_obligations(runs: dict[str, WasteRun]) -> None:
    epr = runs["epr-2030"]
    assert epr.series("epr_fee_kzt").loc[2030] > epr.series("epr_payout_kzt").loc[2016]
    assert epr.series("epr_obligation_t.plastic").loc[2030] > 0
    assert runs["baseline"].series("epr_obligation_t.plastic").loc[2030] == 0


def test_regions_sum_to_national(runs: dict[str, WasteRun]) -> None:
    t = runs["baseline"].table
    gen = t[t.indicator == "generated_t"]
    nat = gen[gen.region == "KZ"].set_index("year").value
    reg = gen[gen.region != "KZ"].groupby("year").value.sum()
    assert (abs(nat - reg) < 1e-3 * nat).all()


def test_kz_definition_is_configurable(tmp_path, runs: dict[str, WasteRun]) -> None:  # type: ignore[no-untyped-def]
    """Not counting WtE in the Kazakh share removes the WtE scenario's gain."""
    path = tmp_path / "no-wte-count.yaml"
    path.write_text("name: no-wte-count\nbase: wte\nlevers:\n  kz_definition:\n"
                    "    {count_sorting: true, count_biological: true, count_wte: false}\n",
                    encoding="utf-8")
    run = run_scenario(path)
    kz = "kz_processing_share"
    assert run.series(kz).loc[2035] < runs["wte"].series(kz).loc[2035] - 0.05
    per_generated = tmp_path / "per-generated.yaml"
    per_generated.write_text("name: per-generated\nbase: baseline\nlevers:\n  kz_definition:\n"
                             "    {denominator: generated}\n", encoding="utf-8")
    base = runs["baseline"]
    ratio = run_scenario(per_generated).series(kz) / base.series(kz)
    expected = base.series("collected_t") / base.series("generated_t")
    assert ratio.to_numpy() == pytest.approx(expected.to_numpy())
