"""Reading time series for ``type: series`` values: files next to the model, or frames in memory."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from arna.errors import DataFileError
from arna.schema.dekad import DEKAD_START_DAYS, next_dekad
from arna.schema.params import SeriesSpec

_Frame = TypeVar("_Frame", pd.Series, pd.DataFrame)


class SeriesReader:
    """Reads and caches series files; ``data`` holds frames supplied in memory by file name."""

    def __init__(self, source: Path, data: dict[str, pd.DataFrame]) -> None:
        self.source = source
        self.data = data
        self._files: dict[tuple[str, str], pd.DataFrame] = {}

    def frame(self, spec: SeriesSpec, path: str) -> pd.DataFrame:
        """The whole table, indexed by date, numeric columns only."""
        key = (spec.file, spec.date_column)
        if key not in self._files:
            self._files[key] = self._load(spec, path)
        return self._files[key]

    def column(self, spec: SeriesSpec, starts: pd.DatetimeIndex, end: pd.Timestamp, path: str) -> np.ndarray:
        frame = self.frame(spec, path)
        if spec.column not in frame.columns:
            raise DataFileError(
                f"{self._where(spec)}: no column '{spec.column}' (referenced at {path}); "
                f"columns: {[str(c) for c in frame.columns]}"
            )
        return self.align(frame[spec.column], starts, end, path, spec)

    def align(self, series: pd.Series, starts: pd.DatetimeIndex, end: pd.Timestamp, path: str,
              spec: SeriesSpec | None = None) -> np.ndarray:
        values, until = in_run(pd.to_numeric(series, errors="coerce"), starts[0], end)
        if values.isna().any():
            bad = values.index[values.isna()][0]
            raise DataFileError(f"{self._where(spec)}: column '{series.name}' has a missing or non-numeric "
                                f"value at {pd.Timestamp(bad).date()} (used at {path})")
        return aggregate_to_steps(values, starts, end, self._where(spec), path, until)

    def align_frame(self, frame: pd.DataFrame, starts: pd.DatetimeIndex, end: pd.Timestamp, path: str,
                    spec: SeriesSpec) -> np.ndarray:
        """All columns of a frame aligned to the timesteps at once, ``(T, n_columns)``."""
        numeric = all(pd.api.types.is_numeric_dtype(dt) for dt in set(frame.dtypes))  # convert only if needed
        values, until = in_run(frame if numeric else frame.apply(pd.to_numeric, errors="coerce"), starts[0], end)
        if values.isna().to_numpy().any():
            bad = values.index[values.isna().any(axis=1)][0]
            raise DataFileError(f"{self._where(spec)}: a missing or non-numeric value at "
                                f"{pd.Timestamp(bad).date()} (used at {path})")
        return aggregate_to_steps(values, starts, end, self._where(spec), path, until)

    def _where(self, spec: SeriesSpec | None) -> str:
        if spec is None:
            return str(self.source)
        return spec.file if spec.file in self.data else str((self.source.parent / spec.file).resolve())

    def _load(self, spec: SeriesSpec, path: str) -> pd.DataFrame:
        if spec.file in self.data:  # a frame in memory is read as it is, copied only to take its date column
            frame = self.data[spec.file]
            frame = frame if isinstance(frame.index, pd.DatetimeIndex) else frame.copy()
        else:
            frame = self._read_file(spec, path)
        if not isinstance(frame.index, pd.DatetimeIndex):
            if spec.date_column not in frame.columns:
                raise DataFileError(f"{self._where(spec)}: no date column '{spec.date_column}' (referenced at {path})")
            try:
                frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop(spec.date_column)))
            except (ValueError, TypeError) as exc:
                raise DataFileError(f"{self._where(spec)}: column '{spec.date_column}' has values that "
                                    f"are not dates ({exc})") from None
        return frame if frame.index.is_monotonic_increasing else frame.sort_index()

    def _read_file(self, spec: SeriesSpec, path: str) -> pd.DataFrame:
        file = (self.source.parent / spec.file).resolve()
        if not file.exists():
            raise DataFileError(f"{file}: file not found (referenced at {path} in {self.source})")
        try:
            if file.suffix.lower() in {".parquet", ".pq"}:
                return pd.read_parquet(file)
            return pd.read_csv(file)
        except Exception as exc:
            raise DataFileError(f"{file}: cannot read ({exc})") from None


def in_run(values: _Frame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[_Frame, pd.Timestamp]:
    """The rows that hold somewhere in ``[start, end)`` — from the one in force at ``start`` to the
    last dated before ``end`` — and when the last of them stops holding (a gap outside the run
    does not stop it)."""
    idx = pd.DatetimeIndex(values.index)
    first = max(int(np.searchsorted(idx.values, np.datetime64(start, "ns"), side="right")) - 1, 0)
    last = max(int(np.searchsorted(idx.values, np.datetime64(end, "ns"), side="left")), first + 1)
    until = idx[last] if last < len(idx) else last_row_end(idx)
    return values.iloc[first:last], until


def aggregate_to_steps(
    series: pd.Series | pd.DataFrame, starts: pd.DatetimeIndex, end: pd.Timestamp, file: str, path: str,
    until: pd.Timestamp | None = None,
) -> np.ndarray:
    """Mean of the rows dated within each timestep, each weighted by how long it holds (until the
    next row); the row in force at its start if none is dated within it.

    So daily rows average into a dekad or a month, a monthly row applies to each dekad of its
    month, and three dekad rows weigh into their month by 10, 10 and 8–11 days; rows of equal
    spacing (daily, weekly) give the plain mean, as Pywr's resampling does. A frame gives
    ``(T, n_columns)``, a series ``(T,)``. ``until`` is when the last row stops holding
    (:func:`last_row_end` of the rows by default).

    >>> s = pd.Series([10.0, 20.0, 31.0], index=pd.to_datetime(["2023-01-01", "2023-01-11", "2023-01-21"]))
    >>> aggregate_to_steps(s, pd.DatetimeIndex(["2023-01-01"]), pd.Timestamp("2023-02-01"), "f", "p").round(4).tolist()
    [20.6774]
    """
    idx = pd.DatetimeIndex(series.index)
    first_end = starts[1] if len(starts) > 1 else end
    if len(idx) == 0 or idx[0] >= first_end:
        raise DataFileError(
            f"{file}: the series (used at {path}) starts "
            f"{idx[0].date() if len(idx) else '—'}, after the run starts {starts[0].date()}; "
            "extend the series or shorten the run"
        )
    stop = last_row_end(idx) if until is None else until
    if stop <= starts[-1]:
        raise DataFileError(
            f"{file}: the series (used at {path}) ends {idx[-1].date()}, before the last timestep "
            f"{starts[-1].date()}; the series is shorter than the run — extend it or shorten the run"
        )
    vals = series.to_numpy(dtype=float)
    two_d = vals.ndim == 2
    vals2 = vals if two_d else vals[:, None]
    t = idx.values.astype("datetime64[ns]")
    step_starts = starts.values.astype("datetime64[ns]")
    edges = np.append(step_starts, np.datetime64(end, "ns"))
    pos = np.searchsorted(t, edges, side="left")
    if (np.diff(pos) == 1).all() and (t[pos[:-1]] == step_starts).all():
        # one row per timestep, dated at its start (a daily series on a daily run): the mean is that row
        out = vals2[pos[:-1]]
        return out if two_d else out[:, 0]
    weight = np.diff(np.append(t, np.datetime64(max(stop, idx[-1] + pd.Timedelta(days=1)), "ns"))).astype(float)
    weight = np.maximum(weight, 0.0)[:, None]  # a repeated date holds for no time
    zero = np.zeros((1, vals2.shape[1]))
    cw = np.vstack([zero, np.cumsum(np.broadcast_to(weight, vals2.shape), axis=0)])
    cwv = np.vstack([zero, np.cumsum(vals2 * weight, axis=0)])
    total_w = cw[pos[1:]] - cw[pos[:-1]]
    total = cwv[pos[1:]] - cwv[pos[:-1]]
    asof = vals2[np.maximum(np.searchsorted(t, step_starts, side="right") - 1, 0)]
    out = np.where(total_w > 0, total / np.where(total_w > 0, total_w, 1.0), asof)
    return out if two_d else out[:, 0]


def last_row_end(idx: pd.DatetimeIndex) -> pd.Timestamp:
    """When the last row stops holding: a year on when the rows fall on the same day of each year,
    a month or a dekad on when every row starts one, else the last row's spacing (a day for a
    single row).

    >>> last_row_end(pd.DatetimeIndex(["2020-10-01", "2021-10-01"])).date().isoformat()
    '2022-10-01'
    >>> last_row_end(pd.DatetimeIndex(["2021-01-11", "2021-01-21"])).date().isoformat()
    '2021-02-01'
    """
    last = idx[-1]
    day = np.asarray(idx.day)
    month = np.asarray(idx.month)
    if len(idx) > 1 and (month == month[0]).all() and (day == day[0]).all():
        return last + pd.DateOffset(years=1)  # one row a year (on 1 January, or a water year's start)
    if len(idx) > 1 and (day == 1).all():
        return last + pd.DateOffset(months=1)
    if len(idx) > 1 and np.isin(day, DEKAD_START_DAYS).all():
        return next_dekad(last)
    return last + (last - idx[-2] if len(idx) > 1 else pd.Timedelta(days=1))
