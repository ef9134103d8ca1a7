"""The known-front problem: a reservoir and two demands (data/split.yaml, data/split-problem.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from arna.optimise.api import prepare
from arna.optimise.evaluate import Context

DATA = Path(__file__).parent / "data"
PROBLEM = DATA / "split-problem.yaml"
MODEL = DATA / "split.yaml"
YEAR_KM3 = 10 * 86_400 * 365.25 / 1e9
"""10 m³/s for a year, in km³: the inflow, and each demand (indicators count years of 365.25 days)."""


@pytest.fixture
def ctx() -> Context:
    return prepare(PROBLEM)
