"""Models the service can run: uploaded versions (service database) and the bundled models."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arna.data.registry import bundled_model_path, bundled_models, bundled_names
from arna.documents import MAX_VALUES, parse_mapping
from arna.errors import DocumentError, InputError
from arna.schema import ModelDocument, load_model, model_from_mapping
from arna.service.database import ModelRow, ServiceDB
from arna.store import document_json

UPLOAD = "<upload>"

#: An uploaded model's name: letters (any script), digits, and ``_ . - + ( )`` or single spaces inside,
#: at most 100 characters, starting with a letter or digit; never ``..``.
NAME_RULE = re.compile(r"[^\W_][\w.+()-]*(?: [\w.+()-]+)*")
MAX_NAME = 100


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an uploaded model's name, or ``None`` if it can."""
    if not name:
        return "the model needs a name"
    if len(name) > MAX_NAME:
        return f"the name is {len(name)} characters long; give one of at most {MAX_NAME}"
    if ".." in name or not NAME_RULE.fullmatch(name):
        return (f"'{name}' cannot be a model's name: use letters, digits and _ . - + ( ) or single spaces, "
                "starting with a letter or digit (no '/', '..' or markup)")
    return None


@dataclass(frozen=True)
class Resolved:
    """A model chosen to run: its document, where its data files are relative to, its version."""

    doc: ModelDocument
    source: Path | None
    version: int | None


def parse_upload(body: bytes, content_type: str, max_values: int = MAX_VALUES) -> ModelDocument:
    """Validate an uploaded document (JSON if the content type says so, else YAML) of at most
    ``max_values`` values once YAML aliases are expanded, nested at most 100 levels, with a valid name.

    Raises :class:`DocumentError` with every problem and its JSON path.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(UPLOAD, [("", "the document is not UTF-8 text")]) from None
    if "\x00" in text:
        raise DocumentError(UPLOAD, [("", "the document holds a null character; upload the model as text")])
    is_json = "json" in content_type.lower()
    data = parse_mapping(text, UPLOAD + (".json" if is_json else ".yaml"), max_values=max_values)
    name = data.get("name")
    if isinstance(name, str) and (problem := name_problem(name)) is not None:
        raise DocumentError(UPLOAD, [("name", problem)])
    return model_from_mapping(data, UPLOAD)


def is_bundled(name: str) -> bool:
    return name in bundled_names()


def upload(db: ServiceDB, doc: ModelDocument, user: str) -> ModelRow:
    """Store ``doc`` as the next version of its model; a bundled model's name is refused."""
    if is_bundled(doc.name):
        raise InputError(f"'{doc.name}' is the name of a bundled model; give the uploaded model another name")
    return db.add_model(doc.name, document_json(doc), user)


def document_of(row: ModelRow) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(row.document)
    return data


def resolve(db: ServiceDB, name: str, version: int | None = None) -> Resolved | None:
    """An uploaded model (the given or latest version) or else a bundled one; ``None`` if neither."""
    row = db.model(name, version)
    if row is not None:
        return Resolved(model_from_mapping(document_of(row), f"{name} v{row.version}"), None, row.version)
    if version is None and is_bundled(name):
        path = bundled_model_path(name)
        return Resolved(load_model(path), path, None)
    return None


__all__ = ["Resolved", "bundled_models", "document_of", "is_bundled", "parse_upload", "resolve", "upload"]
