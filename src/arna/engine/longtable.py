"""The long results table ``time, scenario, node, attribute, value[, unit]``, built from a run's arrays.

Text columns are Arrow dictionary arrays (each string stored once, every row an int32 code) and the
values are a view of the ``(T, n_series, S)`` array, so a table of millions of rows is written without
one Python object per row. Tables are cut into slices of whole timesteps (one Parquet row group or CSV
batch each), so writing needs the memory of one slice beyond the results themselves.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from arna.errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa

    from arna.engine.results import Results
    from arna.network.ir import LinearNetwork

ROWS_PER_SLICE = 1 << 18
SUFFIXES = (".parquet", ".csv")


@dataclass(frozen=True)
class TableSpec:
    """Which series and columns of a run go into the table, and how they are labelled."""

    series: np.ndarray  # indices into ``Results.series``, in table order
    scenario_labels: list[str]
    unit: bool = True  # a ``unit`` column (Arna's table); Pywr's long format has none
    date_text: bool = False  # times as text (``YYYY-MM-DD``) rather than timestamps


def default_spec(res: Results) -> TableSpec:
    """Every series, the run's own scenario names, with units."""
    return TableSpec(np.arange(len(res.series)), list(res.scenarios))


def time_text(timesteps: pd.DatetimeIndex) -> list[str]:
    """Timestep starts as ``YYYY-MM-DD`` (with the time of day only where a step starts at another hour)."""
    whole_days = bool((timesteps == timesteps.normalize()).all())
    return list(timesteps.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%d %H:%M:%S"))


def _dictionary(codes: np.ndarray, values: pa.Array) -> pa.DictionaryArray:
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()), values)


