"""Indicators: pure functions from results (and the model document) to tables.

See docs/indicators.md for the definitions and formulas.
"""

from arna.indicators.balance import balance_by_term, balance_closure, water_balance
from arna.indicators.performance import demand_performance, hashimoto
from arna.indicators.sdg import (
    water_stress,
    water_stress_run,
    water_use_efficiency,
    water_use_efficiency_run,
    withdrawals_by_sector,
)
from arna.indicators.summary import annual_volume, demand_summary, summary_tables
from arna.indicators.targets import energy_by_season, environmental_flow_compliance, terminal_inflow
from arna.indicators.transboundary import (
    agreement_compliance,
    agreement_periods,
    border_flows_annual,
    border_flows_monthly,
    flow_origin,
    formed_inside_outside,
)

__all__ = [
    "agreement_compliance",
    "agreement_periods",
    "annual_volume",
    "balance_by_term",
    "balance_closure",
    "border_flows_annual",
    "border_flows_monthly",
    "demand_performance",
    "demand_summary",
    "energy_by_season",
    "environmental_flow_compliance",
    "flow_origin",
    "formed_inside_outside",
    "hashimoto",
    "summary_tables",
    "terminal_inflow",
    "water_balance",
    "water_stress",
    "water_stress_run",
    "water_use_efficiency",
    "water_use_efficiency_run",
    "withdrawals_by_sector",
]
