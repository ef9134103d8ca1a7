"""The model reference, generated from the schema so it cannot drift (``docs/model-reference.md``)."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from arna.schema.document import ModelDocument, Timestepper
from arna.schema.nodes import NODE_CLASSES, NodeBase
from arna.schema.params import ConstantSpec, DailySpec, DekadalSpec, MonthlySpec, ScenarioSpec, SeriesSpec, TableSpec
from arna.schema.quality import Constituent, NodeQuality, QualitySection, SalinityEffects
from arna.schema.units import DEFAULT_UNIT, Dimension, known_units


def _type_name(cls: type[BaseModel]) -> str:
    args = get_args(cls.model_fields["type"].annotation)
    return " / ".join(f"`{a}`" for a in args)


def _default(info: Any) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        value = info.default_factory()
        return f"`{value!r}`" if not isinstance(value, list | dict) or not value else "one `baseline` scenario"
    return f"`{info.default!r}`" if info.default is not None else "—"


def _fields(cls: type[BaseModel], skip: set[str]) -> list[str]:
    rows = ["| field | default | description |", "|---|---|---|"]
    for name, info in cls.model_fields.items():
        if name in skip:
            continue
        desc = (info.description or "").replace("|", "\\|")
        rows.append(f"| `{name}` | {_default(info)} | {desc} |")
    return rows


def render_reference() -> str:
    """Markdown reference of the model document."""
    out = ["# Model document reference", "",
           "Generated from the schema by `arna schema --markdown`; do not edit by hand.", "",
           "A model is a YAML or JSON document. Unknown keys are errors. The JSON Schema is printed by "
           "`arna schema`.", "", "## Top level", ""]
    out += _fields(ModelDocument, set())
    out += ["", "## timestepper", "", *_fields(Timestepper, set())]
    out += ["", "## Units", "", "A quantity is a number in its field's default unit, a string such as "
            "`\"5.4 km3\"`, or a parameter object with a `unit`. Accepted units:", ""]
    for dim in Dimension:
        units = ", ".join(f"`{u}`" for u in known_units(dim) if u)
        out.append(f"- **{dim.value}** (default `{DEFAULT_UNIT[dim] or 'none'}`): {units or 'dimensionless'}")
    out += ["", "## Parameter objects", ""]
    for spec in (ConstantSpec, MonthlySpec, DekadalSpec, DailySpec, SeriesSpec, TableSpec, ScenarioSpec):
        doc = (spec.__doc__ or "").strip().splitlines()[0]
        out += [f"### {_type_name(spec)}", "", doc, "", *_fields(spec, {"type"}), ""]
    out += ["## Node kinds", "", "Every node has these fields:", "", *_fields(NodeBase, set()), ""]
    for cls in NODE_CLASSES:
        doc = " ".join((cls.__doc__ or "").split())
        out += [f"### {_type_name(cls)}", "", doc, ""]
        out += [*_fields(cls, set(NodeBase.model_fields) | {"type"}), ""]
    out += ["## quality", "", "Water quality (see docs/water-quality.md). Every concentration needs its unit.", ""]
    sections: tuple[tuple[str, type[BaseModel]], ...] = (
        ("quality", QualitySection), ("quality.constituents[]", Constituent),
        ("quality.nodes.<node>", NodeQuality), ("quality.salinity", SalinityEffects))
    for title, model in sections:
        out += [f"### {title}", "", " ".join((model.__doc__ or "").split()), "", *_fields(model, set()), ""]
    return "\n".join(out)
