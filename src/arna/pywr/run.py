"""Running a Pywr document and writing results in Pywr's long format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from arna.engine import Results
from arna.engine.simulate import Progress
from arna.network.native import compile_document
from arna.pywr.translate import Translation, translate_file
from arna.scenarios.runners import Runner, run_network

PYWR_COLUMNS = ["time", "scenario", "node", "attribute", "value"]


def run_pywr(
    path: str | Path, progress: Progress | None = None, runner: Runner | None = None
) -> tuple[Results, Translation]:
    """Translate and run a Pywr v1 document (in this process, or with ``runner``)."""
    tr = translate_file(path)
    net = compile_document(tr.document, tr.source, tr.data)
    return run_network(net, runner=runner, progress=progress), tr


def pywr_frame(res: Results, tr: Translation) -> pd.DataFrame:
    """``time, scenario, node, attribute, value``: a flow for every non-storage node, a volume for every storage."""
    storage_like = {n.name for n in tr.document.nodes if n.type in {"storage", "licence", "storage_group"}}
    frame = res.to_frame()
    wanted = {(n.name, "volume" if n.name in storage_like else "flow") for n in tr.document.nodes}
    keep = [(node, attr) in wanted for node, attr in zip(frame["node"], frame["attribute"], strict=True)]
    out = frame.loc[keep, ["time", "scenario", "node", "attribute", "value"]].copy()
    out["scenario"] = out["scenario"].map(tr.labels)
    out["time"] = pd.to_datetime(out["time"]).dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)
