"""The model document: time, scenarios, nodes and edges, with cross-reference checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from arna.errors import UnitError
from arna.schema.allocation import Allocation, check_allocation
from arna.schema.base import Label, Language, field_of
from arna.schema.calibration import check_calibration
from arna.schema.generic import GENERIC_CLASSES
from arna.schema.nodes import Node, NodeBase, ReservoirNode
from arna.schema.params import (
    ConstantSpec,
    DailySpec,
    DekadalSpec,
    MembersSpec,
    MonthlySpec,
    ParamSpec,
    RefSpec,
    ScaledSpec,
    ScenarioSpec,
    Value,
    WeeklySpec,
    parse_quantity_string,
)
from arna.schema.places import check_place_labels
from arna.schema.quality import QualitySection, check_quality
from arna.schema.units import FIXED_FLOW_UNITS, SIGNED, Dimension, canonical_unit, check_unit
from arna.schema.walk import check_value_refs, nested_values

FIRST_YEAR, LAST_YEAR = 1678, 2261
"""Dates a run may cover (the range of nanosecond timestamps the engine computes with)."""
MAX_RUN_SIZE = 5_000_000
"""Most timesteps × scenarios one run may hold: a 200-year daily run with 68 scenarios. Each pair
holds every node's results, so a larger run would exhaust a small server's memory."""
_STEP_DAYS = {"day": 1, "week": 7, "dekad": 10, "month": 28, "year": 365}


def step_count(start: dt.date, end: dt.date, step: str | int) -> int:
    """How many timesteps ``start``..``end`` holds at most (months counted as 28 days: an upper bound)."""
    days = _STEP_DAYS[step] if isinstance(step, str) else int(step)
    return (end - start).days // days + 1


def run_size_problem(steps: int, scenarios: int) -> str | None:
    """A message when ``steps × scenarios`` exceeds :data:`MAX_RUN_SIZE`, else ``None``."""
    if steps * scenarios <= MAX_RUN_SIZE:
        return None
    return (f"the run is too large: {steps:,} timesteps × {scenarios:,} scenarios = {steps * scenarios:,} "
            f"(at most {MAX_RUN_SIZE:,}); shorten the period, use a longer step or run fewer scenarios")


class Timestepper(BaseModel):
    """The simulated period: ``start`` to ``end`` (inclusive) in steps of ``step``."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)

    start: dt.date = Field(description="First timestep (ISO date).")
    end: dt.date = Field(description="Last timestep starts on or before this date.")
    step: Literal["day", "week", "dekad", "month", "year"] | Annotated[int, Field(ge=1, le=36_600)] = Field(
        default="month",
        description="Timestep length: day, week, dekad (1st–10th, 11th–20th, 21st–end of month), "
        "month, year, or a number of days.",
    )

    @model_validator(mode="after")
    def _order(self) -> Timestepper:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        for name, day in (("start", self.start), ("end", self.end)):
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValueError(f"{name} {day} is outside the years {FIRST_YEAR}–{LAST_YEAR} a run may cover")
        if self.step == "dekad" and self.start.day not in (1, 11, 21):
            raise ValueError(f"a dekad run starts on the 1st, 11th or 21st of a month; start is {self.start}")
        return self


Labels = dict[Language, Label]


def labels_field(of: str) -> Any:
    """An optional ``{ru: ..., kk: ...}`` field translating ``of`` (``en`` may override the English)."""
    return Field(
        default=None,
        description=f"Translations of `{of}` by language (ru, kk; en optional) for reports and the dashboard; "
        f"`{of}` is shown where a language has none.",
    )


def label_in(labels: Mapping[Any, str] | None, lang: str, default: str) -> str:
    """The text of ``labels`` in ``lang``, else ``default`` (the untranslated name or description)."""
    return (labels or {}).get(lang) or default


class Scenario(BaseModel):
    """A named scenario; scenario-indexed values pick their value by this name."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False,
                              coerce_numbers_to_str=True)  # name: 2050

    name: str = Field(min_length=1)
    description: str | None = None
    labels: Labels | None = labels_field("name")
    description_labels: Labels | None = labels_field("description")
    members: dict[str, int] = Field(
        default_factory=dict,
        description="Position of this scenario on named scenario axes (for `members` values).",
    )


class UnitSystem(BaseModel):
    """The model's base units: volumes are computed in ``volume`` (flows in ``volume`` per day)
    and results are reported in ``volume`` and ``flow``; bare numbers use these too."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)

    volume: str = Field(default="hm3", description="Base volume unit.")
    flow: str = Field(default="m3/s", description="Flow unit of bare numbers and of results.")


