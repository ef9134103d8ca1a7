"""docs/calibration.md is what `arna calibration` gives for the bundled models today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_calibration_doc_matches_the_models() -> None:
    spec = importlib.util.spec_from_file_location("calibration_tables", ROOT / "scripts" / "calibration_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "calibration.md").read_text(encoding="utf-8")
    assert module.tables() == committed, "docs/calibration.md is stale: run `python scripts/calibration_tables.py`"
