"""Pydantic documents of the circular-economy (municipal waste) module.

Every number in a document carries its ``source`` key (see the dataset's
``SOURCES.md``) and an ``estimate`` flag. Unknown fields are rejected
(``extra="forbid"``) so a typo is an error, not a silently ignored lever.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MATERIALS: tuple[str, ...] = (
    "food",
    "green",
    "paper",
    "plastics",
    "glass",
    "ferrous",
    "aluminium",
    "textiles",
    "wood",
    "other",
    "hazardous",
)
"""The material dimension, in output order (``hazardous`` = hazardous household waste and WEEE)."""

BIO_MATERIALS: tuple[str, ...] = ("food", "green")
"""Materials that go to composting/digestion when separately collected."""

MATERIAL_PARAMETERS: tuple[str, ...] = (
    "composition",
    "ncv",
    "doc",
    "k_decay",
    "dry_matter",
    "carbon_fraction",
    "fossil_carbon_fraction",
    "ash_content",
)
"""Per-material parameters every dataset must give for every material."""


class Strict(BaseModel):
    """Base: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(Strict):
    """One sourced number."""

    value: float
    unit: str = ""
    source: str = Field(min_length=1)
    estimate: bool = False
    note: str = ""


class Anchor(Strict):
    """One point of a lever path; years between anchors are interpolated linearly.

    ``region`` and/or ``material`` restrict the anchor; the most specific set
    of anchors wins for each (region, material).
    """

    year: int = Field(ge=1900, le=2200)
    value: float
    source: str = Field(min_length=1)
    estimate: bool = False
    region: str | None = None
    material: str | None = None
    note: str = ""


class WtePlant(Strict):
    """A waste-to-energy plant."""

    name: str = Field(min_length=1)
    region: str
    t_per_day: float = Field(ge=0)
    availability: float = Field(ge=0, le=1)
    eta_el: float = Field(ge=0, le=1)
    mw_e: float = Field(ge=0)
    start_year: int
    eta_th: float = Field(default=0.0, ge=0, le=1)
    heat_sold_share: float = Field(default=0.0, ge=0, le=1)
    gate_fee_kzt_t: float = Field(default=0.0, ge=0)
    electricity_kzt_mwh: float = Field(default=0.0, ge=0)
    heat_kzt_mwh: float = Field(default=0.0, ge=0)
    opex_kzt_t: float = Field(default=0.0, ge=0)
    source: str = Field(min_length=1)
    estimate: bool = False
    note: str = ""


class PackagingShare(Strict):
    """Share of a material's generated tonnage that is packaging of an EPR group."""

    material: str
    share: float = Field(ge=0, le=1)
    source: str = Field(min_length=1)
    estimate: bool = False
    note: str = ""


class Payout(Strict):
    """EPR operator payouts, in monthly calculation indices (MCI) per tonne."""

    collection: float = Field(ge=0)
    transport: float = Field(ge=0)
    processing: float = Field(ge=0)
    source: str = Field(min_length=1)
    estimate: bool = False
    note: str = ""


class EprGroup(Strict):
    """One EPR packaging group (fee = tonnes on market x MCI x K)."""

    name: str = Field(min_length=1)
    packaging: list[PackagingShare]
    k: list[Anchor] = Field(min_length=1)
    obligation: list[Anchor] = Field(min_length=1)
    payout: Payout


class EprAccount(Strict):
    """A product group the EPR operator keeps as an account of its own (not in the MSW flows).

    ``kind: units``: fee = units x ``base_mci`` x MCI x coefficient (vehicles, farm machinery);
    ``kind: tonnes``: fee = tonnes x MCI x coefficient (tyres, batteries, electronics).
    Payouts = verified recycled tonnes x MCI x ``payout_mci_per_t``.
    """

    name: str = Field(min_length=1)
    kind: Literal["units", "tonnes"]
    payer: Literal["vehicles", "other"]
    placed_on_market: list[Anchor] = Field(min_length=1)
    unit_mass_t: Figure
    base_mci: float = Field(default=1.0, ge=0)
    coefficient: list[Anchor] = Field(min_length=1)
    domestic_share: list[Anchor] = Field(min_length=1)
    refund_share_domestic: list[Anchor] = Field(min_length=1)
    recycled_share: list[Anchor] = Field(min_length=1)
    payout_mci_per_t: Figure


class EprFund(Strict):
    """The operator's fund: opening balance and spending that is not a payout or a refund."""

    opening_year: int
    opening_balance_kzt: Figure
    project_lending_kzt: list[Anchor] = Field(min_length=1)
    other_spending_share: list[Anchor] = Field(min_length=1)


class Epr(Strict):
    """EPR system: MCI path (KZT), packaging groups, other product accounts and the fund."""

    mci_kzt: list[Anchor] = Field(min_length=1)
    groups: list[EprGroup] = Field(min_length=1)
    accounts: list[EprAccount] = Field(default_factory=list)
    fund: EprFund | None = None


class KzDefinition(Strict):
    """The Ministry's "processing share": what counts in the numerator and the denominator."""

    count_sorting: bool = True
    count_biological: bool = True
    count_wte: bool = True
    denominator: Literal["collected", "generated"] = "collected"


