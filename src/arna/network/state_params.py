"""Runtime parameters that read the state or other parameters (control curves, thresholds …).

Node and storage names are bound to indices after the network is built
(:meth:`Bindable.bind`), so a parameter may refer to a node compiled later.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from arna.network.parameters import DynamicParameter, State


class Resolver:
    """Names → indices, filled in while compiling; ``bind`` is called once all exist."""

    def __init__(self) -> None:
        self.storage: dict[str, int] = {}
        self.storage_max: dict[str, int] = {}
        self.node_flow: dict[str, int] = {}
        self.node_max_flow: dict[str, int] = {}


class Bindable(DynamicParameter):
    """A dynamic parameter that refers to nodes by name."""

    def bind(self, resolver: Resolver) -> None:
        """Look up the indices this parameter needs."""


class ControlCurve(Bindable):
    """Zone of a storage's proportional volume against curves (highest first) → value or index."""

    def __init__(self, storage: str, curves: list[int], values: list[int], mode: str, name: str = "") -> None:
        self.storage_name = storage
        self.curves = np.array(curves, dtype=np.intp)
        self.values = np.array(values, dtype=np.intp)
        self.mode = mode
        self.name = name
        self.storage = -1
        self.max_ref = -1

    def bind(self, resolver: Resolver) -> None:
        self.storage = resolver.storage[self.storage_name]
        self.max_ref = resolver.storage_max[self.storage_name]

    def evaluate(self, state: State) -> np.ndarray:
        vmax = state.values[self.max_ref]
        pc = np.divide(state.volumes[self.storage], vmax, out=np.zeros_like(vmax), where=vmax > 0)
        curves = state.values[self.curves]  # (n_curves, S)
        zone = (pc[None, :] < curves).sum(axis=0)  # 0 above the first curve
        if self.mode == "index":
            return zone.astype(float)
        vals = state.values[self.values]  # (n_values, S)
        cols = np.arange(pc.shape[0])
        if self.mode == "step":
            return vals[zone, cols]
        # interpolate: value at 1.0, at each curve, at 0.0
        tops = np.vstack([np.ones_like(pc), curves, np.zeros_like(pc)])
        hi_x, lo_x = tops[zone, cols], tops[zone + 1, cols]
        hi_v, lo_v = vals[zone, cols], vals[zone + 1, cols]
        width = hi_x - lo_x
        w = np.divide(pc - lo_x, width, out=np.zeros_like(pc), where=width > 0)
        return lo_v + w * (hi_v - lo_v)


class Indexed(DynamicParameter):
    """``values[index]`` with the index itself a parameter."""

    def __init__(self, index: int, values: list[int], name: str = "") -> None:
        self.index = index
        self.values = np.array(values, dtype=np.intp)
        self.name = name

    def evaluate(self, state: State) -> np.ndarray:
        idx = np.clip(state.values[self.index].astype(np.intp), 0, len(self.values) - 1)
        vals = state.values[self.values]
        return vals[idx, np.arange(vals.shape[1])]


AGGREGATES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sum": lambda v: v.sum(axis=0),
    "min": lambda v: v.min(axis=0),
    "max": lambda v: v.max(axis=0),
    "product": lambda v: v.prod(axis=0),
    "mean": lambda v: v.mean(axis=0),
    "any": lambda v: (v != 0).any(axis=0).astype(float),
    "all": lambda v: (v != 0).all(axis=0).astype(float),
}


class Aggregate(DynamicParameter):
    def __init__(self, function: str, refs: list[int], name: str = "") -> None:
        self.function = function
        self.refs = np.array(refs, dtype=np.intp)
        self.name = name

    def evaluate(self, state: State) -> np.ndarray:
        return AGGREGATES[self.function](state.values[self.refs])


PREDICATES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal, "==": np.equal,
}


class Threshold(DynamicParameter):
    def __init__(self, input_ref: int, threshold: int, predicate: str, values: tuple[float, float],
                 name: str = "") -> None:
        self.input = input_ref
        self.threshold = threshold
        self.predicate = predicate
        self.values = values
        self.name = name

    def evaluate(self, state: State) -> np.ndarray:
        hit = PREDICATES[self.predicate](state.values[self.input], state.values[self.threshold])
        return np.where(hit, self.values[1], self.values[0])


