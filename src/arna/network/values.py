"""Turning document values into runtime parameters (units converted once, here).

Values whose numbers are known before the run (constants, profiles, series,
per-scenario values, and composites of those) become precomputed arrays;
values that read the state (control curves, thresholds, node states …)
become dynamic parameters evaluated each timestep.
"""

from __future__ import annotations

import math
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from arna.errors import DataFileError, DocumentError, UnitError
from arna.network.ir import NetworkBuilder
from arna.network.parameters import ArrayParameter, DynamicParameter, VolumeInterpolation
from arna.network.series import SeriesReader
from arna.network.state_params import (
    AGGREGATES,
    Aggregate,
    Bindable,
    ControlCurve,
    FlowTable,
    HydropowerTarget,
    Indexed,
    NodeState,
    Resolver,
    Threshold,
)
from arna.schema.dekad import dekad_of_year
from arna.schema.document import ModelDocument
from arna.schema.params import (
    AggregateSpec,
    ConstantSpec,
    ControlCurveSpec,
    DailySpec,
    DekadalSpec,
    DiscountSpec,
    DrawdownSpec,
    FlowTableSpec,
    HydropowerTargetSpec,
    IndexedSpec,
    MembersSpec,
    MonthlySpec,
    NodeStateSpec,
    RefSpec,
    ScaledSpec,
    ScenarioSpec,
    SeriesSpec,
    TableSpec,
    ThresholdSpec,
    Value,
    WeeklySpec,
    parse_quantity_string,
)
from arna.schema.units import DEFAULT_UNIT, Dimension, factors, static_factor

_BASED = (Dimension.FLOW, Dimension.VOLUME)


_WATER_LIMIT = 1e12
"""hm³ (or hm³/day): about 0.7 × all the water on Earth (1.4e9 km³); a flow or volume above it is a typo or an
overflow, and HiGHS would read bounds this large as infinite."""


