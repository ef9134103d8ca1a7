"""Compiling a native Arna document into a :class:`~arna.network.ir.LinearNetwork`."""

from __future__ import annotations

from pathlib import Path

from arna.network.ir import LinearNetwork, NetworkBuilder
from arna.network.native.context import Context
from arna.network.native.kinds import (
    BorderKind,
    DemandKind,
    EnvironmentalFlowKind,
    HydropowerKind,
    InflowKind,
    Kind,
    ReachKind,
    TargetOutletKind,
)
from arna.network.native.storage_kinds import GroundwaterKind, ReservoirKind
from arna.network.priorities import PriorityTiers
from arna.network.timeaxis import time_axis
from arna.network.values import ValueCompiler
from arna.schema.document import ModelDocument
from arna.schema.nodes import DemandNode

KINDS: dict[str, Kind] = {
    "inflow": InflowKind(),
    "reach": ReachKind(),
    "diversion": ReachKind(),
    "canal": ReachKind(),
    "reservoir": ReservoirKind(),
    "demand": DemandKind(),
    "environmental_flow": EnvironmentalFlowKind(),
    "groundwater": GroundwaterKind(),
    "terminal": TargetOutletKind(),
    "border": BorderKind(),
    "hydropower": HydropowerKind(),
}


def priorities_used(doc: ModelDocument) -> list[int]:
    """Every priority the document uses (demands, targets, reservoir filling, generation)."""
    out: list[int] = []
    for node in doc.nodes:
        for attr in ("priority", "fill_priority"):
            p = getattr(node, attr, None)
            if p is not None:
                out.append(int(p))
    return out


def compile_document(doc: ModelDocument, source: str | Path = "<model>") -> LinearNetwork:
    """Build the runtime network of ``doc``; ``source`` locates series files and names errors."""
    src = Path(source)
    timesteps, days = time_axis(doc.timestepper)
    net = LinearNetwork(doc.name, timesteps, days, doc.scenario_names())
    b = NetworkBuilder(net)
    prio = PriorityTiers(priorities_used(doc))
    ctx = Context(doc, src, b, ValueCompiler(b, src, doc.scenario_names(), lambda name: ctx.storage[name]),
                  prio, doc.node_index())
    for phase in ("junctions", "arcs"):
        for node in doc.nodes:
            getattr(KINDS[node.type], phase)(ctx, node)
    _edges(ctx)
    for node in doc.nodes:
        KINDS[node.type].zones(ctx, node)
    return net


def _edges(ctx: Context) -> None:
    into: dict[str, list[int]] = {}
    for a, b in ctx.doc.edges:
        arc = ctx.b.arc(f"{a}->{b}", ctx.exit[a], ctx.entry[b], gain=ctx.inbound_gain.get(b, 1.0))
        ctx.b.net.labels[f"{a}->{b}"] = b
        extra = ctx.inbound_cost.get((a, b), 0.0)
        if extra:
            ctx.b.cost(arc, ctx.b.const(extra))
        into.setdefault(b, []).append(arc)
    for node in ctx.doc.nodes:
        if isinstance(node, DemandNode):
            arcs = into.get(node.name, [])
            ctx.record_flow(node.name, "withdrawal", [(c, 1.0) for c in arcs])
            ctx.record_flow(node.name, "supply_loss", [(c, node.supply_loss) for c in arcs])
