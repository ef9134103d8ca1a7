"""Results of a run: recorder arrays and the long table ``time, scenario, node, attribute, value, unit``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from arna.engine.simulate import RawResults
from arna.errors import InputError

if TYPE_CHECKING:
    from arna.engine.quality import QualityHistory
    from arna.network.ir import LinearNetwork

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
    quality_error: float | None = None  # largest relative mass-balance error of the constituents (None: no quality)

    def get(self, node: str, attribute: str) -> np.ndarray:
        """``(T, S)`` values of one series."""
        for i, (n, a, _) in enumerate(self.series):
            if n == node and a == attribute:
                return self.values[:, i, :]
        raise KeyError(f"no series {node}/{attribute}")

    def has(self, node: str, attribute: str) -> bool:
        return any(n == node and a == attribute for n, a, _ in self.series)

    def to_frame(self) -> pd.DataFrame:
        """Long format: one row per time, scenario, node and attribute (time-major, then series, then scenario).

        Built from the arrays through Arrow (text columns decoded from dictionaries in C++), never row by
        row; for files, :func:`arna.engine.longtable.write_results` writes the dictionary-encoded table.
        """
        from arna.engine.longtable import long_table

        table = long_table(self)
        frame = table.select(["scenario", "node", "attribute", "unit"]).cast(_plain(table)).to_pandas()
        frame.insert(0, "time", np.repeat(self.timesteps.values, len(self.series) * len(self.scenarios)))
        frame.insert(4, "value", self.values.reshape(-1))
        return frame[COLUMNS]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, days: np.ndarray | None = None, name: str = "results") -> Results:
        """Rebuild results from the long table written by ``arna run --output`` (see :func:`results_from_frame`)."""
        return results_from_frame(frame, days, name)


def series_names(net: LinearNetwork) -> list[tuple[str, str, str]]:
    """``(node, attribute, unit)`` of the recorders, then of the post-run recorders (constituents not included)."""
    return ([(r.node, r.attribute, r.unit) for r in net.recorders]
            + [(d.node, d.attribute, d.unit) for d in net.derived])  # type: ignore[attr-defined]


def shell(net: LinearNetwork, scenarios: list[int], series: list[tuple[str, str, str]], values: np.ndarray) -> Results:
    """The :class:`Results` a run of ``scenarios`` will fill ``values`` with (its balance is not known yet)."""
    return Results(name=net.name, timesteps=net.timesteps, scenarios=[net.scenarios[s] for s in scenarios],
                   series=series, values=values, balance_error=float("nan"), days=np.asarray(net.days, dtype=float))


def collect(raw: RawResults) -> Results:
    """The recorders of a run as :class:`Results` (post-run recorders evaluated here)."""
    net = raw.net
    series = series_names(net)
    derived: list[np.ndarray] = []
    for d in net.derived:
        derived.append(d.compute(lambda c: raw.kept[:, raw.keep_index[c]], raw.volumes, net.days))  # type: ignore[attr-defined]
    if raw.quality is not None:
        q_series, q_values = quality_series(raw.quality)
        series += q_series
        derived += q_values
    values = raw.recorded if not derived else np.concatenate([raw.recorded, np.stack(derived, axis=1)], axis=1)
    return Results(
        name=net.name,
        timesteps=net.timesteps,
        scenarios=[net.scenarios[s] for s in raw.scenarios],
        series=series,
        values=values,
        balance_error=raw.balance_error,
        days=np.asarray(net.days, dtype=float),
        timings=dict(raw.timings),
        quality_error=None if raw.quality is None else raw.quality.balance_error,
    )


def quality_series(q: QualityHistory) -> tuple[list[tuple[str, str, str]], list[np.ndarray]]:
    """``concentration.<c>`` (g/L) and ``load.<c>`` (t/day) per node, ``store.<c>`` (t) where salt is kept."""
    series: list[tuple[str, str, str]] = []
    values: list[np.ndarray] = []
    for k, c in enumerate(q.constituents):
        for i, node in enumerate(q.nodes):
            series += [(node, f"concentration.{c}", "g/L"), (node, f"load.{c}", "t/day")]
            values += [q.concentration[:, k, i], q.load[:, k, i]]
            if q.has_store[i]:
                series.append((node, f"store.{c}", "t"))
                values.append(q.store[:, k, i])
    return series, values


def _plain(table: object) -> object:
    """The schema of the text columns with dictionaries decoded to strings."""
    import pyarrow as pa

    return pa.schema([pa.field(name, pa.string()) for name in ("scenario", "node", "attribute", "unit")])


def write_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table to .parquet or .csv atomically (temp file, then rename), readable as the umask allows.

    For a run's results use :func:`arna.engine.longtable.write_results`, which writes from the arrays.
    """
    from arna.engine.longtable import atomic_path, check_suffix

    p = Path(path)
    suffix = check_suffix(p)
    with atomic_path(p) as tmp:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False, date_format="%Y-%m-%d")
    return p


