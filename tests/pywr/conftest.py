"""Fixtures for the Pywr compatibility tests: the shared case folder."""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "pywr-cases"


@pytest.fixture(scope="session")
def cases_dir() -> Path:
    """``../shared/pywr-cases`` next to the repository; skip when it is absent."""
    if not (CASES / "models").is_dir():
        pytest.skip(f"Pywr compatibility cases not found at {CASES}")
    return CASES
