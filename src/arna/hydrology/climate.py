"""Reading and checking a climate table for ET0 (the ``arna et0`` input).

The CSV has a ``date`` column (a day, or the first day of a month for monthly
means) and any of the columns in :data:`CLIMATE_COLUMNS`. Blank cells are
missing values (FAO-56 fallbacks apply where they exist); anything else that is
not a number is an error naming the column and the CSV line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from arna.errors import DataFileError, InputError

CLIMATE_COLUMNS: dict[str, str] = {
    "tmin": "daily minimum air temperature (°C); monthly rows: mean of daily minima",
    "tmax": "daily maximum air temperature (°C); monthly rows: mean of daily maxima",
    "rh_min": "minimum relative humidity (%)",
    "rh_max": "maximum relative humidity (%)",
    "rh_mean": "mean relative humidity (%)",
    "ea": "actual vapour pressure (kPa)",
    "tdew": "dew-point temperature (°C)",
    "wind_2m": "wind speed at 2 m (m/s)",
    "wind": "wind speed at the height given by --wind-height (m/s)",
    "sunshine_hours": "bright sunshine (hours per day; monthly rows: mean hours per day)",
    "rs": "incoming solar radiation (MJ m-2 day-1)",
}
"""Recognised numeric columns and their units."""

# Physically plausible bounds per column: (lowest, highest), inclusive.
_BOUNDS: dict[str, tuple[float, float]] = {
    "tmin": (-90.0, 60.0),
    "tmax": (-90.0, 60.0),
    "rh_min": (0.0, 100.0),
    "rh_max": (0.0, 100.0),
    "rh_mean": (0.0, 100.0),
    "ea": (0.0, 10.0),
    "tdew": (-90.0, 40.0),
    "wind_2m": (0.0, 75.0),
    "wind": (0.0, 75.0),
    "sunshine_hours": (0.0, 24.0),
    "rs": (0.0, 50.0),
}


def _line_numbers(mask: pd.Series, limit: int = 5) -> str:
    """CSV line numbers (header is line 1) of the first rows where ``mask`` is true."""
    idx = [int(i) + 2 for i in np.flatnonzero(mask.to_numpy())[:limit]]
    more = int(mask.sum()) - len(idx)
    text = ", ".join(str(i) for i in idx)
    return text + (f" and {more} more" if more > 0 else "")


def read_climate_csv(path: str | Path) -> pd.DataFrame:
    """Read and check a climate CSV.

    Returns
    -------
    pandas.DataFrame
        A ``date`` column (``datetime64``) sorted ascending and the recognised
        numeric columns as ``float64`` with ``NaN`` for blank cells. Other
        columns are kept as they are (the caller reports them as ignored).

    Raises
    ------
    DataFileError
        The file is missing or unreadable.
    InputError
        The table is empty, has no ``date``, has bad dates or non-numeric values,
        or values outside plausible physical bounds.
    """
    p = Path(path)
    if not p.is_file():
        raise DataFileError(f"{p}: climate file not found")
    try:
        raw = pd.read_csv(p, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{p}: cannot read the climate CSV: {exc}") from exc
    return check_climate_table(raw, source=str(p))


def check_climate_table(raw: pd.DataFrame, source: str = "<table>") -> pd.DataFrame:
    """Check and convert a table of strings (or numbers); see :func:`read_climate_csv`."""
    raw = raw.rename(columns=lambda c: str(c).strip().lower())
    if "date" not in raw.columns:
        raise InputError(
            f"{source}: no 'date' column; the header must name a 'date' column "
            f"(found: {', '.join(map(str, raw.columns)) or 'none'})"
        )
    if len(raw) == 0:
        raise InputError(f"{source}: the climate table has no rows")
    out = pd.DataFrame(index=raw.index)
    date_text = raw["date"].astype(str).str.strip()
    dates = pd.to_datetime(date_text, format="%Y-%m-%d", errors="coerce")
    bad = dates.isna()
    if bad.any():
        first = date_text[bad].iloc[0]
        raise InputError(
            f"{source}: column 'date' has values that are not dates in YYYY-MM-DD form "
            f"(line {_line_numbers(bad)}; first: {first!r})"
        )
    out["date"] = dates
    for col in raw.columns:
        if col == "date":
            continue
        if col not in CLIMATE_COLUMNS:
            out[col] = raw[col]
            continue
        text = raw[col].astype(str).str.strip()
        blank = text.eq("") | text.str.lower().isin(["nan", "na"])
        values = pd.to_numeric(text.where(~blank, None), errors="coerce").astype("float64")
        nonnum = values.isna() & ~blank
        if nonnum.any():
            first = text[nonnum].iloc[0]
            raise InputError(
                f"{source}: column {col!r} has values that are not numbers "
                f"(line {_line_numbers(nonnum)}; first: {first!r})"
            )
        lo, hi = _BOUNDS[col]
        outside = (values < lo) | (values > hi)
        if outside.any():
            raise InputError(
                f"{source}: column {col!r} ({CLIMATE_COLUMNS[col]}) must lie in "
                f"[{lo:g}, {hi:g}] (line {_line_numbers(outside)}; "
                f"first: {values[outside].iloc[0]:g})"
            )
        out[col] = values
    order = out["date"].argsort(kind="stable")
    out = out.iloc[order].reset_index(drop=True)
    dup = out["date"].duplicated()
    if dup.any():
        raise InputError(
            f"{source}: the date {out['date'][dup].iloc[0].date()} appears more than once"
        )
    return out
