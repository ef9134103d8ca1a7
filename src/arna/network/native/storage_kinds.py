"""Kinds that hold water: reservoirs and aquifers."""

from __future__ import annotations

import numpy as np

from arna.network.derived import LevelRecorder
from arna.network.ir import OUTSIDE, NodeFlow, Recorder, Storage
from arna.network.native.context import Context
from arna.network.native.kinds import Kind
from arna.network.parameters import ArrayParameter, Product, VolumeInterpolation
from arna.network.priorities import ABOVE_RULE, DEAD_STORAGE, PHYSICAL, SPILL
from arna.schema import nodes as n
from arna.schema.params import ScenarioSpec, Value
from arna.schema.units import Dimension


def _storage_junctions(ctx: Context, node: n.NodeBase, inflow: int | None = None, max_attr: str = "capacity") -> None:
    entry = ctx.b.junction(ctx.label(node.name, node), inflow=inflow)
    exit_ = ctx.b.junction(ctx.label(f"{node.name}:outlet", node))
    ctx.entry[node.name], ctx.exit[node.name] = entry, exit_
    init = ctx.ref(node, "initial_volume", Dimension.VOLUME)
    vmax = ctx.opt_ref(node, max_attr, Dimension.VOLUME)
    register_storage(ctx, node.name, Storage(node.name, entry, [], init), vmax)


def register_storage(ctx: Context, name: str, storage: Storage, max_volume: int | None = None) -> int:
    """Add a storage, make it known by name, and record its volume."""
    i = ctx.b.storage(storage)
    ctx.storage[name] = i
    ctx.resolver.storage[name] = i
    if max_volume is not None:
        ctx.resolver.storage_max[name] = max_volume
    ctx.b.record(Recorder(name, "volume", ctx.doc.units.volume, volume_of=i))
    return i


def _sink(ctx: Context, node: n.NodeBase, what: str, upper: int, cost: float) -> int:
    a = ctx.b.arc(ctx.label(f"{node.name}:{what}", node), ctx.entry[node.name], OUTSIDE, upper=upper)
    ctx.b.cost(a, ctx.b.const(cost))
    ctx.record_flow(node.name, what, [(a, 1.0)])
    return a


class ReservoirKind(Kind):
    """Zones: dead storage, conservation (up to the rule curve, filled at ``fill_priority``), flood."""

    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        _storage_junctions(ctx, node)

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.ReservoirNode)
        b, s = ctx.b, ctx.storage[node.name]
        if node.evaporation is not None and node.table is not None and node.table.area is not None:
            depth = ctx.ref(node, "evaporation", Dimension.DEPTH_RATE)  # mm/day
            vol = ctx.volume_table(node.table.volume, node.table.volume_unit)
            area = b.param(VolumeInterpolation(s, vol, np.asarray(node.table.area), f"{node.name}.area"))
            # 1 mm over 1 km² is 1e-3 hm³
            potential = b.param(Product([depth, area], 1e-3, f"{node.name}.evaporation"))
            _sink(ctx, node, "evaporation", potential, -PHYSICAL)
        if node.seepage is not None:
            _sink(ctx, node, "seepage", ctx.ref(node, "seepage", Dimension.FLOW), -PHYSICAL)
        lo = ctx.opt_ref(node, "min_release", Dimension.FLOW)
        hi = ctx.opt_ref(node, "max_release", Dimension.FLOW)
        rel = b.arc(ctx.label(f"{node.name}:release", node), ctx.entry[node.name], ctx.exit[node.name],
                    lower=lo, upper=hi)
        ctx.record_flow(node.name, "release", [(rel, 1.0)])
        outflow = [(rel, 1.0)]
        if hi is not None:
            spill = b.arc(ctx.label(f"{node.name}:spill", node), ctx.entry[node.name], ctx.exit[node.name])
            b.cost(spill, b.const(SPILL))
            ctx.record_flow(node.name, "spill", [(spill, 1.0)])
            outflow.append((spill, 1.0))
        ctx.flow_node(node.name, NodeFlow(node.name, outflow))

    def zones(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.ReservoirNode)
        cap = ctx.values.array(node.capacity, Dimension.VOLUME, ctx.path(node, "capacity"))
        dead = ctx.values.array(node.dead_storage, Dimension.VOLUME, ctx.path(node, "dead_storage"))
        cap, dead, target = _columns(cap, dead, self._rule_curve(ctx, node, cap))  # any may vary by scenario
        target = np.minimum(np.maximum(target, dead), cap)
        b, st = ctx.b, ctx.b.net.storages[ctx.storage[node.name]]
        bands = [
            ("dead", dead, -DEAD_STORAGE),
            ("conservation", target - dead, 0.0),
            ("flood", cap - target, ABOVE_RULE),
        ]
        for label, size, cost in bands:
            z = b.zone(ctx.label(f"{node.name}:{label}", node), b.zero, _array_ref(ctx, size, f"{node.name}.{label}"))
            if cost:
                b.cost(z.column, b.const(cost))
            if label == "conservation":
                ctx.benefit(z.column, node.fill_priority)
            st.zones.append(z)
        if node.table is not None:
            vol = ctx.volume_table(node.table.volume, node.table.volume_unit)
            b.net.derived.append(LevelRecorder(node.name, ctx.storage[node.name], vol, np.asarray(node.table.level)))

    @staticmethod
    def _rule_curve(ctx: Context, node: n.ReservoirNode, cap: np.ndarray) -> np.ndarray:
        if node.rule_curve is None:
            return cap
        return _curve(ctx, node.rule_curve, cap, ctx.path(node, "rule_curve"))


