"""Pywr 1.31.1 as a user runs it: load a document, record every node, run, save the records.

Usage: python pywr_run.py MODEL.json OUT.npz

Records what Arna's ``arna run --format pywr`` writes by default: the flow of every node of the
document (``NumpyArrayNodeRecorder``) and the volume of every storage (``NumpyArrayStorageRecorder``),
saved to a compressed NumPy file (one ``(timesteps, scenarios)`` array per node). Pywr runs with its
fastest settings: ``glpk-edge`` with the fixed-flows/costs/factors flags and the unsafe API.
Prints a JSON line: in-process seconds of loading (``setup``), the time loop (``run``) and saving.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np
from pywr._core import AbstractStorage
from pywr.model import Model
from pywr.recorders import NumpyArrayNodeRecorder, NumpyArrayStorageRecorder

FAST = {"set_fixed_flows_once": True, "set_fixed_costs_once": True, "set_fixed_factors_once": True,
        "use_unsafe_api": True}


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as fh:
        names = [n["name"] for n in json.load(fh)["nodes"]]
    model = Model.load(path, solver="glpk-edge", solver_args=FAST)
    recorders = {}
    for name in names:
        node = model.nodes[name]
        if isinstance(node, AbstractStorage):
            recorders[f"volume/{name}"] = NumpyArrayStorageRecorder(model, node)
        else:
            recorders[f"flow/{name}"] = NumpyArrayNodeRecorder(model, node)
    t1 = time.perf_counter()
    model.run()
    t2 = time.perf_counter()
    np.savez_compressed(out, **{key: np.asarray(r.data) for key, r in recorders.items()})
    print(json.dumps({"setup": t1 - t0, "run": t2 - t1, "save": time.perf_counter() - t2}))


if __name__ == "__main__":
    main()
