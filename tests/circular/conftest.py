"""Shared fixtures: the bundled dataset, the baseline run and a writable copy of the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arna.circular import Dataset, WasteRun, load_dataset, run_scenario
from arna.circular.dataset import bundled_dir


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def baseline(dataset: Dataset) -> WasteRun:
    return run_scenario("baseline", dataset)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled dataset folder; returns the folder."""
    dest = tmp_path / "waste"
    shutil.copytree(bundled_dir(), dest)
    return dest
