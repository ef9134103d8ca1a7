"""Bundled models and datasets, each with its sources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE_MODEL = "lower-syr-darya"


def models_dir() -> Path:
    return Path(str(resources.files("arna.data"))) / "models"


def example_model_path() -> Path:
    """Path of the bundled example model (the lower Syr Darya)."""
    return models_dir() / EXAMPLE_MODEL / "model.yaml"
