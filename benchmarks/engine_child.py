"""Arna's own figures, in process: what the whole-process times of `bench.py` are made of.

Usage: python engine_child.py MODEL.json [WORKERS]
Prints a JSON line: ``setup`` (reading, translating and compiling the document), ``run`` (the run,
wall time), ``loop`` (the time loops of all chunks), ``solve`` (of which in HiGHS's solves),
``highs_share`` (solve / loop) and ``highs_all_share`` (HiGHS's solves and its bound and cost update
calls / loop).
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    path = sys.argv[1]
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    from arna.lifetime import long_lived
    from arna.pywr.run import prepare_pywr
    from arna.scenarios import LocalRunner, ProcessRunner, run_network

    t0 = time.perf_counter()
    with long_lived():  # as `arna run` does
        net, _ = prepare_pywr(path)
    t1 = time.perf_counter()
    res = run_network(net, runner=ProcessRunner(workers) if workers > 1 else LocalRunner())
    loop, solve = res.timings.get("loop", 0.0), res.timings.get("solve", 0.0)
    changes = res.timings.get("highs_changes", 0.0)
    print(json.dumps({"setup": t1 - t0, "run": res.timings["run"], "loop": loop, "solve": solve,
                      "highs_share": solve / max(loop, 1e-9), "highs_all_share": (solve + changes) / max(loop, 1e-9)}))


if __name__ == "__main__":
    main()
