"""Arna vs Pywr 1.31.1, each timed as the whole process a user starts, on generated river-basin models.

For every case (a model written by ../shared/bench/gen_pywr_network.py) and round, in turn:

- Pywr: ``python pywr_run.py MODEL OUT.npz`` — load, record every node's flow and every storage's
  volume, run, save (compressed NumPy), exit;
- Arna: ``arna run MODEL --format pywr --output OUT.parquet`` — the same series, in Pywr's long format;
- on the workers case also ``--workers 2``;
- Arna in process (``engine_child.py``): setup, the run, its time loops and the share inside HiGHS.

Whole-process time is wall time from start to exit (results file closed); peak memory is the process's
maximum resident set (with workers: the largest sum of the process tree's proportional set sizes,
sampled every 0.25 s, so that pages shared since the fork count once). The
engines alternate within each round; medians over rounds are reported. Before any time is reported the
results are compared — total delivery to the outputs in every timestep and scenario, and every storage
volume — and the benchmark stops if they differ by more than 1e-6 (relative).

Usage: python benchmarks/bench.py [--rounds 3] [--cases small:100:10,medium:100:3,large:10:0.246407]
(a case is SIZE:SCENARIOS:YEARS; 0.246407 years are 90 days).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent.parent / "shared" / "bench" / "gen_pywr_network.py"
BIN = Path(sys.executable).parent
TOLERANCE = 1e-6
CASES = "small:100:10,medium:100:3,large:10:0.246407"
LABELS = {"pywr": "Pywr 1.31.1 (glpk-edge, fast flags)", "arna": "Arna", "arna2": "Arna, --workers 2"}


def generate(size: str, scenarios: int, years: float) -> Path:
    out = HERE / "models" / f"{size}_s{scenarios}_y{years:g}"
    if not (out / "model.json").exists():
        subprocess.run([sys.executable, str(GENERATOR), "--size", size, "--scenarios", str(scenarios),
                        "--years", str(years), "--out", str(out)], check=True, capture_output=True)
    return out / "model.json"


def command(engine: str, model: Path, out: Path) -> list[str]:
    if engine == "pywr":
        return [sys.executable, str(HERE / "pywr_run.py"), str(model), str(out)]
    workers = ["--workers", "2"] if engine == "arna2" else []
    return [str(BIN / "arna"), "run", str(model), "--format", "pywr", "--output", str(out), *workers]


def measure(cmd: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds from start to exit, peak MB, CPU seconds (user + system, workers included) and stdout.

    Peak memory is the process's maximum resident set (``ru_maxrss``), or, when it has worker
    processes, the largest sum of their proportional set sizes (PSS, sampled every 50 ms) if larger.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        root = psutil.Process(proc.pid)
        tree_peak, next_pss = 0, 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            with contextlib.suppress(psutil.Error):
                kids = root.children(recursive=True)
                if kids and time.perf_counter() >= next_pss:  # with workers: proportional set sizes, so
                    # pages shared since the fork count once (reading them costs CPU: every 0.25 s)
                    tree_peak = max(tree_peak, sum(p.memory_full_info().pss for p in [root, *kids]))
                    next_pss = time.perf_counter() + 0.25
            time.sleep(0.05)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.read()[-3000:]}")
        cpu = usage.ru_utime + usage.ru_stime
        return wall, max(usage.ru_maxrss / 1024, tree_peak / 2**20), cpu, out.read()


def arna_arrays(path: Path, sinks: set[str]) -> dict[str, np.ndarray]:
    """Delivered total ``(T, S)`` and storage volumes ``(T, n, S)`` from Arna's long-format parquet."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    n_t = len(table.column("time").chunk(0).dictionary)
    n_s = len(table.column("scenario").chunk(0).dictionary)
    n_r = table.num_rows // (n_t * n_s)
    first = table.slice(0, n_r * n_s)
    nodes = first.column("node").to_pylist()[::n_s]
    attrs = first.column("attribute").to_pylist()[::n_s]
    values = table.column("value").to_numpy().reshape(n_t, n_r, n_s)
    delivered = sum(values[:, i, :] for i, n in enumerate(nodes) if n in sinks)
    stores = sorted((n, i) for i, (n, a) in enumerate(zip(nodes, attrs, strict=True)) if a == "volume")
    return {"delivered": np.asarray(delivered), "volumes": np.stack([values[:, i, :] for _, i in stores], axis=1)}


def pywr_arrays(path: Path, sinks: set[str]) -> dict[str, np.ndarray]:
    data = np.load(path)
    delivered = sum(data[f"flow/{n}"] for n in sinks)
    stores = sorted(k for k in data.files if k.startswith("volume/"))
    return {"delivered": np.asarray(delivered), "volumes": np.stack([data[k] for k in stores], axis=1)}


def agree(x: dict[str, np.ndarray], y: dict[str, np.ndarray]) -> float:
    worst = 0.0
    for key in ("delivered", "volumes"):
        if x[key].shape != y[key].shape:
            raise SystemExit(f"results differ in shape for {key}: {x[key].shape} vs {y[key].shape}")
        rel = np.abs(x[key] - y[key]) / (1 + np.abs(y[key]))
        worst = max(worst, float(rel.max()))
        if worst > TOLERANCE:
            raise SystemExit(f"the engines disagree on {key}: worst relative difference {worst:.2e}")
    return worst


