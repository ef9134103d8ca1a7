"""Node kinds of an Arna model document: one discriminated union on ``type``.

Quantities are :data:`~arna.schema.params.Value` fields; each declares its
dimension (``flow``, ``volume`` …) in the field metadata, which is how units
are checked and how the reference docs are generated.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, field_validator, model_validator

from arna.hydrology.irrigation import IrrigationScheme
from arna.schema.base import Fraction, Priority, quantity
from arna.schema.base import NodeBase as NodeBase  # re-exported: it was defined here before moving to base
from arna.schema.params import Value
from arna.schema.units import Dimension


class InflowNode(NodeBase):
    """A headflow or catchment inflow entering the network."""

    type: Literal["inflow"]
    flow: Value = quantity(Dimension.FLOW, "Inflow rate.")
    country: str | None = Field(default=None, description="Country where this flow is formed.")


class ReachNode(NodeBase):
    """A river reach; a fraction of what enters is lost (seepage, evaporation)."""

    type: Literal["reach"]
    loss: Fraction = Field(default=0.0, description="Fraction of inflow lost along the reach.")
    min_flow: Value | None = quantity(Dimension.FLOW, "Hard minimum flow (entering).", None)
    max_flow: Value | None = quantity(Dimension.FLOW, "Hard maximum flow (entering).", None)


class LevelTable(BaseModel):
    """Volume–level–area relation of a reservoir (linear interpolation)."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)

    volume: list[float] = Field(min_length=2)
    level: list[float] = Field(min_length=2, description="Water level, m a.s.l.")
    area: list[float] | None = Field(default=None, description="Surface area, km2.")
    volume_unit: str = "hm3"

    @model_validator(mode="after")
    def _shape(self) -> LevelTable:
        n = len(self.volume)
        if len(self.level) != n or (self.area is not None and len(self.area) != n):
            raise ValueError("volume, level and area must have the same length")
        if any(b <= a for a, b in zip(self.volume, self.volume[1:], strict=False)):
            raise ValueError("volume must be strictly increasing")
        return self


class ReservoirNode(NodeBase):
    """A reservoir: storage between dead storage and capacity, with a rule curve."""

    type: Literal["reservoir"]
    capacity: Value = quantity(Dimension.VOLUME, "Total storage capacity.")
    dead_storage: Value = quantity(Dimension.VOLUME, "Volume below the lowest outlet.", 0.0)
    initial_volume: Value = quantity(Dimension.VOLUME, "Volume at the start of the run.")
    table: LevelTable | None = None
    evaporation: Value | None = quantity(
        Dimension.DEPTH_RATE, "Net evaporation depth (needs table.area).", None
    )
    seepage: Value | None = quantity(Dimension.FLOW, "Seepage loss rate.", None)
    rule_curve: Value | None = quantity(
        Dimension.VOLUME,
        "Top of the conservation zone; water above it is released. Unit 'fraction' "
        "means a fraction of capacity. Defaults to the capacity.",
        None,
    )
    fill_priority: Priority = Field(default=99, description="Priority of filling up to the rule curve.")
    min_release: Value | None = quantity(Dimension.FLOW, "Minimum release.", None)
    max_release: Value | None = quantity(
        Dimension.FLOW, "Outlet capacity; above it water spills only when the reservoir is full.", None
    )


