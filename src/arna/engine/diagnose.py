"""Explaining an infeasible LP in the user's terms: timestep, scenario, nodes, hint."""

from __future__ import annotations

from arna.engine.assemble import Layout
from arna.engine.solver import HighsLP
from arna.errors import InfeasibleError
from arna.network.ir import LinearNetwork


def _row_names(net: LinearNetwork) -> list[str]:
    names = [n for n, _ in net.junctions] + [c.name for c in net.constraints]
    names += [s.name for s in net.storages if s.virtual]
    return names


def _col_names(net: LinearNetwork) -> list[str]:
    return [a.name for a in net.arcs] + list(net.zone_columns)


def _node_of(net: LinearNetwork, label: str) -> str:
    return net.labels.get(label, label.split(":")[0])


def involved_nodes(net: LinearNetwork, solver: HighsLP) -> list[str]:
    """Nodes whose rows or columns form an irreducible infeasible subset (IIS), if HiGHS finds one."""
    try:
        _, iis = solver.h.getIis()
        rows, cols = list(iis.row_index_), list(iis.col_index_)
    except Exception:  # pragma: no cover - older HiGHS without IIS
        return []
    rn, cn = _row_names(net), _col_names(net)
    labels = [rn[r] for r in rows if r < len(rn)] + [cn[c] for c in cols if c < len(cn)]
    seen: dict[str, None] = {}
    for label in labels:
        seen.setdefault(_node_of(net, label), None)
    return list(seen)


def infeasible_error(
    net: LinearNetwork, layout: Layout, solver: HighsLP, t: int, scenario: int, status: str
) -> InfeasibleError:
    nodes = involved_nodes(net, solver) if status == "Infeasible" else []
    where = f"nodes involved: {', '.join(nodes)}" if nodes else "no subset of nodes could be isolated"
    return InfeasibleError(
        f"model '{net.name}': the allocation has no solution ({status}) at timestep {t} "
        f"({net.timesteps[t].date()}), scenario '{net.scenarios[scenario]}'; {where}. "
        "Hint: a fixed inflow or a minimum flow cannot be passed on or met — check minimum flows, "
        "fixed inflows, capacities and that every node can reach an outlet."
    )