Edge = tuple[str, str]


class ModelDocument(BaseModel):
    """An Arna model: a river-basin network with its time axis and scenarios."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)

    name: str = Field(description="Model name.")
    description: str | None = Field(default=None, description="What the model represents.")
    labels: Labels | None = labels_field("name")
    description_labels: Labels | None = labels_field("description")
    units: UnitSystem = Field(default_factory=UnitSystem, description="Base units (see below).")
    metadata: dict[str, Any] = Field(default_factory=dict, description="Free-form: sources, authors.")
    timestepper: Timestepper = Field(description="The simulated period and step.")
    scenarios: list[Scenario] = Field(
        default_factory=lambda: [Scenario(name="baseline")], min_length=1,
        description="Named scenarios; scenario-indexed values pick theirs by name.",
    )
    nodes: list[Node] = Field(min_length=1, description="The network's nodes (see Node kinds).")
    edges: list[Edge] = Field(
        default_factory=list, description="Pairs [from, to] of node names: water flows from → to."
    )
    parameters: dict[str, ParamSpec] = Field(
        default_factory=dict, description="Named values, used anywhere as {type: ref, name: ...}."
    )
    allocation: Allocation = Field(
        default_factory=Allocation,
        description="Sharing among demands of one priority (equal, entitlement, priority) and seasonal "
        "quotas by country or region.",
    )
    place_labels: dict[str, Labels] = Field(
        default_factory=dict,
        description="Translations of the countries and regions the nodes and quotas name (`country`, `region`, "
        "`upstream_country`, `downstream_country`), by name: {Fergana valley: {ru: ..., kk: ...}}; reports show "
        "a name as written where a language has none (the region's countries have built-in translations).",
    )
    quality: QualitySection | None = Field(
        default=None, description="Water quality: constituents (salinity first) and their concentrations "
        "by node; see docs/water-quality.md.",
    )

    def node_index(self) -> dict[str, int]:
        """Map node name → position in ``nodes``."""
        return {n.name: i for i, n in enumerate(self.nodes)}

    def scenario_names(self) -> list[str]:
        return [s.name for s in self.scenarios]


# ---------------------------------------------------------------- cross-reference checks


Problem = tuple[str, str]


GENERIC_TYPES = frozenset(t for cls in GENERIC_CLASSES for t in get_args(cls.model_fields["type"].annotation))


def check_document(doc: ModelDocument) -> list[Problem]:
    """All cross-reference, unit and topology problems of ``doc`` as (json_path, message)."""
    problems: list[Problem] = []
    ts = doc.timestepper
    too_big = run_size_problem(step_count(ts.start, ts.end, ts.step), len(doc.scenarios))
    if too_big:
        return [("timestepper", too_big)]
    problems += _check_names(doc)
    if problems:
        return problems
    problems += _check_edges(doc)
    problems += _check_references(doc)
    problems += _check_units(doc)
    problems += _check_node_values(doc)
    problems += check_allocation(doc.allocation, doc.nodes)
    problems += check_place_labels(doc.place_labels, doc.nodes, doc.allocation)
    problems += check_calibration(doc.metadata, [n.name for n in doc.nodes], doc.scenario_names())
    problems += check_quality(doc)
    if not problems:
        problems += _check_outlets(doc)
    return problems


def _check_names(doc: ModelDocument) -> list[Problem]:
    seen: dict[str, int] = {}
    out: list[Problem] = []
    for i, n in enumerate(doc.nodes):
        if n.name in seen:
            out.append((f"nodes[{i}].name", f"duplicate node name '{n.name}' (also nodes[{seen[n.name]}])"))
        seen.setdefault(n.name, i)
    names = doc.scenario_names()
    for i, s in enumerate(names):
        if names.index(s) != i:
            out.append((f"scenarios[{i}].name", f"duplicate scenario name '{s}'"))
    return out


def _check_edges(doc: ModelDocument) -> list[Problem]:
    idx = doc.node_index()
    out: list[Problem] = []
    seen: set[Edge] = set()
    for i, (a, b) in enumerate(doc.edges):
        for j, name in enumerate((a, b)):
            if name not in idx:
                out.append((f"edges[{i}][{j}]", f"unknown node '{name}'; {_known(idx)}"))
        if a == b:
            out.append((f"edges[{i}]", f"edge from '{a}' to itself"))
        if (a, b) in seen:
            out.append((f"edges[{i}]", f"duplicate edge {a} -> {b}"))
        seen.add((a, b))
        into_lake = b in idx and doc.nodes[idx[b]].type == "reservoir"
        if a in idx and doc.nodes[idx[a]].type == "terminal" and not into_lake:
            out.append((f"edges[{i}][0]", f"terminal node '{a}' can only drain into the reservoir node of its "
                                          f"lake; remove the edge to '{b}' or make '{b}' a reservoir"))
        if b in idx and doc.nodes[idx[b]].type == "inflow":
            out.append((f"edges[{i}][1]", f"inflow node '{b}' cannot receive water; it is a source"))
    return out


def _known(idx: dict[str, int]) -> str:
    names = sorted(idx)
    shown = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
    return f"known nodes: {shown}"


def _check_references(doc: ModelDocument) -> list[Problem]:
    idx = doc.node_index()
    kinds = {n.name: n.type for n in doc.nodes}
    upstream: dict[str, set[str]] = {}
    for a, b in doc.edges:
        upstream.setdefault(b, set()).add(a)
    out: list[Problem] = []
    for i, n in enumerate(doc.nodes):
        p = f"nodes[{i}]"
        ret = field_of(n, "return_to")
        if ret is not None and ret not in idx:
            out.append((f"{p}.return_to", f"unknown node '{ret}'; {_known(idx)}"))
        if n.type == "demand" and n.consumptive_fraction < 1.0 and ret is None:
            out.append((f"{p}.return_to", "consumptive_fraction < 1 needs return_to: where does the rest go?"))
        if n.type == "hydropower" and kinds.get(n.reservoir) != "reservoir":
            out.append((f"{p}.reservoir", f"'{n.reservoir}' is not a reservoir node"))
        for j, pref in enumerate(field_of(n, "supply_preference") or []):
            if pref not in upstream.get(n.name, set()):
                out.append(
                    (f"{p}.supply_preference[{j}]", f"'{pref}' has no edge to '{n.name}'")
                )
        for field, value in _values(n):
            out += check_value_refs(value, f"{p}.{field}", doc, kinds)
        out += _check_member_names(n, p, kinds, upstream, doc)
    for name, spec in doc.parameters.items():
        out += check_value_refs(spec, f"parameters.{name}", doc, kinds)
    return out


_FLOW_KINDS_EXCLUDED = {"aggregate", "storage_group", "licence", "storage"}
"""Kinds with no flow of their own, so no member of an aggregate or a licence (a general-purpose
``storage`` holds water; its inflows and outflows are the links next to it)."""


def _check_member_names(
    n: Node, p: str, kinds: Mapping[str, str], upstream: dict[str, set[str]], doc: ModelDocument
) -> list[Problem]:
    out: list[Problem] = []
    for attr in ("nodes",):
        for j, name in enumerate(field_of(n, attr) or []):
            if name not in kinds:
                out.append((f"{p}.{attr}[{j}]", f"unknown node '{name}'"))
            elif n.type == "storage_group" and kinds[name] not in {"storage", "reservoir", "groundwater"}:
                out.append((f"{p}.{attr}[{j}]", f"'{name}' is not a storage"))
            elif n.type in {"aggregate", "licence"} and kinds[name] in _FLOW_KINDS_EXCLUDED:
                out.append((f"{p}.{attr}[{j}]", f"'{name}' has no flow of its own"))
    for j, name in enumerate(field_of(n, "outlets") or []):
        if n.name not in upstream.get(name, set()):
            out.append((f"{p}.outlets[{j}]", f"'{name}' is not downstream of '{n.name}' (add the edge)"))
    factors = field_of(n, "factors")
    members = field_of(n, "outlets") or field_of(n, "nodes")
    if factors is not None and members is not None and len(factors) != len(members):
        out.append((f"{p}.factors", f"{len(factors)} factors for {len(members)} nodes"))
    return out


def _values(node: NodeBase) -> Iterator[tuple[str, Any]]:
    for name in _dimensions(type(node)):
        value = getattr(node, name)
        if value is not None:
            yield name, value


def _dimension(node: NodeBase, field: str) -> Dimension:
    return _dimensions(type(node))[field]


@cache
def _dimensions(kind: type[NodeBase]) -> dict[str, Dimension]:
    """The fields of a node class that hold a value (a quantity), with their dimensions, in field order."""
    out: dict[str, Dimension] = {}
    for name, info in kind.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "dimension" in extra:
            out[name] = Dimension(str(extra["dimension"]))
    return out


def value_unit(value: Value) -> str | None:
    """The unit written with ``value`` (``None`` if the field default applies)."""
    if isinstance(value, str):
        return parse_quantity_string(value)[1]
    if isinstance(value, int | float):
        return None
    return field_of(value, "unit")


def _check_units(doc: ModelDocument) -> list[Problem]:
    out: list[Problem] = []
    try:
        check_unit(doc.units.volume, Dimension.VOLUME)
    except UnitError as exc:
        out.append(("units.volume", str(exc)))
    if canonical_unit(doc.units.flow) not in FIXED_FLOW_UNITS:
        out.append(("units.flow", f"use one of {', '.join(FIXED_FLOW_UNITS)} (a unit with a fixed factor)"))
    for i, n in enumerate(doc.nodes):
        for field, value in _values(n):
            dim = _dimension(n, field)
            out += _check_value_unit(value, dim, f"nodes[{i}].{field}", field == "rule_curve")
    return out


def _check_value_unit(value: Value, dim: Dimension, path: str, allow_fraction: bool) -> list[Problem]:
    out: list[Problem] = []
    for sub_path, sub in nested_values(value, path, same_dimension=True):
        out += _check_value_unit(sub, dim, sub_path, allow_fraction)
    try:
        unit = value_unit(value)
    except ValueError as exc:
        return [(path, str(exc))]
    if unit is None or (allow_fraction and unit in {"fraction", "%"}):
        return out
    try:
        check_unit(unit, dim)
    except UnitError as exc:
        out.append((f"{path}.unit" if not isinstance(value, str) else path, str(exc)))
    return out


_SIGNED = SIGNED


def _as_written(value: object) -> str:
    """A constant value as the user wrote it (not converted), for messages."""
    if isinstance(value, ConstantSpec):
        return f"{value.value:g} {value.unit or ''}".strip()
    return f"{value:g}" if isinstance(value, int | float) else str(value)


_PROFILES = (MonthlySpec, DailySpec, WeeklySpec, DekadalSpec)


def _negative_entries(value: object, at: str, params: Mapping[str, object] | None = None
                      ) -> list[tuple[str, float]]:
    """``(JSON path, value)`` of each negative number in an inline profile, also per scenario or member;
    a named parameter used by a node is followed (once) to its entry in ``parameters``."""
    if isinstance(value, RefSpec) and params is not None and value.name in params:
        return _negative_entries(params[value.name], f"parameters.{value.name}")
    if isinstance(value, ScaledSpec) and _never_negative(value.factor, params):
        return _negative_entries(value.value, f"{at}.value", params)
    if isinstance(value, _PROFILES):
        return [(f"{at}.values[{k}]", x) for k, x in enumerate(value.values) if x < 0]
    if isinstance(value, ScenarioSpec):
        return [hit for name, v in value.values.items() for hit in _negative_entries(v, f"{at}.values.{name}")]
    if isinstance(value, MembersSpec):
        return [hit for k, v in enumerate(value.values) for hit in _negative_entries(v, f"{at}.values[{k}]")]
    return []


def _never_negative(value: object, params: Mapping[str, object] | None) -> bool:
    """Whether a value is a number, constant, profile or per-scenario value with no negative entry."""
    if isinstance(value, RefSpec):
        return params is not None and value.name in params and _never_negative(params[value.name], None)
    if isinstance(value, int | float):
        return value >= 0
    if isinstance(value, ConstantSpec):
        return value.value >= 0
    if isinstance(value, _PROFILES):
        return min(value.values) >= 0
    if isinstance(value, ScenarioSpec):
        return all(_never_negative(v, params) for v in value.values.values())
    return False


def _check_node_values(doc: ModelDocument) -> list[Problem]:
    from arna.schema.quantities import constant_in  # local: avoids an import cycle

    out: list[Problem] = []
    for i, n in enumerate(doc.nodes):
        for field, value in _values(n):
            dim = _dimension(n, field)
            v = constant_in(value, dim) if dim not in _SIGNED else None
            if v is not None and v < 0:
                out.append((f"nodes[{i}].{field}", f"must not be negative (got {_as_written(value)})"))
            elif dim not in _SIGNED:
                here = f"nodes[{i}].{field}"
                out += [(path, f"must not be negative (got {x:g})" + ("" if path.startswith(here) else
                                                                      f"; it is used by {here}"))
                        for path, x in _negative_entries(value, here, doc.parameters)][:1]
        if n.type in {"reservoir", "groundwater"}:
            cap = constant_in(n.capacity, Dimension.VOLUME) if n.capacity is not None else None
            init = constant_in(n.initial_volume, Dimension.VOLUME)
            if cap is not None and init is not None and init > cap * (1 + 1e-12):
                out.append(
                    (f"nodes[{i}].initial_volume", f"initial volume {init:g} hm3 exceeds capacity {cap:g} hm3")
                )
        if n.type == "reservoir":
            cap = constant_in(n.capacity, Dimension.VOLUME)
            dead = constant_in(n.dead_storage, Dimension.VOLUME)
            if cap is not None and dead is not None and dead > cap:
                out.append((f"nodes[{i}].dead_storage", f"dead storage {dead:g} hm3 exceeds capacity {cap:g} hm3"))
            if n.table is None and any(
                field_of(h, "reservoir") == n.name for h in doc.nodes if h.type == "hydropower"
            ):
                out.append((f"nodes[{i}].table", "a reservoir with hydropower needs a level table for the head"))
            if n.evaporation is not None and (n.table is None or n.table.area is None):
                out.append((f"nodes[{i}].evaporation", "evaporation needs table.area (the surface area)"))
    return out


def _check_outlets(doc: ModelDocument) -> list[Problem]:
    """Every node must be able to pass water on to an outlet (terminal, end border or terminal lake)."""
    down: dict[str, set[str]] = {n.name: set() for n in doc.nodes}
    for a, b in doc.edges:
        down[a].add(b)
    for n in doc.nodes:
        ret = field_of(n, "return_to")
        if ret is not None:
            down[n.name].add(ret)
    outlets = {n.name for n in doc.nodes if n.type in {"terminal", "border"} and not down[n.name]}
    # a terminal lake: a reservoir without outlet edges, losing its water to evaporation
    outlets |= {n.name for n in doc.nodes if isinstance(n, ReservoirNode) and not down[n.name]
                and n.evaporation is not None}
    # a demand only takes what it needs (its return flow is checked at return_to); the
    # general-purpose kinds carry explicit limits and costs and are checked by their LP
    good = set(outlets) | {n.name for n in doc.nodes if n.type == "demand" or n.type in GENERIC_TYPES}
    up: dict[str, set[str]] = {n.name: set() for n in doc.nodes}
    for a, bs in down.items():
        for b in bs:
            up[b].add(a)
    stack = list(good)
    while stack:
        for a in up[stack.pop()]:
            if a not in good:
                good.add(a)
                stack.append(a)
    idx = doc.node_index()
    out = _forced_water_without_outlet(doc, down, up, outlets) + _unsupplied_demands(doc, up)
    for name in sorted(set(down) - good, key=idx.__getitem__):
        cycle = " (it sits on a cycle)" if _on_cycle(name, down) else ""
        out.append(
            (
                f"nodes[{idx[name]}]",
                f"'{name}' has no path to an outlet (a terminal, or a border with no downstream "
                f"edge){cycle}; add an edge towards one so its water can leave the network",
            )
        )
    return out


_FORCED = frozenset({"inflow", "reservoir"})
"""Kinds that must pass water on whatever the demands need: an inflow's flow is given, a full reservoir spills."""


