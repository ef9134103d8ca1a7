"""Transboundary accounting: flow across each border, agreement compliance, where the flow is formed.

**Flows across borders.** Every ``border`` node's ``flow`` per timestep (mean m³/s and hm³) and per
calendar year (km³), with the border's upstream and downstream country.

**Agreements.** A schedule of minimum flows or volumes per period is written in the model
document's ``metadata.agreements`` section (``metadata`` is free-form; this is its format)::

    metadata:
      agreements:
        - border: Uzbek-Kazakh border      # a border node
          name: ICWC protocol               # optional
          labels: {ru: Протокол МКВК, kk: МҮСК хаттамасы}  # optional, translations of name
          description: ...                  # optional, with description_labels: {ru: ..., kk: ...}
          source: "ICWC, 2023"              # optional
          periods:
            - {name: growing season, months: [4, 5, 6, 7, 8, 9], min_volume: "0.997 km3",
               labels: {ru: вегетационный период, kk: вегетациялық кезең}}
            - {name: winter, months: [10, 11, 12, 1, 2, 3], min_volume: "1.6 km3"}
            - {name: summer minimum, months: [4, 5, 6, 7, 8, 9], min_flow: "30 m3/s"}

A period recurs every year; one that wraps the new year (October–March) belongs to the year it
starts in. Only occurrences whose every month lies in the run are assessed. An occurrence is
**met** when, with ``min_flow``, the flow of each of its timesteps reaches the minimum, or, with
``min_volume``, the volume passed over the occurrence reaches the minimum (both within 1e-6
relative). The **volume short** is Σ max(minimum − flow, 0) × Δt for ``min_flow`` and
max(minimum − volume, 0) for ``min_volume``. The **worst month** is the timestep with the largest
shortfall against the schedule's rate (for ``min_volume`` the volume spread over the occurrence in
proportion to the days). A border with an ``agreement`` value on the node and no schedule in the
metadata is assessed month by month against that value (each timestep is a period).

**Where the flow is formed.** Each inflow is attributed to its ``country``; an inflow without one
takes the ``upstream_country`` of the first border downstream of it, else counts as unknown. The
mean annual volume (km³/yr) formed inside a country (default Kazakhstan) and outside it is
reported per scenario for the model's basin.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from arna.engine.results import Results
from arna.errors import DocumentError, InputError, UnitError
from arna.indicators._common import days, rate_m3s, volume_hm3, years
from arna.schema.document import Labels, ModelDocument, label_in, labels_field
from arna.schema.nodes import BorderNode
from arna.schema.params import parse_quantity_string
from arna.schema.units import Dimension, factors, static_factor

TOLERANCE = 1e-6
M3S_TO_HM3_PER_DAY = 86_400.0 / 1e6


class AgreementPeriod(BaseModel):
    """One recurring period of an agreement with its minimum flow or volume."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    labels: Labels | None = labels_field("name")
    description: str | None = None
    description_labels: Labels | None = labels_field("description")
    months: list[int] = Field(min_length=1, max_length=12)
    min_flow: str | float | None = Field(default=None, description="Minimum flow in each timestep, e.g. '30 m3/s'.")
    min_volume: str | float | None = Field(default=None, description="Minimum volume over the period, e.g. '1 km3'.")

    @model_validator(mode="after")
    def _one_minimum(self) -> AgreementPeriod:
        if (self.min_flow is None) == (self.min_volume is None):
            raise ValueError("give exactly one of min_flow or min_volume")
        if any(not 1 <= m <= 12 for m in self.months) or len(set(self.months)) != len(self.months):
            raise ValueError("months are distinct numbers 1–12")
        return self

    def label(self, lang: str = "en") -> str:
        """The period's name in ``lang`` (its months, e.g. ``4-5-6``, when it has no name)."""
        return label_in(self.labels, lang, self.name or "-".join(str(m) for m in self.months))


class Agreement(BaseModel):
    """A schedule of minimum flows or volumes across one border."""

    model_config = ConfigDict(extra="forbid")

    border: str
    name: str | None = None
    labels: Labels | None = labels_field("name")
    description: str | None = None
    description_labels: Labels | None = labels_field("description")
    source: str | None = None
    periods: list[AgreementPeriod] = Field(min_length=1)


