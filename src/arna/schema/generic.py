"""General-purpose node kinds: the building blocks of any allocation network.

The river-basin kinds (``reservoir``, ``demand`` …) carry a water manager's
meaning and Arna's priority rules. These kinds carry none: each has explicit
costs (negative cost = benefit) and limits, as in Pywr, so a network written
for another tool — Pywr models read by ``arna convert`` — is expressed as it is.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from arna.schema.base import NodeBase, quantity
from arna.schema.params import Value
from arna.schema.units import Dimension


class _Limited(NodeBase):
    min_flow: Value = quantity(Dimension.FLOW, "Minimum flow.", 0.0)
    max_flow: Value | None = quantity(Dimension.FLOW, "Maximum flow (unbounded if omitted).", None)
    cost: Value = quantity(Dimension.COST, "Cost per unit of flow (negative: a benefit).", 0.0)


class SourceNode(_Limited):
    """Water entering the network, between ``min_flow`` and ``max_flow``, at ``cost``."""

    type: Literal["source"]


class SinkNode(_Limited):
    """Water leaving the network (a use or an outlet)."""

    type: Literal["sink"]


class LinkNode(_Limited):
    """A node water passes through."""

    type: Literal["link"]


class LossLinkNode(_Limited):
    """A link losing ``loss_factor`` of its net flow (``loss_basis: net``) or of its gross inflow."""

    type: Literal["loss_link"]
    loss_factor: Value = quantity(Dimension.NUMBER, "Loss as a share of the net or gross flow.", 0.0)
    loss_basis: Literal["net", "gross"] = "net"


class PiecewiseLinkNode(NodeBase):
    """Parallel bands with their own maximum and cost (e.g. a cheap first block, a dear second)."""

    type: Literal["piecewise_link"]
    max_flows: list[Value | None] = Field(min_length=1)
    costs: list[Value] = Field(min_length=1)


class GaugeNode(NodeBase):
    """A river gauge: flow up to ``mrf`` earns ``mrf_cost``, the rest ``cost``."""

    type: Literal["gauge"]
    mrf: Value = quantity(Dimension.FLOW, "Minimum residual flow.", 0.0)
    mrf_cost: Value = quantity(Dimension.COST, "Cost of flow up to the mrf.", 0.0)
    cost: Value = quantity(Dimension.COST, "Cost of flow above the mrf.", 0.0)
    max_flow: Value | None = quantity(Dimension.FLOW, "Maximum flow.", None)


class SplitNode(NodeBase):
    """Flow leaving to ``outlets`` in fixed proportions ``factors``.

    With ``mrf``, the split is a gauged split: up to ``mrf`` goes to the first outlet at
    ``mrf_cost``; of the rest, each further outlet may take at most its factor's share
    (relative to the first outlet's), and what it leaves stays in the first outlet.
    """

    type: Literal["split"]
    outlets: list[str] = Field(min_length=1)
    factors: list[Value] = Field(min_length=1)
    mrf: Value | None = quantity(Dimension.FLOW, "Minimum residual flow of a gauged split.", None)
    mrf_cost: Value = quantity(Dimension.COST, "Cost of flow up to the mrf.", 0.0)
    cost: Value = quantity(Dimension.COST, "Cost of flow through the node.", 0.0)
    max_flow: Value | None = quantity(Dimension.FLOW, "Maximum flow.", None)


class StorageNode(NodeBase):
    """A store with explicit volume limits and a cost per unit stored (negative: worth keeping)."""

    type: Literal["storage"]
    max_volume: Value = quantity(Dimension.VOLUME, "Largest volume.")
    min_volume: Value = quantity(Dimension.VOLUME, "Smallest volume.", 0.0)
    initial_volume: Value | None = quantity(Dimension.VOLUME, "Volume at the start.", None)
    initial_volume_pc: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Initial volume as a share of max_volume."
    )
    cost: Value = quantity(Dimension.COST, "Cost per unit of net inflow.", 0.0)


class AggregateNode(NodeBase):
    """A constraint over the flows of several nodes: limits on their (weighted) sum, fixed proportions."""

    type: Literal["aggregate"]
    nodes: list[str] = Field(min_length=1)
    min_flow: Value = quantity(Dimension.FLOW, "Minimum of the weighted sum.", 0.0)
    max_flow: Value | None = quantity(Dimension.FLOW, "Maximum of the weighted sum.", None)
    weights: list[float] | None = Field(default=None, description="Weight of each node's flow in the sum.")
    factors: list[Value] | None = Field(default=None, description="Fixed proportions between the nodes' flows.")


class StorageGroupNode(NodeBase):
    """Reports the total volume of several storages."""

    type: Literal["storage_group"]
    nodes: list[str] = Field(min_length=1)


class LicenceNode(NodeBase):
    """A licence: a volume budget drawn down by the flows of ``nodes`` (× ``factors``).

    ``renewal``: ``annual`` (refilled on ``reset_month``/``reset_day``), ``monthly``
    (refilled every ``months`` months, ``initial_months`` of the first period already
    past), ``seasonal`` (refilled on the reset date and
    closed from ``end_month``/``end_day`` to the next reset), ``rolling`` (the budget
    covers any ``window`` consecutive timesteps; one that starts below ``max_volume`` assumes a
    use of (max − initial) / (window − 1) in each of the window − 1 steps before the run).
    A refill is due on the first step of a year whose start is on or after the reset date
    (a run that starts on or after it counts as refilled that year); ``reset_to_initial_volume`` refills to the initial
    volume instead of ``max_volume``.
    """

    type: Literal["licence"]
    nodes: list[str] = Field(min_length=1)
    factors: list[float] | None = None
    max_volume: Value = quantity(Dimension.VOLUME, "The budget.")
    initial_volume: Value | None = quantity(Dimension.VOLUME, "Volume left at the start.", None)
    initial_volume_pc: float | None = Field(default=None, ge=0.0, le=1.0)
    min_volume: Value = quantity(Dimension.VOLUME, "Volume the licence may not be drawn below.", 0.0)
    renewal: Literal["annual", "monthly", "seasonal", "rolling", "none"] = "annual"
    reset_to_initial_volume: bool = Field(
        default=False, description="Refill to the initial volume instead of max_volume (not rolling).")
    reset_month: int = Field(default=1, ge=1, le=12)
    reset_day: int = Field(default=1, ge=1, le=31)
    end_month: int = Field(default=12, ge=1, le=12)
    end_day: int = Field(default=31, ge=1, le=31)
    months: int = Field(default=1, ge=1)
    initial_months: int = Field(default=0, ge=0, description="Months of a monthly licence's period "
                                "already past when the run starts.")
    window: int = Field(default=1, ge=1, description="Timesteps covered by a rolling licence.")
    cost: Value = quantity(Dimension.COST, "Cost per unit of volume left.", 0.0)


GENERIC_CLASSES: tuple[type[NodeBase], ...] = (
    SourceNode, SinkNode, LinkNode, LossLinkNode, PiecewiseLinkNode, GaugeNode, SplitNode,
    StorageNode, AggregateNode, StorageGroupNode, LicenceNode,
)
