"""Reading JSON and YAML documents into mappings, with errors that name the file and position.

Used by every kind of document (models, scenario sets, catalogues, plans, schemes); it depends on
nothing but :mod:`arna.errors`, so any module may use it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from arna.errors import DocumentError

__all__ = ["parse_mapping", "read_mapping"]


def read_mapping(path: Path) -> dict[str, Any]:
    """Parse a JSON or YAML file into a mapping; malformed text is a :class:`DocumentError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(path, [("", "file not found; check the path")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(path, [("", f"cannot read the file: {exc}")]) from None
    return parse_mapping(text, path)


def parse_mapping(text: str, source: str | Path) -> dict[str, Any]:
    """Parse JSON (if the source ends in .json) or YAML text."""
    is_json = str(source).lower().endswith(".json")
    try:
        data = json.loads(text) if is_json else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            source, [("", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DocumentError(source, [("", f"malformed YAML{where}: {problem}")]) from None
    if not isinstance(data, dict):
        raise DocumentError(source, [("", "the document must be a mapping (an object) at the top level")])
    return data