class IrrigationSchemeFile(BaseModel):
    """An irrigation scheme kept in its own file, relative to the model document."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False, frozen=True)

    file: str = Field(min_length=1, description="Scheme document (YAML or JSON), relative to the model.")


class DemandNode(NodeBase):
    """A water user: municipal, industrial or irrigation.

    Give either `demand` (a series) or `irrigation` (crops × areas × climate, see
    docs/agriculture.md): the demand is then the scheme's gross demand at the canal head and,
    unless set here, `consumptive_fraction` is one minus the scheme's return-flow share.
    """

    type: Literal["demand"]
    sector: Literal["municipal", "industrial", "irrigation", "hydropower", "other"] = "other"
    demand: Value | None = quantity(
        Dimension.FLOW, "Water required at the user (after supply losses); or give `irrigation`.", None
    )
    irrigation: IrrigationScheme | IrrigationSchemeFile | None = Field(
        default=None,
        description="Instead of `demand`: an irrigation scheme (crops, areas, methods, climate, conveyance "
        "efficiency; see docs/agriculture.md), inline or as {file: scheme.yaml} relative to the model. "
        "The demand is its gross demand at the canal head per month.",
    )
    priority: Priority = 1
    consumptive_fraction: Fraction = Field(
        default=1.0, description="Share of delivered water consumed; the rest returns to return_to."
    )
    return_to: str | None = Field(default=None, description="Node receiving the return flow.")
    supply_loss: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        default=0.0, description="Fraction of withdrawn water lost on the supply link."
    )
    supply_preference: list[str] | None = Field(
        default=None, description="Upstream nodes in order of preference (first is preferred)."
    )
    entitlement: Value | None = quantity(
        Dimension.NUMBER,
        "Share used when allocation.sharing is 'entitlement': in a shortage, demands of one priority "
        "receive water in proportion to their entitlements (any unit, the same for all).",
        None,
    )
    country: str | None = Field(default=None, description="Country of the user (fairness indicators, quotas).")
    region: str | None = Field(default=None, description="Region or oblast of the user (indicators, quotas).")

    @field_validator("irrigation", mode="wrap")
    @classmethod
    def _scheme_or_file(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # dispatch by shape so errors carry the scheme's own JSON paths (no union-member names)
        if isinstance(value, dict):
            if "file" in value:
                return IrrigationSchemeFile.model_validate(value)
            return IrrigationScheme.model_validate(value)
        if value is None or isinstance(value, IrrigationScheme | IrrigationSchemeFile):
            return handler(value)
        raise ValueError("irrigation must be a scheme (name, conveyance_efficiency, climate, crops …) "
                         "or {file: scheme.yaml}")

    @model_validator(mode="after")
    def _demand_or_irrigation(self) -> DemandNode:
        if (self.demand is None) == (self.irrigation is None):
            raise ValueError("give exactly one of `demand` (a series) or `irrigation` (a scheme)")
        if self.irrigation is not None and self.supply_loss > 0:
            raise ValueError("an irrigation scheme counts its canal losses in conveyance_efficiency; "
                             "drop supply_loss (or lower conveyance_efficiency instead)")
        return self


class EnvironmentalFlowNode(NodeBase):
    """A minimum flow at a point in the river, met at its own priority."""

    type: Literal["environmental_flow"]
    requirement: Value = quantity(Dimension.FLOW, "Minimum flow to keep in the river.")
    priority: Priority = 1


class DiversionNode(NodeBase):
    """A diversion or canal: limited capacity and conveyance loss."""

    type: Literal["diversion", "canal"]
    capacity: Value | None = quantity(Dimension.FLOW, "Maximum flow entering the canal.", None)
    loss: Fraction = Field(default=0.0, description="Conveyance loss as a fraction of what enters.")


class GroundwaterNode(NodeBase):
    """An aquifer: storage with recharge and a pumping limit."""

    type: Literal["groundwater"]
    recharge: Value = quantity(Dimension.FLOW, "Natural recharge rate.", 0.0)
    initial_volume: Value = quantity(Dimension.VOLUME, "Volume at the start of the run.")
    capacity: Value | None = quantity(
        Dimension.VOLUME, "Largest volume; recharge above it overflows and is lost.", None
    )
    max_pumping: Value | None = quantity(Dimension.FLOW, "Largest total abstraction rate.", None)


class TerminalNode(NodeBase):
    """A terminal lake or sea receiving what is left (Aral Sea, Balkhash).

    It may pass its inflow on to one reservoir, the lake itself (a reservoir without outlet that
    evaporates from its area); the terminal then records the lake's inflow and its target.
    """

    type: Literal["terminal"]
    target_inflow: Value | None = quantity(Dimension.FLOW, "Target inflow, e.g. '12 km3/year'.", None)
    priority: Priority | None = Field(
        default=None, description="If set, the target inflow is sought at this priority."
    )


class BorderNode(NodeBase):
    """A transboundary crossing that records the flow and an agreed minimum schedule."""

    type: Literal["border"]
    upstream_country: str
    downstream_country: str
    agreement: Value | None = quantity(Dimension.FLOW, "Agreed minimum flow across the border.", None)
    priority: Priority | None = Field(
        default=None, description="If set, the agreed flow is sought at this priority."
    )


WINTER_MONTHS = (10, 11, 12, 1, 2, 3)
"""The winter season of default energy prices and of the seasonal indicators (summer is April–September)."""
DEFAULT_PRICE_WINTER = 29.0
"""USD/MWh for winter energy when a plant gives no ``price``: 2.9 US¢/kWh, the price Kazakhstan asked for
the power it supplied Kyrgyzstan in the 2021 water–energy swap (hydrology sheet §5, EP21) [E: taken as
the value of winter energy]."""
DEFAULT_PRICE_SUMMER = 24.0
"""USD/MWh for summer energy: 2.4 US¢/kWh, Kyrgyzstan's 2020 price offered in the same talks (EP21)
[E: taken as the value of summer surplus energy]. Seasonal prices are not published."""


class HydropowerNode(NodeBase):
    """A power plant on a reservoir outlet; flow above turbine capacity bypasses the turbines."""

    type: Literal["hydropower"]
    reservoir: str = Field(description="Reservoir whose level gives the head.")
    turbine_capacity: Value = quantity(Dimension.FLOW, "Largest flow through the turbines.")
    efficiency: Fraction = 0.85
    tailwater_level: float = Field(description="Tailwater level, m a.s.l.")
    installed_capacity: Value | None = quantity(Dimension.POWER, "Installed capacity (caps power).", None)
    priority: Priority | None = Field(
        default=None, description="If set, generation is sought at this priority."
    )
    price: Value | None = quantity(
        Dimension.NUMBER,
        "Value of the energy in USD/MWh, per timestep (a monthly or scenario value sets seasonal prices). "
        f"Default: {DEFAULT_PRICE_WINTER:g} in winter (Oct–Mar) and {DEFAULT_PRICE_SUMMER:g} in summer "
        "(Apr–Sep), see docs/indicators.md.",
        None,
    )


from arna.schema.generic import (  # noqa: E402  (kept beside the union it extends)
    AggregateNode,
    GaugeNode,
    LicenceNode,
    LinkNode,
    LossLinkNode,
    PiecewiseLinkNode,
    SinkNode,
    SourceNode,
    SplitNode,
    StorageGroupNode,
    StorageNode,
)

Node = Annotated[
    InflowNode
    | ReachNode
    | ReservoirNode
    | DemandNode
    | EnvironmentalFlowNode
    | DiversionNode
    | GroundwaterNode
    | TerminalNode
    | BorderNode
    | HydropowerNode
    | SourceNode
    | SinkNode
    | LinkNode
    | LossLinkNode
    | PiecewiseLinkNode
    | GaugeNode
    | SplitNode
    | StorageNode
    | AggregateNode
    | StorageGroupNode
    | LicenceNode,
    Field(discriminator="type"),
]

NODE_CLASSES: tuple[type[NodeBase], ...] = (
    InflowNode,
    ReachNode,
    ReservoirNode,
    DemandNode,
    EnvironmentalFlowNode,
    DiversionNode,
    GroundwaterNode,
    TerminalNode,
    BorderNode,
    HydropowerNode,
    SourceNode,
    SinkNode,
    LinkNode,
    LossLinkNode,
    PiecewiseLinkNode,
    GaugeNode,
    SplitNode,
    StorageNode,
    AggregateNode,
    StorageGroupNode,
    LicenceNode,
)

OUTLET_TYPES = frozenset({"terminal", "border"})
"""Kinds that may end a path (a border with no downstream edge is an outlet)."""
