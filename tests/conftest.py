"""Shared helpers: build small model documents in code and run them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from arna.api import run
from arna.engine import Results
from arna.schema.units import HM3_PER_DAY_TO_M3S
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures: a real PostgreSQL server, a fresh schema)


def model(nodes: list[dict[str, Any]], edges: list[list[str]], *, days: int = 3,
          start: str = "2021-01-01", step: str = "day", **extra: Any) -> dict[str, Any]:
    """A model mapping with a daily time axis of ``days`` steps."""
    import pandas as pd

    end = (pd.Timestamp(start) + pd.Timedelta(days=days - 1)).date().isoformat() if step == "day" else extra.pop("end")
    return {"name": "test", "timestepper": {"start": start, "end": end, "step": step},
            "nodes": nodes, "edges": edges, **extra}


def write(tmp: Path, doc: dict[str, Any], name: str = "model.yaml") -> Path:
    p = tmp / name
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def hm3d(res: Results, node: str, attr: str) -> np.ndarray:
    """A flow series in hm³/day (results report m³/s), shape (T, S)."""
    return res.get(node, attr) / HM3_PER_DAY_TO_M3S


@pytest.fixture
def run_doc(tmp_path: Path):  # type: ignore[no-untyped-def]
    def _run(doc: dict[str, Any]) -> Results:
        return run(write(tmp_path, doc))
    return _run
