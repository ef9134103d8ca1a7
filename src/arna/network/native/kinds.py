"""How each node kind becomes junctions, arcs and storage zones.

Every kind has three phases, run for all nodes in turn: ``junctions`` (so
storages exist before anything refers to them), ``arcs`` and ``zones``
(volume columns are numbered after all arcs). Adding a kind means adding one
class here and one registry entry.
"""

from __future__ import annotations

import numpy as np

from arna.network.derived import EnergyRecorder
from arna.network.ir import OUTSIDE, NodeFlow, Recorder
from arna.network.native import irrigation
from arna.network.native.context import Context
from arna.network.parameters import ArrayParameter
from arna.network.priorities import PREFERENCE_STEP, SPILL
from arna.schema import nodes as n
from arna.schema.units import Dimension


class Kind:
    """Default behaviour: a node is one junction that edges enter and leave."""

    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        j = ctx.b.junction(ctx.label(node.name, node))
        ctx.entry[node.name] = ctx.exit[node.name] = j

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        """Arcs inside the node."""

    def after_edges(self, ctx: Context, node: n.NodeBase) -> None:
        """Rows that need the edges' arcs (proportions between outlets, aggregates, licences)."""

    def zones(self, ctx: Context, node: n.NodeBase) -> None:
        """Storage zones (volume columns)."""


def _through(ctx: Context, node: n.NodeBase) -> tuple[int, int]:
    entry = ctx.b.junction(ctx.label(f"{node.name}:in", node))
    exit_ = ctx.b.junction(ctx.label(f"{node.name}:out", node))
    ctx.entry[node.name], ctx.exit[node.name] = entry, exit_
    return entry, exit_


def _soft_target(ctx: Context, node: n.NodeBase, target: int, priority: int, src: int, dst: int) -> list[int]:
    """Split a flow in two: up to ``target`` earns the priority's benefit, the rest nothing."""
    met = ctx.b.arc(ctx.label(f"{node.name}:target", node), src, dst, upper=target)
    rest = ctx.b.arc(ctx.label(f"{node.name}:above", node), src, dst)
    ctx.benefit(met, priority)
    return [met, rest]


class InflowKind(Kind):
    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.InflowNode)
        flow = ctx.ref(node, "flow", Dimension.FLOW)
        j = ctx.b.junction(ctx.label(node.name, node), inflow=flow)
        ctx.entry[node.name] = ctx.exit[node.name] = j
        ctx.record_flow(node.name, "flow", [], [(flow, 1.0)])
        ctx.flow_node(node.name, NodeFlow(node.name, [], [(flow, 1.0)]))


class ReachKind(Kind):
    """Reaches and canals: one arc with a gain of ``1 − loss`` and optional limits."""

    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        _through(ctx, node)

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.ReachNode | n.DiversionNode)
        lo = ctx.opt_ref(node, "min_flow", Dimension.FLOW) if isinstance(node, n.ReachNode) else None
        hi_attr = "max_flow" if isinstance(node, n.ReachNode) else "capacity"
        hi = ctx.opt_ref(node, hi_attr, Dimension.FLOW)
        a = ctx.b.arc(ctx.label(node.name, node), ctx.entry[node.name], ctx.exit[node.name],
                      lower=lo, upper=hi, gain=1.0 - node.loss)
        ctx.record_flow(node.name, "flow", [(a, 1.0)])
        ctx.record_flow(node.name, "loss", [(a, node.loss)])
        ctx.flow_node(node.name, NodeFlow(node.name, [(a, 1.0)]))


class DemandKind(Kind):
    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.DemandNode)
        _through(ctx, node)
        ctx.inbound_gain[node.name] = 1.0 - node.supply_loss

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.DemandNode)
        b = ctx.b
        cf = node.consumptive_fraction
        if node.irrigation is not None:
            need, cf = _scheme_demand(ctx, node)
        else:
            need = ctx.ref(node, "demand", Dimension.FLOW)
        d = b.arc(ctx.label(f"{node.name}", node), ctx.entry[node.name], ctx.exit[node.name], upper=need)
        ctx.benefit(d, node.priority, 1.0 / (1.0 - node.supply_loss))
        _share(ctx, node, d, need)
        ctx.delivered_arc[node.name] = d
        used = b.arc(ctx.label(f"{node.name}:consumed", node), ctx.exit[node.name], OUTSIDE)
        ctx.record_flow(node.name, "demand", [], [(need, 1.0)])
        ctx.record_flow(node.name, "delivered", [(d, 1.0)])
        ctx.record_flow(node.name, "deficit", [(d, -1.0)], [(need, 1.0)])
        ctx.record_flow(node.name, "consumed", [(used, 1.0)])
        ctx.flow_node(node.name, NodeFlow(node.name, [(d, 1.0)]), need)
        if cf < 1.0:
            assert node.return_to is not None
            ret = b.arc(ctx.label(f"{node.name}:return", node), ctx.exit[node.name],
                        ctx.entry[node.return_to])
            b.constraint(ctx.label(f"{node.name}:return_share", node), [(ret, 1.0), (d, -(1.0 - cf))],
                         b.zero, b.zero)
            ctx.record_flow(node.name, "return_flow", [(ret, 1.0)])
        for rank, src in enumerate(node.supply_preference or []):
            ctx.inbound_cost[(src, node.name)] = rank * PREFERENCE_STEP


