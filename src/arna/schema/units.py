"""Units at the document boundary.

The engine works in one internal system: **volumes in hm³ and flows in hm³ per
day** (Pywr's convention of "volume units per day", with hm³ as the volume
unit), so a timestep of ``d`` days moves ``flow × d`` hm³. Every quantity in a
document carries a unit (or uses its field's documented default); it is
converted once, here, using each timestep's real length: ``hm3/month`` divides
by the days of the calendar month the timestep falls in, ``hm3/dekad`` by the
days of its dekad (10, or 8–11 for a month's third), ``km3/year`` by the days of
that year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from functools import lru_cache

import numpy as np
import pandas as pd

from arna.errors import UnitError
from arna.schema.dekad import dekad_days

SECONDS_PER_DAY = 86_400.0


# Not StrEnum: that would change str() and format() of a member from 'Dimension.FLOW' to 'flow'.
class Dimension(str, Enum):  # noqa: UP042
    """What a quantity measures; each field of a document has one."""

    FLOW = "flow"
    VOLUME = "volume"
    LENGTH = "length"  # levels (m a.s.l.)
    AREA = "area"
    DEPTH_RATE = "depth_rate"  # evaporation, mm per period
    POWER = "power"
    FRACTION = "fraction"
    COST = "cost"  # objective cost per unit flow (Pywr documents)
    NUMBER = "number"  # dimensionless value of any size
    CONCENTRATION = "concentration"  # dissolved constituents, g/L internally (see docs/water-quality.md)


SIGNED = frozenset({Dimension.COST, Dimension.NUMBER, Dimension.LENGTH})
"""Dimensions whose values may be negative (a benefit, a factor, a level below the sea); every other
quantity (a flow, a volume, an area …) must not be: checked before the run and, for values that read the
state, at every timestep."""


# Each flow unit → function(dates) giving the factor to hm³/day for the
# timesteps starting at ``dates``.
_Factor = Callable[[pd.DatetimeIndex], np.ndarray]


def _fixed(x: float) -> _Factor:
    return lambda dates: np.full(len(dates), x)


def _per_month(hm3_per_unit: float) -> _Factor:
    return lambda dates: hm3_per_unit / np.asarray(dates.days_in_month, dtype=float)


def _per_dekad(hm3_per_unit: float) -> _Factor:
    return lambda dates: hm3_per_unit / dekad_days(dates)


def _per_year(hm3_per_unit: float) -> _Factor:
    return lambda dates: hm3_per_unit / np.where(np.asarray(dates.is_leap_year), 366.0, 365.0)


FLOW_UNITS: dict[str, _Factor] = {
    "m3/s": _fixed(SECONDS_PER_DAY / 1e6),
    "l/s": _fixed(SECONDS_PER_DAY / 1e9),
    "m3/day": _fixed(1e-6),
    "hm3/day": _fixed(1.0),
    "hm3/dekad": _per_dekad(1.0),
    "hm3/month": _per_month(1.0),
    "km3/year": _per_year(1e3),
    "hm3/year": _per_year(1.0),
    "Ml/day": _fixed(1e-3),
}

VOLUME_UNITS: dict[str, float] = {"hm3": 1.0, "m3": 1e-6, "km3": 1e3, "mcm": 1.0, "Ml": 1e-3}
LENGTH_UNITS: dict[str, float] = {"m": 1.0}
AREA_UNITS: dict[str, float] = {"km2": 1.0, "ha": 0.01, "m2": 1e-6}
DEPTH_RATE_UNITS: dict[str, _Factor] = {  # → mm/day
    "mm/day": _fixed(1.0),
    "mm/month": _per_month(1.0),
    "mm/year": _per_year(1.0),
}
POWER_UNITS: dict[str, float] = {"MW": 1.0, "kW": 1e-3, "GW": 1e3}
FRACTION_UNITS: dict[str, float] = {"fraction": 1.0, "%": 0.01}
PLAIN_UNITS: dict[str, float] = {"": 1.0, "1": 1.0}
CONCENTRATION_UNITS: dict[str, float] = {  # → g/L
    "g/L": 1.0, "g/l": 1.0, "mg/L": 1e-3, "mg/l": 1e-3, "kg/m3": 1.0, "g/m3": 1e-3,
}

DEFAULT_UNIT: dict[Dimension, str] = {
    Dimension.FLOW: "m3/s",
    Dimension.VOLUME: "hm3",
    Dimension.LENGTH: "m",
    Dimension.AREA: "km2",
    Dimension.DEPTH_RATE: "mm/month",
    Dimension.POWER: "MW",
    Dimension.FRACTION: "fraction",
    Dimension.COST: "",
    Dimension.NUMBER: "",
    Dimension.CONCENTRATION: "g/L",
}

_STATIC: dict[Dimension, dict[str, float]] = {
    Dimension.VOLUME: VOLUME_UNITS,
    Dimension.LENGTH: LENGTH_UNITS,
    Dimension.AREA: AREA_UNITS,
    Dimension.POWER: POWER_UNITS,
    Dimension.FRACTION: FRACTION_UNITS,
    Dimension.COST: PLAIN_UNITS,
    Dimension.NUMBER: PLAIN_UNITS,
    Dimension.CONCENTRATION: CONCENTRATION_UNITS,
}
_TIME_DEPENDENT: dict[Dimension, dict[str, _Factor]] = {
    Dimension.FLOW: FLOW_UNITS,
    Dimension.DEPTH_RATE: DEPTH_RATE_UNITS,
}


_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3"})
_PERIOD_ALIASES = {"yr": "year", "a": "year", "d": "day", "mon": "month", "sec": "s"}


def canonical_unit(unit: str) -> str:
    """The accepted spelling of a unit written in a common variant.

    Superscripts, spaces around ``/`` and short period names are accepted, so the
    units Arna prints (``km3/yr``) and the usual ways of writing them read back:

    >>> [canonical_unit(u) for u in ("km3/yr", "m³/s", "hm3 / month", "m3/sec", "mm/d")]
    ['km3/year', 'm3/s', 'hm3/month', 'm3/s', 'mm/day']
    """
    text = unit.strip().translate(_SUPERSCRIPTS)
    if "/" not in text:
        return text
    num, _, per = (part.strip() for part in text.partition("/"))
    return f"{num}/{_PERIOD_ALIASES.get(per, per)}"


def known_units(dim: Dimension) -> list[str]:
    """The unit names accepted for ``dim``."""
    table = _TIME_DEPENDENT.get(dim) or _STATIC[dim]
    return sorted(table)


def unit_dimension(unit: str) -> Dimension | None:
    """The dimension a unit name belongs to (``None`` if unknown)."""
    unit = canonical_unit(unit)
    tables: list[tuple[Dimension, Mapping[str, object]]] = [*_TIME_DEPENDENT.items(), *_STATIC.items()]
    for dim, t in tables:
        if unit in t and unit not in PLAIN_UNITS:
            return dim
    return None


def check_unit(unit: str, dim: Dimension) -> None:
    """Raise :class:`UnitError` unless ``unit`` (in any spelling :func:`canonical_unit` reads) measures ``dim``."""
    if canonical_unit(unit) in known_units(dim):
        return
    other = unit_dimension(unit)
    if other is not None:
        raise UnitError(
            f"unit '{unit}' is a {other.value} unit, but a {dim.value} is expected here; "
            f"use one of: {unit_choices(dim)}"
        )
    raise UnitError(f"unknown unit '{unit}'; a {dim.value} takes one of: {unit_choices(dim)}")


def unit_choices(dim: Dimension) -> str:
    """The units of ``dim`` for a message, the empty unit shown as ``'' (no unit)``."""
    return ", ".join("'' (no unit)" if u == "" else u for u in known_units(dim))


def factors(unit: str, dim: Dimension, dates: pd.DatetimeIndex) -> np.ndarray:
    """Factor per timestep converting ``unit`` to the internal unit of ``dim``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = factors("hm3/month", Dimension.FLOW, pd.DatetimeIndex(["2021-02-01"]))
    >>> round(float(f[0] * 28), 12)
    1.0
    """
    check_unit(unit, dim)
    unit = canonical_unit(unit)
    if dim in _TIME_DEPENDENT:
        return _TIME_DEPENDENT[dim][unit](dates)
    return np.full(len(dates), _STATIC[dim][unit])


def static_factor(unit: str, dim: Dimension) -> float:
    """Conversion factor for units that do not depend on the calendar."""
    check_unit(unit, dim)
    unit = canonical_unit(unit)
    if dim in _TIME_DEPENDENT:
        raise UnitError(f"'{unit}' depends on the timestep; it cannot be used here")
    return _STATIC[dim][unit]


HM3_PER_DAY_TO_M3S = 1e6 / SECONDS_PER_DAY

FIXED_FLOW_UNITS = ("m3/s", "l/s", "m3/day", "hm3/day", "Ml/day")
"""Flow units with a fixed factor: the ones a model may report its results in."""


@lru_cache(maxsize=64)
def flow_unit_factor(unit: str) -> float:
    """hm³/day per ``unit`` for a fixed-factor flow unit (cached: compiling asks once per recorded flow)."""
    unit = canonical_unit(unit)
    if unit not in FIXED_FLOW_UNITS:
        raise UnitError(f"results cannot be reported in '{unit}'; use one of {', '.join(FIXED_FLOW_UNITS)}")
    return float(FLOW_UNITS[unit](pd.DatetimeIndex(["2001-01-01"]))[0])
