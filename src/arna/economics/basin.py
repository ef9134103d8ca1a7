"""Measures on a basin: run the model without and with each measure (and all together).

For each application of a measures plan (:mod:`arna.economics.plan`) the model is
changed and run again; the difference with the run without measures gives, per year:

* **gross saving** — the fall in water taken at the source by the treated demand: its
  withdrawal, or what enters its supply canal when the measure lines that canal;
* **net saving** — the fall in the treated demand's *depletion*: intake minus return
  flow (its consumption plus the losses that do not come back). Water that a measure
  "saves" but that used to return to the river for someone downstream is not a net
  saving. When a demand was short of water, the better efficiency may be used to
  deliver more instead: the withdrawal then hardly falls and consumption rises;
* where the net saving went: **to outlets** (the change of inflow to terminals and
  end borders, e.g. the Small Aral Sea, each also reported on its own), **to other
  demands** (their extra consumption) and **elsewhere** (river and reservoir losses,
  storage), which add up to the net saving.

How a catalogue effect changes a demand:

* irrigation-scheme demands (``irrigation:``): the measure is applied to the scheme with
  :func:`arna.economics.measures.apply_measure` on the adopted area of each treated crop;
* plain demands: a conveyance efficiency ``e`` lowers the supply loss ``L`` (of the demand,
  or of its ``supply_link`` canal) on the adopted share ``s`` of the area:
  ``1/(1 − L_new) = (1 − s)/(1 − L) + s/e``; a field efficiency ``f → f'`` (new method,
  field efficiency or application factor) scales the demand by ``(1 − s) + s f/f'`` and
  keeps the crops' net need, with the share ``r = (1 − cf)/(1 − f)`` of field losses that
  returns (``cf`` the consumptive fraction) unchanged; a crop change needs a scheme.

The measure's whole adopted area is in place in the runs (the state at the end of the
adoption schedule); the schedule itself is used for the discounted appraisal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from arna.api import run
from arna.economics import finance
from arna.economics.appraisal import Appraisal, appraise, appraise_schedule
from arna.economics.catalogue import Catalogue, Measure, load_catalogue
from arna.economics.i18n import no_fall_note
from arna.economics.measures import apply_measure
from arna.economics.plan import MeasuresPlan, PlanMeasure
from arna.economics.valuation import NAN, DemandSaving, economic_view, financial_view, npv_of
from arna.economics.values import MONTHS, SEASONS, Economic, Tariff
from arna.engine.results import Results
from arna.errors import DocumentError, InputError
from arna.hydrology.irrigation import FIELD_EFFICIENCY_BY_METHOD, IrrigationScheme
from arna.indicators._common import unit_of, volume_hm3, years
from arna.network.native import compile_document
from arna.network.native.irrigation import resolve_scheme
from arna.schema.document import ModelDocument
from arna.schema.nodes import DemandNode, NodeBase
from arna.schema.params import ScaledSpec
from arna.schema.quantities import constant_in
from arna.schema.units import FIXED_FLOW_UNITS, Dimension, canonical_unit, static_factor

M3_PER_HM3 = 1e6
BASELINE = "without measures"
ALL = "all together"


# ---------------------------------------------------------------------------------- checks


def plan_catalogue(plan: MeasuresPlan, plan_source: str | Path | None) -> Catalogue:
    """The plan's catalogue (relative to the plan file), or the bundled one."""
    if plan.catalogue is None:
        return load_catalogue()
    path = Path(plan.catalogue)
    if not path.is_absolute() and plan_source is not None:
        path = Path(plan_source).parent / path
    return load_catalogue(path)


def _demands(doc: ModelDocument) -> dict[str, DemandNode]:
    return {n.name: n for n in doc.nodes if isinstance(n, DemandNode)}


