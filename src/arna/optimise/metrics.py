"""The indicators a problem can optimise or constrain: results in, one value per scenario out.

Each is measured over the nodes and calendar months a :class:`~arna.optimise.problem.Measure` names:

============ ===================================================== ==============
indicator    value                                                 unit
============ ===================================================== ==============
energy       hydropower energy of the plants                       GWh/yr
energy_value that energy at each plant's seasonal ``price``        million USD/yr
deficit      demand − delivered at the demands                     km³/yr
delivered    water delivered to the demands                        km³/yr
demand       water demanded                                        km³/yr
coverage     Σ delivered / Σ demand (1 where nothing is demanded)  fraction
reliability  mean over the demands of the share of active steps    fraction
             met (Hashimoto et al. 1982, docs/indicators.md)
flow         flow through the nodes (a terminal's inflow, border)  km³/yr
series       mean of any result series ``attribute`` (volume …)    its unit
============ ===================================================== ==============

Yearly figures are totals over the months counted divided by the run's length in years, so a
winter objective is the mean winter energy of a year. The scenario values are then aggregated
(:func:`aggregate`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from arna.engine.results import Results
from arna.errors import InputError
from arna.indicators._common import require, volume_hm3, years
from arna.indicators.performance import hashimoto
from arna.optimise.problem import Measure, Percentile

__all__ = ["INDICATORS", "aggregate", "measure"]


def _mask(res: Results, m: Measure) -> np.ndarray:
    return np.isin(np.asarray(res.timesteps.month), m.month_set)


def _volume(res: Results, m: Measure, attribute: str) -> np.ndarray:
    mask = _mask(res, m)
    total = sum((volume_hm3(res, n, attribute)[mask].sum(axis=0) for n in m.nodes), np.zeros(len(res.scenarios)))
    return total / 1e3 / years(res)


def _energy(res: Results, m: Measure) -> np.ndarray:
    mask = _mask(res, m)
    total = sum((require(res, n, "energy")[mask].sum(axis=0) for n in m.nodes), np.zeros(len(res.scenarios)))
    return total / years(res)


def _energy_value(res: Results, m: Measure) -> np.ndarray:
    mask = _mask(res, m)
    total = sum(((require(res, n, "energy") * require(res, n, "price"))[mask].sum(axis=0) for n in m.nodes),
                np.zeros(len(res.scenarios)))
    return total * 1e3 / 1e6 / years(res)  # GWh × USD/MWh → million USD


def _coverage(res: Results, m: Measure) -> np.ndarray:
    need, got = _volume(res, m, "demand"), _volume(res, m, "delivered")
    return np.where(need > 0, got / np.where(need > 0, need, 1.0), 1.0)


def _reliability(res: Results, m: Measure) -> np.ndarray:
    mask = _mask(res, m)
    days = np.asarray(res.days, dtype=float)[mask]
    out = np.zeros(len(res.scenarios))
    for n in m.nodes:
        need, got = require(res, n, "demand")[mask], require(res, n, "delivered")[mask]
        out += [hashimoto(need[:, k], got[:, k], days)["reliability"] for k in range(len(res.scenarios))]
    return out / len(m.nodes)


def _series(res: Results, m: Measure) -> np.ndarray:
    assert m.attribute is not None
    mask = _mask(res, m)
    return np.mean([require(res, n, m.attribute)[mask].mean(axis=0) for n in m.nodes], axis=0)


INDICATORS: dict[str, Callable[[Results, Measure], np.ndarray]] = {
    "energy": _energy,
    "energy_value": _energy_value,
    "deficit": lambda res, m: _volume(res, m, "deficit"),
    "delivered": lambda res, m: _volume(res, m, "delivered"),
    "demand": lambda res, m: _volume(res, m, "demand"),
    "coverage": _coverage,
    "reliability": _reliability,
    "flow": lambda res, m: _volume(res, m, "flow"),
    "series": _series,
}
"""Indicator name → function of (results, measure) giving ``(S,)`` values."""


def measure(res: Results, m: Measure) -> np.ndarray:
    """``(S,)`` values of ``m`` in each scenario of ``res``."""
    if not np.isin(np.asarray(res.timesteps.month), m.month_set).any():
        raise InputError(f"{m.name}: the run has no timestep in months {list(m.month_set)}")
    return np.asarray(INDICATORS[m.indicator](res, m), dtype=float)


def aggregate(values: np.ndarray, how: str | Percentile, sense: str = "min") -> float:
    """One value from the scenario values: mean, min, max, worst/best for the ``sense``, or a percentile.

    >>> aggregate(np.array([1.0, 3.0, 2.0]), "worst", "max")
    1.0
    >>> aggregate(np.array([1.0, 3.0, 2.0]), Percentile(percentile=50))
    2.0
    """
    if isinstance(how, Percentile):
        return float(np.percentile(values, how.percentile))
    if how in {"worst", "best"}:
        how = "min" if (how == "worst") == (sense == "max") else "max"
    reducers: dict[str, Callable[[np.ndarray], float]] = {"mean": np.mean, "min": np.min, "max": np.max}
    return float(reducers[how](values))