def _codes(names: list[str], per_row: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """int32 codes of ``names[per_row]`` and the distinct names (in order of first appearance)."""
    import pyarrow as pa

    codes, uniques = pd.factorize(pd.Index(names, dtype=object))
    return codes[per_row].astype(np.int32), pa.array([str(x) for x in uniques], type=pa.string())


class _Columns:
    """The per-timestep pattern of the text columns (series × scenario), repeated for each slice."""

    def __init__(self, res: Results, spec: TableSpec) -> None:
        import pyarrow as pa

        n_r, n_s = len(spec.series), len(spec.scenario_labels)
        self.res, self.spec, self.n_r, self.n_s = res, spec, n_r, n_s
        chosen = [res.series[int(i)] for i in spec.series]
        per_row = np.repeat(np.arange(n_r), n_s)  # series of each row of one timestep
        (self.node, self.node_names), (self.attr, self.attr_names), (self.unit, self.unit_names) = (
            _codes([s[k] for s in chosen], per_row) for k in range(3))
        self.scen = np.tile(np.arange(n_s, dtype=np.int32), n_r)
        self.scen_names = pa.array([str(x) for x in spec.scenario_labels], type=pa.string())
        if spec.date_text:
            self.times: pa.Array = pa.array(time_text(res.timesteps), type=pa.string())
        else:
            self.times = pa.array(res.timesteps.values.astype("datetime64[s]"), type=pa.timestamp("s"))
        texts = [*self.node_names.to_pylist(), *self.attr_names.to_pylist(), *self.unit_names.to_pylist(),
                 *spec.scenario_labels, *(time_text(res.timesteps)[:1] if spec.date_text else [])]
        self.plain_text = not any(ch in str(x) for x in texts for ch in ',"\r\n')  # CSV needs no quotes
        self.contiguous = n_r == len(res.series) and bool((spec.series == np.arange(n_r)).all())

    def values(self, t0: int, t1: int) -> np.ndarray:
        block = self.res.values[t0:t1]
        if not self.contiguous:
            block = block[:, self.spec.series, :]
        return np.ascontiguousarray(block).reshape(-1)

    def table(self, t0: int, t1: int) -> pa.Table:
        import pyarrow as pa

        k = t1 - t0
        cols: dict[str, pa.Array] = {
            "time": _dictionary(np.repeat(np.arange(t0, t1, dtype=np.int32), self.n_r * self.n_s), self.times),
            "scenario": _dictionary(np.tile(self.scen, k), self.scen_names),
            "node": _dictionary(np.tile(self.node, k), self.node_names),
            "attribute": _dictionary(np.tile(self.attr, k), self.attr_names),
            "value": pa.array(self.values(t0, t1), type=pa.float64()),
        }
        if self.spec.unit:
            cols["unit"] = _dictionary(np.tile(self.unit, k), self.unit_names)
        return pa.table(cols)


def table_slices(res: Results, spec: TableSpec, rows: int = ROWS_PER_SLICE) -> Iterator[pa.Table]:
    """The long table in slices of whole timesteps of about ``rows`` rows (at least one timestep each)."""
    cols = _Columns(res, spec)
    yield from _slices(cols, rows)


def _slices(cols: _Columns, rows: int) -> Iterator[pa.Table]:
    n_t = len(cols.res.timesteps)
    per_step = max(1, cols.n_r * cols.n_s)
    step = max(1, rows // per_step)
    for t0 in range(0, n_t, step):
        yield cols.table(t0, min(n_t, t0 + step))


def long_table(res: Results, spec: TableSpec | None = None) -> pa.Table:
    """The whole long table as one Arrow table (for readers in memory; files are written in slices)."""
    import pyarrow as pa

    spec = spec or default_spec(res)
    rows = len(res.timesteps) * len(spec.series) * len(spec.scenario_labels)
    parts = list(table_slices(res, spec, rows=max(1, rows)))
    return parts[0] if len(parts) == 1 else pa.concat_tables(parts)


def check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: results are written as .parquet or .csv; choose one of those suffixes")
    return suffix


def write_results(res: Results, path: str | Path, spec: TableSpec | None = None) -> Path:
    """Write the long table of ``res`` to .parquet or .csv, atomically, readable as the umask allows."""
    p = Path(path)
    suffix = check_suffix(p)
    spec = spec or default_spec(res)
    if suffix == ".csv" and not spec.date_text:
        spec = TableSpec(spec.series, spec.scenario_labels, spec.unit, date_text=True)
    import pyarrow as pa

    # the system allocator gives each written slice back to the OS (Arrow's default pool keeps it),
    # so writing costs the memory of one slice
    pa.set_memory_pool(pa.system_memory_pool())
    with atomic_path(p) as tmp:
        cols = _Columns(res, spec)
        if suffix == ".parquet":
            _write_parquet(_slices(cols, ROWS_PER_SLICE), tmp)
        else:  # quotes only where a name needs them (a comma in a Pywr scenario label, say)
            _write_csv(_slices(cols, ROWS_PER_SLICE), tmp, "none" if cols.plain_text else "needed")
    return p


def _write_parquet(slices: Iterator[pa.Table], path: Path) -> None:
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    try:
        for table in slices:
            if writer is None:  # dictionaries for the text only; statistics (min/max) for the values only
                text = [c for c in table.column_names if c != "value"]
                writer = pq.ParquetWriter(str(path), table.schema, compression="snappy", use_dictionary=text,
                                          write_statistics=["value"])
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def _write_csv(slices: Iterator[pa.Table], path: Path, quoting: str) -> None:
    import pyarrow.csv as pcsv

    options = pcsv.WriteOptions(include_header=False, quoting_style=quoting)
    with open(path, "wb") as fh:
        writer: pcsv.CSVWriter | None = None
        try:
            for table in slices:
                if writer is None:
                    fh.write((",".join(table.column_names) + "\n").encode())
                    writer = pcsv.CSVWriter(fh, table.schema, write_options=options)
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()


class atomic_path:
    """A temporary file beside ``path``, renamed onto it on success with the umask's permissions."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        return self.tmp

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self.tmp.unlink(missing_ok=True)
            return
        try:
            os.chmod(self.tmp, 0o666 & ~current_umask())
            os.replace(self.tmp, self.path)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise


def current_umask() -> int:
    """The process's umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def keep_recorders(net: LinearNetwork, keep: Callable[[str, str], bool]) -> None:
    """Drop the recorders (and post-run recorders) ``keep(node, attribute)`` refuses, before the run:
    what is not recorded is never computed."""
    net.recorders = [r for r in net.recorders if keep(r.node, r.attribute)]
    net.derived = [d for d in net.derived if keep(getattr(d, "node", ""), getattr(d, "attribute", ""))]


def select_series(series: Sequence[tuple[str, str, str]], patterns: Sequence[str]) -> np.ndarray:
    """Indices of the series matching any ``NODE[/ATTRIBUTE]`` glob pattern (see :func:`matches`)."""
    return np.array([i for i, (node, attr, _) in enumerate(series) if matches(node, attr, patterns)], dtype=np.intp)


def matches(node: str, attribute: str, patterns: Sequence[str]) -> bool:
    """Whether ``node``/``attribute`` matches one of ``patterns``.

    A pattern is a glob on the node's name, optionally followed by ``/`` and a glob on the attribute
    (``Toktogul``, ``Reservoir*/volume``, ``*/flow``); the last ``/`` separates them. A pattern that
    matches the whole node name (one with ``/`` in it included) matches every attribute of the node.
    Matching is case-sensitive.
    """
    from fnmatch import fnmatchcase

    for pat in patterns:
        node_pat, sep, attr_pat = pat.rpartition("/")
        if fnmatchcase(node, pat) or (sep and fnmatchcase(node, node_pat) and fnmatchcase(attribute, attr_pat)):
            return True
    return False
