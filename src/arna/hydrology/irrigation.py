"""Irrigation scheme document: crops × areas × method + climate → monthly canal-head demand.

An :class:`IrrigationScheme` is what a model can give instead of a demand series.
:func:`scheme_demand` turns it into a monthly table (hm³ per month and m³/s) of

* ``net_requirement``  — water the crops need at the root zone (incl. leaching and
  rice percolation / land preparation), after effective rain;
* ``field_application`` — water delivered to the fields (net ÷ field efficiency);
* ``gross_demand`` — water taken at the canal head (field ÷ conveyance efficiency);
* ``conveyance_loss``, ``field_loss`` and ``drainage`` (leaching + rice percolation);
* ``return_flow`` — ``return_flow_share_of_losses`` × (losses + drainage), the part
  that reaches a river or collector drain and can be reused downstream;
* ``consumptive_use`` — ``gross_demand − return_flow``.

Default field application efficiencies by method are the indicative values of FAO
*Irrigation Water Management Training Manual No. 3: Irrigation Water Needs*
(Brouwer & Heibloem 1986, ch. 5): surface (basin, border, furrow) 60 %,
sprinkler 75 %, drip 90 %.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from arna.documents import read_mapping
from arna.errors import DocumentError, json_path
from arna.hydrology import crops

IrrigationMethod = Literal["surface", "furrow", "sprinkler", "drip"]

FIELD_EFFICIENCY_BY_METHOD: dict[str, float] = {
    "surface": 0.60,
    "furrow": 0.60,
    "sprinkler": 0.75,
    "drip": 0.90,
}
"""Default field application efficiency (FAO Training Manual No. 3, ch. 5)."""

SECONDS_PER_DAY = 86_400.0
M3_PER_HM3 = 1e6

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Efficiency = Annotated[float, Field(gt=0.0, le=1.0)]


class _Doc(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)


class KcValues(_Doc):
    """FAO-56 single crop coefficients (Table 12)."""

    ini: Annotated[float, Field(ge=0.0, le=2.0)]
    mid: Annotated[float, Field(ge=0.0, le=2.0)]
    end: Annotated[float, Field(ge=0.0, le=2.0)]


class StageDays(_Doc):
    """FAO-56 stage lengths in days (Table 11)."""

    ini: Annotated[int, Field(ge=1, le=365)]
    dev: Annotated[int, Field(ge=1, le=365)]
    mid: Annotated[int, Field(ge=1, le=365)]
    late: Annotated[int, Field(ge=1, le=365)]

    @model_validator(mode="after")
    def _season_fits_a_year(self) -> StageDays:
        total = self.ini + self.dev + self.mid + self.late
        if total > 365:
            raise ValueError(f"the stages add up to {total} days; a season must fit in 365")
        return self


class RiceWater(_Doc):
    """Extra water for flooded rice (mm and mm/day)."""

    percolation_mm_per_day: Annotated[float, Field(ge=0.0, le=30.0)]
    land_preparation_mm: Annotated[float, Field(ge=0.0, le=1000.0)]
    land_preparation_days: Annotated[int, Field(ge=0, le=90)] = 30


class CropArea(_Doc):
    """One crop on one area with one irrigation method."""

    name: Annotated[str, Field(min_length=1)]
    area_ha: Annotated[float, Field(ge=0.0)]
    kc: KcValues
    stages_days: StageDays
    planting: Annotated[str, Field(description="Planting or transplanting date, MM-DD")]
    method: IrrigationMethod
    field_efficiency: Efficiency | None = None
    application_factor: Annotated[float, Field(gt=0.0, le=2.0)] = 1.0
    conveyance_efficiency: Efficiency | None = None
    leaching_fraction: Annotated[float, Field(ge=0.0, lt=0.6)] = 0.0
    rice: RiceWater | None = None

    @field_validator("planting")
    @classmethod
    def _month_day(cls, v: str) -> str:
        m = re.fullmatch(r"(\d{2})-(\d{2})", v)
        if not m:
            raise ValueError(f"planting date {v!r} must be MM-DD, e.g. 05-01")
        month, day = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12 or not 1 <= day <= pd.Timestamp(2000, month, 1).days_in_month:
            raise ValueError(f"planting date {v!r} is not a calendar day")
        return v

    def calendar(self) -> crops.CropCalendar:
        """The crop's :class:`~arna.hydrology.crops.CropCalendar`."""
        month, day = (int(x) for x in self.planting.split("-"))
        return crops.CropCalendar(
            self.kc.ini, self.kc.mid, self.kc.end,
            self.stages_days.ini, self.stages_days.dev, self.stages_days.mid,
            self.stages_days.late, month, day,
        )

    def effective_field_efficiency(self) -> float:
        """Field efficiency after the ``application_factor`` (never above 1).

        ``application_factor`` < 1 models measures that apply less water for the
        same net need (laser levelling, metering, volumetric tariffs).
        """
        base = self.field_efficiency or FIELD_EFFICIENCY_BY_METHOD[self.method]
        return min(base / self.application_factor, 1.0)