def check_plan(plan: MeasuresPlan, doc: ModelDocument, catalogue: Catalogue, plan_source: str | Path,
               model_source: str | Path = "<model>") -> None:
    """Every reference of the plan to the model and the catalogue; a :class:`DocumentError` lists them."""
    demands = _demands(doc)
    kinds = {n.name: n.type for n in doc.nodes}
    problems: list[tuple[str, str]] = []
    if plan.scenario is not None and plan.scenario not in doc.scenario_names():
        problems.append(("scenario", f"model '{doc.name}' has no scenario {plan.scenario!r}; "
                                     f"it has: {', '.join(doc.scenario_names())}"))
    for i, m in enumerate(plan.measures):
        p = f"measures[{i}]"
        try:
            measure = catalogue.measure(m.measure)
        except KeyError:
            problems.append((f"{p}.measure", f"unknown measure {m.measure!r}; the catalogue has: "
                                             f"{', '.join(catalogue.ids())}"))
            measure = None
        node = demands.get(m.demand)
        if node is None:
            what = f"'{m.demand}' is a {kinds[m.demand]} node" if m.demand in kinds else f"unknown node '{m.demand}'"
            problems.append((f"{p}.demand", f"{what}; demand nodes: {', '.join(sorted(demands))}"))
            continue
        if m.supply_link is not None:
            if kinds.get(m.supply_link) not in {"canal", "diversion"}:
                problems.append((f"{p}.supply_link", f"'{m.supply_link}' is not a canal or diversion node"))
            elif (m.supply_link, m.demand) not in set(doc.edges):
                problems.append((f"{p}.supply_link", f"'{m.supply_link}' has no edge to '{m.demand}'"))
        if measure is None:
            continue
        if node.irrigation is not None:
            try:
                scheme = resolve_scheme(node, model_source, f"nodes[{doc.node_index()[node.name]}].irrigation")
            except DocumentError as exc:
                problems += [(f"{p}.demand", f"{path}: {msg}") for path, msg in exc.problems]
                continue
            known = sorted({c.name for c in scheme.crops})
            for j, crop in enumerate(m.crops or []):
                if crop not in known:
                    problems.append((f"{p}.crops[{j}]", f"scheme '{scheme.name}' has no crop {crop!r} "
                                                        f"(crops: {', '.join(known)})"))
            if not m.crops and not _crops_for(scheme, measure, None):
                problems.append((f"{p}.crops", f"measure {measure.id!r} fits no crop of scheme '{scheme.name}'"))
            continue
        if m.crops:
            problems.append((f"{p}.crops", f"'{m.demand}' is not an irrigation-scheme demand; crops apply to schemes"))
        if m.irrigated_area_ha is None:
            problems.append((f"{p}.irrigated_area_ha",
                             f"'{m.demand}' has no irrigation scheme: give its irrigated area"))
        if measure.effects.replace_crop_with is not None:
            problems.append((f"{p}.measure", f"{measure.id!r} changes the crop: that needs an irrigation-scheme "
                                             f"demand (irrigation:), not a demand series"))
        if (measure.effects.conveyance_efficiency is not None and node.supply_loss == 0
                and _supply_link(doc, m) is None):
            problems.append((f"{p}.supply_link", f"'{m.demand}' has no supply_loss and no canal feeding it: "
                                                 f"name the canal whose losses the measure cuts"))
    problems += _money_checks(plan, doc, catalogue, model_source)
    if problems:
        raise DocumentError(plan_source, problems)


def _money_checks(plan: MeasuresPlan, doc: ModelDocument, catalogue: Catalogue,
                  model_source: str | Path) -> list[tuple[str, str]]:
    """The plan's tariffs and crop mixes against the model's nodes and the catalogue's currency."""
    problems: list[tuple[str, str]] = []
    if plan.currency is not None and plan.currency != catalogue.currency:
        problems.append(("currency", f"the plan's money is in {plan.currency} but the catalogue's costs are in "
                                     f"{catalogue.currency}: use one currency (convert at a cited exchange rate)"))
    kinds = {n.name: n.type for n in doc.nodes}
    demands = set(_demands(doc))
    if plan.financial is not None:
        for node in plan.financial.supply:
            if kinds.get(node) not in {"demand", "canal", "diversion"}:
                problems.append((f"financial.supply.{node}", f"'{node}' is not a demand, canal or diversion node of "
                                                             f"model '{doc.name}'"))
    if plan.economic is not None:
        for node in plan.economic.demands:
            if node not in demands:
                problems.append((f"economic.demands.{node}", f"'{node}' is not a demand node of model '{doc.name}'; "
                                                             f"demand nodes: {', '.join(sorted(demands))}"))
    mixes = crop_mixes(plan, doc, model_source)
    for i, m in enumerate(plan.measures):
        if m.demand not in demands:
            continue
        if plan.financial is not None and _tariff_for(plan, doc, m) is None:
            problems.append((f"measures[{i}].demand", f"no tariff applies to '{m.demand}': list it (or its canal) "
                                                      f"under financial.supply, or set financial.default"))
        if (plan.economic is not None and plan.water_value_override is None
                and m.demand not in (mixes.demands if mixes is not None else {})):
            problems.append((f"measures[{i}].demand", f"no crop mix for '{m.demand}': add it to economic.demands "
                                                      f"(an irrigation-scheme demand gets its own if every crop of "
                                                      f"the scheme is under economic.crops)"))
    return problems


