"""Rebuild the historical inflow series of the ili-balkhash and irtysh models (1999–2024, monthly).

Run from the repository root: ``python scripts/build_ilirt_series.py``. It writes
``annual.csv`` (one row a year: the annual volumes and how each was obtained) and
``historical.csv`` (one row a month, hm3/month) next to each model. The method is described
in each model's SOURCES.md; this script is the arithmetic, so the CSVs can be checked.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pandas as pd

MODELS = Path(__file__).resolve().parent.parent / "src" / "arna" / "data" / "models"
YEARS = list(range(1999, 2025))

# Monthly shapes (share of the annual volume, Jan..Dec), kazakhstan-water.md §3 [E].
ILI_SHAPE = [.055, .050, .060, .068, .097, .130, .142, .121, .081, .070, .065, .060]
IRTYSH_SHAPE = [.026, .022, .029, .099, .220, .213, .132, .081, .057, .051, .040, .031]

# Relative wetness of each year [E]: named wet and dry years of the hydrology sheet §1.8
# (wet 1999, 2003–05, 2010, 2016, 2024; dry 2008, 2021–23), otherwise near 1.
ILI_INDEX = {
    1999: 1.20, 2000: 0.95, 2001: 0.92, 2002: 1.00, 2003: 1.06, 2004: 1.03, 2005: 1.05,
    2006: 1.00, 2007: 0.95, 2008: 0.85, 2009: 0.95, 2010: 1.12, 2011: 1.02, 2012: 0.97,
    2013: 1.04, 2014: 1.02, 2015: 0.95, 2016: 1.12, 2017: 1.02, 2018: 0.96, 2019: 1.00,
    2020: 0.96,
}
NAMED_ILI = {1999: "wet (Balkhash inflow peak 20.01 km3, WZ22)", 2003: "wet", 2004: "wet",
             2005: "wet", 2008: "dry", 2010: "wet", 2016: "wet", 2021: "dry", 2022: "dry",
             2023: "dry (Dobyn ~328 m3/s)", 2024: "wet (Dobyn 384 m3/s)"}
# Period means of the flow into Kapshagay at Kap-171 km [D, WZ22 Table 2].
KAP171_PERIODS = {(1999, 2005): 16.44, (2006, 2020): 14.41}
DOBYN_SHARE = 12.1 / 14.5           # Dobyn's share of the flow into Kapshagay [E] (water sheet §9B)
DOBYN_KNOWN = {2023: 10.35, 2024: 12.12}   # 328 and 384 m3/s × 31.56 Ms [C] (ILI1)
KAP171_2021_22 = {2021: 13.0, 2022: 13.2}  # dry years between the 2006–20 mean and 2023 [E]
BAK_WITHDRAWAL = 0.45               # Big Almaty Canal head withdrawal from the Chilik, km3/yr [E]
OTHER_RIVERS_MEAN = 3.0             # Karatal, Aksu, Lepsy … to Balkhash, km3/yr [D] (WZ22 ~3)

IRTYSH_INDEX = {
    1999: 1.05, 2000: 0.95, 2001: 1.00, 2002: 1.10, 2003: 0.97, 2004: 1.00, 2005: 1.05,
    2006: 0.97, 2007: 1.00, 2008: 0.85, 2009: 0.95, 2010: 1.15, 2011: 0.97, 2012: 0.92,
    2013: 1.10, 2014: 0.92, 2015: 0.95, 2016: 1.15, 2017: 1.02, 2018: 1.05, 2019: 0.97,
    2020: 0.92, 2021: 0.85, 2022: 0.90, 2023: 0.80, 2024: 1.35,
}
NAMED_IRTYSH = {2008: "dry", 2010: "wet", 2016: "wet", 2021: "dry", 2022: "dry (floodplain short, CSK)",
                2023: "dry (Bukhtarma releases cut, IRS23)", 2024: "wet (flood; China 1,810 m3/s, BUK24)"}
CHINA_NATURAL = 8.3                 # natural flow of the upper Irtysh in China, km3/yr [D] (EDB)
ALTAI_MEAN = 17.7                   # Kazakh Altai and Zaisan rivers into Bukhtarma, km3/yr [C]
ULBA_UBA_MEAN = 8.75                # Ulba 99 + Uba 178 m3/s × 31.56 Ms [C]
# Spring floodplain release below Shulba, km3 in April (2024: 18 of ~26 days from 10 April, the
# rest in May). Published: 2022–2024 [D] (CSK, IRS24); other years [E]: 3.0 km3, and the
# 3,500 m3/s × 7 d = 2.1 km3 minimum [C] (ERT) in the named dry years.
FLOODPLAIN_PUBLISHED = {2022: 4.64, 2023: 4.11, 2024: 6.7}
FLOODPLAIN_DRY = {2008: 2.1, 2021: 2.1}
FLOODPLAIN_USUAL = 3.0


def china_use_share(year: int) -> float:
    """China's share of the upper Irtysh's flow withdrawn [C]: 11.4% in 1999–2005, >30% in
    2010–11 (TGN), then 1.5–2 of 8.3 km3 = 21% (EDB) from 2015; linear in between."""
    points = [(2005, 0.114), (2010, 0.30), (2011, 0.30), (2015, 0.21)]
    if year <= points[0][0]:
        return points[0][1]
    for (y0, s0), (y1, s1) in pairwise(points):
        if year <= y1:
            return s0 + (s1 - s0) * (year - y0) / (y1 - y0)
    return points[-1][1]


def ili_annual() -> pd.DataFrame:
    rows = []
    for (first, last), mean in KAP171_PERIODS.items():
        years = range(first, last + 1)
        scale = mean / (sum(ILI_INDEX[y] for y in years) / len(years))
        for y in years:
            rows.append((y, ILI_INDEX[y] * scale, f"[C] {first}–{last} mean {mean} (WZ22) × index {ILI_INDEX[y]} [E]"))
    for y, v in KAP171_2021_22.items():
        rows.append((y, v, "[E] dry year between the 2006–20 mean and 2023"))
    for y, v in DOBYN_KNOWN.items():
        rows.append((y, v / DOBYN_SHARE, f"[C] Dobyn {v:.2f} km3 (ILI1) / Dobyn share {DOBYN_SHARE:.3f} [E]"))
    frame = pd.DataFrame(rows, columns=["year", "kap171_km3", "kap171_method"]).set_index("year").sort_index()
    frame["dobyn_km3"] = [DOBYN_KNOWN.get(y, v * DOBYN_SHARE) for y, v in frame.kap171_km3.items()]
    frame["dobyn_method"] = ["[C] 328 or 384 m3/s (ILI1)" if y in DOBYN_KNOWN else "[C] Kap-171 × Dobyn share [E]"
                             for y in frame.index]
    frame["tributaries_km3"] = frame.kap171_km3 - frame.dobyn_km3 + BAK_WITHDRAWAL
    kap_index = frame.kap171_km3 / frame.kap171_km3.mean()
    frame["other_rivers_km3"] = OTHER_RIVERS_MEAN * kap_index
    frame["named"] = [NAMED_ILI.get(y, "") for y in frame.index]
    return frame


def irtysh_annual() -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.Index(YEARS, name="year"))
    frame["index"] = [IRTYSH_INDEX[y] for y in YEARS]
    frame["index"] /= frame["index"].mean()
    frame["china_use_share"] = [china_use_share(y) for y in YEARS]
    frame["china_natural_km3"] = CHINA_NATURAL * frame["index"]
    frame["china_km3"] = frame.china_natural_km3 * (1 - frame.china_use_share)
    frame["altai_km3"] = ALTAI_MEAN * frame["index"]
    frame["ulba_uba_km3"] = ULBA_UBA_MEAN * frame["index"]
    frame["named"] = [NAMED_IRTYSH.get(y, "") for y in YEARS]
    frame["floodplain_km3"] = [FLOODPLAIN_PUBLISHED.get(y, FLOODPLAIN_DRY.get(y, FLOODPLAIN_USUAL)) for y in YEARS]
    frame["floodplain_method"] = ["[D] CSK, IRS24" if y in FLOODPLAIN_PUBLISHED else
                                  "[C] 3,500 m3/s x 7 d (ERT)" if y in FLOODPLAIN_DRY else "[E]" for y in YEARS]
    return frame


def floodplain_monthly(annual: pd.Series) -> pd.Series:
    """April, except 2024's release that ran into early May (8 of ~26 days) [E]."""
    values = {}
    for y, v in annual.items():
        may = v * 8 / 26 if y == 2024 else 0.0
        for m in range(1, 13):
            values[pd.Timestamp(year=y, month=m, day=1)] = 1000.0 * ((v - may) if m == 4 else may if m == 5 else 0.0)
    return pd.Series(values).round(1)


def monthly(annual: pd.Series, shape: list[float]) -> pd.Series:
    total = sum(shape)
    values = {pd.Timestamp(year=y, month=m + 1, day=1): 1000.0 * v * s / total
              for y, v in annual.items() for m, s in enumerate(shape)}
    return pd.Series(values).round(1)


def write(model: str, annual: pd.DataFrame, columns: dict[str, str], shape: list[float]) -> None:
    folder = MODELS / model
    annual.round(3).to_csv(folder / "annual.csv")
    out = pd.DataFrame({name: monthly(annual[col], shape) for name, col in columns.items()})
    if "floodplain_km3" in annual:
        out["floodplain"] = floodplain_monthly(annual.floodplain_km3)
    out.index.name = "date"
    out.to_csv(folder / "historical.csv", date_format="%Y-%m-%d")


def main() -> None:
    write("ili-balkhash", ili_annual(),
          {"dobyn": "dobyn_km3", "tributaries": "tributaries_km3", "other_rivers": "other_rivers_km3"}, ILI_SHAPE)
    write("irtysh", irtysh_annual(),
          {"china": "china_km3", "altai": "altai_km3", "ulba_uba": "ulba_uba_km3"}, IRTYSH_SHAPE)


if __name__ == "__main__":
    main()
