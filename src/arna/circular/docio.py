"""Reading YAML/CSV documents and turning validation failures into :class:`DocumentError`."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from arna.errors import DataFileError, DocumentError

M = TypeVar("M", bound=BaseModel)


def json_path(loc: Sequence[int | str], prefix: str = "") -> str:
    """Format a pydantic ``loc`` as ``a.b[3].c``.

    Parameters
    ----------
    loc:
        Location tuple from a pydantic error.
    prefix:
        Path to put in front (e.g. ``"levers"``).
    """
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def problems_of(exc: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    """Convert a pydantic error into ``(json_path, message)`` pairs."""
    return [(json_path(err["loc"], prefix), err["msg"]) for err in exc.errors()]


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; missing or unparsable files are user errors.

    Raises
    ------
    DataFileError
        The file does not exist or cannot be read.
    DocumentError
        The YAML is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DocumentError(path, [("", f"not valid YAML: {exc}")]) from exc


def validate_doc(model: type[M], data: Any, source: Path | str) -> M:
    """Validate ``data`` as ``model`` or raise :class:`DocumentError` naming each field."""
    if not isinstance(data, dict):
        raise DocumentError(source, [("", "expected a mapping at the top level")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(source, problems_of(exc)) from exc


def read_csv_rows(model: type[M], path: Path) -> list[M]:
    """Read a CSV file, validating every row as ``model``.

    Blank cells are treated as missing (the field's default applies). All row
    problems are collected and reported together as ``[row].field`` paths.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            raw = list(csv.DictReader(fh))
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if not raw:
        raise DataFileError(f"{path}: the table has no rows")
    rows: list[M] = []
    problems: list[tuple[str, str]] = []
    for i, rec in enumerate(raw):
        data = {k: v for k, v in rec.items() if k is not None and v not in ("", None)}
        if None in rec:
            problems.append((f"[{i}]", f"line {i + 2} has more cells than the header"))
            continue
        try:
            rows.append(model.model_validate(data))
        except ValidationError as exc:
            problems.extend(
                (json_path(e["loc"], f"[{i}]"), f"{e['msg']} (line {i + 2})") for e in exc.errors()
            )
    if problems:
        raise DocumentError(path, problems)
    return rows
