"""The project's own Pywr cases (tests/pywr/cases-own): one model per licence option.

Expected results were recorded by running Pywr 1.31.1 in the bench venv
(``cases-own/record_pywr.py``); Arna must match every row at abs 1e-6 + rel 1e-6.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from arna.api import run
from arna.pywr.convert import convert
from arna.pywr.run import pywr_frame, run_pywr
from tests.pywr.test_cases import compare, expected

OWN = Path(__file__).parent / "cases-own"
NAMES = list(pd.read_csv(OWN / "MANIFEST.tsv", sep="\t")["name"])


@pytest.mark.parametrize("name", NAMES)
def test_own_case_reproduces_pywr(name: str) -> None:
    res, tr = run_pywr(OWN / "models" / f"{name}.json")
    assert res.balance_error <= 1e-9
    outputs = [n["name"] for n in tr.mapping["nodes"] if n["type"] == "sink"]
    compare(pywr_frame(res, tr), expected(OWN, name), True, outputs)


@pytest.mark.parametrize("name", NAMES)
def test_own_case_converted_gives_the_same_results(tmp_path: Path, name: str) -> None:
    """``arna convert`` writes the licence keys (min_volume, reset_to_initial_volume, initial_months …)."""
    tr = convert(OWN / "models" / f"{name}.json", tmp_path / f"{name}.yaml")
    frame = run(tmp_path / f"{name}.yaml").to_frame()
    storage = {n.name for n in tr.document.nodes if n.type in {"storage", "licence", "storage_group"}}
    keep = [(a == "volume") == (n in storage) and a in {"flow", "volume"}
            for n, a in zip(frame.node, frame.attribute, strict=True)]
    got = frame[keep].copy()
    got["scenario"] = got["scenario"].map(tr.labels)
    got["time"] = pd.to_datetime(got["time"]).dt.strftime("%Y-%m-%d")
    outputs = [n["name"] for n in tr.mapping["nodes"] if n["type"] == "sink"]
    compare(got[["time", "scenario", "node", "attribute", "value"]], expected(OWN, name), True, outputs)
