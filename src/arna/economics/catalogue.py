"""The catalogue of water-saving measures (a YAML document, validated here).

The bundled catalogue is ``arna/data/measures/catalogue.yaml``; users can copy and
edit it or write their own. Every figure carries a ``source`` (a key of the
document's ``sources``); figures that are not published numbers carry
``estimate: true`` and a ``note`` with the reasoning.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from arna.documents import parse_mapping, read_mapping
from arna.errors import DocumentError, json_path
from arna.hydrology.irrigation import IrrigationMethod, KcValues, StageDays
from arna.schema.document import Labels, labels_field

BUNDLED_CATALOGUE = "catalogue.yaml"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Doc):
    source: Annotated[str, Field(min_length=1)]
    estimate: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _estimates_explain_themselves(self) -> _Sourced:
        if self.estimate and not (self.note and self.note.strip()):
            raise ValueError("an estimate needs a 'note' giving the reasoning")
        return self


class NonNegativeFigure(_Sourced):
    """A sourced number ≥ 0."""

    value: Annotated[float, Field(ge=0.0)]


class LifetimeFigure(_Sourced):
    """A sourced lifetime in whole years (1–100)."""

    value: Annotated[int, Field(ge=1, le=100)]


class EfficiencyFigure(_Sourced):
    """A sourced efficiency in (0, 1]."""

    value: Annotated[float, Field(gt=0.0, le=1.0)]


class FactorFigure(_Sourced):
    """A sourced multiplier on the water applied to the field, in (0, 1]."""

    value: Annotated[float, Field(gt=0.0, le=1.0)]


class ShareFigure(_Sourced):
    """A sourced share in (0, 1] (of a flow)."""

    value: Annotated[float, Field(gt=0.0, le=1.0)]


class MethodFigure(_Sourced):
    """A sourced irrigation method."""

    value: IrrigationMethod


class CropNameFigure(_Sourced):
    """A sourced name of a crop defined in the catalogue's ``crops``."""

    value: Annotated[str, Field(min_length=1)]


class Effects(_Doc):
    """What a measure changes on the area it is applied to (at least one)."""

    conveyance_efficiency: EfficiencyFigure | None = None
    method: MethodFigure | None = None
    field_efficiency: EfficiencyFigure | None = None
    application_factor: FactorFigure | None = None
    replace_crop_with: CropNameFigure | None = None
    drainage_reuse: ShareFigure | None = None
    """Share of the demand's return (drainage) flow pumped back onto its fields instead of fresh water."""

    @model_validator(mode="after")
    def _at_least_one(self) -> Effects:
        if not any(getattr(self, k) is not None for k in type(self).model_fields):
            raise ValueError(
                "a measure must change something: give one of "
                + ", ".join(type(self).model_fields)
            )
        return self


class CropDefinition(_Sourced):
    """A replacement crop used by crop-change measures."""

    kc: KcValues
    stages_days: StageDays
    planting: Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")]


class Measure(_Doc):
    """One measure: its effects, unit costs (per ha served) and lifetime."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Annotated[str, Field(min_length=1)]
    labels: Labels | None = labels_field("name")
    description: str = ""
    applies_to_crops: list[str] | None = None
    effects: Effects
    investment_per_ha: NonNegativeFigure
    om_per_ha_year: NonNegativeFigure
    lifetime_years: LifetimeFigure


class Catalogue(_Doc):
    """A measures catalogue document."""

    schema_version: Literal[1]
    currency: Annotated[str, Field(min_length=3, max_length=3)]
    price_year: Annotated[int, Field(ge=1990, le=2100)]
    cost_basis: str = "per hectare of irrigated area served"
    sources: dict[str, str]
    crops: dict[str, CropDefinition] = Field(default_factory=dict)
    measures: Annotated[list[Measure], Field(min_length=1)]

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id (``KeyError`` listing the known ids otherwise)."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(f"no measure {measure_id!r}; known: {', '.join(self.ids())}")

    def ids(self) -> list[str]:
        """Measure ids in document order."""
        return [m.id for m in self.measures]


def _check_references(cat: Catalogue) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    known = set(cat.sources)

    def check(path: str, fig: _Sourced) -> None:
        if fig.source not in known:
            problems.append((f"{path}.source", f"unknown source {fig.source!r}; add it to "
                             f"'sources' (known: {', '.join(sorted(known))})"))

    for name, crop in cat.crops.items():
        check(f"crops.{name}", crop)
    seen: set[str] = set()
    for i, m in enumerate(cat.measures):
        base = f"measures[{i}]"
        if m.id in seen:
            problems.append((f"{base}.id", f"duplicate measure id {m.id!r}"))
        seen.add(m.id)
        for key in ("investment_per_ha", "om_per_ha_year", "lifetime_years"):
            check(f"{base}.{key}", getattr(m, key))
        for key in Effects.model_fields:
            fig = getattr(m.effects, key)
            if fig is not None:
                check(f"{base}.effects.{key}", fig)
        rep = m.effects.replace_crop_with
        if rep is not None and rep.value not in cat.crops:
            problems.append((f"{base}.effects.replace_crop_with.value",
                             f"crop {rep.value!r} is not defined under 'crops'"))
    return problems


def catalogue_from_data(data: Any, source: str | Path = "<data>") -> Catalogue:
    """Validate a parsed catalogue; raise :class:`DocumentError` listing every problem."""
    try:
        cat = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(
            source, [(json_path(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
        ) from None
    problems = _check_references(cat)
    if problems:
        raise DocumentError(source, problems)
    return cat


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load a catalogue file, or the bundled one when ``path`` is ``None``."""
    if path is None:
        ref = resources.files("arna") / "data" / "measures" / BUNDLED_CATALOGUE
        text = ref.read_text(encoding="utf-8")
        source: str | Path = f"<bundled {BUNDLED_CATALOGUE}>"
    else:
        source = Path(path)
        return catalogue_from_data(read_mapping(source), source)
    return catalogue_from_data(parse_mapping(text, source), source)