def agreements(doc: ModelDocument) -> list[Agreement]:
    """The agreements in ``doc.metadata.agreements``, validated (a :class:`DocumentError` if malformed)."""
    raw = doc.metadata.get("agreements") or []
    if not isinstance(raw, list):
        problem = ("metadata.agreements", "must be a list of agreements (see docs/indicators.md)")
        raise DocumentError(doc.name, [problem])
    out: list[Agreement] = []
    problems: list[tuple[str, str]] = []
    borders = {n.name for n in doc.nodes if n.type == "border"}
    for i, item in enumerate(raw):
        try:
            a = Agreement.model_validate(item)
        except ValidationError as exc:
            for e in exc.errors():
                where = ".".join(str(p) for p in e["loc"])
                problems.append((f"metadata.agreements[{i}]" + (f".{where}" if where else ""), e["msg"]))
            continue
        if a.border not in borders:
            problems.append((f"metadata.agreements[{i}].border", f"'{a.border}' is not a border node; "
                             f"border nodes: {', '.join(sorted(borders)) or 'none'}"))
        out.append(a)
    if problems:
        raise DocumentError(doc.name, problems)
    return out


def _borders(doc: ModelDocument) -> list[BorderNode]:
    return [n for n in doc.nodes if isinstance(n, BorderNode)]


# ------------------------------------------------------------------ flows across borders

MONTHLY_COLUMNS = ["scenario", "border", "upstream_country", "downstream_country", "time", "flow_m3s", "volume_hm3"]
ANNUAL_COLUMNS = ["scenario", "border", "upstream_country", "downstream_country", "year", "volume_km3",
                  "mean_flow_m3s", "complete"]


def border_flows_monthly(doc: ModelDocument, res: Results) -> pd.DataFrame:
    """Flow across every border per timestep: mean rate (m³/s) and volume (hm³)."""
    rows = []
    for b in _borders(doc):
        rate, vol = rate_m3s(res, b.name, "flow"), volume_hm3(res, b.name, "flow")
        for k, scen in enumerate(res.scenarios):
            for t, time in enumerate(res.timesteps):
                rows.append({"scenario": scen, "border": b.name, "upstream_country": b.upstream_country,
                             "downstream_country": b.downstream_country, "time": time,
                             "flow_m3s": float(rate[t, k]), "volume_hm3": float(vol[t, k])})
    return pd.DataFrame(rows, columns=MONTHLY_COLUMNS)


def border_flows_annual(doc: ModelDocument, res: Results) -> pd.DataFrame:
    """Flow across every border per calendar year: volume (km³) and mean rate (m³/s).

    ``complete`` is False for a year the run covers only in part.
    """
    monthly = border_flows_monthly(doc, res)
    if monthly.empty:
        return pd.DataFrame(columns=ANNUAL_COLUMNS)
    monthly["year"] = pd.DatetimeIndex(monthly["time"]).year
    step = pd.Series(days(res), index=res.timesteps)
    monthly["days"] = step.loc[pd.DatetimeIndex(monthly["time"])].to_numpy()
    covered = pd.Series(days(res), index=res.timesteps.year).groupby(level=0).sum()
    keys = ["scenario", "border", "upstream_country", "downstream_country", "year"]
    g = monthly.groupby(keys, sort=False).agg(volume_hm3=("volume_hm3", "sum"), days=("days", "sum")).reset_index()
    g["volume_km3"] = g["volume_hm3"] / 1e3
    g["mean_flow_m3s"] = g["volume_hm3"] / g["days"] / M3S_TO_HM3_PER_DAY
    g["complete"] = [bool(covered.get(y, 0.0) >= (366 if calendar.isleap(int(y)) else 365) - 1e-9)
                     for y in g["year"]]
    return g[ANNUAL_COLUMNS]


# ------------------------------------------------------------------ agreements

PERIOD_COLUMNS = ["scenario", "border", "agreement", "period", "start", "required_hm3", "flow_hm3", "short_hm3",
                  "met", "worst_time", "worst_shortfall_m3s"]
COMPLIANCE_COLUMNS = ["scenario", "border", "agreement", "periods", "periods_met", "volume_short_hm3",
                      "worst_month", "worst_shortfall_m3s"]


@dataclass
class _Occurrence:
    period: str
    steps: np.ndarray  # timestep indices
    required: np.ndarray  # (n, S) hm³ per timestep (schedule rate × Δt)
    volume: float | None  # min_volume in hm³, or None for a min_flow period


