"""Loading model documents from JSON or YAML, with errors that name the file and JSON path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import ValidationError

from arna.errors import DocumentError, json_path
from arna.schema.document import ModelDocument, check_document
from arna.schema.nodes import NODE_CLASSES


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


_TAGS = frozenset(
    {"float", "str", "int", "bool", "constant", "monthly", "daily", "weekly", "series", "table",
     "scenario", "ref", "members", "control_curve", "indexed", "aggregate", "threshold", "node_state",
     "flow_table", "discount", "drawdown", "hydropower_target", "scaled"}
    | {t for cls in NODE_CLASSES for t in get_args(cls.model_fields["type"].annotation)}
)


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop pydantic's union-member tags (e.g. 'reservoir', 'constant', 'float') from the path."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p in _TAGS or "[" in p)))


def validation_problems(exc: ValidationError, data: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """Pydantic errors as (json_path, message), one per location (first message wins)."""
    seen: dict[str, str] = {}
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]))
        path = json_path(loc)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key; check the spelling (see `arna schema` for the allowed keys)"
        elif err["type"] == "union_tag_invalid":
            msg = f"{msg} (the 'type' field selects the kind)"
        seen.setdefault(path, msg)
    return list(seen.items())


def load_model(path: str | Path) -> ModelDocument:
    """Load and fully validate a model document.

    Raises
    ------
    DocumentError
        With every problem found, each with its JSON path.
    """
    p = Path(path)
    return model_from_mapping(read_mapping(p), p)


def model_from_mapping(data: dict[str, Any], source: str | Path) -> ModelDocument:
    """Validate a parsed mapping as a model document."""
    try:
        doc = ModelDocument.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(source, validation_problems(exc, data)) from None
    problems = check_document(doc)
    if problems:
        raise DocumentError(source, problems)
    return doc
