"""Border flows, agreement compliance and the origin of flows, by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from arna.errors import DocumentError
from arna.indicators.transboundary import (
    agreement_compliance,
    agreement_periods,
    border_flows_annual,
    border_flows_monthly,
    flow_origin,
    formed_inside_outside,
    inflow_countries,
)
from arna.schema.document import ModelDocument
from tests.indicators.helpers import results

HM3 = 86_400 / 1e6


def _doc(agreements: list[dict[str, Any]] | None = None, border_agreement: str | None = None) -> ModelDocument:
    border: dict[str, Any] = {"name": "border", "type": "border", "upstream_country": "Uzbekistan",
                              "downstream_country": "Kazakhstan"}
    if border_agreement:
        border["agreement"] = border_agreement
    return ModelDocument.model_validate({
        "name": "syr", "timestepper": {"start": "2021-01-01", "end": "2022-12-01"},
        "metadata": {"agreements": agreements or []},
        "nodes": [{"name": "naryn", "type": "inflow", "flow": 10},
                  {"name": "local", "type": "inflow", "flow": 1, "country": "Kazakhstan"},
                  border, {"name": "sea", "type": "terminal"}],
        "edges": [["naryn", "border"], ["border", "sea"], ["local", "sea"]],
    })


def _flow(times: pd.DatetimeIndex) -> np.ndarray:
    # 40 m³/s in the growing season of 2021, but 20 in July 2021; 40 throughout 2022
    f = np.full(len(times), 40.0)
    f[(times.year == 2021) & (times.month == 7)] = 20.0
    return f


def _res() -> Any:
    times = pd.date_range("2021-01-01", periods=24, freq="MS")
    return results({("naryn", "flow"): np.full(24, 10.0), ("local", "flow"): np.full(24, 1.0),
                    ("border", "flow"): _flow(times), ("sea", "flow"): _flow(times) + 1})


def test_monthly_and_annual_border_flows() -> None:
    res = _res()
    m = border_flows_monthly(_doc(), res)
    assert len(m) == 24 and m.loc[6, "flow_m3s"] == 20.0
    assert m.loc[6, "volume_hm3"] == pytest.approx(20 * 31 * HM3)
    a = border_flows_annual(_doc(), res).set_index("year")
    assert a.loc[2021, "volume_km3"] == pytest.approx((40 * 365 - 20 * 31) * HM3 / 1e3)
    assert a.loc[2022, "mean_flow_m3s"] == pytest.approx(40.0)
    assert bool(a.loc[2022, "complete"])


def test_min_flow_schedule() -> None:
    doc = _doc([{"border": "border", "name": "protocol",
                 "periods": [{"name": "summer", "months": [4, 5, 6, 7, 8, 9], "min_flow": "30 m3/s"}]}])
    detail = agreement_periods(doc, _res())
    assert list(detail["met"]) == [False, True]
    assert detail.loc[0, "short_hm3"] == pytest.approx(10 * 31 * HM3)
    c = agreement_compliance(doc, _res()).iloc[0]
    assert c["periods"] == 2 and c["periods_met"] == 1
    assert c["volume_short_hm3"] == pytest.approx(10 * 31 * HM3)
    assert c["worst_month"] == pd.Timestamp("2021-07-01")
    assert c["worst_shortfall_m3s"] == pytest.approx(10.0)


def test_min_volume_schedule_wrapping_the_new_year() -> None:
    # winter Oct 2021–Mar 2022 is the only whole winter in the run: 40 m³/s over 182 days
    winter_volume = 40 * 182 * HM3
    doc = _doc([{"border": "border", "periods": [
        {"name": "winter", "months": [10, 11, 12, 1, 2, 3], "min_volume": f"{(winter_volume + 100) / 1e3} km3"},
        {"name": "year", "months": list(range(1, 13)), "min_volume": "1000 hm3"}]}])
    detail = agreement_periods(doc, _res())
    winter = detail[detail["period"] == "winter"]
    assert len(winter) == 1 and winter.iloc[0]["start"] == pd.Timestamp("2021-10-01")
    assert not winter.iloc[0]["met"]
    assert winter.iloc[0]["short_hm3"] == pytest.approx(100.0)
    assert detail[detail["period"] == "year"]["met"].all()
    c = agreement_compliance(doc, _res()).iloc[0]
    assert (c["periods"], c["periods_met"]) == (3, 2)
    assert c["volume_short_hm3"] == pytest.approx(100.0)


def test_node_agreement_is_checked_month_by_month() -> None:
    times = pd.date_range("2021-01-01", periods=24, freq="MS")
    res = results({("naryn", "flow"): np.full(24, 10.0), ("local", "flow"): np.full(24, 1.0),
                   ("border", "flow"): _flow(times), ("border", "agreement"): np.full(24, 25.0)})
    c = agreement_compliance(_doc(border_agreement="25 m3/s"), res).iloc[0]
    assert (c["periods"], c["periods_met"]) == (24, 23)
    assert c["volume_short_hm3"] == pytest.approx(5 * 31 * HM3)


def test_bad_schedule_names_the_path() -> None:
    doc = _doc([{"border": "nowhere", "periods": [{"months": [1], "min_flow": "1 m3/s", "min_volume": "1 hm3"}]}])
    with pytest.raises(DocumentError) as err:
        agreement_periods(doc, _res())
    assert "metadata.agreements[0]" in str(err.value)


def test_flow_origin() -> None:
    doc = _doc()
    assert inflow_countries(doc) == {"naryn": "Uzbekistan", "local": "Kazakhstan"}
    res = _res()
    years = 730 / 365.25
    o = flow_origin(doc, res).set_index("country")
    assert o.loc["Uzbekistan", "volume_km3_per_year"] == pytest.approx(10 * 730 * HM3 / 1e3 / years)
    s = formed_inside_outside(doc, res).iloc[0]
    assert s["outside_share"] == pytest.approx(10 / 11)
    assert s["inside_km3_per_year"] == pytest.approx(1 * 730 * HM3 / 1e3 / years)
