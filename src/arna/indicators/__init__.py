"""Indicators: pure functions from results to tables."""

from arna.indicators.summary import annual_volume, demand_summary, summary_tables

__all__ = ["annual_volume", "demand_summary", "summary_tables"]
