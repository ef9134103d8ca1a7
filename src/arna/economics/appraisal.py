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


@dataclass(frozen=True)
class ScheduleAppraisal:
    """A measure adopted on a schedule, year by year over a horizon (years 0 … H).

    Attributes
    ----------
    investment, om, area_in_service_ha, gross_saving_m3, net_saving_m3:
        Yearly arrays (currency, currency, ha, m³, m³).
    present_value_cost:
        Discounted investment plus O&M.
    present_value_net_saving_m3:
        Discounted net savings (m³), the denominator of the levelised cost.
    levelised_cost_per_m3_net:
        ``present_value_cost / present_value_net_saving_m3`` (``inf`` if none saved).
    npv:
        ``Σ (water value × net saving − investment − O&M)`` discounted; NaN without
        a water value.
    """

    measure_id: str
    discount_rate: float
    investment: finance.FloatArray
    om: finance.FloatArray
    area_in_service_ha: finance.FloatArray
    gross_saving_m3: finance.FloatArray
    net_saving_m3: finance.FloatArray
    present_value_cost: float
    present_value_net_saving_m3: float
    levelised_cost_per_m3_net: float
    npv: float


def appraise_schedule(
    measure: Measure,
    *,
    adopted_ha_per_year: Sequence[float],
    gross_saving_m3_per_ha_year: float,
    net_saving_m3_per_ha_year: float,
    discount_rate: float,
    horizon_years: int,
    water_value_per_m3: float | None = None,
) -> ScheduleAppraisal:
    """Appraise ``measure`` adopted on ``adopted_ha_per_year`` (ha newly equipped each year).

    Savings per hectare in service come from a scheme or basin comparison; each
    hectare saves from the year after it is equipped, and is renewed at the end of
    its lifetime (see :func:`arna.economics.finance.adoption_cash_flows`).
    """
    inv, om, area = finance.adoption_cash_flows(
        unit_investment=measure.investment_per_ha.value,
        unit_om_per_year=measure.om_per_ha_year.value,
        lifetime_years=measure.lifetime_years.value,
        adopted_per_year=adopted_ha_per_year,
        horizon_years=horizon_years,
    )
    gross = area * gross_saving_m3_per_ha_year
    net = area * net_saving_m3_per_ha_year
    pv_cost = finance.npv(discount_rate, inv + om)
    pv_net = finance.npv(discount_rate, net)
    value = float("nan")
    if water_value_per_m3 is not None:
        value = finance.npv(discount_rate, water_value_per_m3 * net - inv - om)
    return ScheduleAppraisal(
        measure_id=measure.id,
        discount_rate=discount_rate,
        investment=inv,
        om=om,
        area_in_service_ha=area,
        gross_saving_m3=gross,
        net_saving_m3=net,
        present_value_cost=pv_cost,
        present_value_net_saving_m3=pv_net,
        levelised_cost_per_m3_net=finance.cost_per_m3(pv_cost, pv_net),
        npv=value,
    )
