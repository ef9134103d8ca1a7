"""Every shared Pywr case reproduces Pywr's own results (abs 1e-6 + rel 1e-6 on every row).

For the cases whose LP optimum is not unique, what every optimum shares is compared:
the total delivered to all output nodes together in each timestep.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from arna.api import run
from arna.pywr.convert import convert
from arna.pywr.run import pywr_frame, run_pywr
from tests.pywr.conftest import CASES

MANIFEST = pd.read_csv(CASES / "MANIFEST.tsv", sep="\t") if (CASES / "MANIFEST.tsv").exists() else None
NAMES = [] if MANIFEST is None else list(MANIFEST["name"])
UNIQUE = {} if MANIFEST is None else dict(zip(MANIFEST["name"], MANIFEST["unique_optimum"] == "yes", strict=True))
KEY = ["time", "scenario", "node", "attribute"]


def expected(cases: Path, name: str) -> pd.DataFrame:
    exp = pd.read_csv(cases / "expected" / f"{name}.expected.csv", dtype={"scenario": str})
    exp["time"] = pd.to_datetime(exp["time"].astype(str)).dt.strftime("%Y-%m-%d")
    return exp


def compare(got: pd.DataFrame, exp: pd.DataFrame, unique: bool, outputs: list[str]) -> None:
    if unique:
        e, g = exp.copy(), got.copy()
        e["k"], g["k"] = e.groupby(KEY).cumcount(), g.groupby(KEY).cumcount()
        m = e.merge(g, on=[*KEY, "k"], how="left", suffixes=("_exp", "_got"))
        exp_v, got_v = m["value_exp"], m["value_got"]
    else:
        e = exp[exp.node.isin(outputs)].groupby(["time", "scenario"]).value.sum()
        g = got[got.node.isin(outputs)].groupby(["time", "scenario"]).value.sum()
        m = pd.concat([e.rename("value_exp"), g.rename("value_got")], axis=1).reset_index()
        exp_v, got_v = m["value_exp"], m["value_got"]
    bad = got_v.isna() | ~np.isclose(got_v, exp_v, atol=1e-6, rtol=1e-6)
    assert not bad.any(), f"{int(bad.sum())} of {len(m)} rows differ:\n{m[bad].head(8).to_string()}"


@pytest.mark.parametrize("name", NAMES)
def test_case_reproduces_pywr(cases_dir: Path, name: str) -> None:
    res, tr = run_pywr(cases_dir / "models" / f"{name}.json")
    assert res.balance_error <= 1e-9
    outputs = [n["name"] for n in tr.mapping["nodes"] if n["type"] == "sink"]
    got = pywr_frame(res, tr)
    assert list(got.columns) == ["time", "scenario", "node", "attribute", "value"]
    compare(got, expected(cases_dir, name), UNIQUE[name], outputs)


@pytest.mark.parametrize("name", NAMES)
def test_converted_document_gives_the_same_results(cases_dir: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name}.yaml"
    tr = convert(cases_dir / "models" / f"{name}.json", out)
    res = run(out)  # the converted document, run as an Arna model from disk
    frame = res.to_frame()
    storage = {n.name for n in tr.document.nodes if n.type in {"storage", "licence", "storage_group"}}
    wanted = frame[[(a == "volume") == (n in storage) and a in {"flow", "volume"}
                    for n, a in zip(frame.node, frame.attribute, strict=True)]].copy()
    wanted["scenario"] = wanted["scenario"].map(tr.labels)
    wanted["time"] = pd.to_datetime(wanted["time"]).dt.strftime("%Y-%m-%d")
    outputs = [n["name"] for n in tr.mapping["nodes"] if n["type"] == "sink"]
    columns = ["time", "scenario", "node", "attribute", "value"]
    compare(wanted[columns], expected(cases_dir, name), UNIQUE[name], outputs)