def _occurrences(p: AgreementPeriod, res: Results, where: str) -> list[_Occurrence]:
    times = res.timesteps
    month, year = np.asarray(times.month), np.asarray(times.year)
    wraps = any(m < p.months[0] for m in p.months)
    key = np.where(wraps & (month < p.months[0]), year - 1, year)
    inside = np.isin(month, p.months)
    d = days(res)
    n_s = len(res.scenarios)
    out = []
    for y in sorted(set(key[inside].tolist())):
        steps = np.flatnonzero(inside & (key == y))
        if set(month[steps].tolist()) != set(p.months):
            continue
        if p.min_flow is not None:
            rate = _quantity(p.min_flow, Dimension.FLOW, times[steps], f"{where}.min_flow")  # hm³/day
            required = np.repeat((rate * d[steps])[:, None], n_s, axis=1)
            out.append(_Occurrence(p.label(), steps, required, None))
        else:
            assert p.min_volume is not None
            vol = float(_quantity(p.min_volume, Dimension.VOLUME, times[steps[:1]], f"{where}.min_volume")[0])
            share = d[steps] / d[steps].sum()
            out.append(_Occurrence(p.label(), steps, np.repeat((vol * share)[:, None], n_s, axis=1), vol))
    return out


def _quantity(value: str | float, dim: Dimension, dates: pd.DatetimeIndex, where: str) -> np.ndarray:
    """``value`` in hm³/day (flows) or hm³ (volumes) for each of ``dates``."""
    try:
        number, unit = (float(value), "") if not isinstance(value, str) else parse_quantity_string(value)
        unit = unit or ("m3/s" if dim == Dimension.FLOW else "hm3")
        f = factors(unit, dim, dates) if dim == Dimension.FLOW else np.full(len(dates), static_factor(unit, dim))
    except (ValueError, UnitError) as exc:
        raise InputError(f"{where}: {exc}") from None
    return number * np.asarray(f, dtype=float)


def _node_occurrences(res: Results, border: str) -> list[_Occurrence]:
    """Timestep by timestep (month by month, or dekad by dekad) against the node's ``agreement`` series."""
    req = rate_m3s(res, border, "agreement") * M3S_TO_HM3_PER_DAY * days(res)[:, None]
    label = "%Y-%m-%d" if (days(res) < np.asarray(res.timesteps.days_in_month) - 1e-9).any() else "%Y-%m"
    return [_Occurrence(f"{t:{label}}", np.array([i]), req[i:i + 1], None) for i, t in enumerate(res.timesteps)]


def agreement_periods(doc: ModelDocument, res: Results) -> pd.DataFrame:
    """Every assessed occurrence of every agreement period, per scenario (see the module docstring)."""
    schedules: list[tuple[str, str, list[_Occurrence]]] = []
    listed = agreements(doc)
    for i, a in enumerate(listed):
        occ = [o for j, p in enumerate(a.periods)
               for o in _occurrences(p, res, f"metadata.agreements[{i}].periods[{j}]")]
        schedules.append((a.border, a.name or f"agreement {i + 1}", occ))
    covered = {a.border for a in listed}
    for b in _borders(doc):
        if b.name not in covered and res.has(b.name, "agreement"):
            schedules.append((b.name, "agreement", _node_occurrences(res, b.name)))
    rows = []
    for border, name, occ in schedules:
        flow = volume_hm3(res, border, "flow")
        d = days(res)
        for o in occ:
            got = flow[o.steps]
            gap = o.required - got  # hm³ per timestep against the schedule's rate
            for k, scen in enumerate(res.scenarios):
                if o.volume is None:
                    short = float(np.maximum(gap[:, k], 0.0).sum())
                    met = bool(np.all(got[:, k] >= o.required[:, k] * (1 - TOLERANCE)))
                    required = float(o.required[:, k].sum())
                else:
                    required = o.volume
                    short = max(required - float(got[:, k].sum()), 0.0)
                    met = float(got[:, k].sum()) >= required * (1 - TOLERANCE)
                rate_gap = gap[:, k] / d[o.steps] / M3S_TO_HM3_PER_DAY
                w = int(np.argmax(rate_gap))
                worst_short = rate_gap[w] > TOLERANCE * max(float(o.required[w, k] / d[o.steps][w]) /
                                                            M3S_TO_HM3_PER_DAY, 1.0)
                rows.append({"scenario": scen, "border": border, "agreement": name, "period": o.period,
                             "start": res.timesteps[o.steps[0]], "required_hm3": required,
                             "flow_hm3": float(got[:, k].sum()), "short_hm3": short if not met else 0.0, "met": met,
                             "worst_time": res.timesteps[o.steps[w]] if worst_short else pd.NaT,
                             "worst_shortfall_m3s": float(rate_gap[w]) if worst_short else 0.0})
    return pd.DataFrame(rows, columns=PERIOD_COLUMNS)


