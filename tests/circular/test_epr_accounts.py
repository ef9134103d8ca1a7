"""EPR as the operator keeps it: accounts, payer split, refunds, payouts and the fund."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from arna.circular import Dataset, WasteRun, run_scenario
from arna.circular.epr import FundResult, check_fund
from arna.errors import BalanceError, DocumentError

JAN_NOV = 11.0 / 12.0


def _published(dataset: Dataset, indicator: str) -> float:
    o = dataset.observed
    sel = o[(o.indicator == indicator) & (o.year == 2025) & (o.region == "KZ")]
    return float(sel.value.iloc[0])


@pytest.mark.parametrize("indicator", ["epr_revenue_kzt", "epr_revenue_kzt.vehicle_producers",
                                       "epr_revenue_kzt.importers", "epr_refunds_kzt"])
def test_2025_money_within_15_percent_of_the_operator(dataset: Dataset, baseline: WasteRun,
                                                      indicator: str) -> None:
    modelled = baseline.series(indicator).loc[2025] * JAN_NOV
    published = _published(dataset, indicator)
    assert modelled == pytest.approx(published, rel=0.15), (indicator, modelled / 1e9)


def test_revenue_is_the_sum_of_payers_and_of_accounts(baseline: WasteRun) -> None:
    total = baseline.series("epr_revenue_kzt")
    payers = sum(baseline.series(f"epr_revenue_kzt.{p}") for p in
                 ("vehicle_producers", "importers", "other_producers", "packaging"))
    accounts = [i for i in baseline.table.indicator.unique()
                if i.startswith("epr_fee_kzt.") and "KZ" in set(
                    baseline.table[baseline.table.indicator == i].region)]
    by_account = sum(baseline.series(i) for i in accounts)
    assert np.allclose(total, payers)
    assert np.allclose(total, by_account)
    for group in ("cars_new", "farm_machinery", "tyres", "batteries", "electronics"):
        assert baseline.series(f"epr_fee_kzt.{group}").loc[2025] > 0, group


def test_packaging_fee_is_not_fitted_to_revenue(baseline: WasteRun) -> None:
    """Packaging K comes from Order No. 122 (E8): a few bn KZT, not the 115 bn of K = payouts."""
    packaging = baseline.series("epr_revenue_kzt.packaging").loc[2025]
    assert 3e9 < packaging < 30e9


def test_payouts_are_tied_to_verified_recycled_tonnes(baseline: WasteRun) -> None:
    recycled = baseline.series("epr_recycled_t.plastic").loc[2025]
    payout = baseline.series("epr_payout_kzt.plastic").loc[2025]
    assert payout == pytest.approx(recycled * (9.05 + 7.41 + 1.79) * 3932)
    tyres = baseline.series("epr_recycled_t.tyres").loc[2025]
    assert baseline.series("epr_payout_kzt.tyres").loc[2025] == pytest.approx(tyres * 13.5 * 3932)


def test_fund_balance_closes_every_year(baseline: WasteRun) -> None:
    s = baseline.series
    opening, closing = s("epr_fund_opening_kzt"), s("epr_fund_closing_kzt")
    assert opening.index.min() == 2022 and opening.loc[2022] == pytest.approx(220.6e9)
    years = opening.index
    flows = (s("epr_revenue_kzt").loc[years] - s("epr_refunds_kzt").loc[years]
             - s("epr_payouts_kzt").loc[years] - s("epr_fund_lending_kzt")
             - s("epr_fund_other_kzt"))
    assert np.allclose(opening + flows, closing, rtol=1e-12)
    assert np.allclose(opening.iloc[1:].to_numpy(), closing.iloc[:-1].to_numpy())


def test_broken_fund_balance_is_caught() -> None:
    years = np.array([2022, 2023])
    one = np.array([1.0e9, 1.0e9])
    zero = np.zeros(2)
    good = FundResult(np.array([5e9, 6e9]), one, zero, zero, zero, zero, np.array([6e9, 7e9]))
    check_fund(good, years)
    bad = FundResult(np.array([5e9, 6e9]), one, zero, zero, zero, zero, np.array([6e9, 7.5e9]))
    with pytest.raises(BalanceError, match="EPR fund balance does not close in 2023"):
        check_fund(bad, years)
    chained = FundResult(np.array([5e9, 6.5e9]), one, zero, zero, zero, zero,
                         np.array([6e9, 7.5e9]))
    with pytest.raises(BalanceError, match="opening balance in 2023 differs"):
        check_fund(chained, years)


def test_fee_change_scenario_raises_revenue_and_fundable_recycling(baseline: WasteRun) -> None:
    fee = run_scenario("epr-fee")
    for year in (2025, 2026):
        assert fee.series("epr_revenue_kzt").loc[year] == pytest.approx(
            baseline.series("epr_revenue_kzt").loc[year])
    assert fee.series("epr_revenue_kzt.packaging").loc[2030] > \
        5 * baseline.series("epr_revenue_kzt.packaging").loc[2030]
    fundable = fee.series("epr_fundable_recycling_t.plastic").loc[2030]
    assert fundable > 10 * fee.series("epr_recycled_t.plastic").loc[2030]


def _scenario_with_account(tmp_path: Path, **changes: object) -> Path:
    base = yaml.safe_load((Path(__file__).parents[2] / "src/arna/data/waste/scenarios/"
                           "baseline.yaml").read_text(encoding="utf-8"))
    epr = base["levers"]["epr"]
    epr["accounts"][0].update(changes)
    path = tmp_path / "acc.yaml"
    path.write_text(yaml.safe_dump({"name": "acc", "base": "baseline", "levers": {"epr": epr}}),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "where", "what"), [
    ({"domestic_share": [{"year": 2025, "value": 1.5, "source": "EST"}]},
     "levers.epr.accounts[0].domestic_share[0].value", "fraction in [0, 1]"),
    ({"placed_on_market": [{"year": 2025, "value": -10, "source": "EST"}]},
     "levers.epr.accounts[0].placed_on_market[0].value", "must be >= 0"),
    ({"name": "plastic"}, "levers.epr.accounts[0].name", "duplicate"),
    ({"kind": "litres"}, "levers.epr.accounts.0.kind", "'units' or 'tonnes'"),
])
def test_bad_epr_account(tmp_path: Path, change: dict[str, object], where: str,
                         what: str) -> None:
    path = _scenario_with_account(tmp_path, **change)
    with pytest.raises(DocumentError, match=r"acc\.yaml") as exc:
        run_scenario(path)
    paths = [p for p, _ in exc.value.problems]
    assert where.replace(".0.", "[0].") in paths or where in paths, paths
    assert any(what in m for _, m in exc.value.problems)


def test_vehicle_fee_per_car_matches_published_amounts(baseline: WasteRun) -> None:
    """50 MCI x 1.5 for cars <= 1,000 cm3: 229,725 KZT in 2022 (E11: 'from 229 thousand') and
    324,375 KZT in 2026 (E17: 'currently 324,000'); 11.5 for > 3,000 cm3: 1,761,225 (E11)."""
    epr = baseline.built.scenario.levers.epr
    assert epr is not None
    mci = {a.year: a.value for a in epr.mci_kzt}
    assert 50 * mci[2022] * 1.5 == pytest.approx(229_000, rel=0.01)
    assert 50 * mci[2022] * 11.5 == pytest.approx(1_761_000, rel=0.001)
    assert 50 * mci[2026] * 1.5 == pytest.approx(324_000, rel=0.01)
    cars = next(a for a in epr.accounts if a.name == "cars_new")
    assert cars.base_mci == 50
