"""Appraise measures: investment, EAC, present value, NPV and cost per m³ saved.

Inputs are the measure's unit costs (from the catalogue), the area it is applied
to and its gross and net water savings (m³/yr), from
:func:`arna.economics.measures.measure_saving` or from basin runs with and
without the measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from arna.economics import finance
from arna.economics.catalogue import Catalogue, Measure
from arna.economics.measures import SchemeSaving
from arna.errors import InputError


@dataclass(frozen=True)
class Appraisal:
    """Economic appraisal of one measure on one area (money in the catalogue currency).

    Attributes
    ----------
    investment:
        Up-front investment (unit investment × area).
    om_per_year:
        Operation and maintenance (or forgone income) per year.
    equivalent_annual_cost:
        ``investment × CRF(rate, lifetime) + om_per_year``.
    present_value_cost:
        ``investment + om_per_year × annuity factor(rate, lifetime)``.
    npv:
        Net present value over the lifetime when a water value is given:
        ``−investment + (water_value × net saving − O&M) × annuity factor``; else NaN.
    cost_per_m3_gross, cost_per_m3_net:
        Equivalent annual cost ÷ gross or net saving (``inf`` if nothing is saved).
    """

    measure_id: str
    name: str
    target: str
    area_ha: float
    investment: float
    om_per_year: float
    lifetime_years: int
    discount_rate: float
    gross_saving_m3_per_year: float
    net_saving_m3_per_year: float
    equivalent_annual_cost: float
    present_value_cost: float
    npv: float
    cost_per_m3_gross: float
    cost_per_m3_net: float


def appraise(
    measure: Measure,
    *,
    area_ha: float,
    gross_saving_m3_per_year: float,
    net_saving_m3_per_year: float,
    discount_rate: float,
    target: str = "",
    water_value_per_m3: float | None = None,
) -> Appraisal:
    """Appraise ``measure`` applied to ``area_ha`` with the given savings.

    Parameters
    ----------
    measure:
        Catalogue entry (unit costs per ha, lifetime).
    area_ha:
        Area the measure is applied to (ha).
    gross_saving_m3_per_year, net_saving_m3_per_year:
        Water saved at the canal head, and the saving net of lost return flow.
    discount_rate:
        Real discount rate per year, as a fraction.
    target:
        Free text naming where the measure applies (e.g. ``"kyzylorda/rice"``).
    water_value_per_m3:
        Value of a cubic metre of net saving, for the NPV; ``None`` leaves NPV NaN.
    """
    if area_ha < 0:
        raise InputError(f"area {area_ha:g} ha must not be negative")
    life = measure.lifetime_years.value
    investment = measure.investment_per_ha.value * area_ha
    om = measure.om_per_ha_year.value * area_ha
    eac = finance.equivalent_annual_cost(investment, om, discount_rate, life)
    apv = finance.annuity_present_value_factor(discount_rate, life)
    value = float("nan")
    if water_value_per_m3 is not None:
        value = -investment + (water_value_per_m3 * net_saving_m3_per_year - om) * apv
    return Appraisal(
        measure_id=measure.id,
        name=measure.name,
        target=target,
        area_ha=area_ha,
        investment=investment,
        om_per_year=om,
        lifetime_years=life,
        discount_rate=discount_rate,
        gross_saving_m3_per_year=gross_saving_m3_per_year,
        net_saving_m3_per_year=net_saving_m3_per_year,
        equivalent_annual_cost=eac,
        present_value_cost=investment + om * apv,
        npv=value,
        cost_per_m3_gross=finance.cost_per_m3(eac, gross_saving_m3_per_year),
        cost_per_m3_net=finance.cost_per_m3(eac, net_saving_m3_per_year),
    )


def appraisal_table(appraisals: Sequence[Appraisal]) -> pd.DataFrame:
    """One row per appraisal, ordered by cost per m³ of net saving."""
    frame = pd.DataFrame([asdict(a) for a in appraisals])
    if frame.empty:
        return frame
    return frame.sort_values(["cost_per_m3_net", "measure_id"], kind="stable").reset_index(
        drop=True
    )


def appraise_savings(
    savings: Sequence[SchemeSaving],
    catalogue: Catalogue,
    *,
    discount_rate: float,
    water_value_per_m3: float | None = None,
    scheme_name: str = "",
) -> list[Appraisal]:
    """Appraise each :class:`~arna.economics.measures.SchemeSaving` with its catalogue costs."""
    prefix = f"{scheme_name}/" if scheme_name else ""
    return [
        appraise(
            catalogue.measure(s.measure_id),
            area_ha=s.area_ha,
            gross_saving_m3_per_year=s.gross_saving_m3_per_year,
            net_saving_m3_per_year=s.net_saving_m3_per_year,
            discount_rate=discount_rate,
            target=f"{prefix}{s.crop}",
            water_value_per_m3=water_value_per_m3,
        )
        for s in savings
    ]
