"""Writing an imported gauge table as a series file with its provenance.

The series is a table ``date, <column>`` (CSV or Parquet) that a ``series`` parameter reads
(``{type: series, file: …, column: …, unit: …}``); each row holds from its date (the first day
of its month, dekad or day) until the next. Gaps are written as empty values: a run that needs
them stops and names the date, a run outside them is not affected. The provenance — source file
and sheet, station, shape, units, period, QA findings, import time and the input's SHA-256 — is
written to ``<file>.provenance.json`` beside it, and into the Parquet file's metadata. Both files
are written to temporary names first, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from arna import __version__
from arna.data_import.qa import Finding, check
from arna.data_import.tables import parse_table, read_sheet
from arna.errors import DataFileError, UnitError
from arna.schema.units import FLOW_UNITS, Dimension, factors

UNIT_ALIASES = {
    "m³/s": "m3/s", "м3/с": "m3/s", "м³/с": "m3/s", "м3/сек": "m3/s", "m3/sec": "m3/s",
    "л/с": "l/s", "млн м3/сут": "hm3/day", "млн м3/мес": "hm3/month", "млн м3/дек": "hm3/dekad",
    "млн м3/год": "hm3/year", "км3/год": "km3/year", "mm3/month": "hm3/month",
}


@dataclass
class Imported:
    """An imported table: its series (in ``unit``), the findings and the provenance record."""

    series: pd.Series
    findings: list[Finding]
    provenance: dict[str, Any]


def flow_unit(unit: str, what: str) -> str:
    """The Arna flow unit for a declared unit (aliases such as ``м3/с`` accepted); refuses others."""
    name = UNIT_ALIASES.get(unit.strip(), unit.strip())
    if name not in FLOW_UNITS:
        raise UnitError(f"{what}: unknown unit '{unit}'; a gauge series takes one of "
                        f"{', '.join(sorted(FLOW_UNITS))} (or м3/с, л/с, млн м3/мес, км3/год)")
    return name


def convert(series: pd.Series, unit: str, to_unit: str) -> pd.Series:
    """``series`` (rows dated at the start of their period) from ``unit`` to ``to_unit``."""
    if unit == to_unit:
        return series
    dates = pd.DatetimeIndex(series.index)
    f = factors(unit, Dimension.FLOW, dates) / factors(to_unit, Dimension.FLOW, dates)
    return series * f


def import_table(path: Path, *, unit: str, to_unit: str = "m3/s", sheet: str | None = None,
                 column: str | None = None, station: str | None = None,
                 z_threshold: float = 3.5) -> Imported:
    """Read, check and convert a gauge table (nothing is written)."""
    declared = flow_unit(unit, f"{path} (--unit)")
    target = flow_unit(to_unit, f"{path} (--to-unit)")
    raw = read_sheet(path, sheet)
    table = parse_table(raw, column)
    if not table.observations:
        raise DataFileError(f"{raw.where(1)}: the table has a header but no rows of values")
    series, findings = check(table, z_threshold)
    series = convert(series, declared, target)
    values = series.dropna()
    prov = {
        "source": str(path.resolve()), "sheet": raw.name, "sha256": _sha256(path), "station": station,
        "shape": table.shape, "resolution": table.resolution, "unit_declared": unit, "unit": target,
        "period": [_d(series.index[0]), _d(series.index[-1])], "rows": len(series),
        "missing": int(series.isna().sum()),
        "findings": [f.to_dict() for f in findings],
        "counts": {k: sum(f.kind == k for f in findings) for k in ("gap", "duplicate", "negative", "outlier",
                                                                      "annual")},
        "range": [float(values.min()), float(values.max())] if len(values) else None,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "arna_version": __version__,
    }
    return Imported(series, findings, prov)


def _d(t: object) -> str:
    return pd.Timestamp(t).date().isoformat()  # type: ignore[arg-type]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def provenance_path(out: Path) -> Path:
    return out.with_name(out.name + ".provenance.json")


def write_series(imported: Imported, out: Path, column: str = "value") -> tuple[Path, Path]:
    """Write the series and its provenance atomically; returns both paths."""
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".parquet"}:
        raise DataFileError(f"{out}: write the series as .csv or .parquet (what a `series` parameter reads)")
    frame = pd.DataFrame({"date": pd.DatetimeIndex(imported.series.index),
                          column: imported.series.to_numpy(dtype=float)})
    prov = {**imported.provenance, "file": str(out.resolve()), "column": column}
    text = json.dumps(prov, ensure_ascii=False, indent=2)
    out.parent.mkdir(parents=True, exist_ok=True)
    side = provenance_path(out)
    tmp_data = _tmp(out)
    tmp_side = _tmp(side)
    try:
        if suffix == ".parquet":
            _parquet(frame, tmp_data, text)
        else:
            frame.to_csv(tmp_data, index=False, date_format="%Y-%m-%d", na_rep="")
        Path(tmp_side).write_text(text + "\n", encoding="utf-8")
        os.replace(tmp_data, out)
        os.replace(tmp_side, side)
    finally:
        for t in (tmp_data, tmp_side):
            Path(t).unlink(missing_ok=True)
    return out, side


def _tmp(p: Path) -> str:
    fd, name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    os.close(fd)
    return name


def _parquet(frame: pd.DataFrame, path: str, provenance: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}), b"arna.provenance": provenance.encode("utf-8")}
    pq.write_table(table.replace_schema_metadata(meta), path)


def read_provenance(path: Path) -> dict[str, Any]:
    """The provenance of an imported series (from its sidecar)."""
    data: dict[str, Any] = json.loads(provenance_path(path).read_text(encoding="utf-8"))
    return data

