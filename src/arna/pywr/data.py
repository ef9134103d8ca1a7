"""Loading the data files that a Pywr v1 document references.

A *data spec* is a JSON object with a ``url`` (a file relative to the
document), a ``table`` (a name in the document's ``tables`` section) or inline
``data``, plus reading options. This module turns such a spec into a
:class:`pandas.DataFrame`; it knows nothing about what a parameter does with it.

Written from Pywr's documented JSON format and observed behaviour; no Pywr code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from arna.errors import DataFileError

#: pandas ``read_*`` keyword arguments passed through from a spec, per reader.
CSV_OPTIONS = frozenset({
    "index_col", "header", "sep", "delimiter", "skiprows", "usecols", "names", "na_values",
    "dtype", "nrows", "decimal", "thousands", "encoding", "skipfooter", "skipinitialspace",
    "true_values", "false_values", "keep_default_na", "compression",
})
EXCEL_OPTIONS = frozenset({
    "sheet_name", "index_col", "header", "skiprows", "usecols", "names", "na_values", "dtype",
    "nrows", "skipfooter", "true_values", "false_values", "keep_default_na", "decimal",
    "thousands",
})
HDF_OPTIONS = frozenset({"key", "start", "stop", "columns"})
#: Options handled here rather than by pandas.
OWN_OPTIONS = frozenset({"parse_dates", "dayfirst", "column", "squeeze", "checksum"})

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
HDF_SUFFIXES = (".h5", ".hdf", ".hdf5", ".he5")


def data_specs(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every data spec in a document's ``nodes``, ``parameters`` and ``tables``.

    Parameters
    ----------
    data:
        The merged Pywr document.

    Yields
    ------
    tuple of (str, dict)
        The JSON path of the spec and the spec. Recorders are skipped: their
        ``url`` names an output file.
    """
    for section in ("nodes", "parameters", "tables"):
        if section in data:
            yield from _walk(data[section], section)


