"""Scenario sets: documents that vary a model's inputs, combined as a product or a list.

A set has axes (climate, demand, operating rules …), each with named options;
an option is a list of changes to node values or named parameters: ``scale``
by a factor (a number, a monthly profile, a series …), ``growth_per_year``
(compound, by calendar year from the run's start), or ``set`` a new value.
Applying a set to a model gives a model whose scenarios are the combinations
(``product``: every option of every axis with every other; ``list``: the i-th
options together) — named ``option/option/…`` — so it runs like any other model,
in blocks, processes or on a cluster.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticUndefined

from arna.documents import read_mapping
from arna.errors import DocumentError
from arna.schema.document import ModelDocument
from arna.schema.load import model_from_mapping, validation_problems
from arna.schema.params import Value


class Change(BaseModel):
    """One change: to ``attribute`` of ``nodes``, or to the named ``parameter``."""

    model_config = ConfigDict(extra="forbid")

    nodes: list[str] = Field(default_factory=list)
    attribute: str | None = Field(default=None, description="The node field, e.g. flow, demand, requirement.")
    parameter: str | None = Field(default=None, description="A named parameter of the model instead of nodes.")
    scale: Value | None = Field(default=None, description="Multiply by this (dimensionless) value.")
    growth_per_year: float | None = Field(default=None, description="Compound growth rate, e.g. 0.02.")
    set: Value | None = Field(default=None, description="Replace the value.")

    @model_validator(mode="after")
    def _one_action(self) -> Change:
        actions = [a for a in ("scale", "growth_per_year", "set") if getattr(self, a) is not None]
        if len(actions) != 1:
            raise ValueError("give exactly one of scale, growth_per_year, set")
        if (self.parameter is None) == (not self.nodes or self.attribute is None):
            raise ValueError("give either nodes with attribute, or parameter")
        return self


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)  # name: 2050

    name: str = Field(min_length=1, pattern=r"^[^/]+$")
    description: str | None = None
    changes: list[Change] = Field(default_factory=list)


class Axis(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    name: str
    options: list[Option] = Field(min_length=1)


class ScenarioSet(BaseModel):
    """Axes of options and how to combine them."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str | None = None
    combine: Literal["product", "list"] = "product"
    axes: list[Axis] = Field(min_length=1)

    @model_validator(mode="after")
    def _lists_align(self) -> ScenarioSet:
        if self.combine == "list" and len({len(a.options) for a in self.axes}) > 1:
            raise ValueError("combine: list needs the same number of options on every axis")
        return self


def load_scenario_set(path: str | Path) -> ScenarioSet:
    p = Path(path)
    data = read_mapping(p)
    try:
        return ScenarioSet.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(p, validation_problems(exc, data)) from None


def combinations(sset: ScenarioSet, base: list[str]) -> list[tuple[str, list[Option]]]:
    """(base scenario, options) of every scenario of the expanded model."""
    axes = [a.options for a in sset.axes]
    combos = list(itertools.product(*axes)) if sset.combine == "product" else list(zip(*axes, strict=True))
    return [(b, list(c)) for b in base for c in combos]


def apply_scenario_set(doc: ModelDocument, sset: ScenarioSet, source: str | Path) -> ModelDocument:
    """The model with one scenario per combination of ``doc``'s scenarios and the set's options."""
    data = doc.model_dump(mode="json", exclude_none=True)
    base = doc.scenario_names()
    combos = combinations(sset, base)
    names = [_name(b, opts, len(base) > 1) for b, opts in combos]
    index = {n["name"]: i for i, n in enumerate(data["nodes"])}
    targets = _targets(sset, index, data, doc, source)
    _rekey(data, dict(zip(names, (b for b, _ in combos), strict=True)))
    for key in targets:
        original = _get(data, key)
        per = {}
        for name, (_, opts) in zip(names, combos, strict=True):
            value = original["values"][name] if _is_scenario_spec(original) else original
            for opt in opts:
                for ch in opt.changes:
                    if key in _keys(ch, index):
                        value = _changed(value, ch, doc)
            per[name] = value
        _put(data, key, {"type": "scenario", "values": per})
    members = {sc.name: dict(sc.members) for sc in doc.scenarios}
    data["scenarios"] = [{"name": n, "members": members[b]} for n, (b, _) in zip(names, combos, strict=True)]
    return model_from_mapping(data, source)