class ValueCompiler:
    """Compiles the values of one document: knows its folder, units, time axis and scenarios."""

    def __init__(
        self, builder: NetworkBuilder, source: Path, doc: ModelDocument, resolver: Resolver,
        data: dict[str, pd.DataFrame] | None = None,
    ) -> None:
        self.b = builder
        self.source = source
        self.doc = doc
        self.dates = builder.net.timesteps
        self.resolver = resolver
        self.base = static_factor(doc.units.volume, Dimension.VOLUME)
        self.series = SeriesReader(source, data or {})
        self.bindables: list[Bindable] = []
        self._named: dict[tuple[str, Dimension], int] = {}
        self._compiling: list[str] = []
        self._unit_override: list[str | None] = []
        self._static_cache: dict[tuple[str, Dimension], np.ndarray | None] = {}
        self._factors: dict[tuple[str, Dimension], np.ndarray] = {}  # read-only, shared by every value
        self._uniform: dict[tuple[str, Dimension], float | None] = {}
        self._end: pd.Timestamp | None = None

    # -- public ------------------------------------------------------------------------
    def ref(self, value: Value, dim: Dimension, path: str, name: str = "") -> int:
        """A parameter reference for ``value`` in internal units (one per named parameter)."""
        if isinstance(value, RefSpec) and (value.name, dim) in self._named:
            return self._named[(value.name, dim)]
        ref = self._ref(value, dim, path, name or (value.name if isinstance(value, RefSpec) else ""))
        if isinstance(value, RefSpec):
            self._named[(value.name, dim)] = ref
        return ref

    def _ref(self, value: Value, dim: Dimension, path: str, name: str) -> int:
        try:
            number = self._number(value, dim, path)
            if number is not None:
                return self.b.const(number)
            arr = self.static(value, dim, path)
            if arr is not None:
                return self._array_ref(arr, name)
            return self._dynamic(value, dim, path, name)
        except UnitError as exc:
            raise DocumentError(self.source, [(path, str(exc))]) from None
        except DataFileError as exc:
            raise DocumentError(self.source, [(path, str(exc))]) from None

    def array(self, value: Value, dim: Dimension, path: str) -> np.ndarray:
        """Values ``(T,)`` or ``(T, S)`` of a value known before the run."""
        try:
            arr = self.static(value, dim, path)
        except (UnitError, DataFileError) as exc:
            raise DocumentError(self.source, [(path, str(exc))]) from None
        if arr is None:
            raise DocumentError(self.source, [(path, "must be known before the run (not state-dependent)")])
        return arr

    def bind_all(self) -> None:
        for p in self.bindables:
            try:
                p.bind(self.resolver)
            except KeyError as exc:
                raise DocumentError(self.source, [("", f"parameter '{p.name}' refers to {exc}, "
                                                       "which has no flow or volume of its own")]) from None

    # -- static values -------------------------------------------------------------------
    def default_unit(self, dim: Dimension) -> str:
        if self._unit_override and self._unit_override[-1] is not None:
            return self._unit_override[-1]
        if dim is Dimension.FLOW:
            return self.doc.units.flow
        if dim is Dimension.VOLUME:
            return self.doc.units.volume
        return DEFAULT_UNIT[dim]

    def _factor(self, unit: str | None, dim: Dimension) -> np.ndarray:
        """Per-timestep factors to internal units, computed once per unit (a read-only array)."""
        key = (unit or self.default_unit(dim), dim)
        f = self._factors.get(key)
        if f is None:
            f = factors(key[0], dim, self.dates)
            f = f / self.base if dim in _BASED else f
            f.setflags(write=False)
            self._factors[key] = f
        return f

    def static(self, value: Any, dim: Dimension, path: str) -> np.ndarray | None:
        """``(T,)``/``(T, S)`` values in internal units, or ``None`` if state-dependent.

        Every value is a finite number once converted: one that overflows (``1e308 km3/year``, a
        factor of 1e200 on a large flow) is an error at its path, never an ``inf`` in the results.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            arr = self._static(value, dim, path)
        if arr is None:
            return None
        finite = bool(np.isfinite(arr).all())
        self._check_range(finite, float(np.abs(arr).max(initial=0.0)) if finite and dim in _BASED else 0.0, dim, path)
        return arr

    def _check_range(self, finite: bool, largest: float, dim: Dimension, path: str) -> None:
        """Refuse values that are not finite, or (flows and volumes) larger in size than ``_WATER_LIMIT``."""
        if not finite:
            raise DocumentError(self.source, [(path, "is not a finite number in internal units (infinite in the "
                                                     "data, or overflowing once converted); check the value, its "
                                                     "unit and any factor")])
        if dim in _BASED and largest > _WATER_LIMIT / self.base:
            raise DocumentError(self.source, [(path, f"is out of range: more than {_WATER_LIMIT:g} hm3 (per day), "
                                                     "more than all the water on Earth; check the value and its unit")])

    def _number(self, value: Any, dim: Dimension, path: str) -> float | None:
        """A number or constant whose unit's factor is the same in every timestep, in internal units: the value
        :meth:`static` would give in every timestep, without its arrays (most values of a large document are
        such numbers); ``None`` for any other value."""
        if isinstance(value, bool) or not isinstance(value, int | float | ConstantSpec):
            return None
        number, unit = (float(value), None) if isinstance(value, int | float) else (value.value, value.unit)
        factor = self._uniform_factor(unit, dim)
        if factor is None:
            return None
        x = number * factor  # as numpy multiplies: an overflow is inf, refused below
        self._check_range(math.isfinite(x), abs(x), dim, path)
        return x

    def _uniform_factor(self, unit: str | None, dim: Dimension) -> float | None:
        """The factor of ``unit`` when it is the same in every timestep (``None`` when it is not)."""
        key = (unit or self.default_unit(dim), dim)
        if key not in self._uniform:
            f = self._factor(unit, dim)
            self._uniform[key] = float(f[0]) if (f == f[0]).all() else None
        return self._uniform[key]

    def _static(self, value: Any, dim: Dimension, path: str) -> np.ndarray | None:
        n = len(self.dates)
        if isinstance(value, bool):
            raise DocumentError(self.source, [(path, "expected a number, got true/false")])
        if isinstance(value, int | float):
            return np.full(n, float(value)) * self._factor(None, dim)
        if isinstance(value, str):
            try:
                number, unit = parse_quantity_string(value)
            except ValueError as exc:
                raise DocumentError(self.source, [(path, str(exc))]) from None
            return np.full(n, number) * self._factor(unit or None, dim)
        if isinstance(value, RefSpec):
            return self._named_static(value, dim, path)
        if isinstance(value, ScenarioSpec | MembersSpec):
            return self._per_scenario(value, dim, path)
        if isinstance(value, ScaledSpec):
            base = self.static(value.value, dim, f"{path}.value")
            factor = self.static(value.factor, Dimension.NUMBER, f"{path}.factor")
            if base is None or factor is None:
                raise DocumentError(self.source, [(path, "a scaled value must be known before the run")])
            return _times(base, factor)
        spec_unit = getattr(value, "unit", None)
        raw = self._raw(value, dim, path)
        if raw is None:
            return None
        f = self._factor(spec_unit, dim)
        return raw * (f[:, None] if raw.ndim == 2 else f)

    def _raw(self, value: Any, dim: Dimension, path: str) -> np.ndarray | None:
        d = self.dates
        if isinstance(value, ConstantSpec):
            return np.full(len(d), value.value)
        if isinstance(value, MonthlySpec):
            return np.asarray(value.values)[self._month_index]
        if isinstance(value, DailySpec):
            return np.asarray(value.values)[self._day_index[1 if len(value.values) == 366 else 0]]
        if isinstance(value, DekadalSpec):
            return np.asarray(value.values)[dekad_of_year(d) - 1]
        if isinstance(value, WeeklySpec):
            week = np.minimum(self._week_index, len(value.values) - 1)
            return np.asarray(value.values)[week]
        if isinstance(value, SeriesSpec):
            return self._series(value, path)
        if isinstance(value, DiscountSpec):
            return (1.0 + value.rate) ** -(np.asarray(d.year, dtype=float) - value.base_year)
        if isinstance(value, DrawdownSpec):
            return _drawdown(value, d)
        if isinstance(value, AggregateSpec):
            parts = [self.static(v, Dimension.NUMBER, f"{path}.values[{i}]") for i, v in enumerate(value.values)]
            if any(p is None for p in parts):
                return None
            full = np.stack([_as_2d(p, len(self.doc.scenarios)) for p in parts if p is not None])
            return AGGREGATES[value.function](full)
        return None  # state-dependent

    # the calendar of the timesteps, taken once (a DatetimeIndex computes its fields on every access)
    @cached_property
    def _month_index(self) -> np.ndarray:
        return np.asarray(self.dates.month) - 1

    @cached_property
    def _week_index(self) -> np.ndarray:
        return (np.asarray(self.dates.day_of_year) - 1) // 7

    @cached_property
    def _day_index(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows of a daily profile of 365 and of 366 values for each timestep."""
        return _daily_index(self.dates, 365), _daily_index(self.dates, 366)

    def _per_scenario(self, spec: ScenarioSpec | MembersSpec, dim: Dimension, path: str) -> np.ndarray:
        """One column per scenario; bare numbers inside use the spec's unit."""
        if isinstance(spec, ScenarioSpec):
            picks = [(spec.values[s.name], f"{path}.values.{s.name}", k) for k, s in enumerate(self.doc.scenarios)]
        else:
            picks = [(spec.values[s.members[spec.axis]], f"{path}.values[{s.members[spec.axis]}]", k)
                     for k, s in enumerate(self.doc.scenarios)]
        self._unit_override.append(spec.unit)
        try:
            cols = [self.static(v, dim, p) for v, p, _ in picks]
        finally:
            self._unit_override.pop()
        if any(c is None for c in cols):
            raise DocumentError(self.source, [(path, "per-scenario values must be known before the run")])
        return np.stack([c[:, k] if c.ndim == 2 else c for c, (_, _, k) in zip(cols, picks, strict=True)
                         if c is not None], axis=1)

    def _series(self, spec: SeriesSpec, path: str) -> np.ndarray:
        if self._end is None:
            self._end = self.dates[-1] + pd.Timedelta(days=float(self.b.net.days[-1]))
        end = self._end
        if spec.scenario is None:
            if spec.column is None:
                raise DocumentError(self.source, [(path, "a series needs `column` (or `scenario`)")])
            return self.series.column(spec, self.dates, end, path) * spec.scale
        frame = self.series.frame(spec, path)
        members = [s.members[spec.scenario] for s in self.doc.scenarios]
        if max(members) >= frame.shape[1]:
            raise DocumentError(self.source, [(path, f"the series has {frame.shape[1]} columns; scenario "
                                                     f"member {max(members)} of '{spec.scenario}' is needed")])
        aligned = self.series.align_frame(frame, self.dates, end, path, spec)  # a new array, this value's own
        if members != list(range(aligned.shape[1])):  # not every column in order (then no copy is needed)
            aligned = aligned[:, members]
        return aligned * spec.scale if spec.scale != 1.0 else aligned

    def _named_static(self, spec: RefSpec, dim: Dimension, path: str) -> np.ndarray | None:
        key = (spec.name, dim)
        if key not in self._static_cache:
            self._static_cache[key] = self._compute_named_static(spec, dim, path)
        return self._static_cache[key]

    def _compute_named_static(self, spec: RefSpec, dim: Dimension, path: str) -> np.ndarray | None:
        target = self.doc.parameters[spec.name]
        if spec.name in self._compiling:
            raise DocumentError(self.source, [(path, f"parameter '{spec.name}' refers to itself "
                                                     f"({' → '.join([*self._compiling, spec.name])})")])
        self._compiling.append(spec.name)
        try:
            return self.static(target, dim, f"parameters.{spec.name}")
        finally:
            self._compiling.pop()

    def _array_ref(self, arr: np.ndarray, name: str) -> int:
        if np.all(arr == arr.flat[0]):
            return self.b.const(float(arr.flat[0]))
        return self.b.param(ArrayParameter(arr, name=name))

    # -- dynamic values ----------------------------------------------------------------------
    def _dynamic(self, value: Any, dim: Dimension, path: str, name: str) -> int:
        if isinstance(value, RefSpec):
            key = (value.name, dim)
            if key not in self._named:
                self._compiling.append(value.name)
                try:
                    self._named[key] = self._dynamic(self.doc.parameters[value.name], dim,
                                                     f"parameters.{value.name}", value.name)
                finally:
                    self._compiling.pop()
            return self._named[key]
        param = self._make_dynamic(value, dim, path, name)
        if isinstance(param, Bindable):
            self.bindables.append(param)
        return self.b.param(param)

    def _make_dynamic(self, value: Any, dim: Dimension, path: str, name: str) -> DynamicParameter:
        sub = self.ref
        if isinstance(value, TableSpec):
            x = np.asarray(value.volumes) * static_factor(value.volume_unit, Dimension.VOLUME) / self.base
            y = np.asarray(value.values) * self._factor(value.unit, dim)[0]
            return _LazyVolumeTable(value.node, x, y, name, value.interpolation)
        if isinstance(value, HydropowerTargetSpec):
            hi = None if value.max_flow is None else sub(value.max_flow, Dimension.FLOW, f"{path}.max_flow")
            factor = (value.density * 9.81 * value.efficiency * value.flow_unit_conversion
                      * value.energy_unit_conversion)
            return HydropowerTarget(sub(value.level, Dimension.LENGTH, f"{path}.level"),
                                    sub(value.target, Dimension.NUMBER, f"{path}.target"),
                                    sub(value.min_flow, Dimension.FLOW, f"{path}.min_flow"), hi,
                                    value.turbine_elevation, factor, name)
        if isinstance(value, ControlCurveSpec):
            curves = [sub(c, Dimension.FRACTION, f"{path}.curves[{i}]") for i, c in enumerate(value.curves)]
            vals = [sub(v, dim, f"{path}.values[{i}]") for i, v in enumerate(value.values)]
            return ControlCurve(value.storage, curves, vals, value.mode, name)
        if isinstance(value, IndexedSpec):
            idx = sub(value.index, Dimension.NUMBER, f"{path}.index")
            return Indexed(idx, [sub(v, dim, f"{path}.values[{i}]") for i, v in enumerate(value.values)], name)
        if isinstance(value, AggregateSpec):
            refs = [sub(v, Dimension.NUMBER, f"{path}.values[{i}]") for i, v in enumerate(value.values)]
            return Aggregate(value.function, refs, name)
        if isinstance(value, ThresholdSpec):
            return Threshold(sub(value.input, Dimension.NUMBER, f"{path}.input"),
                             sub(value.threshold, Dimension.NUMBER, f"{path}.threshold"),
                             value.predicate, value.values, name)
        if isinstance(value, NodeStateSpec):
            return NodeState(value.node, value.attribute, value.timesteps, value.initial, name=name)
        if isinstance(value, FlowTableSpec):
            return FlowTable(value.node, np.asarray(value.flows), np.asarray(value.values), value.initial_flow, name)
        raise DocumentError(self.source, [(path, f"cannot use a {type(value).__name__} here")])


