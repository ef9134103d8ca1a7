"""What a cubic metre of water is worth: the financial view (tariffs) and the economic view (crops).

A measures plan (:mod:`arna.economics.plan`) may carry two blocks:

``financial``
    What the water user pays Kazvodkhoz (and Kazvodkhoz collects): the published tariffs
    by supply type (gravity, pumped …), current and proposed, in the plan's currency per m³,
    and which tariff applies to which demand or canal. A measure's financial benefit is the
    fall in the water bought at the canal head (its gross saving) times the tariff.

``economic``
    The shadow value of water: for each crop, the value of its output per m³ of its water
    requirement, ``(yield × farm-gate price − other costs) / water requirement``, and when in
    the year it needs that water (share of the requirement by month). A demand's crop mix
    (shares of its area) gives, for each calendar month, the requirement-weighted value of the
    crops that need water then; in a month in which none of its crops needs water the water
    is worth ``off_season_value_per_m3`` (zero unless the plan says otherwise). A measure's
    economic benefit is its net saving in each month times that month's value; the value per
    m³ reported for each season is the season's benefit over its net saving, so water saved
    in the non-growing season, when few crops need any, is worth less.

Seasons are ICWC's: growing season April–September, non-growing season October–March.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Season = Literal["growing", "non-growing"]
SEASONS: tuple[Season, ...] = ("growing", "non-growing")
MONTHS = tuple(range(1, 13))
GROWING_MONTHS = (4, 5, 6, 7, 8, 9)
"""ICWC's growing season (vegetation period), April–September."""


def season_of_month(month: int) -> Season:
    """``"growing"`` for April–September, else ``"non-growing"``."""
    return "growing" if month in GROWING_MONTHS else "non-growing"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Doc):
    """A sourced number ≥ 0; an estimate says why in its ``note``."""

    value: Annotated[float, Field(ge=0.0)]
    source: Annotated[str, Field(min_length=1, description="A key of the plan's 'sources'.")]
    estimate: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _estimates_explain_themselves(self) -> Figure:
        if self.estimate and not (self.note and self.note.strip()):
            raise ValueError("an estimate needs a 'note' giving the reasoning")
        return self


class Tariff(_Doc):
    """A published water tariff: the price per m³ now and, if one is proposed, after the change."""

    unit: Annotated[str, Field(pattern=r"^[A-Z]{3}/m3$", description="Currency per m³, e.g. 'KZT/m3'.")]
    current: Figure
    proposed: Figure | None = None
    description: str = ""

    @property
    def currency(self) -> str:
        """The currency of the tariff (the part of the unit before '/m3')."""
        return self.unit.split("/", 1)[0]


class ExchangeRate(_Doc):
    """How many units of the plan's currency one US dollar bought, in which year, by which source."""

    per_usd: Annotated[float, Field(gt=0.0)]
    year: Annotated[int, Field(ge=1990, le=2100)]
    source: Annotated[str, Field(min_length=1)]
    note: str | None = None


class Financial(_Doc):
    """Tariffs by supply type and the demand or canal each applies to."""

    tariffs: Annotated[dict[str, Tariff], Field(min_length=1)]
    supply: dict[str, str] = Field(
        default_factory=dict, description="Demand or canal node → tariff key (the canal wins over its demand).")
    default: str | None = Field(default=None, description="Tariff of the demands not listed in 'supply'.")
    note: str | None = Field(default=None, description="Why each demand or canal has its tariff.")


