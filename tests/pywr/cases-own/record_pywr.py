"""Record what Pywr 1.31.1 computes for each model in ``models/`` (run in the bench venv only).

Same long format as ../shared/pywr-cases (see its README): ``time,scenario,node,
attribute,value`` with a ``flow`` for every declared non-storage node and a
``volume`` (at the end of the step) for every storage, virtual storages included;
values at 9 significant digits. Also writes MANIFEST.tsv (name, timesteps,
scenario combinations, node types).

Usage (from the worktree):
  .venv-bench/bin/python tests/pywr/cases-own/record_pywr.py [name ...]
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

warnings.simplefilter("ignore")

from pywr._core import AbstractNode, AbstractStorage  # noqa: E402
from pywr.model import Model  # noqa: E402
from pywr.recorders import NumpyArrayNodeRecorder, NumpyArrayStorageRecorder  # noqa: E402

HERE = Path(__file__).parent


def record(path: Path) -> tuple[pd.DataFrame, int, int, str]:
    data = json.loads(path.read_text())
    declared = [n["name"] for n in data["nodes"]]
    m = Model.load(str(path), solver="glpk")
    recs = {}
    for name in declared:
        node = m.nodes[name]
        if isinstance(node, AbstractStorage):
            recs[(name, "volume")] = NumpyArrayStorageRecorder(m, node, proportional=False)
        elif isinstance(node, AbstractNode):
            recs[(name, "flow")] = NumpyArrayNodeRecorder(m, node)
    m.run()
    idx = m.timestepper.datetime_index
    combs = m.scenarios.combinations
    labels = [",".join(str(i) for i in c.indices) if m.scenarios.scenarios else "0" for c in combs]
    times = [str(t)[:10] for t in idx]
    frames = [pd.DataFrame({"time": times, "scenario": labels[s], "node": n, "attribute": a,
                            "value": np.asarray(r.data)[:, s].astype(float)})
              for (n, a), r in recs.items() for s in range(np.asarray(r.data).shape[1])]
    types = ",".join(sorted({str(n["type"]).lower() for n in data["nodes"]}))
    return pd.concat(frames, ignore_index=True), len(idx), len(combs), types


def main(names: list[str]) -> None:
    out = HERE / "expected"
    out.mkdir(exist_ok=True)
    files = [HERE / "models" / f"{n}.json" for n in names] or sorted((HERE / "models").glob("*.json"))
    rows = []
    for path in files:
        frame, nt, nc, types = record(path)
        frame.to_csv(out / f"{path.stem}.expected.csv", index=False, float_format="%.9g")
        rows.append((path.stem, nt, nc, types, "yes"))
        print(path.stem, nt, nc)
    manifest = HERE / "MANIFEST.tsv"
    old = pd.read_csv(manifest, sep="\t") if manifest.exists() else None
    new = pd.DataFrame(rows, columns=["name", "timesteps", "scenario_combinations", "node_types",
                                      "unique_optimum"])
    if old is not None:
        new = pd.concat([old[~old["name"].isin(new["name"])], new])
    new.sort_values("name").to_csv(manifest, sep="\t", index=False)


if __name__ == "__main__":
    main(sys.argv[1:])