class MonthlyClimate(_Doc):
    """Typical-year climate: twelve monthly values, January to December."""

    et0_mm_per_day: Annotated[list[Annotated[float, Field(ge=0.0, le=25.0)]],
                              Field(min_length=12, max_length=12)]
    rain_mm_per_month: Annotated[list[Annotated[float, Field(ge=0.0, le=2000.0)]],
                                 Field(min_length=12, max_length=12)]


class IrrigationScheme(_Doc):
    """An irrigation demand given as crops × areas × methods + climate."""

    name: Annotated[str, Field(min_length=1)]
    conveyance_efficiency: Efficiency
    return_flow_share_of_losses: Fraction
    effective_rainfall: Literal["usda-scs", "fixed", "fao-aglw", "none"] = "usda-scs"
    effective_rainfall_fraction: Fraction = 0.8
    climate: MonthlyClimate
    crops: Annotated[list[CropArea], Field(min_length=1)]

    @field_validator("crops")
    @classmethod
    def _unique_crop_entries(cls, value: list[CropArea]) -> list[CropArea]:
        seen: set[tuple[str, str]] = set()
        for c in value:
            key = (c.name, c.method)
            if key in seen:
                raise ValueError(
                    f"crop {c.name!r} with method {c.method!r} is listed twice; merge the areas"
                )
            seen.add(key)
        return value


