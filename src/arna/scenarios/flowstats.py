"""The statistics a stochastic generator preserves, from a multi-year record or from a document.

Two ways in, one result (:class:`~arna.scenarios.stochastic.FlowStatistics`):

- :func:`statistics_from_history` estimates them from a table of monthly (or finer) flows,
  one column per site, over the calendar years complete at every site;
- :func:`load_statistics` reads them from a YAML/JSON document of stated figures (annual mean
  and seasonal regime or monthly means, CVs, lag-one correlations, a correlation matrix), each
  with its source, for rivers where only published statistics exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from arna.documents import read_mapping
from arna.errors import DataFileError, DocumentError, InputError, json_path
from arna.scenarios.stochastic import WEIGHTS, FlowStatistics, check_correlation

MIN_YEARS = 5
"""Complete calendar years needed to estimate a CV and a year-to-year correlation."""
KM3_PER_YEAR_TO_M3S = 1e9 / (365.0 * 86_400.0)

# --- from a record ------------------------------------------------------------------------------


def statistics_from_history(frame: pd.DataFrame, source: str) -> FlowStatistics:
    """Monthly and annual statistics of every column of ``frame`` (a date index, one column per site).

    Only calendar years with all twelve months at every site are used, so the statistics
    (and the cross-site correlation in particular) come from one common period.
    """
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise DataFileError(f"{source}: the record needs a date index")
    for col in frame.columns:
        _check_positive(frame[col], source, str(col))
    monthly = frame.resample("MS").mean()
    year = pd.DatetimeIndex(monthly.index).year.to_numpy()
    complete = monthly.notna().all(axis=1).to_numpy()
    years = [int(y) for y in np.unique(year) if complete[year == y].sum() == 12]
    if len(years) < MIN_YEARS:
        raise DataFileError(
            f"{source}: {len(years)} complete calendar year(s) common to {', '.join(map(str, frame.columns))}; "
            f"at least {MIN_YEARS} are needed to estimate year-to-year persistence (give a longer record, "
            "fewer sites, or a statistics file with --stats)")
    kept = monthly[np.isin(year, years)]
    cube = kept.to_numpy().reshape(len(years), 12, -1).transpose(2, 0, 1)  # (site, year, month)
    return _estimate(cube, np.array(years), [str(c) for c in frame.columns], source)


def _check_positive(col: pd.Series, source: str, name: str) -> None:
    bad = col[col <= 0]
    if len(bad):
        raise DataFileError(
            f"{source}: column '{name}' has a zero or negative flow ({bad.iloc[0]:g} on "
            f"{pd.Timestamp(bad.index[0]).date()}); the generator is lognormal and needs positive flows — "
            "correct the value, drop the row, or leave this site out with --column")


def _estimate(cube: np.ndarray, years: np.ndarray, sites: list[str], source: str) -> FlowStatistics:
    mean = cube.mean(axis=1)
    cv = cube.std(axis=1, ddof=1) / mean
    annual = cube @ WEIGHTS  # (site, year)
    consecutive = np.flatnonzero(np.diff(years) == 1)
    flat = cube.reshape(len(sites), -1)
    lag_m = np.empty((len(sites), 12))
    for m in range(12):
        now = flat[:, m::12] if m else flat[:, 12::12][:, consecutive]
        before = flat[:, m - 1::12] if m else flat[:, 11::12][:, consecutive]
        lag_m[:, m] = [_corr(before[i], now[i]) for i in range(len(sites))]
    dev = annual - annual.mean(axis=1, keepdims=True)
    # the usual (Box–Jenkins) estimator, as in the published and derived figures it is compared with
    lag_a = np.clip((dev[:, consecutive] * dev[:, consecutive + 1]).sum(axis=1) / (dev**2).sum(axis=1), -0.95, 0.95)
    corr = np.corrcoef(annual) if len(sites) > 1 else np.eye(1)
    span = f"{years[0]}–{years[-1]} ({len(years)} complete years)"
    return FlowStatistics(sites, mean, annual.std(axis=1, ddof=1) / annual.mean(axis=1), lag_a,
                          np.atleast_2d(corr), monthly_cv=cv, monthly_lag1=lag_m,
                          sources={s: f"{source}, {span} [C]" for s in sites})


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return 0.0
    return float(np.clip(np.corrcoef(x, y)[0, 1], -0.95, 0.95))


# --- from a document ----------------------------------------------------------------------------

Twelve = list[float]


class SiteDoc(BaseModel):
    """Stated statistics of one site."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    source: str = Field(min_length=1, description="Where the figures come from ([D] published, [C] computed, "
                                                  "[E] estimated).")
    monthly_mean: Twelve | None = Field(default=None, min_length=12, max_length=12,
                                        description="Mean flow of each month, January first, in m³/s.")
    annual_mean: float | None = Field(default=None, gt=0)
    annual_unit: Literal["m3/s", "km3/year"] = "m3/s"
    regime: Twelve | None = Field(default=None, min_length=12, max_length=12,
                                  description="Share of the annual volume in each month, January first.")
    annual_cv: float = Field(gt=0)
    annual_lag1: float = Field(gt=-1, lt=1)
    monthly_cv: Twelve | None = Field(default=None, min_length=12, max_length=12)
    monthly_lag1: Twelve | None = Field(default=None, min_length=12, max_length=12,
                                        description="Correlation with the month before; the first value "
                                                    "is December → January.")

    @model_validator(mode="after")
    def _means(self) -> SiteDoc:
        if (self.monthly_mean is None) == (self.annual_mean is None):
            raise ValueError("give either monthly_mean (m³/s) or annual_mean with regime")
        if self.annual_mean is not None and self.regime is None:
            raise ValueError("annual_mean needs a regime (the share of the annual volume in each month)")
        if self.monthly_mean is not None and self.regime is not None:
            raise ValueError("regime is only used with annual_mean; monthly_mean already has the seasons")
        if self.regime is not None and (min(self.regime) <= 0 or abs(sum(self.regime) - 1) > 0.02):
            raise ValueError(f"regime shares must be positive and add up to 1 (they add up to "
                             f"{sum(self.regime):.3f})")
        if self.monthly_mean is not None and min(self.monthly_mean) <= 0:
            raise ValueError("monthly means must be positive (a lognormal model)")
        if self.monthly_cv is not None and min(self.monthly_cv) <= 0:
            raise ValueError("monthly CVs must be positive")
        if self.monthly_lag1 is not None and max(abs(v) for v in self.monthly_lag1) >= 1:
            raise ValueError("monthly lag-one correlations must lie in (-1, 1)")
        if self.monthly_lag1 is not None and self.monthly_cv is None:
            raise ValueError("monthly_lag1 needs monthly_cv (without it the months of a year move together)")
        return self

    def means(self) -> np.ndarray:
        """Monthly mean flows in m³/s."""
        if self.monthly_mean is not None:
            return np.asarray(self.monthly_mean, dtype=float)
        assert self.annual_mean is not None and self.regime is not None
        per_s = self.annual_mean * (KM3_PER_YEAR_TO_M3S if self.annual_unit == "km3/year" else 1.0)
        shares = np.asarray(self.regime) / sum(self.regime)
        return np.asarray(per_s * shares / WEIGHTS)


