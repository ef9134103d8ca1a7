"""Compiling a document's ``quality`` section onto the compiled network.

Concentrations become parameters (g/L, one per node and constituent, known
before the run); the transport (:mod:`arna.engine.quality`) reads them by
reference from each timestep's parameter values. What the transport needs to
know about arcs is recorded here once:

- ``factor`` — the mass an arc carries per unit of water at its source's
  concentration: 1 for water, 0 for water that leaves its salt behind
  (reservoir evaporation, a demand's consumptive use), ``1 + λ·cf/(1 − cf)``
  for a demand's return flow that leaches back a share λ of that salt;
- ``fixed`` — return arcs whose concentration is given (drainage water);
- sources — arcs from outside (``source`` nodes) and junction inflows (inflows,
  groundwater recharge) with the concentration of the water they bring.

A demand's ``limit`` becomes a bound on each arc that brings it water: a
:class:`QualityGate` that is open (no bound) while the source's concentration
in the previous timestep is within the limit, and 0 when it is above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from arna.errors import DocumentError
from arna.network.ir import OUTSIDE, LinearNetwork
from arna.network.parameters import ArrayParameter, DynamicParameter, State
from arna.network.state_params import Resolver
from arna.network.values import ValueCompiler
from arna.schema.document import ModelDocument
from arna.schema.params import Value
from arna.schema.quality import NodeQuality, QualitySection
from arna.schema.units import Dimension

STATE_KEY = "quality"
"""``State.extra`` entry holding the previous timestep's concentrations, ``(n_c, n_junctions, S)``."""


@dataclass
class QualityNode:
    """A document node as the results see it: its junction, flow and store junctions."""

    name: str
    junction: int
    flow: int | None  # index into ``net.node_flows``
    store: list[int] = field(default_factory=list)  # junctions whose retained salt is this node's store


@dataclass
class QualityNetwork:
    """What the transport needs beyond the water network; picklable."""

    constituents: list[str]
    hm3_per_unit: float  # internal volume unit in hm³ (1 g/L × 1 hm³ = 1000 t)
    factor: np.ndarray  # (n_arcs,) mass carried per unit of water at the source's concentration
    junction_conc: list[dict[int, int]]  # per constituent: junction → parameter (external inflow)
    arc_conc: list[dict[int, int]]  # per constituent: arc from outside or fixed return → parameter
    fixed: set[int]  # arcs whose concentration is given (arc_conc), not their source's
    initial: list[dict[int, int]]  # per constituent: storage → parameter (g/L at the start)
    nodes: list[QualityNode]
    gates: list[int] = field(default_factory=list)  # parameters of QualityGate bounds


class QualityGate(DynamicParameter):
    """Open (∞) while the source junction's concentrations of the previous step are within their limits, else 0."""

    def __init__(self, junction: int, limits: list[tuple[int, int]], name: str) -> None:
        self.junction = junction
        self.limits = limits  # (constituent, limit parameter)
        self.name = name

    def evaluate(self, state: State) -> np.ndarray:
        previous = state.extra.get(STATE_KEY)
        out = np.full(state.values.shape[1], np.inf)
        if previous is None:
            return out
        for k, ref in self.limits:
            above = previous[k, self.junction] > state.values[ref] * (1.0 + 1e-9)
            out[above] = 0.0
        return out


@dataclass
class _Compiler:
    doc: ModelDocument
    q: QualitySection
    net: LinearNetwork
    values: ValueCompiler
    entry: dict[str, int]
    exit: dict[str, int]
    storage: dict[str, int]
    resolver: Resolver

    def conc(self, value: Value, path: str, name: str) -> int:
        arr = self.values.array(value, Dimension.CONCENTRATION, path)
        if arr.min(initial=0.0) < 0:
            raise DocumentError(self.values.source, [(path, f"a concentration cannot be negative "
                                                            f"(got {arr.min():g} g/L in the data)")])
        self.net.params.append(ArrayParameter(arr, name))
        return len(self.net.params) - 1


def compile_quality(
    doc: ModelDocument, net: LinearNetwork, values: ValueCompiler, entry: dict[str, int],
    exit_: dict[str, int], storage: dict[str, int], resolver: Resolver,
) -> QualityNetwork | None:
    """The quality network of ``doc`` (``None`` without a ``quality`` section)."""
    q = doc.quality
    if q is None:
        return None
    c = _Compiler(doc, q, net, values, entry, exit_, storage, resolver)
    names = q.names()
    arc_index = {a.name: i for i, a in enumerate(net.arcs)}
    qn = QualityNetwork(
        constituents=names, hm3_per_unit=values.base, factor=np.ones(len(net.arcs)),
        junction_conc=[{} for _ in names], arc_conc=[{} for _ in names], fixed=set(),
        initial=[{} for _ in names], nodes=_nodes(c),
    )
    _residue_arcs(doc, arc_index, qn)
    for node_name, nq in q.nodes.items():
        _node(c, qn, arc_index, node_name, nq)
    return qn


