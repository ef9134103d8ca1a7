"""The energy side: hydropower valued by season, and the energy-for-water swap of an upstream cascade.

**Value by season.** Every hydropower plant records its energy (GWh per timestep) and its
``price`` (USD/MWh per timestep: the plant's ``price`` value, by default 29 USD/MWh in winter and
24 in summer — see docs/indicators.md for the sources and the assumption). Per plant and scenario:
mean energy per year in winter (October–March) and summer (April–September) and its value,
Σ energy × price, in million USD per year.

**The swap.** Written in the model document's ``metadata.energy_swap`` (``metadata`` is free-form;
this is its format)::

    metadata:
      energy_swap:
        plants: [Toktogul HPP]               # the upstream cascade (hydropower nodes)
        downstream: Uzbekistan–Kazakhstan border   # where the summer water is counted (its flow)
        reference: irrigation-mode           # the scenario run in irrigation mode

Each other scenario is compared with the reference, water year by water year (October of the year
before to September, labelled by its September; only whole water years count):

* **winter energy forgone** upstream = winter energy of the cascade in the scenario − in the
  reference (GWh): what irrigation-mode operation costs the upstream country in winter;
* **summer energy gained** = summer energy in the reference − in the scenario (GWh);
* **summer water gained** downstream = the downstream node's April–September volume in the
  reference − in the scenario (hm³);
* **compensation in energy** = the winter energy forgone, returned to the upstream country in
  winter (the 1998 agreement's scheme: summer surplus power sent downstream, energy or fuel
  returned in winter); **net energy loss** = winter forgone − summer gained;
* **compensation in money** = value of the winter energy forgone − value of the summer energy
  gained (each at its own timestep's price): what would leave the upstream country as well off;
  also per 1,000 m³ of summer water gained.

Positive numbers mean the reference (irrigation mode) costs the upstream country winter energy
and brings water downstream in summer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from arna.engine.results import Results
from arna.errors import DocumentError, InputError
from arna.indicators._common import require, season_of, volume_hm3, years
from arna.schema.document import ModelDocument

VALUE_COLUMNS = ["scenario", "plant", "winter_gwh_per_year", "summer_gwh_per_year", "winter_musd_per_year",
                 "summer_musd_per_year", "total_musd_per_year", "winter_price_usd_mwh", "summer_price_usd_mwh"]
SWAP_COLUMNS = ["scenario", "reference", "year", "winter_energy_forgone_gwh", "summer_energy_gained_gwh",
                "summer_water_gained_hm3", "compensation_energy_gwh", "net_energy_loss_gwh",
                "winter_value_forgone_musd", "summer_value_gained_musd", "compensation_musd",
                "usd_per_1000m3"]
SWAP_SUMS = SWAP_COLUMNS[3:-1]


class SwapSpec(BaseModel):
    """``metadata.energy_swap``: which plants, where the water is counted, the irrigation-mode scenario."""

    model_config = ConfigDict(extra="forbid")

    plants: list[str] = Field(min_length=1)
    downstream: str
    reference: str


def swap_spec(doc: ModelDocument, source: str = "<model>") -> SwapSpec | None:
    """The document's swap definition, or ``None``; a :class:`DocumentError` naming the path if it is wrong."""
    raw = doc.metadata.get("energy_swap")
    if raw is None:
        return None
    try:
        spec = SwapSpec.model_validate(raw)
    except ValidationError as exc:
        problems = [("metadata.energy_swap" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                                                       for p in e["loc"]), e["msg"]) for e in exc.errors()]
        raise DocumentError(source, problems) from None
    kinds = {n.name: n.type for n in doc.nodes}
    problems = [(f"metadata.energy_swap.plants[{i}]", f"'{p}' is not a hydropower node")
                for i, p in enumerate(spec.plants) if kinds.get(p) != "hydropower"]
    if spec.downstream not in kinds:
        problems.append(("metadata.energy_swap.downstream", f"no node named '{spec.downstream}'"))
    if spec.reference not in doc.scenario_names():
        problems.append(("metadata.energy_swap.reference",
                         f"no scenario '{spec.reference}'; scenarios: {', '.join(doc.scenario_names())}"))
    if problems:
        raise DocumentError(source, problems)
    return spec


def _value_musd(energy_gwh: np.ndarray, price: np.ndarray) -> np.ndarray:
    """GWh × USD/MWh → million USD."""
    return energy_gwh * 1e3 * price / 1e6