def results_from_frame(frame: pd.DataFrame, days: np.ndarray | None = None, name: str = "results") -> Results:
    """:class:`Results` from a long table ``time, scenario, node, attribute, value, unit``.

    ``days`` gives the length of each timestep (as from the model's time axis); without it the
    gaps between the times are used, and the last timestep is as long as the one before it.
    Series keep the order in which they first appear; every series must have a value for every
    time and scenario. Raises :class:`InputError` naming what is missing or malformed.
    """
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"results table: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
    if frame.empty:
        raise InputError("results table: it has no rows")
    t_codes, t_uniques = pd.factorize(frame["time"], use_na_sentinel=False)
    try:
        times = pd.DatetimeIndex(pd.to_datetime(pd.Index(t_uniques)))
        value = pd.to_numeric(frame["value"]).to_numpy(dtype=float)
    except (ValueError, TypeError) as exc:
        raise InputError(f"results table: times must be dates and values numbers ({exc})") from None
    order = np.argsort(times.values, kind="stable")
    timesteps = times[order]
    t_idx = np.empty(len(order), dtype=np.intp)
    t_idx[order] = np.arange(len(order))
    t_idx = t_idx[t_codes]
    s_idx, scen_uniques = pd.factorize(frame["scenario"], use_na_sentinel=False)
    scenarios = [str(s) for s in scen_uniques]
    n_codes, n_uniques = pd.factorize(frame["node"], use_na_sentinel=False)
    a_codes, a_uniques = pd.factorize(frame["attribute"], use_na_sentinel=False)
    r_idx, keys = pd.factorize(n_codes.astype(np.int64) * max(1, len(a_uniques)) + a_codes)
    first = np.unique(r_idx, return_index=True)[1]
    unit_col = frame["unit"]
    units = ["" if pd.isna(u) else str(u) for u in unit_col.iloc[first]]
    names = [(str(n_uniques[k // max(1, len(a_uniques))]), str(a_uniques[k % max(1, len(a_uniques))]))
             for k in np.asarray(keys)]
    n_t, n_r, n_s = len(timesteps), len(names), len(scenarios)
    flat = (t_idx * n_r + r_idx) * n_s + s_idx
    seen = np.bincount(flat, minlength=n_t * n_r * n_s).reshape(n_t, n_r, n_s)
    values = np.full((n_t, n_r, n_s), np.nan)
    values.reshape(-1)[flat] = value
    if (seen > 1).any():
        raise InputError("results table: some time, scenario, node and attribute appear more than once")
    if (seen == 0).any():
        t, r, k = (int(i[0]) for i in np.nonzero(seen == 0))
        node, attr = names[r]
        raise InputError(f"results table: no value for {node}/{attr} at {timesteps[t].date()} in scenario "
                         f"'{scenarios[k]}'; every series needs every time and scenario")
    if days is None:
        gaps = np.diff(timesteps.values).astype("timedelta64[s]").astype(float) / 86_400.0
        days = np.append(gaps, gaps[-1] if len(gaps) else 1.0)
    days = np.asarray(days, dtype=float)
    if days.shape != (len(timesteps),):
        raise InputError(f"results table: {len(timesteps)} timesteps, but {days.shape[0]} timestep lengths given")
    series = [(n, a, u) for (n, a), u in zip(names, units, strict=True)]
    return Results(name=name, timesteps=timesteps, scenarios=scenarios, series=series, values=values,
                   balance_error=float("nan"), days=days)


def read_frame(path: str | Path) -> pd.DataFrame:
    """Read a results table written by :func:`write_frame` (.parquet or .csv)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in {".parquet", ".csv"}:
        raise InputError(f"{p}: a results file is .parquet or .csv (as written by `arna run --output`)")
    if not p.is_file():
        raise InputError(f"{p}: no such results file; write one with `arna run MODEL --output {p.name}`")
    try:
        frame = pd.read_parquet(p) if suffix == ".parquet" else pd.read_csv(p)
    except Exception as exc:  # any parser error: the file is not a results table
        raise InputError(f"{p}: cannot read it as a results table ({type(exc).__name__}: {exc}); "
                         "write it again with `arna run MODEL --output`") from None
    return frame
