"""Shared state while compiling a native Arna document."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from arna.network.ir import NetworkBuilder, NodeFlow, NonNegative, Recorder
from arna.network.non_negative import describe_value, require_non_negative
from arna.network.priorities import PriorityTiers
from arna.network.state_params import Resolver
from arna.network.values import ValueCompiler
from arna.schema.document import ModelDocument
from arna.schema.nodes import NodeBase
from arna.schema.params import Value
from arna.schema.units import SIGNED, Dimension, flow_unit_factor, static_factor


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
    resolver: Resolver = field(default_factory=Resolver)
    edge_source: dict[tuple[str, str], int] = field(default_factory=dict)  # (from, to) → junction
    edge_arc: dict[tuple[str, str], int] = field(default_factory=dict)
    extra_junction: dict[str, int] = field(default_factory=dict)
    main_share: dict[str, int] = field(default_factory=dict)
    delivered_arc: dict[str, int] = field(default_factory=dict)
    non_negative_checked: set[int] = field(default_factory=set)  # parameters found ≥ 0 before the run
    source_paths: dict[str, str] = field(default_factory=dict)  # path → the converted document's (messages)

    @cached_property
    def base(self) -> float:
        """hm³ per internal volume unit."""
        return static_factor(self.doc.units.volume, Dimension.VOLUME)

    @cached_property
    def flow_scale(self) -> float:
        """Internal flow (base volume per day) → the document's result flow unit."""
        return self.base / flow_unit_factor(self.doc.units.flow)

    def volume_table(self, volumes: list[float], unit: str) -> np.ndarray:
        """A table's volumes in internal units."""
        return np.asarray(volumes) * static_factor(unit, Dimension.VOLUME) / self.base

    def flow_node(self, name: str, flow: NodeFlow, max_flow: int | None = None) -> None:
        """Register a node's flow (for reports, aggregates, licences and state parameters)."""
        self.resolver.node_flow[name] = self.b.node_flow(flow)
        if max_flow is not None:
            self.resolver.node_max_flow[name] = max_flow

    def path(self, node: NodeBase, attr: str = "") -> str:
        base = f"nodes[{self.position[node.name]}]"
        path = f"{base}.{attr}" if attr else base
        return self.source_paths.get(path, path)

    def ref(self, node: NodeBase, attr: str, dim: Dimension) -> int:
        return self.value_ref(node, getattr(node, attr), attr, dim)

    def value_ref(self, node: NodeBase, value: Value, attr: str, dim: Dimension) -> int:
        """``value`` (written at ``node``'s ``attr``) as a parameter; a flow, volume … must not be negative."""
        path = self.path(node, attr)
        ref = self.values.ref(value, dim, path, name=f"{node.name}.{attr}")
        if dim not in SIGNED:
            unit = {Dimension.FLOW: f"{self.doc.units.volume}/day", Dimension.VOLUME: self.doc.units.volume}
            req = NonNegative(ref, str(self.source), path, node.name, describe_value(value, path), unit.get(dim, ""))
            require_non_negative(self.b.net, req, self.non_negative_checked)
        return ref

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
        """Record a flow in the document's result flow unit."""
        self.b.record(Recorder(node, attribute, self.doc.units.flow, columns=columns, params=params or [],
                               scale=self.flow_scale))
