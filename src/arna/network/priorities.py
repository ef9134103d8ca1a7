"""Priorities become LP objectives here, and only here.

Arna follows WEAP: priority 1 is the highest, and priorities are strict. Each
timestep is solved once per priority level in use, highest first. The solve
for level ``k`` maximises what the items of level ``k`` receive (demands'
deliveries, environmental-flow and target shortfalls, reservoir filling up to
the rule curve, generation), each unit withdrawn counting 1 — a demand's
delivered flow is weighted ``1 / (1 − supply_loss)`` so lossy supply links
do not demote it. What level ``k`` achieved then becomes a lower bound for the
solves of the levels below. So no lower priority is served with water a higher
one could have used, whatever the return flows do downstream.

Costs present in every solve (the "physical" objective):

- ``PHYSICAL`` — evaporation and seepage always happen when there is water;
- ``DEAD_STORAGE`` — water below the lowest outlet is left for evaporation
  and seepage only;
- ``SPILL`` — a small penalty on spilling and turbine bypass, so water spills
  only when nothing else can take it;
- ``ABOVE_RULE`` — a smaller penalty on water kept above a reservoir's rule
  curve, so it is released when it can be;
- ``PREFERENCE_STEP`` — added per rank to the less preferred supplies of a
  demand with a ``supply_preference``.
"""

from __future__ import annotations

from collections.abc import Iterable

PHYSICAL = 1e3
DEAD_STORAGE = 5e2
SPILL = 1e-2
ABOVE_RULE = 1e-3
PREFERENCE_STEP = 1e-4


class PriorityTiers:
    """The distinct priority levels of a model, highest first."""

    def __init__(self, priorities: Iterable[int]) -> None:
        self.levels = sorted(set(priorities))
        self._tier = {p: i for i, p in enumerate(self.levels)}

    def tier(self, priority: int) -> int:
        """Index of ``priority`` in solve order (0 is solved first)."""
        return self._tier[priority]