def _nodes(c: _Compiler) -> list[QualityNode]:
    out: list[QualityNode] = []
    for node in c.doc.nodes:
        if node.name not in c.entry:
            continue
        if node.name in c.storage and not c.net.storages[c.storage[node.name]].virtual:
            junction = c.net.storages[c.storage[node.name]].row
        else:
            junction = c.entry[node.name]
        store = sorted({c.entry[node.name], c.exit[node.name]})
        out.append(QualityNode(node.name, junction, c.resolver.node_flow.get(node.name), store))
    return out


def _residue_arcs(doc: ModelDocument, arc_index: dict[str, int], qn: QualityNetwork) -> None:
    """Evaporation and consumptive use take water, not salt."""
    for node in doc.nodes:
        for suffix in (":consumed", ":evaporation"):
            a = arc_index.get(f"{node.name}{suffix}")
            if a is not None and (node.type, suffix) in {("demand", ":consumed"), ("reservoir", ":evaporation")}:
                qn.factor[a] = 0.0


def _node(c: _Compiler, qn: QualityNetwork, arc_index: dict[str, int], name: str, nq: NodeQuality) -> None:
    base = f"quality.nodes.{name}"
    names = qn.constituents
    node = c.doc.nodes[c.doc.node_index()[name]]
    if nq.concentration is not None:
        for k, (cname, value) in enumerate((n, nq.concentration.get(n)) for n in names):
            if value is None:
                continue
            ref = c.conc(value, f"{base}.concentration.{cname}", f"{name}.concentration.{cname}")
            if node.type == "source":
                qn.arc_conc[k][arc_index[name]] = ref
            else:
                qn.junction_conc[k][c.entry[name]] = ref
    initial = nq.initial if nq.initial is not None else (nq.concentration if node.type == "groundwater" else None)
    if initial is not None and name in c.storage:
        field_name = "initial" if nq.initial is not None else "concentration"
        for k, cname in enumerate(names):
            if cname in initial:
                qn.initial[k][c.storage[name]] = c.conc(initial[cname], f"{base}.{field_name}.{cname}",
                                                        f"{name}.initial.{cname}")
    _returns(c, qn, arc_index, name, nq, base)
    if nq.limit is not None:
        _limits(c, qn, name, nq.limit, base)


def _returns(c: _Compiler, qn: QualityNetwork, arc_index: dict[str, int], name: str, nq: NodeQuality,
             base: str) -> None:
    ret = arc_index.get(f"{name}:return")
    if ret is None:
        return
    if nq.return_flow is not None:
        qn.fixed.add(ret)
        for k, cname in enumerate(qn.constituents):
            value = nq.return_flow.get(cname)
            if value is None:
                raise DocumentError(c.values.source, [(f"{base}.return_flow", f"give the return flow's {cname} "
                                                       "too: a given return concentration needs every constituent")])
            qn.arc_conc[k][ret] = c.conc(value, f"{base}.return_flow.{cname}", f"{name}.return_flow.{cname}")
    elif nq.leaching:
        share = next(-coef for k in c.net.constraints if k.name == f"{name}:return_share"
                     for col, coef in k.terms if col != ret)
        qn.factor[ret] = 1.0 + nq.leaching * (1.0 - share) / share


def _limits(c: _Compiler, qn: QualityNetwork, name: str, limits: dict[str, Value], base: str) -> None:
    """Bound every edge that brings ``name`` water by a gate on its source's concentrations."""
    refs = [(qn.constituents.index(cname), c.conc(value, f"{base}.limit.{cname}", f"{name}.limit.{cname}"))
            for cname, value in limits.items()]
    target = c.entry[name]
    junction_of = {n.name: n.junction for n in qn.nodes}
    for arc in c.net.arcs:
        if arc.target != target or arc.source == OUTSIDE or not arc.name.endswith(f"->{name}"):
            continue
        if not c.net.params[arc.upper].name.startswith("const:inf"):
            raise DocumentError(c.values.source, [(f"{base}.limit", f"the edge {arc.name} already has a maximum; "
                                                   "a quality limit needs an unbounded supply edge")])
        source = junction_of.get(arc.name.rsplit("->", 1)[0], arc.source)  # a reservoir: its stored water
        c.net.params.append(QualityGate(source, refs, f"{arc.name}.quality_gate"))
        arc.upper = len(c.net.params) - 1
        qn.gates.append(arc.upper)