def compare_apart(arna: Path, pywr: Path, model: Path) -> float:
    """``agree`` in a process of its own: reading a results file must not grow this one, whose
    memory high-water mark a child inherits until it execs (``ru_maxrss`` would report ours)."""
    done = subprocess.run([sys.executable, __file__, "--agree", str(arna), str(pywr), str(model)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip() or done.stdout.strip())
    return float(done.stdout.strip().splitlines()[-1])


def agree_files(arna: Path, pywr: Path, model: Path) -> float:
    sinks = {d["name"] for d in json.loads(model.read_text())["nodes"] if d["type"].lower() == "output"}
    return agree(arna_arrays(arna, sinks), pywr_arrays(pywr, sinks))


def run_case(case: str, args: argparse.Namespace) -> list[dict[str, object]]:
    size, n, years = case.split(":")
    model = generate(size, int(n), float(years))
    spec = json.loads((model.parent / "spec.json").read_text())
    days = int(spec.get("n_days", round(float(years) * 365.25)))
    engines = ["pywr", "arna"] + (["arna2"] if case == args.workers_case else [])
    whole: dict[str, list[tuple[float, float, float]]] = {e: [] for e in engines}
    inner: dict[str, list[dict[str, float]]] = {"pywr": [], "arna": []}
    worst = 0.0
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    for r in range(args.rounds):
        for e in engines:  # interleaved
            out = results / f"{size}_{n}_{e}.{'npz' if e == 'pywr' else 'parquet'}"
            out.unlink(missing_ok=True)
            wall, peak, cpu, stdout = measure(command(e, model, out))
            whole[e].append((wall, peak, cpu))
            if e == "pywr":
                inner["pywr"].append(json.loads(stdout.strip().splitlines()[-1]))
            if r == 0 and e != "pywr":  # results compared before any time is reported
                worst = max(worst, compare_apart(out, results / f"{size}_{n}_pywr.npz", model))
        done = subprocess.run([sys.executable, str(HERE / "engine_child.py"), str(model)], check=True,
                              capture_output=True, text=True)
        inner["arna"].append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{case} round {r + 1}: " + ", ".join(f"{e} {whole[e][-1][0]:.2f}s" for e in engines),
              file=sys.stderr)
    rows = []
    pywr_wall = statistics.median(w for w, _, _ in whole["pywr"])
    pywr_cpu = statistics.median(c for _, _, c in whole["pywr"])
    pywr_loop = statistics.median(x["run"] for x in inner["pywr"])
    for e in engines:
        row: dict[str, object] = {
            "case": f"{size}:{n} × {days} d", "engine": LABELS[e], "worst": worst,
            "wall": statistics.median(w for w, _, _ in whole[e]), "peak": statistics.median(p for _, p, _ in whole[e]),
            "cpu": statistics.median(c for _, _, c in whole[e]), "steps": days * int(n),
        }
        row["ratio"] = pywr_wall / float(row["wall"])  # type: ignore[arg-type]
        row["cpu_ratio"] = pywr_cpu / float(row["cpu"])  # type: ignore[arg-type]
        if e in inner:
            med = {k: statistics.median(x[k] for x in inner[e]) for k in inner[e][0]}
            row["setup"], row["loop"] = med["setup"], med["loop" if e == "arna" else "run"]
            row["loop_ratio"] = pywr_loop / float(row["loop"])  # type: ignore[arg-type]
            row["share"] = med.get("highs_share")
            row["all_share"] = med.get("highs_all_share")
        rows.append(row)
    if args.workers_case == case:
        one, two = (statistics.median(w for w, _, _ in whole[e]) for e in ("arna", "arna2"))
        rows[-1]["speedup"] = one / two
    return rows


def machine() -> str:
    load = os.getloadavg()
    mem = psutil.virtual_memory().total / 2**30
    return (f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, "
            f"load average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min)")


def print_table(rows: list[dict[str, object]], args: argparse.Namespace, began: tuple[float, ...]) -> None:
    print(f"Machine: {machine()}; load average at the start {began[0]:.2f} / {began[1]:.2f} / {began[2]:.2f}. "
          f"{args.rounds} rounds, medians; daily steps.\n")
    print("| case (size:scenarios × days) | engine | whole process s | × Pywr | peak MB | CPU s | CPU × Pywr "
          "| setup s | loop s | loop × Pywr | HiGHS solves / loop | HiGHS incl. updates / loop |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['engine']} | {_f(r, 'wall', '.2f')} | {_f(r, 'ratio', '.2f')} | "
              f"{_f(r, 'peak', '.0f')} | {_f(r, 'cpu', '.2f')} | {_f(r, 'cpu_ratio', '.2f')} | "
              f"{_f(r, 'setup', '.2f')} | {_f(r, 'loop', '.2f')} | {_f(r, 'loop_ratio', '.2f')} | "
              f"{_f(r, 'share', '.0%')} | {_f(r, 'all_share', '.0%')} |")
    for r in rows:
        if "speedup" in r:
            print(f"\n`--workers 2` on {r['case']}: {r['speedup']:.2f}× one worker, whole process.")
    worst = max(float(r["worst"]) for r in rows)  # type: ignore[arg-type]
    print(f"\nResults agree: total delivery per timestep and scenario and storage volumes within {TOLERANCE:g} "
          f"(worst relative difference {worst:.1e}).")


def _f(row: dict[str, object], key: str, fmt: str) -> str:
    v = row.get(key)
    return "–" if v is None else format(v, fmt)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cases", default=CASES)
    ap.add_argument("--workers-case", default="medium:100:3", help="case also run by Arna with --workers 2")
    ap.add_argument("--agree", nargs=3, metavar=("ARNA", "PYWR", "MODEL"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.agree:
        print(agree_files(*(Path(a) for a in args.agree)))
        return
    began = os.getloadavg()
    rows = [row for case in args.cases.split(",") for row in run_case(case, args)]
    print_table(rows, args, began)


if __name__ == "__main__":
    main()
