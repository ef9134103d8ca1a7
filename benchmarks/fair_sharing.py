"""Cost of fair sharing per timestep: one native model run with sharing equal, entitlement and priority.

A river of ``--reaches`` reaches with two reservoirs and ``--demands`` demands in three priorities
(most at priority 2), monthly over ``--years`` years, ``--scenarios`` scenarios whose inflows are
scaled from 0.4 to 1.2 (so that many timesteps are short). Prints the run time per timestep and
scenario for each sharing mode and how many tier solves needed filling.

Usage: python benchmarks/fair_sharing.py [--reaches 20] [--demands 40] [--years 30] [--scenarios 8]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from arna.api import compile_model
from arna.engine.simulate import simulate
from arna.schema import model_from_mapping


def model(reaches: int, demands: int, years: int, scenarios: int, sharing: str) -> dict[str, Any]:
    rng = np.random.default_rng(1)
    scale = np.linspace(0.4, 1.2, scenarios)
    nodes: list[dict[str, Any]] = [{"name": "sea", "type": "terminal"}]
    edges: list[list[str]] = []
    names = [f"r{i}" for i in range(reaches)]
    seasonal = [0.4, 0.4, 0.6, 1.2, 2.0, 2.4, 2.0, 1.4, 0.8, 0.6, 0.5, 0.4]
    for i, r in enumerate(names):
        nxt = names[i + 1] if i + 1 < reaches else "sea"
        if i in (2, reaches // 2):
            nodes.append({"name": f"dam{i}", "type": "reservoir", "capacity": 800.0, "initial_volume": 400.0,
                          "fill_priority": 3})
            edges += [[r, f"dam{i}"], [f"dam{i}", nxt]]
        else:
            edges.append([r, nxt])
        nodes.append({"name": r, "type": "reach", "loss": 0.02})
        if i % 3 == 0:
            base = float(rng.uniform(20, 60))
            nodes.append({"name": f"in{i}", "type": "inflow", "flow": {
                "type": "scenario", "values": {f"s{k}": {"type": "monthly", "values": [base * m * scale[k]
                                                                                    for m in seasonal]}
                                               for k in range(scenarios)}}})
            edges.append([f"in{i}", r])
    for j in range(demands):
        at = int(rng.integers(0, reaches))
        nodes.append({"name": f"d{j}", "type": "demand", "demand": float(rng.uniform(5, 25)),
                      "priority": 1 if j % 10 == 0 else 2, "entitlement": float(rng.uniform(1, 3)),
                      "consumptive_fraction": 0.7 if at + 1 < reaches else 1.0,
                      **({"return_to": names[at + 1]} if at + 1 < reaches else {})})
        edges.append([names[at], f"d{j}"])
    return {"name": "fair-bench", "allocation": {"sharing": sharing},
            "timestepper": {"start": "2000-01-01", "end": f"{1999 + years}-12-01", "step": "month"},
            "scenarios": [{"name": f"s{k}"} for k in range(scenarios)], "nodes": nodes, "edges": edges}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reaches", type=int, default=20)
    ap.add_argument("--demands", type=int, default=40)
    ap.add_argument("--years", type=int, default=30)
    ap.add_argument("--scenarios", type=int, default=8)
    a = ap.parse_args()
    for sharing in ("priority", "equal", "entitlement"):
        net = compile_model(model_from_mapping(model(a.reaches, a.demands, a.years, a.scenarios, sharing), "<b>"))
        t0 = time.perf_counter()
        raw = simulate(net)
        wall = time.perf_counter() - t0
        steps = len(net.timesteps)
        print(f"{sharing:12s} {wall:7.2f} s  {1e3 * wall / steps:7.3f} ms/step  "
              f"{1e6 * wall / steps / a.scenarios:8.1f} us/step/scenario  "
              f"solve {raw.timings['solve']:.2f} s")


if __name__ == "__main__":
    main()
