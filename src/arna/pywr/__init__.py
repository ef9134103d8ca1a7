"""Reading Pywr v1 JSON model documents (reader only; no node semantics)."""

from arna.pywr.data import data_specs
from arna.pywr.reader import (
    PywrDocument,
    PywrScenario,
    check_routes,
    is_pywr_document,
    node_type,
    pywr_timesteps,
    read_pywr,
)

__all__ = [
    "PywrDocument",
    "PywrScenario",
    "check_routes",
    "data_specs",
    "is_pywr_document",
    "node_type",
    "pywr_timesteps",
    "read_pywr",
]