def scheme_from_data(data: Any, source: str | Path = "<data>") -> IrrigationScheme:
    """Validate a parsed document; raise :class:`DocumentError` listing every problem."""
    try:
        return IrrigationScheme.model_validate(data)
    except ValidationError as exc:
        problems = [(json_path(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
        raise DocumentError(source, problems) from None


def load_scheme(path: str | Path) -> IrrigationScheme:
    """Read an irrigation scheme from a YAML (or JSON) file."""
    p = Path(path)
    return scheme_from_data(read_mapping(p), p)


def typical_year_months(year: int = 2001) -> pd.DatetimeIndex:
    """The twelve month starts of a (non-leap by default) reference year."""
    return pd.date_range(f"{year}-01-01", periods=12, freq="MS")


def _effective_rain(scheme: IrrigationScheme, rain: np.ndarray[Any, Any]) -> crops.FloatArray:
    if scheme.effective_rainfall == "usda-scs":
        return crops.effective_rainfall_usda_scs_mm(rain)
    if scheme.effective_rainfall == "fixed":
        return crops.effective_rainfall_fixed_mm(rain, scheme.effective_rainfall_fraction)
    if scheme.effective_rainfall == "fao-aglw":
        return crops.effective_rainfall_fao_aglw_mm(rain)
    return np.zeros_like(rain, dtype=np.float64)


def crop_requirements(
    scheme: IrrigationScheme, months: pd.DatetimeIndex | None = None
) -> pd.DataFrame:
    """Per crop and month: ETc, effective rain and net requirement (mm and hm³).

    ``months`` are month starts (default: a typical year); each month takes the
    climate of its calendar month.
    """
    months = typical_year_months() if months is None else pd.DatetimeIndex(months)
    idx = months.month.to_numpy() - 1
    et0 = np.asarray(scheme.climate.et0_mm_per_day, dtype=np.float64)[idx]
    rain = np.asarray(scheme.climate.rain_mm_per_month, dtype=np.float64)[idx]
    peff_month = _effective_rain(scheme, rain)
    frames = []
    for c in scheme.crops:
        prep_days = c.rice.land_preparation_days if c.rice else 0
        w = crops.monthly_crop_water(c.calendar(), months, et0, preparation_days=prep_days)
        wet_days = w.season_days + w.preparation_days
        peff = peff_month * wet_days / w.days_in_month
        perc = (c.rice.percolation_mm_per_day * w.season_days) if c.rice else 0.0 * wet_days
        if c.rice and prep_days > 0:
            prep = c.rice.land_preparation_mm * w.preparation_days / prep_days
        else:
            prep = 0.0 * wet_days
        nir = crops.net_irrigation_requirement_mm(
            w.etc_mm, peff, percolation_mm=perc, land_preparation_mm=prep,
            leaching_fraction=c.leaching_fraction,
        )
        # drainage: leaching water plus rice percolation, as far as irrigation supplies it
        drainage_mm = np.minimum(nir * c.leaching_fraction + perc, nir)
        to_hm3 = c.area_ha * crops.M3_PER_HA_PER_MM / M3_PER_HM3
        eff_field = c.effective_field_efficiency()
        eff_conv = c.conveyance_efficiency or scheme.conveyance_efficiency
        net_hm3 = nir * to_hm3
        field_hm3 = net_hm3 / eff_field
        gross_hm3 = field_hm3 / eff_conv
        frames.append(pd.DataFrame({
            "month": months, "crop": c.name, "method": c.method, "area_ha": c.area_ha,
            "etc_mm": w.etc_mm, "effective_rain_mm": peff, "net_requirement_mm": nir,
            "net_requirement_m3_per_ha": nir * crops.M3_PER_HA_PER_MM,
            "field_efficiency": eff_field, "conveyance_efficiency": eff_conv,
            "net_requirement_hm3": net_hm3, "drainage_hm3": drainage_mm * to_hm3,
            "field_application_hm3": field_hm3, "gross_demand_hm3": gross_hm3,
        }))
    return pd.concat(frames, ignore_index=True)


def scheme_demand(
    scheme: IrrigationScheme, months: pd.DatetimeIndex | None = None
) -> pd.DataFrame:
    """Monthly canal-head demand of a scheme, indexed by month start.

    Columns (hm³ per month unless the name says otherwise): ``net_requirement_hm3``,
    ``field_application_hm3``, ``gross_demand_hm3``, ``conveyance_loss_hm3``,
    ``field_loss_hm3``, ``drainage_hm3``, ``return_flow_hm3``,
    ``consumptive_use_hm3``, ``gross_demand_m3_per_s``, ``return_flow_m3_per_s``
    and ``return_flow_fraction`` (return flow ÷ gross demand, 0 when no demand).
    """
    per_crop = crop_requirements(scheme, months)
    cols = ["net_requirement_hm3", "field_application_hm3", "gross_demand_hm3", "drainage_hm3"]
    out = per_crop.groupby("month", sort=True)[cols].sum()
    out.index = pd.DatetimeIndex(out.index, name="month")
    out["conveyance_loss_hm3"] = out["gross_demand_hm3"] - out["field_application_hm3"]
    out["field_loss_hm3"] = out["field_application_hm3"] - out["net_requirement_hm3"]
    losses = out["conveyance_loss_hm3"] + out["field_loss_hm3"] + out["drainage_hm3"]
    out["return_flow_hm3"] = scheme.return_flow_share_of_losses * losses
    out["consumptive_use_hm3"] = out["gross_demand_hm3"] - out["return_flow_hm3"]
    seconds = out.index.days_in_month.to_numpy() * SECONDS_PER_DAY
    out["gross_demand_m3_per_s"] = out["gross_demand_hm3"] * M3_PER_HM3 / seconds
    out["return_flow_m3_per_s"] = out["return_flow_hm3"] * M3_PER_HM3 / seconds
    gross = out["gross_demand_hm3"].to_numpy()
    out["return_flow_fraction"] = np.divide(
        out["return_flow_hm3"].to_numpy(), gross, out=np.zeros_like(gross), where=gross > 0
    )
    return out
