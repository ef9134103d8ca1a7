"""Evaluating dynamic parameters in batches: one numpy call for all parameters of a kind.

Parameters are ordered into levels (a parameter's level is one more than the
highest level of the dynamic parameters it reads); within a level, parameters
of the same kind are evaluated together as ``(n, S)`` arrays — a Python loop
over nodes in the time loop costs more than the solve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from arna.network.parameters import DynamicParameter, Parameter, State
from arna.network.state_params import AGGREGATES, Aggregate, ControlCurve

Evaluator = Callable[[State], np.ndarray]


@dataclass
class Step:
    """Parameters ``targets`` get the rows of ``evaluate(state)``."""

    targets: np.ndarray
    evaluate: Evaluator


def dynamic_inputs(p: Parameter) -> list[int]:
    """The parameter references a dynamic parameter reads in the same timestep."""
    refs: list[int] = []
    for name in ("curves", "values", "refs"):
        v = getattr(p, name, None)
        if isinstance(v, np.ndarray) and v.dtype.kind == "i":
            refs += [int(x) for x in v]
    for name in ("index", "input", "threshold", "ref", "level", "target", "lo", "hi", "max_ref"):
        v = getattr(p, name, None)
        if isinstance(v, int | np.integer) and not isinstance(v, bool) and v >= 0 and name != "max_ref":
            refs.append(int(v))
    if isinstance(p, ControlCurve) and p.max_ref >= 0:
        refs.append(p.max_ref)
    return refs


def plan(params: list[Parameter]) -> list[Step]:
    """Evaluation steps for the dynamic parameters of a network, level by level."""
    level: dict[int, int] = {}
    for i, p in enumerate(params):
        if p.dynamic:
            deps = [level[r] for r in dynamic_inputs(p) if r in level]
            level[i] = 1 + max(deps) if deps else 0
    steps: list[Step] = []
    for lv in sorted(set(level.values())):
        groups: dict[tuple[object, ...], list[int]] = {}
        for i, l_i in level.items():
            if l_i == lv:
                groups.setdefault(_group_key(params[i], i), []).append(i)
        for key, members in groups.items():
            steps.append(_step(key, members, params))
    return steps


def _group_key(p: Parameter, i: int) -> tuple[object, ...]:
    if isinstance(p, ControlCurve):
        return ("control_curve", p.mode)
    if isinstance(p, Aggregate):
        return ("aggregate", p.function, len(p.refs))
    return ("single", i)


def _step(key: tuple[object, ...], members: list[int], params: list[Parameter]) -> Step:
    targets = np.array(members, dtype=np.intp)
    if key[0] == "control_curve" and len(members) > 1:
        return Step(targets, ControlCurveBatch([_cc(params[i]) for i in members]))
    if key[0] == "aggregate" and len(members) > 1:
        return Step(targets, AggregateBatch([_agg(params[i]) for i in members]))
    p = params[members[0]]
    assert isinstance(p, DynamicParameter)
    return Step(targets, _Single(p))


class _Single:
    """One parameter evaluated on its own, as a one-row batch."""

    def __init__(self, p: DynamicParameter) -> None:
        self.p = p

    def __call__(self, state: State) -> np.ndarray:
        return self.p.evaluate(state)[None, :]


def _cc(p: Parameter) -> ControlCurve:
    assert isinstance(p, ControlCurve)
    return p


def _agg(p: Parameter) -> Aggregate:
    assert isinstance(p, Aggregate)
    return p


class ControlCurveBatch:
    """Control curves of one mode, evaluated together (curves padded per parameter)."""

    def __init__(self, params: list[ControlCurve]) -> None:
        self.params = params
        self.mode = params[0].mode
        self._ready = False

    def _prepare(self) -> None:  # after binding: storage indices are known
        n, k = len(self.params), max(len(p.curves) for p in self.params)
        self.storage = np.array([p.storage for p in self.params], dtype=np.intp)
        self.max_ref = np.array([p.max_ref for p in self.params], dtype=np.intp)
        self.curve_refs = np.zeros((n, max(k, 1)), dtype=np.intp)
        self.mask = np.zeros((n, max(k, 1)), dtype=bool)
        self.value_refs = np.zeros((n, k + 2), dtype=np.intp)
        for i, p in enumerate(self.params):
            self.curve_refs[i, : len(p.curves)] = p.curves
            self.mask[i, : len(p.curves)] = True
            self.value_refs[i, : len(p.values)] = p.values
        self._ready = True

    def __call__(self, state: State) -> np.ndarray:
        if not self._ready:
            self._prepare()
        vmax = state.values[self.max_ref]
        pc = np.divide(state.volumes[self.storage], vmax, out=np.zeros_like(vmax), where=vmax > 0)
        curves = np.where(self.mask[:, :, None], state.values[self.curve_refs], -np.inf)
        zone = (pc[:, None, :] < curves).sum(axis=1)
        if self.mode == "index":
            return zone.astype(float)
        vals = state.values[self.value_refs]
        if self.mode == "step":
            return np.take_along_axis(vals, zone[:, None, :], axis=1)[:, 0]
        tops = np.concatenate([np.ones_like(pc)[:, None], np.where(self.mask[:, :, None], curves, 0.0),
                               np.zeros_like(pc)[:, None]], axis=1)
        hi_x = np.take_along_axis(tops, zone[:, None, :], axis=1)[:, 0]
        lo_x = np.take_along_axis(tops, zone[:, None, :] + 1, axis=1)[:, 0]
        hi_v = np.take_along_axis(vals, zone[:, None, :], axis=1)[:, 0]
        lo_v = np.take_along_axis(vals, zone[:, None, :] + 1, axis=1)[:, 0]
        width = hi_x - lo_x
        w = np.divide(pc - lo_x, width, out=np.zeros_like(pc), where=width > 0)
        return lo_v + w * (hi_v - lo_v)


class AggregateBatch:
    """Aggregates of one function and arity, evaluated together."""

    def __init__(self, params: list[Aggregate]) -> None:
        self.refs = np.stack([p.refs for p in params])
        self.function = params[0].function

    def __call__(self, state: State) -> np.ndarray:
        vals = state.values[self.refs]  # (n, m, S)
        return AGGREGATES[self.function](np.moveaxis(vals, 1, 0))
