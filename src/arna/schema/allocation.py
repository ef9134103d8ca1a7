"""How a model shares water among demands of one priority, and seasonal quotas by country or region.

``allocation.sharing`` (default ``equal``):

- ``equal`` — demands of the same priority get the same fraction of their demand in each timestep,
  as far as the network allows (max-min fair coverage; WEAP's equal shortage coverage);
- ``entitlement`` — the same, with each demand's share measured against its ``entitlement``
  instead of its demand: in a shortage, deliveries are proportional to the entitlements (never
  above the demand);
- ``priority`` — strict priorities only: within a priority the solver splits as it likes (the
  behaviour before fair sharing, and Pywr's).

``allocation.quotas`` caps the withdrawals of the demands of a ``country`` or ``region`` over a
season (consecutive ``months``, e.g. the ICWC limits of the growing season) to a ``volume``; each
quota becomes a seasonal ``licence`` named ``quota: <name>`` over those demands.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from arna.schema.base import NodeBase
from arna.schema.params import parse_quantity_string
from arna.schema.units import Dimension, static_factor

Sharing = Literal["equal", "entitlement", "priority"]


class Quota(BaseModel):
    """A volume the demands of a country or region may withdraw over a season each year."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)

    name: str = Field(min_length=1, description="Shown in results as the licence 'quota: <name>'.")
    country: str | None = Field(default=None, description="Demands whose `country` is this.")
    region: str | None = Field(default=None, description="Demands whose `region` is this.")
    months: list[int] = Field(min_length=1, max_length=12,
                              description="Consecutive months of the season, e.g. [4, 5, 6, 7, 8, 9]; "
                              "may wrap the new year ([10, 11, 12, 1, 2, 3]).")
    volume: str | float = Field(description="Limit over the season, e.g. '9.5 km3' (a bare number is hm3).")
    source: str | None = Field(default=None, description="Where the limit comes from.")

    @field_validator("months")
    @classmethod
    def _season(cls, months: list[int]) -> list[int]:
        if any(not 1 <= m <= 12 for m in months) or len(set(months)) != len(months):
            raise ValueError("months are distinct numbers 1–12")
        if any((b - a) % 12 != 1 for a, b in itertools.pairwise(months)):
            raise ValueError(f"months {months} are not consecutive; list a season in calendar order")
        return months

    @model_validator(mode="after")
    def _whose(self) -> Quota:
        if (self.country is None) == (self.region is None):
            raise ValueError("give exactly one of country or region")
        return self

    def volume_hm3(self) -> float:
        """The limit in hm³ (``ValueError`` if it is not a volume)."""
        if isinstance(self.volume, int | float):
            value, unit = float(self.volume), "hm3"
        else:
            value, unit = parse_quantity_string(self.volume)
        if value < 0:
            raise ValueError(f"a quota cannot be negative ({self.volume})")
        return value * static_factor(unit, Dimension.VOLUME)

    def members(self, nodes: Sequence[NodeBase]) -> list[str]:
        """Demands the quota covers."""
        return [n.name for n in nodes if n.type == "demand"  # type: ignore[attr-defined]
                and ((self.country is not None and getattr(n, "country", None) == self.country)
                     or (self.region is not None and getattr(n, "region", None) == self.region))]


class Allocation(BaseModel):
    """Sharing within a priority and seasonal quotas (see :mod:`arna.schema.allocation`)."""

    model_config = ConfigDict(defer_build=True, extra="forbid", allow_inf_nan=False)

    sharing: Sharing = Field(
        default="equal",
        description="equal: demands of one priority get the same fraction of their demand (max-min fair); "
        "entitlement: shares proportional to each demand's `entitlement`; priority: strict priorities only.",
    )
    quotas: list[Quota] = Field(default_factory=list,
                                description="Seasonal volume limits on the demands of a country or region.")


def check_allocation(alloc: Allocation, nodes: Sequence[NodeBase]) -> list[tuple[str, str]]:
    """Problems as (json path, message): missing entitlements, quotas that cover no demand or are no volume."""
    out: list[tuple[str, str]] = []
    if alloc.sharing == "entitlement":
        for i, n in enumerate(nodes):
            if n.type == "demand" and getattr(n, "entitlement", None) is None:  # type: ignore[attr-defined]
                out.append((f"nodes[{i}].entitlement", "allocation.sharing is 'entitlement': give every demand "
                            "an entitlement (its share, in any unit common to all demands), or use "
                            "sharing: equal"))
    for k, q in enumerate(alloc.quotas):
        p = f"allocation.quotas[{k}]"
        try:
            q.volume_hm3()
        except Exception as exc:
            out.append((f"{p}.volume", f"{exc}; write a volume such as '9.5 km3'"))
        if not q.members(nodes):
            who = f"country '{q.country}'" if q.country is not None else f"region '{q.region}'"
            out.append((p, f"no demand has {who}; set `country`/`region` on the demands it limits"))
    return out
