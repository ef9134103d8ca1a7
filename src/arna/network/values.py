"""Turning a document :data:`~arna.schema.params.Value` into a runtime parameter (units converted once)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from arna.errors import DataFileError, DocumentError, UnitError
from arna.network.ir import NetworkBuilder
from arna.network.parameters import ArrayParameter, VolumeInterpolation
from arna.schema.params import (
    ConstantSpec,
    DailySpec,
    MonthlySpec,
    ScenarioSpec,
    SeriesSpec,
    TableSpec,
    Value,
    parse_quantity_string,
)
from arna.schema.units import DEFAULT_UNIT, Dimension, factors, static_factor


class ValueCompiler:
    """Compiles values for one document: knows its folder, time axis and scenarios."""

    def __init__(
        self,
        builder: NetworkBuilder,
        source: Path,
        scenario_names: list[str],
        storage_index: Callable[[str], int],
    ) -> None:
        self.b = builder
        self.source = source
        self.dates = builder.net.timesteps
        self.scenarios = scenario_names
        self.storage_index = storage_index
        self._files: dict[Path, pd.DataFrame] = {}

    def ref(self, value: Value, dim: Dimension, path: str, name: str = "") -> int:
        """A parameter reference for ``value`` in internal units."""
        if isinstance(value, TableSpec):
            return self._table(value, dim, path, name)
        arr = self.array(value, dim, path)
        if arr.ndim == 1 and np.all(arr == arr[0]):
            return self.b.const(float(arr[0]))
        return self.b.param(ArrayParameter(arr, name=name))

    def array(self, value: Value, dim: Dimension, path: str) -> np.ndarray:
        """Values ``(T,)`` (or ``(T, S)`` for scenario-indexed values) in internal units."""
        try:
            return self._array(value, dim, path)
        except UnitError as exc:
            raise DocumentError(self.source, [(path, str(exc))]) from None

    def _array(self, value: Value, dim: Dimension, path: str) -> np.ndarray:
        if isinstance(value, ScenarioSpec):
            cols = [self._timeline(value.values[s], dim, f"{path}.values.{s}", value.unit) for s in self.scenarios]
            return np.stack(cols, axis=1)
        if isinstance(value, TableSpec):
            raise DocumentError(self.source, [(path, "a volume table cannot be used here")])
        return self._timeline(value, dim, path, None)

    def _timeline(self, value: object, dim: Dimension, path: str, outer_unit: str | None) -> np.ndarray:
        unit, raw = self._raw(value, dim, path)
        unit = unit or outer_unit or DEFAULT_UNIT[dim]
        return raw * factors(unit, dim, self.dates)

    def _raw(self, value: object, dim: Dimension, path: str) -> tuple[str | None, np.ndarray]:
        n = len(self.dates)
        if isinstance(value, int | float):
            return None, np.full(n, float(value))
        if isinstance(value, str):
            try:
                number, unit = parse_quantity_string(value)
            except ValueError as exc:
                raise DocumentError(self.source, [(path, str(exc))]) from None
            return unit, np.full(n, number)
        if isinstance(value, ConstantSpec):
            return value.unit, np.full(n, value.value)
        if isinstance(value, MonthlySpec):
            return value.unit, np.asarray(value.values)[self.dates.month - 1]
        if isinstance(value, DailySpec):
            return value.unit, _daily(np.asarray(value.values), self.dates)
        if isinstance(value, SeriesSpec):
            return value.unit, self._series(value, path) * value.scale
        raise DocumentError(self.source, [(path, f"cannot use {type(value).__name__} here")])

    def _table(self, spec: TableSpec, dim: Dimension, path: str, name: str) -> int:
        try:
            x = np.asarray(spec.volumes) * static_factor(spec.volume_unit, Dimension.VOLUME)
            y = np.asarray(spec.values) * static_factor(spec.unit or DEFAULT_UNIT[dim], dim)
        except UnitError as exc:
            raise DocumentError(self.source, [(path, str(exc))]) from None
        return self.b.param(VolumeInterpolation(self.storage_index(spec.node), x, y, name=name))

    # -- files -----------------------------------------------------------------------------
    def _series(self, spec: SeriesSpec, path: str) -> np.ndarray:
        try:
            return self._read_series(spec, path)
        except DataFileError as exc:
            raise DocumentError(self.source, [(path, str(exc))]) from None

    def _read_series(self, spec: SeriesSpec, path: str) -> np.ndarray:
        file = (self.source.parent / spec.file).resolve()
        frame = self._read(file, spec, path)
        if spec.column not in frame.columns:
            raise DataFileError(
                f"{file}: no column '{spec.column}' (referenced at {path}); columns: {list(frame.columns)}"
            )
        series = pd.to_numeric(frame[spec.column], errors="coerce")
        if series.isna().any():
            bad = frame.index[series.isna()][0]
            raise DataFileError(f"{file}: column '{spec.column}' has a missing or non-numeric value at {bad.date()}")
        return aggregate_to_steps(series, self.dates, self._end(), file, path)

    def _end(self) -> pd.Timestamp:
        days = self.b.net.days
        return self.dates[-1] + pd.Timedelta(days=float(days[-1]))

    def _read(self, file: Path, spec: SeriesSpec, path: str) -> pd.DataFrame:
        if file in self._files:
            return self._files[file]
        if not file.exists():
            raise DataFileError(f"{file}: file not found (referenced at {path} in {self.source})")
        try:
            frame = pd.read_parquet(file) if file.suffix.lower() in {".parquet", ".pq"} else pd.read_csv(file)
        except Exception as exc:
            raise DataFileError(f"{file}: cannot read ({exc})") from None
        if spec.date_column not in frame.columns:
            raise DataFileError(f"{file}: no date column '{spec.date_column}' (referenced at {path})")
        try:
            frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop(spec.date_column)))
        except (ValueError, TypeError) as exc:
            raise DataFileError(f"{file}: column '{spec.date_column}' has values that are not dates ({exc})") from None
        frame = frame.sort_index()
        self._files[file] = frame
        return frame


def _daily(values: np.ndarray, dates: pd.DatetimeIndex) -> np.ndarray:
    doy = np.asarray(dates.day_of_year) - 1
    leap = np.asarray(dates.is_leap_year)
    if len(values) == 366:
        idx = np.where(~leap & (doy >= 59), doy + 1, doy)
    else:
        idx = np.where(leap & (doy >= 59), np.maximum(doy - 1, 58), doy)
    return values[idx]


def aggregate_to_steps(
    series: pd.Series, starts: pd.DatetimeIndex, end: pd.Timestamp, file: Path, path: str
) -> np.ndarray:
    """Mean of the rows dated within each timestep; the row in force at its start if none."""
    idx = series.index
    if len(idx) == 0 or idx[0] > starts[0]:
        raise DataFileError(
            f"{file}: the series (used at {path}) starts "
            f"{idx[0].date() if len(idx) else '—'}, after the run starts {starts[0].date()}; "
            "extend the series or shorten the run"
        )
    last_needed = starts[-1]
    if idx[-1] < last_needed:
        raise DataFileError(
            f"{file}: the series (used at {path}) ends {idx[-1].date()}, before the last timestep "
            f"{last_needed.date()}; the series is shorter than the run — extend it or shorten the run"
        )
    vals = series.to_numpy(dtype=float)
    edges = np.append(starts.values, np.datetime64(end))
    pos = np.searchsorted(idx.values, edges, side="left")
    csum = np.concatenate([[0.0], np.cumsum(vals)])
    count = pos[1:] - pos[:-1]
    total = csum[pos[1:]] - csum[pos[:-1]]
    asof = vals[np.searchsorted(idx.values, starts.values, side="right") - 1]
    return np.where(count > 0, total / np.maximum(count, 1), asof)
