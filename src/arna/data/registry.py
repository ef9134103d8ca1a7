"""The bundled models: list them and resolve a name to its document.

Each bundled model is a folder ``arna/data/models/<name>/`` holding ``model.yaml``
and ``SOURCES.md``. Commands that take a model document also accept a bundled
model's name: :func:`resolve_model` turns ``syr-darya`` into its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arna.data import models_dir
from arna.documents import read_mapping
from arna.errors import InputError

MODEL_FILE = "model.yaml"


@dataclass(frozen=True)
class BundledModel:
    """A model shipped with Arna."""

    name: str
    path: Path
    description: str
    scenarios: tuple[str, ...]

    @property
    def sources(self) -> Path:
        return self.path.parent / "SOURCES.md"

    @property
    def summary(self) -> str:
        """The description up to its first colon (the whole of it if it has none)."""
        return self.description.split(":", 1)[0].strip()


def _describe(path: Path) -> BundledModel:
    data = read_mapping(path)
    raw: Any = data.get("scenarios") or [{"name": "baseline"}]
    scenarios = tuple(str(s["name"]) if isinstance(s, dict) else str(s) for s in raw)
    description = " ".join(str(data.get("description") or "").split())
    return BundledModel(path.parent.name, path, description, scenarios)


def bundled_models() -> list[BundledModel]:
    """Every bundled model, sorted by name."""
    root = models_dir()
    return [_describe(d / MODEL_FILE) for d in sorted(root.iterdir()) if (d / MODEL_FILE).is_file()]


def bundled_names() -> list[str]:
    """Names of the bundled models."""
    root = models_dir()
    return sorted(d.name for d in root.iterdir() if (d / MODEL_FILE).is_file())


def bundled_model_path(name: str) -> Path:
    """Path of the bundled model ``name``; an :class:`InputError` listing the names if there is none."""
    path = models_dir() / name / MODEL_FILE
    if name and "/" not in name and "\\" not in name and path.is_file():
        return path
    raise InputError(f"no bundled model named '{name}'; bundled models: {', '.join(bundled_names())}")


def resolve_model(model: str | Path) -> Path:
    """An existing file as it is, otherwise the bundled model of that name.

    An argument that is neither is an :class:`InputError` naming the bundled models.
    """
    path = Path(model)
    if path.is_file():
        return path
    name = str(model)
    if (models_dir() / name / MODEL_FILE).is_file() and "/" not in name:
        return models_dir() / name / MODEL_FILE
    raise InputError(
        f"'{model}' is neither a model file nor a bundled model; "
        f"bundled models: {', '.join(bundled_names())} (see `arna models`)"
    )
