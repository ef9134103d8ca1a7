"""Fixtures for the Pywr compatibility tests: the shared case folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _find_cases() -> Path:
    """``$ARNA_PYWR_CASES``, else ``shared/pywr-cases`` beside the checkout or any folder above it.

    (A git worktree lives deeper than the main checkout, so the folder is looked for upwards.)
    """
    if os.environ.get("ARNA_PYWR_CASES"):
        return Path(os.environ["ARNA_PYWR_CASES"])
    root = Path(__file__).resolve().parents[2]
    for folder in root.parents:
        if (folder / "shared" / "pywr-cases" / "models").is_dir():
            return folder / "shared" / "pywr-cases"
    return root.parent / "shared" / "pywr-cases"


CASES = _find_cases()


@pytest.fixture(scope="session")
def cases_dir() -> Path:
    """``../shared/pywr-cases`` next to the repository; skip when it is absent."""
    if not (CASES / "models").is_dir():
        pytest.skip(f"Pywr compatibility cases not found at {CASES}")
    return CASES
