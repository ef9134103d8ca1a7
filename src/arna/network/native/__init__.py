"""Compiling a native Arna document into a :class:`~arna.network.ir.LinearNetwork`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from arna.network.ir import LinearNetwork, NetworkBuilder
from arna.network.native.context import Context
from arna.network.native.generic_kinds import (
    AggregateKind,
    GaugeKind,
    LicenceKind,
    LinkKind,
    LossLinkKind,
    PiecewiseLinkKind,
    SinkKind,
    SourceKind,
    SplitKind,
    StorageGroupKind,
    StorageKind,
)
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
from arna.network.quality import compile_quality
from arna.network.state_params import Resolver
from arna.network.timeaxis import time_axis
from arna.network.values import ValueCompiler
from arna.schema.allocation import Quota
from arna.schema.base import field_of
from arna.schema.document import ModelDocument
from arna.schema.generic import LicenceNode
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
    "source": SourceKind(),
    "sink": SinkKind(),
    "link": LinkKind(),
    "loss_link": LossLinkKind(),
    "piecewise_link": PiecewiseLinkKind(),
    "gauge": GaugeKind(),
    "split": SplitKind(),
    "storage": StorageKind(),
    "aggregate": AggregateKind(),
    "storage_group": StorageGroupKind(),
    "licence": LicenceKind(),
}

STORAGE_FIRST = frozenset({"reservoir", "groundwater", "storage", "licence"})


def priorities_used(doc: ModelDocument) -> list[int]:
    """Every priority the document uses (demands, targets, reservoir filling, generation)."""
    out: list[int] = []
    for node in doc.nodes:
        for attr in ("priority", "fill_priority"):
            p = field_of(node, attr)
            if p is not None:
                out.append(int(p))
    return out


def compile_document(
    doc: ModelDocument, source: str | Path = "<model>", data: dict[str, pd.DataFrame] | None = None,
    paths: Mapping[str, str] | None = None,
) -> LinearNetwork:
    """Build the runtime network of ``doc``.

    ``source`` locates series files and names errors; ``data`` supplies series
    frames in memory by file name (used when a document is converted on the fly);
    ``paths`` names a node value by the path of the document it was converted from
    (a Pywr catchment's ``flow`` became a source's ``min_flow`` and ``max_flow``).
    """
    src = Path(source)
    doc = with_quotas(doc)
    timesteps, days = time_axis(doc.timestepper)
    net = LinearNetwork(doc.name, timesteps, days, doc.scenario_names())
    b = NetworkBuilder(net)
    resolver = Resolver()
    values = ValueCompiler(b, src, doc, resolver, data)
    ctx = Context(doc, src, b, values, PriorityTiers(priorities_used(doc)), doc.node_index(), resolver=resolver,
                  source_paths=dict(paths or {}))
    ordered = sorted(doc.nodes, key=lambda n: n.type not in STORAGE_FIRST)
    for node in ordered:
        KINDS[node.type].junctions(ctx, node)
    for node in doc.nodes:
        KINDS[node.type].arcs(ctx, node)
    _edges(ctx)
    for node in doc.nodes:
        KINDS[node.type].after_edges(ctx, node)
    for node in doc.nodes:
        KINDS[node.type].zones(ctx, node)
    values.bind_all()
    net.quality = compile_quality(doc, net, values, ctx.entry, ctx.exit, ctx.storage, resolver)
    return net


def with_quotas(doc: ModelDocument) -> ModelDocument:
    """``doc`` with each of its ``allocation.quotas`` added as a seasonal licence over its demands."""
    if not doc.allocation.quotas:
        return doc
    extra = [quota_licence(q, doc) for q in doc.allocation.quotas]
    return doc.model_copy(update={"nodes": [*doc.nodes, *extra]})


def quota_licence(q: Quota, doc: ModelDocument) -> LicenceNode:
    """The licence enforcing quota ``q``: refilled on the 1st of its first month, closed after its last."""
    volume = f"{q.volume_hm3()!r} hm3"
    members = q.members(doc.nodes)
    if len(q.months) == 12:
        return LicenceNode(type="licence", name=f"quota: {q.name}", nodes=members, max_volume=volume,
                           renewal="annual", reset_month=q.months[0])
    end = q.months[-1] % 12 + 1
    return LicenceNode(type="licence", name=f"quota: {q.name}", nodes=members, max_volume=volume,
                       renewal="seasonal", reset_month=q.months[0], end_month=end, end_day=1)


def _edges(ctx: Context) -> None:
    into: dict[str, list[int]] = {}
    for a, b in ctx.doc.edges:
        src = ctx.edge_source.get((a, b), ctx.exit[a])
        arc = ctx.b.arc(f"{a}->{b}", src, ctx.entry[b], gain=ctx.inbound_gain.get(b, 1.0))
        ctx.edge_arc[(a, b)] = arc
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
