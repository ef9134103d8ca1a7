"""Apply catalogue measures to an irrigation scheme and measure the water they save.

A measure applied to ``area_ha`` of a crop splits that crop's entry in two: the
untreated rest and a treated entry named ``"<crop>+<measure id>"`` carrying the
measure's effects (conveyance efficiency, method, field efficiency, application
factor, or a replacement crop).

Savings are reported two ways, per year of the scheme's typical climate:

* **gross** — the fall in water taken at the canal head;
* **net** (local) — the fall in *consumptive use* (gross demand − return flow):
  water that used to return to the river and that someone downstream used is not
  a real saving. This is the scheme-level estimate; a basin run with and without
  the measure gives the downstream effect exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arna.economics.catalogue import Catalogue, Measure
from arna.errors import InputError
from arna.hydrology.irrigation import (
    FIELD_EFFICIENCY_BY_METHOD,
    IrrigationScheme,
    scheme_demand,
)

M3_PER_HM3 = 1e6


def apply_measure(
    scheme: IrrigationScheme,
    measure: Measure,
    catalogue: Catalogue,
    *,
    crop: str,
    area_ha: float | None = None,
) -> IrrigationScheme:
    """A copy of ``scheme`` with ``measure`` applied to ``area_ha`` of ``crop``.

    ``area_ha=None`` treats the whole area of the crop. When the crop is grown
    with several methods, the treated area is shared in proportion to area.

    Raises
    ------
    InputError
        Unknown crop, a crop the measure does not apply to, or more area than the
        crop has.
    """
    if measure.applies_to_crops is not None and crop not in measure.applies_to_crops:
        raise InputError(
            f"measure {measure.id!r} applies only to {', '.join(measure.applies_to_crops)}, "
            f"not to {crop!r}"
        )
    entries = [c for c in scheme.crops if c.name == crop]
    if not entries:
        known = sorted({c.name for c in scheme.crops})
        raise InputError(
            f"scheme {scheme.name!r} has no crop {crop!r} (crops: {', '.join(known)})"
        )
    total = sum(c.area_ha for c in entries)
    treated_total = total if area_ha is None else area_ha
    if treated_total < 0 or treated_total > total * (1 + 1e-12):
        raise InputError(
            f"cannot apply {measure.id!r} to {treated_total:g} ha of {crop!r}: the scheme "
            f"has {total:g} ha"
        )
    share = 0.0 if total == 0 else min(treated_total / total, 1.0)
    new_crops: list[dict[str, Any]] = []
    for c in scheme.crops:
        data = c.model_dump()
        if c.name != crop:
            new_crops.append(data)
            continue
        treated = c.area_ha * share
        if c.area_ha - treated > 0:
            new_crops.append({**data, "area_ha": c.area_ha - treated})
        if treated > 0:
            new_crops.append(_treated_entry(data, treated, measure, catalogue))
    updated = {**scheme.model_dump(), "crops": new_crops}
    return IrrigationScheme.model_validate(updated)


def _treated_entry(
    data: dict[str, Any], area_ha: float, measure: Measure, catalogue: Catalogue
) -> dict[str, Any]:
    e = measure.effects
    out = {**data, "area_ha": area_ha, "name": f"{data['name']}+{measure.id}"}
    if e.conveyance_efficiency is not None:
        out["conveyance_efficiency"] = e.conveyance_efficiency.value
    if e.method is not None:
        out["method"] = e.method.value
        out["field_efficiency"] = None
    if e.field_efficiency is not None:
        out["field_efficiency"] = e.field_efficiency.value
    if e.application_factor is not None:
        out["application_factor"] = data["application_factor"] * e.application_factor.value
    if e.replace_crop_with is not None:
        new = catalogue.crops[e.replace_crop_with.value]
        out.update(
            name=f"{e.replace_crop_with.value}+{measure.id}",
            kc=new.kc.model_dump(),
            stages_days=new.stages_days.model_dump(),
            planting=new.planting,
            rice=None,
            application_factor=1.0,
        )
    return out


@dataclass(frozen=True)
class SchemeSaving:
    """Water saved by one measure on one scheme (m³ per year).

    Attributes
    ----------
    gross_saving_m3_per_year:
        Fall in canal-head withdrawal.
    net_saving_m3_per_year:
        Fall in consumptive use (withdrawal minus return flow).
    return_flow_reduction_m3_per_year:
        Fall in return flow (gross − net): water that no longer reaches the river.
    """

    measure_id: str
    crop: str
    area_ha: float
    baseline_gross_m3_per_year: float
    gross_saving_m3_per_year: float
    net_saving_m3_per_year: float

    @property
    def return_flow_reduction_m3_per_year(self) -> float:
        """Gross minus net saving."""
        return self.gross_saving_m3_per_year - self.net_saving_m3_per_year


def measure_saving(
    scheme: IrrigationScheme,
    measure: Measure,
    catalogue: Catalogue,
    *,
    crop: str,
    area_ha: float | None = None,
) -> SchemeSaving:
    """Gross and (local) net saving of ``measure`` on ``area_ha`` of ``crop``."""
    before = scheme_demand(scheme).sum()
    changed = apply_measure(scheme, measure, catalogue, crop=crop, area_ha=area_ha)
    after = scheme_demand(changed).sum()
    area = sum(c.area_ha for c in scheme.crops if c.name == crop) if area_ha is None else area_ha
    gross = (before["gross_demand_hm3"] - after["gross_demand_hm3"]) * M3_PER_HM3
    net = (before["consumptive_use_hm3"] - after["consumptive_use_hm3"]) * M3_PER_HM3
    return SchemeSaving(
        measure_id=measure.id,
        crop=crop,
        area_ha=float(area),
        baseline_gross_m3_per_year=float(before["gross_demand_hm3"] * M3_PER_HM3),
        gross_saving_m3_per_year=float(gross),
        net_saving_m3_per_year=float(net),
    )


@dataclass(frozen=True)
class Application:
    """A measure applied to an area of a crop in a scheme (``area_ha=None``: all of it)."""

    measure_id: str
    crop: str
    area_ha: float | None = None


def default_applications(scheme: IrrigationScheme, catalogue: Catalogue) -> list[Application]:
    """Every catalogue measure on the whole area of every crop it applies to.

    A method change is skipped for flooded rice (crops with ``rice`` settings) and
    wherever it would not raise the field efficiency.
    """
    out = []
    crops = list(dict.fromkeys(c.name for c in scheme.crops))
    for m in catalogue.measures:
        for crop in crops:
            if m.applies_to_crops is not None and crop not in m.applies_to_crops:
                continue
            entries = [c for c in scheme.crops if c.name == crop]
            if m.effects.method is not None:
                new_eff = (m.effects.field_efficiency.value if m.effects.field_efficiency
                           else FIELD_EFFICIENCY_BY_METHOD[m.effects.method.value])
                if any(c.rice is not None for c in entries) or all(
                    c.effective_field_efficiency() >= new_eff for c in entries
                ):
                    continue
            out.append(Application(m.id, crop))
    return out


def scheme_savings(
    scheme: IrrigationScheme, catalogue: Catalogue, applications: list[Application]
) -> list[SchemeSaving]:
    """:func:`measure_saving` for each application, each on its own against the baseline."""
    out = []
    for app in applications:
        try:
            measure = catalogue.measure(app.measure_id)
        except KeyError as exc:
            raise InputError(str(exc.args[0])) from None
        out.append(measure_saving(scheme, measure, catalogue, crop=app.crop,
                                  area_ha=app.area_ha))
    return out
