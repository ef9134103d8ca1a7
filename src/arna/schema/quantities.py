"""Reading a :data:`~arna.schema.params.Value` without the calendar (for checks)."""

from __future__ import annotations

import pandas as pd

from arna.schema.params import ConstantSpec, Value, parse_quantity_string
from arna.schema.units import DEFAULT_UNIT, Dimension, factors

_PROBE = pd.DatetimeIndex(["2001-01-01"])


def constant_in(value: Value, dim: Dimension) -> float | None:
    """``value`` in internal units if it is a constant (January 2001 for calendar units), else ``None``.

    Returns ``None`` too when the unit is invalid (unit errors are reported elsewhere).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number, unit = float(value), DEFAULT_UNIT[dim]
    elif isinstance(value, str):
        try:
            number, unit = parse_quantity_string(value)
        except ValueError:
            return None
    elif isinstance(value, ConstantSpec):
        number, unit = value.value, value.unit or DEFAULT_UNIT[dim]
    else:
        return None
    try:
        return number * float(factors(unit, dim, _PROBE)[0])
    except Exception:
        return None
