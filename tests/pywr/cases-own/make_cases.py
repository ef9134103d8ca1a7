"""Write the licence cases of tests/pywr/cases-own/models (one JSON model per licence option).

Each model is written here from Pywr's documented JSON format (no Pywr code). A
licence limits a cheap supply; a dearer second supply meets the rest of a
demand, so every step's optimum is unique. Run: python make_cases.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "models"


def model(licence: dict[str, Any], start: str = "2015-01-01", end: str = "2016-03-31",
          timestep: Any = 1, demand: float = 8.0, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "metadata": {"title": "licence case", "minimum_version": "1.0"},
        "timestepper": {"start": start, "end": end, "timestep": timestep},
        "nodes": [
            {"name": "supply", "type": "input", "max_flow": 10.0},
            {"name": "alt", "type": "input", "max_flow": 20.0, "cost": 5.0},
            {"name": "link", "type": "link"},
            {"name": "demand", "type": "output", "max_flow": demand, "cost": -10.0},
            {"name": "licence", "nodes": ["link"], **licence},
        ],
        "edges": [["supply", "link"], ["link", "demand"], ["alt", "demand"]],
    }
    if extra:
        doc.update(extra)
    return doc


CASES: dict[str, dict[str, Any]] = {
    # annual licences
    "lic_annual_reset_to_initial": model({"type": "annualvirtualstorage", "max_volume": 900.0,
                                          "initial_volume": 300.0, "reset_to_initial_volume": True,
                                          "reset_month": 4, "reset_day": 1}),
    "lic_annual_below_max": model({"type": "annualvirtualstorage", "max_volume": 900.0,
                                   "initial_volume": 200.0}, start="2015-03-15", end="2016-06-30"),
    "lic_annual_below_max_reset_later": model({"type": "annualvirtualstorage", "max_volume": 900.0,
                                               "initial_volume": 200.0, "reset_month": 10,
                                               "reset_day": 15}, start="2015-03-15", end="2016-12-31"),
    "lic_annual_pc": model({"type": "annualvirtualstorage", "max_volume": 900.0,
                            "initial_volume_pc": 0.25, "initial_volume": 700.0},
                           start="2015-06-01", end="2016-06-30"),
    "lic_annual_min_volume": model({"type": "annualvirtualstorage", "max_volume": 900.0,
                                    "min_volume": 100.0, "initial_volume": 900.0}),
    "lic_annual_factors": model({"type": "annualvirtualstorage", "max_volume": 900.0,
                                 "initial_volume": 900.0, "factors": [2.0]}),
    "lic_annual_weekly": model({"type": "annualvirtualstorage", "max_volume": 400.0,
                                "initial_volume": 400.0, "reset_month": 2, "reset_day": 10},
                               timestep=7, end="2017-03-31"),
    "lic_annual_cost": model({"type": "annualvirtualstorage", "max_volume": 900.0,
                              "initial_volume": 900.0, "cost": -8.0}),
    "lic_annual_reset_day_31": model({"type": "annualvirtualstorage", "max_volume": 500.0,
                                      "initial_volume": 500.0, "reset_month": 2, "reset_day": 31},
                                     end="2017-03-31"),
    "lic_annual_two_nodes": {**model({"type": "annualvirtualstorage", "max_volume": 900.0,
                                      "initial_volume": 900.0, "factors": [1.0, 0.25],
                                      "reset_to_initial_volume": False}),
                             "nodes": None},
    "lic_plain_virtual": model({"type": "virtualstorage", "max_volume": 900.0, "initial_volume": 500.0}),
    "lic_annual_param_max": model({"type": "annualvirtualstorage", "max_volume": "licence_max",
                                   "initial_volume": 400.0, "initial_volume_pc": 0.5},
                                  extra={"parameters": {"licence_max": {"type": "monthlyprofile",
                                         "values": [900, 900, 900, 600, 600, 600, 600, 600, 600,
                                                    900, 900, 900]}}}),
    # monthly licences
    "lic_monthly_months3": model({"type": "monthlyvirtualstorage", "max_volume": 150.0,
                                  "initial_volume": 150.0, "months": 3}),
    "lic_monthly_initial_months": model({"type": "monthlyvirtualstorage", "max_volume": 150.0,
                                         "initial_volume": 60.0, "months": 3, "initial_months": 2},
                                        start="2015-01-10"),
    "lic_monthly_reset_to_initial": model({"type": "monthlyvirtualstorage", "max_volume": 150.0,
                                           "initial_volume": 40.0, "months": 2,
                                           "reset_to_initial_volume": True}),
    "lic_monthly_below_max": model({"type": "monthlyvirtualstorage", "max_volume": 100.0,
                                    "initial_volume": 30.0}, start="2015-01-20"),
    "lic_monthly_timestep_month": model({"type": "monthlyvirtualstorage", "max_volume": 500.0,
                                         "initial_volume": 500.0, "months": 2},
                                        timestep="M", demand=30.0),
    # seasonal licences
    "lic_seasonal_reset_to_initial": model({"type": "seasonalvirtualstorage", "max_volume": 600.0,
                                            "initial_volume": 250.0, "reset_to_initial_volume": True,
                                            "reset_month": 4, "reset_day": 1, "end_month": 10,
                                            "end_day": 1}, end="2016-12-31"),
    "lic_seasonal_across_year": model({"type": "seasonalvirtualstorage", "max_volume": 600.0,
                                       "initial_volume": 100.0, "reset_month": 10, "reset_day": 1,
                                       "end_month": 4, "end_day": 1}, end="2016-12-31"),
    # rolling licences
    "lic_rolling_below_max": model({"type": "rollingvirtualstorage", "max_volume": 100.0,
                                    "initial_volume": 40.0, "timesteps": 15}),
    "lic_rolling_days": model({"type": "rollingvirtualstorage", "max_volume": 100.0,
                               "initial_volume": 100.0, "days": 10}),
    "lic_rolling_pc_days": model({"type": "rollingvirtualstorage", "max_volume": 120.0,
                                  "initial_volume_pc": 0.3, "days": 12}, start="2015-02-03"),
    "lic_rolling_min_volume": model({"type": "rollingvirtualstorage", "max_volume": 100.0,
                                     "initial_volume": 100.0, "min_volume": 20.0, "timesteps": 10}),
}

# two members: the licence counts link at factor 1 and alt at factor 0.25
_two = CASES["lic_annual_two_nodes"]
_two["nodes"] = [*model({})["nodes"][:4],
                {"name": "licence", "type": "annualvirtualstorage", "nodes": ["link", "alt"],
                 "factors": [1.0, 0.25], "max_volume": 1500.0, "initial_volume": 1500.0}]


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for name, doc in CASES.items():
        (HERE / f"{name}.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} models to {HERE}")


if __name__ == "__main__":
    main()