def _forced_water_without_outlet(
    doc: ModelDocument, down: dict[str, set[str]], up: dict[str, set[str]], outlets: set[str]
) -> list[Problem]:
    """Inflows and reservoirs whose water can leave only through demands: infeasible once they need less."""
    free = set(outlets) | {n.name for n in doc.nodes if n.type in GENERIC_TYPES}
    kinds = {n.name: n.type for n in doc.nodes}
    stack = list(free)
    while stack:
        for a in up[stack.pop()]:
            if a not in free and kinds[a] != "demand":
                free.add(a)
                stack.append(a)
    idx = doc.node_index()
    return [
        (f"nodes[{idx[n.name]}]",
         f"'{n.name}' can pass its water on only to demands, which take no more than they need; when they "
         "need less than arrives the water has nowhere to go. Add an edge from it (or from a node below it) "
         "towards a terminal or an end border")
        for n in doc.nodes
        if n.type in _FORCED and n.name not in free and down[n.name]
    ]


def _unsupplied_demands(doc: ModelDocument, up: dict[str, set[str]]) -> list[Problem]:
    idx = doc.node_index()
    return [
        (f"nodes[{idx[n.name]}]",
         f"demand '{n.name}' has no supply: no edge (or return flow) leads to it, so it would get nothing; "
         "add an edge from the river, reservoir or canal that serves it")
        for n in doc.nodes
        if n.type == "demand" and not up[n.name]
    ]


def _on_cycle(start: str, down: dict[str, set[str]]) -> bool:
    seen: set[str] = set()
    stack = list(down[start])
    while stack:
        x = stack.pop()
        if x == start:
            return True
        if x not in seen:
            seen.add(x)
            stack.extend(down[x])
    return False
