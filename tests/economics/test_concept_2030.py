"""The bundled concept-2030 plan runs on the Syr Darya model and raises the Small Aral inflow."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from arna.cli.main import main
from arna.data.registry import resolve_model
from arna.economics.plan import load_plan
from tests.report.test_translations import english_left

PLAN = resolve_model("syr-darya").parent / "concept-2030.yaml"


def test_concept_2030_runs_and_raises_the_small_aral_inflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, fig, rep = tmp_path / "c.csv", tmp_path / "c.svg", tmp_path / "c.html"
    code = main(["appraise", "syr-darya", "--measures", str(PLAN), "-o", str(out), "--figure", str(fig),
                 "--report", str(rep), "--budget", "3e8", "--lang", "kk"])
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out).set_index("name")
    # the Small Aral is a lake: its inflow by its own balance (spill, evaporation, storage change);
    # the South Aral, fed only by its spill, is counted with it
    aral = "inflow_change_m3_per_year:Small Aral Sea"
    assert "inflow_change_m3_per_year:South Aral Sea" not in table.columns
    together = table[aral].to_numpy(dtype=float)[list(table.index).index("all together")]
    assert together > 100e6  # more than 0.1 km3/yr more to the Small Aral
    assert (table["gross_saving_m3_per_year"] > 0).all()
    assert (table["net_saving_m3_per_year"] > 0).all()
    drip = table.loc["turkistan-drip"]  # part of what drip saves was return flow to the river
    assert drip["net_saving_m3_per_year"] < drip["gross_saving_m3_per_year"]
    # both views: the gravity tariff on the water bought, cotton's value per m3 of need on the water depleted
    pumped = table.index == "maktaaral-drip"  # Maktaaral's marginal water is pumped (Dostyk canal first)
    assert table.loc[pumped, "tariff_per_m3"].to_numpy() == pytest.approx([27.8])
    assert table.loc[~pumped & (table.index != "all together"), "tariff_per_m3"].to_numpy() == pytest.approx(0.665)
    assert table.loc[~pumped & (table.index != "all together"), "tariff_proposed_per_m3"].to_numpy() == \
        pytest.approx(1.436)
    cotton = 2.43 * 225_000 / 8250
    assert table.loc["kyzylkum-canal-lining", "economic_value_growing_per_m3"] == pytest.approx(cotton)
    assert table.loc["kyzylorda-laser-levelling", "economic_value_per_m3"] < cotton  # rice and other crops
    assert table.loc["all together", "investment"] == pytest.approx(table["investment"].iloc[:-1].sum())
    text = rep.read_text(encoding="utf-8")  # in Kazakh: no English but the plan's citations
    assert "Кіші Арал теңізі" in text and text.count("<svg") == 2
    assert "Қаржылық және экономикалық бағалау" in text and "теңге, 2024 жылғы бағамен" in text
    assert "Қызылорда күріш алқаптарын лазермен тегістеу" in text and "Тамшылатып суару" in text
    assert english_left(text, _citations()) == []
    assert "Small Aral Sea:" in capsys.readouterr().out  # a terminal lake: its inflow by its own balance


def _citations() -> set[str]:
    """What the plan quotes as written: its sources (keys and texts), the measures' notes, the figures' source keys."""
    plan = load_plan(PLAN)
    assert plan.economic is not None and plan.financial is not None and plan.exchange_rate is not None
    out = set(plan.sources) | set(plan.sources.values()) | {m.note for m in plan.measures if m.note}
    figures = [f for c in plan.economic.crops.values() for f in (c.yield_t_per_ha, c.price_per_t, c.water_m3_per_ha)]
    figures += [t.current for t in plan.financial.tariffs.values()]
    return out | {f.source for f in figures} | {plan.exchange_rate.source}


def test_plan_by_name_next_to_the_bundled_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["appraise", "syr-darya", "--measures", "no-such-plan"]) == 2
    assert "concept-2030" in capsys.readouterr().err
