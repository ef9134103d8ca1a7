from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from arna.errors import UnitError
from arna.schema.units import Dimension, check_unit, factors, static_factor, unit_dimension


def test_flow_units_to_internal_hm3_per_day() -> None:
    d = pd.DatetimeIndex(["2021-02-01", "2024-02-01", "2021-07-01"])
    assert_allclose(factors("m3/s", Dimension.FLOW, d), 0.0864)
    assert_allclose(factors("l/s", Dimension.FLOW, d), 0.0000864)
    assert_allclose(factors("hm3/month", Dimension.FLOW, d), [1 / 28, 1 / 29, 1 / 31])
    assert_allclose(factors("km3/year", Dimension.FLOW, d), [1000 / 365, 1000 / 366, 1000 / 365])
    assert_allclose(factors("m3/day", Dimension.FLOW, d), 1e-6)


def test_volume_units() -> None:
    assert static_factor("km3", Dimension.VOLUME) == 1000
    assert static_factor("m3", Dimension.VOLUME) == 1e-6


@pytest.mark.parametrize(("unit", "dim", "msg"), [
    ("hm3", Dimension.FLOW, "volume unit"),
    ("m3/s", Dimension.VOLUME, "flow unit"),
    ("parsecs", Dimension.FLOW, "unknown unit"),
])
def test_unit_errors(unit: str, dim: Dimension, msg: str) -> None:
    with pytest.raises(UnitError, match=msg):
        check_unit(unit, dim)


@pytest.mark.parametrize(("written", "canonical"), [
    ("km3/yr", "km3/year"), ("m³/s", "m3/s"), ("hm3 / month", "hm3/month"), ("m3/sec", "m3/s"),
    ("mm/d", "mm/day"), ("km³", "km3"), ("km²", "km2"),
])
def test_unit_spellings_read_back(written: str, canonical: str) -> None:
    dim = unit_dimension(canonical)
    assert dim is not None and unit_dimension(written) == dim
    check_unit(written, dim)
    assert_allclose(factors(written, dim, pd.DatetimeIndex(["2021-02-01"])),
                    factors(canonical, dim, pd.DatetimeIndex(["2021-02-01"])))