class CropValue(_Doc):
    """One crop's output value per m³ of its water requirement."""

    yield_t_per_ha: Figure
    price_per_t: Figure
    water_m3_per_ha: Figure
    other_costs_per_ha: Figure | None = Field(
        default=None, description="Costs of inputs other than water, deducted from the output value.")
    water_by_month: Annotated[dict[int, Annotated[float, Field(ge=0.0)]], Field(min_length=1)]
    water_by_month_source: Annotated[str, Field(min_length=1)]

    @model_validator(mode="after")
    def _check(self) -> CropValue:
        if self.water_m3_per_ha.value <= 0:
            raise ValueError("water_m3_per_ha must be > 0")
        bad = sorted(m for m in self.water_by_month if not 1 <= m <= 12)
        if bad:
            raise ValueError(f"water_by_month: months are 1-12, not {bad}")
        total = sum(self.water_by_month.values())
        if not 0.9 <= total <= 1.1:
            raise ValueError(f"water_by_month shares add up to {total:.3f}; they must add up to 1 (±0.1)")
        return self

    def value_per_m3(self) -> float:
        """``max(0, yield × price − other costs) / water requirement`` (currency per m³)."""
        costs = self.other_costs_per_ha.value if self.other_costs_per_ha is not None else 0.0
        output = self.yield_t_per_ha.value * self.price_per_t.value - costs
        return max(output, 0.0) / self.water_m3_per_ha.value

    def month_share(self, month: int) -> float:
        """Share of the crop's requirement that falls in calendar month ``month`` (normalised)."""
        total = sum(self.water_by_month.values())
        return self.water_by_month.get(month, 0.0) / total if total > 0 else 0.0

    def season_share(self, season: Season) -> float:
        """Share of the crop's requirement that falls in ``season`` (shares normalised to 1)."""
        total = sum(self.water_by_month.values())
        part = sum(v for m, v in self.water_by_month.items() if season_of_month(m) == season)
        return part / total if total > 0 else 0.0


class Economic(_Doc):
    """Crop values and each demand's crop mix."""

    crops: Annotated[dict[str, CropValue], Field(min_length=1)]
    demands: dict[str, dict[str, Annotated[float, Field(gt=0.0, le=1.0)]]] = Field(
        default_factory=dict, description="Demand node → {crop: share of its irrigated area}.")
    off_season_value_per_m3: Figure | None = Field(
        default=None, description="Value of water in a season when none of the demand's crops needs any.")
    note: str | None = Field(default=None, description="Where the crop mixes come from.")

    def season_value(self, demand: str, season: Season) -> float:
        """Requirement-weighted value (currency/m³) of the demand's crops that need water in ``season``."""
        return season_value(self.crops, self.demands[demand], season, self.off_season())

    def month_value(self, demand: str, month: int) -> float:
        """Shadow value (currency/m³) of the demand's water in calendar month ``month``."""
        return month_value(self.crops, self.demands[demand], month, self.off_season())

    def off_season(self) -> float:
        """The value of water no crop needs (0 unless the plan gives one)."""
        return self.off_season_value_per_m3.value if self.off_season_value_per_m3 is not None else 0.0


def season_value(crops: Mapping[str, CropValue], mix: Mapping[str, float], season: Season,
                 off_season: float = 0.0) -> float:
    """Requirement-weighted value of the crops of ``mix`` that need water in ``season``.

    ``Σ aᵢ Wᵢ sᵢ vᵢ / Σ aᵢ Wᵢ sᵢ`` with ``a`` the area share, ``W`` the requirement per ha,
    ``s`` its share in the season and ``v`` the value per m³; ``off_season`` if no crop
    needs water then.
    """
    need = value = 0.0
    for crop, share in mix.items():
        c = crops[crop]
        w = share * c.water_m3_per_ha.value * c.season_share(season)
        need += w
        value += w * c.value_per_m3()
    return value / need if need > 0 else off_season


def month_value(crops: Mapping[str, CropValue], mix: Mapping[str, float], month: int,
                off_season: float = 0.0) -> float:
    """Requirement-weighted value of the crops of ``mix`` that need water in ``month``; else ``off_season``.

    A net saving in a month is valued at this: water saved when none of the demand's crops
    needs any (e.g. December for cotton and rice) is worth only the off-season value.
    """
    need = value = 0.0
    for crop, share in mix.items():
        c = crops[crop]
        w = share * c.water_m3_per_ha.value * c.month_share(month)
        need += w
        value += w * c.value_per_m3()
    return value / need if need > 0 else off_season


class WaterValueOverride(_Doc):
    """One value per m³ that replaces the economic view (labelled as an override in every output)."""

    value_per_m3: Annotated[float, Field(ge=0.0)]
    note: Annotated[str, Field(min_length=1, description="Why the crop values are overridden.")]
    source: str | None = None
