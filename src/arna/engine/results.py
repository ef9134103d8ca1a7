"""Results of a run: recorder arrays and the long table ``time, scenario, node, attribute, value, unit``."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from arna.engine.simulate import RawResults
from arna.errors import InputError

COLUMNS = ["time", "scenario", "node", "attribute", "value", "unit"]


@dataclass
class Results:
    """What a run produced.

    Attributes
    ----------
    values:
        ``(T, n_series, S)`` array; series ``i`` is ``series[i]`` = (node, attribute, unit).
    """

    name: str
    timesteps: pd.DatetimeIndex
    scenarios: list[str]
    series: list[tuple[str, str, str]]
    values: np.ndarray
    balance_error: float
    days: np.ndarray = field(default_factory=lambda: np.zeros(0))
    timings: dict[str, float] = field(default_factory=dict)

    def get(self, node: str, attribute: str) -> np.ndarray:
        """``(T, S)`` values of one series."""
        for i, (n, a, _) in enumerate(self.series):
            if n == node and a == attribute:
                return self.values[:, i, :]
        raise KeyError(f"no series {node}/{attribute}")

    def has(self, node: str, attribute: str) -> bool:
        return any(n == node and a == attribute for n, a, _ in self.series)

    def to_frame(self) -> pd.DataFrame:
        """Long format: one row per time, scenario, node and attribute."""
        n_t, n_r, n_s = self.values.shape
        time = np.repeat(self.timesteps.values, n_r * n_s)
        scen = np.tile(np.array(self.scenarios, dtype=object), n_t * n_r)
        idx = np.tile(np.repeat(np.arange(n_r), n_s), n_t)
        meta = np.array(self.series, dtype=object).reshape(n_r, 3) if n_r else np.zeros((0, 3), object)
        return pd.DataFrame(
            {
                "time": time,
                "scenario": scen,
                "node": meta[idx, 0],
                "attribute": meta[idx, 1],
                "value": self.values.reshape(-1),
                "unit": meta[idx, 2],
            },
            columns=COLUMNS,
        )


def collect(raw: RawResults) -> Results:
    """Evaluate the recorders of a run into :class:`Results`."""
    net = raw.net
    cols, pars, vols = raw.columns, raw.params, raw.volumes
    series: list[tuple[str, str, str]] = []
    out: list[np.ndarray] = []
    for r in net.recorders:
        v = np.zeros((cols.shape[0], cols.shape[2]))
        for c, k in r.columns:
            v += k * cols[:, c]
        for p, k in r.params:
            v += k * pars[:, raw.param_index[p]]
        if r.volume_of is not None:
            v += vols[1:, r.volume_of]
        for i in r.volumes_of:
            v += vols[1:, i]
        series.append((r.node, r.attribute, r.unit))
        out.append(v * r.scale)
    for d in net.derived:
        series.append((d.node, d.attribute, d.unit))  # type: ignore[attr-defined]
        out.append(d.compute(cols, vols, net.days))  # type: ignore[attr-defined]
    values = np.stack(out, axis=1) if out else np.zeros((len(net.timesteps), 0, len(raw.scenarios)))
    return Results(
        name=net.name,
        timesteps=net.timesteps,
        scenarios=[net.scenarios[s] for s in raw.scenarios],
        series=series,
        values=values,
        balance_error=raw.balance_error,
        days=np.asarray(net.days, dtype=float),
        timings=dict(raw.timings),
    )


def write_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a results table to .parquet or .csv atomically (temp file, then rename)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in {".parquet", ".csv"}:
        raise InputError(f"{p}: results are written as .parquet or .csv; choose one of those suffixes")
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    os.close(fd)
    try:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False, date_format="%Y-%m-%d")
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
