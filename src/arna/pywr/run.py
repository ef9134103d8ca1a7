"""Running a Pywr document and writing results in Pywr's long format.

Pywr's long format is ``time, scenario, node, attribute, value``: a flow for every non-storage node and a
volume for every storage (virtual storages included), times as ``YYYY-MM-DD`` and scenarios labelled by
their combination of member indices. By default only those series are recorded (what Pywr's node and
storage recorders keep); ``record`` patterns choose others (see :func:`arna.engine.longtable.matches`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from arna.engine.longtable import ResultsFile, TableSpec, keep_recorders, long_table, matches
from arna.errors import InputError
from arna.network.native import compile_document
from arna.pywr.translate import Translation, translate_file

if TYPE_CHECKING:
    import pandas as pd

    from arna.engine import Results
    from arna.engine.simulate import Progress
    from arna.network.ir import LinearNetwork
    from arna.scenarios.runners import Runner

__all__ = ["PYWR_COLUMNS", "keep_recorders", "prepare_pywr", "pywr_frame", "pywr_spec", "pywr_wanted", "run_prepared",
           "run_pywr"]

PYWR_COLUMNS = ["time", "scenario", "node", "attribute", "value"]
STORAGE_TYPES = frozenset({"storage", "licence", "storage_group"})


def run_pywr(
    path: str | Path, progress: Progress | None = None, runner: Runner | None = None,
    record: Sequence[str] | None = None, output: str | Path | None = None,
) -> tuple[Results, Translation]:
    """Translate and run a Pywr v1 document (in this process, or with ``runner``).

    ``record``: ``NODE[/ATTRIBUTE]`` glob patterns of the series to keep; by default Pywr's own
    (each node's flow, each storage's volume). ``output``: a .parquet or .csv file for the results in
    Pywr's long format, written as the run goes (left untouched if the run fails).
    """
    net, tr = prepare_pywr(path, record)
    return run_prepared(net, tr, progress, runner, output), tr


def prepare_pywr(path: str | Path, record: Sequence[str] | None = None) -> tuple[LinearNetwork, Translation]:
    """Read, translate and compile a Pywr v1 document, keeping the series ``record`` chooses (see :func:`run_pywr`)."""
    tr = translate_file(path)
    net = compile_document(tr.document, tr.source, tr.data, tr.paths)
    keep_recorders(net, (lambda n, a: matches(n, a, record)) if record else pywr_wanted(tr))
    if record and not net.recorders and not net.derived:
        raise InputError(f"{tr.source}: --record {' '.join(record)} matches no series of this model; patterns are "
                         "NODE or NODE/ATTRIBUTE globs, e.g. '*/flow'")
    return net, tr


def run_prepared(
    net: LinearNetwork, tr: Translation, progress: Progress | None = None, runner: Runner | None = None,
    output: str | Path | None = None,
) -> Results:
    """Run what :func:`prepare_pywr` made, writing ``output`` (see :func:`run_pywr`) as the run goes."""
    from arna.scenarios.runners import run_network

    if output is None:
        return run_network(net, runner=runner, progress=progress)
    with ResultsFile(output, lambda res: pywr_spec(res, tr)) as sink:
        return run_network(net, runner=runner, progress=progress, sink=sink)


def pywr_wanted(tr: Translation) -> Callable[[str, str], bool]:
    """Pywr's own series: the flow of every non-storage node, the volume of every storage."""
    storage = {n.name for n in tr.document.nodes if n.type in STORAGE_TYPES}
    pairs = {(n.name, "volume" if n.name in storage else "flow") for n in tr.document.nodes}
    return lambda node, attribute: (node, attribute) in pairs


def pywr_spec(res: Results, tr: Translation) -> TableSpec:
    """Every recorded series, Pywr's scenario labels, times as text, no unit column."""
    return TableSpec(np.arange(len(res.series)), [tr.labels.get(s, s) for s in res.scenarios],
                     unit=False, date_text=True)


def pywr_frame(res: Results, tr: Translation) -> pd.DataFrame:
    """``time, scenario, node, attribute, value`` as a data frame (files: write :func:`pywr_spec`'s table)."""
    import pyarrow as pa

    table = long_table(res, pywr_spec(res, tr))
    text = pa.schema([pa.field(c, pa.string()) for c in ("time", "scenario", "node", "attribute")])
    frame = table.select(list(text.names)).cast(text).to_pandas()
    frame["value"] = table.column("value").to_numpy()
    return frame[PYWR_COLUMNS]
