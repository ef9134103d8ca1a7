"""Atomic output files: write to a temporary file in the same folder, then ``os.replace``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from arna.errors import InputError

TABLE_SUFFIXES = (".csv", ".parquet")


def write_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp)`` then move ``tmp`` onto ``path``; nothing is left on failure.

    Raises
    ------
    InputError
        The folder does not exist or is not writable.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the output folder {folder} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write in {folder} ({exc.strerror or exc})") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        tmp.chmod(0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_table_path(path: Path) -> None:
    """Refuse output names whose format is unknown (before any work is done).

    Raises
    ------
    InputError
        The suffix is neither ``.csv`` nor ``.parquet``.
    """
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(f"{path}: unknown output format {path.suffix or '(none)'!r}; "
                         "use a .csv or .parquet file name")


def write_table(table: pd.DataFrame, path: Path) -> None:
    """Write the long table as CSV or Parquet (chosen by suffix), atomically."""
    check_table_path(path)
    if path.suffix.lower() == ".csv":
        write_atomic(path, lambda tmp: table.to_csv(tmp, index=False))
    else:
        write_atomic(path, lambda tmp: table.to_parquet(tmp, index=False))


def write_text(text: str, path: Path) -> None:
    """Write a UTF-8 text file atomically."""

    def _write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, _write)