def crop_mixes(plan: MeasuresPlan, doc: ModelDocument, model_source: str | Path = "<model>") -> Economic | None:
    """The plan's economic block with the crop mix of each irrigation-scheme demand it does not list.

    A scheme's mix is its crops' area shares, when every crop (by base name) has a value.
    """
    eco = plan.economic
    if eco is None:
        return None
    mixes = dict(eco.demands)
    for name, node in _demands(doc).items():
        if name in mixes or node.irrigation is None:
            continue
        try:
            scheme = resolve_scheme(node, model_source, name)
        except DocumentError:
            continue
        areas: dict[str, float] = {}
        for c in scheme.crops:
            base = c.name.split("+", 1)[0]
            areas[base] = areas.get(base, 0.0) + c.area_ha
        total = sum(areas.values())
        if total > 0 and set(areas) <= set(eco.crops):
            mixes[name] = {crop: area / total for crop, area in areas.items()}
    return eco.model_copy(update={"demands": mixes})


def _tariff_for(plan: MeasuresPlan, doc: ModelDocument, m: PlanMeasure) -> tuple[str, Tariff] | None:
    """The tariff of the canal feeding the demand, else of the demand, else the plan's default."""
    fin = plan.financial
    if fin is None:
        return None
    for node in (m.supply_link, _supply_link(doc, m), m.demand):
        if node is not None and node in fin.supply:
            return fin.supply[node], fin.tariffs[fin.supply[node]]
    if fin.default is not None:
        return fin.default, fin.tariffs[fin.default]
    return None


def _supply_link(doc: ModelDocument, m: PlanMeasure) -> str | None:
    """The named supply link, or the single canal/diversion feeding a demand without supply loss."""
    if m.supply_link is not None:
        return m.supply_link
    kinds = {n.name: n.type for n in doc.nodes}
    feeders = [a for a, b in doc.edges if b == m.demand]
    if len(feeders) == 1 and kinds[feeders[0]] in {"canal", "diversion"}:
        return feeders[0]
    return None


def _crops_for(scheme: IrrigationScheme, measure: Measure, crops: Sequence[str] | None) -> list[str]:
    names = list(dict.fromkeys(c.name.split("+", 1)[0] for c in scheme.crops))
    chosen = list(crops) if crops else names
    if measure.applies_to_crops is not None:
        chosen = [c for c in chosen if c in measure.applies_to_crops]
    return chosen


# ---------------------------------------------------------------------------------- applying


def area_of(m: PlanMeasure, doc: ModelDocument, catalogue: Catalogue, model_source: str | Path) -> float:
    """The irrigated area the measure may reach (ha): given, or the scheme's treated crops."""
    if m.irrigated_area_ha is not None:
        return m.irrigated_area_ha
    node = _demands(doc)[m.demand]
    scheme = resolve_scheme(node, model_source, m.demand)
    crops = _crops_for(scheme, catalogue.measure(m.measure), m.crops)
    return float(sum(c.area_ha for c in scheme.crops if c.name.split("+", 1)[0] in crops))


