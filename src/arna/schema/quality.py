"""Water quality in a model document: named constituents and their concentrations at nodes.

The ``quality`` section of a document declares constituents (salinity as total
dissolved solids first) and, by node name, the concentrations of the water that
enters the network there, that a storage starts with, that a demand returns, and
the limit above which a demand refuses a source. Every concentration carries its
unit (g/L, mg/L, kg/m3, g/m3): a bare number is refused, since a salinity of
``1`` could be 1 g/L or 1 mg/L. Transport is in :mod:`arna.engine.quality`; the
method and its limits are in docs/water-quality.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from arna.hydrology.salinity import CROP_TOLERANCE, crop_key
from arna.schema.base import Fraction, Label, Language
from arna.schema.params import ConstantSpec, MonthlySpec, ScenarioSpec, Value, parse_quantity_string
from arna.schema.units import Dimension, check_unit, factors

if TYPE_CHECKING:
    from arna.schema.document import ModelDocument

Problem = tuple[str, str]
_PROBE = pd.DatetimeIndex(["2001-01-01"])

Concentrations = dict[str, Value]
"""Constituent name → concentration (a quantity with a concentration unit, e.g. ``"0.9 g/L"``)."""


class _Strict(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)


class Constituent(_Strict):
    """A dissolved constituent carried by the water (conservative: no decay)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Short name used in results, e.g. `tds`.")
    description: str | None = None
    labels: dict[Language, Label] | None = Field(default=None, description="Display names by language.")


class NodeQuality(_Strict):
    """Concentrations at one node; each field applies to some node kinds only."""

    concentration: Concentrations | None = Field(
        default=None, description="Inflow, source or groundwater recharge: the water entering from outside.")
    initial: Concentrations | None = Field(
        default=None, description="Reservoir, storage or groundwater: the stored water at the start "
        "(default: its `concentration`, else 0).")
    return_flow: Concentrations | None = Field(
        default=None, description="Demand: the return (drainage) water; the salt it carries beyond "
        "what the demand was given comes from the node's store.")
    leaching: Fraction | None = Field(
        default=None, description="Demand, instead of return_flow: share of the salt left behind by "
        "consumptive use that the return flow carries back (1: steady state, 0: all stays).")
    limit: Concentrations | None = Field(
        default=None, description="Demand: refuse water from a source whose concentration in the "
        "previous timestep was above this (e.g. drinking water at 1 g/L).")
    crops: dict[str, Annotated[float, Field(ge=0)]] | None = Field(
        default=None, description="Demand given as a series: its crops and their areas (ha), for yield "
        "losses (a demand with an irrigation scheme uses the scheme's crops).")


class SalinityEffects(_Strict):
    """How salinity (a TDS constituent) acts on crops and drinking water (FAO-29, Ayers & Westcot 1985)."""

    constituent: str = Field(default="tds", description="The constituent measuring total dissolved solids.")
    tds_per_ec: Annotated[float, Field(gt=0)] = Field(
        default=640.0, description="mg/L of TDS per dS/m of EC (FAO-29: 640 for ECw < 5 dS/m).")
    leaching_fraction: Annotated[float, Field(gt=0, lt=1)] = Field(
        default=0.15, description="Leaching fraction of the irrigated fields, used where a crop sets none.")
    soil_water_ratio: Annotated[float, Field(gt=0)] | None = Field(
        default=None, description="ECe ÷ ECw; default from the leaching fraction (FAO-29 section 2.4, "
        "40-30-20-10 uptake: 1.59 at LF 0.15; FAO-29 uses 1.5 for LF 0.15–0.20).")
    drinking_standard: Value = Field(
        default="1 g/L", description="Drinking-water limit of the constituent (regional standard 1 g/L).")


class QualitySection(_Strict):
    """Constituents carried through the network, and their concentrations by node."""

    constituents: list[Constituent] = Field(min_length=1, description="Salinity (tds) first, then any other.")
    nodes: dict[str, NodeQuality] = Field(default_factory=dict, description="Concentrations by node name.")
    salinity: SalinityEffects = Field(default_factory=SalinityEffects, description="Effects of salinity.")

    def names(self) -> list[str]:
        return [c.name for c in self.constituents]


# ------------------------------------------------------------------------------ checks

FIELD_KINDS: dict[str, frozenset[str]] = {
    "concentration": frozenset({"inflow", "source", "groundwater"}),
    "initial": frozenset({"reservoir", "groundwater", "storage"}),
    "return_flow": frozenset({"demand"}),
    "leaching": frozenset({"demand"}),
    "limit": frozenset({"demand"}),
    "crops": frozenset({"demand"}),
}


