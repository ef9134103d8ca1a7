"""Priorities become LP costs here, and only here.

Arna follows WEAP's convention: priority 1 is the highest. The distinct
priorities used in a model are ranked; the lowest gets weight ``BASE``, the
next ``BASE²`` and so on, so one unit for a higher priority is worth more than
``BASE`` units for the next lower one. A demand's benefit is charged per unit
*withdrawn* (its delivered-flow benefit divided by ``1 − supply_loss``), so a
lossy supply link does not demote a demand below a lower priority.

Besides the priorities:

- ``physical`` — far above any priority: evaporation and seepage always
  happen when there is water (they are not choices);
- ``dead_storage`` — half of ``physical``: water below the lowest outlet is
  left for evaporation and seepage only;
- ``SPILL`` — a small penalty on spilling and turbine bypass, so water spills
  only when nothing else can take it;
- ``ABOVE_RULE`` — a smaller penalty on water kept above a reservoir's rule
  curve, so it is released when it can be;
- ``PREFERENCE_STEP`` — added per rank to the less preferred supplies of a
  demand with a ``supply_preference``.
"""

from __future__ import annotations

from collections.abc import Iterable

BASE = 4.0
MAX_LEVELS = 15
SPILL = 1e-2
ABOVE_RULE = 1e-3
PREFERENCE_STEP = 1e-4


class PriorityCosts:
    """Weights of the priorities used in one model."""

    def __init__(self, priorities: Iterable[int]) -> None:
        levels = sorted(set(priorities))
        if len(levels) > MAX_LEVELS:
            raise ValueError(
                f"{len(levels)} distinct priorities are used; at most {MAX_LEVELS} keep the LP "
                "well scaled — merge priorities that need not differ"
            )
        k = len(levels)
        self.levels = levels
        self._weight = {p: BASE ** (k - i) for i, p in enumerate(levels)}
        self.physical = 100.0 * BASE ** (k + 1)
        self.dead_storage = self.physical / 2

    def benefit(self, priority: int) -> float:
        """Benefit (a negative cost) per unit of flow delivered at ``priority``."""
        return self._weight[priority]

    def cost(self, priority: int) -> float:
        return -self._weight[priority]