def apply_plan_measures(doc: ModelDocument, entries: Sequence[PlanMeasure], catalogue: Catalogue,
                        model_source: str | Path = "<model>") -> ModelDocument:
    """A copy of ``doc`` with the plan entries applied, in order (they stack)."""
    nodes: list[NodeBase] = list(doc.nodes)
    index = doc.node_index()
    for m in entries:
        measure = catalogue.measure(m.measure)
        area = area_of(m, doc, catalogue, model_source)
        adopted = m.adopted_ha(area)
        if adopted > area * (1 + 1e-9):
            raise InputError(f"measure '{m.name}': adoption of {adopted:,.0f} ha exceeds the {area:,.0f} ha irrigated")
        share = 0.0 if area <= 0 else min(adopted / area, 1.0)
        node = nodes[index[m.demand]]
        assert isinstance(node, DemandNode)
        if node.irrigation is not None:
            scheme = resolve_scheme(node, model_source, m.demand)
            nodes[index[m.demand]] = node.model_copy(
                update={"irrigation": _treat_scheme(scheme, measure, catalogue, m.crops, share)})
            continue
        e = measure.effects
        if e.conveyance_efficiency is not None:
            link = _supply_link(doc, m) if node.supply_loss == 0 else None
            if link is not None:
                canal = nodes[index[link]]
                loss = float(getattr(canal, "loss", 0.0))
                nodes[index[link]] = canal.model_copy(
                    update={"loss": _mixed_loss(loss, e.conveyance_efficiency.value, share)})
            else:
                node = node.model_copy(
                    update={"supply_loss": _mixed_loss(node.supply_loss, e.conveyance_efficiency.value, share)})
        node = _treat_field(node, m, measure, share)
        nodes[index[m.demand]] = _treat_drainage(node, m, measure, share)
    return doc.model_copy(update={"nodes": nodes})


def _mixed_loss(loss: float, efficiency: float, share: float) -> float:
    """Loss of a link whose adopted share of the water delivered runs at ``efficiency``."""
    new = 1.0 - efficiency
    if new >= loss:
        return loss
    intake = (1.0 - share) / (1.0 - loss) + share / (1.0 - new)
    return 1.0 - 1.0 / intake


def _treat_field(node: DemandNode, m: PlanMeasure, measure: Measure, share: float) -> DemandNode:
    e = measure.effects
    if e.method is None and e.field_efficiency is None and e.application_factor is None:
        return node
    f = m.field_efficiency or FIELD_EFFICIENCY_BY_METHOD[m.method]
    base = (e.field_efficiency.value if e.field_efficiency is not None
            else FIELD_EFFICIENCY_BY_METHOD[e.method.value] if e.method is not None else f)
    factor = e.application_factor.value if e.application_factor is not None else 1.0
    f_new = min(base / factor, 1.0)
    if f_new <= f or share <= 0 or node.demand is None:
        return node
    cf = node.consumptive_fraction
    r = 0.0 if f >= 1.0 else min(max((1.0 - cf) / (1.0 - f), 0.0), 1.0)
    scale = (1.0 - share) + share * f / f_new
    consumed = (1.0 - share) * cf + share * (f / f_new) * (1.0 - r * (1.0 - f_new))
    demand = ScaledSpec(type="scaled", value=node.demand, factor=scale)
    return node.model_copy(update={"demand": demand, "consumptive_fraction": min(consumed / scale, 1.0)})


def _treat_drainage(node: DemandNode, m: PlanMeasure, measure: Measure, share: float) -> DemandNode:
    """Drainage reuse: a share ``ρ`` of the return flow goes back onto the fields on the adopted share ``s``.

    The crops consume as much as before (``cf · D``); fresh water falls to ``D' = D (1 − s ρ (1 − cf))`` and
    the return flow to ``(1 − s ρ)(1 − cf) D``, so ``cf' = cf · D / D'``. The salt of the reused drainage
    water stays on the fields (the demand's store), not in the river.
    """
    e = measure.effects.drainage_reuse
    if e is None or share <= 0:
        return node
    cf = node.consumptive_fraction
    if node.demand is None or cf >= 1.0:
        raise InputError(f"measure '{m.name}': drainage reuse needs a demand given as a series with a return flow "
                         f"('{m.demand}' has {'an irrigation scheme' if node.demand is None else 'none'})")
    scale = 1.0 - share * e.value * (1.0 - cf)
    demand = ScaledSpec(type="scaled", value=node.demand, factor=scale)
    return node.model_copy(update={"demand": demand, "consumptive_fraction": min(cf / scale, 1.0)})