class _LazyVolumeTable(Bindable, VolumeInterpolation):
    """A volume table whose storage is bound by name after compiling."""

    def __init__(self, node: str, volumes: np.ndarray, values: np.ndarray, name: str, kind: str) -> None:
        VolumeInterpolation.__init__(self, -1, volumes, values, name, kind)
        self.node_name = node

    def bind(self, resolver: Resolver) -> None:
        self.storage = resolver.storage[self.node_name]


def _times(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise product of ``(T,)``/``(T, S)`` arrays."""
    if a.ndim == b.ndim:
        return a * b
    return (a[:, None] * b) if a.ndim == 1 else (a * b[:, None])


def _as_2d(a: np.ndarray, n_s: int) -> np.ndarray:
    return np.repeat(a[:, None], n_s, axis=1) if a.ndim == 1 else a


def _daily_index(dates: pd.DatetimeIndex, n_values: int) -> np.ndarray:
    """The row of a daily profile of ``n_values`` (365 or 366) values for each date."""
    doy = np.asarray(dates.day_of_year) - 1
    leap = np.asarray(dates.is_leap_year)
    if n_values == 366:
        return np.where(~leap & (doy >= 59), doy + 1, doy)
    return np.where(leap & (doy >= 59), np.maximum(doy - 1, 58), doy)


def _doy366(d: pd.Timestamp) -> int:
    """0-based day of year on a 366-day calendar (non-leap years skip 29 February)."""
    doy = d.day_of_year - 1
    return doy + 1 if (not d.is_leap_year and doy >= 59) else doy


def _drawdown(spec: DrawdownSpec, dates: pd.DatetimeIndex) -> np.ndarray:
    """1 on the reset date falling linearly by ``(1 − residual_days / L) / L`` a day.

    ``L`` is the length of the current period (from one reset date to the next, so 366
    when it spans 29 February); days into it are counted on a 366-day calendar
    (non-leap years skip 29 February), as Pywr's profiles do. This reproduces Pywr's
    uniform drawdown profile.
    """
    out = np.empty(len(dates))
    for i, d in enumerate(dates):
        year = d.year if (d.month, d.day) >= (spec.reset_month, spec.reset_day) else d.year - 1
        reset = pd.Timestamp(year=year, month=spec.reset_month, day=spec.reset_day)
        length = float((pd.Timestamp(year=year + 1, month=spec.reset_month, day=spec.reset_day) - reset).days)
        into = (_doy366(d) - _doy366(reset)) % 366
        out[i] = 1.0 - (1.0 - spec.residual_days / length) * into / length
    return out
