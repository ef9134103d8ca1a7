"""Run each bundled basin model once per test session."""

from __future__ import annotations

import pytest

from arna.api import run
from arna.data.registry import bundled_model_path
from arna.engine import Results
from arna.schema import ModelDocument, load_model

BASIN_MODELS = ("syr-darya", "ili-balkhash", "irtysh")

_cache: dict[str, tuple[ModelDocument, Results]] = {}


def run_bundled(name: str) -> tuple[ModelDocument, Results]:
    """The document and the results of all its scenarios (cached)."""
    if name not in _cache:
        path = bundled_model_path(name)
        _cache[name] = (load_model(path), run(path))
    return _cache[name]


@pytest.fixture(params=BASIN_MODELS)
def basin(request: pytest.FixtureRequest) -> str:
    return str(request.param)
