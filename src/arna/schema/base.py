"""What every node kind shares: the base class and quantity fields."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from arna.schema.units import DEFAULT_UNIT, Dimension


def quantity(dim: Dimension, description: str, default: Any = ...) -> Any:
    """A :data:`Value` field of dimension ``dim``."""
    return Field(
        default,
        description=f"{description} [{dim.value}; default unit {DEFAULT_UNIT[dim] or 'none'}]",
        json_schema_extra={"dimension": dim.value},
    )


def field_of(model: object, name: str) -> Any:
    """``getattr(model, name, None)`` for a field name (never a method or class attribute): a pydantic model
    keeps its fields in ``__dict__``, and asking one for a field it lacks costs pydantic an exception with a
    formatted message (~15 µs, thousands of times in checking a large document)."""
    fields = getattr(model, "__dict__", None)
    return fields.get(name) if isinstance(fields, dict) else getattr(model, name, None)


Priority = Annotated[int, Field(ge=1, le=999, description="1 is the highest priority (WEAP style).")]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Language = Literal["en", "ru", "kk"]
Label = Annotated[str, Field(min_length=1)]


class NodeBase(BaseModel):
    """Fields every node has."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)

    name: str = Field(min_length=1, pattern=r"^[^\s].*$", description="Unique node name.")
    description: str | None = None
    position: tuple[float, float] | None = Field(
        default=None, description="Schematic coordinates (x, y) for drawings."
    )
    labels: dict[Language, Label] | None = Field(
        default=None,
        description="Display names by language (en, ru, kk) for the dashboard; the name is shown where a "
        "language has none.",
    )
