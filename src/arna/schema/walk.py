"""Walking nested values: the sub-values of composite parameters, and their cross-references."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from arna.schema.params import (
    AggregateSpec,
    ControlCurveSpec,
    FlowTableSpec,
    HydropowerTargetSpec,
    IndexedSpec,
    MembersSpec,
    NodeStateSpec,
    RefSpec,
    ScaledSpec,
    ScenarioSpec,
    SeriesSpec,
    TableSpec,
    ThresholdSpec,
    Value,
)

if TYPE_CHECKING:
    from arna.schema.document import ModelDocument

STORAGE_KINDS = frozenset({"reservoir", "groundwater", "storage", "licence", "storage_group"})


def nested_values(value: Any, path: str, same_dimension: bool = False) -> Iterator[tuple[str, Value]]:
    """Direct sub-values of a composite value with their JSON paths.

    With ``same_dimension``, only those measured like the value itself (per-scenario,
    per-member, indexed and control-curve values), for unit checks.
    """
    if isinstance(value, ScenarioSpec):
        for key, sub in value.values.items():
            yield f"{path}.values.{key}", sub
    elif isinstance(value, MembersSpec | IndexedSpec | ControlCurveSpec | AggregateSpec):
        if same_dimension and isinstance(value, AggregateSpec):
            return
        for i, sub in enumerate(value.values):
            yield f"{path}.values[{i}]", sub
        if same_dimension:
            return
        if isinstance(value, ControlCurveSpec):
            for i, sub in enumerate(value.curves):
                yield f"{path}.curves[{i}]", sub
        if isinstance(value, IndexedSpec):
            yield f"{path}.index", value.index
    elif isinstance(value, ThresholdSpec) and not same_dimension:
        yield f"{path}.input", value.input
        yield f"{path}.threshold", value.threshold
    elif isinstance(value, ScaledSpec):
        yield f"{path}.value", value.value
        if not same_dimension:
            yield f"{path}.factor", value.factor
    elif isinstance(value, HydropowerTargetSpec) and not same_dimension:
        yield f"{path}.level", value.level
        yield f"{path}.target", value.target


def check_value_refs(value: Any, path: str, doc: ModelDocument, kinds: Mapping[str, str]) -> list[tuple[str, str]]:
    """Problems with the names a value refers to (nodes, parameters, scenarios, axes), recursively."""
    out = _own_refs(value, path, doc, kinds)
    for sub_path, sub in nested_values(value, path):
        out += check_value_refs(sub, sub_path, doc, kinds)
    return out


def _own_refs(value: Any, path: str, doc: ModelDocument, kinds: Mapping[str, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(value, RefSpec) and value.name not in doc.parameters:
        out.append((f"{path}.name", f"no parameter named '{value.name}' in `parameters`"))
    if isinstance(value, TableSpec):
        if kinds.get(value.node) not in STORAGE_KINDS:
            out.append((f"{path}.node", f"'{value.node}' is not a storage node"))
        if len(value.volumes) != len(value.values):
            out.append((path, "volumes and values must have the same length"))
    if isinstance(value, ControlCurveSpec):
        if kinds.get(value.storage) not in STORAGE_KINDS:
            out.append((f"{path}.storage", f"'{value.storage}' is not a storage node"))
        need = {"step": len(value.curves) + 1, "interpolate": len(value.curves) + 2, "index": 0}[value.mode]
        if value.mode != "index" and len(value.values) != need:
            out.append((f"{path}.values", f"mode '{value.mode}' with {len(value.curves)} curves needs {need} values"))
    if isinstance(value, NodeStateSpec | FlowTableSpec) and value.node not in kinds:
        out.append((f"{path}.node", f"unknown node '{value.node}'"))
    if isinstance(value, NodeStateSpec) and "volume" in value.attribute and kinds.get(value.node) not in STORAGE_KINDS:
        out.append((f"{path}.node", f"'{value.node}' is not a storage node"))
    if isinstance(value, ScenarioSpec):
        declared = set(doc.scenario_names())
        for key in value.values:
            if key not in declared:
                out.append((f"{path}.values.{key}", f"no scenario named '{key}'; declared: {sorted(declared)}"))
        for key in sorted(declared - set(value.values)):
            out.append((f"{path}.values", f"no value for scenario '{key}'"))
    axis = value.axis if isinstance(value, MembersSpec) else value.scenario if isinstance(value, SeriesSpec) else None
    if axis is not None:
        for s in doc.scenarios:
            if axis not in s.members:
                out.append((path, f"scenario '{s.name}' has no member of axis '{axis}' (add it to its members)"))
            elif isinstance(value, MembersSpec) and not 0 <= s.members[axis] < len(value.values):
                out.append((path, f"scenario '{s.name}' is member {s.members[axis]} of '{axis}', "
                                  f"but only {len(value.values)} values are given"))
    return out
