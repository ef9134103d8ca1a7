"""Helpers shared by the indicator modules: series units, volumes per timestep, seasons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.errors import InputError
from arna.schema.units import flow_unit_factor

EPS = 1e-9
"""Relative tolerance below which a shortfall counts as none."""


def unit_of(res: Results, node: str, attribute: str) -> str:
    """The unit of one series (``KeyError`` if there is none)."""
    for n, a, u in res.series:
        if n == node and a == attribute:
            return u
    raise KeyError(f"no series {node}/{attribute}")


def require(res: Results, node: str, attribute: str) -> np.ndarray:
    """``(T, S)`` values of a series, or an :class:`InputError` naming what is missing."""
    if not res.has(node, attribute):
        raise InputError(f"the results have no series {node}/{attribute}; run the model that produced them")
    return res.get(node, attribute)


def rate_m3s(res: Results, node: str, attribute: str) -> np.ndarray:
    """``(T, S)`` flow of a series in m³/s, whatever flow unit the run reported."""
    v = require(res, node, attribute)
    unit = unit_of(res, node, attribute)
    return v if unit == "m3/s" else v * flow_unit_factor(unit) / flow_unit_factor("m3/s")


def volume_hm3(res: Results, node: str, attribute: str) -> np.ndarray:
    """``(T, S)`` volume of a flow series over each timestep, in hm³."""
    v = require(res, node, attribute)
    return v * flow_unit_factor(unit_of(res, node, attribute)) * days(res)[:, None]


def days(res: Results) -> np.ndarray:
    """Length of each timestep in days; an error if the results do not carry it."""
    d = np.asarray(res.days, dtype=float)
    if d.shape != (len(res.timesteps),):
        raise InputError("the results do not carry the length of their timesteps (days); rebuild them from a run")
    return d


def years(res: Results) -> float:
    """Length of the run in years of 365.25 days."""
    return float(days(res).sum()) / 365.25


def nodes_with(res: Results, attribute: str) -> list[str]:
    """Nodes that have a series ``attribute``, in the order of the results."""
    return [n for n, a, _ in res.series if a == attribute]


WINTER_MONTHS = (10, 11, 12, 1, 2, 3)
"""Winter season (October–March); summer is April–September."""


def season_of(timesteps: pd.DatetimeIndex) -> np.ndarray:
    """``"winter"`` (Oct–Mar) or ``"summer"`` (Apr–Sep) for each timestep, by the month it starts in."""
    month = np.asarray(timesteps.month)
    return np.where(np.isin(month, WINTER_MONTHS), "winter", "summer")