PATH_LEVERS: tuple[str, ...] = (
    "population_growth",
    "gdp_per_capita_growth",
    "prevention",
    "coverage",
    "separate_capture",
    "sorting_capacity_t",
    "sorting_capacity_multiplier",
    "sorting_recovery_separate",
    "sorting_recovery_mixed",
    "recycler_loss",
    "bio_impurity",
    "landfill_compliance",
    "gas_capture",
    "wte_feed_share",
    "ash_metal_recovery",
    "grid_emission_factor",
    "dump_clearance",
    "tariff_multiplier",
    "urban_coverage",
)
"""Levers given as anchor paths."""

FRACTION_LEVERS: frozenset[str] = frozenset(
    {
        "prevention",
        "coverage",
        "separate_capture",
        "sorting_recovery_separate",
        "sorting_recovery_mixed",
        "recycler_loss",
        "bio_impurity",
        "landfill_compliance",
        "gas_capture",
        "wte_feed_share",
        "ash_metal_recovery",
        "dump_clearance",
        "urban_coverage",
    }
)
"""Path levers whose values must lie in [0, 1]."""


class Levers(Strict):
    """Scenario levers; ``None`` means "inherit from the base scenario"."""

    per_capita_generation_kg: Figure | None = None
    gdp_elasticity: Figure | None = None
    population_growth: list[Anchor] | None = None
    gdp_per_capita_growth: list[Anchor] | None = None
    prevention: list[Anchor] | None = None
    coverage: list[Anchor] | None = None
    separate_capture: list[Anchor] | None = None
    sorting_capacity_t: list[Anchor] | None = None
    sorting_capacity_multiplier: list[Anchor] | None = None
    sorting_recovery_separate: list[Anchor] | None = None
    sorting_recovery_mixed: list[Anchor] | None = None
    recycler_loss: list[Anchor] | None = None
    bio_impurity: list[Anchor] | None = None
    landfill_compliance: list[Anchor] | None = None
    gas_capture: list[Anchor] | None = None
    wte_feed_share: list[Anchor] | None = None
    ash_metal_recovery: list[Anchor] | None = None
    grid_emission_factor: list[Anchor] | None = None
    rural_generation_ratio: Figure | None = None
    dump_clearance: list[Anchor] | None = None
    tariff_multiplier: list[Anchor] | None = None
    urban_coverage: list[Anchor] | None = None
    wte_plants: list[WtePlant] | None = None
    epr: Epr | None = None
    kz_definition: KzDefinition | None = None


class Scenario(Strict):
    """A scenario document: levers, optionally on top of a named bundled ``base``."""

    name: str = Field(min_length=1)
    description: str = ""
    base: str | None = None
    levers: Levers


class Years(Strict):
    """The model horizon (inclusive)."""

    start: int
    end: int


class DatasetDoc(Strict):
    """``dataset.yaml``: horizon, scalar parameters, targets and the CSV tables it names."""

    name: str
    years: Years
    base_year: int
    regions_file: str
    materials_file: str
    observed_file: str
    regional_file: str
    regional_composition_file: str | None = None
    parameters: dict[str, Figure]
    kz_targets: list[Anchor]
    eu_recycling_targets: list[Anchor]
    eu_landfill_cap: list[Anchor]
    eu_packaging_targets: list[Anchor]
    packaging_share: list[PackagingShare]


class RegionRow(Strict):
    """One row of ``regions.csv``."""

    code: str = Field(min_length=1)
    name_en: str
    name_ru: str
    name_kk: str
    kind: Literal["region", "city"]
    population_2025: float = Field(ge=0)
    source: str = Field(min_length=1)
    estimate: bool
    note: str = ""


REGIONAL_PARAMETERS: dict[str, str] = {
    "urban_share": "fraction",
    "tariff_urban_kzt": "KZT/person/month",
    "tariff_rural_kzt": "KZT/person/month",
    "landfill_years_left_2025": "yr",
}
"""Per-region parameters every dataset must give for every region, with their units."""


class RegionalParamRow(Strict):
    """One row of ``regional.csv`` (long format: region, parameter, value)."""

    region: str
    parameter: str
    value: float
    unit: str
    source: str = Field(min_length=1)
    estimate: bool
    note: str = ""


class CompositionRow(Strict):
    """One row of ``regional_composition.csv``: a region's share of one material."""

    region: str
    material: str
    value: float = Field(ge=0, le=1)
    source: str = Field(min_length=1)
    estimate: bool
    note: str = ""


class MaterialParamRow(Strict):
    """One row of ``material_params.csv`` (long format)."""

    material: str
    parameter: str
    value: float
    unit: str
    source: str = Field(min_length=1)
    estimate: bool
    note: str = ""


class ObservedRow(Strict):
    """One row of ``observed.csv``."""

    indicator: str
    definition: str
    region: str
    year: int
    value: float
    uncertainty: float | None = None
    unit: str
    source: str = Field(min_length=1)
    estimate: bool
    note: str = ""