def check_quality(doc: ModelDocument) -> list[Problem]:
    """Problems of the ``quality`` section as (JSON path, message)."""
    q = doc.quality
    if q is None:
        return []
    out: list[Problem] = []
    names = q.names()
    for i, name in enumerate(names):
        if names.index(name) != i:
            out.append((f"quality.constituents[{i}].name", f"constituent '{name}' is declared twice"))
    kinds = {n.name: n for n in doc.nodes}
    for node_name, nq in q.nodes.items():
        base = f"quality.nodes.{node_name}"
        node = kinds.get(node_name)
        if node is None:
            out.append((base, f"unknown node '{node_name}'; quality applies to the document's nodes"))
            continue
        out += _check_fields(nq, node.type, base)
        if node.type == "demand" and (nq.return_flow is not None or nq.leaching is not None):
            if nq.return_flow is not None and nq.leaching is not None:
                out.append((f"{base}.leaching", "give return_flow or leaching, not both"))
            if getattr(node, "return_to", None) is None:
                out.append((f"{base}.return_flow", f"demand '{node_name}' has no return_to: it returns nothing"))
        for crop in nq.crops or {}:
            if crop_key(crop) is None:
                out.append((f"{base}.crops.{crop}", f"no FAO-29 salt tolerance for '{crop}'; use one of "
                                                    f"{', '.join(sorted(CROP_TOLERANCE))}"))
        for field, mapping in _maps(nq):
            out += check_concentrations(mapping, names, f"{base}.{field}")
    if q.salinity.constituent not in names and "salinity" in q.model_fields_set:
        out.append(("quality.salinity.constituent", f"unknown constituent '{q.salinity.constituent}'; "
                                                    f"declared: {', '.join(names)}"))
    out += _check_value(q.salinity.drinking_standard, "quality.salinity.drinking_standard")
    return out


def _check_fields(nq: NodeQuality, kind: str, base: str) -> list[Problem]:
    out: list[Problem] = []
    for field in nq.model_fields_set:
        allowed = FIELD_KINDS[field]
        if getattr(nq, field) is not None and kind not in allowed:
            out.append((f"{base}.{field}", f"a {kind} node has no {field}; it applies to "
                                           f"{', '.join(sorted(allowed))} nodes"))
    return out


def _maps(nq: NodeQuality) -> Iterator[tuple[str, Mapping[str, Value]]]:
    for field in ("concentration", "initial", "return_flow", "limit"):
        mapping = getattr(nq, field)
        if mapping is not None:
            yield field, mapping


def check_concentrations(mapping: Mapping[str, Value], names: list[str], path: str) -> list[Problem]:
    """Known constituents, a concentration unit on every value, nothing negative."""
    out: list[Problem] = []
    for key, value in mapping.items():
        if key not in names:
            out.append((f"{path}.{key}", f"unknown constituent '{key}'; declared: {', '.join(names)} "
                                         "(add it to quality.constituents)"))
            continue
        out += _check_value(value, f"{path}.{key}")
    return out


def _check_value(value: Value, path: str, inherited: str | None = None) -> list[Problem]:
    if isinstance(value, ScenarioSpec):
        return [p for k, v in value.values.items()
                for p in _check_value(v, f"{path}.values.{k}", value.unit or inherited)]
    unit, numbers = _unit_and_numbers(value, path)
    if isinstance(unit, tuple):
        return [unit]
    unit = unit or inherited
    if unit is None:
        return [(path, "a concentration needs its unit: write e.g. '0.9 g/L' or '900 mg/L', or give "
                       "`unit: g/L` in the object")]
    try:
        check_unit(unit, Dimension.CONCENTRATION)
    except Exception as exc:  # UnitError: the message names the accepted units
        return [(path if isinstance(value, str | int | float) else f"{path}.unit", str(exc))]
    if any(x < 0 for x in numbers):
        return [(path, f"a concentration cannot be negative (got {min(numbers):g} {unit})")]
    return []


def _unit_and_numbers(value: Any, path: str) -> tuple[str | tuple[str, str] | None, list[float]]:
    if isinstance(value, bool):
        return (path, "expected a concentration, got true/false"), []
    if isinstance(value, int | float):
        return None, [float(value)]
    if isinstance(value, str):
        try:
            number, unit = parse_quantity_string(value)
        except ValueError as exc:
            return (path, str(exc)), []
        return unit or None, [number]
    if isinstance(value, ConstantSpec):
        return value.unit, [value.value]
    if isinstance(value, MonthlySpec):
        return value.unit, list(value.values)
    return getattr(value, "unit", None), []


def concentration_in_gl(value: Value) -> float | None:
    """A constant concentration in g/L (``None`` if it is not a constant with a unit)."""
    unit, numbers = _unit_and_numbers(value, "")
    if not isinstance(unit, str) or len(numbers) != 1 or isinstance(value, MonthlySpec):
        return None
    return numbers[0] * float(factors(unit, Dimension.CONCENTRATION, _PROBE)[0])
