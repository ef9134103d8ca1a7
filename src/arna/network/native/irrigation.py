"""Irrigation-scheme demands: the scheme's canal-head demand as a demand series.

A :class:`~arna.schema.nodes.DemandNode` may give ``irrigation`` (crops × areas ×
methods + climate, :mod:`arna.hydrology.irrigation`) instead of ``demand``. The demand
per timestep is then the scheme's gross demand at the canal head (the month's rate,
averaged over the days of the timestep), and unless the node sets
``consumptive_fraction`` it is one minus the scheme's return-flow share over a year.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from arna.errors import DocumentError, InputError
from arna.hydrology.irrigation import IrrigationScheme, load_scheme, scheme_demand
from arna.schema.nodes import DemandNode, IrrigationSchemeFile


def resolve_scheme(node: DemandNode, source: str | Path, path: str) -> IrrigationScheme:
    """The node's scheme; a ``{file: …}`` is read relative to the model document ``source``."""
    spec = node.irrigation
    if isinstance(spec, IrrigationScheme):
        return spec
    if not isinstance(spec, IrrigationSchemeFile):
        raise DocumentError(source, [(path, "this demand has no irrigation scheme")])
    file = Path(spec.file)
    if not file.is_absolute():
        file = Path(source).parent / file
    if not file.is_file():
        raise DocumentError(source, [(f"{path}.file", f"irrigation scheme file {file} not found; "
                                                      "the path is relative to the model document")])
    return load_scheme(file)


def return_share(scheme: IrrigationScheme) -> float:
    """Return flow ÷ gross demand over a typical year (0 if the scheme takes nothing)."""
    year = scheme_demand(scheme).sum()
    gross = float(year["gross_demand_hm3"])
    return float(year["return_flow_hm3"]) / gross if gross > 0 else 0.0


def consumptive_fraction(node: DemandNode, scheme: IrrigationScheme, source: str | Path, path: str) -> float:
    """The node's own ``consumptive_fraction`` if set, else ``1 − return share`` of the scheme."""
    if "consumptive_fraction" in node.model_fields_set:
        return node.consumptive_fraction
    cf = min(max(1.0 - return_share(scheme), 0.0), 1.0)
    if cf < 1.0 and node.return_to is None:
        raise DocumentError(source, [(f"{path}.return_to", (
            f"the irrigation scheme returns {1.0 - cf:.1%} of what it takes: give return_to (where the "
            "return flow goes), or set consumptive_fraction: 1 to let it leave the basin"))])
    return cf


def daily_rate_hm3(scheme: IrrigationScheme, timesteps: pd.DatetimeIndex, days: np.ndarray) -> np.ndarray:
    """Gross canal-head demand per timestep, as a mean rate in hm³/day.

    Each day takes its month's rate (the month's gross demand ÷ its days); a timestep
    takes the mean over its days, so monthly steps get exactly the month's demand.
    """
    if len(timesteps) == 0:
        return np.zeros(0)
    lengths = np.rint(np.asarray(days, dtype=float)).astype(int)
    if np.any(lengths < 1) or not np.allclose(lengths, days):
        raise InputError("an irrigation-scheme demand needs timesteps of whole days")
    first = pd.Timestamp(timesteps[0]).to_period("M").to_timestamp()
    last = pd.Timestamp(timesteps[-1]) + pd.Timedelta(days=int(lengths[-1]) - 1)
    months = pd.date_range(first, last, freq="MS")
    monthly = scheme_demand(scheme, months)
    per_day = monthly["gross_demand_hm3"].to_numpy() / pd.DatetimeIndex(monthly.index).days_in_month.to_numpy()
    all_days = pd.date_range(first, last, freq="D")
    month_pos = (all_days.year - first.year) * 12 + (all_days.month - first.month)
    daily = per_day[np.asarray(month_pos)]
    offset = (pd.DatetimeIndex(timesteps) - first).days.to_numpy()
    out = np.empty(len(timesteps))
    for k, (start, n) in enumerate(zip(offset, lengths, strict=True)):
        out[k] = daily[start:start + n].mean()
    return out
