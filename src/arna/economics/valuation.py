"""Value the water a measure saves in both views: the water bill (tariffs) and the crops (shadow value).

Inputs are the savings of each treated demand, from basin runs with and without the
measure (:mod:`arna.economics.basin`), and the plan's ``financial`` and ``economic``
blocks (:mod:`arna.economics.values`). Outputs are table columns, NaN where the plan
gives no basis for a view.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from arna.economics.values import SEASONS, Economic, Season, Tariff, season_of_month

NAN = float("nan")


@dataclass(frozen=True)
class DemandSaving:
    """What one treated demand saves (m³/yr): at its intake, net of return flow, net by calendar month."""

    gross: float
    net: float
    net_by_month: dict[int, float]
    delivered_change: float

    def net_in(self, season: Season) -> float:
        """Net saving in the months of ``season``."""
        return sum(v for m, v in self.net_by_month.items() if season_of_month(m) == season)


def financial_view(tariffs: Mapping[str, Tariff], savings: Mapping[str, DemandSaving]) -> dict[str, float]:
    """Water bill saved per year at the current and proposed tariffs: gross saving × each demand's tariff.

    ``tariffs`` maps each treated demand to its tariff; without one for every demand the view is NaN.
    """
    if not savings or set(tariffs) != set(savings):
        return {"tariff_per_m3": NAN, "tariff_proposed_per_m3": NAN, "financial_benefit_per_year": NAN,
                "financial_benefit_proposed_per_year": NAN}
    current = sum(savings[d].gross * t.current.value for d, t in tariffs.items())
    proposed = NAN
    if all(t.proposed is not None for t in tariffs.values()):
        proposed = sum(savings[d].gross * t.proposed.value for d, t in tariffs.items() if t.proposed is not None)
    gross = sum(s.gross for s in savings.values())
    return {"tariff_per_m3": ratio(current, gross), "tariff_proposed_per_m3": ratio(proposed, gross),
            "financial_benefit_per_year": current, "financial_benefit_proposed_per_year": proposed}


def economic_view(economic: Economic | None, savings: Mapping[str, DemandSaving],
                  override: float | None) -> dict[str, float]:
    """Value per year of the net saving, month by month at the demand's crop values, or at the override.

    The value per m³ reported for a season is the season's benefit divided by its net saving
    (NaN when it saves nothing then).
    """
    net = sum(d.net for d in savings.values())
    if override is not None:
        return {"economic_value_growing_per_m3": override, "economic_value_non_growing_per_m3": override,
                "economic_benefit_per_year": override * net, "economic_value_per_m3": override}
    if economic is None or not savings or any(d not in economic.demands for d in savings):
        return {"economic_value_growing_per_m3": NAN, "economic_value_non_growing_per_m3": NAN,
                "economic_benefit_per_year": NAN, "economic_value_per_m3": NAN}
    row: dict[str, float] = {}
    benefit = 0.0
    for season in SEASONS:
        value = sum(v * economic.month_value(d, m) for d, sv in savings.items()
                    for m, v in sv.net_by_month.items() if season_of_month(m) == season)
        saved = sum(sv.net_in(season) for sv in savings.values())
        row[f"economic_value_{season.replace('-', '_')}_per_m3"] = ratio(value, saved) if abs(saved) > 1.0 else NAN
        benefit += value
    row["economic_benefit_per_year"] = benefit
    row["economic_value_per_m3"] = ratio(benefit, net)
    return row


def npv_of(investment: float, om_per_year: float, benefit_per_year: float, annuity_factor: float) -> float:
    """``−investment + (benefit − O&M) × annuity factor``; NaN without a benefit."""
    return NAN if math.isnan(benefit_per_year) else -investment + (benefit_per_year - om_per_year) * annuity_factor


def ratio(a: float, b: float) -> float:
    """``a / b``, NaN when ``b`` is 0 or ``a`` is NaN."""
    return a / b if b != 0 and not math.isnan(a) else NAN
