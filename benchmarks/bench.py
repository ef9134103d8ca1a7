"""Arna vs Pywr 1.31.1 on generated river-basin models (see ../shared/bench).

Both engines run the same Pywr document, each in its own process, interleaved
over several rounds; medians are reported. Before any time is reported the two
engines' results are compared (total delivery to outputs per timestep and
scenario, and storage volumes); a disagreement stops the benchmark.

Usage: python benchmarks/bench.py [--rounds 3] [--cases small:100,medium:100,large:10] [--years 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent.parent / "shared" / "bench" / "gen_pywr_network.py"
TOLERANCE = 1e-6


def generate(size: str, scenarios: int, years: float) -> Path:
    out = HERE / "models" / f"{size}_s{scenarios}_y{years:g}"
    if not (out / "model.json").exists():
        subprocess.run([sys.executable, str(GENERATOR), "--size", size, "--scenarios", str(scenarios),
                        "--years", str(years), "--out", str(out)], check=True, capture_output=True)
    return out / "model.json"


def child(engine: str, model: Path, tag: str) -> tuple[dict[str, float], Path]:
    npz = HERE / "results" / f"{tag}_{engine}.npz"
    npz.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, str(HERE / "engine_child.py"), engine, str(model), str(npz)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1]), npz


def agree(a: Path, b: Path) -> float:
    x, y = np.load(a), np.load(b)
    worst = 0.0
    for key in ("delivered", "volumes"):
        if x[key].shape != y[key].shape:
            raise SystemExit(f"results differ in shape for {key}: {x[key].shape} vs {y[key].shape}")
        diff = np.abs(x[key] - y[key]) - TOLERANCE * (1 + np.abs(y[key]))
        worst = max(worst, float(np.max(np.abs(x[key] - y[key]) / (1 + np.abs(y[key])))))
        if np.any(diff > 0):
            raise SystemExit(f"the engines disagree on {key}: worst relative difference {worst:.2e}")
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cases", default="small:100,medium:100,large:10")
    ap.add_argument("--years", type=float, default=1.0)
    ap.add_argument("--workers-case", default="medium:100", help="case also run by Arna with 2 workers")
    args = ap.parse_args()
    rows = []
    for case in args.cases.split(","):
        size, n = case.split(":")
        model = generate(size, int(n), args.years)
        steps = round(365 * args.years) * int(n)
        engines = ["pywr", "arna"] + (["arna2"] if case == args.workers_case else [])
        runs: dict[str, list[dict[str, float]]] = {e: [] for e in engines}
        for r in range(args.rounds):
            for e in engines:  # interleaved
                t, npz = child(e, model, f"{size}_{n}")
                runs[e].append(t)
                if e != "pywr":
                    worst = agree(npz, HERE / "results" / f"{size}_{n}_pywr.npz")
            print(f"{case} round {r + 1}: " + ", ".join(f"{e} {runs[e][-1]['run']:.2f}s" for e in engines),
                  file=sys.stderr)
        med = {e: {k: statistics.median(x[k] for x in runs[e]) for k in runs[e][0]} for e in engines}
        for e in engines:
            rows.append((case, e, med[e], steps, med["pywr"]["run"], worst))
    print_table(rows, args)


def print_table(rows: list[tuple[str, str, dict[str, float], int, float, float]], args: argparse.Namespace) -> None:
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.rounds} rounds, medians; {args.years:g} year(s) daily.\n")
    print("| case (size:scenarios) | engine | setup s | run s | scenario-steps/s | × Pywr | HiGHS share | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for case, engine, m, steps, pywr_run, _ in rows:
        ratio = pywr_run / m["run"]
        share = f"{m['highs_share']:.0%}" if "highs_share" in m else "–"
        label = {"pywr": "Pywr 1.31.1 (glpk-edge, fast flags)", "arna": "Arna", "arna2": "Arna, 2 workers"}[engine]
        print(f"| {case} | {label} | {m['setup']:.2f} | {m['run']:.2f} | {steps / m['run']:,.0f} | "
              f"{ratio:.2f} | {share} | {m['peak_mb']:.0f} |")
    worst = max(w for *_, w in rows)
    print(f"\nResults agree: total delivery per timestep and storage volumes within {TOLERANCE:g} "
          f"(worst relative difference {worst:.1e}).")


if __name__ == "__main__":
    main()
