"""The compiled network: a generalised flow network ready to become an LP.

Building blocks (all the engine knows about):

- **junctions** — a conservation row each: Σ gain·inflow arcs − Σ outflow arcs
  = − external inflow (a parameter: catchments enter as right-hand sides);
- **storages** — junctions that also hold water: volume columns (one per
  zone, each with its own cost) take up the change; real storages count in
  the water balance, *licences* (virtual storages) do not;
- **arcs** — LP columns: a flow from a junction (or from outside) to a
  junction (or outside), with a gain ``1 − loss`` folded into the coefficient;
- **constraints** — extra rows over several columns (a shared maximum, fixed
  proportions between flows, limits on a node that has several arcs);
- **costs** — ``coef × parameter`` terms per column;
- **recorders** — what a run reports: linear combinations of columns and
  parameters, per named node and attribute.

Every bound, cost and right-hand side refers to a parameter, so a timestep's
LP update is a gather from the parameter-value array: no Python loop over
nodes in the time loop.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from arna.network.parameters import ConstantParameter, Parameter

if TYPE_CHECKING:
    from arna.network.quality import QualityNetwork

INF = float("inf")
OUTSIDE = -1


@dataclass
class Arc:
    name: str
    source: int  # junction index or OUTSIDE
    target: int  # junction index or OUTSIDE
    lower: int  # parameter refs
    upper: int
    gain: float = 1.0
    gain_param: int | None = None  # time-varying gain (replaces ``gain``)


@dataclass
class Zone:
    column: int
    lower: int  # volume refs (engine divides by the timestep length)
    upper: int


@dataclass
class Storage:
    name: str
    row: int  # the junction (real) or licence row
    zones: list[Zone]
    initial: int  # volume ref, read at t = 0
    virtual: bool = False
    reset_volume: int | None = None  # licences: the volume they are refilled to
    rolling_window: int | None = None  # licences: budget over this many timesteps
    initial_use: int | None = None  # rolling licences: use assumed in each step before the run (volume ref)
    reset_steps: list[int] = field(default_factory=list)  # licences: refilled at the start of these
    active: np.ndarray | None = None  # licences: False where the licence does not apply (seasonal)
    terms: list[tuple[int, float]] = field(default_factory=list)  # licences: (column, factor) drawn


@dataclass
class Constraint:
    name: str
    terms: list[tuple[int, float]]
    lower: int
    upper: int


NEGATIVE_TOLERANCE = 1e-9
"""How far below zero (internal units: a litre for hm³, a millilitre for Ml) a flow or volume may compute
(rounding in a sum of parameters) before it is refused as negative."""


@dataclass
class NonNegative:
    """A parameter a flow, a volume or another unsigned quantity reads: refused where it is negative.

    Values known before the run are checked when compiling; this record is kept for a parameter that
    reads the state, so the engine can check it at every timestep and name the place in the document.
    """

    param: int
    source: str  # the document's file
    path: str  # JSON path of the value, e.g. ``nodes[3].max_flow``
    node: str
    value: str  # what is written there, e.g. ``parameter 'cap' (parameters.cap)``
    unit: str = ""  # the internal unit of the parameter's values, for messages


@dataclass
class Recorder:
    """``scale × (Σ coef·column + Σ coef·parameter + Σ coef·volume)`` reported as node/attribute."""

    node: str
    attribute: str
    unit: str
    columns: list[tuple[int, float]] = field(default_factory=list)
    params: list[tuple[int, float]] = field(default_factory=list)
    volume_of: int | None = None  # storage index: the end-of-timestep volume
    volumes_of: list[int] = field(default_factory=list)  # several storages, summed
    scale: float = 1.0


@dataclass
class NodeFlow:
    """A node's flow as a combination of columns and parameters (state history, delays)."""

    name: str
    columns: list[tuple[int, float]]
    params: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class FairGroup:
    """Demands of one priority tier sharing a shortage (see :mod:`arna.engine.fairness`).

    Each member is a delivered-flow column; coverage is its flow over ``norms`` (the demand
    for equal coverage, the entitlement for proportional shares). Max-min fair over coverage.
    """

    tier: int
    columns: list[int]
    norms: list[int]  # parameter refs, one per column


