"""Loading model documents from JSON or YAML, with errors that name the file and JSON path."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from arna.documents import read_mapping
from arna.errors import DocumentError, json_path
from arna.schema.document import ModelDocument, check_document
from arna.schema.nodes import NODE_CLASSES

_TAGS = frozenset(
    {"float", "str", "int", "bool", "constant", "monthly", "daily", "weekly", "dekadal", "series", "table",
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
    return [(path, msg) for path, msg in seen.items() if not _has_deeper(path, seen)]


def _has_deeper(path: str, paths: dict[str, str]) -> bool:
    """Whether another error lies inside ``path``: then the error at ``path`` is a union branch that did
    not fit ("Input should be a valid number" for a value written as a mapping), and the deeper one is
    the branch the user meant."""
    return any(other != path and (other.startswith(f"{path}.") or other.startswith(f"{path}[") or not path)
               for other in paths)


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
