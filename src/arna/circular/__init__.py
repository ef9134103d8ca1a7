"""Circular economy: a material-flow model of municipal solid waste (MSW) in Kazakhstan.

The public API::

    from arna.circular import run_scenario, load_dataset, bundled_scenarios
    result = run_scenario("epr-2030")
    result.table            # long table: year, region, indicator, value
    result.target_years()   # first year reaching 40% (Kazakh share), 55/60% (EU rate)
"""

from __future__ import annotations

from arna.circular.api import WasteRun, run_scenario
from arna.circular.dataset import NATIONAL, Dataset, load_dataset
from arna.circular.indicators import eu_recycling_rate, first_year_reaching
from arna.circular.model import FlowInputs, Flows, check_balance, run_flows
from arna.circular.scenario import bundled_scenarios, load_scenario

__all__ = [
    "NATIONAL",
    "Dataset",
    "FlowInputs",
    "Flows",
    "WasteRun",
    "bundled_scenarios",
    "check_balance",
    "eu_recycling_rate",
    "first_year_reaching",
    "load_dataset",
    "load_scenario",
    "run_flows",
    "run_scenario",
]