@dataclass
class LinearNetwork:
    """Everything the engine needs; picklable (no solver objects)."""

    name: str
    timesteps: pd.DatetimeIndex
    days: np.ndarray
    scenarios: list[str]
    params: list[Parameter] = field(default_factory=list)
    junctions: list[tuple[str, int | None]] = field(default_factory=list)  # name, inflow ref
    arcs: list[Arc] = field(default_factory=list)
    zone_columns: list[str] = field(default_factory=list)
    storages: list[Storage] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    costs: list[tuple[int, int, float]] = field(default_factory=list)  # column, param, coef
    tiers: list[list[tuple[int, float]]] = field(default_factory=list)  # per priority: (column, benefit)
    fair_groups: list[FairGroup] = field(default_factory=list)  # tiers whose demands share shortages
    recorders: list[Recorder] = field(default_factory=list)
    node_flows: list[NodeFlow] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # junction/arc name → document node
    derived: list[object] = field(default_factory=list)  # post-run recorders (see engine.derived)
    quality: QualityNetwork | None = None  # constituents carried by the water (see network.quality)
    non_negative: list[NonNegative] = field(default_factory=list)  # state-dependent unsigned values

    @functools.cached_property
    def non_negative_params(self) -> np.ndarray:
        """The distinct parameters of :attr:`non_negative`, for the engine's per-timestep check."""
        return np.unique(np.array([r.param for r in self.non_negative], dtype=np.intp))

    # -- sizes ---------------------------------------------------------------------------
    @property
    def n_arcs(self) -> int:
        return len(self.arcs)

    @property
    def n_columns(self) -> int:
        return len(self.arcs) + len(self.zone_columns)

    @property
    def n_rows(self) -> int:
        licence_rows = sum(1 for s in self.storages if s.virtual)
        return len(self.junctions) + len(self.constraints) + licence_rows


class NetworkBuilder:
    """Small API that compilers (native documents, Pywr) use to fill a :class:`LinearNetwork`."""

    def __init__(self, net: LinearNetwork) -> None:
        self.net = net
        self._constants: dict[float, int] = {}
        self.zero = self.const(0.0)
        self.inf = self.const(INF)
        self._licence_rows = 0

    # -- parameters ----------------------------------------------------------------------
    def param(self, p: Parameter) -> int:
        self.net.params.append(p)
        return len(self.net.params) - 1

    def const(self, value: float) -> int:
        if value not in self._constants:
            self._constants[value] = self.param(ConstantParameter(value, name=f"const:{value:g}"))
        return self._constants[value]

    # -- structure -----------------------------------------------------------------------
    def junction(self, name: str, inflow: int | None = None) -> int:
        self.net.junctions.append((name, inflow))
        return len(self.net.junctions) - 1

    def arc(
        self,
        name: str,
        source: int,
        target: int,
        lower: int | None = None,
        upper: int | None = None,
        gain: float = 1.0,
        gain_param: int | None = None,
    ) -> int:
        if self.net.zone_columns:
            raise RuntimeError("add all arcs before storage zones")
        self.net.arcs.append(
            Arc(name, source, target, self.zero if lower is None else lower,
                self.inf if upper is None else upper, gain, gain_param)
        )
        return len(self.net.arcs) - 1

    def cost(self, column: int, param: int, coef: float = 1.0) -> None:
        self.net.costs.append((column, param, coef))

    def benefit(self, column: int, tier: int, weight: float = 1.0) -> None:
        """Reward ``weight`` per unit of ``column`` in the solve of priority tier ``tier``."""
        while len(self.net.tiers) <= tier:
            self.net.tiers.append([])
        self.net.tiers[tier].append((column, weight))

    def fair_member(self, column: int, tier: int, norm: int) -> None:
        """Put ``column`` in the fair-sharing group of ``tier``, its coverage measured against ``norm``."""
        for g in self.net.fair_groups:
            if g.tier == tier:
                g.columns.append(column)
                g.norms.append(norm)
                return
        self.net.fair_groups.append(FairGroup(tier, [column], [norm]))

    def constraint(
        self, name: str, terms: list[tuple[int, float]], lower: int | None = None, upper: int | None = None
    ) -> None:
        self.net.constraints.append(
            Constraint(name, terms, self.const(-INF) if lower is None else lower,
                       self.inf if upper is None else upper)
        )

    def zone(self, name: str, lower: int, upper: int) -> Zone:
        self.net.zone_columns.append(name)
        return Zone(self.net.n_arcs + len(self.net.zone_columns) - 1, lower, upper)

    def storage(self, storage: Storage) -> int:
        self.net.storages.append(storage)
        return len(self.net.storages) - 1

    def licence_row(self) -> int:
        """Row index (in the licence block) for the next virtual storage."""
        self._licence_rows += 1
        return self._licence_rows - 1

    def node_flow(self, flow: NodeFlow) -> int:
        self.net.node_flows.append(flow)
        return len(self.net.node_flows) - 1

    def record(self, rec: Recorder) -> None:
        self.net.recorders.append(rec)


def days_of(timesteps: pd.DatetimeIndex, end: pd.Timestamp) -> np.ndarray:
    """Length in days of each timestep; the last ends at ``end``."""
    edges = [*timesteps, end]
    return np.array([(b - a).total_seconds() / 86400.0 for a, b in itertools.pairwise(edges)])