class CorrelationDoc(BaseModel):
    """Correlation of annual flows between the sites, in the order they are listed."""

    model_config = ConfigDict(extra="forbid")

    matrix: list[list[float]]
    source: str = Field(min_length=1, description="Where it comes from; say so when a value is assumed.")


class StatisticsDocument(BaseModel):
    """A statistics file for ``arna ensemble generate --stats``."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str | None = None
    sites: list[SiteDoc] = Field(min_length=1)
    correlation: CorrelationDoc | None = None

    @model_validator(mode="after")
    def _matrix(self) -> StatisticsDocument:
        names = [s.name for s in self.sites]
        if len(set(names)) != len(names):
            raise ValueError(f"site names must be distinct: {names}")
        for key in ("monthly_cv", "monthly_lag1"):
            given = [getattr(s, key) is not None for s in self.sites]
            if any(given) and not all(given):
                raise ValueError(f"give {key} for every site or for none (the sites are modelled alike)")
        if self.correlation is None:
            if len(names) > 1:
                raise ValueError("several sites need a correlation matrix (correlation.matrix, with its source)")
            return self
        mat = np.asarray(self.correlation.matrix, dtype=float)
        if mat.shape != (len(names), len(names)):
            raise ValueError(f"correlation.matrix must be {len(names)} × {len(names)} (one row and column "
                             f"per site, in the order {names}); it is {mat.shape}")
        try:
            check_correlation(mat, names)
        except InputError as exc:
            raise ValueError(f"correlation.matrix: {exc}") from None
        return self


def load_statistics(path: Path) -> FlowStatistics:
    """Read a statistics document; problems are :class:`DocumentError` with their JSON path."""
    data = read_mapping(path)
    try:
        doc = StatisticsDocument.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(path, _problems(exc)) from None
    return statistics_from_document(doc)


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(JSON path, message) for each pydantic error; 'Value error, ' prefixes dropped."""
    out = []
    for err in exc.errors():
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key; check the spelling (docs/ensembles.md lists the keys)"
        out.append((json_path(tuple(err["loc"])), msg))
    return out


def statistics_from_document(doc: StatisticsDocument) -> FlowStatistics:
    sites = doc.sites
    corr = np.asarray(doc.correlation.matrix, dtype=float) if doc.correlation else np.eye(1)
    sources = {s.name: s.source for s in sites}
    if doc.correlation is not None:
        sources["correlation"] = doc.correlation.source
    return FlowStatistics(
        [s.name for s in sites], np.stack([s.means() for s in sites]),
        np.array([s.annual_cv for s in sites]), np.array([s.annual_lag1 for s in sites]), corr,
        monthly_cv=_stack([s.monthly_cv for s in sites]), monthly_lag1=_stack([s.monthly_lag1 for s in sites]),
        sources=sources)


def _stack(rows: list[Twelve | None]) -> np.ndarray | None:
    if all(r is None for r in rows):
        return None
    return np.stack([np.asarray(r, dtype=float) for r in rows])


__all__ = ["MIN_YEARS", "StatisticsDocument", "load_statistics", "statistics_from_document",
           "statistics_from_history"]
