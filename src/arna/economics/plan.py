"""Measures plan: which catalogue measures apply to which demands of a basin model, and how fast.

A plan is a YAML document, validated strictly (unknown keys are errors)::

    name: concept-2030
    discount_rate: 0.08
    start_year: 2024
    horizon_years: 30
    currency: KZT                             # the catalogue's
    price_year: 2024
    exchange_rate: {per_usd: 458.7, year: 2024, source: NB}
    financial:                                # what the water user pays (gross saving × tariff)
      tariffs:
        gravity: {unit: KZT/m3, current: {value: 0.665, source: ORD}, proposed: {value: 1.436, source: ORD}}
        pumped: {unit: KZT/m3, current: {value: 27.8, source: ORD}, proposed: {value: 59.2, source: ORD}}
      supply: {Dostyk canal: gravity}         # demand or canal → tariff
      default: gravity
    economic:                                 # shadow value of water (net saving × value by season)
      crops:
        cotton:
          yield_t_per_ha: {value: 2.43, source: EK}
          price_per_t: {value: 225000, source: QZ}
          water_m3_per_ha: {value: 8250, source: WS}
          water_by_month: {4: .03, 5: .09, 6: .22, 7: .28, 8: .23, 9: .11, 10: .04}
          water_by_month_source: WS
      demands: {Maktaaral irrigation (Dostyk): {cotton: 1.0}}
    sources: {CN: "Concept 2024-2030 …", ORD: "…", NB: "…", EK: "…", QZ: "…", WS: "…"}
    measures:
      - name: kyzylorda-lining
        measure: canal-lining                 # a catalogue id
        demand: Kyzylorda rice and other crops  # a demand node of the model
        irrigated_area_ha: 185000
        adoption: {ha_per_year: [30000, 30000, 30000]}   # or {share: 0.5}
        source: CN

``labels`` and ``description_labels`` (``{ru: ..., kk: ...}``) translate the plan's and each
measure's name and the plan's description for the report (``arna appraise --lang``), as in a model
document.

``water_value_override: {value_per_m3, note}`` replaces the economic view by one value
(labelled as an override); the former ``water_value_per_m3`` is rejected with a pointer to
the two views (:mod:`arna.economics.values`).

Every problem (unknown key, unknown source, an adoption beyond the area …) is reported
by JSON path; problems that need the model or the catalogue (unknown node or measure) are
checked by :func:`arna.economics.basin.check_plan`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from arna.documents import read_mapping
from arna.economics.values import Economic, ExchangeRate, Figure, Financial, WaterValueOverride
from arna.errors import DocumentError, json_path
from arna.hydrology.irrigation import IrrigationMethod
from arna.schema.document import Labels, labels_field

REPLACED_WATER_VALUE = (
    "'water_value_per_m3' is replaced by 'financial' (published tariffs) and 'economic' (crop values by "
    "season); to force one value, write water_value_override: {value_per_m3: ..., note: why}")


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
    labels: Labels | None = labels_field("name")
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
    labels: Labels | None = labels_field("name")
    description_labels: Labels | None = labels_field("description")
    model: str | None = Field(default=None, description="The model the plan is written for (informational).")
    catalogue: str | None = Field(default=None, description="Catalogue file relative to the plan; bundled if omitted.")
    scenario: str | None = Field(default=None, description="Model scenario to run; the first if omitted.")
    discount_rate: Annotated[float, Field(gt=-0.5, le=1.0)] = 0.08
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="Currency of the plan's money; must be the catalogue's.")
    price_year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    exchange_rate: ExchangeRate | None = None
    financial: Financial | None = Field(default=None, description="Tariffs: what the water user pays.")
    economic: Economic | None = Field(default=None, description="Shadow value of water by crop and season.")
    water_value_override: WaterValueOverride | None = Field(
        default=None, description="One value per m³ replacing the economic view (labelled as an override).")
    start_year: Annotated[int, Field(ge=1900, le=2200)] = 2024
    horizon_years: Annotated[int, Field(ge=1, le=200)] = 30
    sources: dict[str, str] = Field(default_factory=dict)
    measures: Annotated[list[PlanMeasure], Field(min_length=1)]


def plan_from_data(data: Any, source: str | Path = "<plan>") -> MeasuresPlan:
    """Validate a parsed plan; a :class:`DocumentError` lists every problem by JSON path."""
    if isinstance(data, dict) and "water_value_per_m3" in data:
        raise DocumentError(source, [("water_value_per_m3", REPLACED_WATER_VALUE)])
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
    problems += _money_problems(plan)
    if problems:
        raise DocumentError(source, problems)
    return plan


def _figures(plan: MeasuresPlan) -> list[tuple[str, Figure]]:
    out: list[tuple[str, Figure]] = []
    if plan.financial is not None:
        for key, t in plan.financial.tariffs.items():
            out.append((f"financial.tariffs.{key}.current", t.current))
            if t.proposed is not None:
                out.append((f"financial.tariffs.{key}.proposed", t.proposed))
    if plan.economic is not None:
        for name, c in plan.economic.crops.items():
            for attr in ("yield_t_per_ha", "price_per_t", "water_m3_per_ha", "other_costs_per_ha"):
                fig = getattr(c, attr)
                if fig is not None:
                    out.append((f"economic.crops.{name}.{attr}", fig))
        if plan.economic.off_season_value_per_m3 is not None:
            out.append(("economic.off_season_value_per_m3", plan.economic.off_season_value_per_m3))
    return out


def _money_problems(plan: MeasuresPlan) -> list[tuple[str, str]]:
    """Sources, currencies and tariff keys of the financial and economic blocks."""
    known = ", ".join(sorted(plan.sources)) or "none"
    problems: list[tuple[str, str]] = []

    def check_source(path: str, key: str | None) -> None:
        if key is not None and key not in plan.sources:
            problems.append((path, f"unknown source {key!r}; add it to 'sources' (known: {known})"))

    for path, fig in _figures(plan):
        check_source(f"{path}.source", fig.source)
    if plan.exchange_rate is not None:
        check_source("exchange_rate.source", plan.exchange_rate.source)
    if plan.economic is not None:
        for name, c in plan.economic.crops.items():
            check_source(f"economic.crops.{name}.water_by_month_source", c.water_by_month_source)
        crops = ", ".join(sorted(plan.economic.crops))
        for demand, mix in plan.economic.demands.items():
            for crop in mix:
                if crop not in plan.economic.crops:
                    problems.append((f"economic.demands.{demand}.{crop}",
                                     f"unknown crop {crop!r}; define it under economic.crops (crops: {crops})"))
            if mix and abs(sum(mix.values()) - 1.0) > 0.01:
                problems.append((f"economic.demands.{demand}",
                                 f"crop shares add up to {sum(mix.values()):.3f}; they must add up to 1"))
    if plan.water_value_override is not None:
        check_source("water_value_override.source", plan.water_value_override.source)
    if (plan.financial is not None or plan.economic is not None) and plan.currency is None:
        problems.append(("currency", "give the currency of the plan's money (e.g. KZT) with its tariffs or crop "
                                     "values"))
    if plan.financial is not None:
        fin = plan.financial
        for key, t in fin.tariffs.items():
            if plan.currency is not None and t.currency != plan.currency:
                problems.append((f"financial.tariffs.{key}.unit", f"tariff in {t.unit} but the plan's currency is "
                                 f"{plan.currency}: convert it (and cite the exchange rate)"))
        names = ", ".join(sorted(fin.tariffs))
        for node, key in fin.supply.items():
            if key not in fin.tariffs:
                problems.append((f"financial.supply.{node}", f"unknown tariff {key!r}; tariffs: {names}"))
        if fin.default is not None and fin.default not in fin.tariffs:
            problems.append(("financial.default", f"unknown tariff {fin.default!r}; tariffs: {names}"))
    return problems


def load_plan(path: str | Path) -> MeasuresPlan:
    """Read a measures plan (YAML or JSON)."""
    p = Path(path)
    return plan_from_data(read_mapping(p), p)
