"""Indicators: pure functions from results (and the model document) to tables.

See docs/indicators.md for the definitions and formulas.
"""

from arna.indicators.balance import balance_by_term, balance_closure, water_balance
from arna.indicators.energy import energy_value_by_season, energy_water_swap, swap_for, swap_summary
from arna.indicators.fairness import coverage_by_demand, coverage_by_group, head_tail, shortage_spread
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
    "coverage_by_demand",
    "coverage_by_group",
    "demand_performance",
    "demand_summary",
    "energy_by_season",
    "energy_value_by_season",
    "energy_water_swap",
    "environmental_flow_compliance",
    "flow_origin",
    "formed_inside_outside",
    "hashimoto",
    "head_tail",
    "shortage_spread",
    "summary_tables",
    "swap_for",
    "swap_summary",
    "terminal_inflow",
    "water_balance",
    "water_stress",
    "water_stress_run",
    "water_use_efficiency",
    "water_use_efficiency_run",
    "withdrawals_by_sector",
]
