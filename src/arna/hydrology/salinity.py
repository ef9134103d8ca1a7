"""What salty irrigation water does to crops: FAO Irrigation and Drainage Paper 29 (Ayers & Westcot 1985).

Relative yield follows Maas & Hoffman (1977): ``Yr = 100 − b (ECe − a)`` (%), with ``a`` the
crop's threshold soil salinity (ECe of the saturated-paste extract, dS/m) and ``b`` the yield
lost per dS/m above it (FAO-29 Table 4). The irrigation water's salinity is turned into soil
salinity in two stated, settable steps:

1. TDS → ECw: ``ECw (dS/m) = TDS (mg/L) / 640`` (FAO-29 Table 1 note, for ECw < 5 dS/m);
2. ECw → ECe: the FAO-29 steady-state relation for a leaching fraction LF, with the usual
   40-30-20-10 % water uptake from the four quarters of the root zone: the soil water's EC at the
   top and at the bottom of each quarter is ``ECw / (LF + (1 − LF)(1 − uptake above))``, their
   mean is the root zone's, and ``ECe`` is half of it (saturated paste holds about twice the water
   of a field-capacity soil). This gives ``ECe = 1.6 ECw`` at LF 0.15 and 2.1 ECw at LF 0.10
   (FAO-29 uses ``ECe ≈ 1.5 ECw`` for LF 0.15–0.20).

>>> round(soil_water_ratio(0.15), 2)
1.59
>>> relative_yield("cotton", ec_w=3.0, leaching_fraction=0.15)
1.0
>>> round(relative_yield("maize", ec_w=2.0, leaching_fraction=0.15), 3)
0.822
"""

from __future__ import annotations

from dataclasses import dataclass

from arna.errors import InputError

TDS_MG_PER_L_PER_DS_M = 640.0
"""FAO-29 (Table 1, note 2): TDS (mg/L) ≈ 640 × EC (dS/m) for EC below 5 dS/m."""

UPTAKE_BY_QUARTER = (0.4, 0.3, 0.2, 0.1)
"""Share of the crop's water taken from each quarter of the root zone, top first (FAO-29, section 2.4)."""


@dataclass(frozen=True)
class SaltTolerance:
    """Maas–Hoffman parameters of a crop: threshold ECe (dS/m) and slope (% yield per dS/m)."""

    threshold: float
    slope: float


CROP_TOLERANCE: dict[str, SaltTolerance] = {
    # FAO-29 (Ayers & Westcot 1985) Table 4, after Maas (1984): field crops
    "barley": SaltTolerance(8.0, 5.0),
    "cotton": SaltTolerance(7.7, 5.2),
    "sugar-beet": SaltTolerance(7.0, 5.9),
    "sorghum": SaltTolerance(6.8, 16.0),
    "wheat": SaltTolerance(6.0, 7.1),
    "soybean": SaltTolerance(5.0, 20.0),
    "groundnut": SaltTolerance(3.2, 29.0),
    "rice": SaltTolerance(3.0, 12.0),
    "sugarcane": SaltTolerance(1.7, 5.9),
    "maize": SaltTolerance(1.7, 12.0),
    "bean": SaltTolerance(1.0, 19.0),
    # vegetables and forage
    "tomato": SaltTolerance(2.5, 9.9),
    "potato": SaltTolerance(1.7, 12.0),
    "melon": SaltTolerance(2.2, 7.3),
    "onion": SaltTolerance(1.2, 16.0),
    "carrot": SaltTolerance(1.0, 14.0),
    "alfalfa": SaltTolerance(2.0, 7.3),
    "grape": SaltTolerance(1.5, 9.6),
}
"""Threshold and slope by crop (FAO-29 Table 4); see SOURCES.md in arna/data/measures."""

ALIASES: dict[str, str] = {
    "corn": "maize", "maize-grain": "maize", "grain-maize": "maize", "maize-silage": "maize",
    "paddy": "rice", "winter-wheat": "wheat", "spring-wheat": "wheat", "sugarbeet": "sugar-beet",
    "lucerne": "alfalfa", "vegetables": "tomato", "melons": "melon", "cantaloupe": "melon",
    "grapes": "grape", "vineyard": "grape", "beans": "bean", "soya": "soybean",
}


def crop_key(name: str) -> str | None:
    """The table entry for a crop name as schemes write it (``rice+laser-levelling`` → ``rice``)."""
    base = name.split("+", 1)[0].strip().lower().replace(" ", "-").replace("_", "-")
    base = ALIASES.get(base, base)
    if base in CROP_TOLERANCE:
        return base
    head = base.split("-", 1)[0]
    return head if head in CROP_TOLERANCE else None


def tolerance(name: str) -> SaltTolerance:
    key = crop_key(name)
    if key is None:
        raise InputError(f"no FAO-29 salt tolerance for crop '{name}'; known: {', '.join(sorted(CROP_TOLERANCE))}")
    return CROP_TOLERANCE[key]


def ec_from_tds(tds_g_per_l: float, tds_per_ec: float = TDS_MG_PER_L_PER_DS_M) -> float:
    """Electrical conductivity (dS/m) of water with ``tds_g_per_l`` of dissolved solids."""
    return tds_g_per_l * 1000.0 / tds_per_ec


def soil_water_ratio(leaching_fraction: float) -> float:
    """ECe ÷ ECw at steady state for a leaching fraction (FAO-29, 40-30-20-10 uptake)."""
    if not 0.0 < leaching_fraction < 1.0:
        raise InputError(f"a leaching fraction is between 0 and 1 (got {leaching_fraction:g})")
    passing = [1.0]
    taken = 0.0
    for share in UPTAKE_BY_QUARTER:
        taken += share
        passing.append(leaching_fraction + (1.0 - leaching_fraction) * (1.0 - taken))
    concentration = [1.0 / p for p in passing]
    return sum(concentration) / len(concentration) / 2.0


def relative_yield(crop: str, ec_w: float, leaching_fraction: float = 0.15,
                   ratio: float | None = None) -> float:
    """Relative yield (0–1) of ``crop`` irrigated with water of ``ec_w`` dS/m (Maas–Hoffman)."""
    t = tolerance(crop)
    ec_e = ec_w * (ratio if ratio is not None else soil_water_ratio(leaching_fraction))
    return min(max(1.0 - t.slope * max(ec_e - t.threshold, 0.0) / 100.0, 0.0), 1.0)
