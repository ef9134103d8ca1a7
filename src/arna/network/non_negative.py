"""Flows, volumes and other unsigned quantities must not be negative.

A value known before the run (a constant, a profile, a series, an aggregate of those) is refused when
the document is compiled, naming the first timestep and scenario where it is negative. A value that
reads the state (a control curve, an indexed or aggregated parameter over one) is recorded in
:attr:`~arna.network.ir.LinearNetwork.non_negative`; the engine checks those at every timestep
(:func:`arna.engine.diagnose.negative_error`). Either way the run ends as an input error, never as an
allocation without a solution.
"""

from __future__ import annotations

import numpy as np

from arna.errors import DocumentError
from arna.network.ir import NEGATIVE_TOLERANCE, LinearNetwork, NonNegative
from arna.schema.params import RefSpec

__all__ = ["describe_value", "require_non_negative", "where_text"]


def describe_value(value: object, path: str) -> str:
    """What is written at ``path``: a named parameter (with its own path) or the value itself."""
    if isinstance(value, RefSpec):
        return f"parameter '{value.name}' (parameters.{value.name})"
    if isinstance(value, int | float | str):
        return f"the value {value!r}"
    return "the parameter written there"


def where_text(req: NonNegative) -> str:
    """``nodes[0].max_flow (node 'a', parameter 'cap' (parameters.cap))`` for messages."""
    return f"{req.path} (node '{req.node}', {req.value})"


def require_non_negative(net: LinearNetwork, req: NonNegative, checked: set[int]) -> None:
    """Refuse ``req``'s parameter if it is known before the run and negative; else keep it for the engine.

    ``checked``: parameters already found non-negative (a named parameter read by many nodes is
    checked once).
    """
    if req.param in checked:
        return
    p = net.params[req.param]
    if p.dynamic:
        net.non_negative.append(req)
        return
    values = p.static_values(len(net.timesteps), len(net.scenarios))
    if values.size == 0 or not values.min() < -NEGATIVE_TOLERANCE:
        checked.add(req.param)
        return
    t, s = (int(i) for i in np.unravel_index(int(np.argmax(values < -NEGATIVE_TOLERANCE)), values.shape))
    scenario = "" if values.shape[1] == 1 else f", scenario '{net.scenarios[s]}'"
    raise DocumentError(req.source, [(req.path, (
        f"must not be negative: {req.value}, read by node '{req.node}', is {values[t, s]:g}"
        f"{' ' + req.unit if req.unit else ''} at timestep {t} ({net.timesteps[t].date()}){scenario}. "
        "A flow or a volume cannot be below zero (the allocation would have no solution); correct the "
        "values it is made of (a sign, a factor, a profile's entry), or take the larger of it and 0 (an "
        "aggregated 'max' with 0)."))])