def _share(ctx: Context, node: n.DemandNode, column: int, need: int) -> None:
    """Join the fair-sharing group of the demand's priority (unless sharing is strict priority)."""
    sharing = ctx.doc.allocation.sharing
    if sharing == "priority":
        return
    norm = ctx.ref(node, "entitlement", Dimension.NUMBER) if sharing == "entitlement" else need
    ctx.b.fair_member(column, ctx.prio.tier(node.priority), norm)


def _price(ctx: Context, node: n.HydropowerNode) -> int:
    """The plant's energy price (USD/MWh): its own ``price``, or the default winter/summer prices."""
    if node.price is not None:
        return ctx.ref(node, "price", Dimension.NUMBER)
    winter = np.isin(np.asarray(ctx.b.net.timesteps.month), n.WINTER_MONTHS)
    prices = np.where(winter, n.DEFAULT_PRICE_WINTER, n.DEFAULT_PRICE_SUMMER)
    return ctx.b.param(ArrayParameter(prices, name=f"{node.name}.price"))


def _scheme_demand(ctx: Context, node: n.DemandNode) -> tuple[int, float]:
    """Demand parameter and consumptive fraction of an irrigation-scheme demand."""
    path = ctx.path(node, "irrigation")
    scheme = irrigation.resolve_scheme(node, ctx.source, path)
    rate = irrigation.daily_rate_hm3(scheme, ctx.b.net.timesteps, ctx.b.net.days) / ctx.base
    need = ctx.b.param(ArrayParameter(rate, name=f"{node.name}.irrigation"))
    return need, irrigation.consumptive_fraction(node, scheme, ctx.source, ctx.path(node))


class EnvironmentalFlowKind(Kind):
    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        _through(ctx, node)

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.EnvironmentalFlowNode)
        req = ctx.ref(node, "requirement", Dimension.FLOW)
        met, rest = _soft_target(ctx, node, req, node.priority, ctx.entry[node.name], ctx.exit[node.name])
        ctx.record_flow(node.name, "flow", [(met, 1.0), (rest, 1.0)])
        ctx.record_flow(node.name, "requirement", [], [(req, 1.0)])
        ctx.record_flow(node.name, "shortfall", [(met, -1.0)], [(req, 1.0)])
        ctx.flow_node(node.name, NodeFlow(node.name, [(met, 1.0), (rest, 1.0)]))


class TargetOutletKind(Kind):
    """Terminals and borders: a flow that may have a target sought at a priority."""

    target_attr = "target_inflow"

    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        _through(ctx, node)

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.TerminalNode | n.BorderNode)
        src = ctx.entry[node.name]
        has_down = any(a == node.name for a, _ in ctx.doc.edges)
        dst = ctx.exit[node.name] if has_down else OUTSIDE
        target = ctx.opt_ref(node, self.target_attr, Dimension.FLOW)
        if target is not None and node.priority is not None:
            cols = _soft_target(ctx, node, target, node.priority, src, dst)
        else:
            cols = [ctx.b.arc(ctx.label(node.name, node), src, dst)]
        ctx.record_flow(node.name, "flow", [(c, 1.0) for c in cols])
        ctx.flow_node(node.name, NodeFlow(node.name, [(c, 1.0) for c in cols]))
        if target is not None:
            ctx.record_flow(node.name, self.target_attr, [], [(target, 1.0)])


class BorderKind(TargetOutletKind):
    target_attr = "agreement"


class HydropowerKind(Kind):
    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        _through(ctx, node)

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.HydropowerNode)
        b = ctx.b
        cap = ctx.ref(node, "turbine_capacity", Dimension.FLOW)
        turb = b.arc(ctx.label(node.name, node), ctx.entry[node.name], ctx.exit[node.name], upper=cap)
        bypass = b.arc(ctx.label(f"{node.name}:bypass", node), ctx.entry[node.name], ctx.exit[node.name])
        b.cost(bypass, b.const(SPILL))
        if node.priority is not None:
            ctx.benefit(turb, node.priority)
        ctx.turbine_arc[node.name] = turb
        ctx.record_flow(node.name, "turbine_flow", [(turb, 1.0)])
        ctx.record_flow(node.name, "bypass", [(bypass, 1.0)])
        ctx.flow_node(node.name, NodeFlow(node.name, [(turb, 1.0), (bypass, 1.0)]))
        ctx.b.record(Recorder(node.name, "price", "USD/MWh", params=[(_price(ctx, node), 1.0)]))

    def zones(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.HydropowerNode)
        res = ctx.doc.nodes[ctx.position[node.reservoir]]
        assert isinstance(res, n.ReservoirNode) and res.table is not None
        installed = None
        if node.installed_capacity is not None:
            installed = float(ctx.values.array(node.installed_capacity, Dimension.POWER,
                                               ctx.path(node, "installed_capacity")).max())
        vol = ctx.volume_table(res.table.volume, res.table.volume_unit)
        ctx.b.net.derived.append(EnergyRecorder(
            node.name, ctx.turbine_arc[node.name], ctx.storage[res.name], vol,
            np.asarray(res.table.level), node.tailwater_level, node.efficiency, installed, ctx.base))
