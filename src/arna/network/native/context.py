"""Shared state while compiling a native Arna document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from arna.network.ir import NetworkBuilder, Recorder
from arna.network.priorities import PriorityTiers
from arna.network.values import ValueCompiler
from arna.schema.document import ModelDocument
from arna.schema.nodes import NodeBase
from arna.schema.params import Value
from arna.schema.units import HM3_PER_DAY_TO_M3S, Dimension


@dataclass
class Context:
    """What every kind's define functions share."""

    doc: ModelDocument
    source: Path
    b: NetworkBuilder
    values: ValueCompiler
    prio: PriorityTiers
    position: dict[str, int]
    entry: dict[str, int] = field(default_factory=dict)  # node → junction receiving edges
    exit: dict[str, int] = field(default_factory=dict)  # node → junction edges leave from
    inbound_gain: dict[str, float] = field(default_factory=dict)
    inbound_cost: dict[tuple[str, str], float] = field(default_factory=dict)  # (from, to) → cost
    storage: dict[str, int] = field(default_factory=dict)
    turbine_arc: dict[str, int] = field(default_factory=dict)
    delivered_arc: dict[str, int] = field(default_factory=dict)

    def path(self, node: NodeBase, attr: str = "") -> str:
        base = f"nodes[{self.position[node.name]}]"
        return f"{base}.{attr}" if attr else base

    def ref(self, node: NodeBase, attr: str, dim: Dimension) -> int:
        value: Value = getattr(node, attr)
        return self.values.ref(value, dim, self.path(node, attr), name=f"{node.name}.{attr}")

    def opt_ref(self, node: NodeBase, attr: str, dim: Dimension) -> int | None:
        return None if getattr(node, attr) is None else self.ref(node, attr, dim)

    def benefit(self, column: int, priority: int, weight: float = 1.0) -> None:
        """Reward ``column`` at ``priority`` (see :mod:`arna.network.priorities`)."""
        self.b.benefit(column, self.prio.tier(priority), weight)

    def label(self, key: str, node: NodeBase) -> str:
        self.b.net.labels[key] = node.name
        return key

    def record_flow(
        self, node: str, attribute: str, columns: list[tuple[int, float]],
        params: list[tuple[int, float]] | None = None,
    ) -> None:
        """Record a flow (internal hm³/day) in m³/s."""
        self.b.record(
            Recorder(node, attribute, "m3/s", columns=columns, params=params or [], scale=HM3_PER_DAY_TO_M3S)
        )