def _is_scenario_spec(value: Any) -> bool:
    return isinstance(value, dict) and value.get("type") == "scenario" and isinstance(value.get("values"), dict)


def _rekey(data: Any, base_of: dict[str, str]) -> None:
    """Key every scenario-indexed value anywhere in the document by the new scenario names.

    A value the set does not change still varies with the base scenario: ``baseline/2050`` takes
    the model's ``baseline`` value.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if _is_scenario_spec(item):
            old = item["values"]
            item["values"] = {new: old[base] for new, base in base_of.items() if base in old}
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _name(base: str, opts: list[Option], with_base: bool) -> str:
    parts = ([base] if with_base else []) + [o.name for o in opts]
    return "/".join(parts)


Key = tuple[str, str | int, str]  # ("nodes", index, field) or ("parameters", name, "")


def _keys(ch: Change, index: dict[str, int]) -> list[Key]:
    if ch.parameter is not None:
        return [("parameters", ch.parameter, "")]
    assert ch.attribute is not None
    return [("nodes", index[n], ch.attribute) for n in ch.nodes if n in index]


def _targets(
    sset: ScenarioSet, index: dict[str, int], data: dict[str, Any], doc: ModelDocument, source: str | Path
) -> list[Key]:
    problems: list[tuple[str, str]] = []
    keys: list[Key] = []
    for a, axis in enumerate(sset.axes):
        for o, opt in enumerate(axis.options):
            for c, ch in enumerate(opt.changes):
                where = f"axes[{a}].options[{o}].changes[{c}]"
                for j, n in enumerate(ch.nodes):
                    if n not in index:
                        problems.append((f"{where}.nodes[{j}]", f"the model has no node '{n}'"))
                    elif ch.attribute not in data["nodes"][index[n]] and not _give_default(data, doc, index[n], ch):
                        problems.append((f"{where}.attribute", _no_value(doc, index[n], ch)))
                if ch.parameter is not None and ch.parameter not in data.get("parameters", {}):
                    problems.append((f"{where}.parameter", f"the model has no parameter '{ch.parameter}'"))
                keys += [k for k in _keys(ch, index) if k not in keys]
    if problems:
        raise DocumentError(f"scenario set '{sset.name}' applied to {source}", problems)
    return keys


_ABSENT_MEANS: dict[str, Any] = {"rule_curve": {"type": "constant", "value": 1.0, "unit": "fraction"}}
"""Fields whose absence means a value: a reservoir with no rule curve keeps its curve at capacity."""


def _give_default(data: dict[str, Any], doc: ModelDocument, i: int, ch: Change) -> bool:
    """Write a node's default for the changed attribute into ``data`` if it has one (a set may add a value)."""
    field = type(doc.nodes[i]).model_fields.get(ch.attribute or "")
    default = _ABSENT_MEANS.get(ch.attribute or "") if field is not None else None
    if field is not None and default is None and field.default not in (None, PydanticUndefined):
        default = _plain(field.default)
    if default is None or ch.attribute in {"name", "type"}:
        return False
    data["nodes"][i][ch.attribute] = default
    return True


def _no_value(doc: ModelDocument, i: int, ch: Change) -> str:
    node = doc.nodes[i]
    if ch.attribute not in type(node).model_fields:
        return f"a {node.type} node has no field '{ch.attribute}' (see `arna schema --markdown`)"
    return (f"node '{node.name}' has no value '{ch.attribute}' yet, and no default to vary by scenario; "
            "give it a value in the model first")


def _get(data: dict[str, Any], key: Key) -> Any:
    if key[0] == "parameters":
        return data["parameters"][key[1]]
    return data["nodes"][key[1]][key[2]]


def _put(data: dict[str, Any], key: Key, value: Any) -> None:
    if key[0] == "parameters":
        data["parameters"][key[1]] = value
    else:
        data["nodes"][key[1]][key[2]] = value


def _changed(value: Any, ch: Change, doc: ModelDocument) -> Any:
    if ch.set is not None:
        return _plain(ch.set)
    if ch.scale is not None:
        return {"type": "scaled", "value": value, "factor": _plain(ch.scale)}
    rate = float(ch.growth_per_year or 0.0)
    growth = {"type": "discount", "rate": 1.0 / (1.0 + rate) - 1.0, "base_year": doc.timestepper.start.year}
    return {"type": "scaled", "value": value, "factor": growth}


def _plain(v: Any) -> Any:
    return v.model_dump(mode="json", exclude_none=True) if isinstance(v, BaseModel) else v
