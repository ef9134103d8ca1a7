"""Measures plan: which catalogue measures apply to which demands of a basin model, and how fast.

A plan is a YAML document, validated strictly (unknown keys are errors)::

    name: concept-2030
    discount_rate: 0.08
    start_year: 2024
    horizon_years: 30
    sources: {CN: "Concept 2024-2030 …"}
    measures:
      - name: kyzylorda-lining
        measure: canal-lining                 # a catalogue id
        demand: Kyzylorda rice and other crops  # a demand node of the model
        irrigated_area_ha: 185000
        adoption: {ha_per_year: [30000, 30000, 30000]}   # or {share: 0.5}
        source: CN

Every problem (unknown key, unknown source, an adoption beyond the area …) is reported
by JSON path; problems that need the model or the catalogue (unknown node or measure) are
checked by :func:`arna.economics.basin.check_plan`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from arna.documents import read_mapping
from arna.errors import DocumentError, json_path
from arna.hydrology.irrigation import IrrigationMethod


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Adoption(_Doc):
    """How much of the irrigated area the measure reaches: a share, or hectares per year."""

    share: Annotated[float, Field(gt=0.0, le=1.0)] | None = Field(
        default=None, description="Share of the demand's irrigated area equipped (all of it by the target year)."
    )
    ha_per_year: list[Annotated[float, Field(ge=0.0)]] | None = Field(
        default=None, description="Hectares newly equipped in each year from the plan's start_year."
    )

    @model_validator(mode="after")
    def _one(self) -> Adoption:
        if (self.share is None) == (self.ha_per_year is None):
            raise ValueError("give exactly one of share or ha_per_year")
        if self.ha_per_year is not None and sum(self.ha_per_year) <= 0:
            raise ValueError("ha_per_year must adopt some area")
        return self


class PlanMeasure(_Doc):
    """One catalogue measure on one demand node."""

    name: Annotated[str, Field(min_length=1, description="Unique label of this application.")]
    measure: Annotated[str, Field(min_length=1, description="Catalogue measure id.")]
    demand: Annotated[str, Field(min_length=1, description="Demand node of the model.")]
    irrigated_area_ha: Annotated[float, Field(gt=0.0)] | None = Field(
        default=None, description="Irrigated area served by the demand (ha); from the scheme if it has one."
    )
    adoption: Adoption = Field(default_factory=lambda: Adoption(share=1.0))
    crops: list[str] | None = Field(default=None, description="Scheme crops treated (irrigation-scheme demands).")
    supply_link: str | None = Field(
        default=None, description="Canal or diversion node whose loss is the demand's conveyance loss.",
    )
    method: IrrigationMethod = Field(default="surface", description="Current irrigation method (plain demands).")
    field_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] | None = Field(
        default=None, description="Current field application efficiency (plain demands); default by method."
    )
    group: str | None = Field(default=None, description="Alternatives share a group (at most one is chosen).")
    source: str | None = None
    estimate: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _estimates_explain_themselves(self) -> PlanMeasure:
        if self.estimate and not (self.note and self.note.strip()):
            raise ValueError("an estimate needs a 'note' giving the reasoning")
        if (self.irrigated_area_ha is not None and self.adoption.ha_per_year is not None
                and sum(self.adoption.ha_per_year) > self.irrigated_area_ha * (1 + 1e-9)):
            raise ValueError(f"the adoption schedule ({sum(self.adoption.ha_per_year):,.0f} ha) exceeds the "
                             f"irrigated area ({self.irrigated_area_ha:,.0f} ha)")
        return self

    def adopted_ha(self, area_ha: float) -> float:
        """Area equipped at the end of the schedule."""
        a = self.adoption
        return float(sum(a.ha_per_year)) if a.ha_per_year is not None else float(a.share or 0.0) * area_ha

    def schedule(self, area_ha: float) -> list[float]:
        """Hectares equipped per year (a share is equipped in the first year)."""
        a = self.adoption
        return list(a.ha_per_year) if a.ha_per_year is not None else [self.adopted_ha(area_ha)]


class MeasuresPlan(_Doc):
    """A measures plan for a basin model."""

    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    model: str | None = Field(default=None, description="The model the plan is written for (informational).")
    catalogue: str | None = Field(default=None, description="Catalogue file relative to the plan; bundled if omitted.")
    scenario: str | None = Field(default=None, description="Model scenario to run; the first if omitted.")
    discount_rate: Annotated[float, Field(gt=-0.5, le=1.0)] = 0.08
    water_value_per_m3: Annotated[float, Field(ge=0.0)] | None = None
    start_year: Annotated[int, Field(ge=1900, le=2200)] = 2024
    horizon_years: Annotated[int, Field(ge=1, le=200)] = 30
    sources: dict[str, str] = Field(default_factory=dict)
    measures: Annotated[list[PlanMeasure], Field(min_length=1)]


def plan_from_data(data: Any, source: str | Path = "<plan>") -> MeasuresPlan:
    """Validate a parsed plan; a :class:`DocumentError` lists every problem by JSON path."""
    try:
        plan = MeasuresPlan.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(source, [(json_path(tuple(e["loc"])), e["msg"]) for e in exc.errors()]) from None
    problems: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for i, m in enumerate(plan.measures):
        if m.name in seen:
            problems.append((f"measures[{i}].name", f"duplicate name {m.name!r} (also measures[{seen[m.name]}])"))
        seen.setdefault(m.name, i)
        if m.source is not None and m.source not in plan.sources:
            known = ", ".join(sorted(plan.sources)) or "none"
            problems.append((f"measures[{i}].source",
                             f"unknown source {m.source!r}; add it to 'sources' (known: {known})"))
    if problems:
        raise DocumentError(source, problems)
    return plan


def load_plan(path: str | Path) -> MeasuresPlan:
    """Read a measures plan (YAML or JSON)."""
    p = Path(path)
    return plan_from_data(read_mapping(p), p)
