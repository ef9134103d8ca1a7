"""The general-purpose kinds (``source``, ``sink``, ``link`` … see :mod:`arna.schema.generic`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arna.network.ir import OUTSIDE, NodeFlow, Recorder, Storage, Zone
from arna.network.native.context import Context
from arna.network.native.kinds import Kind, _through
from arna.network.native.storage_kinds import register_storage
from arna.network.parameters import ArrayParameter
from arna.network.state_params import TRANSFORMS, Transform
from arna.schema import generic as g
from arna.schema.base import field_of
from arna.schema.nodes import NodeBase
from arna.schema.units import Dimension


def _limits(ctx: Context, node: NodeBase) -> tuple[int, int | None, int]:
    lo = ctx.ref(node, "min_flow", Dimension.FLOW)
    # the same value as both limits (a fixed flow: a Pywr catchment) is one parameter, so the arc is seen
    # as fixed (and left out of the solver's LP: arna.engine.assemble.define_solver_view)
    same = field_of(node, "max_flow") is not None and field_of(node, "max_flow") == field_of(node, "min_flow")
    hi = lo if same else ctx.opt_ref(node, "max_flow", Dimension.FLOW)
    return lo, hi, ctx.ref(node, "cost", Dimension.COST)


def _arc(ctx: Context, node: NodeBase, src: int, dst: int, label: str = "") -> int:
    lo, hi, cost = _limits(ctx, node)
    a = ctx.b.arc(ctx.label(f"{node.name}{label}", node), src, dst, lower=lo, upper=hi)
    ctx.b.cost(a, cost)
    ctx.record_flow(node.name, "flow", [(a, 1.0)])
    ctx.flow_node(node.name, NodeFlow(node.name, [(a, 1.0)]), hi)
    return a


class SourceKind(Kind):
    def arcs(self, ctx: Context, node: NodeBase) -> None:
        _arc(ctx, node, OUTSIDE, ctx.exit[node.name])


class SinkKind(Kind):
    def arcs(self, ctx: Context, node: NodeBase) -> None:
        _arc(ctx, node, ctx.entry[node.name], OUTSIDE)


class LinkKind(Kind):
    def junctions(self, ctx: Context, node: NodeBase) -> None:
        _through(ctx, node)

    def arcs(self, ctx: Context, node: NodeBase) -> None:
        _arc(ctx, node, ctx.entry[node.name], ctx.exit[node.name])


class LossLinkKind(Kind):
    """Gross flow enters, ``gain × gross`` continues as the net flow that limits and costs apply to."""

    def junctions(self, ctx: Context, node: NodeBase) -> None:
        _through(ctx, node)
        ctx.extra_junction[node.name] = ctx.b.junction(ctx.label(f"{node.name}:net", node))

    def arcs(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.LossLinkNode)
        mid = ctx.extra_junction[node.name]
        func = "gain_of_net_loss" if node.loss_basis == "net" else "gain_of_gross_loss"
        loss = ctx.values.static(node.loss_factor, Dimension.NUMBER, ctx.path(node, "loss_factor"))
        if loss is not None and np.all(loss == loss.flat[0]):
            gross = ctx.b.arc(ctx.label(f"{node.name}:gross", node), ctx.entry[node.name], mid,
                              gain=float(TRANSFORMS[func](loss.flat[0])))
        else:
            ref = ctx.ref(node, "loss_factor", Dimension.NUMBER)
            if loss is not None:
                gp = ctx.b.param(ArrayParameter(TRANSFORMS[func](loss)))
            else:
                gp = ctx.b.param(Transform(ref, func))
            gross = ctx.b.arc(ctx.label(f"{node.name}:gross", node), ctx.entry[node.name], mid, gain_param=gp)
        ctx.record_flow(node.name, "gross_flow", [(gross, 1.0)])
        _arc(ctx, node, mid, ctx.exit[node.name])


class PiecewiseLinkKind(Kind):
    def junctions(self, ctx: Context, node: NodeBase) -> None:
        _through(ctx, node)

    def arcs(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.PiecewiseLinkNode)
        cols = []
        for i, (hi, cost) in enumerate(zip(node.max_flows, node.costs, strict=True)):
            upper = None if hi is None else ctx.value_ref(node, hi, f"max_flows[{i}]", Dimension.FLOW)
            a = ctx.b.arc(
                ctx.label(f"{node.name}:band{i}", node), ctx.entry[node.name], ctx.exit[node.name], upper=upper
            )
            ctx.b.cost(a, ctx.values.ref(cost, Dimension.COST, ctx.path(node, f"costs[{i}]")))
            cols.append((a, 1.0))
        ctx.record_flow(node.name, "flow", cols)
        ctx.flow_node(node.name, NodeFlow(node.name, cols))


def _mrf_pair(ctx: Context, node: NodeBase, src: int, mrf_dst: int, rest_dst: int) -> tuple[int, int]:
    mrf = ctx.ref(node, "mrf", Dimension.FLOW)
    a = ctx.b.arc(ctx.label(f"{node.name}:mrf", node), src, mrf_dst, upper=mrf)
    ctx.b.cost(a, ctx.ref(node, "mrf_cost", Dimension.COST))
    r = ctx.b.arc(ctx.label(f"{node.name}:rest", node), src, rest_dst)
    ctx.b.cost(r, ctx.ref(node, "cost", Dimension.COST))
    hi = ctx.opt_ref(node, "max_flow", Dimension.FLOW)
    if hi is not None:
        ctx.b.constraint(ctx.label(f"{node.name}:max", node), [(a, 1.0), (r, 1.0)], upper=hi)
    return a, r


class GaugeKind(Kind):
    def junctions(self, ctx: Context, node: NodeBase) -> None:
        _through(ctx, node)

    def arcs(self, ctx: Context, node: NodeBase) -> None:
        a, r = _mrf_pair(ctx, node, ctx.entry[node.name], ctx.exit[node.name], ctx.exit[node.name])
        ctx.record_flow(node.name, "flow", [(a, 1.0), (r, 1.0)])
        ctx.flow_node(node.name, NodeFlow(node.name, [(a, 1.0), (r, 1.0)]))


class SplitKind(Kind):
    """Fixed proportions between outlets; with ``mrf``, a gauged split (see the schema)."""

    def junctions(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.SplitNode)
        _through(ctx, node)
        if node.mrf is not None:
            rest = ctx.b.junction(ctx.label(f"{node.name}:rest", node))
            for outlet in node.outlets[1:]:
                ctx.edge_source[(node.name, outlet)] = rest
            ctx.extra_junction[node.name] = rest

    def arcs(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.SplitNode)
        if node.mrf is None:
            cols = [(_arc_through(ctx, node), 1.0)]
        else:
            rest_j = ctx.extra_junction[node.name]
            a, r = _mrf_pair(ctx, node, ctx.entry[node.name], ctx.exit[node.name], rest_j)
            main = ctx.b.arc(ctx.label(f"{node.name}:main_share", node), rest_j, ctx.exit[node.name])
            ctx.main_share[node.name] = main
            cols = [(a, 1.0), (r, 1.0)]
        ctx.record_flow(node.name, "flow", cols)
        ctx.flow_node(node.name, NodeFlow(node.name, cols))

    def after_edges(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.SplitNode)
        f = [_constant(ctx, node, v, i) for i, v in enumerate(node.factors)]
        outs = [ctx.edge_arc[(node.name, o)] for o in node.outlets]
        if node.mrf is None:
            for i in range(1, len(outs)):
                ctx.b.constraint(ctx.label(f"{node.name}:share{i}", node),
                                 [(outs[i], f[0]), (outs[0], -f[i])], ctx.b.zero, ctx.b.zero)
            return
        main = ctx.main_share[node.name]
        for i in range(1, len(outs)):  # each further outlet takes at most its share of the rest
            ctx.b.constraint(ctx.label(f"{node.name}:share{i}", node), [(outs[i], f[0]), (main, -f[i])],
                             upper=ctx.b.zero)


def _arc_through(ctx: Context, node: NodeBase) -> int:
    hi = ctx.opt_ref(node, "max_flow", Dimension.FLOW)
    a = ctx.b.arc(ctx.label(node.name, node), ctx.entry[node.name], ctx.exit[node.name], upper=hi)
    ctx.b.cost(a, ctx.ref(node, "cost", Dimension.COST))
    return a


def _constant(ctx: Context, node: NodeBase, value: object, i: int) -> float:
    """Factor ``i`` of a split or an aggregate: a constant, not negative (factors are ratios of flows)."""
    from arna.errors import DocumentError

    path = ctx.path(node, f"factors[{i}]")
    arr = ctx.values.static(value, Dimension.NUMBER, path)
    if arr is None or not np.all(arr == arr.flat[0]):
        raise DocumentError(ctx.source, [(path, "split factors must be constants")])
    factor = float(arr.flat[0])
    if not factor >= 0:  # NaN too
        raise DocumentError(ctx.source, [(path, (
            f"node '{node.name}': factor {factor:g} is negative; factors are the ratios in which flows are shared, "
            "so each must be 0 or more (0 closes that share)"))])
    return factor


class StorageKind(Kind):
    """A store with one zone between ``min_volume`` and ``max_volume`` and a cost on what it holds."""

    def junctions(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.StorageNode)
        j = ctx.b.junction(ctx.label(node.name, node))
        ctx.entry[node.name] = ctx.exit[node.name] = j
        vmax = ctx.ref(node, "max_volume", Dimension.VOLUME)
        register_storage(ctx, node.name, Storage(node.name, j, [], _initial(ctx, node, vmax)), vmax)

    def zones(self, ctx: Context, node: NodeBase) -> None:
        st = ctx.b.net.storages[ctx.storage[node.name]]
        z = ctx.b.zone(ctx.label(f"{node.name}:volume", node), ctx.ref(node, "min_volume", Dimension.VOLUME),
                       ctx.resolver.storage_max[node.name])
        ctx.b.cost(z.column, ctx.ref(node, "cost", Dimension.COST))
        st.zones.append(z)


def _initial(ctx: Context, node: g.StorageNode | g.LicenceNode, vmax: int) -> int:
    pc = node.initial_volume_pc
    if node.initial_volume is not None:
        return ctx.ref(node, "initial_volume", Dimension.VOLUME)
    arr = ctx.values.static(node.max_volume, Dimension.VOLUME, ctx.path(node, "max_volume"))
    share = 1.0 if pc is None else pc
    if arr is None:
        from arna.errors import DocumentError

        raise DocumentError(
            ctx.source, [(ctx.path(node, "initial_volume"), "give initial_volume when max_volume is state-dependent")]
        )
    return ctx.b.param(ArrayParameter(arr * share, f"{node.name}.initial_volume"))


class AggregateKind(Kind):
    def junctions(self, ctx: Context, node: NodeBase) -> None:
        """Not part of the flow graph."""

    def after_edges(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.AggregateNode)
        flows = [ctx.b.net.node_flows[ctx.resolver.node_flow[m]] for m in node.nodes]
        weights = node.weights or [1.0] * len(flows)
        terms = [(c, w * k) for nf, w in zip(flows, weights, strict=True) for c, k in nf.columns]
        lo, hi = ctx.ref(node, "min_flow", Dimension.FLOW), ctx.opt_ref(node, "max_flow", Dimension.FLOW)
        ctx.b.constraint(ctx.label(f"{node.name}:limits", node), terms, lo, hi)
        if node.factors is not None:
            f = [_constant(ctx, node, v, i) for i, v in enumerate(node.factors)]
            for i in range(1, len(flows)):  # f0 · flow_i − f_i · flow_0 = 0
                row = [(c, k * f[0]) for c, k in flows[i].columns] + [(c, -k * f[i]) for c, k in flows[0].columns]
                ctx.b.constraint(ctx.label(f"{node.name}:factor{i}", node), row, ctx.b.zero, ctx.b.zero)
        cols = [(c, k) for nf in flows for c, k in nf.columns]
        ctx.record_flow(node.name, "flow", cols)


class StorageGroupKind(Kind):
    def junctions(self, ctx: Context, node: NodeBase) -> None:
        """Not part of the flow graph."""

    def zones(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.StorageGroupNode)
        ctx.b.record(Recorder(node.name, "volume", ctx.doc.units.volume,
                              volumes_of=[ctx.storage[m] for m in node.nodes]))


class LicenceKind(Kind):
    """A virtual storage drawn down by member flows; refilled by its renewal rule."""

    def junctions(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.LicenceNode)
        vmax = ctx.ref(node, "max_volume", Dimension.VOLUME)
        initial = _initial(ctx, node, vmax)
        st = Storage(node.name, ctx.b.licence_row(), [], initial, virtual=True,
                     reset_volume=initial if node.reset_to_initial_volume else vmax)
        register_storage(ctx, node.name, st, vmax)

    def after_edges(self, ctx: Context, node: NodeBase) -> None:
        assert isinstance(node, g.LicenceNode)
        st = ctx.b.net.storages[ctx.storage[node.name]]
        factors = node.factors or [1.0] * len(node.nodes)
        for m, f in zip(node.nodes, factors, strict=True):
            nf = ctx.b.net.node_flows[ctx.resolver.node_flow[m]]
            st.terms += [(c, k * f) for c, k in nf.columns]
        renewal_schedule(ctx, node, st)

    def zones(self, ctx: Context, node: NodeBase) -> None:
        st = ctx.b.net.storages[ctx.storage[node.name]]
        z: Zone = ctx.b.zone(ctx.label(f"{node.name}:volume", node), ctx.ref(node, "min_volume", Dimension.VOLUME),
                             ctx.resolver.storage_max[node.name])
        ctx.b.cost(z.column, ctx.ref(node, "cost", Dimension.COST))
        st.zones.append(z)


def renewal_schedule(ctx: Context, node: g.LicenceNode, st: Storage) -> None:
    """Which timesteps start with a refilled licence, and when a seasonal one is closed."""
    dates = ctx.b.net.timesteps
    if node.renewal == "rolling":
        st.rolling_window = node.window
        st.initial_use = _initial_use(ctx, node)
        return
    active = np.ones(len(dates), dtype=bool)
    resets = _monthly_resets(dates, node) if node.renewal == "monthly" else (
        _annual_resets(dates, node.reset_month, node.reset_day) if node.renewal in {"annual", "seasonal"} else [])
    if node.renewal == "seasonal":
        for t, d in enumerate(dates):
            active[t] = _in_season(d, node)
    st.reset_steps = resets
    st.active = active if not active.all() else None


def _initial_use(ctx: Context, node: g.LicenceNode) -> int | None:
    """A rolling licence that starts below its maximum: the use assumed in each of the window − 1 steps
    before the run, (max − initial) / (window − 1), as Pywr 1.31.1 assumes it."""
    if (node.initial_volume is None and node.initial_volume_pc is None) or node.window < 2:
        return None
    vmax = ctx.values.static(node.max_volume, Dimension.VOLUME, ctx.path(node, "max_volume"))
    if vmax is None:
        from arna.errors import DocumentError

        raise DocumentError(ctx.source, [(ctx.path(node, "max_volume"), "a rolling licence that starts below its "
                                          "maximum needs a max_volume known before the run")])
    if node.initial_volume is not None:
        start = ctx.values.static(node.initial_volume, Dimension.VOLUME, ctx.path(node, "initial_volume"))
        if start is None:
            from arna.errors import DocumentError

            raise DocumentError(ctx.source, [(ctx.path(node, "initial_volume"), "a rolling licence's "
                                              "initial_volume must be known before the run")])
    else:
        start = vmax * float(node.initial_volume_pc or 0.0)
    use = np.maximum(vmax[:1] - start[:1], 0.0) / (node.window - 1)
    return ctx.b.param(ArrayParameter(np.repeat(use, len(ctx.b.net.timesteps), axis=0), f"{node.name}.initial_use"))


def _annual_resets(dates: pd.DatetimeIndex, month: int, day: int) -> list[int]:
    """Steps refilled by a yearly reset on (month, day), as Pywr 1.31.1 does it.

    A step is refilled when it starts in a year not yet refilled and on or after the
    reset date of that year (so a reset on 31 February falls on 1 March); the first
    step is never refilled, and a run starting on or after the date counts as
    refilled in its first year.
    """
    due = (month, day)
    last = dates[0].year if (dates[0].month, dates[0].day) >= due else None
    out: list[int] = []
    for t in range(1, len(dates)):
        d = dates[t]
        if d.year != last and (d.month, d.day) >= due:
            out.append(t)
            last = d.year
    return out


def _monthly_resets(dates: pd.DatetimeIndex, node: g.LicenceNode) -> list[int]:
    """Steps refilled every ``months`` calendar months, ``initial_months`` already past at the start.

    Each step that starts in a new month counts one month; when the count reaches
    ``months`` the licence is refilled and the count starts again (Pywr 1.31.1).
    """
    count = node.initial_months
    out: list[int] = []
    for t in range(1, len(dates)):
        prev, cur = dates[t - 1], dates[t]
        if (cur.year, cur.month) != (prev.year, prev.month):
            count += 1
            if count >= node.months:
                out.append(t)
                count = 0
    return out


def _in_season(d: object, node: g.LicenceNode) -> bool:
    import pandas as pd

    assert isinstance(d, pd.Timestamp)
    start = (node.reset_month, node.reset_day)
    end = (node.end_month, node.end_day)
    here = (d.month, d.day)
    return start <= here < end if start <= end else here >= start or here < end
