"""Runtime parameters: a value per timestep and scenario.

A parameter is *static* when its values are known before the run (constants,
profiles, series, scenario-indexed values): the engine precomputes them as
one array. A *dynamic* parameter depends on the state (storage volumes,
earlier flows, other parameters) and is evaluated at the start of every
timestep, vectorised over scenarios. Dynamic parameters are evaluated in list
order, so a parameter may only depend on parameters registered before it.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class State:
    """What a dynamic parameter may read at the start of timestep ``t``.

    Attributes
    ----------
    t:
        Timestep index.
    volumes:
        Storage volumes at the start of the timestep, ``(n_storages, S)``.
    flow_history:
        Node flows of earlier timesteps, ``(depth, n_nodes, S)``, most recent first.
    values:
        Parameter values of this timestep, ``(n_params, S)``; entries of
        parameters not yet evaluated are undefined.
    """

    t: int
    volumes: np.ndarray
    flow_history: np.ndarray
    values: np.ndarray
    days: float
    month: int
    day_of_year: int
    year: int
    extra: dict[str, np.ndarray] = field(default_factory=dict)


class Parameter:
    """Base class of runtime parameters (static or dynamic, see the subclasses)."""

    name: str = ""
    dynamic: bool = False

    def static_values(self, n_steps: int, n_scenarios: int) -> np.ndarray:
        """Values ``(T, S)`` or ``(T, 1)`` for a static parameter."""
        raise TypeError(f"{type(self).__name__} is dynamic")

    def evaluate(self, state: State) -> np.ndarray:
        """Values ``(S,)`` for a dynamic parameter at ``state.t``."""
        raise TypeError(f"{type(self).__name__} is static")

    def history_depth(self) -> int:
        """How many earlier timesteps of node flows this parameter reads."""
        return 0


class StaticParameter(Parameter):
    """A parameter whose values are fixed before the run."""

    @abstractmethod
    def static_values(self, n_steps: int, n_scenarios: int) -> np.ndarray: ...


class ConstantParameter(StaticParameter):
    """The same value everywhere."""

    def __init__(self, value: float, name: str = "") -> None:
        self.value = float(value)
        self.name = name

    def static_values(self, n_steps: int, n_scenarios: int) -> np.ndarray:
        return np.full((n_steps, 1), self.value)


class ArrayParameter(StaticParameter):
    """Precomputed values, ``(T,)``, ``(T, 1)`` or ``(T, S)``."""

    def __init__(self, values: np.ndarray, name: str = "") -> None:
        v = np.asarray(values, dtype=float)
        self.values = v[:, None] if v.ndim == 1 else v
        self.name = name

    def static_values(self, n_steps: int, n_scenarios: int) -> np.ndarray:
        if self.values.shape[0] != n_steps or self.values.shape[1] not in (1, n_scenarios):
            raise ValueError(f"parameter '{self.name}' has shape {self.values.shape}")
        return self.values


class DynamicParameter(Parameter):
    """A parameter evaluated every timestep from the state."""

    dynamic = True

    @abstractmethod
    def evaluate(self, state: State) -> np.ndarray: ...


class VolumeInterpolation(DynamicParameter):
    """A value interpolated against a storage's volume: linear (clamped at the ends) or cubic."""

    def __init__(self, storage: int, volumes: np.ndarray, values: np.ndarray, name: str = "",
                 kind: str = "linear") -> None:
        self.storage = storage
        self.xp = np.asarray(volumes, dtype=float)
        self.fp = np.asarray(values, dtype=float)
        self.name = name
        self.kind = kind
        self._spline: Callable[[np.ndarray], np.ndarray] | None = None  # the cubic one, built on first use

    def evaluate(self, state: State) -> np.ndarray:
        v = state.volumes[self.storage]
        if self.kind == "cubic":
            if self._spline is None:
                from scipy.interpolate import CubicSpline

                self._spline = CubicSpline(self.xp, self.fp)
            return np.asarray(self._spline(v), dtype=float)
        return np.interp(v, self.xp, self.fp)


class DelayedFlow(DynamicParameter):
    """The flow of a node ``steps`` timesteps ago (``initial`` before the run had that many)."""

    def __init__(self, node: int, steps: int, initial: float = 0.0, name: str = "") -> None:
        if steps < 1:
            raise ValueError("a delay is at least one timestep")
        self.node = node
        self.steps = steps
        self.initial = initial
        self.name = name

    def history_depth(self) -> int:
        return self.steps

    def evaluate(self, state: State) -> np.ndarray:
        if state.t < self.steps:
            return np.full(state.values.shape[1], self.initial)
        return state.flow_history[self.steps - 1, self.node].copy()


class Product(DynamicParameter):
    """``factor × Π param_i`` of earlier parameters (e.g. evaporation depth × surface area)."""

    def __init__(self, refs: list[int], factor: float = 1.0, name: str = "") -> None:
        self.refs = np.array(refs, dtype=np.intp)
        self.factor = factor
        self.name = name

    def evaluate(self, state: State) -> np.ndarray:
        return self.factor * np.prod(state.values[self.refs], axis=0)