def _treat_scheme(scheme: IrrigationScheme, measure: Measure, catalogue: Catalogue,
                  crops: Sequence[str] | None, share: float) -> IrrigationScheme:
    if share <= 0:
        return scheme
    loose = measure.model_copy(update={"applies_to_crops": None})  # checked here, on the crops' base names
    for crop in _crops_for(scheme, measure, crops):
        for name in dict.fromkeys(c.name for c in scheme.crops if c.name.split("+", 1)[0] == crop):
            area = sum(c.area_ha for c in scheme.crops if c.name == name)
            if area > 0:
                scheme = apply_measure(scheme, loose, catalogue, crop=name, area_ha=area * share)
    return scheme


# ---------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class RunSummary:
    """Mean annual volumes (m³/yr) of one run, per node and attribute, and per calendar month."""

    label: str
    volumes: dict[tuple[str, str], float]
    monthly: dict[tuple[str, str, int], float] = field(default_factory=dict)
    concentration: dict[tuple[str, str], float] = field(default_factory=dict)
    """Mean concentration (g/L) over the timesteps with water, per (node, constituent) (models with ``quality``)."""

    def get(self, node: str, attribute: str) -> float:
        return self.volumes.get((node, attribute), 0.0)

    def get_month(self, node: str, attribute: str, month: int) -> float:
        """Mean volume per year that falls in calendar month ``month`` (m³/yr)."""
        return self.monthly.get((node, attribute, month), 0.0)


def summarise(res: Results, label: str, scenario: int = 0,
              lakes: Mapping[str, float] | None = None) -> RunSummary:
    """Mean annual volume of every flow series of a run (m³/yr).

    ``lakes`` maps each terminal lake (:func:`terminal_lakes`) to its initial volume (hm³): its
    ``flow`` is then its inflow by its own balance — release, evaporation and seepage plus the
    change of storage over the run — since a lake has no flow series of its own.
    """
    n_years = years(res)
    months = np.asarray(res.timesteps.month)
    out: dict[tuple[str, str], float] = {}
    monthly: dict[tuple[str, str, int], float] = {}
    salinity: dict[tuple[str, str], float] = {}
    for node, attr, unit in res.series:
        if attr.startswith("concentration."):
            c = res.get(node, attr)[:, scenario]
            salinity[(node, attr.split(".", 1)[1])] = float(c[c > 0].mean()) if (c > 0).any() else 0.0
            continue
        if unit in {"hm3", "GWh", "MW", "m", "t/day", "t"} or attr in {"volume", "energy", "power", "level"}:
            continue
        if canonical_unit(unit) not in FIXED_FLOW_UNITS:  # prices (USD/MWh) and other non-flows
            continue
        try:
            vol = volume_hm3(res, node, attr)[:, scenario] * M3_PER_HM3 / n_years
        except (KeyError, ValueError):
            continue
        out[(node, attr)] = float(vol.sum())
        for month in MONTHS:
            monthly[(node, attr, month)] = float(vol[months == month].sum())
    for lake, initial_hm3 in (lakes or {}).items():
        if res.has(lake, "volume"):
            end_hm3 = float(res.get(lake, "volume")[-1, scenario]) * static_factor(unit_of(res, lake, "volume"),
                                                                                  Dimension.VOLUME)
            stored = (end_hm3 - initial_hm3) * M3_PER_HM3 / n_years
            out[(lake, "flow")] = stored + sum(out.get((lake, a), 0.0) for a in ("release", "evaporation", "seepage"))
    return RunSummary(label, out, monthly, salinity)


def terminal_lakes(doc: ModelDocument) -> dict[str, float]:
    """Reservoirs whose water leaves only to terminals or into the air (the Small Aral, Balkhash), with
    their initial volume in hm³ (those whose initial volume is not a constant are left out)."""
    kinds = {n.name: n.type for n in doc.nodes}
    down: dict[str, list[str]] = {}
    for a, b in doc.edges:
        down.setdefault(a, []).append(b)
    lakes: dict[str, float] = {}
    for n in doc.nodes:
        if n.type == "reservoir" and all(kinds[b] == "terminal" for b in down.get(n.name, [])):
            v0 = constant_in(n.initial_volume, Dimension.VOLUME)  # hm³
            if v0 is not None:
                lakes[n.name] = v0
    return lakes


