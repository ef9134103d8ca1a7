"""Recorders computed after a run from the recorded arrays (non-linear in the state)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from arna.schema.units import HM3_PER_DAY_TO_M3S

RHO_G = 1000.0 * 9.81  # water density × gravity, N/m³

ColumnOf = Callable[[int], np.ndarray]
"""A column's values over the run, ``(T, S)``."""


@dataclass
class LevelRecorder:
    """Water level (m) at the end of each timestep from the volume–level table."""

    node: str
    storage: int
    volumes: np.ndarray  # hm³
    levels: np.ndarray
    attribute: str = "level"
    unit: str = "m"

    def compute(self, column: ColumnOf, volumes: np.ndarray, days: np.ndarray) -> np.ndarray:
        return np.interp(volumes[1:, self.storage], self.volumes, self.levels)


@dataclass
class EnergyRecorder:
    """Hydropower energy per timestep (GWh): η ρ g Q H × hours, capped by installed capacity.

    The head is the level at the mean of the start and end volumes minus the
    tailwater level.
    """

    node: str
    turbine_column: int
    storage: int
    volumes: np.ndarray
    levels: np.ndarray
    tailwater: float
    efficiency: float
    installed_mw: float | None
    base: float = 1.0  # hm³ per internal volume unit
    attribute: str = "energy"
    unit: str = "GWh"

    def power_mw(self, column: ColumnOf, volumes: np.ndarray) -> np.ndarray:
        q = column(self.turbine_column) * self.base * HM3_PER_DAY_TO_M3S  # m³/s
        v_mean = 0.5 * (volumes[:-1, self.storage] + volumes[1:, self.storage])
        head = np.maximum(np.interp(v_mean, self.volumes, self.levels) - self.tailwater, 0.0)
        p = self.efficiency * RHO_G * q * head / 1e6
        return p if self.installed_mw is None else np.minimum(p, self.installed_mw)

    def compute(self, column: ColumnOf, volumes: np.ndarray, days: np.ndarray) -> np.ndarray:
        return self.power_mw(column, volumes) * days[:, None] * 24.0 / 1e3
