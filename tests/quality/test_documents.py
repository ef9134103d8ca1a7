"""Bad quality input is rejected with the JSON path and what to do (exit code 2 from the CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from arna.cli.main import main
from arna.errors import DocumentError
from arna.schema import model_from_mapping
from tests.conftest import model, write

NODES = [
    {"name": "src", "type": "inflow", "flow": "10 m3/s"},
    {"name": "dam", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "50 hm3"},
    {"name": "town", "type": "demand", "demand": "1 m3/s"},
    {"name": "sea", "type": "terminal"},
]
EDGES = [["src", "dam"], ["dam", "town"], ["dam", "sea"]]


def _doc(nodes_quality: dict[str, Any], constituents: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return model([dict(n) for n in NODES], EDGES,
                 quality={"constituents": constituents or [{"name": "tds"}], "nodes": nodes_quality})


def _problems(doc: dict[str, Any]) -> str:
    with pytest.raises(DocumentError) as err:
        model_from_mapping(doc, "model.yaml")
    return str(err.value)


@pytest.mark.parametrize(("quality", "path", "needle"), [
    ({"src": {"concentration": {"tds": "-0.5 g/L"}}}, "quality.nodes.src.concentration.tds", "cannot be negative"),
    ({"src": {"concentration": {"tds": {"type": "monthly", "unit": "g/L", "values": [1] * 11 + [-1]}}}},
     "quality.nodes.src.concentration.tds", "cannot be negative"),
    ({"src": {"concentration": {"salt": "1 g/L"}}}, "quality.nodes.src.concentration.salt",
     "unknown constituent 'salt'; declared: tds"),
    ({"src": {"concentration": {"tds": 0.9}}}, "quality.nodes.src.concentration.tds", "needs its unit"),
    ({"src": {"concentration": {"tds": {"type": "monthly", "values": [1] * 12}}}},
     "quality.nodes.src.concentration.tds", "needs its unit"),
    ({"src": {"concentration": {"tds": "0.9 m3/s"}}}, "quality.nodes.src.concentration.tds", "g/L"),
    ({"nowhere": {"concentration": {"tds": "1 g/L"}}}, "quality.nodes.nowhere", "unknown node 'nowhere'"),
    ({"town": {"concentration": {"tds": "1 g/L"}}}, "quality.nodes.town.concentration", "a demand node has no"),
    ({"town": {"return_flow": {"tds": "3 g/L"}}}, "quality.nodes.town.return_flow", "has no return_to"),
    ({"dam": {"initial": {"tds": "1 g/L"}, "typo": 1}}, "quality.nodes.dam.typo", "unknown key"),
])
def test_bad_quality_is_rejected_with_its_path(quality: dict[str, Any], path: str, needle: str) -> None:
    text = _problems(_doc(quality))
    assert path in text and needle in text, text


def test_a_constituent_declared_twice() -> None:
    text = _problems(_doc({}, [{"name": "tds"}, {"name": "tds"}]))
    assert "quality.constituents[1].name" in text and "declared twice" in text


def test_a_negative_series_value_is_rejected_at_compile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tds.csv").write_text("date,tds\n2021-01-01,0.9\n2021-01-02,-0.1\n2021-01-03,0.9\n")
    doc = _doc({"src": {"concentration": {"tds": {"type": "series", "file": "tds.csv", "column": "tds",
                                                   "unit": "g/L"}}}})
    path = write(tmp_path, doc)
    code = main(["run", str(path), "--output", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "quality.nodes.src.concentration.tds" in err and "cannot be negative" in err
    assert not (tmp_path / "out.csv").exists()


def test_cli_rejects_a_concentration_without_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, _doc({"src": {"concentration": {"tds": 1}}}))
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and str(path) in err and "quality.nodes.src.concentration.tds" in err