def outlets(doc: ModelDocument) -> list[str]:
    """Terminal lakes, then terminals, sinks and borders with no downstream edge (a terminal fed only
    by a lake's spill is counted with the lake)."""
    has_down = {a for a, _ in doc.edges}
    lakes = terminal_lakes(doc)
    upstream: dict[str, set[str]] = {}
    for a, b in doc.edges:
        upstream.setdefault(b, set()).add(a)
    behind_lake = {n for n, ups in upstream.items() if ups and ups <= set(lakes)}
    # a terminal that drains into its lake (Balkhash's, the Small Aral's) is counted with the lake
    ends = [n.name for n in doc.nodes if n.name not in behind_lake
            and n.type in {"terminal", "sink", "border"} and n.name not in has_down]
    return [*lakes, *ends]


@dataclass
class BasinAppraisal:
    """Everything ``arna appraise`` reports."""

    plan: MeasuresPlan
    model: str
    scenario: str
    currency: str
    price_year: int
    table: pd.DataFrame
    """One row per plan measure, then one for all together."""
    outlets: pd.DataFrame
    """Mean annual inflow (m³/yr) of each outlet (columns) per run (rows)."""
    appraisals: list[Appraisal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    economic_basis: str = "none"
    """How the economic view values water: "crop values", "override" or "none"."""
    salinity: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Mean concentration (g/L) of the first constituent at each node (columns) per run (rows); empty
    without a ``quality`` section."""
    doc: ModelDocument | None = None
    """The model appraised: the report names its nodes and scenario by their ``labels``."""
    catalogue: Catalogue | None = None
    """The measures catalogue used: the report names its measures by their ``labels``."""


def _intake_key(doc: ModelDocument, m: PlanMeasure) -> tuple[str, str]:
    """Where the treated demand takes its water from the river: its supply canal, or its own withdrawal."""
    node = _demands(doc)[m.demand]
    link = _supply_link(doc, m) if node.supply_loss == 0 else None
    if link is not None and (m.supply_link is not None or sum(a == link for a, _ in doc.edges) == 1):
        return link, "flow"
    return m.demand, "withdrawal"


def _demand_savings(doc: ModelDocument, treated: Sequence[PlanMeasure], base: RunSummary,
                    after: RunSummary) -> dict[str, DemandSaving]:
    intakes: dict[str, tuple[str, str]] = {}
    for m in treated:
        key = _intake_key(doc, m)
        if intakes.get(m.demand, (m.demand, "withdrawal"))[1] == "withdrawal":
            intakes[m.demand] = key
    out: dict[str, DemandSaving] = {}
    for demand, (node, attr) in intakes.items():
        by_month = {m: (base.get_month(node, attr, m) - after.get_month(node, attr, m))
                    - (base.get_month(demand, "return_flow", m) - after.get_month(demand, "return_flow", m))
                    for m in MONTHS}
        d_in = base.get(node, attr) - after.get(node, attr)
        out[demand] = DemandSaving(
            gross=d_in, net=d_in - (base.get(demand, "return_flow") - after.get(demand, "return_flow")),
            net_by_month=by_month,
            delivered_change=after.get(demand, "delivered") - base.get(demand, "delivered"))
    return out


def _effects(doc: ModelDocument, savings: dict[str, DemandSaving], base: RunSummary, after: RunSummary,
             outs: list[str]) -> dict[str, float]:
    gross = sum(d.gross for d in savings.values())
    net = sum(d.net for d in savings.values())
    to_outlets = {o: after.get(o, "flow") - base.get(o, "flow") for o in outs}
    others = sum(after.get(n, "consumed") - base.get(n, "consumed") for n in _demands(doc) if n not in savings)
    row = {"gross_saving_m3_per_year": gross, "net_saving_m3_per_year": net,
           "delivered_change_m3_per_year": sum(d.delivered_change for d in savings.values()),
           "to_outlets_m3_per_year": sum(to_outlets.values()), "to_other_demands_m3_per_year": others}
    for season in SEASONS:
        row[f"net_saving_{season.replace('-', '_')}_m3_per_year"] = sum(
            d.net_in(season) for d in savings.values())
    row["elsewhere_m3_per_year"] = net - row["to_outlets_m3_per_year"] - others
    for o, v in to_outlets.items():
        row[f"inflow_change_m3_per_year:{o}"] = v
    return row


def _float(v: object) -> float:
    return float(v) if isinstance(v, (int, float, np.floating)) else NAN


def _tariffs(plan: MeasuresPlan, doc: ModelDocument, treated: Sequence[PlanMeasure]) -> dict[str, Tariff]:
    """The tariff of each treated demand (the first measure on it decides)."""
    out: dict[str, Tariff] = {}
    for m in treated:
        found = _tariff_for(plan, doc, m)
        if found is not None:
            out.setdefault(m.demand, found[1])
    return out


def appraise_plan(doc: ModelDocument, plan: MeasuresPlan, *, model_source: str | Path = "<model>",
                  plan_source: str | Path = "<plan>", catalogue: Catalogue | None = None,
                  scenario: str | None = None, discount_rate: float | None = None,
                  water_value_per_m3: float | None = None) -> BasinAppraisal:
    """Run ``doc`` without the plan's measures, with each, and with all; appraise each in both views.

    ``scenario`` (else the plan's, else the model's first) is the one run. The rate defaults
    to the plan's. The financial view values the gross saving at the plan's tariffs; the
    economic view values the net saving by season at the crop values of the treated demand,
    unless ``water_value_per_m3`` (or the plan's ``water_value_override``) overrides it.
    """
    cat = catalogue or plan_catalogue(plan, plan_source)
    check_plan(plan, doc, cat, plan_source, model_source)
    names = doc.scenario_names()
    scen = scenario or plan.scenario or names[0]
    if scen not in names:
        raise InputError(f"model '{doc.name}' has no scenario '{scen}'; it has: {', '.join(names)}")
    rate = plan.discount_rate if discount_rate is None else discount_rate
    override = water_value_per_m3 if water_value_per_m3 is not None else (
        plan.water_value_override.value_per_m3 if plan.water_value_override is not None else None)
    outs = outlets(doc)
    lakes = terminal_lakes(doc)

    def simulate(label: str, entries: Sequence[PlanMeasure]) -> RunSummary:
        changed = apply_plan_measures(doc, entries, cat, model_source) if entries else doc
        return summarise(run(compile_document(changed, model_source), [scen]), label, lakes=lakes)

    base = simulate(BASELINE, [])
    runs = [simulate(m.name, [m]) for m in plan.measures]
    together = simulate(ALL, list(plan.measures))
    rows: list[dict[str, object]] = []
    appraisals: list[Appraisal] = []
    notes: list[str] = []
    for m, after in zip(plan.measures, runs, strict=True):
        row, a = _measure_row(doc, plan, cat, m, base, after, outs, rate, override, model_source)
        appraisals.append(a)
        rows.append(row)
        if _float(row["gross_saving_m3_per_year"]) <= 0:
            notes.append(no_fall_note(m.name, _float(row["delivered_change_m3_per_year"]), "en"))
    rows.append(_together_row(doc, plan, rows, base, together, outs, rate, override, model_source))
    table = pd.DataFrame(rows)
    flows = pd.DataFrame([{o: r.get(o, "flow") for o in outs} for r in (base, *runs, together)],
                         index=pd.Index([BASELINE, *(m.name for m in plan.measures), ALL], name="run"))
    basis = "override" if override is not None else "crop values" if plan.economic is not None else "none"
    return BasinAppraisal(plan, doc.name, scen, cat.currency, cat.price_year, table, flows, appraisals, notes,
                          economic_basis=basis, salinity=_salinity(doc, [base, *runs, together]), doc=doc,
                          catalogue=cat)


def _salinity(doc: ModelDocument, summaries: Sequence[RunSummary]) -> pd.DataFrame:
    """Mean concentration of the first constituent per run (rows) and node (columns, in document order)."""
    if doc.quality is None:
        return pd.DataFrame()
    c = doc.quality.constituents[0].name
    nodes = [n.name for n in doc.nodes if (n.name, c) in summaries[0].concentration]
    return pd.DataFrame([[r.concentration[(n, c)] for n in nodes] for r in summaries], columns=nodes,
                        index=pd.Index([r.label for r in summaries], name="run"))


def _measure_row(doc: ModelDocument, plan: MeasuresPlan, cat: Catalogue, m: PlanMeasure, base: RunSummary,
                 after: RunSummary, outs: list[str], rate: float, override: float | None,
                 model_source: str | Path) -> tuple[dict[str, object], Appraisal]:
    measure = cat.measure(m.measure)
    area = area_of(m, doc, cat, model_source)
    adopted = m.adopted_ha(area)
    savings = _demand_savings(doc, [m], base, after)
    eff = _effects(doc, savings, base, after, outs)
    fin = financial_view(_tariffs(plan, doc, [m]), savings)
    eco = economic_view(crop_mixes(plan, doc, model_source), savings, override)
    value = eco["economic_value_per_m3"]
    value_arg = None if math.isnan(value) else value
    a = appraise(measure, area_ha=adopted, gross_saving_m3_per_year=eff["gross_saving_m3_per_year"],
                 net_saving_m3_per_year=eff["net_saving_m3_per_year"], discount_rate=rate, target=m.name,
                 water_value_per_m3=value_arg)
    per_ha = 1.0 / adopted if adopted > 0 else 0.0
    sched = appraise_schedule(
        measure, adopted_ha_per_year=m.schedule(area),
        gross_saving_m3_per_ha_year=eff["gross_saving_m3_per_year"] * per_ha,
        net_saving_m3_per_ha_year=eff["net_saving_m3_per_year"] * per_ha,
        discount_rate=rate, horizon_years=max(plan.horizon_years, len(m.schedule(area))),
        water_value_per_m3=value_arg)
    apv = finance.annuity_present_value_factor(rate, a.lifetime_years)
    row: dict[str, object] = {
        "name": m.name, "measure_id": measure.id, "measure": measure.name, "demand": m.demand,
        "area_ha": adopted, "investment": a.investment, "om_per_year": a.om_per_year,
        "lifetime_years": a.lifetime_years, "discount_rate": rate,
        "equivalent_annual_cost": a.equivalent_annual_cost, "present_value_cost": a.present_value_cost,
        **eff, "cost_per_m3_gross": a.cost_per_m3_gross, "cost_per_m3_net": a.cost_per_m3_net,
        **fin,
        "financial_npv": npv_of(a.investment, a.om_per_year, fin["financial_benefit_per_year"], apv),
        "financial_npv_proposed": npv_of(a.investment, a.om_per_year, fin["financial_benefit_proposed_per_year"],
                                         apv),
        **eco, "npv": a.npv,
        "schedule_present_value_cost": sched.present_value_cost,
        "levelised_cost_per_m3_net": sched.levelised_cost_per_m3_net, "schedule_npv": sched.npv}
    return row, a


SUMMED = ("investment", "om_per_year", "area_ha", "equivalent_annual_cost", "present_value_cost",
          "schedule_present_value_cost", "npv", "financial_npv", "financial_npv_proposed")


def _together_row(doc: ModelDocument, plan: MeasuresPlan, rows: list[dict[str, object]], base: RunSummary,
                  together: RunSummary, outs: list[str], rate: float, override: float | None,
                  model_source: str | Path) -> dict[str, object]:
    """All measures at once: savings from the joint run, costs and NPVs summed over the measures."""
    totals = {k: float(sum(_float(r[k]) for r in rows)) for k in SUMMED}
    savings = _demand_savings(doc, list(plan.measures), base, together)
    eff = _effects(doc, savings, base, together, outs)
    eac = totals["equivalent_annual_cost"]
    return {"name": ALL, "measure_id": "all", "measure": "all measures together", "demand": "",
            "lifetime_years": np.nan, "discount_rate": rate, **totals, **eff,
            "cost_per_m3_gross": _per_m3(eac, eff["gross_saving_m3_per_year"]),
            "cost_per_m3_net": _per_m3(eac, eff["net_saving_m3_per_year"]),
            **financial_view(_tariffs(plan, doc, list(plan.measures)), savings),
            **economic_view(crop_mixes(plan, doc, model_source), savings, override),
            "levelised_cost_per_m3_net": NAN, "schedule_npv": NAN}


def _per_m3(cost: float, saving: float) -> float:
    return cost / saving if saving > 0 else float("inf")
