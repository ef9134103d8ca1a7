"""The value of a Pywr parameter built only from numbers: constants and aggregates of constants.

Used by the schema to refuse, before anything runs, a flow or volume that is negative whatever
happens (``{"type": "aggregated", "agg_func": "sum", "parameters": [10, -20]}`` as a ``max_flow``).
Anything that depends on the date, a scenario, data or the state is not folded (``None``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["constant_value"]

_FOLD: dict[str, Callable[[list[float]], float]] = {
    "sum": math.fsum, "min": min, "max": max, "product": math.prod,
    "mean": lambda xs: math.fsum(xs) / len(xs),
}


def _kind(p: Mapping[str, Any]) -> str:
    kind = str(p.get("type", "")).strip().lower()
    return kind[: -len("parameter")] if kind.endswith("parameter") and kind != "parameter" else kind


def constant_value(v: Any, params: Mapping[str, Any], seen: frozenset[str] = frozenset()) -> float | None:
    """``v``'s value if it is a number, a constant or an aggregate of those (through named parameters).

    >>> constant_value({"type": "aggregated", "agg_func": "product", "parameters": ["k", -1]},
    ...                {"k": {"type": "constant", "value": 4}})
    -4.0
    """
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        return constant_value(params[v], params, seen | {v}) if v in params and v not in seen else None
    if not isinstance(v, Mapping):
        return None
    kind = _kind(v)
    if kind == "constant" and not {"url", "table"} & set(v):
        number = v.get("value", v.get("values"))
        return float(number) if isinstance(number, int | float) and not isinstance(number, bool) else None
    fold = _FOLD.get(str(v.get("agg_func", "sum")).lower())
    parts = v.get("parameters")
    if kind != "aggregated" or fold is None or not isinstance(parts, list) or not parts:
        return None
    values = [constant_value(p, params, seen) for p in parts]
    return None if any(x is None for x in values) else fold([x for x in values if x is not None])
