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
    from arna.network.native import compile_document
    from arna.pywr.run import keep_recorders, pywr_wanted
    from arna.pywr.translate import translate_file
    from arna.scenarios import LocalRunner, ProcessRunner, run_network

    t0 = time.perf_counter()
    tr = translate_file(path)
    net = compile_document(tr.document, tr.source, tr.data)
    keep_recorders(net, pywr_wanted(tr))
    t1 = time.perf_counter()
    res = run_network(net, runner=ProcessRunner(workers) if workers > 1 else LocalRunner())
    loop, solve = res.timings.get("loop", 0.0), res.timings.get("solve", 0.0)
    changes = res.timings.get("highs_changes", 0.0)
    print(json.dumps({"setup": t1 - t0, "run": res.timings["run"], "loop": loop, "solve": solve,
                      "highs_share": solve / max(loop, 1e-9), "highs_all_share": (solve + changes) / max(loop, 1e-9)}))


if __name__ == "__main__":
    main()