def energy_value_by_season(res: Results) -> pd.DataFrame:
    """Mean annual energy and its value in winter (Oct–Mar) and summer (Apr–Sep), per plant and scenario."""
    rows = []
    season = season_of(res.timesteps)
    n_years = years(res)
    for plant in [n for n, a, _ in res.series if a == "energy"]:
        energy = require(res, plant, "energy")
        price = require(res, plant, "price") if res.has(plant, "price") else None
        if price is None:
            raise InputError(f"the results have no price for '{plant}'; run the model again to record it")
        for k, scen in enumerate(res.scenarios):
            row: dict[str, Any] = {"scenario": scen, "plant": plant}
            for name in ("winter", "summer"):
                m = season == name
                e, v = energy[m, k], _value_musd(energy[m, k], price[m, k])
                row[f"{name}_gwh_per_year"] = float(e.sum()) / n_years
                row[f"{name}_musd_per_year"] = float(v.sum()) / n_years
                row[f"{name}_price_usd_mwh"] = float(v.sum() * 1e3 / e.sum()) if e.sum() > 0 else float("nan")
            row["total_musd_per_year"] = row["winter_musd_per_year"] + row["summer_musd_per_year"]
            rows.append(row)
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


def water_year(times: pd.DatetimeIndex) -> np.ndarray:
    """Water year (October–September) of each timestep, labelled by the year of its September."""
    return np.asarray(times.year) + (np.asarray(times.month) >= 10)


def _whole_water_years(res: Results) -> list[int]:
    wy = water_year(res.timesteps)
    days = np.asarray(res.days, dtype=float)
    return [int(y) for y in np.unique(wy)
            if days[wy == y].sum() >= (pd.Timestamp(f"{y}-10-01") - pd.Timestamp(f"{y - 1}-10-01")).days - 1e-9]


def energy_water_swap(res: Results, plants: list[str], downstream: str, reference: str) -> pd.DataFrame:
    """Per scenario other than ``reference`` and whole water year: the swap against ``reference``."""
    if reference not in res.scenarios:
        raise InputError(f"the results have no scenario '{reference}' (the irrigation-mode reference); "
                         f"run it too (scenarios run: {', '.join(res.scenarios)})")
    r = res.scenarios.index(reference)
    season = season_of(res.timesteps)
    wy = water_year(res.timesteps)
    energy = sum((require(res, p, "energy") for p in plants), np.zeros((len(res.timesteps), len(res.scenarios))))
    value = sum((_value_musd(require(res, p, "energy"), require(res, p, "price")) for p in plants),
                np.zeros_like(energy))
    water = volume_hm3(res, downstream, "flow")
    rows = []
    for k, scen in enumerate(res.scenarios):
        if k == r:
            continue
        for y in _whole_water_years(res):
            w, s = (wy == y) & (season == "winter"), (wy == y) & (season == "summer")
            rows.append(_swap_row(scen, reference, y, energy, value, water, w, s, k, r))
    return pd.DataFrame(rows, columns=SWAP_COLUMNS)


def _swap_row(scen: str, reference: str, year: int, energy: np.ndarray, value: np.ndarray, water: np.ndarray,
              w: np.ndarray, s: np.ndarray, k: int, r: int) -> dict[str, Any]:
    forgone = float(energy[w, k].sum() - energy[w, r].sum())
    gained = float(energy[s, r].sum() - energy[s, k].sum())
    water_gained = float(water[s, r].sum() - water[s, k].sum())
    v_forgone = float(value[w, k].sum() - value[w, r].sum())
    v_gained = float(value[s, r].sum() - value[s, k].sum())
    money = v_forgone - v_gained
    return {"scenario": scen, "reference": reference, "year": year, "winter_energy_forgone_gwh": forgone,
            "summer_energy_gained_gwh": gained, "summer_water_gained_hm3": water_gained,
            "compensation_energy_gwh": forgone, "net_energy_loss_gwh": forgone - gained,
            "winter_value_forgone_musd": v_forgone, "summer_value_gained_musd": v_gained,
            "compensation_musd": money,
            # M USD / hm³ = USD / m³; × 1000 → USD per 1000 m³
            "usd_per_1000m3": money / water_gained * 1e3 if water_gained > 1e-9 else float("nan")}


def swap_summary(swap: pd.DataFrame) -> pd.DataFrame:
    """Mean per year of each swap quantity, per scenario (the ratio recomputed from the means)."""
    if swap.empty:
        return pd.DataFrame(columns=["scenario", "reference", "years", *SWAP_SUMS, "usd_per_1000m3"])
    g = swap.groupby(["scenario", "reference"], sort=False)
    out = g[SWAP_SUMS].mean().reset_index()
    out.insert(2, "years", g.size().to_numpy())
    water = out.summer_water_gained_hm3.to_numpy(dtype=float)
    out["usd_per_1000m3"] = np.where(water > 1e-9, out.compensation_musd / np.where(water > 1e-9, water, 1) * 1e3,
                                     np.nan)
    return out


def swap_for(res: Results, doc: ModelDocument, source: str = "<model>") -> pd.DataFrame | None:
    """The swap of the document's ``metadata.energy_swap`` (``None`` without one or without its reference run)."""
    spec = swap_spec(doc, source)
    if spec is None or spec.reference not in res.scenarios or len(res.scenarios) < 2:
        return None
    return energy_water_swap(res, spec.plants, spec.downstream, spec.reference)


__all__ = [
    "energy_value_by_season", "energy_water_swap", "swap_for", "swap_spec", "swap_summary", "water_year",
]