class NodeState(Bindable):
    """A node's flow history, a storage's volume, or a sink's deficit (see NodeStateSpec)."""

    def __init__(self, node: str, attribute: str, timesteps: int = 1, initial: float = 0.0,
                 scale: float = 1.0, name: str = "") -> None:
        self.node_name = node
        self.attribute = attribute
        self.timesteps = timesteps
        self.initial = initial
        self.scale = scale
        self.name = name
        self.index = -1
        self.max_ref = -1

    def history_depth(self) -> int:
        if self.attribute in {"flow", "deficit"}:
            return 1
        return self.timesteps if self.attribute == "mean_flow" else 0

    def bind(self, resolver: Resolver) -> None:
        if "volume" in self.attribute:
            self.index = resolver.storage[self.node_name]
            self.max_ref = resolver.storage_max[self.node_name]
        else:
            self.index = resolver.node_flow[self.node_name]
            if self.attribute == "deficit":
                self.max_ref = resolver.node_max_flow[self.node_name]

    def evaluate(self, state: State) -> np.ndarray:
        n_s = state.values.shape[1]
        if self.attribute == "volume":
            return state.volumes[self.index] * self.scale
        if self.attribute == "proportional_volume":
            vmax = state.values[self.max_ref]
            return np.divide(state.volumes[self.index], vmax, out=np.zeros(n_s), where=vmax > 0)
        if state.t == 0:
            return np.full(n_s, self.initial)
        if self.attribute == "flow":
            return state.flow_history[0, self.index] * self.scale
        if self.attribute == "mean_flow":
            k = min(self.timesteps, state.t)
            return state.flow_history[:k, self.index].mean(axis=0) * self.scale
        # deficit: the previous timestep's max_flow less its flow
        prev_max = state.extra["previous_values"][self.max_ref]
        return np.maximum(prev_max - state.flow_history[0, self.index], 0.0) * self.scale


class FlowTable(Bindable):
    """A value interpolated against a node's flow in the previous timestep."""

    def __init__(self, node: str, flows: np.ndarray, values: np.ndarray, initial_flow: float, name: str = "") -> None:
        self.node_name = node
        self.xp, self.fp = flows, values
        self.initial_flow = initial_flow
        self.name = name
        self.index = -1

    def history_depth(self) -> int:
        return 1

    def bind(self, resolver: Resolver) -> None:
        self.index = resolver.node_flow[self.node_name]

    def evaluate(self, state: State) -> np.ndarray:
        n_s = state.values.shape[1]
        q = np.full(n_s, self.initial_flow) if state.t == 0 else state.flow_history[0, self.index]
        return np.interp(q, self.xp, self.fp)


def gain_of_net_loss(loss: np.ndarray) -> np.ndarray:
    """Net delivered per unit entering when ``loss`` is a share of the net flow."""
    return 1.0 / (1.0 + loss)


def gain_of_gross_loss(loss: np.ndarray) -> np.ndarray:
    """Net delivered per unit entering when ``loss`` is a share of the gross flow."""
    return 1.0 - loss


TRANSFORMS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "gain_of_net_loss": gain_of_net_loss,
    "gain_of_gross_loss": gain_of_gross_loss,
}


class Transform(DynamicParameter):
    """An element-wise named function (see ``TRANSFORMS``) of one parameter."""

    def __init__(self, ref: int, func: str, name: str = "") -> None:
        self.ref = ref
        self.func = func
        self.name = name

    def evaluate(self, state: State) -> np.ndarray:
        return TRANSFORMS[self.func](state.values[self.ref])


class HydropowerTarget(DynamicParameter):
    """Turbine flow for a power target at the current head (see ``HydropowerTargetSpec``)."""

    def __init__(self, level: int, target: int, lo: int, hi: int | None, turbine_elevation: float,
                 factor: float, name: str = "") -> None:
        self.level, self.target, self.lo, self.hi = level, target, lo, hi
        self.turbine_elevation = turbine_elevation
        self.factor = factor  # density · g · efficiency · unit conversions
        self.name = name

    def evaluate(self, state: State) -> np.ndarray:
        head = np.maximum(state.values[self.level] - self.turbine_elevation, 0.0)
        denom = self.factor * head
        hi = state.values[self.hi] if self.hi is not None else np.full_like(head, np.inf)
        q = np.divide(state.values[self.target], denom, out=hi.copy(), where=denom > 0)
        return np.minimum(np.maximum(q, state.values[self.lo]), hi)