def agreement_compliance(doc: ModelDocument, res: Results) -> pd.DataFrame:
    """Per scenario, border and agreement: periods assessed and met, volume short (hm³), worst month."""
    detail = agreement_periods(doc, res)
    rows = []
    for (scen, border, name), g in detail.groupby(["scenario", "border", "agreement"], sort=False):
        worst = g["worst_shortfall_m3s"].to_numpy()
        w = int(np.argmax(worst))
        rows.append({"scenario": scen, "border": border, "agreement": name, "periods": len(g),
                     "periods_met": int(g["met"].sum()), "volume_short_hm3": float(g["short_hm3"].sum()),
                     "worst_month": g["worst_time"].iloc[w] if worst[w] > 0 else pd.NaT,
                     "worst_shortfall_m3s": float(worst[w])})
    return pd.DataFrame(rows, columns=COMPLIANCE_COLUMNS)


# ------------------------------------------------------------------ where the flow is formed

ORIGIN_COLUMNS = ["basin", "scenario", "country", "inside", "volume_km3_per_year", "share"]
INSIDE_OUTSIDE_COLUMNS = ["basin", "scenario", "inside_km3_per_year", "outside_km3_per_year",
                          "unknown_km3_per_year", "outside_share"]


def inflow_countries(doc: ModelDocument) -> dict[str, str | None]:
    """Country where each inflow node's flow is formed (see the module docstring); ``None`` if unknown."""
    down: dict[str, list[str]] = {}
    for a, b in doc.edges:
        down.setdefault(a, []).append(b)
    kinds = {n.name: n for n in doc.nodes}
    out: dict[str, str | None] = {}
    for n in doc.nodes:
        if n.type != "inflow":
            continue
        country = n.country
        queue, seen = list(down.get(n.name, [])), {n.name}
        while country is None and queue:
            x = queue.pop(0)
            if x in seen:
                continue
            seen.add(x)
            node = kinds[x]
            if isinstance(node, BorderNode):
                country = node.upstream_country
            else:
                queue.extend(down.get(x, []))
        out[n.name] = country
    return out


def flow_origin(doc: ModelDocument, res: Results, country: str = "Kazakhstan") -> pd.DataFrame:
    """Mean annual inflow (km³/yr) by country of formation, per scenario; ``inside`` marks ``country``."""
    origin = inflow_countries(doc)
    n_years = years(res)
    basin = str(doc.metadata.get("basin") or doc.name)
    rows = []
    for k, scen in enumerate(res.scenarios):
        by_country: dict[str, float] = {}
        for node, c in origin.items():
            km3 = float(volume_hm3(res, node, "flow")[:, k].sum()) / 1e3 / n_years
            key = c if c is not None else "unknown"
            by_country[key] = by_country.get(key, 0.0) + km3
        total = sum(by_country.values())
        for c, v in by_country.items():
            rows.append({"basin": basin, "scenario": scen, "country": c, "inside": c == country,
                         "volume_km3_per_year": v, "share": v / total if total > 0 else float("nan")})
    return pd.DataFrame(rows, columns=ORIGIN_COLUMNS)


def formed_inside_outside(doc: ModelDocument, res: Results, country: str = "Kazakhstan") -> pd.DataFrame:
    """Per scenario: mean annual inflow formed inside ``country``, outside it, and of unknown origin (km³/yr)."""
    origin = flow_origin(doc, res, country)
    rows = []
    for scen in res.scenarios:
        g = origin[origin["scenario"] == scen]
        inside = float(g.loc[g["inside"], "volume_km3_per_year"].sum())
        unknown = float(g.loc[g["country"] == "unknown", "volume_km3_per_year"].sum())
        outside = float(g["volume_km3_per_year"].sum()) - inside - unknown
        total = inside + outside + unknown
        rows.append({"basin": str(doc.metadata.get("basin") or doc.name), "scenario": scen,
                     "inside_km3_per_year": inside, "outside_km3_per_year": outside,
                     "unknown_km3_per_year": unknown, "outside_share": outside / total if total > 0 else float("nan")})
    return pd.DataFrame(rows, columns=INSIDE_OUTSIDE_COLUMNS)
