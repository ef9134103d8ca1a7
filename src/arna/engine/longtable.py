"""The long results table ``time, scenario, node, attribute, value[, unit]``, built from a run's arrays.

Text columns are Arrow dictionary arrays (each string stored once, every row an int32 code) and the
values are a view of the ``(T, n_series, S)`` array, so a table of millions of rows is written without
one Python object per row. Tables are cut into slices of whole timesteps (one Parquet row group or CSV
batch each), so writing needs the memory of one slice beyond the results themselves.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from arna.errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

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
        self._step_codes: dict[int, np.ndarray] = {}  # these two: for the last slice length only
        self._text_columns: dict[int, dict[str, pa.Array]] = {}

    def values(self, t0: int, t1: int) -> np.ndarray:
        block = self.res.values[t0:t1]
        if not self.contiguous:
            block = block[:, self.spec.series, :]
        return np.ascontiguousarray(block).reshape(-1)

    def table(self, t0: int, t1: int) -> pa.Table:
        import pyarrow as pa

        k = t1 - t0
        cols: dict[str, pa.Array] = {"time": _dictionary(self._steps(k) + np.int32(t0), self.times),
                                     **self._text(k), "value": pa.array(self.values(t0, t1), type=pa.float64())}
        return pa.table({name: cols[name] for name in self.names})

    @property
    def names(self) -> list[str]:
        return ["time", "scenario", "node", "attribute", "value", *(["unit"] if self.spec.unit else [])]

    def _steps(self, k: int) -> np.ndarray:
        """The timestep (from 0) of each row of a slice of ``k`` timesteps."""
        if k not in self._step_codes:
            self._step_codes = {k: np.repeat(np.arange(k, dtype=np.int32), self.n_r * self.n_s)}
        return self._step_codes[k]

    def _text(self, k: int) -> dict[str, pa.Array]:
        """The scenario, node, attribute (and unit) columns of a slice of ``k`` timesteps: the same for
        every slice of that length, so built once."""
        if k not in self._text_columns:
            pairs = [("scenario", self.scen, self.scen_names), ("node", self.node, self.node_names),
                     ("attribute", self.attr, self.attr_names)]
            if self.spec.unit:
                pairs.append(("unit", self.unit, self.unit_names))
            self._text_columns = {k: {name: _dictionary(np.tile(codes, k), names) for name, codes, names in pairs}}
        return self._text_columns[k]


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
    with ResultsFile(path, (lambda _: spec) if spec is not None else None) as out:
        out.start(res)
        out.advance(len(res.timesteps))
    return out.path


class ResultsFile:
    """A run's long table written as the run goes: each slice of whole timesteps as soon as every
    scenario has done them, by a writer thread (Arrow's encoders and HiGHS's solves both release the
    GIL), into a temporary file renamed onto ``path`` when the run has ended well.

    Use as a context manager around the run: :meth:`start` with the run's :class:`Results` (its
    ``values`` array is filled as the run goes), :meth:`advance` with the number of timesteps done
    by all scenarios; leaving the block waits for the last slice and renames the file, or, on an
    error, stops the writer and removes the temporary file, so no partial file is ever left at ``path``.
    ``spec`` gives the table's :class:`TableSpec` for the results (default: :func:`default_spec`).
    """

    def __init__(self, path: str | Path, spec: Callable[[Results], TableSpec | None] | None = None,
                 rows: int = ROWS_PER_SLICE) -> None:
        self.path = Path(path)
        self.suffix = check_suffix(self.path)
        self.spec, self.rows = spec, rows
        self._done = 0
        self.written = 0
        """Timesteps written to the file so far."""
        self._next = 0  # the end of the next slice to write: advance() wakes the writer only when it is reached
        self._ends: list[int] = []
        self._error: BaseException | None = None
        self._stop = False
        self._closing = False
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._atomic = atomic_path(self.path)
        self._tmp: Path | None = None

    def __enter__(self) -> ResultsFile:
        self._tmp = self._atomic.__enter__()
        return self

    def start(self, res: Results) -> None:
        """Begin writing ``res`` (whose values are filled as the run goes) in a writer thread."""
        spec = (self.spec(res) if self.spec is not None else None) or default_spec(res)
        if self.suffix == ".csv" and not spec.date_text:
            spec = TableSpec(spec.series, spec.scenario_labels, spec.unit, date_text=True)
        cols = _Columns(res, spec)
        n_t = len(res.timesteps)
        step = max(1, self.rows // max(1, cols.n_r * cols.n_s))
        self._ends = [min(n_t, t0 + step) for t0 in range(0, n_t, step)]
        self._next = self._ends[0] if self._ends else 0
        self._thread = threading.Thread(target=self._write, args=(cols,), name="arna-results-writer", daemon=True)
        self._thread.start()

    def advance(self, done: int) -> None:
        """Every scenario has done ``done`` timesteps: their slices can be written."""
        if done < self._next:
            return
        with self._cond:
            self._done = max(self._done, done)
            self._cond.notify()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        with self._cond:
            self._stop = kind is not None
            self._closing = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join()
        if kind is None and self._error is not None:
            self._atomic.__exit__(type(self._error), self._error, None)
            raise self._error
        if kind is None and self._thread is None:
            raise RuntimeError(f"{self.path}: no results were given to write (ResultsFile.start was not called)")
        self._atomic.__exit__(kind, exc, tb)

    def _write(self, cols: _Columns) -> None:
        import pyarrow as pa

        # the system allocator gives each written slice back to the OS (Arrow's default pool keeps it),
        # so writing costs the memory of one slice
        pa.set_memory_pool(pa.system_memory_pool())
        assert self._tmp is not None
        sink = _ParquetSink(self._tmp) if self.suffix == ".parquet" else _CsvSink(
            self._tmp, "none" if cols.plain_text else "needed")
        try:
            t0 = 0
            for k, t1 in enumerate(self._ends):
                with self._cond:
                    while self._done < t1 and not (self._stop or self._closing):
                        self._cond.wait()
                    if self._stop:
                        return
                    if self._done < t1:
                        raise RuntimeError(f"{self.path}: the run ended after {self._done} of "
                                           f"{len(cols.res.timesteps)} timesteps were reported done")
                    self._next = self._ends[k + 1] if k + 1 < len(self._ends) else len(cols.res.timesteps) + 1
                sink.write(cols.table(t0, t1))
                t0 = self.written = t1
        except BaseException as exc:  # reported by __exit__ in the thread that runs the model
            self._error = exc
        finally:
            sink.close()


class _ParquetSink:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        import pyarrow.parquet as pq

        if self.writer is None:  # dictionaries for the text only; statistics (min/max) for the values only
            text = [c for c in table.column_names if c != "value"]
            self.writer = pq.ParquetWriter(str(self.path), table.schema, compression="snappy", use_dictionary=text,
                                           write_statistics=["value"])
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class _CsvSink:
    """CSV through Arrow's writer; quotes only where a name needs them (a comma in a Pywr scenario label)."""

    def __init__(self, path: Path, quoting: str) -> None:
        self.fh = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.quoting = quoting
        self.writer: pcsv.CSVWriter | None = None

    def write(self, table: pa.Table) -> None:
        import pyarrow.csv as pcsv

        if self.writer is None:
            self.fh.write((",".join(table.column_names) + "\n").encode())
            options = pcsv.WriteOptions(include_header=False, quoting_style=self.quoting)
            self.writer = pcsv.CSVWriter(self.fh, table.schema, write_options=options)
        self.writer.write_table(table)

    def close(self) -> None:
        try:
            if self.writer is not None:
                self.writer.close()
        finally:
            self.fh.close()


class atomic_path:
    """A temporary file beside ``path``, renamed onto it on success with the umask's permissions."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write there ({exc.strerror or exc}); choose a folder you can "
                             "write to") from None
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
