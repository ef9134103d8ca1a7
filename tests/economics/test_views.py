"""The financial view (tariffs) and the economic view (crop values by season) of a basin appraisal."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from arna.cli.main import main
from arna.economics import finance
from arna.economics.basin import ALL, appraise_plan
from arna.economics.basin_report import render_appraisal_report
from arna.economics.catalogue import load_catalogue
from arna.economics.plan import plan_from_data
from arna.economics.values import CropValue, month_value, season_value
from arna.errors import DocumentError
from arna.schema.load import model_from_mapping
from tests.economics.test_basin import DRIP_UPSTREAM, TWO_FARMS

DAY = 86_400.0
YEARS = 365 / 365.25  # the run covers 2021, 365 days, in years of 365.25 days
GROWING_DAYS = 30 + 31 + 30 + 31 + 31 + 30  # April-September 2021


def _fig(value: float, source: str = "S") -> dict[str, Any]:
    return {"value": value, "source": source}


GRASS: dict[str, Any] = {  # 10 t/ha × 5,000 KZT/t ÷ 10,000 m³/ha = 5 KZT/m³, needed April–September only
    "yield_t_per_ha": _fig(10), "price_per_t": _fig(5000), "water_m3_per_ha": _fig(10000),
    "water_by_month": {m: 1 / 6 for m in range(4, 10)}, "water_by_month_source": "S",
}

MONEY: dict[str, Any] = {
    "currency": "KZT", "price_year": 2024,
    "exchange_rate": {"per_usd": 458.7, "year": 2024, "source": "S"},
    "sources": {"S": "test source"},
    "financial": {
        "tariffs": {"gravity": {"unit": "KZT/m3", "current": _fig(0.665), "proposed": _fig(1.436)},
                    "pumped": {"unit": "KZT/m3", "current": _fig(27.8), "proposed": _fig(59.2)}},
        "default": "gravity",
    },
    "economic": {"crops": {"grass": GRASS}, "demands": {"upstream farm": {"grass": 1.0}}},
}


def _plan(**changes: Any) -> dict[str, Any]:
    plan = {**copy.deepcopy(DRIP_UPSTREAM), **copy.deepcopy(MONEY)}
    plan.update(changes)
    return plan


def _run(plan: dict[str, Any], **kwargs: Any) -> Any:
    doc = model_from_mapping(copy.deepcopy(TWO_FARMS), "two-farms.yaml")
    return appraise_plan(doc, plan_from_data(plan, "plan.yaml"), plan_source="plan.yaml", discount_rate=0.08,
                         **kwargs)


def test_both_views_by_hand() -> None:
    """Drip on the upstream farm saves 20 m³/s gross and 10 m³/s net all year (see test_basin).

    Financial: 20 m³/s bought no more, at the gravity tariff 0.665 KZT/m³ (1.436 proposed).
    Economic: the 10 m³/s net saving is worth 5 KZT/m³ from April to September, when the grass
    needs water, and nothing in the other months.
    """
    result = _run(_plan())
    row = result.table.set_index("name").loc["drip-up"]
    gross_m3 = 20 * 365 * DAY / YEARS
    growing_m3 = 10 * GROWING_DAYS * DAY / YEARS
    assert row["tariff_per_m3"] == pytest.approx(0.665)
    assert row["financial_benefit_per_year"] == pytest.approx(0.665 * gross_m3, rel=1e-6)
    assert row["financial_benefit_proposed_per_year"] == pytest.approx(1.436 * gross_m3, rel=1e-6)
    assert row["net_saving_growing_m3_per_year"] == pytest.approx(growing_m3, rel=1e-6)
    assert row["economic_value_growing_per_m3"] == pytest.approx(5.0)
    assert row["economic_value_non_growing_per_m3"] == pytest.approx(0.0)
    assert row["economic_benefit_per_year"] == pytest.approx(5.0 * growing_m3, rel=1e-6)
    investment, om = 917_000 * 50_000, 55_000 * 50_000  # bundled drip: KZT/ha, 10 years
    apv = finance.annuity_present_value_factor(0.08, 10)
    assert row["investment"] == pytest.approx(investment)
    assert row["financial_npv"] == pytest.approx(-investment + (0.665 * gross_m3 - om) * apv, rel=1e-6)
    assert row["financial_npv_proposed"] == pytest.approx(-investment + (1.436 * gross_m3 - om) * apv, rel=1e-6)
    assert row["npv"] == pytest.approx(-investment + (5.0 * growing_m3 - om) * apv, rel=1e-6)
    together = result.table.set_index("name").loc[ALL]
    assert together["financial_npv"] == pytest.approx(row["financial_npv"])
    assert result.economic_basis == "crop values"


def test_a_demand_on_pumped_supply_pays_the_pumped_tariff() -> None:
    plan = _plan()
    plan["financial"]["supply"] = {"upstream farm": "pumped"}
    row = _run(plan).table.set_index("name").loc["drip-up"]
    gross_m3 = 20 * 365 * DAY / YEARS
    assert row["tariff_per_m3"] == pytest.approx(27.8)
    assert row["tariff_proposed_per_m3"] == pytest.approx(59.2)
    assert row["financial_benefit_per_year"] == pytest.approx(27.8 * gross_m3, rel=1e-6)


def test_the_canal_tariff_applies_to_the_demand_it_feeds() -> None:
    data = copy.deepcopy(TWO_FARMS)
    data["nodes"].insert(1, {"name": "pump canal", "type": "canal", "loss": 0.5})
    data["edges"] = [["river", "pump canal"], ["pump canal", "upstream farm"], *data["edges"][1:]]
    plan = _plan(measures=[{"name": "lining", "measure": "canal-lining", "demand": "upstream farm",
                            "irrigated_area_ha": 1000}])
    plan["financial"]["supply"] = {"pump canal": "pumped", "upstream farm": "gravity"}
    doc = model_from_mapping(data, "m.yaml")
    row = appraise_plan(doc, plan_from_data(plan)).table.set_index("name").loc["lining"]
    assert row["tariff_per_m3"] == pytest.approx(27.8)
    assert row["financial_benefit_per_year"] == pytest.approx(27.8 * row["gross_saving_m3_per_year"])


def _crop(yield_t: float, price: float, water: float, months: dict[int, float],
          costs: float | None = None) -> CropValue:
    data: dict[str, Any] = {"yield_t_per_ha": _fig(yield_t), "price_per_t": _fig(price),
                            "water_m3_per_ha": _fig(water), "water_by_month": months, "water_by_month_source": "S"}
    if costs is not None:
        data["other_costs_per_ha"] = _fig(costs)
    return CropValue.model_validate(data)


def test_shadow_value_by_crop_and_season() -> None:
    cotton = _crop(2.43, 225_000, 8250, {4: .03, 5: .09, 6: .22, 7: .28, 8: .23, 9: .11, 10: .04})
    rice = _crop(5.5, 128_000, 18_000, {5: .26, 6: .21, 7: .23, 8: .20, 9: .10})
    wheat = _crop(2.1, 120_000, 4900, {3: .08, 4: .21, 5: .39, 6: .25})  # adds up to 0.93: normalised
    assert cotton.value_per_m3() == pytest.approx(2.43 * 225_000 / 8250)  # 66.3 KZT/m³
    assert rice.value_per_m3() == pytest.approx(5.5 * 128_000 / 18_000)  # 39.1
    assert _crop(2.43, 225_000, 8250, {7: 1.0}, costs=300_000).value_per_m3() == pytest.approx(
        (2.43 * 225_000 - 300_000) / 8250)
    assert wheat.season_share("non-growing") == pytest.approx(0.08 / 0.93)
    crops = {"cotton": cotton, "rice": rice, "wheat": wheat}
    mix = {"rice": 0.4, "wheat": 0.6}
    # July: rice alone needs water; April: wheat alone; March: wheat; December: nobody
    assert month_value(crops, mix, 7) == pytest.approx(rice.value_per_m3())
    assert month_value(crops, mix, 4) == pytest.approx(wheat.value_per_m3())
    assert month_value(crops, mix, 12) == 0.0
    assert month_value(crops, mix, 12, off_season=1.5) == 1.5
    # May: requirement-weighted by area share × need per ha × month share
    w_rice, w_wheat = 0.4 * 18_000 * 0.26, 0.6 * 4900 * 0.39 / 0.93
    may = (w_rice * rice.value_per_m3() + w_wheat * wheat.value_per_m3()) / (w_rice + w_wheat)
    assert month_value(crops, mix, 5) == pytest.approx(may)
    assert season_value(crops, {"cotton": 1.0}, "non-growing") == pytest.approx(cotton.value_per_m3())
    assert season_value(crops, {"rice": 1.0}, "non-growing") == 0.0  # rice needs nothing October–March


def test_growing_season_water_is_worth_more_than_winter_water() -> None:
    row = _run(_plan()).table.set_index("name").loc["drip-up"]
    assert row["net_saving_non_growing_m3_per_year"] > 0  # the farm saves in winter too …
    assert row["economic_value_growing_per_m3"] > row["economic_value_non_growing_per_m3"]  # … but it is worth less


def test_override_is_labelled(tmp_path: Path) -> None:
    plan = _plan(water_value_override={"value_per_m3": 3.0, "note": "sensitivity test"})
    result = _run(plan)
    row = result.table.set_index("name").loc["drip-up"]
    assert row["economic_value_per_m3"] == 3.0
    assert result.economic_basis == "override"
    html = render_appraisal_report(result)
    assert "OVERRIDE" in html and "sensitivity test" in html
    assert _run(_plan(), water_value_per_m3=2.0).economic_basis == "override"


def test_the_report_shows_both_views() -> None:
    html = render_appraisal_report(_run(_plan()))
    for text in ("Financial and economic views", "financial NPV now (M KZT)", "financial NPV proposed (M KZT)",
                 "economic NPV (M KZT)", "value growing / non-growing (KZT/m³)", "KZT at 2024 prices",
                 "458.7 KZT/USD (2024)", "tariff &#x27;gravity&#x27; 0.665 KZT/m3", "grass 5.0 KZT/m3"):
        assert text in html, text


def test_cli_prints_both_views(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m, p = tmp_path / "m.yaml", tmp_path / "p.yaml"
    m.write_text(yaml.safe_dump(copy.deepcopy(TWO_FARMS)), encoding="utf-8")
    p.write_text(yaml.safe_dump(_plan()), encoding="utf-8")
    assert main(["appraise", str(m), "--measures", str(p)]) == 0
    out = capsys.readouterr().out
    assert "fin.: financial view" in out and "econ.: economic view" in out and "KZT at 2024 prices" in out
    assert "Money in millions (M) of KZT" in out
    assert "Exchange rate: 458.7 KZT/USD (2024)" in out


def _problems(plan: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(DocumentError) as err:
        _run(plan)
    assert err.value.source == "plan.yaml"
    return dict(err.value.problems)


def test_unknown_crop_is_rejected_with_its_path() -> None:
    plan = _plan()
    plan["economic"]["demands"]["upstream farm"] = {"rize": 1.0}
    assert "unknown crop 'rize'" in _problems(plan)["economic.demands.upstream farm.rize"]


def test_negative_price_is_rejected_with_its_path() -> None:
    plan = _plan()
    plan["economic"]["crops"]["grass"]["price_per_t"]["value"] = -5
    assert "greater than or equal to 0" in _problems(plan)["economic.crops.grass.price_per_t.value"]


def test_tariff_without_unit_or_in_another_currency_is_rejected() -> None:
    plan = _plan()
    del plan["financial"]["tariffs"]["pumped"]["unit"]
    assert "required" in _problems(plan)["financial.tariffs.pumped.unit"].lower()
    plan["financial"]["tariffs"]["pumped"]["unit"] = "KZT"
    assert "pattern" in _problems(plan)["financial.tariffs.pumped.unit"]
    plan["financial"]["tariffs"]["pumped"]["unit"] = "USD/m3"
    assert "plan's currency is KZT" in _problems(plan)["financial.tariffs.pumped.unit"]
    plan = _plan(currency=None)
    assert "currency" in _problems(plan)


def test_references_to_the_model_and_sources_are_checked() -> None:
    plan = _plan()
    plan["financial"]["supply"] = {"no such canal": "gravity", "upstream farm": "solar"}
    plan["economic"]["demands"]["sea"] = {"grass": 1.0}
    plan["economic"]["crops"]["grass"]["yield_t_per_ha"]["source"] = "NOPE"
    problems = _problems(plan)
    assert "unknown tariff 'solar'" in problems["financial.supply.upstream farm"]
    assert "unknown source 'NOPE'" in problems["economic.crops.grass.yield_t_per_ha.source"]
    plan["financial"]["supply"] = {"no such canal": "gravity"}
    plan["economic"]["crops"]["grass"]["yield_t_per_ha"]["source"] = "S"
    problems = _problems(plan)
    assert "not a demand, canal or diversion" in problems["financial.supply.no such canal"]
    assert "not a demand node" in problems["economic.demands.sea"]


def test_a_treated_demand_needs_a_tariff_and_a_crop_mix() -> None:
    plan = _plan()
    del plan["financial"]["default"]
    plan["economic"]["demands"] = {}
    with pytest.raises(DocumentError) as err:
        _run(plan)
    messages = [msg for path, msg in err.value.problems if path == "measures[0].demand"]
    assert any("no tariff applies to 'upstream farm'" in m for m in messages)
    assert any("no crop mix for 'upstream farm'" in m for m in messages)


def test_the_old_single_water_value_is_refused_with_a_pointer() -> None:
    plan = _plan(water_value_per_m3=0.15)
    assert "water_value_override" in _problems(plan)["water_value_per_m3"]


def test_cli_bad_money_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan()
    plan["economic"]["crops"]["grass"]["price_per_t"]["value"] = -1
    m, p = tmp_path / "m.yaml", tmp_path / "p.yaml"
    m.write_text(yaml.safe_dump(copy.deepcopy(TWO_FARMS)), encoding="utf-8")
    p.write_text(yaml.safe_dump(plan), encoding="utf-8")
    assert main(["appraise", str(m), "--measures", str(p)]) == 2
    err = capsys.readouterr().err
    assert str(p) in err and "economic.crops.grass.price_per_t.value" in err and "Traceback" not in err


def test_plan_and_catalogue_currencies_must_agree() -> None:
    plan = _plan(currency="USD")
    plan["financial"]["tariffs"] = {"gravity": {"unit": "USD/m3", "current": _fig(0.0015)}}
    assert "catalogue's costs are in KZT" in _problems(plan)["currency"]
    assert load_catalogue().currency == "KZT"


def test_negative_override_on_the_command_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m, p = tmp_path / "m.yaml", tmp_path / "p.yaml"
    m.write_text(yaml.safe_dump(copy.deepcopy(TWO_FARMS)), encoding="utf-8")
    p.write_text(yaml.safe_dump(_plan()), encoding="utf-8")
    assert main(["appraise", str(m), "--measures", str(p), "--water-value", "-1"]) == 2
    assert "--water-value -1" in capsys.readouterr().err


def test_an_irrigation_scheme_demand_gets_its_crop_mix_from_the_scheme() -> None:
    """Cotton 10,000 ha and rice 5,000 ha in the scheme: no need to list the demand's mix."""
    from arna.economics.basin import crop_mixes
    from tests.economics.test_basin import _scheme_model

    doc = model_from_mapping(_scheme_model(), "m.yaml")
    rice = {**GRASS, "price_per_t": _fig(2500), "water_by_month": {m: 0.2 for m in range(5, 10)}}
    plan = plan_from_data({**copy.deepcopy(MONEY), "name": "p", "economic": {"crops": {"cotton": GRASS, "rice": rice}},
                           "measures": [{"name": "m", "measure": "drip", "demand": "farm", "crops": ["cotton"],
                                         "adoption": {"share": 0.5}}]})
    mixes = crop_mixes(plan, doc)
    assert mixes is not None
    assert mixes.demands["farm"] == pytest.approx({"cotton": 2 / 3, "rice": 1 / 3})
    row = appraise_plan(doc, plan).table.set_index("name").loc["m"]
    # the net saving falls in months in which both crops need water (5 and 2.5 KZT/m3) or only cotton
    assert 2.5 < row["economic_value_per_m3"] <= 5.0
    without_rice = copy.deepcopy(plan.model_dump(exclude_none=True))
    del without_rice["economic"]["crops"]["rice"]
    with pytest.raises(DocumentError, match="no crop mix for 'farm'"):
        appraise_plan(doc, plan_from_data(without_rice))


def test_cost_curve_lines_are_the_economic_value_and_the_tariffs_paid() -> None:
    from arna.economics.basin_report import reference_lines

    lines = dict(reference_lines(_run(_plan())))
    assert lines == pytest.approx({"economic value, plan mean": lines["economic value, plan mean"],
                                   "gravity tariff, current": 0.665, "gravity tariff, proposed": 1.436})
