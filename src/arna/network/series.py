"""Reading time series for ``type: series`` values: files next to the model, or frames in memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from arna.errors import DataFileError
from arna.schema.params import SeriesSpec


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
        values = pd.to_numeric(series, errors="coerce")
        if values.isna().any():
            bad = values.index[values.isna()][0]
            raise DataFileError(f"{self._where(spec)}: column '{series.name}' has a missing or non-numeric "
                                f"value at {pd.Timestamp(bad).date()} (used at {path})")
        return aggregate_to_steps(values, starts, end, self._where(spec), path)

    def align_frame(self, frame: pd.DataFrame, starts: pd.DatetimeIndex, end: pd.Timestamp, path: str,
                    spec: SeriesSpec) -> np.ndarray:
        """All columns of a frame aligned to the timesteps at once, ``(T, n_columns)``."""
        numeric = all(pd.api.types.is_numeric_dtype(dt) for dt in frame.dtypes)
        values = frame if numeric else frame.apply(pd.to_numeric, errors="coerce")  # per column only if needed
        if values.isna().to_numpy().any():
            bad = values.index[values.isna().any(axis=1)][0]
            raise DataFileError(f"{self._where(spec)}: a missing or non-numeric value at "
                                f"{pd.Timestamp(bad).date()} (used at {path})")
        return aggregate_to_steps(values, starts, end, self._where(spec), path)

    def _where(self, spec: SeriesSpec | None) -> str:
        if spec is None:
            return str(self.source)
        return spec.file if spec.file in self.data else str((self.source.parent / spec.file).resolve())

    def _load(self, spec: SeriesSpec, path: str) -> pd.DataFrame:
        frame = self.data[spec.file].copy() if spec.file in self.data else self._read_file(spec, path)
        if not isinstance(frame.index, pd.DatetimeIndex):
            if spec.date_column not in frame.columns:
                raise DataFileError(f"{self._where(spec)}: no date column '{spec.date_column}' (referenced at {path})")
            try:
                frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop(spec.date_column)))
            except (ValueError, TypeError) as exc:
                raise DataFileError(f"{self._where(spec)}: column '{spec.date_column}' has values that "
                                    f"are not dates ({exc})") from None
        return frame.sort_index()

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


def aggregate_to_steps(
    series: pd.Series | pd.DataFrame, starts: pd.DatetimeIndex, end: pd.Timestamp, file: str, path: str
) -> np.ndarray:
    """Mean of the rows dated within each timestep; the row in force at its start if none.

    A frame gives ``(T, n_columns)``, a series ``(T,)``.
    """
    idx = pd.DatetimeIndex(series.index)
    first_end = starts[1] if len(starts) > 1 else end
    if len(idx) == 0 or idx[0] >= first_end:
        raise DataFileError(
            f"{file}: the series (used at {path}) starts "
            f"{idx[0].date() if len(idx) else '—'}, after the run starts {starts[0].date()}; "
            "extend the series or shorten the run"
        )
    if idx[-1] < starts[-1]:
        raise DataFileError(
            f"{file}: the series (used at {path}) ends {idx[-1].date()}, before the last timestep "
            f"{starts[-1].date()}; the series is shorter than the run — extend it or shorten the run"
        )
    vals = series.to_numpy(dtype=float)
    two_d = vals.ndim == 2
    vals2 = vals if two_d else vals[:, None]
    t = idx.values.astype("datetime64[ns]")
    edges = np.append(starts.values.astype("datetime64[ns]"), np.datetime64(end, "ns"))
    pos = np.searchsorted(t, edges, side="left")
    csum = np.vstack([np.zeros((1, vals2.shape[1])), np.cumsum(vals2, axis=0)])
    count = (pos[1:] - pos[:-1])[:, None]
    total = csum[pos[1:]] - csum[pos[:-1]]
    asof = vals2[np.searchsorted(t, starts.values.astype("datetime64[ns]"), side="right") - 1]
    out = np.where(count > 0, total / np.maximum(count, 1), asof)
    return out if two_d else out[:, 0]