def _curve(ctx: Context, rc: Value, cap: np.ndarray, path: str, unit: str | None = None) -> np.ndarray:
    """A rule curve as a volume: a fraction of ``cap`` or a volume, decided per scenario where it varies."""
    if isinstance(rc, ScenarioSpec):
        cols = [_column(_curve(ctx, rc.values[s.name], cap, f"{path}.values.{s.name}", rc.unit or unit), k)
                for k, s in enumerate(ctx.doc.scenarios)]
        return np.stack(cols, axis=1)
    if unit and isinstance(rc, int | float) and not isinstance(rc, bool):
        rc = f"{rc} {unit}"  # a bare number inside a scenario value takes that value's unit
    own = getattr(rc, "unit", None)
    if isinstance(rc, str):
        own = rc.split()[-1] if len(rc.split()) > 1 else None
    if own in {"fraction", "%"}:
        share = ctx.values.array(rc, Dimension.FRACTION, path)
        return _broadcast(share, cap) * _broadcast(cap, share)
    return ctx.values.array(rc, Dimension.VOLUME, path)


def _column(arr: np.ndarray, k: int) -> np.ndarray:
    return arr[:, k] if arr.ndim == 2 else arr


def _columns(*arrays: np.ndarray) -> list[np.ndarray]:
    """``(T,)`` arrays as ``(T, 1)`` when any other is ``(T, S)``, so that they combine by scenario."""
    if all(a.ndim == 1 for a in arrays):
        return list(arrays)
    return [a[:, None] if a.ndim == 1 else a for a in arrays]


def _broadcast(a: np.ndarray, like: np.ndarray) -> np.ndarray:
    if a.ndim == 1 and like.ndim == 2:
        return a[:, None]
    return a


def _array_ref(ctx: Context, arr: np.ndarray, name: str) -> int:
    if arr.ndim == 1 and np.all(arr == arr[0]):
        return ctx.b.const(float(arr[0]))
    return ctx.b.param(ArrayParameter(arr, name))


class GroundwaterKind(Kind):
    def junctions(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.GroundwaterNode)
        recharge = ctx.ref(node, "recharge", Dimension.FLOW)
        _storage_junctions(ctx, node, inflow=recharge)
        ctx.record_flow(node.name, "recharge", [], [(recharge, 1.0)])

    def arcs(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.GroundwaterNode)
        b = ctx.b
        hi = ctx.opt_ref(node, "max_pumping", Dimension.FLOW)
        pump = b.arc(ctx.label(f"{node.name}:pumping", node), ctx.entry[node.name], ctx.exit[node.name], upper=hi)
        ctx.record_flow(node.name, "pumping", [(pump, 1.0)])
        ctx.flow_node(node.name, NodeFlow(node.name, [(pump, 1.0)]))
        if node.capacity is not None:
            _sink(ctx, node, "overflow", b.inf, SPILL)

    def zones(self, ctx: Context, node: n.NodeBase) -> None:
        assert isinstance(node, n.GroundwaterNode)
        b = ctx.b
        cap = b.inf if node.capacity is None else ctx.ref(node, "capacity", Dimension.VOLUME)
        z = b.zone(ctx.label(f"{node.name}:aquifer", node), b.zero, cap)
        b.net.storages[ctx.storage[node.name]].zones.append(z)
