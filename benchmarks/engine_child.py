"""One timed run of one engine on one model, in its own process (for honest peak memory).

Usage: python engine_child.py (arna|arna2|pywr) MODEL.json OUT.npz
Prints a JSON line: setup and run seconds, peak RSS (MB), HiGHS share (Arna).
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np


def run_pywr(path: str) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    from pywr._core import AbstractStorage
    from pywr.model import Model
    from pywr.nodes import Output
    from pywr.recorders import NumpyArrayNodeRecorder, NumpyArrayStorageRecorder

    args = {"set_fixed_flows_once": True, "set_fixed_costs_once": True, "set_fixed_factors_once": True,
            "use_unsafe_api": True}
    t0 = time.perf_counter()
    m = Model.load(path, solver="glpk-edge", solver_args=args)
    outs = [NumpyArrayNodeRecorder(m, n) for n in m.nodes if isinstance(n, Output)]
    stores = {n.name: NumpyArrayStorageRecorder(m, n) for n in m.nodes
              if isinstance(n, AbstractStorage) and "storage" in type(n).__name__.lower()}
    t1 = time.perf_counter()
    m.run()
    t2 = time.perf_counter()
    delivered = sum(np.asarray(r.data) for r in outs)
    volumes = np.stack([np.asarray(stores[k].data) for k in sorted(stores)], axis=1)
    return {"setup": t1 - t0, "run": t2 - t1}, {"delivered": delivered, "volumes": volumes}


def run_arna(path: str, workers: int) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    from arna.network.native import compile_document
    from arna.pywr.translate import translate_file
    from arna.scenarios import LocalRunner, ProcessRunner, run_network

    t0 = time.perf_counter()
    tr = translate_file(path)
    net = compile_document(tr.document, tr.source, tr.data)
    t1 = time.perf_counter()
    runner = ProcessRunner(workers) if workers > 1 else LocalRunner()
    res = run_network(net, runner=runner)
    t2 = time.perf_counter()
    sinks = [n.name for n in tr.document.nodes if n.type == "sink"]
    delivered = sum(res.get(n, "flow") for n in sinks)
    stores = sorted(n.name for n in tr.document.nodes if n.type == "storage")
    volumes = np.stack([res.get(n, "volume") for n in stores], axis=1)
    share = res.timings.get("solve", 0.0) / max(res.timings.get("run", 1e-9), 1e-9)
    return {"setup": t1 - t0, "run": t2 - t1, "highs_share": share}, {"delivered": delivered, "volumes": volumes}


def main() -> None:
    engine, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
    if engine == "pywr":
        timings, arrays = run_pywr(path)
    else:
        timings, arrays = run_arna(path, 2 if engine == "arna2" else 1)
    np.savez(out, **arrays)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    timings["peak_mb"] = own + kids if engine == "arna2" else own
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