def _walk(obj: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Depth-first search for dicts with a ``url`` or ``table`` key."""
    if isinstance(obj, dict):
        if "url" in obj or "table" in obj:
            yield path, obj
        for key, value in obj.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from _walk(value, f"{path}[{i}]")


def verify_checksum(file: Path, checksum: Any, where: str) -> None:
    """Check a file's raw bytes against ``{"md5": ..., "sha256": ...}``.

    Raises
    ------
    DataFileError
        If a hash does not match, names an unknown algorithm, or the spec is
        not a mapping.
    """
    if not isinstance(checksum, dict):
        raise DataFileError(f"{file}: 'checksum' at {where} must be an object such as "
                            f"{{\"md5\": \"...\"}}, got {checksum!r}")
    raw = file.read_bytes()
    for algorithm, expected in checksum.items():
        try:
            digest = hashlib.new(str(algorithm).lower(), raw).hexdigest()
        except ValueError:
            raise DataFileError(f"{file}: unknown checksum algorithm {algorithm!r} at {where}; "
                                "use md5 or sha256") from None
        if digest.lower() != str(expected).strip().lower():
            raise DataFileError(
                f"{file}: {algorithm} checksum mismatch at {where}: expected {expected}, "
                f"actual {digest}. The file has changed or the checksum is wrong."
            )


def resolve(base: Path, url: Any, where: str) -> Path:
    """The absolute path of ``url`` relative to the document folder ``base``."""
    if not isinstance(url, str) or not url:
        raise DataFileError(f"'url' at {where} must be a file name, got {url!r}")
    file = (base / url).resolve()
    if not file.is_file():
        raise DataFileError(f"{file}: data file not found (referenced as {url!r} at {where})")
    return file


class OpenFiles:
    """HDF5 files kept open between reads, each opened once however many of its keys are read (opening a
    file again for each key was a tenth of reading a key); :meth:`close` (or the ``with`` block's end)
    closes them."""

    def __init__(self) -> None:
        self._hdf: dict[Path, Any] = {}

    def hdf(self, file: Path) -> Any:
        """The open PyTables file of ``file`` (read-only)."""
        h5 = self._hdf.get(file)
        if h5 is None:
            import tables

            h5 = self._hdf[file] = tables.open_file(str(file), mode="r")
        return h5

    def close(self) -> None:
        files, self._hdf = self._hdf, {}
        for h5 in files.values():
            h5.close()

    def __enter__(self) -> OpenFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_file(file: Path, spec: dict[str, Any], where: str, files: OpenFiles | None = None) -> pd.DataFrame:
    """Read ``file`` with the spec's reading options (no column selection); ``files``: where an HDF5 file
    is kept open for the next read of it (by default it is opened and closed here).

    Raises
    ------
    DataFileError
        If the file cannot be read, naming the file, the JSON path and the cause.
    """
    try:
        if _is_tables_array(spec):
            frame = _read_tables_array(file, spec)
        elif file.name.lower().endswith(EXCEL_SUFFIXES):
            frame = pd.read_excel(file, **_options(spec, EXCEL_OPTIONS))
        elif file.name.lower().endswith(HDF_SUFFIXES):
            frame = _read_hdf(file, spec, files)
        else:
            frame = pd.read_csv(file, **_options(spec, CSV_OPTIONS))
        return parse_dates(frame, spec.get("parse_dates", False), bool(spec.get("dayfirst")))
    except DataFileError:
        raise
    except Exception as exc:  # pandas/PyTables raise many kinds
        raise DataFileError(f"{file}: cannot read data referenced at {where}: "
                            f"{type(exc).__name__}: {exc}") from exc


def inline_frame(spec: dict[str, Any], where: str) -> pd.DataFrame:
    """A frame from inline ``data`` ({column: {index: value}} or a list)."""
    raw = spec["data"]
    try:
        frame = pd.DataFrame(raw) if isinstance(raw, dict) else pd.DataFrame({0: raw})
        return parse_dates(frame, spec.get("parse_dates", False), bool(spec.get("dayfirst")))
    except Exception as exc:
        raise DataFileError(f"inline 'data' at {where} is not a table: {exc}") from exc


def _options(spec: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    """The spec's options that the pandas reader accepts."""
    return {k: v for k, v in spec.items() if k in allowed}


def _is_tables_array(spec: dict[str, Any]) -> bool:
    """Whether the spec names a PyTables array (``where`` and ``node``)."""
    return str(spec.get("type", "")).lower() == "tablesarray" or (
        "where" in spec and "node" in spec)


def _read_tables_array(file: Path, spec: dict[str, Any]) -> pd.DataFrame:
    """The PyTables array at ``where``/``node`` as a frame (one column if 1-D)."""
    import tables  # PyTables ships no type information; mypy ignores it (pyproject.toml)

    with tables.open_file(str(file), mode="r") as h5:
        array = np.asarray(h5.get_node(spec.get("where", "/"), spec.get("node")).read())
    if array.ndim == 1:
        array = array[:, np.newaxis]
    if array.ndim != 2:
        raise ValueError(f"array has {array.ndim} dimensions; expected 1 or 2")
    return pd.DataFrame(array)


def _read_hdf(file: Path, spec: dict[str, Any], files: OpenFiles | None = None) -> pd.DataFrame:
    """A pandas object stored in an HDF5 file (``key`` optional if there is one)."""
    options = _options(spec, HDF_OPTIONS)
    if set(options) == {"key"} and isinstance(options["key"], str):
        frame = _read_plain_frame(file, options["key"], files)
        if frame is not None:
            return frame
    obj = pd.read_hdf(file, mode="r", **options)
    return obj.to_frame() if isinstance(obj, pd.Series) else pd.DataFrame(obj)


def _read_plain_frame(file: Path, key: str, files: OpenFiles | None = None) -> pd.DataFrame | None:
    """A frame pandas stored in its 'fixed' HDF format with one block of floats, string or integer column
    names and a date index — the usual shape of a table of inflows — read straight from its arrays
    (pandas's reader takes ~4× as long, most of it for the index); ``None`` for any other layout, which
    :func:`pandas.read_hdf` then reads."""
    import tables

    if files is None:
        with OpenFiles() as own:
            return _read_plain_frame(file, key, own)
    h5 = files.hdf(file)
    where = "/" + key.strip("/")
    group = h5.get_node(where) if where != "/" and where in h5 else None
    if not isinstance(group, tables.Group) or not _plain_frame_layout(group):
        return None
    values = group.block0_values.read()
    names = _names(group.axis0.read(), str(group.axis0.attrs.kind))
    items = _names(group.block0_items.read(), str(group.block0_items.attrs.kind))
    kind = str(group.axis1.attrs.kind)
    unit = kind.removeprefix("datetime64[").removesuffix("]") if "[" in kind else "ns"
    index = pd.DatetimeIndex(group.axis1.read().view(f"datetime64[{unit}]"), name=None)
    if names != items or values.shape != (len(index), len(names)):
        return None
    return pd.DataFrame(values, index=index, columns=pd.Index(names), copy=False)  # values: read here, no one else's


def _plain_frame_layout(group: Any) -> bool:
    attrs = group._v_attrs
    names = set(group._v_children)
    if names != {"axis0", "axis1", "block0_items", "block0_values"}:
        return False
    if str(getattr(attrs, "pandas_type", "")) != "frame" or int(getattr(attrs, "nblocks", 0)) != 1:
        return False
    if any(str(getattr(attrs, f"{a}_variety", "")) != "regular" for a in ("axis0", "axis1", "block0_items")):
        return False
    kind = str(group.axis1.attrs.kind)
    return (kind in {"datetime64", "datetime64[ns]", "datetime64[us]", "datetime64[ms]", "datetime64[s]"}
            and getattr(group.axis1.attrs, "tz", None) is None and group.block0_values.dtype.kind == "f"
            and str(group.axis0.attrs.kind) in {"string", "integer"}
            and getattr(group.axis0.attrs, "name", None) is None and getattr(group.axis1.attrs, "name", None) is None
            and bool(getattr(group.block0_values.attrs, "transposed", False)))


def _names(raw: np.ndarray, kind: str) -> list[Any]:
    return [x.decode("utf-8") for x in raw] if kind == "string" else [int(x) for x in raw]


def parse_dates(frame: pd.DataFrame, which: Any, dayfirst: bool) -> pd.DataFrame:
    """Parse the index (``True``) or the named columns (a list) as dates.

    ISO dates are parsed strictly; anything else element by element, honouring
    ``dayfirst`` (as pandas did when Pywr was written).
    """
    if which is True:
        if not isinstance(frame.index, pd.DatetimeIndex | pd.MultiIndex):
            frame.index = pd.DatetimeIndex(_to_datetime(frame.index, dayfirst),
                                           name=frame.index.name)
    elif isinstance(which, list):
        for name in which:
            if name in frame.columns:
                frame[name] = _to_datetime(frame[name], dayfirst)
            elif name == frame.index.name or (isinstance(name, int) and name == 0):
                frame.index = pd.DatetimeIndex(_to_datetime(frame.index, dayfirst),
                                               name=frame.index.name)
    return frame


def _to_datetime(values: Any, dayfirst: bool) -> Any:
    """Dates from strings: strict ISO 8601 first, then element-wise."""
    try:
        return pd.to_datetime(values, format="ISO8601")
    except (ValueError, TypeError):
        return pd.to_datetime(values, format="mixed", dayfirst=dayfirst)


def select_column(frame: pd.DataFrame, column: Any, file: str, where: str) -> pd.DataFrame:
    """The named column(s) as a frame; a column name may also be its string form."""
    wanted = column if isinstance(column, list) else [column]
    names: list[Any] = []
    for col in wanted:
        match = [c for c in frame.columns if c == col or str(c) == str(col)]
        if not match:
            raise DataFileError(f"{file}: column {col!r} (at {where}) not found; "
                                f"columns are {[str(c) for c in frame.columns]}")
        names.append(match[0])
    return frame.loc[:, names]


def cache_key(file: Path | None, spec: dict[str, Any]) -> str:
    """A hashable key for a (file, reading options) pair."""
    options = {k: v for k, v in spec.items() if k in CSV_OPTIONS | EXCEL_OPTIONS | HDF_OPTIONS
               | OWN_OPTIONS | {"where", "node"}}
    options.pop("checksum", None)
    options["__tables__"] = _is_tables_array(spec)
    return json.dumps([str(file), options], sort_keys=True, default=str)
